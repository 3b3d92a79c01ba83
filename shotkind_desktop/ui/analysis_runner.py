"""Analysing a shoot behind the window: worker processes (MTCNN's Python glue holds the
GIL, so threads would not scale), fed a few frames at a time from a queue the grid can
reorder, results saved to the catalog and handed to the GUI in batches.

A live session (`keep_alive`) keeps the workers waiting when the queue is empty, since
starting them costs a second or two of CPU the next frame cannot wait for; gives each
worker one frame at a time and keeps one worker for urgent frames (a new frame), so one
never waits behind older frames being analysed; and hands an urgent frame's result over
as soon as it is there instead of with the next batch.

Processes, not background.WorkPool's threads; but the results reach the GUI thread the
same way, through a background.Mailbox, where a cancelled analysis's late batches are
dropped by generation."""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from shotkind_desktop.core.judgement.shoot_pool import analyze_in_worker, start_worker, worker_context
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.files.decode import WORKING_LONG_SIDE
from shotkind_desktop.core.plain_errors import plain
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.background import Mailbox
from shotkind_desktop.ui.work_queue import WorkQueue

log = logging.getLogger(__name__)
BATCH_SECONDS = 0.25      # results reach the grid (and the catalog) at most this often
WORKER_NICENESS = 5       # analysis yields to thumbnails and the window (not in a live
                          # session: the photographer waits for the verdict, and the tether
                          # software rendering the same frame must not come first)


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
        self.keep_alive = False       # a live session: workers wait for the next frame
        self._queue: WorkQueue[Frame] = WorkQueue()
        self.mailbox = Mailbox(self)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._work_added = threading.Event()
        self._urgent: set[str] = set()
        self._busy = False            # frames wait or are being analysed
        self._started: list[Future] = []    # a live session's workers, starting
        self._total = 0
        # whether the running analysis takes added frames: decided with the queue's last
        # look under one lock (a card copy's frames added while a run was shutting its
        # workers down were queued into it and never analysed)
        self._handing_over = threading.Lock()
        self._accepting = False

    def start(self, catalog: Catalog, frames: list[Frame]) -> None:
        self.cancel()
        if not frames and not self.keep_alive:
            self.finished.emit()
            return
        self._stop = threading.Event()
        self._busy, self._total = bool(frames), len(frames)
        generation = self._queue.reset((frame.name, frame) for frame in frames)
        self._accepting = True
        self._thread = threading.Thread(target=self._run, name="analysis", daemon=True,
                                        args=(catalog, generation, self._stop))
        self._thread.start()

    def add(self, catalog: Catalog, frames: list[Frame], urgent: bool = False) -> None:
        """Analyse `frames` next: in the running analysis, or in a new one. An urgent
        frame's result (a live session's newest) is handed over the moment it is there."""
        if urgent:
            self._urgent.update(frame.name for frame in frames)
        with self._handing_over:
            if self._accepting and not self._stop.is_set():
                self._total += len(frames)
                self._busy = True
                self._queue.add_first((frame.name, frame) for frame in frames)
                self._work_added.set()
                return
        self.start(catalog, frames)

    def set_keep_alive(self, on: bool) -> None:
        """A live session keeps the workers waiting for the next frame; after it they go
        once the frames waiting are done."""
        self.keep_alive = on
        self._work_added.set()

    def prioritise(self, names: list[str]) -> None:
        """Frames on screen next, after any urgent frame still waiting (a live session's
        newest is on screen too, among older frames the filmstrip shows around it)."""
        self._queue.prioritise(names)
        self._queue.prioritise(self._urgent.copy())      # a copy: the analysis thread takes from it

    def cancel(self) -> None:
        """Stop at once: waiting frames are dropped, running ones are abandoned (their
        late results belong to an old generation and are not shown)."""
        with self._handing_over:
            self._accepting = False
            self._stop.set()
        self._work_added.set()
        self._queue.clear()
        self._urgent.clear()

    def wait(self, seconds: float | None = None) -> bool:
        """True when no frame waits or is being analysed: the analysis thread has ended,
        or a live session's workers are idle (for tests and shutting down)."""
        if self._thread is not None and not self.keep_alive:
            self._thread.join(seconds)
        deadline = None if seconds is None else time.monotonic() + seconds
        while self.is_running() and (deadline is None or time.monotonic() < deadline):
            time.sleep(0.01)
        return not self.is_running()

    def is_running(self) -> bool:
        """True while frames wait for or are in analysis (a live session's idle workers
        do not count)."""
        alive = self._thread is not None and self._thread.is_alive()
        return alive and (self._busy or not self.keep_alive)

    def workers_ready(self) -> bool:
        """True while a live session's worker processes are up and ready."""
        alive = self._thread is not None and self._thread.is_alive() and not self._stop.is_set()
        return alive and bool(self._started) and all(future.done() for future in self._started)

    def _run(self, catalog: Catalog, generation: int, stop: threading.Event) -> None:
        done = 0
        batch: dict[str, tuple[Frame, FrameResult]] = {}
        last_flush = time.monotonic()
        # forks of a fork server, never of this process (forking after OpenCV starts hangs)
        pool = ProcessPoolExecutor(self.jobs, mp_context=worker_context(), initializer=start_worker,
                                   initargs=(self.detector, str(self.model) if self.model else None,
                                             1, 0 if self.keep_alive else WORKER_NICENESS,
                                             self.working_size, self.keep_alive, dict(os.environ)))
        try:
            if self.keep_alive:     # workers start when first given work: have them start now
                self._started = [pool.submit(os.getpid) for _ in range(self.jobs)]
            running: dict[Future, Frame] = {}
            while not stop.is_set():
                # two frames per worker in flight, so the queue's order stays in charge;
                # in a live session one each, and one worker kept for the next new frame
                # (older frames wait for it: the photographer waits for the new one)
                in_flight = self.jobs if self.keep_alive else 2 * self.jobs
                older = max(1, self.jobs - 1) if self.keep_alive else in_flight
                while len(running) < in_flight and (
                        self._queue.first() in self._urgent or len(running) < older) \
                        and (job := self._queue.take()) is not None:
                    frame = job[2]
                    job = (str(frame.path), frame.name, str(frame.raw) if frame.raw else None)
                    running[pool.submit(analyze_in_worker, job)] = frame
                if not running:
                    if not self.keep_alive:
                        with self._handing_over:    # frames added from now start a new run
                            if not len(self._queue):
                                self._accepting = False
                                break
                        continue
                    if self._busy and not len(self._queue):
                        self._busy, done, self._total = False, 0, 0
                        self.mailbox.post(self._finish, generation)
                    self._work_added.wait(0.5)
                    self._work_added.clear()
                    continue
                finished, _ = wait(running, timeout=0.02 if self.keep_alive else 0.1,
                                   return_when=FIRST_COMPLETED)   # live: a new frame is seen at once
                urgent = False
                for future in finished:
                    frame = running.pop(future)
                    batch[frame.name] = (frame, _result_of(future, frame))
                    urgent |= frame.name in self._urgent
                    self._urgent.discard(frame.name)
                    done += 1
                if batch and (urgent or time.monotonic() - last_flush >= BATCH_SECONDS or not running):
                    self._flush(catalog, batch, generation, done, max(done, self._total))
                    batch, last_flush = {}, time.monotonic()
        except Exception:
            log.exception("analysis stopped")
        finally:
            with self._handing_over:
                if generation == self._queue.generation:
                    self._accepting = False
            pool.shutdown(wait=not stop.is_set(), cancel_futures=True)
        if batch:
            self._flush(catalog, batch, generation, done, max(done, self._total))
        if generation == self._queue.generation:    # not a run started since, while this one shut down
            self._busy = False
        if not self.keep_alive:
            self.mailbox.post(self._finish, generation)

    def _flush(self, catalog: Catalog, batch: dict, generation: int, done: int, total: int) -> None:
        items = [(name, frame.identity, result) for name, (frame, result) in batch.items()
                 if frame.identity is not None]
        try:
            catalog.save_results(items)
        except Exception:
            log.exception("could not save analysis results to the catalog")
        results = {name: result for name, (_, result) in batch.items()}
        self.mailbox.post(self._hand_over, generation, results, done, total)

    def _hand_over(self, generation: int, results: dict, done: int, total: int) -> None:
        """On the GUI thread: a batch, unless the analysis it belongs to was cancelled."""
        if generation == self._queue.generation:
            self.results_ready.emit(results)
            self.progress.emit(done, total)

    def _finish(self, generation: int) -> None:
        if generation == self._queue.generation:
            self.finished.emit()


def _result_of(future: Future, frame: Frame) -> FrameResult:
    try:
        return future.result()
    except Exception as error:   # a worker that died (out of memory, a crash in a library)
        log.error("analysis of %s failed: %s", frame.path, error)
        return FrameResult(file=frame.name, error=f"analysis failed: {plain(error)}")
