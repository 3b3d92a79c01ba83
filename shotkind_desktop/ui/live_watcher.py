"""The live session's eye on the folder: core.live.live_folder run on a thread of its own, so
a slow disk never holds the window, its findings handed to the GUI thread as signals."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Iterable

from PySide6.QtCore import QObject, Signal

from shotkind_desktop.core.live.arrivals import picture_size
from shotkind_desktop.core.live.live_folder import LiveFolder

log = logging.getLogger(__name__)


class LiveWatcher(QObject):
    """Reports pictures that tether software finished writing into a folder.

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
        self.use_inotify = True

    def start(self, folder: Path, known: Iterable[str]) -> None:
        self.stop()
        self._stop = threading.Event()
        self._folder = LiveFolder(folder, known, use_inotify=self.use_inotify)
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

    def is_watching(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def uses_events(self) -> bool:
        return self._folder is not None and self._folder.uses_events

    def _run(self, folder: LiveFolder, stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                arrivals, gone = folder.poll()
                if arrivals and not stop.is_set():
                    now = time.monotonic()
                    self.arrived.emit([(arrival, picture_size(arrival.path), now) for arrival in arrivals])
                if gone and not stop.is_set():
                    self.gone.emit(gone)
                folder.wait()
        except Exception:
            log.exception("watching %s stopped", folder.folder)
        finally:
            folder.close()
