"""The frames of the open shoot as one Qt item model: the grid, the filmstrip and the
counts all read it (through a sort/filter proxy), so a decision or a thumbnail arriving
changes one row and every view follows."""

from __future__ import annotations

import time
from collections import OrderedDict

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from shotkind_desktop.core.judgement.frame_warnings import frame_warnings
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.decisions.decisions import Decision
from shotkind_desktop.core.people.keeper import Keeper, ordinal
from shotkind_desktop.core.shoot import Frame, Shoot
from shotkind_desktop.core.people.shoot_groups import ShootGroups

Role = Qt.ItemDataRole
FLUSH_MS = 40    # thumbnails and results arrive in bursts: repaint at most this often
# Decoded thumbnails kept in memory (~295 KB each at 384 x 256): several screens of the
# largest grid. The rest live as JPEG bytes in the shoot's catalog and come back through
# the thumbnail workers when scrolled to, so 5,000 frames do not hold 1.5 GB of pixels.
THUMBNAILS_IN_MEMORY = 600
# Similar-frame groups follow arriving results at most this often, and never spend more
# than a tenth of the GUI thread's time on it (core.people.shoot_groups: about 10 ms for 1,000
# frames once the first grouping is done, 50 ms for 5,000).
REGROUP_MS = 300
REGROUP_SHARE = 0.1


class ShootModel(QAbstractListModel):
    """One row per frame in capture order.

    Signals:
        frames_changed(): decisions or results changed (counts and filters may differ).
    thumbnails_wanted(list): names whose thumbnails were let go to bound memory and are
        on screen again; the thumbnail workers bring them back from the catalog.
        groups_changed(): the similar-frame groups or their ranking changed.
    """

    frames_changed = Signal()
    thumbnails_wanted = Signal(list)
    groups_changed = Signal()

    FrameRole = Role.UserRole + 1       # the core Frame record
    ThumbnailRole = Role.UserRole + 2   # QImage or None
    ThumbnailErrorRole = Role.UserRole + 3
    NameRole = Role.UserRole + 4
    WarningsRole = Role.UserRole + 5    # ((key, words), ...): see frame_warnings
    KeeperRole = Role.UserRole + 6      # core.people.keeper.Keeper: the frame's similar-frame group; None until grouped

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.shoot: Shoot | None = None
        self._frames: list[Frame] = []
        self._rows: dict[str, int] = {}
        self._thumbnails: OrderedDict[str, QImage] = OrderedDict()   # least recently shown first
        self._evicted: set[str] = set()
        self.on_screen: set[str] = set()   # frames in view: never let go (the bound is at least 3x)
        self._wanted: set[str] = set()
        self._ask = QTimer(self, singleShot=True, interval=0, timeout=self._ask_for_thumbnails)
        self._thumbnail_errors: dict[str, str] = {}
        self._dirty: set[int] = set()
        self._flush = QTimer(self, singleShot=True, interval=FLUSH_MS, timeout=self._emit_dirty)
        self._frames_changed_pending = False
        self._groups = ShootGroups()
        self._keepers: list[Keeper] = []
        self._regroup = QTimer(self, singleShot=True, interval=REGROUP_MS, timeout=self.regroup)

    def load(self, shoot: Shoot) -> None:
        self.beginResetModel()
        self.shoot = shoot
        self._frames = shoot.frames
        self._rows = {frame.name: row for row, frame in enumerate(self._frames)}
        self._thumbnails.clear()
        self._evicted.clear()
        self._wanted.clear()
        self._thumbnail_errors.clear()
        self._dirty.clear()
        self._groups = ShootGroups(self._groups.gap)
        self._keepers = []
        self.endResetModel()
        self.frames_changed.emit()
        self._regroup.start()        # after the grid has shown: a moment for a big shoot

    # ---- a shoot that grows (live session) -------------------------------------------

    def add_frames(self, frames: list[Frame]) -> None:
        """Frames that arrived while the shoot is open, after the others (the newest)."""
        if not frames or self.shoot is None:
            return
        first = len(self._frames)
        self.beginInsertRows(QModelIndex(), first, first + len(frames) - 1)
        for frame in frames:
            self._rows[frame.name] = len(self._frames)
            self._frames.append(frame)
        self.endInsertRows()
        self.frames_changed.emit()
        if not self._regroup.isActive():
            self._regroup.start()     # new frames join (or start) groups of similar frames

    def replace_frame(self, old: str, frame: Frame) -> None:
        """The frame named `old` is now `frame` (a RAW joined by its JPEG takes the JPEG's
        name): same row, so selection and place stay; its thumbnail goes with it."""
        row = self._rows.pop(old, None)
        if row is None:
            return
        self._frames[row] = frame
        self._rows[frame.name] = row
        if old != frame.name:
            for store in (self._thumbnails, self._thumbnail_errors):
                if old in store:
                    store[frame.name] = store.pop(old)
            if old in self._evicted:
                self._evicted.discard(old)
                self._evicted.add(frame.name)
        self._mark(row, counts=True)
        if not self._regroup.isActive():
            self._regroup.start()

    def remove_frames(self, names: list[str]) -> None:
        """Frames whose files went away while the shoot is open (a live session's)."""
        for name in names:
            row = self._rows.get(name)
            if row is None:
                continue
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._frames[row]
            if row < len(self._keepers):
                del self._keepers[row]       # the rows after keep theirs until regrouped
            self._thumbnails.pop(name, None)
            self._evicted.discard(name)
            self._thumbnail_errors.pop(name, None)
            self._rows = {frame.name: index for index, frame in enumerate(self._frames)}
            self._dirty = {r if r < row else r - 1 for r in self._dirty if r != row}
            self.endRemoveRows()
        self.frames_changed.emit()
        if not self._regroup.isActive():
            self._regroup.start()

    # ---- reading ---------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._frames)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Role.DisplayRole):
        if not index.isValid() or index.row() >= len(self._frames):
            return None
        frame = self._frames[index.row()]
        if role in (Role.DisplayRole, self.NameRole):
            return frame.name
        if role == self.FrameRole:
            return frame
        if role == self.ThumbnailRole:
            return self._shown_thumbnail(frame.name)
        if role == self.ThumbnailErrorRole:
            return self._thumbnail_errors.get(frame.name)
        if role == self.WarningsRole:
            return frame_warnings(frame.result)
        if role == self.KeeperRole:
            return self.keeper_at(index.row())
        if role == Role.ToolTipRole:
            return _tooltip(frame, self._thumbnail_errors.get(frame.name), self.keeper_at(index.row()))
        return None

    def frames(self) -> list[Frame]:
        return self._frames

    def frame(self, name: str) -> Frame | None:
        row = self._rows.get(name)
        return None if row is None else self._frames[row]

    def row_of(self, name: str) -> int | None:
        return self._rows.get(name)

    def thumbnail(self, name: str) -> QImage | None:
        return self._thumbnails.get(name)

    # ---- similar-frame groups --------------------------------------------------------------

    def keeper_at(self, row: int) -> Keeper | None:
        return self._keepers[row] if row < len(self._keepers) else None

    def keepers(self) -> list[Keeper]:
        """Every frame's keeper in row order, as last grouped (regroup() first for results
        that arrived in the last REGROUP_MS); [] before the first grouping."""
        return list(self._keepers)

    def group_members(self, group: int) -> list[Frame]:
        """The frames of similar-frame group `group`, best first."""
        members = [(k.rank, f) for f, k in zip(self._frames, self.keepers()) if k.group == group]
        return [frame for _, frame in sorted(members, key=lambda member: member[0])]

    def group_gap(self) -> float:
        return self._groups.gap

    def set_group_gap(self, seconds: float) -> None:
        """Frames at most `seconds` apart (and alike) group (Preferences)."""
        if seconds != self._groups.gap:
            self._groups.gap = seconds
            self.regroup()

    def regroup(self) -> None:
        """Group and rank the frames with the results there are; rows whose place changed
        are repainted."""
        self._regroup.stop()
        started = time.perf_counter()
        keepers = self._groups.keepers([frame.result for frame in self._frames])
        took_ms = 1000 * (time.perf_counter() - started)
        self._regroup.setInterval(max(REGROUP_MS, round(took_ms / REGROUP_SHARE)))
        changed = [row for row, keeper in enumerate(keepers)
                   if row >= len(self._keepers) or self._keepers[row] != keeper]
        self._keepers = keepers
        if not changed:
            return
        for row in changed:
            self._dirty.add(row)
        if not self._flush.isActive():
            self._flush.start()
        self.groups_changed.emit()

    # ---- arriving facts ----------------------------------------------------------------

    def set_thumbnail(self, name: str, image: QImage) -> None:
        if name in self._rows:
            self._thumbnails[name] = image
            self._thumbnails.move_to_end(name)
            self._evicted.discard(name)
            self._wanted.discard(name)
            bound = max(THUMBNAILS_IN_MEMORY, 3 * len(self.on_screen))
            while len(self._thumbnails) > bound:
                evicted, image = self._thumbnails.popitem(last=False)
                if evicted in self.on_screen:      # shown: keep it, look further
                    self._thumbnails[evicted] = image
                    continue
                self._evicted.add(evicted)
            self._mark(self._rows[name])

    def set_thumbnail_error(self, name: str, message: str) -> None:
        if name in self._rows:
            self._thumbnail_errors[name] = message
            self._mark(self._rows[name])

    def forget(self, names: list[str]) -> None:
        """These frames changed on disk: their thumbnails and errors are no longer theirs."""
        for name in names:
            self._thumbnails.pop(name, None)
            self._evicted.discard(name)
            self._thumbnail_errors.pop(name, None)
            if name in self._rows:
                self._mark(self._rows[name], counts=True)
        if names and not self._regroup.isActive():
            self._regroup.start()

    def set_results(self, results: dict[str, FrameResult]) -> None:
        for name, result in results.items():
            row = self._rows.get(name)
            if row is not None:
                self._frames[row].result = result
                self._mark(row, counts=True)
        if results and not self._regroup.isActive():
            self._regroup.start()

    def set_decisions(self, decisions: dict[str, Decision]) -> None:
        """Decisions show at once (the photographer is watching the badge)."""
        rows = []
        for name, decision in decisions.items():
            row = self._rows.get(name)
            if row is not None:
                self._frames[row].decision = decision
                rows.append(row)
        for row in rows:
            index = self.index(row)
            self.dataChanged.emit(index, index)
        if rows:
            self.frames_changed.emit()

    def _shown_thumbnail(self, name: str) -> QImage | None:
        """A thumbnail being painted is kept longest; one let go is asked for again."""
        image = self._thumbnails.get(name)
        if image is not None:
            self._thumbnails.move_to_end(name)
        elif name in self._evicted and name not in self._wanted:
            self._wanted.add(name)
            self._ask.start()
        return image

    def _ask_for_thumbnails(self) -> None:
        names = [name for name in self._wanted if name in self._evicted]
        if names:
            self.thumbnails_wanted.emit(names)

    def _mark(self, row: int, counts: bool = False) -> None:
        self._dirty.add(row)
        self._frames_changed_pending |= counts
        if not self._flush.isActive():
            self._flush.start()

    def _emit_dirty(self) -> None:
        """One dataChanged per contiguous run of rows."""
        rows = sorted(self._dirty)
        self._dirty.clear()
        start = previous = None
        for row in rows + [None]:
            if start is not None and (row is None or row != previous + 1):
                self.dataChanged.emit(self.index(start), self.index(previous))
                start = None
            if start is None:
                start = row
            previous = row
        if self._frames_changed_pending:
            self._frames_changed_pending = False
            self.frames_changed.emit()


def group_place(keeper: Keeper | None) -> str:
    """A frame's place in its similar-frame group, "4/6", as its grid cell and compare's
    and survey's captions show it; "" for a frame alone or not grouped yet."""
    if keeper is None or keeper.size < 2:
        return ""
    return f"{keeper.rank}/{keeper.size}"


def group_words(keeper: Keeper | None) -> str:
    """"Best of 6 similar frames: sharpest eyes of 6, both open, smiling", "3rd of 6 similar
    frames"; "" for a frame alone."""
    if keeper is None or keeper.size < 2:
        return ""
    if keeper.rank == 1:
        return f"Best of {keeper.size} similar frames" + (f": {keeper.reason}" if keeper.reason else "")
    return f"{ordinal(keeper.rank)} of {keeper.size} similar frames"


def _tooltip(frame: Frame, thumbnail_error: str | None, keeper: Keeper | None = None) -> str:
    error = (frame.result.error if frame.result else None) or thumbnail_error
    if error:
        return f"{frame.name}\n{error}"
    lines = [frame.name]
    warnings = frame_warnings(frame.result)
    if warnings:
        lines.append(", ".join(words for _, words in warnings).capitalize())
    if group_words(keeper):
        lines.append(group_words(keeper))
    return "\n".join(lines)
