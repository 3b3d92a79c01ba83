"""The culling area of the window: grid, loupe, compare and survey in one stack, the
filmstrip under the large views and the side panel beside them, all following one
selection, with previews of the current frame and its neighbours decoded ahead."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from shotkind_desktop.core.crops import CropGuide
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.compare_view import CompareView
from shotkind_desktop.ui.filter_bar import FilterBar
from shotkind_desktop.ui.frame_proxy import FrameProxy
from shotkind_desktop.ui.frame_views import frame_view
from shotkind_desktop.ui.grid_view import Filmstrip, GridView, select_row
from shotkind_desktop.ui.loupe_view import LoupeView
from shotkind_desktop.ui.overlays import OverlaySet
from shotkind_desktop.ui.preview_loader import LoadedPreview, PreviewLoader
from shotkind_desktop.ui.shoot_model import ShootModel, group_words
from shotkind_desktop.ui.side_panel import SidePanel
from shotkind_desktop.ui.survey_view import SurveyView

MODES = ("grid", "loupe", "compare", "survey")
PREFETCH_AHEAD, PREFETCH_BEHIND = 2, 1   # culling moves forward; one back for a second look
SURVEY_LIMIT = 12                        # tiles beyond this are too small to judge


class Workspace(QWidget):
    """Shows the shoot in the current mode.

    Signals:
        current_changed(object): the current Frame (or None).
        mode_changed(str): one of MODES.
        guide_adjusted(str name, str ratio, object CropGuide)
    """

    current_changed = Signal(object)
    mode_changed = Signal(str)
    guide_adjusted = Signal(str, str, object)

    def __init__(self, model: ShootModel, proxy: FrameProxy, parent=None) -> None:
        super().__init__(parent)
        self.model, self.proxy = model, proxy
        self.mode = "grid"
        self.overlays = OverlaySet()
        self.adjustments: dict[str, dict] = {}   # name -> ratio -> box, from the catalog
        self.previews = PreviewLoader(parent=self)

        self.filter_bar = FilterBar()
        self.grid = GridView()
        self.grid.setModel(proxy)
        self.filmstrip = Filmstrip()
        self.filmstrip.setModel(proxy)
        self.filmstrip.setSelectionModel(self.grid.selectionModel())   # one selection
        self.loupe = LoupeView()
        self.compare = CompareView()
        self.survey = SurveyView()
        self.side_panel = SidePanel()

        self.stack = QStackedWidget()
        for view in (self.grid, self.loupe, self.compare, self.survey):
            self.stack.addWidget(view)
        views = QWidget()
        column = QVBoxLayout(views)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(_scrolling(self.filter_bar))
        column.addWidget(self.stack, 1)
        column.addWidget(self.filmstrip)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(views)
        self.splitter.addWidget(self.side_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(0, False)
        self.side_panel.setMinimumWidth(self.side_panel.sizeHint().width())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.filmstrip.hide()

        self.selection = self.grid.selectionModel()
        self.selection.currentChanged.connect(self._current_moved)
        self.selection.selectionChanged.connect(self._selection_changed)
        self.previews.ready.connect(self._preview_ready)
        self.previews.failed.connect(self._preview_failed)
        self.loupe.guide_adjusted.connect(lambda ratio, guide: self._guide_adjusted(
            self.current_frame(), ratio, guide))
        self.compare.guide_adjusted.connect(lambda name, ratio, guide: self._guide_adjusted(
            self.model.frame(name), ratio, guide))
        self.survey.frame_clicked.connect(self._survey_clicked)
        self.grid.doubleClicked.connect(lambda index: self.set_mode("loupe"))
        self.model.dataChanged.connect(self._frames_updated)

    # ---- frames ------------------------------------------------------------------------

    def current_frame(self) -> Frame | None:
        index = self.selection.currentIndex()
        return index.data(ShootModel.FrameRole) if index.isValid() else None

    def selected_frames(self) -> list[Frame]:
        """Selected frames in view order; the current one alone when nothing is selected."""
        rows = sorted(index.row() for index in self.selection.selectedIndexes())
        frames = [self.proxy.index(row, 0).data(ShootModel.FrameRole) for row in rows]
        if not frames and (current := self.current_frame()) is not None:
            frames = [current]
        return frames

    def select_first(self) -> None:
        select_row(self.grid, 0)

    def move(self, steps: int) -> bool:
        """Make the frame `steps` away (in view order) current, alone in the selection."""
        row = self.selection.currentIndex().row()
        target = max(0, min(self.proxy.rowCount() - 1, row + steps))
        if self.proxy.rowCount() == 0 or target == row:
            return False
        select_row(self.active_view(), target)
        return True

    def active_view(self):
        return self.grid if self.mode == "grid" else self.filmstrip

    def neighbours(self, frame: Frame) -> list[Frame]:
        row = self.selection.currentIndex().row()
        rows = [row + n for n in range(1, PREFETCH_AHEAD + 1)] + \
               [row - n for n in range(1, PREFETCH_BEHIND + 1)]
        return [self.proxy.index(r, 0).data(ShootModel.FrameRole)
                for r in rows if 0 <= r < self.proxy.rowCount()]

    # ---- modes ---------------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.stack.setCurrentWidget({"grid": self.grid, "loupe": self.loupe,
                                     "compare": self.compare, "survey": self.survey}[mode])
        self.filmstrip.setVisible(mode != "grid")
        if mode == "grid":
            self.grid.setFocus()
            current = self.selection.currentIndex()
            if current.isValid():
                self.grid.scrollTo(current)
        self.show_current()
        self.mode_changed.emit(mode)

    def set_overlays(self, overlays: OverlaySet) -> None:
        reframed = overlays.framings() != self.overlays.framings()
        self.overlays = overlays
        self.loupe.set_overlays(overlays)
        self.compare.set_overlays(overlays)
        if reframed:                      # LinkedIn's square frames the face differently
            self.show_current()

    def toggle_zoom(self) -> None:
        """Fit <-> 100%; at 100% the full-resolution image is decoded and swapped in."""
        frame = self.current_frame()
        if frame is None:
            return
        if self.mode == "loupe":
            self.loupe.toggle_zoom()
            if not self.loupe.is_fitted():
                self.previews.want([frame], full_resolution=frame)
        elif self.mode == "compare":
            self.compare.toggle_zoom()
            if not self.compare.left.is_fitted():
                left, right = self._compared()
                self.previews.want([left], full_resolution=left)

    # ---- showing -----------------------------------------------------------------------

    def show_current(self) -> None:
        """Put the current frame (or frames) on screen from the preview cache, and ask
        for whatever is missing plus the neighbours."""
        frame = self.current_frame()
        self._show_side_panel(frame)
        if frame is None:
            return
        wanted = [frame]
        if self.mode == "loupe":
            self.loupe.show_view(self._view_of(frame))
            wanted += self.neighbours(frame)
        elif self.mode == "compare":
            left, right = self._compared()
            self.compare.show_frames(self._view_of(left), self._view_of(right))
            wanted = [left, right] + self.neighbours(frame)
        elif self.mode == "survey":
            frames = self.selected_frames()[:SURVEY_LIMIT]
            self.survey.show_frames([self._view_of(f) for f in frames], frame.name)
            wanted = frames
        full = frame if self.mode == "loupe" and not self.loupe.is_fitted() else None
        self.previews.want(wanted, full_resolution=full)

    def _compared(self) -> tuple[Frame, Frame]:
        """Select: the current frame. Candidate: another selected frame, else the next."""
        frame = self.current_frame()
        others = [f for f in self.selected_frames() if f.name != frame.name]
        if others:
            return frame, others[0]
        following = self.neighbours(frame)
        return frame, following[0] if following else frame

    def _view_of(self, frame: Frame):
        preview = self.previews.cached(frame.name, True) or self.previews.cached(frame.name)
        return frame_view(frame, preview, self.adjustments.get(frame.name, {}),
                          self.previews.error(frame.name), self.overlays.framings())

    def _show_side_panel(self, frame: Frame | None) -> None:
        if frame is None:
            self.side_panel.show_frame("", None, None, None)
            self.side_panel.show_group("")
            return
        preview = self.previews.cached(frame.name)
        self.side_panel.show_frame(frame.name, preview.capture if preview else None, frame.result,
                                   preview.histogram if preview else None)
        row = self.model.row_of(frame.name)
        self.side_panel.show_group(group_words(self.model.keeper_at(row)) if row is not None else "")

    @Slot(object)
    def _preview_ready(self, preview: LoadedPreview) -> None:
        frame = self.current_frame()
        if frame is None:
            return
        shown = {frame.name}
        if self.mode == "compare":
            shown |= {f.name for f in self._compared()}
        elif self.mode == "survey":
            shown |= {f.name for f in self.selected_frames()[:SURVEY_LIMIT]}
        if preview.name not in shown:
            return   # a prefetched neighbour: kept in the cache for later
        if preview.full_resolution and self.mode == "loupe":
            self.loupe.set_full_image(preview.image)
        elif preview.full_resolution and self.mode == "compare":
            self.compare.set_full_image(preview.name, preview.image)
        else:
            self.show_current()

    @Slot(str, str)
    def _preview_failed(self, name: str, message: str) -> None:
        frame = self.current_frame()
        if frame is not None and (name == frame.name or self.mode != "loupe"):
            self.show_current()

    def _current_moved(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.show_current()
        self.current_changed.emit(self.current_frame())

    def _selection_changed(self, *args) -> None:
        if self.mode in ("compare", "survey"):
            self.show_current()

    def _frames_updated(self, top: QModelIndex, bottom: QModelIndex, roles=()) -> None:
        """A decision or a result for the frame on screen: refresh captions and panel."""
        frame = self.current_frame()
        if frame is None:
            return
        row = self.model.row_of(frame.name)
        if row is None or not top.row() <= row <= bottom.row():
            return
        if self.mode == "grid":
            self._show_side_panel(frame)
        else:
            self.show_current()

    def _survey_clicked(self, name: str) -> None:
        row = self.model.row_of(name)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _guide_adjusted(self, frame: Frame | None, ratio: str, guide: CropGuide) -> None:
        if frame is None:
            return
        self.adjustments.setdefault(frame.name, {})[ratio] = guide.box
        self.guide_adjusted.emit(frame.name, ratio, guide)


def _scrolling(bar: QWidget) -> QScrollArea:
    return _SidewaysScroll(bar)


class _SidewaysScroll(QScrollArea):
    """The filter bar scrolls sideways when the window is narrower than it (a laptop at
    200% scaling) instead of forcing the window wider than the screen; it grows by the
    scroll bar's height only while the scroll bar is there. Signals: none."""

    def __init__(self, bar: QWidget) -> None:
        super().__init__()
        self.setWidget(bar)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._fit_height()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        bar = self.widget()
        height = bar.sizeHint().height()
        if bar.minimumSizeHint().width() > self.width():
            height += self.horizontalScrollBar().sizeHint().height()
        if height != self.height():
            self.setFixedHeight(height)
