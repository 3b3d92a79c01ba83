"""Which new pictures in a folder have been written whole: a card still being copied into
an open shoot, a file renamed there, and above all tether software's captures.

Capture One, the camera maker's utility or gphoto2 write each frame into the session
folder as it is taken: in pieces, sometimes under a temporary name renamed into place,
a RAW and its JPEG seconds apart. A file read too early is a truncated frame; one read
too late costs the sitter's time. So a picture is complete when

- it was renamed into place (inotify's IN_MOVED_TO): the rename is a writer's last act;
- or its writer closed it (IN_CLOSE_WRITE) and nothing wrote to it for CLOSE_QUIET
  seconds after (a writer that closes after each piece opens it again at once, and a
  temporary name closed is renamed at once);
- or its size and modification time stayed the same for SETTLE_SECONDS, when no write
  to it was seen: what inotify cannot see (a share written by another computer, macOS
  and Windows, a file begun before the watch). A file seen being written waits for its
  close, however long the writer pauses, up to GIVE_UP_SECONDS without a change;

and, for a JPEG, the file ends with its end-of-image marker, so a writer that pauses
mid-file is not taken for done (a JPEG that never gets one is taken after
GIVE_UP_SECONDS without a change, and its frame then says it is truncated). An empty
file is never complete. Temporary names are not pictures (`.tmp`, `.part`, hidden
names), so they are never candidates; a picture that vanishes before it is complete is
forgotten, and one reported complete that vanishes later is reported gone.

/proc/*/fd was the other way to see a writer still at work: it sees only this
computer's processes, which inotify already covers, and costs a walk through every
process's descriptors per look. Plain Python, no Qt: the window runs it on a thread.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.live import inotify
from shotkind_desktop.core.decisions.catalog import FileIdentity

CLOSE_QUIET = 0.15        # seconds after a close with no write before the file counts as done
SETTLE_SECONDS = 1.0      # unchanged this long: done, where no event says so
GIVE_UP_SECONDS = 10.0    # a JPEG without its end marker, unchanged this long: taken as it is
POLL_SECONDS = 0.25       # how often the folder is listed without inotify (a live session)
QUIET_POLL_SECONDS = 2.0  # the same for a shoot open without one: a card copy shows up soon enough
RESCAN_SECONDS = 5.0      # with inotify, a listing this often still (an overflowed queue, a share)
TAIL_BYTES = 4096         # read from a JPEG's end to find its end marker past zero padding
MOVES_KEPT = 256          # names moved away whose rename's other half may still come


@dataclass(frozen=True)
class Arrival:
    """A picture that became complete: its path and the identity it was complete with;
    `renamed_from`: the name it had in this folder, when the kernel said it was renamed
    (inotify's pair of moves), not copied or written anew."""

    path: Path
    identity: FileIdentity
    renamed_from: str | None = None


@dataclass
class _Candidate:
    size: int = -1
    mtime_ns: int = -1
    changed: float = 0.0          # when its size or time was last seen to change
    closed: float | None = None   # when its writer closed it (or renamed it here), if seen
    renamed: bool = False
    written: bool = False         # a write was seen (inotify): its close will say when it is done
    renamed_from: str | None = None   # its name before a rename within the folder


class LiveFolder:
    """Watches one folder (not its sub-folders) for pictures that arrive complete.

    `known` names are the shoot's already and are never reported as arrivals. Call
    `wait()` then `poll()` in a loop on a thread; `wake()` ends a wait from another."""

    def __init__(self, folder: Path, known: Iterable[str] = (), use_inotify: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.folder = Path(folder)
        self._clock = clock
        self._known = set(known)
        self._arrived: set[str] = set()
        self._candidates: dict[str, _Candidate] = {}
        self._events = inotify.FolderEvents.open(self.folder) if use_inotify else None
        self._woken = threading.Event()
        self._next_listing = 0.0
        self._maybe_gone: set[str] = set()
        self._moved_away: dict[int, str] = {}   # rename cookie -> the name it left
        self._listed: dict[str, int] = {}       # the last listing: name -> inode
        self.poll_seconds = POLL_SECONDS   # set from another thread: a float is written whole

    @property
    def uses_events(self) -> bool:
        """True when the kernel tells of writes (inotify); False when the folder is polled."""
        return self._events is not None

    def wait(self, timeout: float | None = None) -> None:
        """Until something may have changed: an event, a wake(), or the next look due."""
        if timeout is None:
            timeout = self.next_look()
        if self._events is not None:
            self._events.wait(timeout)
        else:
            self._woken.wait(timeout)
            self._woken.clear()

    def next_look(self) -> float:
        """Seconds until poll() has something to decide without an event."""
        if self._candidates:
            return min(POLL_SECONDS, CLOSE_QUIET)
        if self._events is None:
            return self.poll_seconds
        return max(0.0, min(RESCAN_SECONDS, self._next_listing - self._clock()))

    def wake(self) -> None:
        if self._events is not None:
            self._events.wake()
        self._woken.set()

    def close(self) -> None:
        if self._events is not None:
            self._events.close()
            self._events = None

    def poll(self) -> tuple[list[Arrival], list[Path]]:
        """(pictures complete since the last poll, pictures reported before that are gone)."""
        now = self._clock()
        self._read_events(now)
        if self._events is None or now >= self._next_listing:
            self._list(now)
            self._next_listing = now + RESCAN_SECONDS
        arrivals = []
        for name, candidate in list(self._candidates.items()):
            identity = self._look(name, candidate, now)
            if identity is not None:
                del self._candidates[name]
                self._arrived.add(name)
                arrivals.append(Arrival(self.folder / name, identity, candidate.renamed_from))
        gone = [name for name in self._maybe_gone if not (self.folder / name).exists()]
        self._maybe_gone.clear()
        for name in gone:
            self._arrived.discard(name)
        return arrivals, [self.folder / name for name in sorted(gone)]

    # ---- what is in the folder ---------------------------------------------------------

    def _read_events(self, now: float) -> None:
        if self._events is None:
            return
        try:
            events = self._events.read()
        except OSError:
            events = [inotify.FileEvent("", inotify.OVERFLOW)]
        for event in events:
            if event.mask & inotify.OVERFLOW:
                self._next_listing = now      # events were lost: look at everything
                continue
            name = event.name
            if not name or not _is_picture(name):
                continue
            if event.mask & inotify.MOVED_FROM and event.cookie:
                self._moved_away[event.cookie] = name
                while len(self._moved_away) > MOVES_KEPT:     # moved out of the folder: no pair comes
                    del self._moved_away[next(iter(self._moved_away))]
            if event.mask & (inotify.DELETE | inotify.MOVED_FROM):
                self._candidates.pop(name, None)
                if name in self._arrived:
                    self._maybe_gone.add(name)
                # the name is free: tether software lands its next capture under the
                # temporary name it just renamed away, and that is a new picture
                self._arrived.discard(name)
                self._known.discard(name)
                continue
            if name in self._known or name in self._arrived:
                continue
            candidate = self._candidates.setdefault(name, _Candidate(changed=now))
            if event.mask & (inotify.MODIFY | inotify.CREATE):
                candidate.changed, candidate.closed, candidate.renamed = now, None, False
                candidate.written, candidate.renamed_from = True, None
            if event.mask & inotify.CLOSE_WRITE:
                candidate.closed = now
            if event.mask & inotify.MOVED_TO:
                candidate.closed, candidate.renamed = now, True
                candidate.renamed_from = self._moved_away.pop(event.cookie, None) if event.cookie else None

    def _list(self, now: float) -> None:
        """A new name holding the inode a name gone since the last listing had is that
        file renamed (what inotify's pair of moves says, for a polled folder)."""
        try:
            inodes = {entry.name: entry.inode() for entry in os.scandir(self.folder)
                      if _is_picture(entry.name)}
        except OSError:
            return                        # gone or unreadable: the window says so
        names = set(inodes)
        left = {inode: name for name, inode in self._listed.items() if name not in inodes}
        self._listed = inodes
        for name in names - self._known - self._arrived - set(self._candidates):
            self._candidates[name] = _Candidate(changed=now, renamed_from=left.get(inodes[name]))
        for name in self._arrived - names:
            self._maybe_gone.add(name)
        for name in set(self._candidates) - names:
            del self._candidates[name]

    def _look(self, name: str, candidate: _Candidate, now: float) -> FileIdentity | None:
        """The file's identity when it is complete now, else None. A change of size or
        time seen here restarts the settling; only a write event undoes a close."""
        try:
            status = os.stat(self.folder / name)
        except OSError:
            self._candidates.pop(name, None)   # vanished before it was complete
            return None
        if (status.st_size, status.st_mtime_ns) != (candidate.size, candidate.mtime_ns):
            if candidate.size >= 0:
                candidate.changed = now
            candidate.size, candidate.mtime_ns = status.st_size, status.st_mtime_ns
        if status.st_size == 0 or not stat.S_ISREG(status.st_mode):
            return None
        quiet = now - candidate.changed
        given_up = quiet >= GIVE_UP_SECONDS
        settled = quiet >= SETTLE_SECONDS and not candidate.written
        closed = candidate.closed is not None and (candidate.renamed or now - candidate.closed >= CLOSE_QUIET)
        if not (settled or closed or given_up):
            return None
        if filetypes.is_jpeg(Path(name)) and not given_up and not ends_with_jpeg_end(self.folder / name):
            return None
        return FileIdentity(status.st_size, status.st_mtime_ns)


def ends_with_jpeg_end(path: Path) -> bool:
    """True when the file's last bytes, past any zero padding, are a JPEG end-of-image
    marker: what a writer puts last. (Data a phone appends after the picture, a motion
    photo, fails this; such a file is still taken after GIVE_UP_SECONDS.)"""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - TAIL_BYTES))
            tail = handle.read().rstrip(b"\0")
    except OSError:
        return False
    return tail.endswith(b"\xff\xd9")


def _is_picture(name: str) -> bool:
    return not name.startswith(".") and filetypes.is_image(Path(name))
