"""Analysing a shoot behind the window: worker processes (MTCNN's Python glue holds the
GIL, so threads would not scale), fed a few frames at a time from a queue the grid can
reorder, results saved to the catalog and handed to the GUI in batches."""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from shotkind_desktop.core.analysis import analyze_in_worker, start_worker
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.catalog import Catalog
from shotkind_desktop.core.decode import WORKING_LONG_SIDE
from shotkind_desktop.core.plain_errors import plain
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.work_queue import WorkQueue

log = logging.getLogger(__name__)
BATCH_SECONDS = 0.25      # results reach the grid (and the catalog) at most this often
WORKER_NICENESS = 5       # analysis yields to thumbnails and the window


class AnalysisRunner(QObject):
    """Runs the engine over the frames that have no cached result.

    Signals (delivered on the GUI thread):
        results_ready(dict): frame name -> FrameResult, a batch.
        progress(int done, int total)
        finished(): the current shoot's analysis ended (not sent after cancel()).
    """

    results_ready = Signal(dict)
    progress = Signal(int, int)
    finished = Signal()

    def __init__(self, jobs: int | None = None, detector: str = "mtcnn",
                 model: Path | None = None, parent=None) -> None:
        super().__init__(parent)
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.detector, self.model = detector, model
        self.working_size = WORKING_LONG_SIDE
        self._queue: WorkQueue[Frame] = WorkQueue()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def start(self, catalog: Catalog, frames: list[Frame]) -> None:
        self.cancel()
        if not frames:
            self.finished.emit()
            return
        self._stop = threading.Event()
        generation = self._queue.reset((frame.name, frame) for frame in frames)
        self._thread = threading.Thread(target=self._run, name="analysis", daemon=True,
                                        args=(catalog, len(frames), generation, self._stop))
        self._thread.start()

    def add(self, catalog: Catalog, frames: list[Frame]) -> None:
        """Analyse `frames` next: in the running analysis, or in a new one."""
        if self.is_running() and not self._stop.is_set():
            self._queue.add_first((frame.name, frame) for frame in frames)
        else:
            self.start(catalog, frames)

    def prioritise(self, names: list[str]) -> None:
        self._queue.prioritise(names)

    def cancel(self) -> None:
        """Stop at once: waiting frames are dropped, running ones are abandoned (their
        late results belong to an old generation and are not shown)."""
        self._stop.set()
        self._queue.clear()

    def wait(self, seconds: float | None = None) -> bool:
        """True when the analysis thread has ended (for tests and shutting down)."""
        if self._thread is not None:
            self._thread.join(seconds)
        return not self.is_running()

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self, catalog: Catalog, total: int, generation: int, stop: threading.Event) -> None:
        done = 0
        batch: dict[str, tuple[Frame, FrameResult]] = {}
        last_flush = time.monotonic()
        context = multiprocessing.get_context("spawn")   # forking after OpenCV starts hangs
        pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=start_worker,
                                   initargs=(self.detector, str(self.model) if self.model else None,
                                             1, WORKER_NICENESS, self.working_size))
        try:
            running: dict[Future, Frame] = {}
            while not stop.is_set():
                # two frames per worker in flight, so the queue's order stays in charge
                while len(running) < 2 * self.jobs and (job := self._queue.take()) is not None:
                    frame = job[2]
                    job = (str(frame.path), frame.name, str(frame.raw) if frame.raw else None)
                    running[pool.submit(analyze_in_worker, job)] = frame
                if not running:
                    break
                finished, _ = wait(running, timeout=0.1, return_when=FIRST_COMPLETED)
                for future in finished:
                    frame = running.pop(future)
                    batch[frame.name] = (frame, _result_of(future, frame))
                    done += 1
                if batch and (time.monotonic() - last_flush >= BATCH_SECONDS or not running):
                    self._flush(catalog, batch, generation, done, total)
                    batch, last_flush = {}, time.monotonic()
        except Exception:
            log.exception("analysis stopped")
        finally:
            pool.shutdown(wait=not stop.is_set(), cancel_futures=True)
        if batch:
            self._flush(catalog, batch, generation, done, total)
        if generation == self._queue.generation:
            self.finished.emit()

    def _flush(self, catalog: Catalog, batch: dict, generation: int, done: int, total: int) -> None:
        items = [(name, frame.identity, result) for name, (frame, result) in batch.items()
                 if frame.identity is not None]
        try:
            catalog.save_results(items)
        except Exception:
            log.exception("could not save analysis results to the catalog")
        if generation == self._queue.generation:
            self.results_ready.emit({name: result for name, (_, result) in batch.items()})
            self.progress.emit(done, total)


def _result_of(future: Future, frame: Frame) -> FrameResult:
    try:
        return future.result()
    except Exception as error:   # a worker that died (out of memory, a crash in a library)
        log.error("analysis of %s failed: %s", frame.path, error)
        return FrameResult(file=frame.name, error=f"analysis failed: {plain(error)}")
