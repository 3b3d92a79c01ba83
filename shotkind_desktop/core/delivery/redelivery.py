"""Delivering again into a folder: the manifest's rows say what is in it now, and why.

A photographer changes a pick and exports again into the same folder. Nothing there is
replaced without asking, so the folder may hold files the new export did not choose,
and the new export may be refused a name an earlier file holds (its picks moved up a
place: `{person}_{preset}` of the second pick is the first's name now). A tester's
manifest then said the unpicked frame's files were "exported, pick", gave the refused
frame no row, and marked more files "earlier" than the command counted. Here every file
an export delivered has one row, with the frame's decision as it is now and, when this
export did not choose it, a note saying so and why; every file this export was refused
has a row saying what the file holds instead. The command counts the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from shotkind_desktop.core.delivery.manifest import EXPORTED, ExportItem

# notes this module writes: the next export recomputes them, never carries them over
NOT_CHOSEN_NOTE = "not chosen by this export"
NOT_REPLACED_NOTE = "not replaced by this export"
_RECOMPUTED = (NOT_CHOSEN_NOTE, NOT_REPLACED_NOTE)


@dataclass(frozen=True)
class FrameMarks:
    """A frame's decision as the manifest's columns give it."""

    flag: str                       # pick / unflagged / reject
    rating: int = 0
    label: str | None = None

    def words(self) -> str:
        said = {"pick": "a pick", "reject": "rejected"}.get(self.flag, "unflagged")
        if self.rating:
            said += f", {self.rating} star{'s' if self.rating != 1 else ''}"
        return said + (f", label {self.label}" if self.label else "")


@dataclass
class FolderRows:
    """The manifest's rows, and the files an earlier export left that this one did not choose."""

    rows: list[ExportItem] = field(default_factory=list)
    not_chosen: list[str] = field(default_factory=list)


def folder_rows(items: list[ExportItem], earlier: list[ExportItem], marks_now: Mapping[str, FrameMarks],
                chosen: set[tuple[str, str]]) -> FolderRows:
    """The rows describing the folder after an export: this export's `items` (those that
    wrote a file, and those that did not, with why) and the `earlier` rows
    (manifest.earlier_deliveries) of files still there, each with its frame's decision
    as it is now (`marks_now`, by frame name). `chosen`: the (frame, preset) pairs this
    export chose, reached or not (a cancel)."""
    tried = chosen
    frames = {frame for frame, _ in chosen}
    held = {row.output.casefold(): row for row in earlier if row.output}
    found = FolderRows()
    for row in earlier:
        row.notes = [note for note in row.notes if not note.startswith(_RECOMPUTED)]
        then = FrameMarks(row.flag, row.rating, row.label)
        now = marks_now.get(row.source, then)
        row.flag, row.rating, row.label = now.flag, now.rating, now.label
        if (row.source, row.preset) in tried:
            continue
        if row.source in frames:
            why = f"it asked for other presets than {row.preset}"
        else:
            why = f"{row.source} is now {now.words()}" + (
                f" (delivered as {then.words()})" if then != now else "")
        row.notes.append(f"{NOT_CHOSEN_NOTE}: {why}; still in the folder, remove it if the "
                         "client should not get it")
        found.not_chosen.append(row.output)
    for item in items:
        holder = held.get(item.refused.casefold()) if item.status != EXPORTED and item.refused else None
        if holder is not None and (holder.source, holder.preset) == (item.source, item.preset):
            # the frame's own earlier file, other bytes: that row describes the file
            holder.notes.append(f"{NOT_REPLACED_NOTE}: {item.notes[-1]}")
            continue
        if item.status != EXPORTED and item.refused:
            item.notes[-1] += (f"; it holds {holder.source} ({holder.preset}), delivered by an earlier export"
                               if holder is not None else "; no earlier export of this shoot lists it")
        found.rows.append(item)
    found.rows += earlier
    return found
