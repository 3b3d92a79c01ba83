"""The one way ShotKind runs work off the GUI thread (CONVENTIONS: background work).

A `WorkPool` has a purpose and a size: the thumbnails' pool (one thread per core), the
interactive previews' pool (one thread: the frame under the cursor), the sitters' writer
(one thread: gestures in order), an export. Work is a plain function with its arguments;
what it returned, or what went wrong in words a photographer can read, reaches the GUI
thread through a `Mailbox` that hands over everything waiting at once (a batch), giving
the event loop back after about 50 ms of callbacks so the window keeps answering keys.

Cancelling drops the work still waiting and the late results of work under way. Work
that must stop early and still report (an export's Cancel) is handed a
threading.Event of its own: run_export takes one, and the CLI's Ctrl+C sets the same
kind. Waiting work is an ordered queue the GUI can reorder while the threads run (what
is on screen first).

Not here, and why: analysis runs in worker processes (MTCNN's Python glue holds the GIL;
analysis_runner.py), whose batches still come through a Mailbox; the live session's
folder watch blocks in an OS read (inotify) on a thread of its own (live_watcher.py)."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import OrderedDict, deque
from itertools import count
from typing import Callable, Hashable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal

from shotkind_desktop.core.files.decode import FrameError
from shotkind_desktop.core.plain_errors import plain
from shotkind_desktop.core.priority import lower_thread_priority

log = logging.getLogger(__name__)
BATCH_MS = 50          # callbacks run this long at most before the event loop gets a turn

Done = Callable[[object, str | None], None]   # done(result, None) or done(None, "what went wrong")


class Said(Exception):
    """Raised by background work whose failure is already in the photographer's words
    (a busy catalog, a roster that cannot be read): passed on as it is, not logged."""


def error_words(error: BaseException, failing: str = "") -> str:
    """What the photographer is told of `error` raised by background work: a FrameError
    or a Said says it itself; anything unforeseen is `failing: plain words` (and logged)."""
    if isinstance(error, (FrameError, Said)):
        return str(error)
    if isinstance(error, MemoryError):
        return "not enough memory to decode this image"
    return f"{failing}: {plain(error)}" if failing else plain(error)


class Mailbox(QObject):
    """Calls functions on the GUI thread for any thread: `post(callback, *args)`. What
    was posted while the GUI was busy is handed over together; once its owner (the
    QObject parent) is deleted, posts are dropped and `post` returns False.

    Signals: none public (`_wake` carries a post from a worker thread to the GUI thread)."""

    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._posts: deque[tuple[Callable, tuple]] = deque()
        self._lock = threading.Lock()
        self._wake.connect(self._deliver)

    def post(self, callback: Callable, *args) -> bool:
        with self._lock:
            wake = not self._posts
            self._posts.append((callback, args))
        if not wake:
            return True              # a delivery is on its way and takes this one too
        try:
            self._wake.emit()
        except RuntimeError:         # the mailbox was deleted with its owner: nobody listens
            return False
        return True

    def deliver_now(self) -> None:
        """Run what is waiting (GUI thread; tests and closing)."""
        self._deliver()

    def _deliver(self) -> None:
        started = time.monotonic()
        while True:
            with self._lock:
                if not self._posts:
                    return
                # taken before it runs: the error dialog's own event loop may deliver the
                # rest meanwhile, and must not run this one again
                callback, args = self._posts.popleft()
            try:
                callback(*args)
            except Exception:
                # a bug: shown as every unhandled one is (the app's excepthook logs it and
                # opens a dialog), and the callbacks after it still run
                sys.excepthook(*sys.exc_info())
            with self._lock:
                if not self._posts:
                    return
            if time.monotonic() - started > BATCH_MS / 1000:
                QTimer.singleShot(0, self, self._deliver)    # the rest after the window's turn
                return


class WorkPool(QObject):
    """Threads with one purpose, taking functions from an ordered queue.

    `threads`: how many run at once (1 keeps the order the work was given in).
    `niceness`: how much the threads yield to the GUI and other pools (core.priority: a nice
    value per thread on Linux, a thread priority on Windows; on macOS they run as they are).

    Signals: none; each piece of work names its own `done(result, error)` callback, run
    on the GUI thread (error: None, or what went wrong in plain words)."""

    def __init__(self, name: str, threads: int = 1, niceness: int = 0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name, self.threads, self.niceness = name, max(1, threads), niceness
        self.mailbox = Mailbox(self)
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._waiting: OrderedDict[Hashable, tuple[Callable, tuple, Done | None, str]] = OrderedDict()
        self._running = 0
        self._generation = 0
        self._held: Callable[[Hashable], bool] | None = None
        self._keys = count()

    # ---- giving work ------------------------------------------------------------------

    def submit(self, function: Callable, *args, done: Done | None = None, key: Hashable = None,
               first: bool = False, failing: str = "") -> None:
        """Run `function(*args)` on a thread of the pool; `done(result, error)` on the GUI
        thread after. `key`: names the work so it can be prioritised (work with the same
        key still waiting is replaced); `first`: ahead of the waiting work; `failing`:
        what the error text starts with when something unforeseen happens."""
        with self._lock:
            key = key if key is not None else ("work", next(self._keys))
            self._waiting.pop(key, None)
            self._waiting[key] = (function, args, done, failing)
            if first:
                self._waiting.move_to_end(key, last=False)
            start = self._running < self.threads
            if start:
                self._running += 1
        if start:
            threading.Thread(target=self._run, name=f"{self.name} worker", daemon=True).start()

    def prioritise(self, keys: Iterable[Hashable]) -> None:
        """Move the work named `keys` (still waiting) to the front, keeping their order."""
        with self._lock:
            for key in reversed(list(keys)):
                if key in self._waiting:
                    self._waiting.move_to_end(key, last=False)

    def hold(self, held: Callable[[Hashable], bool] | None) -> None:
        """Work whose key `held(key)` is True waits (None lets it all run again)."""
        with self._lock:
            self._held = held
            restart = held is None and self._waiting and self._running < self.threads
            starting = min(self.threads - self._running, len(self._waiting)) if restart else 0
            self._running += starting
        for _ in range(starting):
            threading.Thread(target=self._run, name=f"{self.name} worker", daemon=True).start()

    def drop_waiting(self) -> None:
        """Forget the work not started yet; what runs still delivers its result (the
        latest request wins, and a result on its way may be wanted again soon)."""
        with self._lock:
            self._waiting.clear()

    def cancel(self) -> None:
        """Forget the waiting work, and drop the results of the work under way (it runs
        to its end; nobody hears of it)."""
        with self._lock:
            self._waiting.clear()
            self._generation += 1

    # ---- looking -----------------------------------------------------------------------

    def waiting(self) -> list[Hashable]:
        with self._lock:
            return list(self._waiting)

    def is_busy(self) -> bool:
        with self._lock:
            return bool(self._waiting) or self._running > 0

    def wait(self, seconds: float | None = None) -> bool:
        """Until no work waits or runs (held work aside); True when so. The results are
        delivered after, on the GUI thread."""
        deadline = None if seconds is None else time.monotonic() + seconds
        with self._idle:
            while self._running:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._idle.wait(left)
        return True

    # ---- the threads -------------------------------------------------------------------

    def _take(self):
        with self._lock:
            for key, work in self._waiting.items():
                if self._held is None or not self._held(key):
                    del self._waiting[key]
                    return self._generation, key, work
            self._running -= 1          # nothing (runnable) left: this thread ends
            self._idle.notify_all()
            return None

    def _run(self) -> None:
        lower_thread_priority(self.niceness)
        while (taken := self._take()) is not None:
            generation, key, (function, args, done, failing) = taken
            try:
                result, error = function(*args), None
            except Exception as problem:
                if not isinstance(problem, (FrameError, Said, MemoryError)):
                    log.exception("%s failed in the %s pool", failing or "background work", self.name)
                result, error = None, error_words(problem, failing)
            if done is not None and not self.mailbox.post(self._done, done, generation, result, error):
                with self._lock:        # the pool's owner is gone: stop, nobody is listening
                    self._waiting.clear()
                    self._running -= 1
                    self._idle.notify_all()
                return

    def _done(self, done: Done, generation: int, result, error: str | None) -> None:
        if generation == self._generation:       # not cancelled since it was given
            done(result, error)
