"""The eye on an open shoot's folder (folder_arrivals.py, and so a live session):
core.live.live_folder run on a thread of its own, so a slow disk never holds the window,
its findings handed to the GUI thread as signals.

Not a background.WorkPool job, on purpose: the thread spends its life blocked in an OS
read (inotify, or a poll's sleep) until the folder changes or it is woken to stop, which
would hold a pool thread for the whole session. Its findings still reach the GUI thread
the pools' way, through a background.Mailbox."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Iterable

from PySide6.QtCore import QObject, Signal

from shotkind_desktop.core.live.arrivals import picture_size
from shotkind_desktop.core.live.live_folder import POLL_SECONDS, LiveFolder
from shotkind_desktop.ui.background import Mailbox

log = logging.getLogger(__name__)


class LiveWatcher(QObject):
    """Reports pictures finished being written into a folder (a card copy, tether software).

    Signals (delivered on the GUI thread):
        arrived(list): [(Arrival, picture size or None, completed at: time.monotonic())]
        gone(list): [Path] pictures reported before that are no longer there
    """

    arrived = Signal(list)
    gone = Signal(list)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._folder: LiveFolder | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._mailbox = Mailbox(self)
        self.use_inotify = True
        self.poll_seconds = POLL_SECONDS

    def start(self, folder: Path, known: Iterable[str]) -> None:
        self.stop()
        self._stop = threading.Event()
        self._folder = LiveFolder(folder, known, use_inotify=self.use_inotify)
        self._folder.poll_seconds = self.poll_seconds
        self._thread = threading.Thread(target=self._run, args=(self._folder, self._stop),
                                        name="live folder", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._folder is not None:
            self._folder.wake()
        if self._thread is not None:
            self._thread.join(2)
        self._thread = None
        self._folder = None

    @staticmethod
    def _tell(stop: threading.Event, signal, found: list) -> None:
        """On the GUI thread: what the watch found, unless it was stopped meanwhile."""
        if not stop.is_set():
            signal.emit(found)

    def set_poll(self, seconds: float) -> None:
        """How often the folder is listed where the kernel tells of no writes (no inotify)."""
        self.poll_seconds = seconds
        if self._folder is not None:
            self._folder.poll_seconds = seconds
            self._folder.wake()

    def uses_events(self) -> bool:
        return self._folder is not None and self._folder.uses_events

    def _run(self, folder: LiveFolder, stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                arrivals, gone = folder.poll()
                if arrivals and not stop.is_set():
                    now = time.monotonic()
                    found = [(arrival, picture_size(arrival.path), now) for arrival in arrivals]
                    self._mailbox.post(self._tell, stop, self.arrived, found)
                if gone and not stop.is_set():
                    self._mailbox.post(self._tell, stop, self.gone, gone)
                folder.wait()
        except Exception:
            log.exception("watching %s stopped", folder.folder)
        finally:
            folder.close()
