"""Linux's inotify through ctypes: the kernel says at once when a file in a folder was
written to, closed by its writer or renamed into place, where polling would only see a
size that stopped changing a second later. No dependency: four libc calls. Elsewhere
(macOS, Windows) and where the kernel refuses, `FolderEvents.open` gives None and the
caller polls."""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import select
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

MODIFY, CLOSE_WRITE, MOVED_FROM, MOVED_TO = 0x2, 0x8, 0x40, 0x80
CREATE, DELETE, DELETE_SELF, MOVE_SELF = 0x100, 0x200, 0x400, 0x800
OVERFLOW, IS_DIR = 0x4000, 0x40000000
WATCHED = MODIFY | CLOSE_WRITE | MOVED_FROM | MOVED_TO | CREATE | DELETE | DELETE_SELF | MOVE_SELF
_HEADER = struct.Struct("iIII")     # wd, mask, cookie, len; then the name, NUL-padded
_READ_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileEvent:
    name: str        # file name within the folder ("" for the folder itself, or an overflow)
    mask: int
    cookie: int = 0  # the same on the MOVED_FROM and MOVED_TO of one rename


class FolderEvents:
    """The events of one folder (not its sub-folders). `wait()` blocks until there are
    events, `wake()` is called, or the timeout passes; `read()` never blocks."""

    def __init__(self, descriptor: int, folder: Path) -> None:
        self._fd = descriptor
        self.folder = folder
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)

    @classmethod
    def open(cls, folder: Path) -> FolderEvents | None:
        """Events of `folder`, or None where inotify is not there (not Linux, the
        watch limit reached): the caller then looks at the folder itself."""
        if not sys.platform.startswith("linux"):
            return None
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            descriptor = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
            if descriptor < 0:
                raise OSError(ctypes.get_errno(), "inotify_init1")
            if libc.inotify_add_watch(descriptor, os.fsencode(folder), WATCHED) < 0:
                code = ctypes.get_errno()
                os.close(descriptor)
                raise OSError(code, os.strerror(code))
        except (OSError, AttributeError) as error:
            log.info("no inotify for %s (%s): the folder is polled", folder, error)
            return None
        return cls(descriptor, Path(folder))

    def wait(self, timeout: float) -> None:
        ready, _, _ = select.select([self._fd, self._wake_read], [], [], max(0.0, timeout))
        if self._wake_read in ready:
            try:
                os.read(self._wake_read, 64)
            except BlockingIOError:
                pass

    def wake(self) -> None:
        """Let a wait() return now (from another thread)."""
        try:
            os.write(self._wake_write, b"!")
        except OSError:
            pass

    def read(self) -> list[FileEvent]:
        events = []
        while True:
            try:
                data = os.read(self._fd, _READ_BYTES)
            except BlockingIOError:
                return events
            except OSError as error:
                if error.errno == errno.EINTR:
                    continue
                raise
            offset = 0
            while offset + _HEADER.size <= len(data):
                _, mask, cookie, length = _HEADER.unpack_from(data, offset)
                raw = data[offset + _HEADER.size:offset + _HEADER.size + length].rstrip(b"\0")
                offset += _HEADER.size + length
                if not mask & IS_DIR:
                    events.append(FileEvent(os.fsdecode(raw), mask, cookie))

    def close(self) -> None:
        for descriptor in (self._fd, self._wake_read, self._wake_write):
            try:
                os.close(descriptor)
            except OSError:
                pass
