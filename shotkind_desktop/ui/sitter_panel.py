"""The coverage list of a headshot day: every sitter with their frames, picks and what is
missing, so the photographer sees at a glance who has nothing to deliver yet. Clicking a
sitter shows only their frames and gives the keys back to the frames (a tester's arrows
stayed in the list, and ↓ highlighted a sitter the grid did not show); moving in the list
with the keyboard shows the sitter highlighted. The sitter's name is typed in place."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHeaderView, QLabel, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from shotkind_desktop.core.decisions.sitter_book import Coverage
from shotkind_desktop.core.people.sitters import Sitter
from shotkind_desktop.core.people.namesakes import namesakes, told_apart
from shotkind_desktop.core.words import counted

ALL_SITTERS = "All sitters"
WARNING_COLOUR = QColor("#e0a030")      # amber: something to do, not an error
COLUMNS = ("Sitter", "Frames", "Picks", "To do")
# The dock keeps a name this long whole beside the counts: a re-tester's live layout cut
# every name to "Al…" and "Sit…".
NAME_SHOWN = "Chidi Okafor-Lee"
WIDEST_CELLS = ("Frames", "Picks", "no pick")


class SitterPanel(QWidget):
    """The sitters of the open shoot, with their coverage.

    Signals:
        sitter_chosen(object): a Sitter whose frames to show, or None for every frame.
        renamed(str, str): the first frame of a sitter and the name typed ("" clears it).
        done(): a sitter was chosen with the mouse; the keys go back to the frames.
    """

    sitter_chosen = Signal(object)
    renamed = Signal(str, str)
    done = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setObjectName("sitterSummary")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.DoubleClicked)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        metrics = QFontMetricsF(self.tree.font())
        cells = sum(metrics.horizontalAdvance(text) + 2 * metrics.averageCharWidth() for text in WIDEST_CELLS)
        scrollbar = self.tree.verticalScrollBar().sizeHint().width()
        self.tree.setMinimumWidth(round(metrics.horizontalAdvance(NAME_SHOWN) + cells + scrollbar))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self._sitters: list[Sitter] = []
        self._chosen: int | None = None          # the sitter number shown, None for all
        self.tree.itemClicked.connect(self._clicked)
        self.tree.currentItemChanged.connect(self._highlighted)
        self.tree.itemChanged.connect(self._edited)
        self.tree.itemDelegate().closeEditor.connect(self._give_keys_back)
        self._keys_were_with: QWidget | None = None   # where F2 came from: the keys go back there
        self.show_coverage([])

    def show_coverage(self, coverage: Sequence[Coverage]) -> None:
        """Fill the list anew; the sitter being shown stays chosen when still there."""
        self._sitters = [c.sitter for c in coverage]
        self.tree.blockSignals(True)
        self.tree.clear()
        everyone = QTreeWidgetItem([ALL_SITTERS, str(sum(c.frames for c in coverage)),
                                    str(sum(c.picks for c in coverage)), ""])
        _align_counts(everyone)
        font = everyone.font(0)
        font.setBold(True)
        everyone.setFont(0, font)
        self.tree.addTopLevelItem(everyone)
        shared = namesakes(self._sitters)
        told = told_apart(self._sitters)
        also = {sitter.number: [other.number for other in group if other is not sitter]
                for group in shared for sitter in group}
        for item_coverage in coverage:
            number = item_coverage.sitter.number
            self.tree.addTopLevelItem(_item(item_coverage, also.get(number, []), told.get(number)))
        self.tree.blockSignals(False)
        if self._chosen is not None and all(s.number != self._chosen for s in self._sitters):
            self._chosen = None
            self.sitter_chosen.emit(None)
        self.tree.setCurrentItem(self.tree.topLevelItem(self._chosen or 0))
        missing = sum(1 for c in coverage if c.warning)
        self.summary.setText(sitters_summary(len(coverage), missing)
                             + "".join(f"; {len(group)} different people named {group[0].name}" for group in shared))

    def sitters(self) -> list[Sitter]:
        return list(self._sitters)

    def chosen(self) -> Sitter | None:
        return next((s for s in self._sitters if s.number == self._chosen), None)

    def choose(self, sitter: Sitter | None) -> None:
        """Show this sitter's frames (None: everyone's)."""
        self._chosen = sitter.number if sitter is not None else None
        self.tree.setCurrentItem(self.tree.topLevelItem(self._chosen or 0))
        self.sitter_chosen.emit(sitter)

    def edit_name(self, sitter: Sitter) -> None:
        """Start typing the name of `sitter` in place (the Rename gesture)."""
        item = self.tree.topLevelItem(sitter.number)
        if item is not None:
            focused = QApplication.focusWidget()
            self._keys_were_with = focused if focused is not None and not self.isAncestorOf(focused) else None
            self.tree.scrollToItem(item)      # not made current: that would show only this sitter
            self.tree.setFocus()
            self.tree.editItem(item, 0)

    def _give_keys_back(self) -> None:
        """Enter or Escape ends the typing: the arrows and flag keys go back to the frames
        they came from (a tester's arrows stayed in this list after naming a sitter)."""
        widget, self._keys_were_with = self._keys_were_with, None
        if widget is not None and widget.isVisible():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clicked(self, item: QTreeWidgetItem, column: int) -> None:
        row = self.tree.indexOfTopLevelItem(item)
        self.choose(self._sitters[row - 1] if row > 0 else None)
        if self.tree.state() != QAbstractItemView.State.EditingState:   # a double click names
            self.done.emit()

    def _highlighted(self, item: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        """The list and the grid never disagree: the sitter highlighted is the one shown."""
        row = self.tree.indexOfTopLevelItem(item) if item is not None else -1
        if row >= 0 and (row or None) != self._chosen:
            self.choose(self._sitters[row - 1] if row > 0 else None)

    def _edited(self, item: QTreeWidgetItem, column: int) -> None:
        row = self.tree.indexOfTopLevelItem(item)
        if column == 0 and row > 0:
            sitter = self._sitters[row - 1]
            typed = " ".join(item.text(0).split())
            if typed != sitter.label:
                self.renamed.emit(sitter.first, "" if typed == f"Sitter {sitter.number}" else typed)


def _item(coverage: Coverage, also: list[int], delivered_as: str | None) -> QTreeWidgetItem:
    """`also`: the other sitters with this sitter's name (core.people.namesakes), who
    `delivered_as` tells apart from this one in a delivery by person."""
    sitter = coverage.sitter
    remark = "; ".join(part for part in (coverage.warning, _same_name(also)) if part)
    item = QTreeWidgetItem([sitter.label, str(coverage.frames), str(coverage.picks), remark])
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
    _align_counts(item)
    tip = f"Sitter {sitter.number}: frames {sitter.frames[0]} to {sitter.frames[-1]}"
    if sitter.row is not None and sitter.row.email:
        tip += f"\n{sitter.row.email}"
    if delivered_as:
        tip += f"\nA different person from {_same_name(also)[len('same name as '):]}: delivered as {delivered_as}"
    for column in range(len(COLUMNS)):
        item.setToolTip(column, tip)
    if remark:
        item.setForeground(3, QBrush(WARNING_COLOUR))
    return item


def _same_name(also: list[int]) -> str:
    if not also:
        return ""
    numbers = [str(number) for number in also]
    return "same name as sitter" + ("s " if len(numbers) > 1 else " ") + ", ".join(numbers)


def _align_counts(item: QTreeWidgetItem) -> None:
    for column in (1, 2):
        item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def sitters_summary(count: int, missing: int) -> str:
    """The dock's line: "5 sitters, 4 with something to do"; one sitter is "1 sitter"."""
    if not count:
        return "Sitters appear once the shoot is analysed"
    sitters = counted(count, "sitter")
    if missing:
        return f"{sitters}, {missing} with something to do"
    return f"{sitters}, {'each ' if count != 1 else ''}with a pick"
