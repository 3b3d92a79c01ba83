"""The files one catalog is on disk, and moving them together.

SQLite keeps files beside the database: its rollback journal (`-journal`), or, in a
catalog an earlier ShotKind wrote, the write-ahead log and its index (`-wal`, `-shm`).
They belong to that database alone: a journal holds what an unfinished transaction
changed, and the database needs it beside it to be rolled back to what was committed
(a damaged catalog set aside is kept to be looked into). Left behind under the old
name it is clutter at best, and at worst played into another database that comes to
bear that name (one copied there). So they always move together: the companions first,
the database last (a move that fails half-way leaves the database where it is found
again, with what it still needs beside it).
"""

from __future__ import annotations

import os
from pathlib import Path

COMPANIONS = ("-journal", "-wal", "-shm")


def move_catalog(path: Path, target: Path) -> None:
    """Rename the catalog at `path`, with every companion file it has, to `target`."""
    for suffix in (*COMPANIONS, ""):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
