"""Sorting and filtering the shoot for the grid and filmstrip: a proxy over ShootModel
that compares native Python values from core.decisions.selection, never display strings.

It also collapses similar-frame groups (View ▸ Collapse Similar Frames, S): each group of
two or more shows one frame, the best-ranked of those the filter lets through (so a
group whose best is not a pick still shows its pick under "Picks"), with a count badge;
a group opened for survey or compare (open_group) shows all its frames until the grid
is expanded or collapsed again."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal

from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.decisions.selection import DESCENDING_BY_DEFAULT, FrameFilter, sort_value
from shotkind_desktop.core.judgement.frame_warnings import frame_warnings
from shotkind_desktop.ui.shoot_model import ShootModel


@dataclass(frozen=True)
class GridFilter(FrameFilter):
    """The export's FrameFilter and what only the grid offers: the frames whose main
    face has its eyes closed, its eyes out of focus (slightly soft or missed), a hand
    over it or its highlights burnt out, to find a shoot's blinks, misses, hands and
    overexposed frames at once (several at once: the frames with any of them); the
    frames a client chose in one round."""

    eyes_closed: bool = False
    soft_eyes: bool = False
    hand_over_face: bool = False
    overexposed: bool = False
    client_frames: frozenset[str] | None = None     # names chosen in a client round

    def accepts(self, name: str, decision: Decision, result: FrameResult | None) -> bool:
        if self.client_frames is not None and name not in self.client_frames:
            return False
        return self.matches(decision, result)

    @property
    def active(self) -> bool:
        return self != GridFilter()

    def matches(self, decision: Decision, result: FrameResult | None,
                keeper_rank: int | None = None) -> bool:
        wanted = {key for key, on in (("eyes", self.eyes_closed), ("focus", self.soft_eyes),
                                      ("hand", self.hand_over_face), ("overexposed", self.overexposed))
                  if on}
        if wanted:
            found = {key.split("_")[0] for key, _ in frame_warnings(result)}
            if not wanted & found:
                return False
        return super().matches(decision, result, keeper_rank)


class FrameProxy(QSortFilterProxyModel):
    """The frames that match the filter, in the chosen order, groups collapsed or not.

    Signals:
        counts_changed(str): the "128 of 812, 40 picks" line, whenever it may differ.
    """

    counts_changed = Signal(str)
    StackRole = Qt.ItemDataRole.UserRole + 40   # int: frames a collapsed cell stands for; None otherwise

    def __init__(self, model: ShootModel, parent=None) -> None:
        super().__init__(parent)
        self._filter: FrameFilter = GridFilter()
        self._key = "capture"
        self._only: frozenset[str] | None = None     # one sitter's frames, beside the filter
        self._collapsed = False
        self._opened: set[int] = set()      # groups shown whole while collapsed
        self._standing: set[str] = set()    # frames that stand for their collapsed group
        # Each source row's sort value as last announced (lessThan compares these). The
        # frames carry a batch of results before the model announces them, one dataChanged
        # per run of rows; compared live, the dynamic sort placed each run among rows whose
        # values had changed unannounced, and a sort by score ended out of order. Rows
        # added or removed change only their own entries: the others' results may still
        # wait for the model's flush (a live capture arriving between two). Connected
        # before setSourceModel, so they are up to date when the proxy re-sorts on a signal.
        self._sort_values: list[tuple] = []
        model.dataChanged.connect(self._note_sort_values)
        model.modelReset.connect(self._note_every_sort_value)
        model.rowsInserted.connect(self._note_new_rows)
        model.rowsRemoved.connect(self._forget_rows)
        self.setSourceModel(model)
        self._note_every_sort_value()
        # Changed rows (a decision, a result) are re-filtered and re-sorted on dataChanged.
        self.setDynamicSortFilter(True)
        self.sort(0, Qt.SortOrder.AscendingOrder)
        model.frames_changed.connect(self._frames_changed)
        model.groups_changed.connect(self._restack)
        self.modelReset.connect(self._announce)
        self.rowsInserted.connect(self._announce)
        self.rowsRemoved.connect(self._announce)

    @property
    def source(self) -> ShootModel:
        return self.sourceModel()

    # ---- choices ----------------------------------------------------------------------

    def set_filter(self, frame_filter: FrameFilter) -> None:
        if frame_filter != self._filter:
            self.beginFilterChange()
            self._filter = frame_filter
            self._standing = self._standing_frames()
            self.endFilterChange()
            self._announce()

    def set_collapsed(self, collapsed: bool) -> None:
        """Show each similar-frame group as its best frame (True) or every frame; either
        way, groups opened before are closed."""
        self.beginFilterChange()
        self._collapsed = collapsed
        self._opened.clear()
        self._standing = self._standing_frames()
        self.endFilterChange()
        self._announce()

    def collapsed(self) -> bool:
        return self._collapsed

    def open_group(self, group: int) -> None:
        """Show every frame of `group` even while collapsed (to survey or compare it)."""
        if self._collapsed and group not in self._opened:
            self.beginFilterChange()
            self._opened.add(group)
            self.endFilterChange()
            self._announce()

    def show_only(self, names: frozenset[str] | None) -> None:
        """Narrow the grid to these frames (one sitter's) whatever the filter bar says;
        None shows every frame the filter accepts again."""
        if names != self._only:
            self.beginFilterChange()
            self._only = names
            self.endFilterChange()
            self._announce()

    def frame_filter(self) -> FrameFilter:
        return self._filter

    def set_sort_key(self, key: str, descending: bool | None = None) -> None:
        """Sort by a key of core.decisions.selection.SORT_KEYS; scores and ratings best first
        unless told otherwise."""
        self._key = key
        if descending is None:
            descending = key in DESCENDING_BY_DEFAULT
        self._note_every_sort_value()
        self.invalidate()
        self.sort(0, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    # ---- QSortFilterProxyModel --------------------------------------------------------

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        frame = self.source.frames()[row]
        if self._only is not None and frame.name not in self._only:
            return False
        accepted = (self._filter.accepts(frame.name, frame.decision, frame.result)
                    if isinstance(self._filter, GridFilter)
                    else self._filter.matches(frame.decision, frame.result))
        if not accepted:
            return False
        if not self._collapsed:
            return True
        keeper = self.source.keeper_at(row)
        return (keeper is None or keeper.size < 2 or keeper.group in self._opened
                or frame.name in self._standing)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == self.StackRole:
            if not self._collapsed or not index.isValid():
                return None
            row = self.mapToSource(index).row()
            keeper = self.source.keeper_at(row)
            if keeper is None or keeper.size < 2 or keeper.group in self._opened:
                return None
            return keeper.size if self.source.frames()[row].name in self._standing else None
        return super().data(index, role)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        return self._sort_values[left.row()] < self._sort_values[right.row()]

    def _sort_value(self, frame) -> tuple:
        return sort_value(self._key, frame.order, frame.name, frame.decision, frame.result)

    def _note_every_sort_value(self, *args) -> None:
        self._sort_values = [self._sort_value(frame) for frame in self.source.frames()]

    def _note_new_rows(self, parent: QModelIndex, first: int, last: int) -> None:
        frames = self.source.frames()
        self._sort_values[first:first] = [self._sort_value(frames[row]) for row in range(first, last + 1)]

    def _forget_rows(self, parent: QModelIndex, first: int, last: int) -> None:
        del self._sort_values[first:last + 1]

    def _note_sort_values(self, top: QModelIndex, bottom: QModelIndex, roles=()) -> None:
        frames = self.source.frames()
        for row in range(top.row(), bottom.row() + 1):
            self._sort_values[row] = self._sort_value(frames[row])

    # ---- counts -----------------------------------------------------------------------

    def counts_text(self) -> str:
        total = self.source.rowCount()
        shown = self.rowCount()
        frames = self.source.frames()
        if shown == total:      # nothing filtered: no Qt call per row (2 ms at 800 frames, each key)
            flags = [frame.decision.flag for frame in frames]
        else:
            flags = [frames[self.mapToSource(self.index(row, 0)).row()].decision.flag
                     for row in range(shown)]
        picks, rejects = flags.count(PICK), flags.count(REJECT)
        text = f"{shown} of {total}{' (collapsed)' if self._collapsed else ''}, " \
               f"{picks} {'pick' if picks == 1 else 'picks'}"
        if rejects:
            text += f", {rejects} {'reject' if rejects == 1 else 'rejects'}"
        return text

    def _frames_changed(self) -> None:
        # The rows themselves were re-filtered and re-sorted by the dynamic sort filter
        # on dataChanged; only the counts are left to tell, and, collapsed, which frame
        # stands for each group (a decision may have moved it).
        if self._collapsed:
            self._restack()
        self._announce()

    def _restack(self) -> None:
        """The groups or what the filter lets through changed: choose again which frame
        stands for each collapsed group."""
        if not self._collapsed:
            return
        standing = self._standing_frames()
        if standing != self._standing:
            self.beginFilterChange()
            self._standing = standing
            self.endFilterChange()
        self._announce()

    def _standing_frames(self) -> set[str]:
        """Per group of two or more, the best-ranked frame that meets the filter."""
        if not self._collapsed:
            return set()
        best: dict[int, tuple[int, str]] = {}
        for frame, keeper in zip(self.source.frames(), self.source.keepers()):
            if keeper.size < 2 or not self._filter.matches(frame.decision, frame.result):
                continue
            if keeper.group not in best or keeper.rank < best[keeper.group][0]:
                best[keeper.group] = (keeper.rank, frame.name)
        return {name for _, name in best.values()}

    def _announce(self, *args) -> None:
        self.counts_changed.emit(self.counts_text())
