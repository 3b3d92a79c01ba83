"""Another program writing a shoot's catalog (a sync or backup tool), for the tests of
what ShotKind does while it waits: shared by the catalog's, the window's and the folder
watch's tests."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


def another_program_writing(catalog: Path, seconds: float) -> tuple[sqlite3.Connection, threading.Timer]:
    """Another program's connection to the catalog at `catalog`, writing every rating 3
    and holding its commit (and so every reader) for `seconds`; the timer commits."""
    writer = sqlite3.connect(catalog, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN EXCLUSIVE")
    writer.execute("UPDATE decisions SET rating = 3")
    done = threading.Timer(seconds, lambda: writer.execute("COMMIT"))
    done.start()
    return writer, done
