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
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

import cv2

from shotkind_desktop.core.files.decode import WORKING_LONG_SIDE, DecodedFrame, FrameError, decode_for_analysis
from shotkind_desktop.core.priority import lower_process_priority
from shotkind_desktop.core.judgement.face_record import Face
from shotkind_desktop.core.judgement.faces import FaceDetector, make_detector
from shotkind_desktop.core.judgement.measures import Measures, measure_frame
from shotkind_desktop.core.judgement.measures.backdrop import measure_backdrop
from shotkind_desktop.core.judgement.measures.finer import FinerPixels
from shotkind_desktop.core.judgement.measures.lighting import measure_frame_light
from shotkind_desktop.core.judgement.measures.look import look_record
from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.judgement.perception import Perception, perceive
from shotkind_desktop.core.judgement.perception.mesh import MESH_SURE, FaceMesh
from shotkind_desktop.core.judgement.perception.mesh_points import FOREHEAD, LEFT_EYE, RIGHT_EYE
from shotkind_desktop.core.plain_errors import plain
from shotkind_desktop.core.records import SUMMARY_MEASURES, FrameResult
from shotkind_desktop.core.judgement.scoring import Judgement, hand_at_face, judge, no_person
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
        finer = finer_pixels(frame, seen)
        measures, judgement = judge_perception(seen, finer)
    except Exception as error:     # one frame's failure must not end the shoot's analysis
        log.exception("analysing %s", path)
        result.error = f"analysis failed: {plain(error)}"
        return result
    result.faces = [_face_record(face, seen.offset, 1 / frame.scale) for face in seen.faces]
    if measures is not None:      # crop guides lead the main face's look with its measured turn
        main = result.faces[seen.faces.index(seen.main)]
        main["yaw"] = measures.facing.yaw
        if seen.mesh.presence >= MESH_SURE:
            main["eyes"] = _eye_centres(seen.mesh, seen.offset, 1 / frame.scale)
            hair = measures.appearance.hair_height     # where the crop guides leave room above
            if hair is not None:
                top = seen.mesh.points[FOREHEAD, 1] - hair * seen.mesh.oval_box[3]
                main["head_top"] = round((float(top) + seen.offset[1]) / frame.scale, 1)
    result.measures = _measure_record(measures, judgement)
    result.measures["look"] = look_record(seen.small)     # for similar-frame groups (core.people.groups)
    result.kind = judgement.kind
    result.headshot_score = judgement.headshot_score
    result.portrait_score = judgement.portrait_score
    result.criteria = judgement.criteria
    result.reasons = judgement.reasons
    return result


def judge_perception(seen: Perception, finer: FinerPixels | None = None) -> tuple[Measures | None, Judgement]:
    """The measures and judgement of a perceived frame (no measures without a person);
    `finer`: the frame's finer pixels (finer_pixels), where it has them."""
    if seen.main is None:
        dark, contrast = measure_frame_light(seen.luma)
        return None, no_person(measure_backdrop(seen.small, None), dark, contrast)
    measures = measure_frame(seen, finer)
    return measures, judge(measures)


def finer_pixels(frame: DecodedFrame, seen: Perception) -> FinerPixels | None:
    """Where the measures find the frame's pixels beyond its working picture; None
    when the working picture is all it holds."""
    if frame.detail is None:
        return None
    return FinerPixels(frame.detail, seen.offset, frame.scale, frame.width)


def _face_record(face: Face, offset: tuple[float, float], factor: float) -> dict:
    x, y, w, h = face.box
    dx, dy = offset
    return {"box": [round(v * factor, 1) for v in (x + dx, y + dy, w, h)],
            "confidence": round(face.confidence, 4),
            "landmarks": [[round((px + dx) * factor, 1), round((py + dy) * factor, 1)]
                          for px, py in face.landmarks]}


def _eye_centres(mesh: FaceMesh, offset: tuple[float, float], factor: float) -> list[list[float]]:
    """The main face's eyes, each midway between its corners on the mesh, in full-resolution
    pixels, the person's right eye (on the image's left) first, as the landmarks are: where
    the close-ups and the loupe's Z look. The detector's five points miss the eyes of a
    face filling a 24-megapixel frame by 30-170 pixels, a close-up tile's width."""
    points = mesh.points[:, :2]
    dx, dy = offset
    return [[round((float(points[a, 0] + points[b, 0]) / 2 + dx) * factor, 1),
             round((float(points[a, 1] + points[b, 1]) / 2 + dy) * factor, 1)]
            for a, b in (RIGHT_EYE[:2], LEFT_EYE[:2])]


def _measure_record(m: Measures | None, judgement: Judgement) -> dict:
    if m is None:
        # the documented keys are always there; nothing can be measured without a face
        return {**dict.fromkeys(SUMMARY_MEASURES), "people": 0}
    sub, focus = judgement.subscores, judgement.eye_focus
    record = {
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
