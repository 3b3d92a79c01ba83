"""Sorting and filtering the shoot for the grid and filmstrip: a proxy over ShootModel
that compares native Python values from core.selection, never display strings."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal

from shotkind_desktop.core.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.selection import DESCENDING_BY_DEFAULT, FrameFilter, sort_value
from shotkind_desktop.ui.shoot_model import ShootModel


@dataclass(frozen=True)
class GridFilter(FrameFilter):
    """The export's FrameFilter and what only the grid offers: the frames whose main
    face has its eyes closed, to find the blinks of a shoot at once; the frames a client
    chose in one round."""

    eyes_closed: bool = False
    client_frames: frozenset[str] | None = None     # names chosen in a client round

    def accepts(self, name: str, decision: Decision, result: FrameResult | None) -> bool:
        if self.client_frames is not None and name not in self.client_frames:
            return False
        return self.matches(decision, result)

    @property
    def active(self) -> bool:
        return self != GridFilter()

    def matches(self, decision: Decision, result: FrameResult | None) -> bool:
        if self.eyes_closed and not (result and (result.criteria or {}).get("eyes") == "closed"):
            return False
        return super().matches(decision, result)


class FrameProxy(QSortFilterProxyModel):
    """The frames that match the filter, in the chosen order.

    Signals:
        counts_changed(str): the "128 of 812, 40 picks" line, whenever it may differ.
    """

    counts_changed = Signal(str)

    def __init__(self, model: ShootModel, parent=None) -> None:
        super().__init__(parent)
        self._filter: FrameFilter = GridFilter()
        self._key = "capture"
        self._only: frozenset[str] | None = None     # one sitter's frames, beside the filter
        self.setSourceModel(model)
        # Changed rows (a decision, a result) are re-filtered and re-sorted on dataChanged.
        self.setDynamicSortFilter(True)
        self.sort(0, Qt.SortOrder.AscendingOrder)
        model.frames_changed.connect(self._frames_changed)
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
        """Sort by a key of core.selection.SORT_KEYS; scores and ratings best first
        unless told otherwise."""
        self._key = key
        if descending is None:
            descending = key in DESCENDING_BY_DEFAULT
        self.invalidate()
        self.sort(0, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)

    def sort_key(self) -> str:
        return self._key

    # ---- QSortFilterProxyModel --------------------------------------------------------

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        frame = self.source.frames()[row]
        if self._only is not None and frame.name not in self._only:
            return False
        if isinstance(self._filter, GridFilter):
            return self._filter.accepts(frame.name, frame.decision, frame.result)
        return self._filter.matches(frame.decision, frame.result)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex,
                 right: QModelIndex | QPersistentModelIndex) -> bool:
        frames = self.source.frames()
        a, b = frames[left.row()], frames[right.row()]
        return (sort_value(self._key, a.order, a.name, a.decision, a.result)
                < sort_value(self._key, b.order, b.name, b.decision, b.result))

    # ---- counts -----------------------------------------------------------------------

    def counts_text(self) -> str:
        total = self.source.rowCount()
        shown = self.rowCount()
        frames = self.source.frames()
        flags = [frames[self.mapToSource(self.index(row, 0)).row()].decision.flag
                 for row in range(shown)]
        picks, rejects = flags.count(PICK), flags.count(REJECT)
        text = f"{shown} of {total}, {picks} {'pick' if picks == 1 else 'picks'}"
        if rejects:
            text += f", {rejects} {'reject' if rejects == 1 else 'rejects'}"
        return text

    def _frames_changed(self) -> None:
        # The rows themselves were re-filtered and re-sorted by the dynamic sort filter
        # on dataChanged; only the counts are left to tell.
        self._announce()

    def _announce(self, *args) -> None:
        self.counts_changed.emit(self.counts_text())
