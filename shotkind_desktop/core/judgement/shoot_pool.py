"""A shoot's frames analysed on a pool of worker processes (frame_pipeline for each
frame): the workers' set-up, where they come from, and Ctrl+C while they start."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

import cv2

from shotkind_desktop.core.files.decode import WORKING_LONG_SIDE
from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.judgement.faces import FaceDetector, make_detector
from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.judgement.warm_up import warm_up
from shotkind_desktop.core.judgement.worker_guard import exit_with_parent
from shotkind_desktop.core.priority import lower_process_priority
from shotkind_desktop.core.records import FrameResult

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
