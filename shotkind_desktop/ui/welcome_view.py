"""The first thing a photographer sees: what ShotKind is for, "Open Shoot…", the shoots
opened lately (one click back into yesterday's job) and a hint that a folder can be
dropped on the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMenu,
                               QPushButton, QVBoxLayout, QWidget)

from shotkind_desktop.resources import resource_path
from shotkind_desktop.ui.actions import shortcut_text

PathRole = Qt.ItemDataRole.UserRole


class WelcomeView(QWidget):
    """Shown until a shoot is open.

    Signals:
        open_clicked(): "Open Shoot…" was pressed.
        recent_chosen(object): a recent shoot's folder (Path) was activated.
        forget_requested(object): remove this folder (Path) from the recent shoots.
    """

    open_clicked = Signal()
    recent_chosen = Signal(object)
    forget_requested = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeView")
        icon = QLabel()
        icon.setPixmap(QIcon(str(resource_path("shotkind.svg"))).pixmap(QSize(96, 96)))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("ShotKind")
        title.setObjectName("welcomeTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lead = QLabel("Cull a portrait or headshot shoot: every frame scored for headshot "
                      "suitability, decisions written to XMP sidecars.")
        lead.setWordWrap(True)
        lead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QPushButton(f"Open Shoot…  ({shortcut_text('open_shoot')})")
        self.open_button.setObjectName("openShoot")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_clicked)
        self.drop_hint = QLabel("or drop a folder of photos on this window")
        self.drop_hint.setObjectName("dropHint")
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.recent_title = QLabel("Recent shoots")
        self.recent_title.setObjectName("recentTitle")
        self.recent = QListWidget()
        self.recent.setObjectName("recentShoots")
        self.recent.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.recent.customContextMenuRequested.connect(self._recent_menu)
        self.recent.itemActivated.connect(lambda item: self.recent_chosen.emit(item.data(PathRole)))
        self.recent.setToolTip("Double-click or press Enter to open; right-click to remove")

        column = QVBoxLayout()
        column.addStretch(2)
        for widget in (icon, title, lead):
            column.addWidget(widget)
        column.addSpacing(18)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.open_button)
        row.addStretch()
        column.addLayout(row)
        column.addWidget(self.drop_hint)
        column.addSpacing(22)
        column.addWidget(self.recent_title)
        column.addWidget(self.recent, 3)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)
        self.set_recent([])

    def set_recent(self, folders: list[Path]) -> None:
        """List the recent shoots; a folder that is not there now is marked, not hidden
        (the card or disk may simply be unplugged)."""
        self.recent.clear()
        for folder in folders:
            present = folder.is_dir()
            text = f"{folder.name or folder}\n{folder.parent}" + ("" if present else "   — not found")
            item = QListWidgetItem(text)
            item.setData(PathRole, folder)
            item.setToolTip(str(folder) if present else f"{folder} is not there now")
            if not present:
                item.setForeground(self.palette().placeholderText())
            self.recent.addItem(item)
        self.recent_title.setVisible(bool(folders))
        self.recent.setVisible(bool(folders))

    def recent_folders(self) -> list[Path]:
        return [self.recent.item(i).data(PathRole) for i in range(self.recent.count())]

    def _recent_menu(self, position) -> None:
        item = self.recent.itemAt(position)
        if item is None:
            return
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.recent_chosen.emit(item.data(PathRole)))
        menu.addAction("Remove from Recent Shoots", lambda: self.forget_requested.emit(item.data(PathRole)))
        menu.exec(self.recent.viewport().mapToGlobal(position))
