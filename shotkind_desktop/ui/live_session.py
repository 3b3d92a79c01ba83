"""A live session: culling while shooting tethered. Beside the main window and its
ShootSession (which opens the shoot, keeps decisions and runs the workers), this object
watches the shoot's folder, puts each picture tether software finishes into the shoot,
has it analysed ahead of anything else on the session's one worker pool, and shows its
verdict.

What the photographer can count on:
- A new frame is the newest in the grid; the loupe moves to it only when the
  photographer was on the newest frame already (or asks: End), so a decision being
  made on an earlier frame stays on that frame.
- A RAW and its JPEG are one frame whichever lands first (core.live.arrivals): the frame
  keeps its row, decision and analysis when its partner comes.
- A picture that arrived this session and goes away again without a decision leaves
  the grid (tether software deleting or moving it); one with a decision stays, marked
  "file not found", as in any shoot.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.live.arrivals import adopted_result, changes_for_arrivals, frame_name
from shotkind_desktop.core.live.live_folder import ends_with_jpeg_end
from shotkind_desktop.core.decisions.catalog import CatalogBusy, FileIdentity
from shotkind_desktop.core.decisions.decisions import Decision
from shotkind_desktop.core.people.coverage import Coverage, CoverageFrame, current_sitting
from shotkind_desktop.core.decisions.decision_writer import GUI_WAIT
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.core.people.sitters import SitterEdits
from shotkind_desktop.core.judgement.verdict import verdict
from shotkind_desktop.ui import settings
from shotkind_desktop.ui.grid_view import select_row
from shotkind_desktop.ui.live_panel import WAITING, LivePanel
from shotkind_desktop.ui.live_watcher import LiveWatcher

log = logging.getLogger(__name__)
RECOUNT_MS = 150              # coverage is counted again this long after a frame or result
SECOND_BEEP_MS = 180
HOLD_AT_MOST_MS = 1000        # pictures wait for a new frame's verdict this long at most


class LiveSession(QObject):
    """Turns a shoot open in `window` into a live one.

    Signals:
        started(Path): the folder is watched.
        ended(): it is no longer.
        frames_arrived(list): names of the frames new or completed by arrivals.
        verdict_shown(str): the panel shows the newest frame's verdict (by name).
    """

    started = Signal(object)
    ended = Signal()
    frames_arrived = Signal(list)
    verdict_shown = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.panel = LivePanel()
        self.watcher = LiveWatcher(self)
        self.folder: Path | None = None
        self._arrived: set[str] = set()                # frames that came during this session
        self._waiting_partner: dict[str, tuple[str, tuple[int, int] | None]] = {}  # RAW name -> pair name, JPEG size
        self._alarmed: set[str] = set()
        self._coverage = Coverage(0, 0, 0, None)
        self._recount = QTimer(self, singleShot=True, interval=RECOUNT_MS, timeout=self._count_sitting)
        self._awaited: set[str] = set()                # new frames whose verdict is not in yet
        self._hold_limit = QTimer(self, singleShot=True, interval=HOLD_AT_MOST_MS,
                                  timeout=lambda: self._await(set(), done=set(self._awaited)))
        self.watcher.arrived.connect(self._files_arrived)
        self.watcher.gone.connect(self._files_gone)
        window.session.analysis.results_ready.connect(self._results)
        window.workspace.current_changed.connect(lambda frame: self._show_coverage(recount=False))
        window.sitters.work.sitters_changed.connect(lambda sitters: self._show_coverage())
        self.panel.newest_requested.connect(self.go_newest)
        self.panel.verdict_shown.connect(self.verdict_shown)
        self.panel.sound.setChecked(settings.flag(settings.LIVE_SOUND))
        self.panel.sound_toggled.connect(lambda on: settings.set_flag(settings.LIVE_SOUND, on))

    @property
    def active(self) -> bool:
        return self.folder is not None

    def start(self, folder: Path) -> None:
        """Watch the open shoot's `folder`; the loupe shows its newest frame."""
        self.folder = Path(folder)
        self._arrived.clear()
        self._waiting_partner.clear()
        self._alarmed.clear()
        known = {path.name for frame in self.window.model.frames() for path in frame.files}
        self.watcher.start(self.folder, known)
        self.panel.show()
        workspace = self.window.workspace
        workspace.set_mode("loupe")
        newest = self._newest()
        if newest is not None:
            self._select(newest)
        self._show_newest()
        self.started.emit(self.folder)

    def stop(self) -> None:
        """Stop watching; the shoot stays open and the workers go once they are done."""
        if self.folder is None:
            return
        self.watcher.stop()
        self._await(set(), done=set(self._awaited))
        self.window.session.analysis.set_keep_alive(False)
        self.folder = None
        self.panel.hide()
        self.ended.emit()

    def go_newest(self) -> None:
        """The photographer asks for the newest frame: the loupe follows from then on."""
        newest = self._newest()
        if newest is not None:
            self._select(newest)
        self._show_coverage(recount=False)

    # ---- arrivals -----------------------------------------------------------------------

    def _files_arrived(self, items: list) -> None:
        model, workspace = self.window.model, self.window.workspace
        if self.folder is None or model.shoot is None or self.window.session.keeper is None:
            return
        newest_before = self._newest()
        current = workspace.current_frame()
        following = current is None or newest_before is None or current.name == newest_before.name
        grid = workspace.grid
        tail_in_view = newest_before is None or newest_before.name in grid.visible_names()
        added: list[Frame] = []
        identities = {arrival.path: arrival.identity for arrival, _size, _done in items}
        sizes = {arrival.path: size for arrival, size, _done in items}
        changes = changes_for_arrivals(self.folder, {frame.name: frame.on_disk for frame in model.frames()},
                                       [arrival.path for arrival, _size, _done in items])
        for change in changes:      # grows while it runs: see the rename below
            name = frame_name(self.folder, change.files)
            identity = identities.get(change.files.path) or _identity(change.files.path)
            renamed = self._renamed_from(change.files, identity) if change.old is None else None
            if renamed is not None:
                old_path = self.window.model.frame(renamed).path
                self._rename(renamed, name, change.files, identity)
                if old_path.exists() and (old_path in identities or _whole_jpeg(old_path)):
                    # the next capture landed under the old name before the rename was seen
                    # (a re-tester deciding fast): its arrival read as the renamed frame's
                    # own file; else the watch reports it when it is whole
                    changes += changes_for_arrivals(
                        self.folder, {frame.name: frame.on_disk for frame in model.frames()}, [old_path])
            elif change.old is None:
                added.append(Frame(name, change.files, self._next_order(added), identity))
                self._arrived.add(name)
            else:
                self._continue(change.old, name, change.files, identity, sizes.get(change.files.path))
        if added:
            decisions = self.window.session.keeper.add({frame.name: frame.on_disk for frame in added})
            for frame in added:
                frame.decision = decisions.get(frame.name, frame.decision)
            model.add_frames(added)
            self.window.session.thumbnails.refresh(added)
            self._analyse_first(added)
            if following:
                self._select(added[-1])
            elif workspace.mode == "grid" and tail_in_view:
                index = self._proxy_index(added[-1])
                if index is not None:
                    grid.scrollTo(index)
        self._show_newest()
        if changes:
            self.frames_arrived.emit([frame_name(self.folder, change.files) for change in changes])

    def _continue(self, old: str, name: str, files, identity: FileIdentity | None,
                  size: tuple[int, int] | None) -> None:
        """Frame `old` has more files now (a partner landed): it is `name` with `files`,
        in the same row, with its decision, crops and (when the picture is the same) its
        analysis."""
        window = self.window
        before = window.model.frame(old)
        if before is None:
            return
        picture_changed = files.path != before.path
        frame = Frame(name, files, before.order, identity if picture_changed else before.identity,
                      window.session.keeper.rename(old, name, files), before.result)
        self._carry_over(old, name)
        if picture_changed:
            window.workspace.previews.forget([old])
            frame.result = None
            if before.result is not None:
                self._adopt(frame, before.result, size)
            else:                     # the RAW is still being analysed: its result comes under `old`
                self._waiting_partner[old] = (name, size)
        window.model.replace_frame(old, frame)
        if picture_changed:
            window.session.thumbnails.refresh([frame])

    def _carry_over(self, old: str, name: str) -> None:
        """What the session keeps by frame name, for frame `old` now called `name`."""
        if old in self._arrived:
            self._arrived.discard(old)
            self._arrived.add(name)
        adjustments = self.window.workspace.adjustments
        if old in adjustments:
            adjustments[name] = adjustments.pop(old)

    def _renamed_from(self, files, identity: FileIdentity | None) -> str | None:
        """The frame this arrival is under a new name, or None. Tether software renames a
        frame after it lands (a tester's IMG_0005.JPG became Smith_0005.JPG, and its
        stars stayed on a "file not found" row, then were gone after reopening). A
        rename keeps the file's size and time to the nanosecond, and the old name is
        gone or holds another file already: the next capture can land under a temporary
        name before the rename is seen (a copy, the same size and time, is no rename).
        Only single-file frames are followed (a pair's halves move one by one)."""
        if identity is None or files.raw is not None:
            return None
        for frame in self.window.model.frames():
            if frame.identity == identity and frame.raw is None and frame.path != files.path \
                    and (not frame.path.exists() or _identity(frame.path) != identity):
                return frame.name
        return None

    def _rename(self, old: str, name: str, files, identity: FileIdentity) -> None:
        """Frame `old`, renamed on disk to `name`: the same picture, so the same row with
        its decision, adjusted crops and analysis, under the new name."""
        window = self.window
        before = window.model.frame(old)
        result = replace(before.result, file=name) if before.result is not None else None
        frame = Frame(name, files, before.order, identity, window.session.keeper.rename(old, name, files), result)
        self._carry_over(old, name)
        window.workspace.previews.forget([old])
        if result is not None and window.session.catalog is not None:
            try:
                window.session.catalog.save_results([(name, identity, result)], wait=GUI_WAIT)
            except CatalogBusy:
                log.info("catalog busy: %s is analysed again when the shoot is next opened", name)
        window.model.replace_frame(old, frame)
        if result is None:          # its analysis under the old name finds no frame to go to
            self._analyse_first([frame])

    def _adopt(self, frame: Frame, raw_result: FrameResult, size: tuple[int, int] | None) -> None:
        """The RAW's analysis becomes the pair's, in the JPEG's pixels; when it cannot
        (another shape, the RAW unreadable), the JPEG is analysed, first."""
        raw = frame.raw.relative_to(self.folder).as_posix() if frame.raw else None
        adopted = adopted_result(raw_result, frame.name, raw, size)
        if adopted is None:
            self._analyse_first([frame])
            return
        frame.result = adopted
        if frame.identity is not None and self.window.session.catalog is not None:
            try:
                self.window.session.catalog.save_results([(frame.name, frame.identity, adopted)], wait=GUI_WAIT)
            except CatalogBusy:
                log.info("catalog busy: the analysis of %s is made again when the shoot is next opened", frame.name)
        self.window.model.set_results({frame.name: adopted})

    def _files_gone(self, paths: list[Path]) -> None:
        model = self.window.model
        if self.folder is None or model.shoot is None:
            return
        leaving = []
        for frame in list(model.frames()):
            if frame.name in self._arrived and frame.decision == Decision() \
                    and all(path in paths or not path.exists() for path in frame.files):
                leaving.append(frame.name)
        if leaving:
            self._arrived.difference_update(leaving)
            self.window.workspace.previews.forget(leaving)
            model.remove_frames(leaving)
            self._show_newest()

    def _analyse_first(self, frames: list[Frame]) -> None:
        """Analysed ahead of anything else, with the cores to themselves until their
        verdicts are in (a second at most): the loupe's picture and the thumbnails of
        older frames wait. Decoding the same 24 MP frame for the loupe at the same time
        doubled the time to the verdict (benchmarks/README.md)."""
        self.window.session.analysis.add(self.window.session.catalog, frames, urgent=True)
        self._await({frame.name for frame in frames})

    def _await(self, names: set[str], done: set[str] = frozenset()) -> None:
        self._awaited = (self._awaited | names) - done
        held = bool(self._awaited)
        self.window.session.thumbnails.hold(held)
        self.window.workspace.previews.hold(held)
        if names:
            self._hold_limit.start()

    # ---- results ------------------------------------------------------------------------

    def _results(self, results: dict) -> None:
        if self.folder is None:
            return
        model = self.window.model
        touched = set(results)
        for old in [name for name in results if name in self._waiting_partner]:
            name, size = self._waiting_partner.pop(old)
            frame = model.frame(name)
            if frame is not None and frame.result is None:
                self._adopt(frame, results[old], size)
                touched.add(name)
        if self._awaited & touched:
            self._await(set(), done=touched)
        newest = self._newest()
        if newest is not None and newest.name in touched:
            self._show_newest()
        else:
            self._show_coverage()

    # ---- what the panel shows -----------------------------------------------------------

    def _show_newest(self) -> None:
        newest = self._newest()
        if newest is None:
            self.panel.show_verdict("", WAITING, f"Watching {self.folder}" if self.folder else "")
            self._show_coverage()
            return
        shown = verdict(newest.result)
        note = "Newest: " + newest.path.name + (f" + {newest.raw.suffix.lstrip('.').upper()}" if newest.raw else "")
        if newest.identity is not None:
            note += time.strftime("  ·  %H:%M:%S", time.localtime(newest.identity.mtime_ns / 1e9))
        self.panel.show_verdict(newest.name, shown, note)
        if shown.alarm and newest.name in self._arrived and newest.name not in self._alarmed:
            self._alarmed.add(newest.name)
            if self.panel.sound.isChecked():
                beep(2 if shown.alarm == "blink" else 1)
        self._show_coverage()

    def _show_coverage(self, recount: bool = True) -> None:
        """How many frames are newer than the one looked at, now; coverage of the
        sitting counted again (after arrivals and results, not after each key) a moment
        later, so grouping sitters never holds a verdict back."""
        if self.folder is None:
            return
        if recount:
            self._recount.start()
        current = self.window.workspace.current_frame()
        newest = self._newest()
        behind = 0
        if current is not None and newest is not None and current.name != newest.name:
            behind = max(0, newest.order - current.order)
        self.panel.show_coverage(self._coverage, behind)

    def _count_sitting(self) -> None:
        if self.folder is None or self.window.session.catalog is None:
            return
        try:
            edits = self.window.session.catalog.sitter_edits()
        except sqlite3.Error:                # busy or gone: the sitters as found
            edits = SitterEdits()
        frames = [coverage_frame(frame) for frame in self.window.model.frames()]
        self._coverage = current_sitting(frames, edits, self.window.sitters.sitters)
        self._show_coverage(recount=False)

    # ---- plumbing -----------------------------------------------------------------------

    def _newest(self) -> Frame | None:
        frames = self.window.model.frames()
        return frames[-1] if frames else None

    def _next_order(self, added: list[Frame]) -> int:
        frames = self.window.model.frames()
        last = max([frame.order for frame in frames[-1:]] + [frame.order for frame in added], default=-1)
        return last + 1

    def _proxy_index(self, frame: Frame):
        model = self.window.model
        row = model.row_of(frame.name)
        if row is None:
            return None
        index = self.window.proxy.mapFromSource(model.index(row, 0))
        return index if index.isValid() else None

    def _select(self, frame: Frame) -> None:
        index = self._proxy_index(frame)
        if index is None:
            return                     # the filter hides it: the photographer's view stays
        view = self.window.workspace.active_view()
        select_row(view, index.row())


def coverage_frame(frame: Frame) -> CoverageFrame:
    """What coverage needs of a frame; its file's time stands in for a capture time."""
    return CoverageFrame(frame.name, frame.identity.mtime_ns / 1e9 if frame.identity else None,
                         frame.result)


def _whole_jpeg(path: Path) -> bool:
    """A JPEG written to its end marker: a capture the watch may have reported already."""
    return filetypes.is_jpeg(path) and ends_with_jpeg_end(path)


def _identity(path: Path) -> FileIdentity | None:
    try:
        return FileIdentity.of(path)
    except OSError:
        return None


def beep(times: int) -> None:
    """The system's beep, `times` times a little apart (twice for a blink)."""
    QApplication.beep()
    for n in range(1, times):
        QTimer.singleShot(n * SECOND_BEEP_MS, QApplication.beep)
