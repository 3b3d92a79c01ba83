"""The headshot day in the window: the sitters' dock (coverage, one sitter's frames at a
time), the status bar's "Sitter 12 of 40: Ana Ruiz — 3 picks", and the gestures that
correct the grouping (split here, merge with the previous sitter, rename, import a
roster). It sits beside the main window, which only builds it and tells it when a shoot
closes; the sitters themselves are core.people.sitters and core.decisions.sitter_book."""

from __future__ import annotations

from difflib import SequenceMatcher
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDialog, QDockWidget, QFileDialog, QLabel

from shotkind_desktop.core.decisions.catalog import CatalogBusy
from shotkind_desktop.core.decisions.sitter_book import Coverage, coverage
from shotkind_desktop.core.people.sitters import Sitter, SitterEdits, lost_names, lost_names_problem, sitter_of
from shotkind_desktop.ui import settings
from shotkind_desktop.ui.client_sheet_dialog import ClientSheetDialog, ClientSheetMaker
from shotkind_desktop.ui.consistency_view import ConsistencyView
from shotkind_desktop.ui.grid_view import select_row
from shotkind_desktop.ui.sitter_panel import SitterPanel
from shotkind_desktop.ui.sitter_work import SitterWork

REGROUP_DELAY_MS = 400     # results and decisions arrive in bursts: look once they settle
SITTER_ACTIONS = ("split_sitter", "merge_sitter", "rename_sitter", "import_roster", "clear_roster",
                  "consistency", "client_sheet")


class SitterView(QObject):
    """Sitters for the main window `window` (its model, proxy, workspace, actions and
    status bar). Signals: none (it listens)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.work = SitterWork(self)
        self.panel = SitterPanel()
        self.dock = QDockWidget("Sitters", window)
        self.dock.setObjectName("sittersDock")      # window_state keeps where it was
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                              | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        # Hidden until asked for (Sitters Panel, a roster, a rename): most shoots are not
        # headshot days, and at 1280 px the grid needs the width. The window keeps it shown
        # once shown (window_state saves the docks).
        self.dock.hide()
        toggle = self.dock.toggleViewAction()
        toggle.setText("Sitters &Panel")
        toggle.setStatusTip("Show or hide the list of sitters")
        menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Sitters")
        menu.insertAction(menu.actions()[0], toggle)
        menu.insertSeparator(menu.actions()[1])
        self.status = QLabel()
        self.status.setObjectName("sitterStatus")
        window.statusBar().insertWidget(1, self.status)
        self.sitters: list[Sitter] = []
        self.coverage: list[Coverage] = []
        self._analysed: tuple = ()                  # the results last grouped
        self._settle = QTimer(self, singleShot=True, interval=REGROUP_DELAY_MS, timeout=self.refresh)

        act = window.actions_by_name
        act["split_sitter"].triggered.connect(self.split_here)
        act["merge_sitter"].triggered.connect(self.merge_with_previous)
        act["rename_sitter"].triggered.connect(self.rename_current)
        act["import_roster"].triggered.connect(self.choose_roster)
        act["clear_roster"].triggered.connect(self.work.clear_roster)
        act["consistency"].triggered.connect(self.show_consistency)
        act["client_sheet"].triggered.connect(lambda: self.client_sheet())
        self.sheets = ClientSheetMaker(self)
        self.sheets.done.connect(window.notice.setText)
        self.consistency: ConsistencyView | None = None
        window.shoot_opened.connect(self._opened)
        window.model.frames_changed.connect(self._settle.start)
        window.model.modelReset.connect(self._settle.start)
        window.workspace.current_changed.connect(lambda frame: self._show_status())
        self.panel.sitter_chosen.connect(self._show_sitter)
        self.panel.done.connect(lambda: window.workspace.active_view().setFocus())
        self.panel.renamed.connect(self._rename)
        self.work.sitters_changed.connect(self._sitters_changed)
        self.work.failed.connect(window.notice.setText)
        self._enable(False)

    # ---- the shoot ---------------------------------------------------------------------

    def _opened(self, folder: Path) -> None:
        self.sitters, self.coverage, self._analysed = [], [], ()
        self.panel.choose(None)
        self.panel.show_coverage([])
        self.work.open(self.window.session.catalog, {f.name: f.on_disk for f in self.window.model.frames()},
                       settings.flag(settings.SIDECAR_KEEPS_EXTENSION))
        self._enable(True)
        self.refresh()

    def close(self) -> None:
        """The shoot closes: the gestures under way finish before its catalog closes."""
        self._settle.stop()
        self.work.close()
        self.sheets.wait()
        self._enable(False)
        self.sitters, self.coverage, self._analysed = [], [], ()
        self.window.proxy.show_only(None)
        self.status.clear()
        if self.consistency is not None:
            self.consistency.close()

    def refresh(self) -> None:
        """Group again when the analysis changed; otherwise count picks again."""
        frames = sorted(self.window.model.frames(), key=lambda frame: frame.order)
        results = tuple(frame.result for frame in frames if frame.result is not None)
        if tuple(map(id, results)) != tuple(map(id, self._analysed)):
            self._analysed = results
            self.work.update(results)
        else:
            self._count()

    def _sitters_changed(self, sitters: list[Sitter]) -> None:
        self.sitters = sitters
        catalog = self.window.session.catalog
        if catalog is not None:
            shown = [frame.name for frame in self.window.model.frames()]
            try:
                edits = catalog.sitter_edits()
            except CatalogBusy:          # another program holds it: said at the next change
                edits = SitterEdits()
            problem = lost_names_problem(lost_names(edits, shown))
            if problem:
                self.window.notice.setText(problem[:1].upper() + problem[1:] + ".")
        self._count()
        chosen = self.panel.chosen()
        self._show_sitter(chosen)

    def _count(self) -> None:
        frames = self.window.model.frames()
        self.coverage = coverage(self.sitters, {f.name: f.decision for f in frames},
                                 {f.name: f.result for f in frames if f.result is not None})
        self.panel.show_coverage(self.coverage)
        self._show_status()

    # ---- gestures ----------------------------------------------------------------------

    def split_here(self) -> None:
        """A new sitter starts at the current frame."""
        frame = self.window.workspace.current_frame()
        if frame is not None:
            self.work.split_at(frame.name)

    def merge_with_previous(self) -> None:
        frame = self.window.workspace.current_frame()
        if frame is not None:
            self.work.merge_with_previous(frame.name)

    def rename_current(self) -> None:
        """Type the name of the current frame's sitter, in the dock."""
        frame = self.window.workspace.current_frame()
        sitter = sitter_of(self.sitters, frame.name) if frame is not None else None
        if sitter is not None:
            self.dock.show()
            self.panel.edit_name(sitter)

    def _rename(self, first: str, name: str) -> None:
        """Name the sitter starting at `first`. A name typed over another typed name is
        said, with the way out: a tester named two people in one sitter one after the
        other, and the second name quietly went on both."""
        sitter = next((s for s in self.sitters if s.first == first), None)
        if sitter is not None and sitter.name and name and not _same_name(name, sitter.name):
            frames = f"{len(sitter.frames)} frame{'s' if len(sitter.frames) != 1 else ''}"
            self.window.notice.setText(f"Renamed {sitter.name} to {name} ({frames}). "
                                       f"Two people? Shift+S splits at a frame.")
        self.work.rename(first, name)

    def choose_roster(self) -> None:
        shoot = self.window.model.shoot
        chosen, _ = QFileDialog.getOpenFileName(self.window, "Import Roster",
                                                str(shoot.folder) if shoot else str(Path.home()),
                                                "Rosters (*.csv *.txt *.tsv);;All files (*)")
        if chosen:
            self.dock.show()
            self.work.import_roster(Path(chosen))

    def show_consistency(self) -> ConsistencyView:
        """The consistency view, beside the window (it follows picks and crops as they change)."""
        if self.consistency is None:
            self.consistency = ConsistencyView(self.window)
            self.consistency.frame_chosen.connect(self.go_to)
        self.consistency.show()
        self.consistency.raise_()
        self.consistency.refresh()
        return self.consistency

    def client_sheet(self, dialog: ClientSheetDialog | None = None) -> None:
        """The client's contact sheet of every sitter (or the one shown), made in the
        background. `dialog`: one already filled in (tests)."""
        shoot = self.window.model.shoot
        if shoot is None or not self.sitters:
            self.window.notice.setText("The contact sheet needs sitters: wait for the analysis")
            return
        dialog = dialog or ClientSheetDialog(self.window, f"{shoot.folder.name} — headshots")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Save Client Contact Sheet",
                                                str(shoot.folder.parent / f"{shoot.folder.name} contact sheet.pdf"),
                                                "PDF (*.pdf)")
        if not chosen:
            return
        frames = self.window.model.frames()
        sitters = [self.panel.chosen()] if self.panel.chosen() else self.sitters
        self.window.notice.setText("Making the client contact sheet…")
        self.sheets.make(Path(chosen), sitters, {f.name: f.path for f in frames},
                         {f.name: f.result for f in frames if f.result is not None},
                         {f.name: f.decision for f in frames}, dialog.crop.currentText(),
                         self.window.workspace.adjustments, dialog.title.text().strip(),
                         dialog.photographer.text().strip())

    def go_to(self, name: str) -> None:
        """Make `name` the current frame, showing every sitter again if it is hidden."""
        proxy, model = self.window.proxy, self.window.model
        row = model.row_of(name)
        if row is None:
            return
        if not proxy.mapFromSource(model.index(row, 0)).isValid():
            self.panel.choose(None)
        index = proxy.mapFromSource(model.index(row, 0))
        if index.isValid():
            select_row(self.window.workspace.active_view(), index.row())

    # ---- showing -----------------------------------------------------------------------

    def _show_sitter(self, sitter: Sitter | None) -> None:
        self.window.proxy.show_only(frozenset(sitter.frames) if sitter is not None else None)
        if sitter is not None and self.window.workspace.current_frame() is None:
            self.window.workspace.select_first()
        self._show_status()

    def _show_status(self) -> None:
        frame = self.window.workspace.current_frame()
        found = next((c for c in self.coverage if frame is not None and frame.name in c.sitter.frames), None)
        self.status.setText(status_text(found, len(self.coverage)) if found else "")

    def _enable(self, on: bool) -> None:
        for name in SITTER_ACTIONS:
            self.window.actions_by_name[name].setEnabled(on)


def status_text(found: Coverage, count: int) -> str:
    """ "Sitter 12 of 40: Ana Ruiz — 3 picks"."""
    sitter = found.sitter
    who = f"Sitter {sitter.number} of {count}" + (f": {sitter.name}" if sitter.name else "")
    return f"{who} — {found.picks} {'pick' if found.picks == 1 else 'picks'}"


def _same_name(typed: str, before: str) -> bool:
    """The same person's name, a typo or an accent mended ("Dana Weiss" for "Dana Weiß")."""
    return SequenceMatcher(None, typed.casefold(), before.casefold()).ratio() >= 0.8
