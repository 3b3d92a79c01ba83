"""Whether a folder's file system tells IMG_0001.JPG from img_0001.jpg, so names are
compared the way that disk compares them.

macOS (APFS and HFS+ by default) and Windows (NTFS, FAT, exFAT) ignore case: there
IMG_0001.CR2 and img_0001.jpg are a RAW+JPEG pair and IMG_0001.xmp is IMG_0001.XMP.
Linux's file systems do not: those are other files, and pairing them would give one
frame the decisions of another file. The platform is not the answer on its own (a
memory card in exFAT on Linux, a case-sensitive APFS volume on a Mac), so the folder is
asked: a name in it spelled with the other case is looked up, and if it is the same
file, the folder ignores case. Only ASCII names ask: a disk's case rules for other
letters are its own ("Straße" swapped is "sTRASSE", which no disk takes for it). Only
where nothing in the folder can be asked (empty, not there yet, or no ASCII name with
letters) does the platform decide.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path


def platform_ignores_case() -> bool:
    """The default of this platform's usual disks: macOS and Windows ignore case."""
    return sys.platform == "darwin" or sys.platform.startswith(("win", "cygwin"))


def ignores_case(folder: Path, names: list[str] | None = None) -> bool:
    """True when `folder`'s file system finds a name whatever its case. `names`: names
    in the folder to ask with first (then it is listed until one is ASCII with letters)."""
    folder = Path(folder)
    for name in itertools.chain(names or (), _names_in(folder)):
        swapped = name.swapcase()
        if swapped == name or not name.isascii():
            continue
        try:
            status = os.lstat(folder / name)
        except OSError:
            continue                # gone meanwhile, or never there: ask with another
        try:                        # lstat, not stat: a link named in the other case is not it
            return os.path.samestat(status, os.lstat(folder / swapped))
        except OSError:
            return False
    return platform_ignores_case()


def name_key(name: str, case_ignored: bool) -> str:
    """A name as the disk compares it."""
    return name.casefold() if case_ignored else name


def _names_in(folder: Path):
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                yield entry.name
    except OSError:
        return
