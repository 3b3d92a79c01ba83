"""Analysing a frame end to end (decode, faces, measures, judgement) and a whole shoot
on a pool of worker processes."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import cv2

from shotkind_desktop.core.decode import WORKING_LONG_SIDE, DecodedFrame, FrameError, decode_for_analysis
from shotkind_desktop.core.faces import Face, FaceDetector, find_faces, main_face, make_detector
from shotkind_desktop.core.measures import Measures, measure_frame
from shotkind_desktop.core.measures.backdrop import measure_backdrop
from shotkind_desktop.core.measures.bars import without_bars
from shotkind_desktop.core.measures.lighting import measure_frame_light
from shotkind_desktop.core.measures.regions import luma
from shotkind_desktop.core.pairing import FrameFiles
from shotkind_desktop.core.scoring import TABLE, Judgement, judge, no_person


# Raised whenever a change to the engine moves results: a catalog's results from another
# engine are analysed again when the shoot is next opened (decisions are never touched).
# 2: the lean MTCNN search, letterbox bars, closeup backdrops (2026-11).
# 3: a closeup is a face that fills the frame (framing.face_area), not a frame cut near the chin.
ENGINE_VERSION = 3

# The measures every analysed frame reports (the report's documented keys).
SUMMARY_MEASURES = ("face_fraction", "yaw", "pitch", "roll", "lighting_evenness",
                    "backdrop_plainness", "sharpness", "people")


@dataclass
class FrameResult:
    file: str
    width: int | None = None
    height: int | None = None
    kind: str | None = None
    headshot_score: float | None = None
    portrait_score: float | None = None
    faces: list[dict] = field(default_factory=list)
    measures: dict = field(default_factory=dict)
    criteria: dict = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    error: str | None = None
    raw: str | None = None      # the RAW of a RAW+JPEG pair; `file` is its JPEG, analysed


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
    faces = find_faces(detector, frame.image)
    result.faces = [_face_record(face.scaled(1 / frame.scale)) for face in faces]
    _judge(frame, faces, result)
    return result


def measure_people(image, faces: list[Face]) -> Measures | None:
    """The measures around the main face, with every face big enough to be a subject;
    None when there is no person."""
    main = main_face(faces, image.shape[1], image.shape[0])
    if main is None:
        return None
    subjects = [f for f in faces if f.height >= TABLE["subject_face_ratio"] * main.height]
    return measure_frame(image, main, subjects)


def judge_frame(image, faces: list[Face]) -> tuple[Measures | None, Judgement]:
    """The judgement of a frame: scored around its main face, or described without one.
    Letterbox or pillarbox bars are cut off first."""
    image, faces = without_bars(image, faces)
    measures = measure_people(image, faces)
    if measures is not None:
        return measures, judge(measures)
    dark, contrast = measure_frame_light(luma(image))
    return None, no_person(measure_backdrop(image, []), dark, contrast)


def _judge(frame: DecodedFrame, faces: list[Face], result: FrameResult) -> None:
    measures, judgement = judge_frame(frame.image, faces)
    if measures is None:
        # the documented keys are always there; nothing can be measured without a face
        result.measures = {**dict.fromkeys(SUMMARY_MEASURES), "people": 0}
    else:
        result.measures = _measure_record(measures, judgement)
    result.kind = judgement.kind
    result.headshot_score = judgement.headshot_score
    result.portrait_score = judgement.portrait_score
    result.criteria = judgement.criteria
    result.reasons = judgement.reasons


def _face_record(face: Face) -> dict:
    return {"box": [round(v, 1) for v in face.box], "confidence": round(face.confidence, 4),
            "landmarks": [[round(x, 1), round(y, 1)] for x, y in face.landmarks]}


def _measure_record(m: Measures, judgement) -> dict:
    sub = judgement.subscores
    record = {
        "face_fraction": round(m.framing.face_fraction, 3),
        "yaw": m.facing.yaw, "pitch": m.facing.pitch, "roll": m.facing.roll,
        "lighting_evenness": round(sub["lighting"].value, 3),
        "backdrop_plainness": round(sub["backdrop"].value, 3),
        "sharpness": round(sub["sharpness"].value, 3),
        "people": m.people,
        "subscores": {name: round(s.value, 3) for name, s in sub.items()},
        "subscore_reasons": {name: s.reason for name, s in sub.items()},
        "framing": asdict(m.framing), "lighting": asdict(m.lighting),
        "backdrop": asdict(m.backdrop), "focus": m.sharpness,
    }
    record["framing"] = {k: round(v, 3) for k, v in record["framing"].items()}
    return record


# ---- a shoot on a pool -------------------------------------------------------------

_worker_detector: FaceDetector | None = None
_worker_working_size = WORKING_LONG_SIDE


def start_worker(detector_name: str, model: str | None, threads: int, nice: int = 0,
                 working_size: int = WORKING_LONG_SIDE) -> None:
    """Set up a worker process: its detector, OpenCV's thread count, the working size
    and, for analysis behind a GUI, a lower priority so thumbnails and the window come first."""
    global _worker_detector, _worker_working_size
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


def analyze_shoot(folder: Path, paths: list[Path | FrameFiles], detector_name: str = "mtcnn",
                  model: Path | None = None, jobs: int | None = None,
                  on_result: Callable[[int, int], None] | None = None) -> list[FrameResult]:
    """Results in the order of `paths`; `on_result(done, total)` after each frame. A
    RAW+JPEG pair (pairing.FrameFiles) is analysed once, on its JPEG, and its result
    names both files.

    Processes, not threads: MTCNN's Python glue holds the GIL. Each worker runs OpenCV
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
        for result in pool.map(analyze_in_worker, work):
            result.raw = raws[len(results)]
            results.append(result)
            if on_result:
                on_result(len(results), len(work))
    return results
