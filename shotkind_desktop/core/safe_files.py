"""Reading a shoot's files without hanging, without end, and without being led out of it.

A shoot folder can hold names that are not files: a FIFO called IMG_0001.jpg blocks
open() and read() forever, a symlink to /dev/zero reads without end, and a sidecar that
links to ~/.ssh/id_rsa would be read and its contents copied into the shoot. So every
read of a photo or a sidecar comes through here: only regular files (opened without
blocking, checked on the open descriptor), never more than a cap; and a photo, sidecar
or catalog that is a link leading out of its folder is not the shoot's: it is neither
read nor copied, moved or trashed (`not_own_file` says why, for those that hand files on).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_PHOTO_BYTES = 2 << 30      # larger than any camera file (a 150 MP IIQ is ~300 MB)
LINK_OUT = "a link to a file outside its folder"
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
    | getattr(os, "O_BINARY", 0)


class NotAFile(OSError):
    """A name in the shoot that is not one of its files: a FIFO, a device, a socket, a
    folder, or a link leading out of its folder."""


def read_file(path: Path, limit: int = MAX_PHOTO_BYTES) -> bytes:
    """The whole of a regular file; NotAFile for anything else, OSError(EFBIG) over `limit`."""
    descriptor = _open_regular(path)
    try:
        size = os.fstat(descriptor).st_size
        if size > limit:
            raise OSError(errno.EFBIG, f"over the {limit >> 20} MB limit", str(path))
        data = _read(descriptor, limit + 1)
        if len(data) > limit:          # it grew while being read
            raise OSError(errno.EFBIG, f"over the {limit >> 20} MB limit", str(path))
        return data
    finally:
        os.close(descriptor)


def read_head(path: Path, size: int) -> bytes:
    """The first `size` bytes of a regular file (all of a shorter one); NotAFile otherwise."""
    descriptor = _open_regular(path)
    try:
        return _read(descriptor, size)
    finally:
        os.close(descriptor)


def leaves_folder(path: Path, folder: Path | None = None) -> bool:
    """True when `path` is a link (or in a linked folder) that leads out of `folder` (by
    default its own): a sidecar or catalog there is another file's, not the shoot's."""
    try:
        inside = Path(os.path.realpath(path.parent if folder is None else folder))
        return not Path(os.path.realpath(path)).is_relative_to(inside)
    except (OSError, ValueError):
        return True


def not_own_file(path: Path) -> str | None:
    """Why `path` is not a regular file of its own folder, in words (a link leading out,
    a FIFO, a device), or None: for copying, moving and trashing, which do not read
    through our descriptors. A name that cannot be looked at is left to the caller."""
    try:
        if os.path.islink(path) and leaves_folder(path):
            return LINK_OUT
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else f"not a file: {_kind(mode)}"


def _open_regular(path: Path) -> int:
    if os.path.islink(path) and leaves_folder(path):   # before open: a device may act on it
        raise NotAFile(errno.EXDEV, LINK_OUT, str(path))
    descriptor = os.open(path, _OPEN_FLAGS)
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise NotAFile(errno.EINVAL, f"not a file: {_kind(mode)}", str(path))
    return descriptor


def _read(descriptor: int, limit: int) -> bytes:
    chunks, left = [], limit
    while left > 0:
        chunk = os.read(descriptor, min(left, 1 << 24))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a folder" if stat.S_ISDIR(mode) else "not a regular file"
