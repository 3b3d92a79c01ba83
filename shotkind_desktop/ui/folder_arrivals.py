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
  analysis, also when its old name was found missing first: the watch knows a rename
  from a new file (core.live.live_folder: the kernel's pair of moves, or the inode a
  polled folder's listings show moving). A RAW+JPEG pair renamed file by file is one
  frame throughout. A picture deleted and another of the same size and time written
  after it is a new frame.
- A picture arriving while another program holds the catalog joins once the catalog
  can be read (its decision may be there already: a picture moved out and back).
- A picture that arrived while the shoot was open and goes away again without a decision
  leaves the grid; one with a decision stays, marked "file not found", as in any shoot.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from shotkind_desktop.core.decisions.catalog import CatalogBusy, FileIdentity
from shotkind_desktop.core.decisions.decision_writer import GUI_WAIT
from shotkind_desktop.core.decisions.decisions import Decision
from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.live.arrivals import adopted_result, changes_for_arrivals, frame_name
from shotkind_desktop.core.live.live_folder import POLL_SECONDS, QUIET_POLL_SECONDS, Arrival, ends_with_jpeg_end
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.live_watcher import LiveWatcher

log = logging.getLogger(__name__)
ANALYSE_BATCH_MS = 1000     # arrivals outside a live session are analysed together this often
RETRY_MS = 1000             # arrivals held back (a busy catalog, half a pair) are taken again this soon
PAIR_WAIT = 3.0             # seconds the renamed half of a RAW+JPEG pair waits for the other


class FolderArrivals(QObject):
    """Watches the folder of the shoot open in `window` and puts what arrives into it.

    Signals (on the GUI thread; each runs to its end before the shoot changes again):
        arriving(): arrivals are about to change the shoot.
        arrived(list): the frames new to the shoot, in order.
        left(list): names of frames that left (arrived, undecided, and gone again).
        results(set): analysis results are in for these frames (a RAW's result handed on
            to the JPEG that joined it included).
    """

    arriving = Signal()
    arrived = Signal(list)
    left = Signal(list)
    results = Signal(set)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.watcher = LiveWatcher(self)
        self.folder: Path | None = None
        self.arrived_names: set[str] = set()           # frames that came while the shoot was open
        self._waiting_partner: dict[str, tuple[str, tuple[int, int] | None]] = {}  # RAW name -> pair name, JPEG size
        # a live session analyses each arrival first; else they join the rest in batches,
        # not a pool of workers started for each file of a slow card copy
        self._first: Callable[[list[Frame]], None] | None = None
        self._batch: list[str] = []                    # names: a frame a partner joins is replaced
        self._batch_timer = QTimer(self, singleShot=True, interval=ANALYSE_BATCH_MS, timeout=self._analyse_batch)
        self._held_back: list = []                     # arrivals held back: a busy catalog, half a pair
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS, timeout=self._take_held_back)
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
        self.watcher.set_poll(QUIET_POLL_SECONDS if self._first is None else POLL_SECONDS)
        self.watcher.start(self.folder, known)

    def stop(self) -> None:
        self.watcher.stop()
        self.folder = None
        self._batch_timer.stop()
        self._retry.stop()
        self._batch.clear()
        self._held_back.clear()

    def analyse_first(self, first: Callable[[list[Frame]], None] | None) -> None:
        """A live session's way to analyse each arrival at once, ahead of the rest (and
        to look at a folder without inotify four times a second); None: back to an
        ordinary shoot's."""
        self._first = first
        self.watcher.set_poll(QUIET_POLL_SECONDS if first is None else POLL_SECONDS)
        if first is not None and self._batch:
            self._analyse_batch()

    def _analyse(self, frames: list[Frame]) -> None:
        if self._first is not None:
            self._first(frames)
            return
        self._batch += [frame.name for frame in frames]
        if not self._batch_timer.isActive():
            self._batch_timer.start()

    def _analyse_batch(self) -> None:
        batch, self._batch = self._batch, []
        self._batch_timer.stop()
        frames = [frame for frame in map(self.window.model.frame, dict.fromkeys(batch)) if frame is not None]
        if frames:
            (self._first or self.window.session.analyse)(frames)

    def _take_held_back(self) -> None:
        if self._held_back:
            self._files_arrived([])

    # ---- arrivals -----------------------------------------------------------------------

    def _files_arrived(self, items: list) -> None:
        window = self.window
        model, session = window.model, window.session
        if self.folder is None or model.shoot is None or session.keeper is None:
            return
        items, self._held_back = self._held_back + items, []     # a half pair's partner may be here now
        self._retry.stop()
        items = self._without_half_pairs(items)
        if not items:
            return
        self.arriving.emit()
        added: list[Frame] = []
        identities = {arrival.path: arrival.identity for arrival, _size, _done in items}
        moved_from = {arrival.path: arrival.renamed_from for arrival, _size, _done in items if arrival.renamed_from}
        sizes = {arrival.path: size for arrival, size, _done in items}
        changes = changes_for_arrivals(self.folder, {frame.name: frame.on_disk for frame in model.frames()},
                                       [arrival.path for arrival, _size, _done in items])
        for change in changes:      # grows while it runs: see the rename below
            name = frame_name(self.folder, change.files)
            identity = identities.get(change.files.path) or _identity(change.files.path)
            renamed = self._renamed_from(change.files, identity, moved_from) if change.old is None else None
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
            try:
                decisions = session.keeper.add({frame.name: frame.on_disk for frame in added})
            except CatalogBusy:       # read again in a moment: a decision may be kept for them
                log.info("catalog busy: %d arrivals join the shoot once it can be read", len(added))
                self._hold_back(added, items)
                added = []
        if added:
            for frame in added:
                frame.decision = decisions.get(frame.name, frame.decision)
            model.add_frames(added)
            session.thumbnails.refresh(added)
            self._analyse(added)
        self.arrived.emit(added)

    def _hold_back(self, frames: list[Frame], items: list) -> None:
        """Take `frames` again in a moment: their own arrivals, and an arrival for each file
        that came without one (the next capture found under a renamed frame's old name)."""
        files = {path for frame in frames for path in frame.files}
        held = [item for item in items if item[0].path in files]
        seen = {item[0].path for item in held}
        for path in sorted(files - seen):
            identity = _identity(path)
            if identity is not None:
                held.append((Arrival(path, identity), None, time.monotonic()))
        self._held_back += held
        self._retry.start()

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
        in_batch = old in self._batch         # not sent to the workers yet: analysed as the pair
        self._carry_over(old, name)
        if picture_changed:
            window.workspace.previews.forget([old])
            frame.result = None
            if before.result is not None:
                self._adopt(frame, before.result, size)
            elif not in_batch:        # the RAW is being analysed: its result comes under `old`
                self._waiting_partner[old] = (name, size)
        window.model.replace_frame(old, frame)
        if picture_changed:
            window.session.thumbnails.refresh([frame])

    def _carry_over(self, old: str, name: str) -> None:
        """What the session keeps by frame name, for frame `old` now called `name`."""
        if old in self.arrived_names:
            self.arrived_names.discard(old)
            self.arrived_names.add(name)
        self._batch = [name if waiting == old else waiting for waiting in self._batch]
        self.window.session.frame_renamed(old, name)
        adjustments = self.window.workspace.adjustments
        if old in adjustments:
            adjustments[name] = adjustments.pop(old)

    def _without_half_pairs(self, items: list) -> list:
        """`items` less the renamed half of a RAW+JPEG frame whose other half's rename has
        not come with it (a renaming tool's second file comes a moment later, or its
        arrival is a poll later): held back until it comes, so the pair is renamed as
        one frame, with its decision (a tester's picked pair came back as a new undecided
        frame), or for PAIR_WAIT seconds at most (then it is taken as it is)."""
        renamed = {arrival.renamed_from for arrival, _size, _done in items if arrival.renamed_from}
        kept, now = [], time.monotonic()
        for item in items:
            arrival, _size, done = item
            frame = self._pair_of(arrival) if arrival.renamed_from else None
            if frame is not None and now - done < PAIR_WAIT:
                partner = frame.raw if arrival.renamed_from == frame.path.name else frame.path
                if partner.name not in renamed:     # its rename not seen yet, renamed or not already
                    self._held_back.append(item)
                    self._retry.start()
                    continue
            kept.append(item)
        return kept

    def _pair_of(self, arrival) -> Frame | None:
        """The RAW+JPEG frame the arrival was a half of before its rename."""
        left = arrival.path.with_name(arrival.renamed_from)
        return next((frame for frame in self.window.model.frames()
                     if frame.raw is not None and left in frame.files), None)

    def _renamed_from(self, files, identity: FileIdentity | None, moved_from: dict[Path, str]) -> str | None:
        """The frame this arrival is under a new name, or None. Tether software renames a
        frame after it lands (a tester's IMG_0005.JPG became Smith_0005.JPG, and its
        stars stayed on a "file not found" row, then were gone after reopening).
        `moved_from`: file -> the name the watch saw it leave (live_folder.Arrival: the
        kernel's pair of moves, or the inode a polled folder's listings show moving): a
        size and a time alone are shared by other pictures (a camera's fixed-size RAWs,
        two seconds apart on a card, one deleted and the next copied in), and an inode
        too (ext4 gives a deleted file's to the next file). The frame of that name is the
        file's when its file had the same size and time, now or before it was found
        missing (the folder's recheck can be quicker: ShootSession.vanished), and the name
        is gone or holds another file already: the next capture can land under a
        temporary name before the rename is seen. A RAW+JPEG frame is followed when both
        its files were renamed (_without_half_pairs brings them together)."""
        left = moved_from.get(files.path)
        if identity is None or left is None:
            return None
        for frame in self.window.model.frames():
            if frame.path == files.path.with_name(left) and frame.path != files.path \
                    and (frame.identity or self.window.session.vanished.get(frame.name)) == identity \
                    and (not frame.path.exists() or _identity(frame.path) != identity) \
                    and (frame.raw is None) == (files.raw is None) \
                    and (frame.raw is None or frame.raw.name == moved_from.get(files.raw)):
                return frame.name
        return None

    def _rename(self, old: str, name: str, files, identity: FileIdentity) -> None:
        """Frame `old`, renamed on disk to `name`: the same picture, so the same row with
        its decision, adjusted crops and analysis, under the new name."""
        window = self.window
        before = window.model.frame(old)
        # none, or "file not found", once its file was missed: the analysis of the file
        kept = before.result if before.result is not None and not before.result.error \
            else self._cached_result(old, identity)
        result = replace(kept, file=name) if kept is not None else None
        frame = Frame(name, files, before.order, identity, window.session.keeper.rename(old, name, files), result)
        self._carry_over(old, name)
        window.workspace.previews.forget([old])
        if result is not None:
            self._keep_result(name, identity, result)
        window.model.replace_frame(old, frame)
        if result is None:          # its analysis under the old name finds no frame to go to
            self._analyse([frame])

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
            self._analyse([frame])
            return
        frame.result = adopted
        if frame.identity is not None:
            self._keep_result(frame.name, frame.identity, adopted)
        self.window.model.set_results({frame.name: adopted})

    def _keep_result(self, name: str, identity: FileIdentity, result: FrameResult) -> None:
        """An analysis carried over (a renamed frame's, a RAW's for its JPEG) cached for the
        next opening, unless another program holds the catalog: then it is made again."""
        catalog = self.window.session.catalog
        if catalog is None:
            return
        try:
            catalog.save_results([(name, identity, result)], wait=GUI_WAIT)
        except CatalogBusy:
            log.info("catalog busy: the analysis of %s is made again when the shoot is next opened", name)

    def _files_gone(self, paths: list[Path]) -> None:
        model = self.window.model
        if self.folder is None or model.shoot is None:
            return
        leaving = []
        adjusted = self.window.workspace.adjustments
        for frame in list(model.frames()):
            if frame.name in self.arrived_names and frame.decision == Decision() and not adjusted.get(frame.name) \
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

