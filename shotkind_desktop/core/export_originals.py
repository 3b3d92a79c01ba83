"""Handing over the originals of the chosen frames: copied or moved to another folder with
everything that belongs to them, so the set opens elsewhere exactly as culled.

A frame is more than its file: a RAW shot with a JPEG beside it, and the XMP sidecars
that carry the stars and labels (IMG_1.xmp, or IMG_1.CR3.xmp as darktable writes); which
they are is pairing.FrameFiles's to say, so a same-stem photo that is another frame (and
may be a pick) never goes with it. All of them go together. Nothing is ever overwritten at the destination; a
file already there is reported, and for a move the original then stays where it was.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from shotkind_desktop.core.pairing import FrameFiles, on_disk


@dataclass
class OriginalCopy:
    """One file handed over, or why not."""

    file: str               # path within the shoot folder
    target: str | None      # path written, None when it failed
    error: str | None = None


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
        for file in frame_files(frame):
            if file in seen:
                continue
            seen.add(file)
            relative = file.relative_to(folder)
            destination = target / relative
            record = OriginalCopy(relative.as_posix(), None)
            try:
                destination.parent.mkdir(parents=True, exist_ok=True)
                if destination.exists():
                    raise FileExistsError("a file of that name is already there")
                _copy(file, destination)
                if move:
                    os.unlink(file)
                record.target = str(destination)
            except OSError as error:
                record.error = f"not {'moved' if move else 'copied'}: {error.strerror or error}" \
                    if not isinstance(error, FileExistsError) else \
                    f"not {'moved' if move else 'copied'}: {error}"
            done.append(record)
    return done


def _copy(source: Path, destination: Path) -> None:
    """Copy with times kept, through a temporary name so an interrupted copy leaves no
    half file that looks complete."""
    temporary = destination.with_name(f".{destination.name}.part")
    try:
        shutil.copy2(source, temporary)
        os.replace(temporary, destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
