"""The frames of the open shoot as a Qt item model: the one source the frame list (and
later the grid, through a sort/filter proxy) reads from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

Role = Qt.ItemDataRole


class FrameListModel(QAbstractListModel):
    """The frames of one shoot in capture order, named by their path within the folder.

    Signals: only QAbstractItemModel's own; `modelReset` when a shoot is loaded.
    """

    PathRole = Role.UserRole + 1   # the frame's full Path

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._folder: Path | None = None
        self._frames: list[Path] = []
        self._names: list[str] = []

    def load(self, folder: Path, frames: list[Path]) -> None:
        """Show `frames` (files inside `folder`) in place of whatever was shown."""
        self.beginResetModel()
        self._folder = folder
        self._frames = list(frames)
        self._names = [_relative_name(path, folder) for path in self._frames]
        self.endResetModel()

    def folder(self) -> Path | None:
        return self._folder

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._frames)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Role.DisplayRole):
        if not self.checkIndex(index, QAbstractListModel.CheckIndexOption.IndexIsValid):
            return None
        row = index.row()
        if role == Role.DisplayRole:
            return self._names[row]
        if role == Role.ToolTipRole:
            return str(self._frames[row])
        if role == self.PathRole:
            return self._frames[row]
        return None


def _relative_name(path: Path, folder: Path) -> str:
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.name
