"""The main window: shows the shoot a ShootSession keeps open, turns keys into its
decisions (written to the catalog and the sidecars before the next key is handled), and
keeps the photographer told what the background workers are doing."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QProgressBar,
                               QStackedWidget, QToolButton, QVBoxLayout, QWidget)

from shotkind_desktop.core.decisions import decisions as rules
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, UNFLAGGED
from shotkind_desktop.core.log_file import log_path
from shotkind_desktop.core.shoot import Shoot
from shotkind_desktop.ui import group_commands, problems, settings
from shotkind_desktop.ui.about_dialog import AboutDialog
from shotkind_desktop.ui.actions import MENUS, SPECS, make_action
from shotkind_desktop.ui.client_import_dialog import ClientImportDialog
from shotkind_desktop.ui.elided_label import ElidedLabel
from shotkind_desktop.ui.export_dialog import ExportDialog, trash_rejects
from shotkind_desktop.ui.gallery_dialog import GalleryDialog
from shotkind_desktop.ui.frame_proxy import FrameProxy
from shotkind_desktop.ui.grid_view import select_row
from shotkind_desktop.ui.folder_arrivals import FolderArrivals
from shotkind_desktop.ui.live_session import LiveSession
from shotkind_desktop.ui.message_bar import MessageBar
from shotkind_desktop.ui.preferences_dialog import PreferencesDialog
from shotkind_desktop.ui.shoot_model import ShootModel
from shotkind_desktop.ui.shoot_session import ShootSession
from shotkind_desktop.ui.shortcut_sheet import ShortcutSheet
from shotkind_desktop.ui.sitter_view import SitterView
from shotkind_desktop.ui.welcome_view import WelcomeView
from shotkind_desktop.ui.window_state import (dropped_folder, restore_layout, restore_place, restore_splitter,
                                              save_layout, save_place)
from shotkind_desktop.ui.workspace import Workspace

log = logging.getLogger(__name__)
SHOOT_ACTIONS = ("export", "trash_rejects", "proof_gallery", "import_client_selection")   # need an open shoot
# A command's outcome ("Picked 4 frames", "No group of similar frames") is read and done
# with: it goes after this long, where a state (the disk full, the catalog elsewhere) stays
ONE_OFF_NOTICE_MS = 10_000
UNSAVED_WAIT_SECONDS = 1.0   # closing first gives decisions held up this long to be saved
TRASH_NOT_UNDONE = "Sending to the trash can't be undone here: restore the files from the system trash"


class MainWindow(QMainWindow):
    """ShotKind's top-level window: a welcome page until a shoot is open, then the workspace;
    a message bar above both for problems the photographer can act on. The shoot itself
    (catalog, decisions, undo, folder watch, thumbnails, analysis) is `self.session`'s.

    Signals:
        shoot_opened(Path): a shoot is on screen; carries its folder.
        analysis_finished(): every frame of the shoot has a result.
    """

    shoot_opened = Signal(object)
    analysis_finished = Signal()

    def __init__(self, parent=None, analysis_jobs: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("ShotKind")
        self.resize(1280, 820)
        self.session = ShootSession(analysis_jobs, self)
        self.model = ShootModel(self)
        self.model.set_group_gap(settings.group_gap())
        self.proxy = FrameProxy(self.model, self)
        self.workspace = Workspace(self.model, self.proxy)
        self.auto_advance = False
        self._after_trash = False    # the shoot was read again after its rejects went to the trash
        self._stop_words = ""        # why the arrows last stopped, while it is said

        self.welcome = WelcomeView()
        self.welcome.set_recent(settings.recent_shoots())
        self.message = MessageBar()
        self._pages = QStackedWidget()
        self._pages.addWidget(self.welcome)
        self._pages.addWidget(self.workspace)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.message)
        column.addWidget(self._pages, 1)
        self.setCentralWidget(central)
        self.setAcceptDrops(True)   # a folder (or a photo in it) dropped anywhere opens it
        self._build_status_bar()
        self.actions_by_name: dict[str, QAction] = {}
        self._build_menus()
        self._connect()
        self.sitters = SitterView(self)
        restore_layout(self)
        # after _connect: the watch and the live session read results the model has taken in
        self.arrivals = FolderArrivals(self)
        self.arrivals.arrived.connect(self._frames_arrived)
        self.live = LiveSession(self, self.arrivals)
        column.insertWidget(1, self.live.panel)
        self.live.started.connect(lambda folder: self._live_changed(True))
        self.live.ended.connect(lambda: self._live_changed(False))

    # ---- building ----------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        # Permanent widgets, not showMessage(): menu status tips would wipe a message.
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.view_status = QLabel()      # compare and survey: which frame the keys act on
        self.view_status.setObjectName("viewStatus")
        self.notice = ElidedLabel()     # gives way to the counts and the view status
        self._one_off = QTimer(self, singleShot=True)
        self._one_off.timeout.connect(self._one_off_read)
        self._one_off_words = ""
        self._state_words = ""       # what the session said last: back when an outcome goes
        self.work_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop analysing; results so far are kept")
        self.cancel_button.clicked.connect(self.cancel_analysis)
        bar = self.statusBar()
        bar.addWidget(self.counts)
        bar.addWidget(self.view_status)
        bar.addWidget(self.notice, 1)
        widest = "00000 of 00000, 0000 picks, 0000 rejects"
        self.counts.setMinimumWidth(self.counts.fontMetrics().horizontalAdvance(widest))
        bar.addPermanentWidget(self.workspace.filter_bar.size)
        bar.addPermanentWidget(self.work_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self._show_work(None)
        self.workspace.filter_bar.size.hide()   # thumbnails only once a shoot is open

    def _build_menus(self) -> None:
        menus = {name: self.menuBar().addMenu(f"&{name}") for name in MENUS}
        for spec in SPECS:
            action = make_action(spec.name, self)
            self.actions_by_name[spec.name] = action
            self.addAction(action)    # shortcuts work in every view, full screen included
            if spec.name.endswith("_advance") and spec.name != "auto_advance":
                continue              # Shift variants: listed on the shortcut sheet, not in menus
            menus[spec.menu].addAction(action)
            if spec.name == "open_shoot":
                self.recent_menu = QMenu("Open &Recent", self)
                self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
                menus[spec.menu].addMenu(self.recent_menu)
            if spec.name in ("export", "sidecar_keeps_extension", "select_none", "pick_best", "auto_advance",
                             "next_frame", "next_warned", "remove_from_survey", "survey_group", "reset_guides",
                             "smaller_thumbnails"):
                menus[spec.menu].addSeparator()
        for name in SHOOT_ACTIONS:
            self.actions_by_name[name].setEnabled(False)   # until a shoot is open
        self.actions_by_name["undo"].setEnabled(False)     # until there is something to undo
        self.actions_by_name["redo"].setEnabled(False)
        self.actions_by_name["newest_frame"].setEnabled(False)   # in a live session
        self.actions_by_name["side_panel"].setChecked(True)
        self.actions_by_name["sidecar_keeps_extension"].setChecked(
            settings.flag(settings.SIDECAR_KEEPS_EXTENSION))

    def _connect(self) -> None:
        act = self.actions_by_name
        handlers = {
            "open_shoot": self.choose_shoot, "quit": self.close, "export": self.export,
            "trash_rejects": self.trash_rejects,
            "proof_gallery": self.export_gallery, "import_client_selection": self.import_client_selection,
            "live_session": self.live_session, "newest_frame": lambda: self.live.go_newest(),
            "undo": self.undo, "redo": self.redo,
            "select_all": lambda: self.workspace.active_view().selectAll(),
            "select_none": self._select_current_only,
            "previous_frame": lambda: self.step(-1),
            "next_frame": lambda: self.step(1),
            "first_frame": lambda: self.workspace.move(-self.proxy.rowCount()),
            "previous_warned": lambda: self._to_warned(-1),
            "next_warned": lambda: self._to_warned(1),
            "grid": lambda: self.set_mode("grid"), "loupe": lambda: self.set_mode("loupe"),
            "compare": lambda: self.set_mode("compare"), "survey": lambda: self.set_mode("survey"),
            "make_select": self.workspace.make_select, "swap_compared": self.workspace.swap_compared,
            "remove_from_survey": lambda: self.workspace.remove_from_survey(),
            "zoom": self.workspace.toggle_zoom,
            "overlays": lambda: self.workspace.set_overlays(self.workspace.overlays.cycled()),
            "guide_ratio": lambda: self.workspace.set_overlays(self.workspace.overlays.next_ratio()),
            "all_guides": lambda: self.workspace.set_overlays(self.workspace.overlays.all_guides()),
            "reset_guides": self.reset_guides,
            "filter_bar": self.workspace.filter_bar.take_keyboard,
            "bigger_thumbnails": lambda: self._step_cells(1),
            "smaller_thumbnails": lambda: self._step_cells(-1),
            "pick_best": self.pick_best,
            "compare_group": lambda: self.open_group("compare"),
            "survey_group": lambda: self.open_group("survey"),
            "shortcuts": lambda: ShortcutSheet(self).exec(),
            "preferences": self.preferences, "about": lambda: AboutDialog(self).exec(),
            "show_log": self.show_log,
        }
        for name, handler in handlers.items():
            act[name].triggered.connect(handler)
        act["auto_advance"].toggled.connect(lambda on: setattr(self, "auto_advance", on))
        act["collapse_groups"].toggled.connect(self.workspace.set_collapsed)
        self.session.history.canUndoChanged.connect(act["undo"].setEnabled)
        self.session.history.canRedoChanged.connect(act["redo"].setEnabled)
        act["side_panel"].toggled.connect(self.workspace.side_panel.setVisible)
        act["closeups"].toggled.connect(self.workspace.set_closeups_shown)
        act["full_screen"].toggled.connect(self._full_screen)
        act["linkedin_preview"].toggled.connect(
            lambda on: self.workspace.set_overlays(self.workspace.overlays.with_linkedin(on)))
        act["sidecar_keeps_extension"].toggled.connect(self._sidecar_naming)
        for name, change in decision_changes().items():
            act[name].triggered.connect(lambda checked=False, c=change: self.decide(c))
            act[name + "_advance"].triggered.connect(lambda checked=False, c=change: self.decide(c, True))

        self.proxy.counts_changed.connect(self.counts.setText)
        bar = self.workspace.filter_bar
        bar.filter_changed.connect(self.workspace.set_filter)
        bar.sort_changed.connect(self.workspace.set_sort)
        bar.cell_size_changed.connect(self.workspace.grid.set_cell_size)
        bar.set_cell_size(self.workspace.grid.cell_size())
        self.workspace.guide_adjusted.connect(
            lambda name, ratio, guide: self.session.save_guide(name, ratio, guide.box))
        self.workspace.mode_changed.connect(self._mode_changed)
        self.workspace.view_status_changed.connect(self.view_status.setText)
        self.workspace.stopped.connect(self._say_stop)
        self.workspace.grid.visible_names_changed.connect(self._prioritise)
        self.workspace.filmstrip.visible_names_changed.connect(self._prioritise)
        session = self.session
        session.thumbnails.ready.connect(self.model.set_thumbnail)
        self.model.thumbnails_wanted.connect(lambda names: session.thumbnails.bring_back(
            [frame for frame in map(self.model.frame, names) if frame is not None]))
        session.thumbnails.failed.connect(self.model.set_thumbnail_error)
        session.results_ready.connect(self.model.set_results)
        session.decisions_changed.connect(self.model.set_decisions)
        session.work.connect(self._show_work)
        session.analysis_finished.connect(self.analysis_finished)
        session.problem.connect(lambda problem: self.message.show_message(*problem))
        session.problem_solved.connect(self.message.dismiss)
        session.notice.connect(self._say_state)
        session.outcome.connect(self.say_once)
        session.files_changed.connect(self._files_changed)
        session.guides_changed.connect(lambda name: self.workspace.show_current())
        session.closing.connect(self._shoot_closing)
        session.gone.connect(self._shoot_gone)
        self._mode_changed("grid")
        self.welcome.open_clicked.connect(self.choose_shoot)
        self.welcome.recent_chosen.connect(self.open_shoot)
        self.welcome.forget_requested.connect(
            lambda folder: self.welcome.set_recent(settings.forget_recent_shoot(folder)))

    # ---- opening a shoot ---------------------------------------------------------------

    @Slot()
    def choose_shoot(self) -> None:
        start = self.model.shoot.folder if self.model.shoot else Path.home()
        chosen = QFileDialog.getExistingDirectory(self, "Open Shoot", str(start))
        if chosen:
            self.open_shoot(Path(chosen))

    def open_shoot(self, folder: Path, live: bool = False) -> bool:
        """Show the shoot in `folder` at once (the session opens it; thumbnails and
        analysis follow in the background). A folder that is not there, holds no pictures
        or cannot be read gets a message in the window and False. `live`: a live session
        on it (live_session.py), which may start on an empty folder and analyses at once.
        A relative `folder` (`shotkind .`) is made absolute: it names the window and the
        shoot, and must still name it once the current folder is another."""
        folder = Path(folder).absolute()
        if not self.unsaved_decisions_let_go():
            return False
        self._after_trash = False
        self.message.dismiss()
        if not self.session.open(folder, live):
            self.welcome.set_recent(settings.recent_shoots())
            return False
        shoot = self.session.shoot
        self.welcome.set_recent(settings.add_recent_shoot(folder))
        self.workspace.adjustments = self.session.adjustments
        self.workspace.forget()
        self.model.load(shoot)
        self.setWindowTitle(f"{folder.name} — ShotKind")
        for name in SHOOT_ACTIONS:
            self.actions_by_name[name].setEnabled(True)
        self.workspace.filter_bar.set_client_rounds(self.session.catalog.client_rounds())
        self.workspace.filter_bar.size.show()
        if self._pages.currentWidget() is not self.workspace:
            self._pages.setCurrentWidget(self.workspace)
            restore_splitter(self)
        self.set_mode("grid")
        self.workspace.select_first()
        self.workspace.grid.setFocus()
        restore_place(self, folder)
        self._prioritise(self.workspace.grid.visible_names())
        self.arrivals.start(folder)
        self.shoot_opened.emit(folder)
        if live:
            self.live.start(folder)
        return True

    def open_live(self, folder: Path) -> bool:
        """A live session on `folder` (File ▸ Live Session, `shotkind live FOLDER`)."""
        return self.open_shoot(folder, live=True)

    @Slot()
    def live_session(self) -> None:
        """File ▸ Live Session: start one on a folder the photographer chooses (the open
        shoot's, to begin with), or end the one running; the shoot stays open."""
        if self.live.active:
            self.live.stop()
            return
        start = self.model.shoot.folder if self.model.shoot else Path.home()
        chosen = QFileDialog.getExistingDirectory(self, "Live Session: the Folder the Tether Software Writes To",
                                                  str(start))
        if not chosen or not self.open_live(Path(chosen)):
            self._live_changed(False)

    def _live_changed(self, on: bool) -> None:
        self.actions_by_name["live_session"].setChecked(on)
        self.actions_by_name["newest_frame"].setEnabled(on)
        if self.model.shoot is not None:
            self.setWindowTitle(f"{self.model.shoot.folder.name} — {'Live — ' if on else ''}ShotKind")

    def _shoot_gone(self, folder: Path) -> None:
        """The shoot's folder was deleted, moved or its disk unplugged (the session has
        closed it): back to the welcome page with a message."""
        self.model.load(Shoot(folder, []))
        self.model.shoot = None
        for name in SHOOT_ACTIONS:
            self.actions_by_name[name].setEnabled(False)
        self.setWindowTitle("ShotKind")
        self.counts.clear()
        self._show_work(None)
        self.welcome.set_recent(settings.recent_shoots())
        self._pages.setCurrentWidget(self.welcome)
        self.workspace.filter_bar.size.hide()
        self.message.show_message(*problems.shoot_gone(folder))

    def dragEnterEvent(self, event) -> None:
        if dropped_folder(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        folder = dropped_folder(event.mimeData())
        if folder is not None:
            event.acceptProposedAction()
            self.open_shoot(folder)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        shoots = settings.recent_shoots()
        for folder in shoots:
            action = self.recent_menu.addAction(str(folder), lambda f=folder: self.open_shoot(f))
            action.setEnabled(folder.is_dir())
        if not shoots:
            self.recent_menu.addAction("No recent shoots").setEnabled(False)

    @Slot()
    def preferences(self) -> None:
        """The Preferences dialog; what it changes takes effect from the next shoot opened
        or the next analysis started."""
        dialog = PreferencesDialog(self, self.session.catalog)
        dialog.exec()
        self.model.set_group_gap(settings.group_gap())
        keep = settings.flag(settings.SIDECAR_KEEPS_EXTENSION)
        self.actions_by_name["sidecar_keeps_extension"].setChecked(keep)

    @Slot()
    def show_log(self) -> None:
        """Help ▸ Show Log: the log file in the desktop's text viewer."""
        path = log_path()
        if not path.is_file():
            self.say_once(f"Nothing has been logged yet (the log will be {path})")
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.say_once(f"No application opens the log here: it is {path}")

    def _shoot_closing(self) -> None:
        """The session lets go of its shoot: where it was left is kept, and what the window
        runs on it stops first."""
        save_place(self)
        self.live.stop()
        self.arrivals.stop()
        self.sitters.close()

    def closeEvent(self, event) -> None:
        if not self.unsaved_decisions_let_go():
            event.ignore()
            return
        save_layout(self)
        self.session.close()
        self.workspace.wait()
        super().closeEvent(event)

    def unsaved_decisions_let_go(self) -> bool:
        """Whether the shoot may be closed: True unless decisions a full disk or a busy
        catalog holds up are still waiting after a moment and the photographer keeps the
        window open rather than lose them."""
        keeper = self.session.keeper
        if keeper is None or keeper.writer.finish(UNSAVED_WAIT_SECONDS):
            return True
        count = len(keeper.waiting())
        them = "them" if count != 1 else "it"
        spare = keeper.writer.waiting_kept_spare()
        box = QMessageBox(QMessageBox.Icon.Warning, "Decisions not saved yet",
                          f"{count} decision{'s are' if count != 1 else ' is'} on screen but not in the shoot's "
                          f"catalog or sidecars yet: " + (
                              f"a copy is kept in ShotKind's data folder, and opening “{keeper.folder.name}” "
                              f"again saves {them}." if spare else
                              f"closing “{keeper.folder.name}” now loses {them}."), parent=self)
        box.setInformativeText("The disk holding its catalog is full, or another program is using the catalog. "
                               "Make room (or wait a moment) with ShotKind open, and every decision is saved "
                               "with its sidecar.")
        keep = box.addButton("Keep Open", QMessageBox.ButtonRole.RejectRole)
        box.addButton("Close" if spare else "Close and Lose Them", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.exec()
        self.session.lose_waiting = box.clickedButton() is not keep     # then no second wait
        return self.session.lose_waiting

    # ---- decisions ---------------------------------------------------------------------

    def decide(self, change, advance: bool = False) -> None:
        """Apply `change` to what is being judged (every selected frame in the grid, the
        frame shown or the active side elsewhere); on disk before this returns."""
        names = [frame.name for frame in self.workspace.decision_targets()]
        if not self.session.check_writable():
            return
        then_next = (advance or self.auto_advance) and len(names) == 1
        moved_on = self.workspace.decide(names, lambda: self.session.decide(names, change), then_next)
        if then_next and not moved_on:
            self.step(1, keep_active=True)

    def step(self, steps: int, keep_active: bool = False) -> None:
        """The arrow keys in the large views (and a decision's "then next", which keeps
        the keys on the side decided in compare); where they stop for a reason the
        photographer cannot see, the status bar says it until they move again."""
        if self.workspace.move(steps, keep_active):
            self._unsay_stop()
            return
        self._say_stop(self.workspace.stop_words(steps))

    def _say_stop(self, words: str) -> None:
        """Where the keys stopped (or went back to) for a reason the photographer cannot
        see, said until they move again."""
        self._stop_words = words
        self.say_once(words)

    def _unsay_stop(self) -> None:
        """Why the arrows stopped is no longer true once they move or the view changes:
        what the session said last is back."""
        if self._stop_words and self.notice.text() == self._stop_words:
            self.notice.setText(self._state_words)
        self._stop_words = ""

    def pick_best(self) -> list[str]:
        """Pick the best frame of every group of similar frames not decided yet, as one
        step (one transaction, one undo); returns the frames picked. A read-only catalog
        picks nothing and says why (the session's problem), never a success. Under a
        filter that hides the picks, the keys go on as after a decision (Workspace.decide:
        Qt left them on the frame above, one seen already); where they went back to the
        new last frame, that is said with what was picked."""
        if not self.session.check_writable():
            return []
        self._stop_words = ""

        def pick(names: list[str], change) -> dict:
            changed = {}
            self.workspace.decide(names, lambda: changed.update(self.session.decide(names, change)))
            return changed

        names, words = group_commands.pick_best(self.model, pick)
        if self._stop_words:
            self._say_stop(f"{words} · {self._stop_words}")
        else:
            self.say_once(words)
        return names

    def open_group(self, mode: str) -> None:
        """Compare or survey the group of similar frames of the frame being judged (in
        compare the active side's), its best first."""
        self.say_once(group_commands.open_group(self.model, self.proxy, self.workspace, mode))

    def undo(self) -> None:
        """Take back the last decision or guide adjustment (Ctrl+Z); with none to take
        back, say why (a tester's Ctrl+Z after the trash did nothing and said nothing)."""
        if self.session.history.canUndo():
            self.workspace.take_step(self.session.step_frames(back=True), self.session.history.undo)
        else:
            self.say_once(TRASH_NOT_UNDONE if self._after_trash else "Nothing to undo")

    def redo(self) -> None:
        if self.session.history.canRedo():
            self.workspace.take_step(self.session.step_frames(back=False), self.session.history.redo)

    @Slot()
    def export(self) -> None:
        """The export dialog (Ctrl+E) for the selected frames; it reads decisions and
        adjusted crops from the catalog, where every decision already is."""
        if self.model.shoot is None:
            return
        names = [frame.name for frame in self.workspace.selected_frames()]
        folder = self.model.shoot.folder
        dialog = ExportDialog(self, folder, names, self._decisions_saved)
        # rejects sent to the trash leave the shoot: read the folder again (from the catalog)
        dialog.rejects_trashed.connect(lambda trashed: self._read_again_after_trash(folder, trashed))
        dialog.exec()

    def _decisions_saved(self) -> bool:
        """Whether every decision the window shows is on disk, after a moment for a write
        under way (not the seconds a busy catalog may take)."""
        keeper = self.session.keeper
        return keeper is None or keeper.writer.finish(0.3)

    @Slot()
    def trash_rejects(self) -> None:
        """Send the rejects to the trash (Ctrl+Backspace, as Lightroom's), after the same
        question the export dialog asks; the shoot is read again without them."""
        if self.model.shoot is None:
            return
        folder, sent = self.model.shoot.folder, []
        words = trash_rejects(self, folder, sent, self._decisions_saved)
        if sent:
            self._read_again_after_trash(folder, sent)
        self.say_once(words)

    def _read_again_after_trash(self, folder: Path, trashed: list[Path]) -> None:
        """The shoot without the frames sent to the trash, on the nearest frame kept after
        the one the photographer was on (a tester on a rejected frame was taken back to the
        shoot's first). Its undo history starts again there: the steps before named frames
        now gone, and an undo past the trash would change a kept frame while the
        photographer expects the trash taken back."""
        gone = {Path(path).name for path in trashed}
        row = self.workspace.selection.currentIndex().row()
        rows = [*range(max(row, 0), self.proxy.rowCount()), *range(row - 1, -1, -1)]
        for near in rows:
            frame = self.proxy.index(near, 0).data(ShootModel.FrameRole)
            if frame is not None and frame.path.name not in gone:
                self.workspace.grid.setCurrentIndex(self.proxy.index(near, 0))
                break
        if self.open_shoot(folder):
            self._after_trash = True

    @Slot()
    def export_gallery(self) -> None:
        """Export ▸ Proof Gallery for the picks (or the frames selected)."""
        if self.model.shoot is not None:
            names = [frame.name for frame in self.workspace.selected_frames()]
            GalleryDialog(self, self.model.shoot.folder, names).exec()

    @Slot()
    def import_client_selection(self, dialog: ClientImportDialog | None = None) -> None:
        """File ▸ Import Client Selection: the client's list marked as one undoable step,
        the round kept in the catalog for the filter bar. `dialog`: one already set up (tests)."""
        session = self.session
        if session.keeper is None or session.catalog is None:
            return
        if not session.check_writable():
            return
        frames = {frame.name: frame.files for frame in self.model.frames()}
        dialog = dialog or ClientImportDialog(self, frames, session.catalog.client_rounds(), session.keeper.decisions())
        if dialog.exec() != ClientImportDialog.DialogCode.Accepted:
            return
        outcome = session.import_client_choice(dialog.match, dialog.round_name, dialog.mark, dialog.how)
        if outcome is not None:
            self.workspace.filter_bar.set_client_rounds(session.catalog.client_rounds())
            self.say_once(outcome.summary() + " (Ctrl+Z takes the marks back)")

    def recheck_files(self) -> list[str]:
        """Look at every frame's file again (ShootSession.recheck_files)."""
        return self.session.recheck_files()

    def _frames_arrived(self, added: list) -> None:
        """New pictures in the folder (a card still being copied, a file renamed) are in
        the shoot: said, unless a live session shows them anyway."""
        if added and not self.live.active:
            first = added[0].name
            self.say_once(f"{first} is new in the folder: it is in the shoot" if len(added) == 1 else
                           f"{len(added)} new pictures in the folder are in the shoot, from {first}")

    def _files_changed(self, names: list[str]) -> None:
        """Frames changed on disk: their pictures are stale; new ones are on the way."""
        self.model.forget(names)
        self.workspace.forget(names)
        self.workspace.show_current()

    def reset_guides(self) -> None:
        """The current frame's guides on screen (all of them when none is) back to the
        computed ones; one undo step."""
        frame = self.workspace.current_frame()
        if frame is not None and self.session.reset_guides(frame.name, list(self.workspace.overlays.guides)):
            self.workspace.show_current()

    # ---- views -------------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        self.workspace.set_mode(mode)

    def _mode_changed(self, mode: str) -> None:
        self._unsay_stop()
        large = mode != "grid"
        for name in ("previous_frame", "next_frame"):
            # in the grid, the arrow keys belong to the grid (up and down move by rows)
            self.actions_by_name[name].setEnabled(large)
        # the grid has its own Home; compare and survey step among their own frames
        self.actions_by_name["first_frame"].setEnabled(mode == "loupe")
        self.actions_by_name["zoom"].setEnabled(mode in ("loupe", "compare"))
        # Up and Down belong to the grid outside compare; "/" is free outside survey
        for name in ("make_select", "swap_compared"):
            self.actions_by_name[name].setEnabled(mode == "compare")
        self.actions_by_name["remove_from_survey"].setEnabled(mode == "survey")
        for name in ("bigger_thumbnails", "smaller_thumbnails"):
            self.actions_by_name[name].setEnabled(not large)

    def _to_warned(self, direction: int) -> None:
        if not self.workspace.move_to_warned(direction):
            self.statusBar().showMessage(
                f"No {'later' if direction > 0 else 'earlier'} frame with eyes closed, soft eyes, "
                "a hand over the face or the face overexposed", 4000)

    def say_once(self, words: str) -> None:
        """A command's outcome in the status bar, until ONE_OFF_NOTICE_MS have passed or
        something else is said; then what the session said last is back."""
        if not words:
            return
        self.notice.setText(words)
        self._one_off_words = words
        self._one_off.start(ONE_OFF_NOTICE_MS)

    def _say_state(self, words: str) -> None:
        """What the session says holds (the catalog elsewhere, a full disk): it stays."""
        self._state_words = words
        self.notice.setText(words)

    def _one_off_read(self) -> None:
        if self.notice.text() == self._one_off_words:
            self.notice.setText(self._state_words)

    def _step_cells(self, steps: int) -> None:
        self.workspace.grid.step_cell_size(steps)
        self.workspace.filter_bar.set_cell_size(self.workspace.grid.cell_size())

    def _select_current_only(self) -> None:
        view = self.workspace.active_view()
        current = view.currentIndex()
        if current.isValid():
            select_row(view, current.row())

    def _sidecar_naming(self, keep_extension: bool) -> None:
        settings.set_flag(settings.SIDECAR_KEEPS_EXTENSION, keep_extension)
        self.session.set_keep_extension(keep_extension)

    def _full_screen(self, on: bool) -> None:
        self.showFullScreen() if on else self.showNormal()

    def keyPressEvent(self, event) -> None:
        """Escape leaves full screen, as every viewer's does; Ctrl+Z with Undo disabled
        says why; a key the frames and fields did not take reaches here."""
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.actions_by_name["full_screen"].setChecked(False)
            return
        if event.matches(QKeySequence.StandardKey.Undo):   # Undo is disabled: say why nothing happens
            self.undo()
            return
        super().keyPressEvent(event)

    def _prioritise(self, names: list[str]) -> None:
        self.model.on_screen = set(names)   # thumbnails on screen are never let go
        self.session.prioritise(names)

    # ---- background work ---------------------------------------------------------------

    @Slot()
    def cancel_analysis(self) -> None:
        self.session.cancel_analysis()

    def _show_work(self, what: str | None, done: int = 0, total: int = 0) -> None:
        busy = what is not None and total > 0
        self.work_label.setVisible(busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy and what == "Analysing")
        if busy:
            # as wide as the longest words this count will say, so the bar never jiggles
            # (nor cuts the count) as the numbers grow
            digits = "0" * len(str(total))
            metrics = self.work_label.fontMetrics()
            self.work_label.setMinimumWidth(4 + max(metrics.horizontalAdvance(f"{word} {digits} of {digits}")
                                                    for word in ("Thumbnails", "Analysing")))
            self.work_label.setText(f"{what} {done} of {total}")
            self.progress.setRange(0, total)
            self.progress.setValue(done)


def decision_changes() -> dict:
    """Action name -> the change it makes to a Decision."""
    changes = {
        "pick": lambda d: rules.set_flag(d, PICK),
        "reject": lambda d: rules.set_flag(d, REJECT),
        "unflag": lambda d: rules.set_flag(d, UNFLAGGED),
    }
    for stars in range(6):
        changes[f"rate_{stars}"] = lambda d, n=stars: rules.set_rating(d, n)
    for label in ("Red", "Yellow", "Green", "Blue"):
        changes[f"label_{label.lower()}"] = lambda d, colour=label: rules.toggle_label(d, colour)
    return changes
