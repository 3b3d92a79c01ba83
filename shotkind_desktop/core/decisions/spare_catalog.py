"""A second home for decisions the shoot's catalog refuses for now, so they survive a
crash or a close while they wait.

When another program holds the catalog, or its disk is full, turned read-only or lost
the catalog's folder, a decision waits in memory (decision_writer) and is written when
the catalog takes it again. Until then a crash, a power cut or "Close and Lose Them"
lost it. So each waiting decision is also written, at once, into a small catalog of
the shoot in ShotKind's data folder (catalog.spare_path), with the time it was made.
The next opening merges it into the shoot's catalog, per frame the decision made last
winning (catalog_merge), and the sidecars are written then. Once every waiting decision
is in the shoot's catalog, the spare this session made is deleted: the shoot's catalog
has all it held.
"""

from __future__ import annotations

import logging
from pathlib import Path

from shotkind_desktop.core.decisions.catalog import Catalog, spare_path
from shotkind_desktop.core.decisions.decisions import Decision

log = logging.getLogger(__name__)
SPARE_WAIT = 1.0      # seconds a write to the spare may wait (no other program uses it)


class SpareCatalog:
    """The spare catalog of the shoot in `folder`, written only while decisions wait."""

    def __init__(self, folder: Path) -> None:
        self.path = spare_path(Path(folder))
        self._made = False          # this session made it: deleted once it is not needed
        self.kept: dict[str, Decision] = {}     # what it holds of this session's decisions

    def keep(self, decisions: dict[str, Decision], made: dict[str, int]) -> bool:
        """Write `decisions` into the spare, each with the time it was made (`made`, ns);
        False when it cannot be written (the data folder's disk is full too): they wait
        in memory only, as before. Not thread-safe: its writer calls it under one lock."""
        fresh = {name: decision for name, decision in decisions.items() if self.kept.get(name) != decision}
        if not fresh:
            return True
        try:
            existed = self.path.exists()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            spare = Catalog(self.path)
            try:
                spare.save_decisions(fresh, SPARE_WAIT, written_ns={name: made[name] for name in fresh})
            finally:
                spare.close()
        except Exception as error:      # any failure leaves them waiting in memory, as before
            log.warning("waiting decisions not kept in %s: %s", self.path, error)
            return False
        self._made = self._made or not existed
        self.kept.update(fresh)
        log.info("%d waiting decisions kept in %s", len(fresh), self.path)
        return True

    def holds(self, decisions: dict[str, Decision]) -> bool:
        """Whether the spare holds every one of `decisions` (those waiting now)."""
        return all(self.kept.get(name) == decision for name, decision in decisions.items())

    def rename(self, old: str, new: str) -> None:
        """Frame `old` is `new` now: a decision kept under the old name would be the next
        picture's that lands there (tether software's temporary names), so it moves."""
        if old not in self.kept:
            return
        try:
            spare = Catalog(self.path)
            try:
                spare.rename_frames({old: new}, SPARE_WAIT)
            finally:
                spare.close()
        except Exception as error:
            log.warning("spare catalog %s: %s not renamed %s: %s", self.path, old, new, error)
            return
        self.kept[new] = self.kept.pop(old)

    def let_go(self) -> None:
        """Every waiting decision is in the shoot's catalog: the spare this session made
        goes (one that was there before is left to the next opening's merge)."""
        if self._made:
            for path in (self.path, self.path.with_name(self.path.name + "-journal")):
                try:
                    path.unlink(missing_ok=True)
                except OSError as error:
                    log.warning("spare catalog %s not deleted: %s", path, error)
            self._made = False
        self.kept.clear()
