"""Analysing a frame end to end (decode, faces, measures, judgement) and a whole shoot
on a pool of worker processes."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, fields, is_dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

import cv2

from shotkind_desktop.core.files.decode import WORKING_LONG_SIDE, DecodedFrame, FrameError, decode_for_analysis
from shotkind_desktop.core.priority import lower_process_priority
from shotkind_desktop.core.judgement.faces import FaceDetector, make_detector
from shotkind_desktop.core.judgement.measures import Measures, NoFaceMeasures, measure_frame
from shotkind_desktop.core.judgement.measures.finer import FinerPixels
from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.judgement.perception import Perception, perceive
from shotkind_desktop.core.plain_errors import plain
from shotkind_desktop.core.records import SUMMARY_MEASURES, FrameResult
from shotkind_desktop.core.judgement.scoring import Judgement, hand_at_face, judge
from shotkind_desktop.core.judgement.warm_up import warm_up
from shotkind_desktop.core.judgement.worker_guard import exit_with_parent


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
        measures, judgement = judge_perception(seen, finer_pixels(frame, seen))
    except Exception as error:     # one frame's failure must not end the shoot's analysis
        log.exception("analysing %s", path)
        result.error = f"analysis failed: {plain(error)}"
        return result
    result.faces = _face_records(seen, measures, 1 / frame.scale)
    result.measures = _measure_record(measures, judgement)
    result.kind = judgement.kind
    result.headshot_score = judgement.headshot_score
    result.portrait_score = judgement.portrait_score
    result.criteria = judgement.criteria
    result.reasons = judgement.reasons
    return result


def judge_perception(seen: Perception, finer: FinerPixels | None = None) -> tuple[Measures | NoFaceMeasures, Judgement]:
    """The measures and judgement of a perceived frame; `finer`: the frame's finer pixels
    (finer_pixels), where it has them."""
    measures = measure_frame(seen, finer)
    return measures, judge(measures)


def finer_pixels(frame: DecodedFrame, seen: Perception) -> FinerPixels | None:
    """Where the measures find the frame's pixels beyond its working picture; None
    when the working picture is all it holds."""
    if frame.detail is None:
        return None
    return FinerPixels(frame.detail, seen.offset, frame.scale, frame.width)


def _face_records(seen: Perception, m: Measures | NoFaceMeasures, factor: float) -> list[dict]:
    """Every face in full-resolution pixels; the main face's also with its measured turn
    (the crop guides lead its look with it), and where a sure mesh puts its eyes and hair."""
    dx, dy = seen.offset
    records = [{"box": [round(v * factor, 1) for v in (face.box[0] + dx, face.box[1] + dy, *face.box[2:])],
                "confidence": round(face.confidence, 4),
                "landmarks": [[round((px + dx) * factor, 1), round((py + dy) * factor, 1)]
                              for px, py in face.landmarks]}
               for face in seen.faces]
    if isinstance(m, Measures):
        main = records[seen.faces.index(seen.main)]
        main["yaw"] = m.facing.yaw
        if m.eye_centres is not None:
            main["eyes"] = [[round((x + dx) * factor, 1), round((y + dy) * factor, 1)] for x, y in m.eye_centres]
        if m.head_top is not None:
            main["head_top"] = round((m.head_top + dy) * factor, 1)
    return records


# Measures the record keeps in another form than their own: the pose as the summary's
# yaw, pitch, roll and away_from_lens, the hand and the eyes' focus as judged, the eyes'
# and hair's places on the main face's record. Every other measure is stored as it is,
# under its own name, so a new measure reaches the record without a change here.
_STORED_OTHERWISE = ("facing", "covered", "eye_focus", "eye_centres", "head_top")


def _measure_record(m: Measures | NoFaceMeasures, judgement: Judgement) -> dict:
    if isinstance(m, NoFaceMeasures):
        # the documented keys are always there; nothing of a person can be measured without a face
        return {**dict.fromkeys(SUMMARY_MEASURES), "people": 0, "look": m.look}
    sub, focus = judgement.subscores, judgement.eye_focus
    summary = {
        "face_fraction": round(m.framing.face_fraction, 3),
        "yaw": m.facing.yaw, "pitch": m.facing.pitch, "roll": m.facing.roll,
        "away_from_lens": round(m.facing.away, 1),      # degrees, turn and chin together
        "lighting_evenness": round(sub["lighting"].value, 3),
        "highlights_burnt_out": m.lighting.clipped,     # share of the face: past 25% overexposed
        "backdrop_plainness": round(sub["backdrop"].value, 3),
        "sharpness": round(sub["sharpness"].value, 3),
        "people": m.people,
        "eyes_open": round(min(m.eyes.left_open, m.eyes.right_open), 3),
        "gaze": m.eyes.gaze, "smile": m.expression.smile, "mouth_open": m.expression.mouth_open,
        "white_above_iris": m.expression.white_above_iris,    # over 0: eyes wide (surprise, fear)
        "covered": hand_at_face(m), "person_area": m.backdrop.person,
        # focus on the eyes (measures/eye_focus.py): the "sharpness" grade where they are open
        "eye_focus": focus.value, "eye_focus_state": focus.state,
        "eye_focus_sharpest": focus.sharpest, "eye_focus_read_at": focus.read_at,
        "subscores": {name: round(s.value, 3) for name, s in sub.items()},
        "subscore_reasons": {name: s.reason for name, s in sub.items()},
    }
    stored = {f.name: _plain(getattr(m, f.name)) for f in fields(m)
              if f.name not in _STORED_OTHERWISE and f.name not in summary}
    return {**summary, **stored}


def _plain(value):
    """A measure as JSON gives it back: a record as a dict (as its `as_record` says, where
    it has one), tuples as lists."""
    if hasattr(value, "as_record"):
        return value.as_record()
    if is_dataclass(value):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


# ---- a shoot on a pool -------------------------------------------------------------

_worker_detector: FaceDetector | None = None
_worker_working_size = WORKING_LONG_SIDE


def start_worker(detector_name: str, model: str | None, threads: int, nice: int = 0,
                 working_size: int = WORKING_LONG_SIDE, warm: bool = False,
                 environment: dict[str, str] | None = None) -> None:
    """Set up a worker process: its detector, OpenCV's thread count, the working size
    and, for analysis behind a GUI, a lower priority so thumbnails and the window come first;
    a worker also ends when its parent does (core.judgement.worker_guard). Only ever a pool's
    initializer: run in the calling process it would leave that process's OpenCV (the
    window's, for one frame exported from the app) single-threaded and its priority low.
    `warm`: ready for a frame someone waits for (a live session: core.judgement.warm_up).
    `environment`: that of the process that made the pool, for a fork server's worker
    (`worker_context`), which would otherwise have the server's from when it started."""
    global _worker_detector, _worker_working_size
    exit_with_parent()
    if environment is not None:
        os.environ.clear()
        os.environ.update(environment)
    _worker_working_size = working_size
    cv2.setNumThreads(threads)
    lower_process_priority(nice)
    _worker_detector = make_detector(detector_name, Path(model) if model else None)
    if warm:
        warm_up(_worker_detector, working_size)


def analyze_in_worker(job: tuple[str, str] | tuple[str, str, str | None]) -> FrameResult:
    """(path, name) or (path, name, raw) -> the frame's result, with the worker's detector."""
    return analyze_job(job, _worker_detector, _worker_working_size)


def analyze_job(job: tuple[str, str] | tuple[str, str, str | None], detector: FaceDetector,
                working_size: int = WORKING_LONG_SIDE) -> FrameResult:
    """(path, name) or (path, name, raw) -> the frame's result.
    A RAW+JPEG pair whose JPEG cannot be read (a card pulled mid-write truncates the JPEG
    more often than the RAW) is analysed on its RAW, and the reasons say so."""
    path, name, *rest = job
    result = analyze_frame(Path(path), detector, name, working_size)
    raw = rest[0] if rest else None
    if result.error is None or raw is None:
        return result
    fallback = analyze_frame(Path(raw), detector, name, working_size)
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
    never forked from the caller (`worker_context`).
    """
    jobs = max(1, jobs or os.cpu_count() or 1)
    frames = [p if isinstance(p, FrameFiles) else FrameFiles(p) for p in paths]
    work = [(str(f.path), f.path.relative_to(folder).as_posix(), str(f.raw) if f.raw else None)
            for f in frames]
    raws = [f.raw.relative_to(folder).as_posix() if f.raw else None for f in frames]
    if jobs == 1 or len(work) <= 1:
        # in this process, which may be the window's: nothing of it is configured
        detector = make_detector(detector_name, model)
        return _collect((analyze_job(job, detector) for job in work), raws, on_result)
    with ProcessPoolExecutor(jobs, mp_context=worker_context(),
                             initializer=partial(start_worker, environment=dict(os.environ)),
                             initargs=(detector_name, str(model) if model else None, 1)) as pool:
        with _workers_deaf_to_ctrl_c():
            mapped = pool.map(analyze_in_worker, work)     # the workers start here
        return _collect(mapped, raws, on_result)


def worker_context() -> multiprocessing.context.BaseContext:
    """Where a shoot's workers come from: forks of a fork server on Linux, else spawned
    processes. Never forks of the caller: a fork of a process whose
    OpenCV thread pool is running hangs. The fork server is a fresh process, started
    like a spawned worker (the first time inside the pool's deaf-to-Ctrl+C block, so its
    forks ignore Ctrl+C too), that imports OpenCV and NumPy once and stays for the
    caller's later pools; each worker forked from it has them already, and ends without
    tearing an interpreter down. Spawned workers each imported them again, beside one
    another and the caller, and took 0.1 s to exit: about 0.2 s of every `shotkind
    analyze` (benchmarks/README.md, Analysis). ShotKind's own modules are not preloaded:
    the server does not have the caller's sys.path (Python 3.11 ignores it), so it could
    import another copy; a fork imports them after taking the caller's path and folder
    (multiprocessing gives it both), and its environment in start_worker."""
    if not sys.platform.startswith("linux") or "forkserver" not in multiprocessing.get_all_start_methods():
        # macOS has a fork server too, but forking after its system libraries start
        # threads can crash the child (why Python spawns there by default): spawn
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["cv2"])
    return context


def _collect(stream: Iterator[FrameResult], raws: list[str | None], on_result) -> list[FrameResult]:
    """The results in order, each naming its RAW, counted to `on_result(done, total)`."""
    results: list[FrameResult] = []
    for result in stream:
        result.raw = raws[len(results)]
        results.append(result)
        if on_result:
            on_result(len(results), len(raws))
    return results
