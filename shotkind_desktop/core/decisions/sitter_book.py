"""The sitters of an open shoot as the photographer corrects them: split at a frame, merge
with the previous sitter, rename, import a roster; and what each sitter has so far
(coverage). The window drives this; no Qt here.

Every change is saved to the catalog before the method returns (the sitters' edits and
the roster are small: the whole set in one transaction), then each frame whose person
changed gets it in its XMP sidecars (Iptc4xmpExt:PersonInImage), so Lightroom and Photo
Mechanic see who is in each frame. `shoot_sitters` is the same grouping read-only, for
the CLI and the export.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.judgement.focus_words import MISSED
from shotkind_desktop.core.judgement.verdict import focus_state
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.people.roster import Roster, read_roster
from shotkind_desktop.core.decisions.sidecar_print import sidecar_print
from shotkind_desktop.core.people.sitters import (Sitter, SitterEdits, group_sitters, merge_with_previous,
                                           lost_names, people, rename, sitter_frames, sitter_of, split_at)
from shotkind_desktop.core.decisions.sidecar_refusal import sidecar_refusal
from shotkind_desktop.core.decisions.xmp import write_person

log = logging.getLogger(__name__)


def shoot_sitters(results: Sequence[FrameResult], catalog: Catalog | None = None,
                  roster: Roster | None = None) -> list[Sitter]:
    """The sitters of analysed frames in capture order, with the catalog's edits and its
    roster (or `roster`, which wins: a roster given on the command line)."""
    edits = catalog.sitter_edits() if catalog else SitterEdits()
    roster = roster or (catalog.roster() if catalog else None)
    return group_sitters(sitter_frames(results), edits, roster)


@dataclass(frozen=True)
class Coverage:
    """What a sitter has to deliver, for the window's list."""

    sitter: Sitter
    frames: int
    picks: int
    warning: str | None       # "no pick", "every pick has closed eyes", ...


def coverage(sitters: Sequence[Sitter], decisions: Mapping[str, Decision],
             results: Mapping[str, FrameResult]) -> list[Coverage]:
    """Per sitter: frames, picks, and a warning when there is nothing good to deliver."""
    found = []
    for sitter in sitters:
        picks = [name for name in sitter.frames
                 if decisions.get(name, Decision()).flag == PICK]
        warning = None
        if not picks:
            warning = "no pick"
        elif all(_closed_eyes(results.get(name)) for name in picks):
            warning = "every pick has closed eyes"
        elif all(_missed_focus(results.get(name)) for name in picks):
            warning = "every pick missed focus"
        found.append(Coverage(sitter, len(sitter.frames), len(picks), warning))
    return found


def _closed_eyes(result: FrameResult | None) -> bool:
    return result is not None and (result.criteria or {}).get("eyes") == "closed"


def _missed_focus(result: FrameResult | None) -> bool:
    """Focus missed, by the same verdict the grid's badge and the headshot score give (the
    eyes' own focus where measured): a tester's dock cleared two sitters whose every pick
    the badges called missed, because it read the face's focus."""
    return result is not None and not result.error and focus_state(result) == MISSED


def best_frames(sitters: Sequence[Sitter], decisions: Mapping[str, Decision],
                results: Mapping[str, FrameResult],
                eligible: Callable[[str], bool] = lambda name: True) -> dict[int, str | None]:
    """Sitter number -> the frame to deliver: their pick with the best headshot score,
    else their best-scored frame that is not rejected; None when there is none (every
    frame rejected, unreadable or faceless). `eligible` narrows the candidates."""
    chosen = {}
    for sitter in sitters:
        candidates = [name for name in sitter.frames if eligible(name)
                      and decisions.get(name, Decision()).flag != REJECT
                      and _score(results.get(name)) is not None]
        picks = [name for name in candidates if decisions.get(name, Decision()).flag == PICK]
        pool = picks or candidates
        chosen[sitter.number] = max(pool, key=lambda name: _score(results[name])) if pool else None
    return chosen


def _score(result: FrameResult | None) -> float | None:
    if result is None or result.error or not result.faces:
        return None
    return result.headshot_score


class SitterBook:
    """The open shoot's sitters, changed by the photographer's gestures."""

    def __init__(self, catalog: Catalog, files: Mapping[str, FrameFiles], keep_extension: bool = False):
        """`files`: frame name -> its files (pairing.FrameFiles), for the sidecars."""
        self.catalog = catalog
        self.files = dict(files)
        self.keep_extension = keep_extension
        self.edits = catalog.sitter_edits()
        self.roster = catalog.roster()
        self.sidecar_errors: list[str] = []
        self._results: list[FrameResult] = []
        self.sitters: list[Sitter] = []

    def update(self, results: Sequence[FrameResult]) -> list[Sitter]:
        """Group again with the frames' latest analysis (in capture order); the sidecars
        of frames whose person changed are written."""
        self._results = list(results)
        return self._regroup()

    def split_at(self, frame: str) -> list[Sitter]:
        return self._change(split_at(self.edits, frame))

    def merge_with_previous(self, frame: str) -> list[Sitter]:
        return self._change(merge_with_previous(self.edits, self.sitters, frame))

    def rename(self, frame: str, name: str) -> list[Sitter]:
        return self._change(rename(self.edits, self.sitters, frame, name, list(self.files)))

    def import_roster(self, path: Path) -> list[Sitter]:
        """ValueError (in words for the photographer) or OSError when it cannot be read."""
        roster = read_roster(path)
        self.catalog.save_roster(roster)
        self.roster = roster
        return self._regroup()

    def clear_roster(self) -> list[Sitter]:
        self.catalog.save_roster(None)
        self.roster = None
        return self._regroup()

    def sitter_of(self, frame: str) -> Sitter | None:
        """The sitter a frame belongs to (for the status bar: "Sitter 12 of 40: Ana Ruiz")."""
        return sitter_of(self.sitters, frame)

    def _change(self, edits: SitterEdits) -> list[Sitter]:
        if edits != self.edits:
            self.catalog.save_sitter_edits(edits)
            self.edits = edits
        return self._regroup()

    def _regroup(self) -> list[Sitter]:
        before = people(self.sitters)
        self.sitters = group_sitters(sitter_frames(self._results), self.edits, self.roster)
        after = people(self.sitters)
        changed = {name: person for name, person in after.items() if before.get(name) != person}
        if not lost_names(self.edits, list(self.files)):
            # with a name lost with its frame, the roster's names fall on the wrong
            # people (lost_names): nobody's name goes into a sidecar until it is found
            self._write_people(changed)
        return self.sitters

    def _write_people(self, changed: dict[str, str | None]) -> None:
        """Each frame's person into its sidecars; a frame whose sidecars ShotKind keeps a
        print of gets the new print, so the change is not taken for another application's."""
        prints = {}
        for name, person in changed.items():
            files = self.files.get(name)
            if files is None or self.catalog.read_only is not None:
                continue
            try:
                if write_person(files, person, self.keep_extension):
                    prints[name] = sidecar_print(files)
            except OSError as error:
                self.sidecar_errors.append(f"The person shown in {name} could not be written to "
                                           f"its XMP sidecar ({sidecar_refusal(files, error)}).")
                log.warning("person of %s not written: %s", name, error)
        if prints:
            self.catalog.save_sidecar_prints(prints)
