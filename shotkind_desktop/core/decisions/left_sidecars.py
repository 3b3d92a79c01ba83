"""Sidecars a frame leaves behind when its picture takes another name, and what becomes
of them: a decision belongs to the picture, never to a name a new picture takes later.

Tether software lands each capture as capture_tmp_0001.JPG and renames it (Smith_0001.JPG);
the next capture lands as capture_tmp_0001.JPG again. A tester's decision followed the
rename, but capture_tmp_0001.xmp stayed, and the next capture read it: it arrived
rejected, or picked with stars (D1). Lightroom, renaming a photo, renames its sidecar;
so does ShotKind, for the sidecars it can account for: those whose contents are what
ShotKind last wrote (sidecar_print). A sidecar another application changed since is
that application's to move, and is left alone.

Each sidecar moves to the name the new frame's file gives it (capture_tmp_0001.xmp to
Smith_0001.xmp, capture_tmp_0001.JPG.xmp to Smith_0001.JPG.xmp) with one rename, so a
crash leaves it under one name or the other, never both or neither. When that name is
taken (the tether software moved its own sidecar there), or there is no new frame (its
picture is gone and another took its name), it is set aside as `….left-behind`, which no
application reads as a sidecar; nothing is ever deleted.

The catalog notes the print of what is left under the old name in the transaction that
moves the decision (Catalog.rename_frames), and forgets it once the sidecars have moved:
a crash in between leaves a note that tells, at the next opening, the old sidecar from
one the tether software wrote for a new capture (decision_keeper).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from shotkind_desktop.core.decisions.sidecar_lock import changing_sidecar
from shotkind_desktop.core.files.name_case import name_key
from shotkind_desktop.core.files.pairing import FrameFiles, on_disk

log = logging.getLogger(__name__)

ASIDE = ".left-behind"


def leaving(before: FrameFiles, after: FrameFiles | None) -> dict[Path, Path | None]:
    """The sidecars on disk of `before` that are not `after`'s, each with the name it
    takes beside `after`'s files (None: set aside). A RAW joined by its JPEG keeps its
    sidecars: they are the pair's."""
    kept = set() if after is None else {name_key(str(path), after.case_ignored) for path in after.sidecars()}
    moves: dict[Path, Path | None] = {}
    for index, file in enumerate(before.files):
        target = None if after is None or index >= len(after.files) else after.files[index]
        for own, named in ((file.with_suffix(".xmp"), target and _stem_sidecar(after, target)),
                           (file.with_name(file.name + ".xmp"), target and target.with_name(target.name + ".xmp"))):
            found = on_disk(own) if own in before.sidecars() else None
            if found is not None and found not in moves and name_key(str(found), before.case_ignored) not in kept:
                moves[found] = named
    return moves


def take_sidecars(before: FrameFiles, after: FrameFiles | None) -> list[Path]:
    """Move `before`'s sidecars that are not `after`'s to `after`'s names, or set them
    aside (module docstring); the names they have now. Raises OSError."""
    placed = []
    for found, target in leaving(before, after).items():
        with changing_sidecar(found):
            if target is None or os.path.lexists(target) or on_disk(target) is not None:
                target = _aside_name(found)
            os.rename(found, target)
        log.info("sidecar %s left by a frame that took another name is now %s", found.name, target.name)
        placed.append(target)
    return placed


def _stem_sidecar(after: FrameFiles, file: Path) -> Path:
    """IMG_0001.xmp for `file` when the frame may use its stem's name, else IMG_0001.JPG.xmp."""
    stem = file.with_suffix(".xmp")
    return stem if stem in after.sidecars() else file.with_name(file.name + ".xmp")


def _aside_name(path: Path) -> Path:
    aside, number = path.with_name(path.name + ASIDE), 1
    while os.path.lexists(aside):
        number += 1
        aside = path.with_name(f"{path.name}{ASIDE}-{number}")
    return aside
