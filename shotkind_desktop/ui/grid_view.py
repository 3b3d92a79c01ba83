"""The grid (Library's contact sheet) and the filmstrip: two QListViews over the same
proxy and selection, painted by the same delegate, that say which frames are on screen
so the workers can do those first."""

from __future__ import annotations

from PySide6.QtCore import (QItemSelection, QItemSelectionModel, QModelIndex, QPoint, QRect, QSize,
                            QSortFilterProxyModel, Qt, QTimer, Signal)
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView

from shotkind_desktop.ui.grid_delegate import GridDelegate
from shotkind_desktop.ui.shoot_model import ShootModel

CELL_SIZES = (110, 140, 180, 230, 290, 360)   # logical pixels; = and - step through them
DEFAULT_CELL = 180
FILMSTRIP_CELL = 92
NO_MATCH = "No frames match these filters\nChange or clear the filters above to see the shoot's frames again"


class FrameListView(QListView):
    """A list of frame cells. When the order changes under the current frame (results
    arriving while sorted by a score, frames a filter brings back above it), a current
    frame that was on screen stays where it was on screen, as far as the scroll allows;
    one scrolled away from is left out of sight (a tester's frame drifted from row 7 to
    45 while analysis ran, out of the viewport, the side panel describing it). The
    filmstrip centres the current frame instead.

    Signals:
        visible_names_changed(list): names of the frames on screen, after scrolling or resizing settles.
    """

    visible_names_changed = Signal(list)

    def __init__(self, cell_size: int, parent=None) -> None:
        super().__init__(parent)
        self.delegate = GridDelegate(self, cell_size)
        self.setItemDelegate(self.delegate)
        self.setUniformItemSizes(True)      # thousands of frames: no per-cell size queries
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setMovement(QListView.Movement.Static)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(False)
        self.setViewMode(QListView.ViewMode.IconMode)   # cells in rows, left to right
        self.setFlow(QListView.Flow.LeftToRight)
        self.setSpacing(0)
        self.setGridSize(QSize(cell_size, cell_size))
        self._settle = QTimer(self, singleShot=True, interval=60, timeout=self._announce_visible)
        self.verticalScrollBar().valueChanged.connect(self._settle.start)
        self.horizontalScrollBar().valueChanged.connect(self._settle.start)
        self._current_place: tuple[str, QPoint] | None = None   # name, cell on screen, before a change

    def setModel(self, model) -> None:
        super().setModel(model)
        for about in (model.layoutAboutToBeChanged, model.rowsAboutToBeInserted, model.rowsAboutToBeRemoved):
            about.connect(self._note_current_place)
        for done in (model.layoutChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
            done.connect(self._order_changed)

    def _note_current_place(self, *args) -> None:
        current = self.currentIndex()
        cell = self.visualRect(current) if current.isValid() else QRect()
        self._current_place = ((current.data(ShootModel.NameRole), cell.topLeft())
                               if cell.intersects(self.viewport().rect()) else None)

    def _order_changed(self, *args) -> None:
        place, self._current_place = self._current_place, None
        current = self.currentIndex()
        if place is None or not current.isValid() or current.data(ShootModel.NameRole) != place[0]:
            return
        moved = self.visualRect(current).topLeft() - place[1]
        for bar, pixels in ((self.verticalScrollBar(), moved.y()), (self.horizontalScrollBar(), moved.x())):
            bar.setValue(bar.value() + pixels)
        self.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)

    def visible_names(self) -> list[str]:
        """Frames whose cells intersect the viewport, in view order."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return []
        viewport = self.viewport().rect()
        first = self.indexAt(viewport.topLeft())
        names = []
        for row in range(first.row() if first.isValid() else 0, model.rowCount()):
            index = model.index(row, 0)
            rect = self.visualRect(index)
            if rect.top() > viewport.bottom() or rect.left() > viewport.right():
                break   # cells are laid out in row order: nothing further is on screen
            if rect.intersects(viewport):
                names.append(index.data(ShootModel.NameRole))
        return names

    def set_cell_size(self, size: int) -> None:
        self.delegate.cell_size = size
        self.setGridSize(QSize(size, size))
        self.scheduleDelayedItemsLayout()
        current = self.currentIndex()
        if current.isValid():
            self.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)
        self._settle.start()

    def cell_size(self) -> int:
        return self.delegate.cell_size

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._settle.start()

    def _announce_visible(self) -> None:
        self.visible_names_changed.emit(self.visible_names())


class GridView(FrameListView):
    """Thumbnails of the whole shoot, wrapping to the width of the window.

    Signals:
        open_current(): Return, Enter or Space on the current frame: show it large, as
            in Lightroom's Library (testers' fingers went there first). Ctrl+Space keeps
            Qt's meaning, a frame in or out of the selection.
    """

    open_current = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(DEFAULT_CELL, parent)
        self.setObjectName("grid")
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self._chosen = DEFAULT_CELL

    def keyPressEvent(self, event) -> None:
        opens = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or (
            event.key() == Qt.Key.Key_Space and event.modifiers() == Qt.KeyboardModifier.NoModifier)
        if opens and self.currentIndex().isValid():
            self.open_current.emit()
            return
        super().keyPressEvent(event)

    def set_cell_size(self, size: int) -> None:
        """The size the photographer chose; cells then grow a little so whole columns
        fill the width, as in Lightroom, instead of leaving a strip at the right."""
        self._chosen = size
        self._fill_width()

    def cell_size(self) -> int:
        return self._chosen

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fill_width()

    def _fill_width(self) -> None:
        chosen = self.cell_size()
        width = self.viewport().width() - 2   # QListView wraps a row that fills it exactly
        columns = max(1, width // chosen)
        size = max(chosen, width // columns) if width >= chosen else chosen
        if size != self.delegate.cell_size or self.gridSize().width() != size:
            super().set_cell_size(size)

    def step_cell_size(self, steps: int) -> None:
        sizes = CELL_SIZES
        current = min(range(len(sizes)), key=lambda i: abs(sizes[i] - self.cell_size()))
        self.set_cell_size(sizes[max(0, min(len(sizes) - 1, current + steps))])

    def empty_message(self) -> str:
        """What the grid says when the filters hide every frame of the shoot (a blank grid
        reads as a shoot gone or still loading); "" otherwise."""
        model = self.model()
        source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else None
        if model is None or model.rowCount() or source is None or not source.rowCount():
            return ""
        return NO_MATCH

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        message = self.empty_message()
        if message:
            headline, hint = message.split("\n")
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            area = self.viewport().rect()
            font = painter.font()
            line = painter.fontMetrics().height()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.3)
            painter.setFont(font)
            painter.drawText(area.adjusted(0, 0, 0, -2 * line), Qt.AlignmentFlag.AlignCenter, headline)
            font.setBold(False)
            font.setPointSizeF(font.pointSizeF() / 1.3)
            painter.setFont(font)
            painter.drawText(area.adjusted(0, line, 0, 0), Qt.AlignmentFlag.AlignCenter, hint)
            painter.end()


class Filmstrip(FrameListView):
    """One row of small cells under the loupe, compare and survey views, there to say
    where the current frame is among its neighbours: centred on it whenever it moves, the
    window is resized, the strip is shown again or the frames change (a tester's strip
    showed IMG_0001 onwards beside IMG_0146 after a sitter and then all sitters, and lost
    the current frame when the window was made smaller)."""

    def __init__(self, parent=None) -> None:
        super().__init__(FILMSTRIP_CELL, parent)
        self.setObjectName("filmstrip")
        self.setWrapping(False)
        self.delegate.show_names = False
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(FILMSTRIP_CELL + self.horizontalScrollBar().sizeHint().height() + 4)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # keys go to the window's actions

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        super().currentChanged(current, previous)
        self._centre_current()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._centre_current()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._centre_current()

    def _order_changed(self, *args) -> None:
        self._current_place = None
        self._centre_current()

    def _centre_current(self) -> None:
        current = self.currentIndex()
        if current.isValid():
            self.scrollTo(current, QAbstractItemView.ScrollHint.PositionAtCenter)


def select_row(view: QAbstractItemView, row: int, extend: bool = False) -> None:
    """Make `row` current and selected (alone unless `extend`), and show it."""
    model = view.model()
    if model is None or not 0 <= row < model.rowCount():
        return
    index = model.index(row, 0)
    flags = QItemSelectionModel.SelectionFlag.Current
    flags |= (QItemSelectionModel.SelectionFlag.Select if extend
              else QItemSelectionModel.SelectionFlag.ClearAndSelect)
    view.selectionModel().setCurrentIndex(index, flags)
    view.scrollTo(index)


def select_rows(view: QAbstractItemView, rows: list[int], current: int) -> None:
    """Select exactly `rows`, make `current` (one of them) current, and show it."""
    model = view.model()
    if model is None or not 0 <= current < model.rowCount():
        return
    chosen = QItemSelection()
    for row in rows:
        if 0 <= row < model.rowCount():
            chosen.select(model.index(row, 0), model.index(row, 0))
    selection = view.selectionModel()
    selection.setCurrentIndex(model.index(current, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    selection.select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    view.scrollTo(model.index(current, 0))
