"""Decisions made on a locked card come with the card's copy.

A shoot on a write-protected card keeps its catalog in the data folder, found again by
the card's path (catalog.fallback_path), and writes no sidecars. Culling on the card,
then copying it to the computer, left every decision behind: the copy has another path
(a tester's pick and 5 stars, and his reject, were gone). So a shoot opened with no
decisions of its own looks for a data-folder catalog of another path whose decided
frames are all here, each file the same size and modification time to the nanosecond
(a card copy keeps both), and takes its decisions, crops, client rounds and sitters.
That catalog stays where it is: the card may be opened again.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Mapping

from shotkind_desktop.core.decisions.catalog import Catalog, fallback_path
from shotkind_desktop.core.decisions.catalog_merge import merge_stray_catalog

log = logging.getLogger(__name__)

Identity = tuple[int, int]      # (size, mtime_ns) of a frame's picture file


def take_card_decisions(catalog: Catalog, folder: Path, present: Mapping[str, Identity | None]) -> int:
    """Into a `catalog` without decisions, the decisions of the card `folder` is a copy
    of (`present`: its frame names and their files' identities); how many were taken."""
    if catalog.read_only is not None or catalog.decisions():
        return 0
    own = fallback_path(folder)
    for candidate in sorted(own.parent.glob("*.sqlite")):
        if candidate == own or candidate == catalog.path:
            continue
        if _is_copied_from(candidate, present):
            taken = merge_stray_catalog(catalog, candidate, set_aside=False)
            if taken:
                log.info("a copy of a card: %d decisions taken from %s", taken, candidate)
                return taken
    return 0


def _is_copied_from(candidate: Path, present: Mapping[str, Identity | None]) -> bool:
    """Every frame decided in `candidate` is here, and each whose file it knows is the
    same file (size and time); at least one is known."""
    try:
        other = Catalog(candidate, read_only="looking for the card a copy came from")
    except (OSError, sqlite3.Error):
        return False
    try:
        decided = other.decisions()
        kept = other.kept_names()
    finally:
        other.close()
    if not decided or any(name not in present for name in decided):
        return False
    known = [name for name in decided if kept.get(name) is not None]
    return bool(known) and all(kept[name] == present[name] for name in known)
