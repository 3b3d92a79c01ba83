"""An export that did not fit where it went: a full disk, or a file larger than the
output disk or the file-size limit the program runs under allows (`ulimit -f`; FAT32's
4 GB). Said for each file, and once for the whole export: which frames were not
delivered, or only in part, that every file written is complete, and what to do. A
tester's full disk named the file it refused but not the frame it never tried, and a
file-size limit showed a bare "File too large".

Running the same export again into the same folder finishes it: a file already there
with the very bytes the export makes counts as delivered (export.ALREADY_THERE_NOTE),
and the rest are written.
"""

from __future__ import annotations

import errno

from shotkind_desktop.core.delivery.manifest import EXPORTED, NOT_REACHED_NOTE, ExportItem
from shotkind_desktop.core.words import counted, first_names

DISK_FULL_NOTE = ("not written: No space left on device — the disk is full; free some "
                  "space or choose another folder, then export again")
TOO_LARGE = "too large for the disk or the file-size limit (ulimit -f)"
TOO_LARGE_NOTE = f"not written: File {TOO_LARGE}"
_RERUN = "run the same export again: it keeps the files already in the folder and writes the rest"


def room_note(error: OSError) -> str | None:
    """An item's note for a file refused for want of room, or None for another refusal."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL_NOTE
    if error.errno == errno.EFBIG:
        return TOO_LARGE_NOTE
    return None


def write_refusal(error: OSError) -> str:
    """Why a file was not written, in words: a full disk and a file too large said plainly,
    anything else as the system says it."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    if error.errno == errno.EFBIG:
        return f"the file is {TOO_LARGE}"
    return error.strerror or str(error)


def out_of_room_lines(items: list[ExportItem]) -> list[str]:
    """One sentence for each want of room the export met (a full disk, files too large):
    the frames it left undelivered or delivered in part, the files delivered, and what
    to do. None when everything fitted."""
    delivered = counted(sum(item.status == EXPORTED for item in items), "file")
    lines = []
    full = _frames_hit(items, (DISK_FULL_NOTE, NOT_REACHED_NOTE))
    if full:
        lines.append(f"the disk is full: {_which(items, full)}; {delivered} delivered, each complete. "
                     f"Free some space and {_RERUN} (or choose another folder)")
    large = _frames_hit(items, (TOO_LARGE_NOTE,))
    if large:
        refused = sum(bool(item.notes) and item.notes[-1] == TOO_LARGE_NOTE for item in items)
        lines.append(f"{counted(refused, 'file')} {'was' if refused == 1 else 'were'} {TOO_LARGE} and not written: "
                     f"{_which(items, large)}; {delivered} delivered, each complete. Raise the limit and "
                     f"{_RERUN} (or choose a folder on another disk)")
    return lines


def _frames_hit(items: list[ExportItem], notes: tuple[str, ...]) -> list[str]:
    """The frames, in export order, with an item whose reason is one of `notes`."""
    return list(dict.fromkeys(item.source for item in items if item.notes and item.notes[-1] in notes))


def _which(items: list[ExportItem], frames: list[str]) -> str:
    """"IMG_0101.JPG was not delivered, IMG_0045.JPG only in part"."""
    part = {item.source for item in items if item.status == EXPORTED}
    missing = [frame for frame in frames if frame not in part]
    partly = [frame for frame in frames if frame in part]
    said = []
    if missing:
        said.append(f"{first_names(missing)} {'was' if len(missing) == 1 else 'were'} not delivered")
    if partly:
        was = "was" if len(partly) == 1 else "were"
        said.append(f"{first_names(partly)} {'only' if missing else was + ' delivered only'} in part")
    return ", ".join(said)
