"""A live session: culling while shooting tethered. Beside the main window and its
ShootSession (which opens the shoot, keeps decisions and runs the workers) and the watch
that puts each picture tether software finishes into the shoot (folder_arrivals.py, for
every open shoot), this object has each arrival analysed ahead of anything else on the
session's one worker pool, and shows its verdict.

What the photographer can count on:
- A new frame is the newest in the grid; the loupe moves to it only when the
  photographer was on the newest frame already (or asks: End), so a decision being
  made on an earlier frame stays on that frame.
- Pairs, renames and pictures taken away again: as in folder_arrivals.py.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from shotkind_desktop.core.decisions.catalog import CatalogBusy
from shotkind_desktop.core.people.coverage import Coverage, CoverageFrame, current_sitting
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.core.people.sitters import SitterEdits
from shotkind_desktop.core.judgement.verdict import verdict
from shotkind_desktop.ui import settings
from shotkind_desktop.ui.grid_view import select_row
from shotkind_desktop.ui.live_panel import WAITING, LivePanel
from shotkind_desktop.ui.folder_arrivals import FolderArrivals

RECOUNT_MS = 150              # coverage is counted again this long after a frame or result
SECOND_BEEP_MS = 180
HOLD_AT_MOST_MS = 1000        # pictures wait for a new frame's verdict this long at most


class LiveSession(QObject):
    """Turns a shoot open in `window` into a live one.

    Signals:
        started(Path): the folder is watched.
        ended(): it is no longer.
        verdict_shown(str): the panel shows the newest frame's verdict (by name).
    """

    started = Signal(object)
    ended = Signal()
    verdict_shown = Signal(str)

    def __init__(self, window, arrivals: FolderArrivals) -> None:
        super().__init__(window)
        self.window = window
        self.arrivals = arrivals
        self.panel = LivePanel()
        self.folder: Path | None = None
        self._alarmed: set[str] = set()
        self._coverage = Coverage(0, 0, 0, None)
        self._recount = QTimer(self, singleShot=True, interval=RECOUNT_MS, timeout=self._count_sitting)
        self._awaited: set[str] = set()                # new frames whose verdict is not in yet
        self._hold_limit = QTimer(self, singleShot=True, interval=HOLD_AT_MOST_MS,
                                  timeout=lambda: self._await(set(), done=set(self._awaited)))
        self._following = self._tail_in_view = True
        arrivals.arriving.connect(self._arriving)
        arrivals.arrived.connect(self._arrived)
        arrivals.left.connect(lambda names: self._show_newest() if self.folder is not None else None)
        arrivals.results.connect(self._results)
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
        """Show the open shoot's `folder` live (the window watches it already): each
        arrival analysed first, the loupe on its newest frame."""
        self.folder = Path(folder)
        self._alarmed.clear()
        self.arrivals.analyse_first(lambda frames: self._analyse_first(frames))
        self.panel.show()
        workspace = self.window.workspace
        workspace.set_mode("loupe")
        newest = self._newest()
        if newest is not None:
            self._select(newest)
        self._show_newest()
        self.started.emit(self.folder)

    def stop(self) -> None:
        """Back to an ordinary shoot (still watched); the workers go once they are done."""
        if self.folder is None:
            return
        self.arrivals.analyse_first(None)
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

    # ---- arrivals (folder_arrivals puts them into the shoot) -------------------------

    def _arriving(self) -> None:
        """Where the photographer is before arrivals change the shoot: on the newest frame
        (the loupe follows), and whether the grid shows the end of the shoot."""
        if self.folder is None:
            return
        newest, current = self._newest(), self.window.workspace.current_frame()
        self._following = current is None or newest is None or current.name == newest.name
        self._tail_in_view = newest is None or newest.name in self.window.workspace.grid.visible_names()

    def _arrived(self, added: list) -> None:
        if self.folder is None:
            return
        workspace = self.window.workspace
        if added and self._following:
            self._select(added[-1])
        elif added and workspace.mode == "grid" and self._tail_in_view:
            index = self._proxy_index(added[-1])
            if index is not None:
                workspace.grid.scrollTo(index)
        self._show_newest()

    def _analyse_first(self, frames: list[Frame]) -> None:
        """Analysed ahead of anything else, with the cores to themselves until their
        verdicts are in (a second at most): the loupe's picture and the thumbnails of
        older frames wait. Decoding the same 24 MP frame for the loupe at the same time
        doubled the time to the verdict (benchmarks/README.md)."""
        self.window.session.analyse(frames, urgent=True)
        self._await({frame.name for frame in frames})

    def _await(self, names: set[str], done: set[str] = frozenset()) -> None:
        self._awaited = (self._awaited | names) - done
        held = bool(self._awaited)
        self.window.session.thumbnails.hold(held)
        self.window.workspace.previews.hold(held)
        if names:
            self._hold_limit.start()

    # ---- results ------------------------------------------------------------------------

    def _results(self, touched: set) -> None:
        if self.folder is None:
            return
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
        if shown.alarm and newest.name in self.arrivals.arrived_names and newest.name not in self._alarmed:
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
        except (sqlite3.Error, CatalogBusy):     # busy or gone: the sitters as found
            edits = SitterEdits()
        frames = [coverage_frame(frame) for frame in self.window.model.frames()]
        self._coverage = current_sitting(frames, edits, self.window.sitters.sitters)
        self._show_coverage(recount=False)

    # ---- plumbing -----------------------------------------------------------------------

    def _newest(self) -> Frame | None:
        frames = self.window.model.frames()
        return frames[-1] if frames else None

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


def beep(times: int) -> None:
    """The system's beep, `times` times a little apart (twice for a blink)."""
    QApplication.beep()
    for n in range(1, times):
        QTimer.singleShot(n * SECOND_BEEP_MS, QApplication.beep)
