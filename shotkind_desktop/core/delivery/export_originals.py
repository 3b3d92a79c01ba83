"""Handing over the originals of the chosen frames: copied or moved to another folder with
everything that belongs to them, so the set opens elsewhere exactly as culled.

A frame is more than its file: a RAW shot with a JPEG beside it, and the XMP sidecars
that carry the stars and labels (IMG_1.xmp, or IMG_1.CR3.xmp as darktable writes); which
they are is pairing.FrameFiles's to say, so a same-stem photo that is another frame (and
may be a pick) never goes with it. A frame is handed over whole or not at all: every
file is copied first, and only when all are there are the originals removed (a move); a
copy that fails
(a full disk, a name already taken, a link leading out of the shoot, which is never
copied) takes back the others, so a frame is never split from its sidecar. Nothing is
ever overwritten at the destination. A file already there byte for byte the same (what a
stopped run copied) counts as copied, so running a copy again finishes it; a move then
removes none of that frame's originals: a copy it did not make may be the original
itself, reached through a second mount of the same share that no check can tell for
sure (a review), so the frame stays in the shoot and the photographer is told. A frame
whose RAW or JPEG is cut short (a failed card copy: core.files.cut_short), or whose RAW
holds no RAW's bytes, is not handed over at all, and the reason says which file and
why: a tester's export copied a cut DNG and a truncated JPEG as if they were good.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from shotkind_desktop.core.atomic_write import copy_atomically, same_content
from shotkind_desktop.core.files.cut_short import picture_damage
from shotkind_desktop.core.files.filetypes import SIDECAR_EXTENSIONS
from shotkind_desktop.core.files.pairing import FrameFiles, on_disk
from shotkind_desktop.core.delivery.out_of_room import write_refusal
from shotkind_desktop.core.safe_files import NotAFile, not_own_file, read_file


@dataclass
class OriginalCopy:
    """One file handed over, or why not."""

    file: str               # path within the shoot folder
    target: str | None      # path written, None when it failed
    error: str | None = None
    already: bool = False   # the same bytes were there before: a stopped run's copy


def frame_files(frame: FrameFiles) -> list[Path]:
    """The frame's files (a pair's RAW included) and its own sidecars that exist, in name order."""
    sidecars = [on_disk(name) for name in frame.sidecars()]
    return sorted(dict.fromkeys([*frame.files, *(path for path in sidecars if path is not None)]))


def hand_over(folder: Path, frames: list[FrameFiles], target: Path, move: bool = False) -> list[OriginalCopy]:
    """Copy (or move) every file of every frame from the shoot `folder` to `target`,
    keeping sub-folders and file times; never overwriting."""
    done: list[OriginalCopy] = []
    seen: set[Path] = set()
    for frame in frames:
        files = [file for file in frame_files(frame) if file not in seen]
        seen.update(files)
        done.extend(_hand_over_frame(folder, files, target, move))
    return done


def _hand_over_frame(folder: Path, files: list[Path], target: Path, move: bool) -> list[OriginalCopy]:
    verb = "moved" if move else "copied"
    records = [OriginalCopy(file.relative_to(folder).as_posix(), None) for file in files]
    cut = _first_damaged(files, records)
    if cut is not None:
        name, why = cut
        for record in records:
            record.error = f"not {verb}: {why}" if record.file == name else \
                f"not {verb}: kept with {name}, which is damaged"
        return records
    for file, record in zip(files, records):
        destination = target / record.file
        try:
            problem = not_own_file(file)
            if problem:
                raise NotAFile(errno.EINVAL, problem, str(file))
            destination.parent.mkdir(parents=True, exist_ok=True)
            if same_content(file, destination):
                record.target, record.already = str(destination), True
                continue
            if destination.exists() or destination.is_symlink():
                raise FileExistsError("a file of that name is already there")
            copy_atomically(file, destination, overwrite=False)   # nor one that appears meanwhile
            record.target = str(destination)
        except OSError as error:
            record.error = f"not {verb}: {write_refusal(error)}"
    failed = next((record for record in records if record.error), None)
    if failed is not None:                 # take back the copies: the frame stays whole
        for record in records:             # (a sidecar must not land beside another photo)
            if record.target is not None:
                if not record.already:     # a copy found there was not this run's to take
                    Path(record.target).unlink(missing_ok=True)
                record.target, record.error = None, f"not {verb}: kept with {failed.file}, which could not be"
        return records
    if not move:
        return records
    already = next((record for record in records if record.already), None)
    if already is not None:
        for record in records:
            record.error = (f"copied, not moved: {already.file} was already there byte for byte (a stopped "
                            "run's copy?), so the originals stay; check the copies, then remove them yourself")
        return records
    for file, record in sorted(zip(files, records), key=lambda pair: pair[0].suffix.lower() == ".xmp"):
        try:                               # pictures first: a kill leaves at most a sidecar behind
            os.unlink(file)
        except OSError as error:
            record.error = f"copied, but not removed from the shoot: {error.strerror or error}"
    return records




def _first_damaged(files: list[Path], records: list[OriginalCopy]) -> tuple[str, str] | None:
    """The first of a frame's pictures known to be damaged, with why; None when all are
    whole (a file that cannot be read is the copy's to report)."""
    for file, record in zip(files, records):
        if file.suffix.lower() in SIDECAR_EXTENSIONS:
            continue
        try:
            why = picture_damage(file, read_file(file))
        except OSError:
            continue
        if why:
            return record.file, why
    return None
