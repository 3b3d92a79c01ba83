"""Sitters ▸ Client Contact Sheet: the title, the photographer's name and the delivery
crop asked for, then the PDF made in the background (every frame is cut from its
full-resolution picture, seconds for a day of forty sitters), and the window told where
it is and what could not be read."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit

from shotkind_desktop.core.delivery.client_sheet import client_frames, write_client_sheet
from shotkind_desktop.ui import settings
from shotkind_desktop.ui.background import WorkPool
from shotkind_desktop.ui.consistency_view import CROPS
from shotkind_desktop.core.words import counted

PHOTOGRAPHER = settings.EXPORT_PREFIX + "creator"   # the export's Creator: the same person


class ClientSheetDialog(QDialog):
    """What goes on the sheet's head and which crop it shows. Signals: QDialog's own."""

    def __init__(self, parent, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Client Contact Sheet")
        self.title = QLineEdit(title)
        self.photographer = QLineEdit(settings.settings().value(PHOTOGRAPHER, "", type=str))
        self.photographer.setPlaceholderText("Your name, as the client knows it")
        self.crop = QComboBox()
        self.crop.addItems(list(CROPS))
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Photographer", self.photographer)
        form.addRow("Frames cropped as", self.crop)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        settings.settings().setValue(PHOTOGRAPHER, self.photographer.text().strip())
        super().accept()


class ClientSheetMaker(QObject):
    """Makes sheets one at a time off the GUI thread.

    Signals:
        done(str): what happened, for the status bar ("… saved to …", or why not).
    """

    done = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.pool = WorkPool("client sheets", threads=1, parent=self)

    def make(self, target: Path, sitters, paths, results, decisions, crop: str, adjustments,
             title: str, photographer: str) -> None:
        ratio, framing = CROPS[crop]
        adjustments = {name: dict(boxes) for name, boxes in adjustments.items()}   # a copy for the worker

        def work() -> str:
            pages, problems = client_frames(sitters, paths, results, decisions, ratio, framing, adjustments)
            count = write_client_sheet(target, pages, title, photographer)
            said = f"Client contact sheet saved to {target} ({counted(len(pages), 'sitter')}, {counted(count, 'page')})"
            if problems:
                said += f"; left off, as unreadable: {'; '.join(problems[:3])}"
            return said

        self.pool.submit(work, failing="The client contact sheet could not be saved",
                         done=lambda said, error: self.done.emit(said or error))

    def wait(self) -> None:
        """Until the sheets asked for are made and said (tests)."""
        self.pool.wait()
        self.pool.mailbox.deliver_now()

