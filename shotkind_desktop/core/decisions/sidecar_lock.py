"""One sidecar change at a time, across threads and processes.

Each sidecar is read, changed and written back whole. Two writers interleaved put the
older state back: a person written between a key's read and its write undid the key
(a tester: 12 of 400 keys undone in the sidecars, for good). In one process the
decision keeper and the sitters' thread write; beside an open window, `shotkind analyze
--tag-people` and a client's choice imported from the command line do too. So a change
holds a lock of this process and an advisory lock on a file of ShotKind's own data
folder named by the shoot folder's identity (its device and inode, the same by every
road to it: a symbolic link, a bind mount), never a file in the shoot. Each change takes
a few milliseconds.

A holder that keeps the lock (a program stopped in a debugger) must not freeze the
window, which writes a decision's sidecars as the key is pressed: the first write waits
WAIT_SECONDS and then fails with OSError, and for BUSY_SECONDS after that the folder's
writes fail at once unless the lock is free (a review: a 1,000-frame reject waited 5 s a
sidecar). A write that fails leaves the decision in the catalog; the next opening writes
the sidecar from it.

Another application (Lightroom, darktable) takes no such lock; what it writes is merged
at the next opening (decision_keeper). Where the data folder cannot hold the lock file,
the change goes on with this process's lock alone, and says so once in the log.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from shotkind_desktop.core.paths import data_dir

try:
    import fcntl
except ImportError:         # Windows
    fcntl = None
    import msvcrt

log = logging.getLogger(__name__)

WAIT_SECONDS = 2.0      # a holder needs milliseconds
BUSY_SECONDS = 30.0     # after a wait in vain, the folder's writes do not wait again this long
_locks_lock = threading.Lock()
_thread_locks: dict[str, threading.Lock] = {}     # one per lock file: other folders go on
_busy_until: dict[str, float] = {}
_warned = False


class SidecarsBusy(OSError):
    """Another ShotKind program holds this folder's sidecars."""


@contextmanager
def changing_sidecar(path: Path) -> Iterator[None]:
    """Held while the sidecar at `path` is read, changed and written; SidecarsBusy when
    another ShotKind program holds the folder's sidecars too long."""
    name = _lock_file(Path(path).parent)
    with _thread_lock(name or ""):
        handle = _open(name) if name else None
        if handle is None:
            yield
            return
        try:
            _lock(handle, name)
            try:
                yield
            finally:
                _unlock(handle)
        finally:
            os.close(handle)


def _lock_file(folder: Path) -> str | None:
    try:
        found = os.stat(folder)
    except OSError:
        return None         # the write that follows says what is wrong with the folder
    return str(data_dir() / "locks" / f"sidecars-{found.st_dev:x}-{found.st_ino:x}.lock")


def _thread_lock(name: str) -> threading.Lock:
    with _locks_lock:
        return _thread_locks.setdefault(name, threading.Lock())


def _open(name: str) -> int | None:
    global _warned
    try:
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        return os.open(name, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        if not _warned:
            _warned = True
            log.warning("sidecar changes are not locked against other ShotKind programs: %s", error)
        return None


def _lock(handle: int, name: str) -> None:
    deadline = time.monotonic() + (0.0 if _busy_until.get(name, 0.0) > time.monotonic() else WAIT_SECONDS)
    while True:
        try:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
            _busy_until.pop(name, None)
            return
        except OSError:         # held elsewhere (BlockingIOError; EACCES on Windows)
            if time.monotonic() >= deadline:
                _busy_until[name] = time.monotonic() + BUSY_SECONDS
                raise SidecarsBusy("Another ShotKind program has been changing this folder's sidecars "
                                   "for too long") from None
            time.sleep(0.002)


def _unlock(handle: int) -> None:
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_UN)
    else:       # Windows may let a closed file's lock go late: let it go first
        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
