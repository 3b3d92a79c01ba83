"""The main window: opens a shoot, turns keys into decisions (written to the catalog
and the sidecars before the next key is handled), and keeps the photographer told what
the background workers are doing."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QUndoStack
from PySide6.QtWidgets import (QApplication, QFileDialog, QLabel, QMainWindow, QMenu, QProgressBar,
                               QStackedWidget, QToolButton, QVBoxLayout, QWidget)

from shotkind_desktop.core.decisions import decisions as rules
from shotkind_desktop.core.decisions.catalog import (Catalog, CatalogBusy, CatalogReadOnly, fallback_path,
                                           unreadable_catalog)
from shotkind_desktop.core.delivery.client_import import import_choice
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decision_writer import GUI_WAIT
from shotkind_desktop.core.files.decode import WORKING_LONG_SIDE
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, UNFLAGGED
from shotkind_desktop.core.leftovers import remove_leftovers
from shotkind_desktop.core.log_file import log_path
from shotkind_desktop.core.judgement.models import YUNET, ModelError, model_path
from shotkind_desktop.core.shoot import (Shoot, attach_cached_results, folder_identity, recheck,
                                         scan_frames)
from shotkind_desktop.ui import group_commands, problems, settings
from shotkind_desktop.ui.about_dialog import AboutDialog
from shotkind_desktop.ui.actions import MENUS, SPECS, make_action
from shotkind_desktop.ui.analysis_runner import AnalysisRunner
from shotkind_desktop.ui.client_import_dialog import ClientImportDialog
from shotkind_desktop.ui.export_dialog import ExportDialog
from shotkind_desktop.ui.gallery_dialog import GalleryDialog
from shotkind_desktop.ui.frame_proxy import FrameProxy
from shotkind_desktop.ui.grid_view import select_row
from shotkind_desktop.ui.live_session import LiveSession
from shotkind_desktop.ui.message_bar import MessageBar
from shotkind_desktop.ui.preferences_dialog import PreferencesDialog
from shotkind_desktop.ui.shoot_model import ShootModel
from shotkind_desktop.ui.shortcut_sheet import ShortcutSheet
from shotkind_desktop.ui.sitter_view import SitterView
from shotkind_desktop.ui.thumbnail_loader import ThumbnailLoader
from shotkind_desktop.ui.undo_steps import DoneStep
from shotkind_desktop.ui.welcome_view import WelcomeView
from shotkind_desktop.ui.window_state import dropped_folder, restore_layout, restore_splitter, save_layout
from shotkind_desktop.ui.workspace import Workspace

log = logging.getLogger(__name__)
ANALYSIS_DELAY_MS = 1500   # at the latest, analysis starts this long after a shoot opens
RECHECK_DELAY_MS = 300     # a burst of folder changes (a card copy) is looked at once
PRESENCE_CHECK_MS = 2000   # how soon a shoot renamed from above or unplugged is noticed
WAITING_POLL_MS = 400      # how often a busy catalog's waiting decisions are looked at
CLOSE_WAIT_SECONDS = 3     # closing waits this long for decisions a busy catalog holds up
FIRST_SCREEN = 48          # real thumbnails before analysis may start (a full screen of cells)
SHOOT_ACTIONS = ("export", "proof_gallery", "import_client_selection")   # need an open shoot


class MainWindow(QMainWindow):
    """ShotKind's top-level window: a welcome page until a shoot is open, then the workspace;
    a message bar above both for problems the photographer can act on.

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
        self.catalog: Catalog | None = None
        self.keeper: DecisionKeeper | None = None
        self.model = ShootModel(self)
        self.model.set_group_gap(settings.group_gap())
        self.proxy = FrameProxy(self.model, self)
        self.workspace = Workspace(self.model, self.proxy)
        self.thumbnails = ThumbnailLoader(parent=self)
        self.analysis = AnalysisRunner(jobs=analysis_jobs, parent=self)
        self.auto_advance = False
        self.history = QUndoStack(self)    # decisions and adjusted guides, one Ctrl+Z order
        self._pending_analysis: list = []
        self._analysis_delay = QTimer(self, singleShot=True, interval=ANALYSIS_DELAY_MS,
                                      timeout=self._start_analysis)
        self._waiting_poll = QTimer(self, interval=WAITING_POLL_MS, timeout=self._show_waiting)

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

        # files edited, replaced or deleted behind ShotKind's back are read anew when the
        # photographer comes back to the window or the folder's listing changes
        self._watcher = QFileSystemWatcher(self)
        self._recheck_soon = QTimer(self, singleShot=True, interval=RECHECK_DELAY_MS,
                                    timeout=self.recheck_files)
        self._watcher.directoryChanged.connect(lambda path: self._recheck_soon.start())
        # a watch sees nothing when a folder above the shoot is renamed or unmounted: one
        # stat every few seconds does, and tells a new folder made under the old name
        self._folder_identity: tuple[int, int] | None = None
        self._presence = QTimer(self, interval=PRESENCE_CHECK_MS, timeout=self._check_presence)
        QApplication.instance().applicationStateChanged.connect(self._application_state)
        self._build_status_bar()
        self.actions_by_name: dict[str, QAction] = {}
        self._build_menus()
        self._connect()
        self.sitters = SitterView(self)
        restore_layout(self)
        # after _connect: the session reads results the model has taken in
        self.live = LiveSession(self)
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
        self.notice = QLabel()
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
            "proof_gallery": self.export_gallery, "import_client_selection": self.import_client_selection,
            "live_session": self.live_session, "newest_frame": lambda: self.live.go_newest(),
            "undo": self.undo, "redo": self.redo,
            "select_all": lambda: self.workspace.active_view().selectAll(),
            "select_none": self._select_current_only,
            "previous_frame": lambda: self.workspace.move(-1),
            "next_frame": lambda: self.workspace.move(1),
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
        act["collapse_groups"].toggled.connect(self.proxy.set_collapsed)
        self.history.canUndoChanged.connect(act["undo"].setEnabled)
        self.history.canRedoChanged.connect(act["redo"].setEnabled)
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
        bar.filter_changed.connect(self.proxy.set_filter)
        bar.sort_changed.connect(self.proxy.set_sort_key)
        bar.cell_size_changed.connect(self.workspace.grid.set_cell_size)
        bar.set_cell_size(self.workspace.grid.cell_size())
        self.workspace.guide_adjusted.connect(self._save_guide)
        self.workspace.mode_changed.connect(self._mode_changed)
        self.workspace.view_status_changed.connect(self.view_status.setText)
        self.workspace.grid.visible_names_changed.connect(self._prioritise)
        self.workspace.filmstrip.visible_names_changed.connect(self._prioritise)
        self.thumbnails.ready.connect(self.model.set_thumbnail)
        self.model.thumbnails_wanted.connect(lambda names: self.thumbnails.bring_back(
            [frame for frame in map(self.model.frame, names) if frame is not None]))
        self.thumbnails.failed.connect(self.model.set_thumbnail_error)
        self.thumbnails.progress.connect(self._thumbnail_progress)
        self.analysis.results_ready.connect(self.model.set_results)
        self.analysis.progress.connect(self._analysis_progress)
        self.analysis.finished.connect(self._analysis_done)
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
        """Show the shoot in `folder` at once: decisions and cached analysis from its
        catalog and sidecars; thumbnails and analysis of the rest in the background.
        A folder that is not there, holds no pictures or cannot be read gets a message in
        the window and False. `live`: a live session on it (live_session.py), which
        may start on an empty folder and analyses at once."""
        folder = Path(folder)
        if not folder.is_dir():
            self.message.show_message(*problems.folder_missing(folder))
            self.welcome.set_recent(settings.recent_shoots())
            return False
        try:
            shoot = scan_frames(folder)
            if not shoot.frames and not live:
                self.message.show_message(*problems.no_photos(folder))
                return False
            if self.model.shoot is not None and self.model.shoot.folder == folder:
                self._close_shoot()       # its lock is this window's: let go before taking it again
            catalog = self._open_catalog(folder)
        except OSError as error:
            self.message.show_message(*problems.unreadable(folder, error))
            return False
        self._close_shoot()
        self.message.dismiss()
        self.welcome.set_recent(settings.add_recent_shoot(folder))
        self.catalog = catalog
        if catalog.read_only is None:
            remove_leftovers(folder)          # sidecar temporaries of a killed session
        self.keeper = DecisionKeeper(folder, catalog, shoot.names(),
                                     keep_extension=settings.flag(settings.SIDECAR_KEEPS_EXTENSION),
                                     files={frame.name: frame.on_disk for frame in shoot.frames})
        decisions = self.keeper.decisions()
        for frame in shoot.frames:
            frame.decision = decisions.get(frame.name, frame.decision)
        pending = attach_cached_results(shoot, catalog)
        self.workspace.adjustments = catalog.all_crops()
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self._watcher.addPath(str(folder))
        self._folder_identity = folder_identity(folder)
        self._presence.start()
        self.workspace.forget()
        self.model.load(shoot)
        self.setWindowTitle(f"{folder.name} — ShotKind")
        for name in SHOOT_ACTIONS:
            self.actions_by_name[name].setEnabled(True)
        self.workspace.filter_bar.set_client_rounds(catalog.client_rounds())
        self.workspace.filter_bar.size.show()
        if self._pages.currentWidget() is not self.workspace:
            self._pages.setCurrentWidget(self.workspace)
            restore_splitter(self)
        self.set_mode("grid")
        self.workspace.select_first()
        self.workspace.grid.setFocus()
        self.thumbnails.start(catalog, shoot.frames)
        self._prioritise(self.workspace.grid.visible_names())
        # Analysis waits for the first screenful of real thumbnails (or a moment): its
        # worker processes take a second of CPU to start, which the grid needs more.
        self._pending_analysis = pending
        self.analysis.set_keep_alive(live)
        if live:           # the next frame cannot wait for the workers to start
            self._start_analysis()
        else:
            self._analysis_delay.start()
        self._show_work("Analysing" if pending else None, len(shoot.frames) - len(pending),
                        len(shoot.frames))
        self.notice.setText(f"Catalog at {catalog.path}" if catalog.path.parent.parent != folder
                            else "")
        unreadable = unreadable_catalog(folder) if catalog.path.parent.parent != folder else None
        if unreadable is not None:
            self.message.show_message(*problems.catalog_unreadable(folder, unreadable, catalog.path))
        if catalog.read_only is not None:
            self.message.show_message(*problems.read_only_catalog(folder, catalog.read_only))
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

    def _open_catalog(self, folder: Path) -> Catalog:
        """In the shoot folder, unless Preferences keep catalogs in ShotKind's data folder;
        read-only when another window holds it (catalog_lock)."""
        if settings.flag(settings.CATALOG_IN_DATA_FOLDER):
            path = fallback_path(folder)
            path.parent.mkdir(parents=True, exist_ok=True)
            return Catalog.open_at(path, exclusive=True)
        return Catalog.open(folder, exclusive=True)

    def _shoot_gone(self) -> None:
        """The shoot's folder was deleted, moved or its disk unplugged: back to the welcome
        page with a message. Every decision was on disk before the next key was handled."""
        folder = self.model.shoot.folder
        self._close_shoot()
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
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
        dialog = PreferencesDialog(self, self.catalog)
        dialog.exec()
        self.model.set_group_gap(settings.group_gap())
        keep = settings.flag(settings.SIDECAR_KEEPS_EXTENSION)
        self.actions_by_name["sidecar_keeps_extension"].setChecked(keep)

    @Slot()
    def show_log(self) -> None:
        """Help ▸ Show Log: the log file in the desktop's text viewer."""
        path = log_path()
        if not path.is_file():
            self.notice.setText(f"Nothing has been logged yet (the log will be {path})")
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.notice.setText(f"No application opens the log here: it is {path}")

    def _close_shoot(self) -> None:
        self.live.stop()
        self._presence.stop()
        self._analysis_delay.stop()
        self._pending_analysis = []
        self.thumbnails.cancel()
        self.analysis.cancel()
        self.thumbnails.wait()
        self._waiting_poll.stop()
        self.history.clear()
        self.sitters.close()
        if self.keeper is not None and not self.keeper.writer.finish(CLOSE_WAIT_SECONDS):
            log.error("the catalog stayed busy: %d decisions were not saved", len(self.keeper.waiting()))
        if self.catalog is not None:
            self.analysis.wait(5)
            self.catalog.close()
        self.catalog = self.keeper = None

    def closeEvent(self, event) -> None:
        save_layout(self)
        self._close_shoot()
        self.workspace.wait()
        super().closeEvent(event)

    # ---- decisions ---------------------------------------------------------------------

    def decide(self, change, advance: bool = False) -> None:
        """Apply `change` to what is being judged (every selected frame in the grid, the
        frame shown or the active side elsewhere); on disk before this returns."""
        if self.keeper is None:
            return
        if self.keeper.read_only is not None:
            self.message.show_message(*problems.read_only_catalog(self.keeper.folder, self.keeper.read_only))
            return
        names = [frame.name for frame in self.workspace.decision_targets()]
        depth = self.keeper.undo_depth
        changed = self.keeper.apply(names, change)
        self._decision_step(depth)
        self.model.set_decisions(changed)
        self._report_sidecar_errors()
        self._show_waiting()
        if (advance or self.auto_advance) and len(names) == 1:
            self.workspace.move(1)

    def pick_best(self) -> list[str]:
        """Pick the best frame of every group of similar frames not decided yet, as one
        step (one transaction, one undo); returns the frames picked."""
        if self.keeper is None:
            return []
        if self.keeper.read_only is not None:
            self.message.show_message(*problems.read_only_catalog(self.keeper.folder, self.keeper.read_only))
            return []
        names, words = group_commands.pick_best(self.model, self.keeper)
        self.notice.setText(words)
        self._report_sidecar_errors()
        self._show_waiting()
        return names

    def open_group(self, mode: str) -> None:
        """Compare or survey the current frame's group of similar frames, its best first."""
        self.notice.setText(group_commands.open_group(self.model, self.proxy, self.workspace, mode))

    def undo(self) -> None:
        """Take back the last decision or guide adjustment (Ctrl+Z)."""
        self.history.undo()

    def redo(self) -> None:
        self.history.redo()

    def _decision_step(self, depth: int) -> None:
        """The keeper's step made since it had `depth` steps, if any, as one step of the
        window's history (Ctrl+Z), in order with guide adjustments."""
        keeper = self.keeper
        if keeper is not None and keeper.undo_depth > depth:
            self.history.push(DoneStep("Decision", lambda: self._show_decisions(keeper.undo()),
                                       lambda: self._show_decisions(keeper.redo())))

    def _show_decisions(self, changed: dict) -> None:
        self.model.set_decisions(changed)
        self._show_waiting()

    def _show_waiting(self) -> None:
        """While a busy catalog holds decisions up, say so and look again; when they are
        saved, say that instead."""
        waiting = len(self.keeper.waiting()) if self.keeper is not None else 0
        if waiting:
            self.message.show_message(*problems.catalog_busy(self.keeper.folder, waiting))
            self._waiting_poll.start()
        elif self._waiting_poll.isActive():
            self._waiting_poll.stop()
            self.message.dismiss()
            self.notice.setText("The catalog is free again: every decision is saved")
            self._report_sidecar_errors()

    def _report_sidecar_errors(self) -> None:
        if self.keeper.sidecar_errors:
            self.notice.setText(self.keeper.sidecar_errors[-1] + " (kept in the catalog)")
            self.keeper.sidecar_errors.clear()

    @Slot()
    def export(self) -> None:
        """The export dialog (Ctrl+E) for the selected frames; it reads decisions and
        adjusted crops from the catalog, where every decision already is."""
        if self.model.shoot is None:
            return
        names = [frame.name for frame in self.workspace.selected_frames()]
        folder = self.model.shoot.folder
        dialog = ExportDialog(self, folder, names)
        # rejects sent to the trash leave the shoot: read the folder again (from the catalog)
        dialog.rejects_trashed.connect(lambda trashed: self.open_shoot(folder))
        dialog.exec()

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
        if self.keeper is None or self.catalog is None:
            return
        if self.keeper.read_only is not None:
            self.message.show_message(*problems.read_only_catalog(self.keeper.folder, self.keeper.read_only))
            return
        frames = {frame.name: frame.files for frame in self.model.frames()}
        dialog = dialog or ClientImportDialog(self, frames, list(self.catalog.client_rounds()))
        if dialog.exec() != ClientImportDialog.DialogCode.Accepted:
            return
        depth = self.keeper.undo_depth
        try:
            outcome = import_choice(self.keeper, self.catalog, dialog.match, dialog.round_name,
                                    dialog.mark, GUI_WAIT)
        except CatalogBusy:
            outcome = None       # the marks wait with the keeper; the round is lost: say so
            self.notice.setText("The catalog is busy: the marks are saved when it is free, "
                                "the client round was not kept; import the list again later")
        self._decision_step(depth)
        self.model.set_decisions(self.keeper.decisions() if outcome is None else outcome.changed)
        self._show_waiting()
        self._report_sidecar_errors()
        if outcome is not None:
            self.workspace.filter_bar.set_client_rounds(self.catalog.client_rounds())
            self.notice.setText(outcome.summary() + " (Ctrl+Z takes the marks back)")

    def recheck_files(self) -> list[str]:
        """Look at every frame's file again; those that changed get new thumbnails and
        a new analysis (a deleted one shows "file not found"). Returns their names."""
        if self.model.shoot is None or self.catalog is None:
            return []
        if folder_identity(self.model.shoot.folder) != self._folder_identity:
            self._shoot_gone()                # deleted, renamed, unplugged, or another folder now
            return []
        changed = [frame for frame in self.model.frames() if recheck(frame)]
        if changed:
            names = [frame.name for frame in changed]
            self.model.forget(names)
            self.workspace.forget(names)
            self.thumbnails.refresh(changed)
            self.analysis.add(self.catalog, changed)
            self._show_work("Analysing", 0, len(changed))
            self.workspace.show_current()
        return [frame.name for frame in changed]

    def _check_presence(self) -> None:
        if self.model.shoot is not None and folder_identity(self.model.shoot.folder) != self._folder_identity:
            self._shoot_gone()

    def _application_state(self, state) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self._recheck_soon.start()

    def _save_guide(self, name: str, ratio: str, guide) -> None:
        """A guide the photographer moved or resized: kept in the catalog, one undo step."""
        if self.catalog is None:
            return
        before = {ratio: self.catalog.crops(name).get(ratio)}
        self._put_guides(name, {ratio: guide.box}, before)

    def reset_guides(self) -> None:
        """The current frame's guides on screen (all of them when none is) back to the
        computed ones; one undo step."""
        frame = self.workspace.current_frame()
        if frame is None or self.catalog is None:
            return
        adjusted = self.catalog.crops(frame.name)
        ratios = [ratio for ratio in (self.workspace.overlays.guides or adjusted) if ratio in adjusted]
        if not ratios:
            self.notice.setText("No adjusted crop guide to reset on this frame")
            return
        self._put_guides(frame.name, dict.fromkeys(ratios), {ratio: adjusted[ratio] for ratio in ratios})
        self.workspace.show_current()

    def _put_guides(self, name: str, boxes: dict, before: dict) -> None:
        """Save `boxes` (ratio -> box, None for the computed guide) and push the step that
        puts `before` back."""
        catalog = self.catalog
        if self._save_boxes(catalog, name, boxes):
            self.history.push(DoneStep("Crop guide", lambda: self._save_boxes(catalog, name, before, True),
                                       lambda: self._save_boxes(catalog, name, boxes, True)))

    def _save_boxes(self, catalog: Catalog, name: str, boxes: dict, show: bool = False) -> bool:
        try:
            for ratio, box in boxes.items():
                catalog.save_crop(name, ratio, box, wait=0.2)
        except CatalogReadOnly as reason:
            self.notice.setText(f"The adjusted guide is not kept: {reason}")
            return False
        except CatalogBusy:
            self.notice.setText("The adjusted guide is not kept: the catalog is busy (another program is using it)")
            return False
        adjusted = self.workspace.adjustments.setdefault(name, {})
        for ratio, box in boxes.items():
            if box is None:
                adjusted.pop(ratio, None)
            else:
                adjusted[ratio] = box
        if show:
            self.workspace.show_current()
        return True

    # ---- views -------------------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        self.workspace.set_mode(mode)

    def _mode_changed(self, mode: str) -> None:
        large = mode != "grid"
        for name in ("previous_frame", "next_frame"):
            # in the grid, the arrow keys belong to the grid (up and down move by rows)
            self.actions_by_name[name].setEnabled(large)
        self.actions_by_name["zoom"].setEnabled(mode in ("loupe", "compare"))
        # Up belongs to the grid outside compare; "/" is free outside survey
        for name in ("make_select", "swap_compared"):
            self.actions_by_name[name].setEnabled(mode == "compare")
        self.actions_by_name["remove_from_survey"].setEnabled(mode == "survey")
        for name in ("bigger_thumbnails", "smaller_thumbnails"):
            self.actions_by_name[name].setEnabled(not large)

    def _to_warned(self, direction: int) -> None:
        if not self.workspace.move_to_warned(direction):
            self.statusBar().showMessage(
                f"No {'later' if direction > 0 else 'earlier'} frame with eyes closed, soft eyes "
                "or a hand over the face", 4000)

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
        if self.keeper is not None:
            self.keeper.keep_extension = keep_extension

    def _full_screen(self, on: bool) -> None:
        self.showFullScreen() if on else self.showNormal()

    def _prioritise(self, names: list[str]) -> None:
        self.model.on_screen = set(names)   # thumbnails on screen are never let go
        self.thumbnails.prioritise(names)
        self.analysis.prioritise(names)

    # ---- background work ---------------------------------------------------------------

    def analysing(self) -> bool:
        """True while frames wait for or are in analysis."""
        return bool(self._pending_analysis) or self.analysis.is_running()

    def _start_analysis(self) -> None:
        self._analysis_delay.stop()
        pending, self._pending_analysis = self._pending_analysis, []
        if (pending or self.analysis.keep_alive) and self.catalog is not None:
            self._choose_detector()
            self.analysis.start(self.catalog, pending)
            self.analysis.prioritise(self.workspace.grid.visible_names())

    def _choose_detector(self) -> None:
        """The detector from Preferences. YuNet ships inside the app; were its file missing
        or damaged, analysis falls back to MTCNN and the window says so (the workers could
        not start)."""
        size = settings.number(settings.WORKING_SIZE, WORKING_LONG_SIDE)
        self.analysis.working_size = size if size in settings.WORKING_SIZES else WORKING_LONG_SIDE
        self.analysis.detector, self.analysis.model = settings.detector(), None
        if self.analysis.detector == "yunet":
            try:
                model_path(YUNET)        # its SHA-256: a quarter of a megabyte
            except ModelError as error:
                self.analysis.detector = "mtcnn"
                self.message.show_message(*problems.detector_unavailable(error))

    def _thumbnail_progress(self, done: int, total: int) -> None:
        if self._pending_analysis and done >= min(total, FIRST_SCREEN):
            self._start_analysis()
        if not self.analysis.is_running() and not self._pending_analysis:
            self._show_work("Thumbnails" if done < total else None, done, total)

    def _analysis_progress(self, done: int, total: int) -> None:
        self._show_work("Analysing", done, total)

    def _analysis_done(self) -> None:
        self._show_work(None)
        self.analysis_finished.emit()

    @Slot()
    def cancel_analysis(self) -> None:
        self._analysis_delay.stop()
        self._pending_analysis = []
        self.analysis.cancel()
        self._show_work(None)
        self.notice.setText("Analysis cancelled; frames analysed so far keep their scores")

    def _show_work(self, what: str | None, done: int = 0, total: int = 0) -> None:
        busy = what is not None and total > 0
        self.work_label.setVisible(busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy and what == "Analysing")
        if busy:
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
