"""The culling area of the window: grid, loupe, compare and survey in one stack, the face
close-ups and the filmstrip under the large views and the side panel beside them, all
following one selection, with previews (and close-ups) of the current frame and its
neighbours decoded ahead.

Decisions go to what is being judged: every selected frame in the grid, the frame shown
in the loupe, the active side of compare, the active frame of survey (`decision_targets`).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QModelIndex, QPointF, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout, QWidget

from shotkind_desktop.core.decisions.selection import FrameFilter
from shotkind_desktop.core.judgement.closeups import closeup_spots
from shotkind_desktop.core.judgement.crops import CropGuide
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.closeup_loader import CloseupLoader, FrameCloseups
from shotkind_desktop.ui.closeup_panel import CloseupPanel
from shotkind_desktop.ui.compare_view import CompareView
from shotkind_desktop.ui.culling_place import Place, place_before, row_to_go_on
from shotkind_desktop.ui.filter_bar import FilterBar
from shotkind_desktop.ui.frame_proxy import FrameProxy
from shotkind_desktop.ui.frame_sets import FrameSets
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
# When everything on screen is in memory, asking for the frames ahead waits this long: the
# step is painted first (a posted event, well within it), then the decodes start. Started
# with the step, a preview decode and a full-resolution cut took the 2 cores from the GUI
# thread while it painted; the next frame is still ready long before a photographer's
# next key press (the decodes take 0.1-0.8 s).
PREFETCH_DELAY_MS = 20


class Workspace(QWidget):
    """Shows the shoot in the current mode.

    Signals:
        current_changed(object): the current Frame (or None).
        mode_changed(str): one of MODES.
        guide_adjusted(str name, str ratio, object CropGuide)
        view_status_changed(str): which frame keys act on in compare and survey, for the
            status bar ("" in the grid and loupe).
        stopped(str): culling could not move on after a decision hid the frames being
            judged (the end of the list): the keys went back to the new last frame, one
            already seen, and these words say so for the status bar.
    """

    current_changed = Signal(object)
    mode_changed = Signal(str)
    guide_adjusted = Signal(str, str, object)
    view_status_changed = Signal(str)
    stopped = Signal(str)

    def __init__(self, model: ShootModel, proxy: FrameProxy, parent=None) -> None:
        super().__init__(parent)
        self.model, self.proxy = model, proxy
        self.mode = "grid"
        self.overlays = OverlaySet()
        self.adjustments: dict[str, dict] = {}   # name -> ratio -> box, from the catalog
        self.previews = PreviewLoader(parent=self)
        self.closeup_loader = CloseupLoader(parent=self)
        self._closeups_wanted = False
        # The frame the photographer was on, back as current when the filter bar shows it
        # again; `_displaced` while a filter choice (not the photographer) put another there
        self._last_current: str | None = None
        self._displaced = False
        self._filtering = self._placing = False
        self._asks_ahead: dict[str, Callable[[], None]] = {}   # loader -> its latest wish, waiting
        self._ahead_timer = QTimer(self)
        self._ahead_timer.setSingleShot(True)
        self._ahead_timer.setInterval(PREFETCH_DELAY_MS)
        self._ahead_timer.timeout.connect(self._ask_ahead)

        self.filter_bar = FilterBar()
        self.grid = GridView()
        self.grid.setModel(proxy)
        self.filmstrip = Filmstrip()
        self.filmstrip.setModel(proxy)
        self.filmstrip.setSelectionModel(self.grid.selectionModel())   # one selection
        self.loupe = LoupeView()
        self.compare = CompareView()
        self.survey = SurveyView()
        self.closeups = CloseupPanel()
        self.side_panel = SidePanel()

        self.stack = QStackedWidget()
        for view in (self.grid, self.loupe, self.compare, self.survey):
            self.stack.addWidget(view)
        views = QWidget()
        column = QVBoxLayout(views)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.filter_bar)
        column.addWidget(self.stack, 1)
        column.addWidget(self.closeups)
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
        self.closeups.hide()

        self.selection = self.grid.selectionModel()
        self.sets = FrameSets(model, proxy, self.selection, self.filmstrip)
        self.selection.currentChanged.connect(self._current_moved)
        for rows_changed in (proxy.rowsInserted, proxy.rowsRemoved, proxy.layoutChanged):
            rows_changed.connect(self._keep_a_current)
        proxy.modelReset.connect(self._forget_current)
        self.selection.selectionChanged.connect(self._selection_changed)
        self.previews.ready.connect(self._preview_ready)
        self.previews.failed.connect(self._preview_failed)
        self.closeup_loader.ready.connect(self._closeups_ready)
        self.closeup_loader.failed.connect(lambda name, message: self._closeups_ready(None, name))
        self.loupe.guide_adjusted.connect(lambda ratio, guide: self._guide_adjusted(
            self.current_frame(), ratio, guide))
        self.compare.guide_adjusted.connect(lambda name, ratio, guide: self._guide_adjusted(
            self.model.frame(name), ratio, guide))
        self.compare.side_activated.connect(lambda side: self._active_changed())
        self.compare.make_select_clicked.connect(self.make_select)
        self.compare.swap_clicked.connect(self.swap_compared)
        self.survey.frame_clicked.connect(self._survey_clicked)
        self.survey.frame_removed.connect(self.remove_from_survey)
        self.closeups.spot_clicked.connect(self.zoom_to)
        self.filter_bar.done.connect(lambda: self.active_view().setFocus())
        self.grid.doubleClicked.connect(lambda index: self.set_mode("loupe"))
        self.grid.open_current.connect(lambda: self.set_mode("loupe"))
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

    def active_frame(self) -> Frame | None:
        """The frame being judged: the current one, or in compare the active side's."""
        if self.mode == "compare" and (compared := self.sets.compared()) is not None:
            return compared[0] if self.compare.active == "select" else compared[1]
        return self.current_frame()

    def decision_targets(self) -> list[Frame]:
        """What a decision key acts on: the selection in the grid, where every selected
        frame is in sight; in the large views only the frame being judged, never a frame
        selected but not shown or shown beside it."""
        if self.mode == "grid":
            return self.selected_frames()
        frame = self.active_frame()
        return [frame] if frame is not None else []

    def select_first(self) -> None:
        select_row(self.grid, 0)

    def decide(self, names: list[str], apply: Callable[[], object], then_next: bool = False) -> bool:
        """Apply a decision on `names` (`apply` does it). When it hides the frame being
        judged in the grid or the loupe, culling moves on to the frame that followed
        (culling_place); so it does for a decision `then_next` (Shift, auto-advance) that
        leaves it shown, even where the decision re-sorts it: under a sort by rating,
        Shift+3 sent the frame to the top and the keys to its new neighbour, one already
        rated. True when the keys were seen to here, so the window does not step again."""
        current = self.selection.currentIndex()
        if self.mode not in ("grid", "loupe") or not current.isValid():
            apply()
            return False
        place = place_before(self.proxy, current.row(), set(names))
        pose = self._pose_of(place.name)
        apply()
        if self.sets.row_of(place.name) is not None:       # still shown
            if then_next and (row := row_to_go_on(place, self.sets.row_of)) is not None:
                select_row(self.active_view(), row)
            return then_next                   # with nothing after it, the keys stay on it
        stand_in = self._first_shown(pose)
        if stand_in is not None:
            select_row(self.active_view(), stand_in)
        else:
            self._go_on(place, len(names))
        return True

    def _pose_of(self, name: str) -> list[str]:
        """The other frames of `name`'s similar-frame group while groups are collapsed:
        the pose's next best stands in for a face the decision hides, and is judged next
        (culling went on to the next pose and skipped it, unseen)."""
        row = self.model.row_of(name)
        keeper = self.model.keeper_at(row) if self.proxy.collapsed() and row is not None else None
        if keeper is None:
            return []
        return [frame.name for frame in self.model.group_members(keeper.group) if frame.name != name]

    def _first_shown(self, names) -> int | None:
        """The view row of the first of `names` the view shows, None when it shows none."""
        return min((row for row in map(self.sets.row_of, names) if row is not None), default=None)

    def take_step(self, names: list[str], apply: Callable[[], object]) -> None:
        """Undo or redo a decision step on `names` (`apply` does it). In the grid and the
        loupe the keys go to the frame it changed, the first of them shown, alone in the
        selection: after "X, oops, Ctrl+Z" the keys stayed on the frame culling had moved
        on to, and the P meant for the frame brought back picked that one. A redo that
        hides the frames moves on as the decision did."""
        if self.mode not in ("grid", "loupe") or not names:
            apply()
            return
        first = self._first_shown(names)
        place = place_before(self.proxy, first, set(names)) if first is not None else None
        apply()
        first = self._first_shown(names)
        if first is not None:
            select_row(self.active_view(), first)
        elif place is not None:
            self._go_on(place, len(names))

    def _go_on(self, place: Place, decided: int) -> None:
        """The frame that followed `place` becomes current and selected; at the end of
        the list the new last frame does (something must be shown), one the photographer
        has seen already, so `stopped` says it: a tester's X X X there rejected the
        last frame, then the two before it, without a word."""
        row = row_to_go_on(place, self.sets.row_of)
        if row is None and self.proxy.rowCount():
            row = self.proxy.rowCount() - 1
            last = self.proxy.index(row, 0).data(ShootModel.FrameRole)
            self.stopped.emit(f"Last frame under this filter: {last.path.name} "
                              f"(before the {'one' if decided == 1 else 'frames'} you decided)")
        if row is not None:
            select_row(self.active_view(), row)

    def move(self, steps: int, keep_active: bool = False) -> bool:
        """The arrow keys: in compare the candidate steps (passing over the select) and
        becomes the active side, in survey the active frame moves among the surveyed
        ones; elsewhere the frame `steps` away (in view order) becomes current, alone in
        the selection. `keep_active`: a decision's "then next" in compare steps the
        candidate but leaves the keys on the side decided (a review: P on the select with
        auto-advance sent the next key to a candidate the photographer had not looked at)."""
        if self.mode == "compare":
            return self.sets.step_candidate(steps) if keep_active else self._step_candidate(steps)
        if self.mode == "survey":
            return self.sets.step_survey(steps)
        row = self.selection.currentIndex().row()
        target = max(0, min(self.proxy.rowCount() - 1, row + steps))
        if self.proxy.rowCount() == 0 or target == row:
            return False
        select_row(self.active_view(), target)
        return True

    def stop_words(self, steps: int) -> str:
        """Why the arrows did not move, when the photographer could not tell: the end of
        the group compare was opened on; "" elsewhere."""
        return self.sets.group_end(steps) if self.mode == "compare" else ""

    def _step_candidate(self, steps: int) -> bool:
        """The arrows move the candidate, so it is the frame being judged: made active
        before the step, so the side panel, status and close-ups the step redraws
        describe it (a tester stepped candidates while the panel described the select),
        as a click on it would."""
        before = self.compare.active
        self.compare.set_active("candidate")
        if self.sets.step_candidate(steps):
            return True
        self.compare.set_active(before)       # nothing moved: nothing else changes either
        return False

    def make_select(self) -> bool:
        """Compare's Up arrow: the candidate becomes the select, and the keys go with it
        (a tester promoted a frame, pressed P, and picked the old select now shown as the
        candidate). Made active before the change, as a step is, so the side panel and
        status it redraws describe the promoted frame (a tester read the old candidate's
        name there while the keys rated the select)."""
        if self.mode != "compare":
            return False
        before = self.compare.active
        self.compare.set_active("select")
        if self.sets.make_select():
            self._active_changed()       # also where the change moved no current frame
            return True
        self.compare.set_active(before)
        return False

    def swap_compared(self) -> bool:
        return self.mode == "compare" and self.sets.swap()

    def remove_from_survey(self, name: str | None = None) -> bool:
        """Take `name` (the active frame by default) out of the survey."""
        frame = self.current_frame()
        name = name or (frame.name if frame is not None else None)
        return self.mode == "survey" and name is not None and self.sets.remove_from_survey(name)

    def move_to_warned(self, direction: int) -> bool:
        """Make the next (1) or previous (-1) frame in view order that carries a warning
        (core.judgement.frame_warnings) current, alone in the selection; False when none."""
        row = self.selection.currentIndex().row()
        rows = range(row + 1, self.proxy.rowCount()) if direction > 0 else range(row - 1, -1, -1)
        for target in rows:
            if self.proxy.index(target, 0).data(ShootModel.WarningsRole):
                select_row(self.active_view(), target)
                return True
        return False

    def active_view(self):
        return self.grid if self.mode == "grid" else self.filmstrip

    def neighbours(self, frame: Frame) -> list[Frame]:
        row = self.selection.currentIndex().row()
        rows = [row + n for n in range(1, PREFETCH_AHEAD + 1)] + \
               [row - n for n in range(1, PREFETCH_BEHIND + 1)]
        return [self.proxy.index(r, 0).data(ShootModel.FrameRole)
                for r in rows if 0 <= r < self.proxy.rowCount()]

    def shown_frames(self) -> list[Frame]:
        """The frames on screen in the large view (the current one in the grid)."""
        frame = self.current_frame()
        if frame is None:
            return []
        if self.mode == "compare":
            return list(self.sets.compared())
        if self.mode == "survey":
            return self.sets.surveyed()
        return [frame]

    # ---- modes ---------------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        previous, self.mode = self.mode, mode
        if previous == "compare" and mode != "compare":
            self.sets.end_compare(keep_select=self.compare.active == "select", keep_both=mode == "survey")
        self.stack.setCurrentWidget({"grid": self.grid, "loupe": self.loupe,
                                     "compare": self.compare, "survey": self.survey}[mode])
        self.filmstrip.setVisible(mode != "grid")
        self.closeups.setVisible(self.closeups_shown())
        if mode == "compare" and previous != "compare":
            self.compare.set_active("select")
            self.sets.start_compare()
        if mode == "grid":
            self.grid.setFocus()
            self._show_current_cell()
        self.show_current()
        self.mode_changed.emit(mode)

    def set_closeups_shown(self, shown: bool) -> None:
        """The face close-ups under the large views (View ▸ Face Close-ups)."""
        self._closeups_wanted = shown
        self.closeups.setVisible(self.closeups_shown())
        self.show_current()

    def closeups_shown(self) -> bool:
        """The close-ups are on, and a large view is there to go with them."""
        return self._closeups_wanted and self.mode != "grid"

    def set_overlays(self, overlays: OverlaySet) -> None:
        reframed = overlays.framings() != self.overlays.framings()
        self.overlays = overlays
        self.loupe.set_overlays(overlays)
        self.compare.set_overlays(overlays)
        if reframed:                      # LinkedIn's square frames the face differently
            self.show_current()

    def toggle_zoom(self) -> None:
        """Fit <-> 100% between the eyes (compare: on the active side, the other follows);
        at 100% the full-resolution image is decoded and swapped in."""
        if self.mode == "loupe":
            self.loupe.toggle_zoom()
        elif self.mode == "compare":
            self.compare.toggle_zoom()
        else:
            return
        self.show_current()

    def zoom_to(self, name: str, point: QPointF) -> None:
        """100% on frame pixel `point` of frame `name` (a click on a close-up): in the
        loupe, or on compare's side that shows it; from survey, in the loupe."""
        if self.mode == "compare":
            loupe = self.compare.active_loupe()
        else:
            if self.mode != "loupe":
                frame = self.current_frame()
                if frame is None or frame.name != name:
                    return
                self.set_mode("loupe")
            loupe = self.loupe
        loupe.zoom_100(point)
        self.show_current()

    def forget(self, names: list[str] | None = None) -> None:
        """Pictures of `names` (or of the whole shoot) are stale: decode them again."""
        if names is None:
            self._asks_ahead.clear()   # wishes for the frames of the last shoot
        self.previews.forget(names)
        self.closeup_loader.forget(names)

    def wait(self) -> None:
        """Let the decoding threads finish (the window is closing)."""
        self._ahead_timer.stop()
        self._asks_ahead.clear()
        self.previews.wait()
        self.closeup_loader.wait()

    # ---- showing -----------------------------------------------------------------------

    def show_current(self) -> None:
        """Put the current frame (or frames) on screen from the preview cache, and ask
        for whatever is missing plus the neighbours."""
        frame = self.current_frame()
        self._show_side_panel(self.active_frame())
        self.view_status_changed.emit(self.view_status())
        if frame is None:
            if self.closeups_shown():
                self.closeups.show_frame("", [], None, "No frame")
            return
        wanted, full = [frame], []
        if self.mode == "loupe":
            self.loupe.show_view(self._view_of(frame))
            wanted += self.neighbours(frame)
            full = [frame] if not self.loupe.is_fitted() else []
        elif self.mode == "compare":
            select, candidate = self.sets.compared()
            self.compare.show_frames(self._view_of(select), self._view_of(candidate))
            wanted = [select, candidate] + self.neighbours(frame)
            full = [select, candidate] if not self.compare.left.is_fitted() else []
        elif self.mode == "survey":
            frames = self.sets.surveyed()
            self.survey.show_frames([self._view_of(f) for f in frames], frame.name)
            wanted = frames
        self.previews.fit_box = self.loupe.fit_box()   # the stack gives the loupe its size in every mode
        shown = self.shown_frames()
        on_screen = all(self.previews.cached(f.name) is not None or self.previews.error(f.name) for f in shown) \
            and all(self.previews.cached(f.name, True) is not None for f in full)
        self._ask("previews", lambda: self.previews.want(wanted, full_resolution=full), later=on_screen)
        if self.closeups_shown():
            self._show_closeups(want=True)

    def view_status(self) -> str:
        """Which frame the keys act on, for the status bar, in compare and survey."""
        active = self.active_frame()
        if active is None or self.mode not in ("compare", "survey"):
            return ""
        if self.mode == "compare":     # short: it must read whole beside the notices on a laptop
            return f"Keys act on the {self.compare.active}, {active.path.name} · click a side to switch"
        count = len(self.sets.surveyed())
        return f"Survey of {count}: keys act on {active.path.name} (/ or × takes it out)"

    def _view_of(self, frame: Frame):
        preview = self.previews.cached(frame.name, True) or self.previews.cached(frame.name)
        row = self.model.row_of(frame.name)
        return frame_view(frame, preview, self.adjustments.get(frame.name, {}),
                          self.previews.error(frame.name), self.overlays.framings(),
                          stand_in=self.model.thumbnail(frame.name),
                          keeper=self.model.keeper_at(row) if row is not None else None)

    def _show_side_panel(self, frame: Frame | None) -> None:
        if frame is None:
            self.side_panel.show_frame("", None, None, None)
            self.side_panel.show_group("")
            return
        preview = self.previews.cached(frame.name)
        self.side_panel.show_frame(frame.name, preview.capture if preview else None, frame.result,
                                   preview.histogram if preview else None,
                                   loading=preview is None and self.previews.error(frame.name) is None)
        row = self.model.row_of(frame.name)
        self.side_panel.show_group(group_words(self.model.keeper_at(row)) if row is not None else "")

    def _show_closeups(self, want: bool) -> None:
        """The active frame's close-ups from the cache (or their places, loading); with
        `want`, ask for them and for those of the frames shown or next."""
        frame = self.active_frame()
        if frame is None:
            return
        spots = closeup_spots(frame.result)
        error = (frame.result.error if frame.result else None) or self.closeup_loader.error(frame.name)
        message = (f"Cannot show close-ups: {error}" if error
                   else "Close-ups come with the analysis" if frame.result is None
                   else "" if spots else "No face in this frame")
        self.closeups.show_frame(frame.name, spots, self.closeup_loader.cached(frame), message)
        if want:
            following = self.neighbours(self.current_frame()) if self.mode != "survey" else []
            wanted = [frame, *self.shown_frames(), *following]
            on_screen = bool(error) or not spots or self.closeup_loader.cached(frame) is not None
            self._ask("close-ups", lambda: self.closeup_loader.want(wanted), later=on_screen)

    def _ask(self, loader: str, wish: Callable[[], None], later: bool) -> None:
        """Tell a loader what is wanted now, or, when what is on screen is already in
        memory (`later`), after the step is painted (PREFETCH_DELAY_MS); the latest wish
        of each loader wins."""
        self._asks_ahead.pop(loader, None)
        if not later:
            wish()
            return
        self._asks_ahead[loader] = wish
        self._ahead_timer.start()

    def _ask_ahead(self) -> None:
        asks, self._asks_ahead = self._asks_ahead, {}
        for wish in asks.values():
            wish()

    @Slot(object, str)
    def _closeups_ready(self, found: FrameCloseups | None, name: str = "") -> None:
        frame = self.active_frame()
        name = found.name if found is not None else name
        if self.closeups_shown() and frame is not None and frame.name == name:
            self._show_closeups(want=False)

    @Slot(object)
    def _preview_ready(self, preview: LoadedPreview) -> None:
        if preview.name not in {f.name for f in self.shown_frames()}:
            return   # a prefetched neighbour: kept in the cache for later
        if preview.full_resolution and self.mode == "loupe":
            self.loupe.set_full_image(preview.image)
        elif preview.full_resolution and self.mode == "compare":
            self.compare.set_full_image(preview.name, preview.image)
        else:
            self.show_current()

    @Slot(str, str)
    def _preview_failed(self, name: str, message: str) -> None:
        if name in {f.name for f in self.shown_frames()}:
            self.show_current()

    def set_filter(self, frame_filter: FrameFilter) -> None:
        """The filter bar's choice. Qt moves the current frame off a frame the filter hides
        (to a neighbour): that is remembered as the filter's doing, not the photographer's,
        so the frame they were on comes back when a later choice shows it. A frame a
        decision hides (a reject under "All but rejects") is left for the next, as
        culling under a filter expects."""
        self._filtering = True
        try:
            self.proxy.set_filter(frame_filter)
        finally:
            self._filtering = False
        self._keep_a_current()
        self._show_current_cell()

    def set_collapsed(self, collapsed: bool) -> None:
        """Similar frames collapsed to the frame standing for each group, or expanded (S).
        Collapsing hides the frame the photographer is on unless it is its group's best:
        the keys go to the frame standing for that group, not where Qt puts them (the row
        above: another pose). As with a filter choice the move is the view's, not the
        photographer's, so expanding brings their frame back (a tester's S, S on IMG_0204
        left the keys on its group's best, IMG_0199)."""
        # compare and survey keep the frames they show
        before = self.current_frame() if self.mode in ("grid", "loupe") else None
        self._filtering = True
        try:
            self.proxy.set_collapsed(collapsed)
        finally:
            self._filtering = False
        if before is not None and self.sets.row_of(before.name) is None:
            stand_in = self._first_shown(self._pose_of(before.name))
            if stand_in is not None:
                self._place(stand_in)
        self._keep_a_current()
        self._show_current_cell()

    def set_sort(self, key: str, descending: bool) -> None:
        """The filter bar's sort. The grid scrolls to the current frame wherever the sort
        puts it: the keys act on it (a tester's current frame sat below the viewport
        after sorting by headshot score, and the side panel described a frame out of sight)."""
        self.proxy.set_sort_key(key, descending)
        self._show_current_cell()

    def _show_current_cell(self) -> None:
        current = self.selection.currentIndex()
        if current.isValid():
            self.grid.scrollTo(current)

    def _keep_a_current(self, *args) -> None:
        """While any frame is shown one is current, for the keys to act on: the one the
        photographer was on when it is shown again, else the one a filter moved them to,
        else the first shown. (Without this, a filter that matched nothing left no frame
        current once lifted: digits rated nothing and the loupe said "No photo" beside a
        full grid.)"""
        if self._last_current is None or self.proxy.rowCount() == 0:
            return
        current = self.selection.currentIndex()
        if current.isValid() and not self._displaced:
            return
        row = self.sets.row_of(self._last_current)
        if row is None and current.isValid():
            return
        self._place(0 if row is None else row)

    def _place(self, row: int) -> None:
        """Make `row` current for the view's sake (a filter or collapse moved the keys),
        not the photographer's: the frame they were on is still theirs to come back to."""
        self._placing = True
        try:
            select_row(self.grid, row)
        finally:
            self._placing = False

    def _forget_current(self) -> None:
        self._last_current, self._displaced = None, False      # another shoot: its own first frame

    def _current_moved(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid():
            name = current.data(ShootModel.NameRole)
            if self._filtering or self._placing:
                self._displaced = name != self._last_current
            else:
                self._last_current, self._displaced = name, False
        if self.mode == "compare":
            self.sets.keep_select_selected()
        self.show_current()
        self.current_changed.emit(self.current_frame())

    def _selection_changed(self, *args) -> None:
        if self.mode in ("compare", "survey"):
            self.show_current()

    def _active_changed(self) -> None:
        """Compare's other side was clicked: the side panel, close-ups and status follow."""
        self._show_side_panel(self.active_frame())
        self.view_status_changed.emit(self.view_status())
        if self.closeups_shown():
            self._show_closeups(want=True)

    def _frames_updated(self, top: QModelIndex, bottom: QModelIndex, roles=()) -> None:
        """A decision or a result for a frame on screen: refresh captions, marks and panel."""
        rows = {self.model.row_of(frame.name) for frame in self.shown_frames()}
        if not any(row is not None and top.row() <= row <= bottom.row() for row in rows):
            return
        if self.mode == "grid":
            self._show_side_panel(self.current_frame())
        else:
            self.show_current()

    def _survey_clicked(self, name: str) -> None:
        row = self.sets.row_of(name)
        if row is not None:
            self.selection.setCurrentIndex(self.proxy.index(row, 0),
                                           self.selection.SelectionFlag.NoUpdate)

    def _guide_adjusted(self, frame: Frame | None, ratio: str, guide: CropGuide) -> None:
        if frame is None:
            return
        self.adjustments.setdefault(frame.name, {})[ratio] = guide.box
        self.guide_adjusted.emit(frame.name, ratio, guide)
