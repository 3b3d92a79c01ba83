"""One export (core.delivery.export.run_export) off the GUI thread, for the export dialog and the
proof-gallery dialog alike: its progress and its report come back to the GUI thread, and
Cancel stops after the file being written, so the folder only ever holds whole files
(and the report still says what was done)."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from shotkind_desktop.core.delivery.export import ExportSettings, run_export
from shotkind_desktop.ui.background import WorkPool


class ExportRun(QObject):
    """Runs one export at a time on the 'export' pool.

    Signals (GUI thread):
        progress(int done, int total, str text)
        finished(object): the ExportReport (a cancelled export's too).
        failed(str): the export stopped on an unexpected error; the message says which.
    """

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.pool = WorkPool("export", threads=1, parent=self)
        self._stop = threading.Event()
        self.running = False

    @property
    def cancelling(self) -> bool:
        return self.running and self._stop.is_set()

    def start(self, folder: Path, settings: ExportSettings) -> None:
        if self.running:
            return
        self.running = True
        self._stop = threading.Event()
        self.pool.submit(run_export, folder, settings, self._progress, self._stop, done=self._done)

    def cancel(self) -> None:
        """Stop after the file being written; the report follows as `finished`."""
        self._stop.set()

    def wait(self, seconds: float | None = None) -> bool:
        """Until the export has ended (the dialog is closing); True when it has."""
        return self.pool.wait(seconds)

    def _progress(self, done: int, total: int, text: str) -> None:    # the export's thread
        self.pool.mailbox.post(self.progress.emit, done, total, text)

    def _done(self, report, error: str | None) -> None:
        self.running = False
        if error is not None:
            self.failed.emit(error)
        else:
            self.finished.emit(report)
