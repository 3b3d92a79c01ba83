"""Decisions made while a shoot was read-only come home when it is writable again.

A shoot on a locked card or a read-only share keeps its catalog in the data folder
(catalog.fallback_path). When the same folder is next opened writable, its own catalog
in .shotkind is used, so that other catalog would never be read again and its decisions
would vanish. Here it is merged in: per frame the decision written last wins, keeping
its time of writing; adjusted crops and client rounds made or changed there are taken
(a crop reset there is not: it cannot be told from one made here later), and so is a
roster; sitter corrections made there win at their frames. The merged
decisions have no sidecar print yet, so DecisionKeeper writes them to the sidecars on
opening. The data-folder catalog is then renamed `.merged-<time>`, kept, not deleted.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from shotkind_desktop.core.decisions.catalog_errors import CatalogBusy
from shotkind_desktop.core.decisions.catalog_files import move_catalog
from shotkind_desktop.core.people.sitters import SitterEdits

if TYPE_CHECKING:       # Catalog.open calls this module: at run time the catalog is passed in
    from shotkind_desktop.core.decisions.catalog import Catalog

log = logging.getLogger(__name__)


def merge_stray_catalog(catalog: Catalog, stray: Path, set_aside: bool = True) -> int:
    """Merge the catalog at `stray` into `catalog`; the number of decisions taken.
    `set_aside`: rename it aside afterwards (not for a card's catalog a copy of the card
    takes its decisions from: card_copies.py, the card may be opened again)."""
    if stray == catalog.path or not stray.is_file():
        return 0
    try:
        other = type(catalog)(stray, read_only="merging into the shoot's own catalog")
    except (OSError, sqlite3.Error) as error:
        log.warning("could not read the catalog %s to merge it: %s", stray, error)
        return 0
    try:
        theirs, their_times = other.decisions(), other.decision_times()
        crops = other.crop_records()
        rounds = other.client_rounds()
        their_sitters, their_roster = other.sitter_edits(), other.roster()
    finally:
        other.close()
    ours, our_times = catalog.decisions(), catalog.decision_times()
    taken = {name: decision for name, decision in theirs.items()
             if name not in ours or their_times.get(name, 0) > our_times.get(name, 0)}
    taken = {name: decision for name, decision in taken.items() if ours.get(name) != decision}
    try:
        if taken:
            catalog.save_decisions(taken, written_ns={name: their_times.get(name, 0) for name in taken})
        # A crop or a client round that differs was changed while the shoot was
        # read-only: the shoot's own catalog could not change meanwhile (unless another
        # computer wrote it), so the read-only session's is the later (a tester's guide
        # moved on a locked card, and a round imported again, came home as before).
        mine = catalog.all_crops()
        for name, ratios in crops.items():
            for ratio, (box, made_on) in ratios.items():
                if mine.get(name, {}).get(ratio) != box:
                    catalog.save_crop(name, ratio, box, picture=made_on)
        kept = catalog.client_rounds()
        for round_, names in rounds.items():
            if kept.get(round_) != names:
                catalog.save_client_round(round_, names)
        ours_sitters = catalog.sitter_edits()
        sitters = _sitters_merged(ours_sitters, their_sitters)
        if sitters != ours_sitters:
            catalog.save_sitter_edits(sitters)
        if their_roster is not None and catalog.roster() is None:
            catalog.save_roster(their_roster)
    except CatalogBusy:
        log.warning("catalog %s is busy: %s not merged this time", catalog.path, stray)
        return 0
    if not set_aside:
        log.info("took %d decisions from %s into %s", len(taken), stray, catalog.path)
        return len(taken)
    try:
        _set_aside(stray)
    except OSError as error:       # merged, so nothing is lost; but it is merged again at
        # the next opening, when crops reset since come back and its sitter names win again
        log.warning("could not set %s aside after merging it: %s", stray, error)
    log.info("merged %d decisions from %s into %s", len(taken), stray, catalog.path)
    return len(taken)


def _sitters_merged(ours: SitterEdits, theirs: SitterEdits) -> SitterEdits:
    """The sitters as corrected in both catalogs: where the read-only session split,
    joined or named at a frame, its correction (the later one) wins; the rest are kept.
    (A tester's sitter named on a locked card was lost when the card was writable again.)"""
    touched = theirs.starts | theirs.joined
    return SitterEdits(starts=(ours.starts - touched) | theirs.starts,
                       joined=(ours.joined - touched) | theirs.joined,
                       names={**ours.names, **theirs.names})


def _set_aside(path: Path) -> None:
    move_catalog(path, path.with_name(f"{path.name}.merged-{time.strftime('%Y%m%d-%H%M%S')}"))
