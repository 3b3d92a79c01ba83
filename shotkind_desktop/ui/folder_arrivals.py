"""Pictures that come into an open shoot's folder while it is open, put into the shoot as
each is complete: the rest of a card still being copied when culling began, a second
card copied beside the first, a frame renamed in the file manager, tether software's
captures (live_session.py adds what a live session shows beside them). Until this
watch, they were seen only when the shoot was opened again.

What the photographer can count on:
- A new frame takes its place after the others and is analysed like them; the view
  stays where the photographer is (a live session follows the newest frame).
- A RAW and its JPEG are one frame whichever lands first (core.live.arrivals): the frame
  keeps its row, decision and analysis when its partner comes.
- A renamed picture is the same frame under its new name, with its decision, crops and
  analysis, whether the rename was seen as it happened or after the old name was found
  missing (ShootSession.vanished).
- A picture that arrived while the shoot was open and goes away again without a decision
  leaves the grid; one with a decision stays, marked "file not found", as in any shoot.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from shotkind_desktop.core.decisions.catalog import CatalogBusy, FileIdentity
from shotkind_desktop.core.decisions.decision_writer import GUI_WAIT
from shotkind_desktop.core.decisions.decisions import Decision
from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.live.arrivals import adopted_result, changes_for_arrivals, frame_name
from shotkind_desktop.core.live.live_folder import ends_with_jpeg_end
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.live_watcher import LiveWatcher

log = logging.getLogger(__name__)


class FolderArrivals(QObject):
    """Watches the folder of the shoot open in `window` and puts what arrives into it.

    Signals (on the GUI thread; each runs to its end before the shoot changes again):
        arriving(): arrivals are about to change the shoot.
        arrived(list, list): the frames new to the shoot, in order, and the names of every
            frame arrivals made or completed.
        left(list): names of frames that left (arrived, undecided, and gone again).
        results(set): analysis results are in for these frames (a RAW's result handed on
            to the JPEG that joined it included).
    """

    arriving = Signal()
    arrived = Signal(list, list)
    left = Signal(list)
    results = Signal(set)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.watcher = LiveWatcher(self)
        self.folder: Path | None = None
        self.arrived_names: set[str] = set()           # frames that came while the shoot was open
        self._waiting_partner: dict[str, tuple[str, tuple[int, int] | None]] = {}  # RAW name -> pair name, JPEG size
        # how a new frame is analysed: with the rest, or (a live session) first
        self.analyse: Callable[[list[Frame]], None] = lambda frames: window.session.analyse(frames)
        self.watcher.arrived.connect(self._files_arrived)
        self.watcher.gone.connect(self._files_gone)
        window.session.analysis.results_ready.connect(self._results)

    @property
    def active(self) -> bool:
        return self.folder is not None

    def start(self, folder: Path) -> None:
        """Watch the open shoot's `folder`."""
        self.folder = Path(folder)
        self.arrived_names.clear()
        self._waiting_partner.clear()
        known = {path.name for frame in self.window.model.frames() for path in frame.files}
        self.watcher.start(self.folder, known)

    def stop(self) -> None:
        self.watcher.stop()
        self.folder = None

    # ---- arrivals -----------------------------------------------------------------------

    def _files_arrived(self, items: list) -> None:
        window = self.window
        model, session = window.model, window.session
        if self.folder is None or model.shoot is None or session.keeper is None:
            return
        self.arriving.emit()
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
                old_path = model.frame(renamed).path
                self._rename(renamed, name, change.files, identity)
                if old_path.exists() and (old_path in identities or _whole_jpeg(old_path)):
                    # the next capture landed under the old name before the rename was seen
                    # (a re-tester deciding fast): its arrival read as the renamed frame's
                    # own file; else the watch reports it when it is whole
                    changes += changes_for_arrivals(
                        self.folder, {frame.name: frame.on_disk for frame in model.frames()}, [old_path])
            elif change.old is None:
                added.append(Frame(name, change.files, self._next_order(added), identity))
                self.arrived_names.add(name)
            else:
                self._continue(change.old, name, change.files, identity, sizes.get(change.files.path))
        if added:
            decisions = session.keeper.add({frame.name: frame.on_disk for frame in added})
            for frame in added:
                frame.decision = decisions.get(frame.name, frame.decision)
            model.add_frames(added)
            session.thumbnails.refresh(added)
            self.analyse(added)
        self.arrived.emit(added, [frame_name(self.folder, change.files) for change in changes])

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
        if old in self.arrived_names:
            self.arrived_names.discard(old)
            self.arrived_names.add(name)
        self.window.session.vanished.pop(old, None)
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
        A frame already marked "file not found" is found by the identity its file had.
        Only single-file frames are followed (a pair's halves move one by one)."""
        if identity is None or files.raw is not None:
            return None
        vanished = self.window.session.vanished
        for frame in self.window.model.frames():
            was = frame.identity if frame.identity is not None else vanished.get(frame.name)
            if was == identity and frame.raw is None and frame.path != files.path \
                    and (not frame.path.exists() or _identity(frame.path) != identity):
                return frame.name
        return None

    def _rename(self, old: str, name: str, files, identity: FileIdentity) -> None:
        """Frame `old`, renamed on disk to `name`: the same picture, so the same row with
        its decision, adjusted crops and analysis, under the new name."""
        window = self.window
        before = window.model.frame(old)
        kept = before.result or self._cached_result(old, identity)   # none once its file was missed
        result = replace(kept, file=name) if kept is not None else None
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
            self.analyse([frame])

    def _cached_result(self, name: str, identity: FileIdentity) -> FrameResult | None:
        catalog = self.window.session.catalog
        try:
            return catalog.result(name, identity) if catalog is not None else None
        except CatalogBusy:
            return None

    def _adopt(self, frame: Frame, raw_result: FrameResult, size: tuple[int, int] | None) -> None:
        """The RAW's analysis becomes the pair's, in the JPEG's pixels; when it cannot
        (another shape, the RAW unreadable), the JPEG is analysed."""
        raw = frame.raw.relative_to(self.folder).as_posix() if frame.raw else None
        adopted = adopted_result(raw_result, frame.name, raw, size)
        if adopted is None:
            self.analyse([frame])
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
            if frame.name in self.arrived_names and frame.decision == Decision() \
                    and all(path in paths or not path.exists() for path in frame.files):
                leaving.append(frame.name)
        if leaving:
            self.arrived_names.difference_update(leaving)
            self.window.workspace.previews.forget(leaving)
            model.remove_frames(leaving)
            self.left.emit(leaving)

    def _results(self, results: dict) -> None:
        if self.folder is None:
            return
        touched = set(results)
        for old in [name for name in results if name in self._waiting_partner]:
            name, size = self._waiting_partner.pop(old)
            frame = self.window.model.frame(name)
            if frame is not None and frame.result is None:
                self._adopt(frame, results[old], size)
                touched.add(name)
        self.results.emit(touched)

    def _next_order(self, added: list[Frame]) -> int:
        frames = self.window.model.frames()
        last = max([frame.order for frame in frames[-1:]] + [frame.order for frame in added], default=-1)
        return last + 1


def _whole_jpeg(path: Path) -> bool:
    """A JPEG written to its end marker: a capture the watch may have reported already."""
    return filetypes.is_jpeg(path) and ends_with_jpeg_end(path)


def _identity(path: Path) -> FileIdentity | None:
    try:
        return FileIdentity.of(path)
    except OSError:
        return None
