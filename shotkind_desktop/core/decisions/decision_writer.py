"""Putting decisions on disk in an order a crash cannot split, without ever holding the
GUI for a catalog another program is using.

Order: the catalog first, every frame of a change in one transaction; then the frames'
sidecars; then, in the catalog, a print of what each sidecar now holds. A crash before
the commit loses the whole change, never half of it; a crash after it leaves sidecars
that are older than the catalog's decision and have no print, which DecisionKeeper
rewrites from the catalog on the next opening.

When another program holds the catalog, or the disk holding it is full, a change waits
here (the window shows it at once and says why it is not saved yet) and a background
thread tries again until it is written, in the same order, the changes in the order they
were made. A change that fails for any other reason is not kept: it is not on the
screen either, so nothing writes it later behind the photographer's back.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from typing import Callable

from shotkind_desktop.core.decisions.catalog import BACKGROUND_WAIT, Catalog, CatalogBusy
from shotkind_desktop.core.decisions.decisions import Decision
from shotkind_desktop.core.plain_errors import plain

log = logging.getLogger(__name__)

GUI_WAIT = 0.2          # seconds a key press may wait for a busy catalog
RETRY_SECONDS = 0.5

WriteSidecars = Callable[[dict[str, Decision]], dict[str, str]]   # -> name: sidecar print


class DecisionWriter:
    """Writes changes catalog-then-sidecars; keeps those a busy catalog refused and
    retries them in a background thread."""

    def __init__(self, catalog: Catalog, write_sidecars: WriteSidecars):
        self.catalog = catalog
        self._write_sidecars = write_sidecars
        self._waiting: dict[str, Decision] = {}
        self._lock = threading.Lock()        # guards _waiting and _retrying
        self._flushing = threading.Lock()    # one writer at a time, so order is kept
        self._retrying = False
        self.failure: str | None = None      # why background writing stopped
        self.held_up: CatalogBusy | None = None   # why the waiting changes wait

    def write(self, changes: dict[str, Decision]) -> bool:
        """True when the changes are on disk; False when they wait for the catalog. Any
        other failure is raised, and those changes are dropped from the waiting ones."""
        with self._lock:
            earlier = {name: self._waiting[name] for name in changes if name in self._waiting}
            self._waiting.update(changes)
        if self._flushing.acquire(blocking=False):
            try:
                if self._flush(GUI_WAIT):
                    return True
            except BaseException:
                with self._lock:
                    for name, decision in changes.items():
                        if self._waiting.get(name) == decision:
                            if name in earlier:
                                self._waiting[name] = earlier[name]
                            else:
                                del self._waiting[name]
                raise
            finally:
                self._flushing.release()
        self._retry()
        return False

    def waiting(self) -> set[str]:
        """Names of frames whose decision is not on disk yet."""
        with self._lock:
            return set(self._waiting)

    def finish(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for waiting changes; True when none is left."""
        deadline = time.monotonic() + timeout
        while self.waiting() and time.monotonic() < deadline and self.failure is None:
            time.sleep(0.05)
        return not self.waiting()

    def _flush(self, wait: float) -> bool:
        with self._lock:
            batch = dict(self._waiting)
        if not batch:
            return True
        try:
            self.catalog.save_decisions(batch, wait)
        except CatalogBusy as error:        # or CatalogFull: both pass
            self.held_up = error
            return False
        self.held_up = None
        prints = self._write_sidecars(batch)
        with self._lock:
            for name, decision in batch.items():
                if self._waiting.get(name) == decision:
                    del self._waiting[name]
        try:
            self.catalog.save_sidecar_prints(prints, wait)
        except CatalogBusy:     # the sidecars agree with the catalog: rewritten at opening
            log.info("catalog busy: sidecar prints of %d frames not kept", len(prints))
        return True

    def _retry(self) -> None:
        with self._lock:
            if self._retrying:
                return
            self._retrying = True
        threading.Thread(target=self._keep_trying, name="decision writer", daemon=True).start()

    def _keep_trying(self) -> None:
        while True:
            try:
                with self._flushing:
                    done = self._flush(BACKGROUND_WAIT)
            except (sqlite3.Error, OSError) as error:    # the catalog was closed or broke
                log.error("decisions could not be written: %s", error)
                self.failure = plain(error)
                done = False
            with self._lock:
                if (done and not self._waiting) or self.failure is not None:
                    self._retrying = False
                    return
            if not done:
                time.sleep(RETRY_SECONDS)
