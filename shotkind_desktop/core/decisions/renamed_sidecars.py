"""The sidecars a frame leaves under its old name when its picture takes another one.

Tether software lands each capture as capture_tmp_0001.JPG and renames it Smith_0001.JPG;
the next capture lands as capture_tmp_0001.JPG again and read the sidecar left there: a
tester's new frame arrived rejected, or picked with stars (D1). What keeps the decision
from the next picture is the catalog's note (Catalog.rename_frames: the old name is kept
undecided with the print of what was left there, whoever wrote it). What this module
does is only tidying for other applications: sidecars that are byte for byte what
ShotKind last wrote go with the picture, as Lightroom moves a sidecar when it renames a
photo, once that note is committed. A sidecar another application changed is that
application's, and stays where it is.

A move never replaces a file (move_no_replace): a sidecar the tether program has just
written under the new name is kept, and ShotKind's is then set aside as
`….left-behind`, which no application reads as a sidecar. Nothing is deleted.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import logging
import os
import sys
from pathlib import Path

from shotkind_desktop.core.decisions.sidecar_lock import changing_sidecar
from shotkind_desktop.core.files.name_case import name_key
from shotkind_desktop.core.files.pairing import FrameFiles, on_disk

log = logging.getLogger(__name__)

ASIDE = ".left-behind"


def leaving(before: FrameFiles, after: FrameFiles) -> dict[Path, Path]:
    """The sidecars on disk of `before` that are not `after`'s, each with the name it
    takes beside `after`'s files. A RAW joined by its JPEG keeps its sidecars: they are
    the pair's."""
    kept = {name_key(str(path), after.case_ignored) for path in after.sidecars()}
    moves: dict[Path, Path] = {}
    for file, target in zip(before.files, after.files):
        stem = target.with_suffix(".xmp")
        for own, named in ((file.with_suffix(".xmp"), stem if stem in after.sidecars()
                            else target.with_name(target.name + ".xmp")),
                           (file.with_name(file.name + ".xmp"), target.with_name(target.name + ".xmp"))):
            found = on_disk(own) if own in before.sidecars() else None
            if found is not None and found not in moves and name_key(str(found), before.case_ignored) not in kept:
                moves[found] = named
    return moves


def take_own_sidecars(before: FrameFiles, after: FrameFiles) -> None:
    """Move `before`'s sidecars that are not `after`'s to `after`'s names, or set them
    aside where that name is taken (module docstring). Raises OSError."""
    for found, target in leaving(before, after).items():
        with changing_sidecar(found):
            if not move_no_replace(found, target):
                target = found.with_name(found.name + ASIDE)
                number = 1
                while not move_no_replace(found, target):
                    number += 1
                    target = found.with_name(f"{found.name}{ASIDE}-{number}")
        log.info("sidecar %s left by a frame that took another name is now %s", found.name, target.name)


def move_no_replace(source: Path, target: Path) -> bool:
    """Rename `source` to `target` unless `target` exists (False): never the check-then-
    rename that would replace a sidecar another program writes in between. A hard link
    then unlink where the disk has them; else the system's no-replace rename (Linux
    renameat2, macOS renamex_np, Windows' own rename). Raises OSError otherwise."""
    try:
        os.link(source, target)
    except FileExistsError:
        return False
    except OSError as error:        # no hard links on this disk (exFAT, FAT, some shares)
        return _rename_no_replace(source, target, error)
    os.unlink(source)
    return True


def _rename_no_replace(source: Path, target: Path, why: OSError) -> bool:
    if sys.platform == "win32":
        try:
            os.rename(source, target)       # refuses an existing target on Windows
        except FileExistsError:
            return False
        return True
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        result = libc.renamex_np(os.fsencode(source), os.fsencode(target), 0x4)         # RENAME_EXCL
    elif hasattr(libc, "renameat2"):
        result = libc.renameat2(-100, os.fsencode(source), -100, os.fsencode(target), 1)  # AT_FDCWD, NOREPLACE
    else:
        raise why
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error == errno.EEXIST:
        return False
    raise OSError(error, os.strerror(error), str(source))
