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

_THIS_PROCESS = threading.Lock()
WAIT_SECONDS = 5.0      # a holder needs milliseconds; one stopped in a debugger must not
                        # freeze the window: the decision is in the catalog, and the next
                        # opening writes the sidecar from it
_warned = False


@contextmanager
def changing_sidecar(path: Path) -> Iterator[None]:
    """Held while the sidecar at `path` is read, changed and written."""
    with _THIS_PROCESS:
        handle = _open_lock_file(Path(path).parent)
        if handle is None:
            yield
            return
        try:
            _lock(handle)
            yield
        finally:
            os.close(handle)        # closing lets the lock go (or was never had)


def _open_lock_file(folder: Path) -> int | None:
    global _warned
    try:
        found = os.stat(folder)
        locks = data_dir() / "locks"
        locks.mkdir(parents=True, exist_ok=True)
        return os.open(locks / f"sidecars-{found.st_dev:x}-{found.st_ino:x}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        if not _warned:
            _warned = True
            log.warning("sidecar changes are not locked against other ShotKind processes: %s", error)
        return None


def _lock(handle: int) -> None:
    """OSError when another process holds the lock longer than WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
            return
        except OSError:         # held elsewhere (BlockingIOError; EACCES on Windows)
            if time.monotonic() > deadline:
                raise OSError("another ShotKind program has been changing this folder's "
                              "sidecars for too long") from None
            time.sleep(0.002)
