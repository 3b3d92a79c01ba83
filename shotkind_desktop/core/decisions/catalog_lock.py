"""Which ShotKind window may write a shoot's catalog: the one holding its lock.

Two windows on one shoot would each keep their own idea of the decisions and overwrite
the other's in the catalog and the sidecars. So a window takes an advisory lock on
`catalog.sqlite.lock` beside the catalog for as long as the shoot is open; a second
window finds it taken and opens the shoot read-only. The operating system drops the
lock when the process ends, however it ends, so a crash never leaves a shoot locked.
macOS and Linux lock the whole file with flock; Windows has no flock, and msvcrt
locks the file's first byte instead (mandatory there, which nothing else reads), and
is unlocked before the close, because Windows frees a closed file's locks only "when
the system can" (LockFileEx's documentation), too late for a window opened at once.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

try:
    import fcntl
except ImportError:          # Windows: msvcrt locks a byte of the file instead
    fcntl = None
    import msvcrt

log = logging.getLogger(__name__)


class CatalogLock:
    """The lock of the catalog at `path`; acquire() never waits."""

    def __init__(self, catalog: Path):
        self.path = Path(catalog).with_name(Path(catalog).name + ".lock")
        self._descriptor: int | None = None

    def acquire(self) -> bool:
        """True when this process now holds the lock; False when another does. Raises
        OSError when the lock file cannot be made (a read-only folder)."""
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            os.close(descriptor)
            return False
        self._descriptor = descriptor
        return True

    def release(self) -> None:
        if self._descriptor is not None:
            if fcntl is None:
                try:
                    msvcrt.locking(self._descriptor, msvcrt.LK_UNLCK, 1)
                except OSError:
                    pass
            os.close(self._descriptor)      # closing drops an flock
            self._descriptor = None
