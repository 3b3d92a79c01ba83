"""Temporary files a killed ShotKind left behind, removed on the next run.

Every file ShotKind writes (a sidecar, an exported JPEG, a manifest, a contact sheet, a
handed-over original) is written under a hidden temporary name beside it and renamed
when complete, so a kill between the two leaves only the temporary: `.shotkind-….tmp`,
one name for all of them (short, so a 255-byte target name still has room beside it).
The next run in that folder removes such files once they are a few minutes old; a
younger one may be another window's write under way. Nothing else is ever touched.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from pathlib import Path

PREFIX, SUFFIX = ".shotkind-", ".tmp"
STALE_SECONDS = 300
_TEMPORARY = re.compile(r"\.shotkind-[A-Za-z0-9_]{8,16}(\.xmp)?\.tmp")


def temporary_beside(target: Path, kind: str = "") -> Path:
    """A fresh temporary name in `target`'s folder (`kind`: ".xmp" for a sidecar)."""
    return target.with_name(f"{PREFIX}{secrets.token_hex(4)}{kind}{SUFFIX}")


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the stale temporaries in `folder` (not below it); returns what went.
    A folder that cannot be listed or written is left as it is."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not _TEMPORARY.fullmatch(entry.name):
            continue
        try:
            status = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(status.st_mode) and now - status.st_mtime > STALE_SECONDS:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed
