"""A thread-safe queue of frames to analyse, in an order the GUI can change while the
analysis runs: what is on screen jumps the queue, and a new shoot empties it. (Thread
work has its ordered queue inside background.WorkPool; this one feeds processes.)"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, Hashable, Iterable, TypeVar

Job = TypeVar("Job")


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
