"""One open shoot without a window: its catalog, the decision keeper, the watch on its
folder, thumbnails and the scheduling of its analysis. The main window shows what this
object says; tests open, decide, undo, analyse and close a shoot through it alone.

It is a QObject (signals, timers, an undo stack) but needs no widget: what a photographer
should be told leaves as a `problem` (for the message bar) or a `notice` (for the status
line), never as a dialog."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack

from shotkind_desktop.core.decisions.catalog import (Catalog, CatalogBusy, CatalogReadOnly, FileIdentity,
                                                     unreadable_catalog)
from shotkind_desktop.core.files.picture_print import picture_print
from shotkind_desktop.core.delivery.client_import import REPLACE, ImportOutcome, import_choice
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decision_writer import GUI_WAIT
from shotkind_desktop.core.files.decode import WORKING_LONG_SIDE
from shotkind_desktop.core.leftovers import remove_leftovers
from shotkind_desktop.core.judgement.models import YUNET, ModelError, model_path
from shotkind_desktop.core.shoot import Frame, Shoot, attach_cached_results, folder_identity, recheck, scan_frames
from shotkind_desktop.ui import problems, settings
from shotkind_desktop.ui.analysis_runner import AnalysisRunner
from shotkind_desktop.ui.thumbnail_loader import ThumbnailLoader
from shotkind_desktop.ui.undo_steps import DoneStep, decision_step_words

log = logging.getLogger(__name__)
ANALYSIS_DELAY_MS = 1500   # at the latest, analysis starts this long after a shoot opens
RECHECK_DELAY_MS = 300     # a burst of folder changes (a card copy) is looked at once
PRESENCE_CHECK_MS = 2000   # how soon a shoot renamed from above or unplugged is noticed
WAITING_POLL_MS = 400      # how often a busy catalog's waiting decisions are looked at
CLOSE_WAIT_SECONDS = 3     # closing waits this long for decisions a busy catalog holds up
FIRST_SCREEN = 48          # real thumbnails before analysis may start (a full screen of cells)


class ShootSession(QObject):
    """The shoot open in one window, and everything kept for it on disk.

    Signals:
        problem(tuple): (title, what to do) the photographer can act on.
        problem_solved(): the last problem went away (decisions held up by a busy or full catalog are saved).
        notice(str): a state worth saying while it holds, not a problem ("" clears it):
            the catalog kept elsewhere, a sidecar that cannot be written.
        outcome(str): what a command came to, said once (the status bar lets it go).
        decisions_changed(dict): frame name -> Decision, as decided now: on disk, or
            held by the keeper while a busy catalog waits (then `problem` says so).
        results_ready(dict): frame name -> FrameResult; the frames carry them already.
        files_changed(list): names of frames whose files changed on disk (read anew).
        guides_changed(str): the adjusted crop guides of this frame changed.
        work(object, int, int): what runs ("Thumbnails", "Analysing" or None), done, total.
        analysis_finished(): every frame waiting for analysis has a result.
        closing(): the open shoot is about to be let go of (what runs on it must stop).
        gone(Path): the shoot's folder went away (deleted, renamed, unplugged); closed.
    """

    problem = Signal(tuple)
    problem_solved = Signal()
    notice = Signal(str)
    outcome = Signal(str)
    decisions_changed = Signal(dict)
    results_ready = Signal(dict)
    files_changed = Signal(list)
    guides_changed = Signal(str)
    work = Signal(object, int, int)
    analysis_finished = Signal()
    closing = Signal()
    gone = Signal(object)

    def __init__(self, analysis_jobs: int | None = None, parent=None) -> None:
        super().__init__(parent)
        self.shoot: Shoot | None = None
        self.catalog: Catalog | None = None
        self.keeper: DecisionKeeper | None = None
        self.adjustments: dict[str, dict] = {}   # name -> ratio -> box, from the catalog
        self._pictures: dict[str, tuple] = {}    # name -> (file identity, picture print)
        self.history = QUndoStack(self)    # decisions and adjusted guides, one Ctrl+Z order
        self.thumbnails = ThumbnailLoader(parent=self)
        self.analysis = AnalysisRunner(jobs=analysis_jobs, parent=self)
        self._pending_analysis: list[Frame] = []
        self._on_screen: list[str] = []
        self._analysis_delay = QTimer(self, singleShot=True, interval=ANALYSIS_DELAY_MS,
                                      timeout=self.start_analysis)
        self._waiting_poll = QTimer(self, interval=WAITING_POLL_MS, timeout=self._show_waiting)
        self._held_up: CatalogBusy | None = None   # what the waiting decisions wait for
        self.lose_waiting = False         # the photographer closes without the waiting decisions
        # files edited, replaced or deleted behind ShotKind's back are read anew when the
        # photographer comes back to the app or the folder's listing changes
        self._watcher = QFileSystemWatcher(self)
        self._recheck_soon = QTimer(self, singleShot=True, interval=RECHECK_DELAY_MS,
                                    timeout=self.recheck_files)
        self._watcher.directoryChanged.connect(lambda path: self._recheck_soon.start())
        # frame name -> the identity its file had before it was found missing: a rename the
        # watch reports afterwards is that file only if it is the same (folder_arrivals)
        self.vanished: dict[str, FileIdentity] = {}
        # a watch sees nothing when a folder above the shoot is renamed or unmounted: one
        # stat every few seconds does, and tells a new folder made under the old name
        self._folder_identity: tuple[int, int] | None = None
        self._presence = QTimer(self, interval=PRESENCE_CHECK_MS, timeout=self._still_the_shoot)
        app = QCoreApplication.instance()
        if hasattr(app, "applicationStateChanged"):   # a QGuiApplication
            app.applicationStateChanged.connect(self._application_state)
        self.thumbnails.progress.connect(self._thumbnail_progress)
        self.analysis.results_ready.connect(self._take_results)
        self.analysis.progress.connect(lambda done, total: self.work.emit("Analysing", done, total))
        self.analysis.finished.connect(self._analysis_done)

    @property
    def folder(self) -> Path | None:
        return self.shoot.folder if self.shoot is not None else None

    # ---- opening and closing -------------------------------------------------------------

    def open(self, folder: Path, live: bool = False) -> bool:
        """Open the shoot in `folder`: decisions and cached analysis from its catalog and
        sidecars at once; thumbnails and analysis of the rest in the background. A folder
        that is not there, holds no pictures or cannot be read is a `problem` and False
        (the shoot open before stays open). `live`: a live session may start on an empty
        folder, and analyses at once."""
        folder = Path(folder)
        if not folder.is_dir():
            self.problem.emit(problems.folder_missing(folder))
            return False
        try:
            shoot = scan_frames(folder)
            if not shoot.frames and not live:
                self.problem.emit(problems.no_photos(folder))
                return False
            if self.folder == folder:
                self.close()           # its lock is this session's: let go before taking it again
            catalog = self._open_catalog(folder)
        except OSError as error:
            self.problem.emit(problems.unreadable(folder, error))
            return False
        self.close()
        self.shoot, self.catalog = shoot, catalog
        if catalog.read_only is None:
            remove_leftovers(folder)          # sidecar temporaries of a killed session
        self.keeper = DecisionKeeper(folder, catalog, shoot.names(),
                                     keep_extension=settings.flag(settings.SIDECAR_KEEPS_EXTENSION),
                                     files={frame.name: frame.on_disk for frame in shoot.frames}, spare=True)
        if self.keeper.from_card:
            self.outcome.emit(f"Decisions on {self.keeper.from_card} frame{'s' if self.keeper.from_card != 1 else ''}, "
                              f"kept in ShotKind's data folder for the same photos elsewhere (a write-protected "
                              f"card), came with this copy")
        decisions = self.keeper.decisions()
        for frame in shoot.frames:
            frame.decision = decisions.get(frame.name, frame.decision)
        pending = attach_cached_results(shoot, catalog)
        self._pictures.clear()
        self.adjustments = catalog.all_crops({name: self._picture(name) for name in catalog.crop_records()})
        self._watcher.addPath(str(folder))
        self._folder_identity = folder_identity(folder)
        self._presence.start()
        self.thumbnails.start(catalog, shoot.frames)
        # Analysis waits for the first screenful of real thumbnails (or a moment): its
        # worker processes take a second of CPU to start, which the grid needs more.
        self._pending_analysis = pending
        self.analysis.set_keep_alive(live)
        if live:           # the next frame cannot wait for the workers to start
            self.start_analysis()
        else:
            self._analysis_delay.start()
        self.work.emit("Analysing" if pending else None, len(shoot.frames) - len(pending), len(shoot.frames))
        elsewhere = catalog.path.parent.parent != folder
        self.notice.emit(catalog_place_words(folder, catalog.path) if elsewhere else "")
        unreadable = unreadable_catalog(folder) if elsewhere else None
        if unreadable is not None:
            self.problem.emit(problems.catalog_unreadable(folder, unreadable, catalog.path))
        elif elsewhere and not settings.flag(settings.CATALOG_IN_DATA_FOLDER):
            self.problem.emit(problems.catalog_elsewhere(folder, catalog.path))
        if catalog.read_only is not None:
            self.problem.emit(problems.read_only_catalog(folder, catalog.read_only))
        return True

    def close(self) -> None:
        """Stop the work on the shoot, wait (a little) for decisions a busy or full catalog
        holds up, unless the photographer chose to lose them (lose_waiting), and let go of
        the catalog. Every other decision was on disk before the next key."""
        if self.shoot is not None:
            self.closing.emit()
        self._presence.stop()
        self._analysis_delay.stop()
        self._pending_analysis = []
        self._on_screen = []            # the next shoot's analysis starts from its own screen
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self.thumbnails.cancel()
        self.analysis.cancel()
        self.thumbnails.wait()
        self._waiting_poll.stop()
        self.history.clear()
        wait = 0.0 if self.lose_waiting else CLOSE_WAIT_SECONDS
        self.lose_waiting = False
        if self.keeper is not None and not self.keeper.writer.finish(wait):
            log.error("the catalog stayed busy or full: %d decisions were not saved", len(self.keeper.waiting()))
        if self.catalog is not None:
            self.analysis.wait(5)
            self.catalog.close()
        self.shoot = self.catalog = self.keeper = None
        self.vanished.clear()

    def _open_catalog(self, folder: Path) -> Catalog:
        """In the shoot folder, unless Preferences keep catalogs in ShotKind's data folder;
        read-only when another window holds it (catalog_lock)."""
        return Catalog.open(folder, exclusive=True, in_data_folder=settings.flag(settings.CATALOG_IN_DATA_FOLDER))

    # ---- the folder behind the shoot -------------------------------------------------------

    def recheck_files(self) -> list[str]:
        """Look at every frame's file again; those that changed get new thumbnails and
        a new analysis (a deleted one shows "file not found"). Returns their names."""
        if self.shoot is None or self.catalog is None:
            return []
        if not self._still_the_shoot():
            return []
        before = {frame.name: frame.identity for frame in self.shoot.frames}
        changed = [frame for frame in self.shoot.frames if recheck(frame)]
        self.vanished.update({frame.name: before[frame.name] for frame in changed
                              if frame.identity is None and before[frame.name] is not None})
        if changed:
            names = [frame.name for frame in changed]
            stale = [name for name in names if not self._adjustments_read_again(name)]
            if stale:      # made on the picture as it was: a replaced photo's face is elsewhere
                self.outcome.emit(f"{stale[0]} changed on disk: its adjusted crop guides no longer apply"
                                  if len(stale) == 1 else
                                  f"{len(stale)} frames changed on disk: their adjusted crop guides no longer apply")
            self.files_changed.emit(names)
            self.thumbnails.refresh(changed)
            self.analyse(changed)
        return [frame.name for frame in changed]

    def _still_the_shoot(self) -> bool:
        """Whether the shoot's folder is still the one opened; if not, the shoot is closed
        (gone: deleted, renamed, unplugged, or another folder under its name)."""
        if self.shoot is not None and not self._folder_is_the_shoot():
            self._shoot_gone()
            return False
        return self.shoot is not None

    def _folder_is_the_shoot(self) -> bool:
        return folder_identity(self.shoot.folder) == self._folder_identity

    def _application_state(self, state) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self._recheck_soon.start()

    def _shoot_gone(self) -> None:
        folder = self.shoot.folder
        self.close()
        self.work.emit(None, 0, 0)
        self.gone.emit(folder)

    # ---- decisions and guides --------------------------------------------------------------

    def decide(self, names: list[str], change) -> dict:
        """Apply `change` (Decision -> Decision) to the frames `names` as one undo step; on
        disk (catalog, sidecars) before this returns. The decisions changed."""
        if not self.check_writable():
            return {}
        depth = self.keeper.undo_depth
        try:
            changed = self.keeper.apply(names, change)
        except (sqlite3.Error, OSError) as error:     # refused, and taken back on screen
            self.problem.emit(problems.decision_not_saved(self.keeper.folder, error))
            return {}
        self._decision_step(depth)
        self.decisions_changed.emit(changed)
        self._report_sidecar_errors()
        self._show_waiting()
        return changed

    def import_client_choice(self, match, round_name: str, mark: str,
                             how: str = REPLACE) -> ImportOutcome | None:
        """The client's list marked as one undoable step, the round kept in the catalog
        (replaced or added to, `how`, when kept already); None when the catalog is busy
        (the marks then wait with the keeper)."""
        if not self.check_writable():
            return None
        depth = self.keeper.undo_depth
        try:
            outcome = import_choice(self.keeper, self.catalog, match, round_name, mark, GUI_WAIT, how)
        except (sqlite3.Error, OSError) as error:     # the marks refused: none of them shown
            self.problem.emit(problems.decision_not_saved(self.keeper.folder, error))
            return None
        except CatalogBusy as error:
            outcome = None       # the marks wait with the keeper; the round is lost: say so
            self.outcome.emit(f"{error.reason.capitalize()}: the marks are saved when it can take them, "
                              "the client round was not kept; import the list again later")
        self._decision_step(depth)
        self.decisions_changed.emit(self.keeper.decisions() if outcome is None else outcome.changed)
        self._show_waiting()
        self._report_sidecar_errors()
        return outcome

    def set_keep_extension(self, keep_extension: bool) -> None:
        """Sidecars named IMG_1.CR3.xmp (True) or IMG_1.xmp, from the next write on."""
        if self.keeper is not None:
            self.keeper.keep_extension = keep_extension

    def save_guide(self, name: str, ratio: str, box) -> None:
        """A guide the photographer moved or resized: kept in the catalog, one undo step,
        and said, since export cuts it there: a tester's click moved a guide unseen."""
        if self.catalog is not None and self._put_guides(
                name, {ratio: box}, {ratio: self._crops(name).get(ratio)}, shown=True):
            self.outcome.emit(f"Adjusted on {name}: the {ratio} crop guide, where export will cut it "
                              "(Ctrl+Z undoes)")

    def reset_guides(self, name: str, ratios: list[str] | None = None) -> bool:
        """`ratios` of frame `name` (every adjusted one when None) back to the computed
        guides, one undo step; False when none of them was adjusted."""
        if self.catalog is None:
            return False
        adjusted = self._crops(name)
        ratios = [ratio for ratio in (ratios or adjusted) if ratio in adjusted]
        if not ratios:
            self.outcome.emit("No adjusted crop guide to reset on this frame")
            return False
        self._put_guides(name, dict.fromkeys(ratios), {ratio: adjusted[ratio] for ratio in ratios}, shown=False)
        self.outcome.emit(f"{name}: the {', '.join(ratios)} crop guide{'s' if len(ratios) > 1 else ''} "
                          f"back to the computed one{'s' if len(ratios) > 1 else ''} (Ctrl+Z undoes)")
        return True

    def _picture(self, name: str) -> str | None:
        """The print of the frame's picture (core.files.picture_print), read once for each
        of its files' identities: an adjusted crop belongs to the picture it was made on."""
        frame = next((frame for frame in self.shoot.frames if frame.name == name), None) if self.shoot else None
        if frame is None:
            return None
        known = self._pictures.get(name)
        if known is None or known[0] != frame.identity:
            known = self._pictures[name] = (frame.identity, picture_print(frame.path))
        return known[1]

    def _adjustments_read_again(self, name: str) -> bool:
        """The frame's adjusted crops read again for its file as it is now, as the export
        reads them (captions written into the JPEG keep them, another photo does not);
        False when it had some and has none now. (A file caught half-copied gets its
        crops back once whole.)"""
        had = bool(self.adjustments.get(name))
        try:
            now = self._crops(name) if self.catalog.crop_records(name) else {}
        except CatalogBusy:      # another program holds the catalog: they stay as they were
            return True
        if now:
            self.adjustments[name] = now
        else:
            self.adjustments.pop(name, None)
        return bool(now) or not had

    def _crops(self, name: str) -> dict:
        """The frame's adjusted crops made on its picture as it is now."""
        return self.catalog.crops(name, self._picture(name))

    def _put_guides(self, name: str, boxes: dict, before: dict, shown: bool) -> bool:
        """Save `boxes` (ratio -> box, None for the computed guide) and push the step that
        puts `before` back; False when they could not be saved. `shown`: the view shows
        `boxes` already (the photographer dragged the guide there), so the views are told
        only of undo and redo."""
        catalog, picture = self.catalog, self._picture(name)
        if not self._save_boxes(catalog, name, boxes, announce=not shown):
            return False
        self.history.push(DoneStep(
            "Crop guide", lambda: self._move_guides(catalog, name, before, "Undone", picture),
            lambda: self._move_guides(catalog, name, boxes, "Redone", picture)))
        return True

    def _move_guides(self, catalog: Catalog, name: str, boxes: dict, verb: str, picture: str | None) -> None:
        """Undo or redo a guide step, and say so: the frame may not be on screen. Not on
        another picture: the step's boxes were drawn on the one it was made on."""
        if self._picture(name) != picture:
            self.outcome.emit(f"Not {verb.lower()} on {name}: the crop guide was set on a photo "
                              "since replaced on disk")
        elif self._save_boxes(catalog, name, boxes):
            self.outcome.emit(f"{verb} on {name}: the crop guide")

    def _save_boxes(self, catalog: Catalog, name: str, boxes: dict, announce: bool = True) -> bool:
        try:
            for ratio, box in boxes.items():
                catalog.save_crop(name, ratio, box, wait=0.2, picture=self._picture(name))
        except CatalogReadOnly as reason:
            self.outcome.emit(f"The adjusted guide is not kept: {reason}")
            return False
        except CatalogBusy as error:
            self.outcome.emit(f"The adjusted guide is not kept: {error.reason}")
            return False
        adjusted = self.adjustments.setdefault(name, {})
        for ratio, box in boxes.items():
            if box is None:
                adjusted.pop(ratio, None)
            else:
                adjusted[ratio] = box
        if announce:
            self.guides_changed.emit(name)
        return True

    def check_writable(self) -> bool:
        """True when decisions can be saved; otherwise the `problem` says why. The folder
        is looked at first: a tester's X, pressed as a sync tool put another card's
        folder in the shoot's place, rejected that card's IMG_0057 before the folder
        watch had noticed (it takes up to a second)."""
        if self.keeper is None or not self._still_the_shoot():
            return False
        if self.keeper.read_only is not None:
            self.problem.emit(problems.read_only_catalog(self.keeper.folder, self.keeper.read_only))
            return False
        return True

    def _decision_step(self, depth: int) -> None:
        """The keeper's step made since it had `depth` steps, if any, as one step of the
        history (Ctrl+Z), in order with guide adjustments."""
        keeper = self.keeper
        if keeper is not None and keeper.undo_depth > depth:
            step = DoneStep("Decision", lambda: self._history_move(keeper.undo, step, self.history.redo, "Undone"),
                            lambda: self._history_move(keeper.redo, step, self.history.undo, "Redone"),
                            frames=tuple(keeper.next_step(back=True) or ()))
            self.history.push(step)

    def step_frames(self, back: bool) -> list[str]:
        """The frames whose decisions the next undo (`back`) or redo changes; none for a
        guide step or when there is nothing to take."""
        history = self.history
        step = history.command(history.index() - 1 if back else history.index())
        return list(step.frames) if isinstance(step, DoneStep) else []

    def _history_move(self, move: Callable[[], dict], step: DoneStep, back: Callable[[], None],
                      verb: str) -> None:
        """Undo or redo a decision step and say what it did; when the disk refuses it, say
        so and move the history back to where the decisions still are."""
        if self.shoot is None:
            return
        if not self._folder_is_the_shoot():
            # closed once the history is done with this step: closing clears the history,
            # and a step deleted while it runs crashed the window
            QTimer.singleShot(0, self._still_the_shoot)
            return
        undoing = verb == "Undone"
        taken = self.keeper.next_step(back=undoing)
        try:
            changed = move()
        except (sqlite3.Error, OSError) as error:
            self.problem.emit(problems.decision_not_saved(self.keeper.folder, error))
            step.skip_next()
            QTimer.singleShot(0, back)
            return
        self._undone(changed)
        if taken:
            self.outcome.emit(decision_step_words(verb, taken, back=undoing))

    def _undone(self, changed: dict) -> None:
        self.decisions_changed.emit(changed)
        self._show_waiting()

    def _show_waiting(self) -> None:
        """While a busy catalog holds decisions up, say so and look again; when they are
        saved, say that instead."""
        waiting = len(self.keeper.waiting()) if self.keeper is not None else 0
        if waiting:
            writer = self.keeper.writer
            if writer.held_up is not None:          # None again while the last sidecars are written
                self._held_up = writer.held_up
            problem = problems.catalog_busy(self.keeper.folder, waiting, self._held_up, writer.failure,
                                            writer.waiting_kept_spare())
            self.problem.emit(problem)
            if not self._waiting_poll.isActive():   # not "saved again" below it, from the last time
                self.outcome.emit(problem[0])
            self._waiting_poll.start()
        elif self._waiting_poll.isActive():
            self._waiting_poll.stop()
            self.problem_solved.emit()
            self.outcome.emit(problems.catalog_saved_again(self._held_up))
            self._report_sidecar_errors()

    def _report_sidecar_errors(self) -> None:
        if self.keeper is not None and self.keeper.sidecar_errors:
            self.notice.emit(self.keeper.sidecar_errors[-1])
            self.keeper.sidecar_errors.clear()

    # ---- analysis ------------------------------------------------------------------------

    def analysing(self) -> bool:
        """True while frames wait for or are in analysis."""
        return bool(self._pending_analysis) or self.analysis.is_running()

    def prioritise(self, names: list[str]) -> None:
        """Frames on screen get their thumbnails and analysis next."""
        self._on_screen = list(names)
        self.thumbnails.prioritise(names)
        self.analysis.prioritise(names)

    def start_analysis(self) -> None:
        """Analyse the frames without a cached result now, instead of after the first
        screenful of thumbnails."""
        self._analysis_delay.stop()
        pending, self._pending_analysis = self._pending_analysis, []
        if (pending or self.analysis.keep_alive) and self.catalog is not None:
            self._choose_detector()
            self.analysis.start(self.catalog, pending)
            self.analysis.prioritise(self._on_screen)

    def analyse(self, frames: list[Frame], urgent: bool = False) -> None:
        """Analyse `frames` too (changed on disk, or new in the folder): with the frames
        waiting for the analysis to start, or in the running one, or in a new one.
        `urgent` (a live session's newest): now, ahead of the rest."""
        if self.catalog is None or not frames:
            return
        if self._analysis_delay.isActive() and not urgent:
            self._pending_analysis += frames
            return
        if self._analysis_delay.isActive():
            self.start_analysis()
        running = self.analysis.is_running()
        self.analysis.add(self.catalog, frames, urgent=urgent)
        if not running:
            self.work.emit("Analysing", 0, len(frames))

    def frame_renamed(self, old: str, new: str) -> None:
        """Frame `old` is `new` now (renamed on disk): Ctrl+Z and Ctrl+Shift+Z take the keys
        to it under its new name (under the old one may be another picture now)."""
        self.vanished.pop(old, None)
        for index in range(self.history.count()):
            step = self.history.command(index)
            if isinstance(step, DoneStep) and old in step.frames:
                step.frames = tuple(new if name == old else name for name in step.frames)

    def cancel_analysis(self) -> None:
        self._analysis_delay.stop()
        self._pending_analysis = []
        self.analysis.cancel()
        self.work.emit(None, 0, 0)
        self.outcome.emit("Analysis cancelled; frames analysed so far keep their scores")

    def _choose_detector(self) -> None:
        """The detector from Preferences. YuNet ships inside the app; were its file missing
        or damaged, analysis falls back to MTCNN and the photographer is told (the workers
        could not start)."""
        size = settings.number(settings.WORKING_SIZE, WORKING_LONG_SIDE)
        self.analysis.working_size = size if size in settings.WORKING_SIZES else WORKING_LONG_SIDE
        self.analysis.detector, self.analysis.model = settings.detector(), None
        if self.analysis.detector == "yunet":
            try:
                model_path(YUNET)        # its SHA-256: a quarter of a megabyte
            except ModelError as error:
                self.analysis.detector = "mtcnn"
                self.problem.emit(problems.detector_unavailable(error))

    def _take_results(self, results: dict) -> None:
        if self.shoot is not None:
            frames = {frame.name: frame for frame in self.shoot.frames}
            for name, result in results.items():
                if name in frames:
                    frames[name].result = result
        self.results_ready.emit(results)

    def _thumbnail_progress(self, done: int, total: int) -> None:
        if self._pending_analysis and done >= min(total, FIRST_SCREEN):
            self.start_analysis()
        if not self.analysis.is_running() and not self._pending_analysis:
            self.work.emit("Thumbnails" if done < total else None, done, total)

    def _analysis_done(self) -> None:
        self.work.emit(None, 0, 0)
        self.analysis_finished.emit()


def catalog_place_words(folder: Path, kept_at: Path) -> str:
    """Why the decisions are kept on this computer, not in the shoot folder, and where: a
    tester's read-only card showed only "Catalog at …/ro_mnt-43b4….sqlite"."""
    if not os.access(folder, os.W_OK):
        return (f"This folder is read-only, so your decisions are kept on this computer "
                f"({kept_at}) and go to the folder when it can be written")
    return f"Your decisions are kept on this computer, as Preferences say ({kept_at})"
