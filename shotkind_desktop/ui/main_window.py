"""The main window: open a shoot and see its frames listed in capture order.

Scanning only reads EXIF heads, so it runs on the GUI thread for now; decoding and
analysis, and the culling workspace that replaces the plain list, come in later issues.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QFileDialog, QLabel, QListView, QMainWindow, QMessageBox,
                               QStackedWidget)

from shotkind_desktop.core.scan import scan_shoot
from shotkind_desktop.ui.actions import make_action, shortcut_text
from shotkind_desktop.ui.frame_list_model import FrameListModel


class MainWindow(QMainWindow):
    """ShotKind's top-level window: a welcome page until a shoot is open, then its frames.

    Signals:
        shoot_opened(Path): a shoot's frames are listed; carries its folder.
    """

    shoot_opened = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("ShotKind")
        self.resize(1000, 680)
        self.frames = FrameListModel(self)

        self.welcome = QLabel(f"Open a shoot folder ({shortcut_text('open_shoot')})")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.welcome.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.welcome.setFont(font)

        self.frame_list = QListView()
        self.frame_list.setModel(self.frames)
        self.frame_list.setUniformItemSizes(True)   # a shoot can hold thousands of frames
        self.frame_list.setAlternatingRowColors(True)

        self._pages = QStackedWidget()
        self._pages.addWidget(self.welcome)
        self._pages.addWidget(self.frame_list)
        self.setCentralWidget(self._pages)

        # A permanent label, not showMessage(): menu status tips would wipe a message.
        self.shoot_summary = QLabel()
        self.statusBar().addWidget(self.shoot_summary)
        self._build_menus()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = make_action("open_shoot", self)
        self.open_action.triggered.connect(self.choose_shoot)
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        quit_action = make_action("quit", self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    @Slot()
    def choose_shoot(self) -> None:
        start = self.frames.folder() or Path.home()
        chosen = QFileDialog.getExistingDirectory(self, "Open Shoot", str(start))
        if chosen:
            self.open_shoot(Path(chosen))

    def open_shoot(self, folder: Path) -> bool:
        """List the frames of `folder`; says so in a dialog when it cannot."""
        try:
            if not folder.is_dir():
                raise NotADirectoryError(f"not a folder: {folder}")
            frames = scan_shoot(folder)
        except OSError as error:
            QMessageBox.warning(self, "Could not open the shoot", str(error))
            return False
        self.frames.load(folder, frames)
        self._pages.setCurrentWidget(self.frame_list)
        self.shoot_summary.setText(frames_summary(len(frames), folder))
        self.shoot_opened.emit(folder)
        return True


def frames_summary(count: int, folder: Path) -> str:
    noun = "frame" if count == 1 else "frames"
    return f"{count} {noun} in {folder}"
