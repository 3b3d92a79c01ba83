"""Putting decisions on disk in an order a crash cannot split, without ever holding the
GUI for a catalog another program is using.

Order: the catalog first, every frame of a change in one transaction; then the frames'
sidecars; then, in the catalog, a print of what each sidecar now holds. A crash before
the commit loses the whole change, never half of it; a crash after it leaves sidecars
that are older than the catalog's decision and have no print, which DecisionKeeper
rewrites from the catalog on the next opening. Once the catalog has a change it is
saved: nothing that goes wrong with the sidecars or prints after that is raised.

When another program holds the catalog, or the disk holding it is full or refuses to
write it (turned read-only under the open shoot), a change waits here (the window shows
it at once and says why it is not saved yet) and a background thread tries again until
it is written, in the same order, the changes in the order they were made; an error
while retrying is kept in words for the window and tried again too, less often. A change
the catalog refuses at once for any other reason (a damaged catalog) is not kept but
raised: the window takes it back, so nothing writes it later behind the photographer's
back.

A frame renamed while it is open (rename) is a step in the same queue: a change waiting
under the old name is re-keyed to the new one at once (written as the old name after
the rename, it went to the next capture landing under that name), and the catalog's
rename is committed before any change made after it, then its `then` (moving the
sidecars) runs, never before the commit. A change a write had already taken when the
frame was renamed is committed under the old name and moved by the rename after it, but
no sidecar is written under a name renamed away: it stays waiting under the new name
and is written there once the catalog has the rename.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from typing import Callable

from shotkind_desktop.core.decisions.catalog import BACKGROUND_WAIT, Catalog, CatalogBusy
from shotkind_desktop.core.decisions.decisions import Decision
from shotkind_desktop.core.decisions.spare_catalog import SpareCatalog
from shotkind_desktop.core.plain_errors import plain

log = logging.getLogger(__name__)

GUI_WAIT = 0.2          # seconds a key press may wait for a busy catalog
RETRY_SECONDS = 0.5
MAX_RETRY_SECONDS = 5.0   # an error that may pass is tried again at most this far apart

WriteSidecars = Callable[[dict[str, Decision]], dict[str, str]]   # -> name: sidecar print


@dataclass(frozen=True)
class Rename:
    """Frame `old` is now `new`; `left`: the print of the sidecars left under `old`
    (Catalog.rename_frames); `then` runs once the catalog has committed it."""

    old: str
    new: str
    left: str
    then: Callable[[], None]


class DecisionWriter:
    """Writes changes catalog-then-sidecars; keeps those a busy or full catalog refused
    and retries them in a background thread."""

    def __init__(self, catalog: Catalog, write_sidecars: WriteSidecars, spare: SpareCatalog | None = None):
        """`spare`: where waiting changes are kept meanwhile, against a crash (spare_catalog)."""
        self.catalog = catalog
        self._write_sidecars = write_sidecars
        self.spare = spare
        self._waiting: dict[str, Decision] = {}
        self._renames: list[Rename] = []     # committed before the waiting changes
        self._renamed: set[str] = set()      # names renamed away since _flush took its batch
        self._lock = threading.Lock()        # guards _waiting, _made, _renames, _renamed and _retrying
        # when each change was made: the catalog and the spare both keep that time, so the
        # next opening's merge (the decision made last wins) never puts an older decision,
        # committed late, over a newer one kept in the spare
        self._made: dict[str, int] = {}
        self._spare_lock = threading.Lock()   # the spare's disk work, outside _lock: keys never wait on it
        self._flushing = threading.Lock()    # one writer at a time, so order is kept
        self._retrying = False
        self._closed = False                 # the catalog was closed under the retries
        self.held_up: CatalogBusy | None = None   # why the waiting changes wait: busy, full, refused
        self.failure: str | None = None      # the retries' last error, in words, until one succeeds

    def write(self, changes: dict[str, Decision]) -> bool:
        """True when the changes are on disk; False when they wait for the catalog. Any
        other refusal is raised, and those changes are dropped from the waiting ones."""
        made = time.time_ns()
        with self._lock:
            earlier = {name: self._waiting[name] for name in changes if name in self._waiting}
            self._waiting.update(changes)
            self._made.update(dict.fromkeys(changes, made))
        return self._write_now(changes, earlier)

    def rename(self, rename: Rename) -> bool:
        """Queue the rename (module docstring); True when it is committed."""
        with self._lock:
            if rename.old in self._waiting:
                self._waiting[rename.new] = self._waiting.pop(rename.old)
            if rename.old in self._made:
                self._made[rename.new] = self._made.pop(rename.old)
            self._renames.append(rename)
            self._renamed.add(rename.old)
        if self.spare is not None:
            with self._spare_lock:
                self.spare.rename(rename.old, rename.new)
        return self._write_now({}, {})

    def renamed_away(self) -> dict[str, str]:
        """Old name -> the print left under it, of renames the catalog has not committed yet."""
        with self._lock:
            return {rename.old: rename.left for rename in self._renames}

    def _write_now(self, changes: dict[str, Decision], earlier: dict[str, Decision]) -> bool:
        if self._flushing.acquire(blocking=False):
            try:
                if self._flush(GUI_WAIT):
                    return True
            except BaseException:           # refused before the commit: nothing of it is on disk
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
        elif self.held_up is not None:      # the retries hold the catalog's turn: kept meanwhile, at once
            self._keep_spare()
        self._retry()
        return False

    def waiting(self) -> set[str]:
        """Names of frames whose decision is not on disk yet."""
        with self._lock:
            return set(self._waiting) | {rename.new for rename in self._renames}

    def waiting_kept_spare(self) -> bool:
        """Whether every waiting change is in the spare catalog (it survives a crash or
        a close: the next opening takes it). Never while a rename waits: the spare keeps
        decisions, not the catalog's note of what a renamed frame left behind."""
        with self._lock:
            if self.spare is None or self._renames:
                return False
            waiting = dict(self._waiting)
        with self._spare_lock:
            return self.spare.holds(waiting)

    def _keep_spare(self) -> None:
        if self.spare is None:
            return
        with self._lock:
            waiting = dict(self._waiting)
            made = {name: self._made.get(name, 0) for name in waiting}
        with self._spare_lock:
            self.spare.keep(waiting, made)

    def finish(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for the waiting changes, and for a write under way
        to finish with its sidecars; True when none is left."""
        deadline = time.monotonic() + timeout
        while self.waiting() and time.monotonic() < deadline and not self._closed:
            time.sleep(0.05)
        if self._flushing.acquire(timeout=max(0.0, deadline - time.monotonic())):
            self._flushing.release()
        return not self.waiting()

    def _flush(self, wait: float) -> bool:
        with self._lock:
            renames, batch = list(self._renames), dict(self._waiting)
            # the times taken with the batch: a change made since has a later one
            made = {name: self._made.get(name, time.time_ns()) for name in batch}
            self._renamed.clear()
        if not (renames or batch):
            return True
        try:
            if renames:
                for rename in renames:      # in order: a name may be renamed away twice
                    self.catalog.rename_frames({rename.old: rename.new}, wait,
                                               {rename.old: rename.left} if rename.left else None)
                    with self._lock:
                        self._renames.remove(rename)
                    try:
                        rename.then()
                    except Exception as error:     # the catalog's note keeps the old sidecars from a newcomer
                        log.warning("sidecars of %s not moved to %s: %s", rename.old, rename.new, error)
            if batch:
                self.catalog.save_decisions(batch, wait, written_ns=made)
        except CatalogBusy as error:        # or CatalogFull, CatalogUnwritable: all may pass
            self.held_up = error
            self._keep_spare()
            return False
        self.held_up, self.failure = None, None
        with self._lock:        # in the catalog: saved, whatever the sidecars do now
            # renamed away meanwhile: its change waits under the new name, and a sidecar
            # written under the old one would be the next capture's there (D1)
            batch = {name: decision for name, decision in batch.items() if name not in self._renamed}
            for name, decision in batch.items():
                if self._waiting.get(name) == decision:
                    del self._waiting[name]
                    self._made.pop(name, None)
            all_saved = not self._waiting and not self._renames
        if self.spare is not None and all_saved:
            with self._spare_lock:
                self.spare.let_go()
        try:
            prints = self._write_sidecars(batch)
            self.catalog.save_sidecar_prints(prints, wait)
        except CatalogBusy:     # the sidecars agree with the catalog: rewritten at opening
            log.info("catalog busy: sidecar prints of %d frames not kept", len(batch))
        except Exception as error:      # the next opening rewrites them from the catalog
            log.warning("sidecars or their prints of %d frames not written: %s", len(batch), error)
        return True

    def _retry(self) -> None:
        with self._lock:
            if self._retrying:
                return
            self._retrying = True
        threading.Thread(target=self._keep_trying, name="decision writer", daemon=True).start()

    def _keep_trying(self) -> None:
        delay = RETRY_SECONDS
        while True:
            try:
                with self._flushing:
                    done = self._flush(BACKGROUND_WAIT)
            except sqlite3.ProgrammingError as error:     # the catalog was closed: stop
                log.error("decisions could not be written: %s", error)
                self.failure, self._closed, done = plain(error), True, False
            except (sqlite3.Error, OSError) as error:     # may pass, like a full disk: again
                log.warning("decisions not written yet: %s", error)
                self.failure, done = plain(error), False
            with self._lock:
                if (done and not self._waiting and not self._renames) or self._closed:
                    self._retrying = False
                    return
            if done:
                delay = RETRY_SECONDS
            else:
                time.sleep(delay)
                delay = min(2 * delay, MAX_RETRY_SECONDS)
