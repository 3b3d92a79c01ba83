"""Analysing a frame end to end (decode, faces, measures, judgement) and a whole shoot
on a pool of worker processes."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterator

import cv2

from shotkind_desktop.core.decode import WORKING_LONG_SIDE, FrameError, decode_for_analysis
from shotkind_desktop.core.faces import Face, FaceDetector, make_detector
from shotkind_desktop.core.measures import Measures, measure_frame
from shotkind_desktop.core.measures.backdrop import measure_backdrop
from shotkind_desktop.core.measures.lighting import measure_frame_light
from shotkind_desktop.core.measures.look import look_record
from shotkind_desktop.core.pairing import FrameFiles
from shotkind_desktop.core.perception import Perception, perceive
from shotkind_desktop.core.records import SUMMARY_MEASURES, FrameResult
from shotkind_desktop.core.scoring import Judgement, judge, no_person
from shotkind_desktop.core.worker_guard import exit_with_parent


log = logging.getLogger(__name__)

# A face needs about 10 pixels to be found at all, and a subject's face is at least a
# tenth of the frame: a picture smaller than this is an icon, not a frame to judge.
SMALLEST_FRAME = 64


def analyze_frame(path: Path, detector: FaceDetector, name: str | None = None,
                  working_size: int = WORKING_LONG_SIDE) -> FrameResult:
    """Everything ShotKind says about one frame; a bad file gives its error, never raises.
    `working_size` is the long side it is analysed at (a preference; measures are
    relative to the face, so scores hold from about 1,000 to 2,400 pixels)."""
    result = FrameResult(file=name or path.name)
    try:
        frame = decode_for_analysis(path, working_size)
    except FrameError as error:
        result.error = str(error)
        return result
    except MemoryError:
        result.error = "not enough memory to decode this image"
        return result
    result.width, result.height = frame.width, frame.height
    if frame.capture.capture_time is not None:
        result.captured = frame.capture.capture_time.isoformat()
    if max(frame.width, frame.height) < SMALLEST_FRAME:
        result.error = f"too small to judge: {frame.width} × {frame.height} pixels"
        return result
    try:
        seen = perceive(frame.image, detector)
        measures, judgement = judge_perception(seen)
    except Exception as error:     # one frame's failure must not end the shoot's analysis
        log.exception("analysing %s", path)
        result.error = f"analysis failed: {error}"
        return result
    result.faces = [_face_record(face, seen.offset, 1 / frame.scale) for face in seen.faces]
    if measures is not None:      # crop guides lead the main face's look with its measured turn
        result.faces[seen.faces.index(seen.main)]["yaw"] = measures.facing.yaw
    result.measures = _measure_record(measures, judgement)
    result.measures["look"] = look_record(seen.small)     # for similar-frame groups (core.groups)
    result.kind = judgement.kind
    result.headshot_score = judgement.headshot_score
    result.portrait_score = judgement.portrait_score
    result.criteria = judgement.criteria
    result.reasons = judgement.reasons
    return result


def judge_perception(seen: Perception) -> tuple[Measures | None, Judgement]:
    """The measures and judgement of a perceived frame (no measures without a person)."""
    if seen.main is None:
        dark, contrast = measure_frame_light(seen.luma)
        return None, no_person(measure_backdrop(seen.small, None), dark, contrast)
    measures = measure_frame(seen)
    return measures, judge(measures)


def _face_record(face: Face, offset: tuple[float, float], factor: float) -> dict:
    x, y, w, h = face.box
    dx, dy = offset
    return {"box": [round(v * factor, 1) for v in (x + dx, y + dy, w, h)],
            "confidence": round(face.confidence, 4),
            "landmarks": [[round((px + dx) * factor, 1), round((py + dy) * factor, 1)]
                          for px, py in face.landmarks]}


def _measure_record(m: Measures | None, judgement: Judgement) -> dict:
    if m is None:
        # the documented keys are always there; nothing can be measured without a face
        return {**dict.fromkeys(SUMMARY_MEASURES), "people": 0}
    sub = judgement.subscores
    record = {
        "face_fraction": round(m.framing.face_fraction, 3),
        "yaw": m.facing.yaw, "pitch": m.facing.pitch, "roll": m.facing.roll,
        "lighting_evenness": round(sub["lighting"].value, 3),
        "backdrop_plainness": round(sub["backdrop"].value, 3),
        "sharpness": round(sub["sharpness"].value, 3),
        "people": m.people,
        "eyes_open": round(min(m.eyes.left_open, m.eyes.right_open), 3),
        "gaze": m.eyes.gaze, "smile": m.expression.smile, "mouth_open": m.expression.mouth_open,
        "covered": m.covered, "person_area": m.backdrop.person,
        "subscores": {name: round(s.value, 3) for name, s in sub.items()},
        "subscore_reasons": {name: s.reason for name, s in sub.items()},
        "framing": {k: round(v, 3) for k, v in asdict(m.framing).items()},
        "lighting": asdict(m.lighting), "backdrop": asdict(m.backdrop),
        "eyes": asdict(m.eyes), "expression": asdict(m.expression), "focus": m.sharpness,
        "appearance": {k: list(v) if isinstance(v, tuple) else v   # as JSON gives them back
                       for k, v in asdict(m.appearance).items()},
    }
    return record


# ---- a shoot on a pool -------------------------------------------------------------

_worker_detector: FaceDetector | None = None
_worker_working_size = WORKING_LONG_SIDE


def start_worker(detector_name: str, model: str | None, threads: int, nice: int = 0,
                 working_size: int = WORKING_LONG_SIDE) -> None:
    """Set up a worker process: its detector, OpenCV's thread count, the working size
    and, for analysis behind a GUI, a lower priority so thumbnails and the window come first;
    a spawned worker also ends when its parent does (core.worker_guard)."""
    global _worker_detector, _worker_working_size
    exit_with_parent()
    _worker_working_size = working_size
    cv2.setNumThreads(threads)
    if nice and hasattr(os, "nice"):
        os.nice(nice)
    _worker_detector = make_detector(detector_name, Path(model) if model else None)


def analyze_in_worker(job: tuple[str, str] | tuple[str, str, str | None]) -> FrameResult:
    """(path, name) or (path, name, raw) -> the frame's result, with the worker's detector.
    A RAW+JPEG pair whose JPEG cannot be read (a card pulled mid-write truncates the JPEG
    more often than the RAW) is analysed on its RAW, and the reasons say so."""
    path, name, *rest = job
    result = analyze_frame(Path(path), _worker_detector, name, _worker_working_size)
    raw = rest[0] if rest else None
    if result.error is None or raw is None:
        return result
    fallback = analyze_frame(Path(raw), _worker_detector, name, _worker_working_size)
    if fallback.error is not None:
        return result
    fallback.reasons.insert(0, f"analysed on the RAW: the JPEG could not be read ({result.error})")
    return fallback


@contextmanager
def _workers_deaf_to_ctrl_c() -> Iterator[None]:
    """Workers started inside this block ignore Ctrl+C from their first instruction (an
    ignored signal stays ignored across exec, and Python then installs no handler), so a
    Ctrl+C while they start up cannot print their tracebacks: the command that started
    them handles it, once. Only the main thread can change signal handling."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def analyze_shoot(folder: Path, paths: list[Path | FrameFiles], detector_name: str = "yunet",
                  model: Path | None = None, jobs: int | None = None,
                  on_result: Callable[[int, int], None] | None = None) -> list[FrameResult]:
    """Results in the order of `paths`; `on_result(done, total)` after each frame. A
    RAW+JPEG pair (pairing.FrameFiles) is analysed once, on its JPEG, and its result
    names both files.

    Processes, not threads: the measures' and the detectors' Python code holds the GIL. Each worker runs OpenCV
    single-threaded so N workers use N cores without oversubscribing them. Workers are
    spawned, not forked: a fork of a process whose OpenCV thread pool is running hangs.
    """
    jobs = max(1, jobs or os.cpu_count() or 1)
    frames = [p if isinstance(p, FrameFiles) else FrameFiles(p) for p in paths]
    work = [(str(f.path), f.path.relative_to(folder).as_posix(), str(f.raw) if f.raw else None)
            for f in frames]
    raws = [f.raw.relative_to(folder).as_posix() if f.raw else None for f in frames]
    results: list[FrameResult] = []
    if jobs == 1 or len(work) <= 1:
        start_worker(detector_name, str(model) if model else None, 0)
        stream: Iterator[FrameResult] = map(analyze_in_worker, work)
        for result in stream:
            result.raw = raws[len(results)]
            results.append(result)
            if on_result:
                on_result(len(results), len(work))
        return results
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=start_worker,
                             initargs=(detector_name, str(model) if model else None, 1)) as pool:
        with _workers_deaf_to_ctrl_c():
            mapped = pool.map(analyze_in_worker, work)     # the workers start here
        for result in mapped:
            result.raw = raws[len(results)]
            results.append(result)
            if on_result:
                on_result(len(results), len(work))
    return results
