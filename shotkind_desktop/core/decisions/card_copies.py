"""Decisions made on a locked card come with the card's copy.

A shoot on a write-protected card keeps its catalog in the data folder, found again by
the card's path (catalog.fallback_path), and writes no sidecars. Culling on the card,
then copying it to the computer, left every decision behind: the copy has another path
(a tester's pick and 5 stars, and his reject, were gone). So a shoot opened with no
decisions of its own looks for a data-folder catalog of another path whose decided
frames are all here, each file the same size and modification time to the nanosecond
its analysis was cached for (a card copy keeps both), and takes its decisions, crops,
client rounds and sitters.
That catalog stays where it is: the card may be opened again.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Mapping

from shotkind_desktop.core.decisions.catalog import Catalog, FileIdentity, fallback_path
from shotkind_desktop.core.decisions.catalog_merge import merge_stray_catalog
from shotkind_desktop.core.decisions.decisions import Decision

log = logging.getLogger(__name__)


def card_catalogs(folder: Path, catalog: Catalog) -> list[Path]:
    """The data-folder catalogs of other paths a copy of a card at `folder` may take
    decisions from (none when `catalog` is read-only or has decisions of its own)."""
    if catalog.read_only is not None or catalog.decisions():
        return []
    own = fallback_path(folder)
    return [path for path in sorted(own.parent.glob("*.sqlite")) if path not in (own, catalog.path)]


def take_card_decisions(catalog: Catalog, candidates: list[Path], present: Mapping[str, FileIdentity | None]) -> int:
    """Into `catalog`, the decisions of every candidate (card_catalogs) the shoot is a
    copy of (`present`: its frame names and their files' identities), the one written
    last winning per frame; how many frames were decided."""
    for candidate in candidates:
        if _is_copied_from(candidate, present):
            taken = merge_stray_catalog(catalog, candidate, set_aside=False)
            log.info("a copy of a card: %d decisions taken from %s", taken, candidate)
    return sum(1 for decision in catalog.decisions().values() if decision != Decision())


def _is_copied_from(candidate: Path, present: Mapping[str, FileIdentity | None]) -> bool:
    """Every frame decided in `candidate` is here and is the same file: the size and
    time its analysis was cached for. A decided frame it has no analysis of cannot be
    told from another picture of the same name (a review's second camera's IMG_0002
    took a reject that way), so then nothing is taken."""
    try:
        other = Catalog(candidate, read_only="looking for the card a copy came from")
    except (OSError, sqlite3.Error):
        return False
    try:
        decided = other.decisions()
        kept = other.kept_names()
    finally:
        other.close()
    return bool(decided) and all(kept.get(name) is not None and kept[name] == present.get(name)
                                 for name in decided)
