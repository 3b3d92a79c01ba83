"""A thread-safe queue of frames to work on, in an order the GUI can change while the
workers run: what is on screen jumps the queue, and a new shoot empties it."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable, Generic, Hashable, Iterable, TypeVar

from shotkind_desktop.core.files.decode import FrameError
from shotkind_desktop.core.plain_errors import plain

Job = TypeVar("Job")
Done = TypeVar("Done")
log = logging.getLogger(__name__)


def work_outcome(work: Callable[[], Done], path: Path, failing: str) -> tuple[Done | None, str]:
    """What a worker thread made of one frame, and "" — or None and what to tell the
    photographer (`failing`: "cannot show this frame", logged with `path` when unforeseen)."""
    try:
        return work(), ""
    except FrameError as error:
        return None, str(error)
    except MemoryError:
        return None, "not enough memory to decode this image"
    except Exception as error:
        log.exception("%s: %s", failing, path)
        return None, f"{failing}: {plain(error)}"


def emit_unless_gone(signal, *args) -> bool:
    """Hand a worker's result to the GUI thread; False when its object was deleted (the
    window closed while the frame was worked on), and nobody waits for it any more."""
    try:
        signal.emit(*args)
    except RuntimeError:
        return False
    return True


class WorkQueue(Generic[Job]):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: OrderedDict[Hashable, Job] = OrderedDict()
        self.generation = 0   # bumps on reset so late results of an old shoot are dropped

    def reset(self, jobs: Iterable[tuple[Hashable, Job]]) -> int:
        with self._lock:
            self.generation += 1
            self._jobs = OrderedDict(jobs)
            return self.generation

    def clear(self) -> None:
        self.reset(())

    def add_first(self, jobs: Iterable[tuple[Hashable, Job]]) -> None:
        """Put `jobs` at the front (replacing waiting jobs with the same keys)."""
        with self._lock:
            for key, job in reversed(list(jobs)):
                self._jobs[key] = job
                self._jobs.move_to_end(key, last=False)

    def prioritise(self, keys: Iterable[Hashable]) -> None:
        """Move `keys` (still waiting) to the front, keeping their order."""
        with self._lock:
            for key in reversed(list(keys)):
                if key in self._jobs:
                    self._jobs.move_to_end(key, last=False)

    def first(self) -> Hashable | None:
        """The key of the job take() gives next, or None."""
        with self._lock:
            return next(iter(self._jobs), None)

    def keys(self) -> list[Hashable]:
        with self._lock:
            return list(self._jobs)

    def take(self) -> tuple[int, Hashable, Job] | None:
        """The next job with the generation it belongs to, or None when empty."""
        with self._lock:
            if not self._jobs:
                return None
            key, job = self._jobs.popitem(last=False)
            return self.generation, key, job

    def __len__(self) -> int:
        with self._lock:
            return len(self._jobs)
