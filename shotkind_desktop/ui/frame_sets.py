"""Which frames compare and survey show, and where the arrow keys take them, as in
Lightroom: kept in the one selection the grid and filmstrip share, so what is selected is
what is shown.

Compare: the select stays (by name, so a filter that hides it does not lose it) while
the candidate, the current frame, steps through the shoot and skips the select; both are
selected in the filmstrip. Opened on a group of similar frames (Shift+C), the candidate
steps through that group only: a tester's arrows walked on into the next pose. Make
Select puts the candidate on the left and the next frame on the right; Swap exchanges
them.

Survey: the selected frames, in view order. The current frame is the active one; the
arrows move it among them without touching the selection (never out of the set), and
taking a frame out of the survey deselects it.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex

from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.frame_proxy import FrameProxy
from shotkind_desktop.ui.grid_view import select_row
from shotkind_desktop.ui.shoot_model import ShootModel

SURVEY_LIMIT = 12                        # tiles beyond this are too small to judge
Flag = QItemSelectionModel.SelectionFlag


def candidate_step(rows: int, candidate: int, select: int | None, steps: int) -> int | None:
    """The row `steps` from the candidate, passing over the select; None past either end."""
    if steps == 0:
        return None
    target = candidate + steps
    if target == select:
        target += 1 if steps > 0 else -1
    return target if 0 <= target < rows else None


def first_candidate(rows: int, select: int, selected: list[int]) -> int | None:
    """Another selected row, else the row after the select, else the one before."""
    others = [row for row in selected if row != select]
    if others:
        return others[0]
    return select + 1 if select + 1 < rows else select - 1 if select > 0 else None


class FrameSets:
    """Compare's select and candidate and survey's frames over the shared selection."""

    def __init__(self, model: ShootModel, proxy: FrameProxy, selection: QItemSelectionModel,
                 view) -> None:
        self.model, self.proxy, self.selection = model, proxy, selection
        self.view = view              # the list view that shows the selection (filmstrip)
        self.select_name: str | None = None
        self.group: list[str] = []    # compare opened on a group: the candidate stays in it

    # ---- shared -------------------------------------------------------------------------

    def current(self) -> Frame | None:
        index = self.selection.currentIndex()
        return index.data(ShootModel.FrameRole) if index.isValid() else None

    def row_of(self, name: str | None) -> int | None:
        row = self.model.row_of(name) if name is not None else None
        if row is None:
            return None
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        return index.row() if index.isValid() else None

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.selection.selectedIndexes())

    def _frame_at(self, row: int) -> Frame:
        return self.proxy.index(row, 0).data(ShootModel.FrameRole)

    # ---- compare ------------------------------------------------------------------------

    def start_compare(self) -> None:
        """The current frame becomes the select; another selected frame (else the next)
        the candidate."""
        current = self.selection.currentIndex()
        if not current.isValid():
            return
        self.select_name, self.group = current.data(ShootModel.NameRole), []
        row = first_candidate(self.proxy.rowCount(), current.row(), self.selected_rows())
        self._set_candidate(current.row() if row is None else row)

    def end_compare(self, keep_select: bool, keep_both: bool = True) -> None:
        """Leaving compare: the select becomes current when `keep_select` (it was the
        active side), and both frames stay selected when `keep_both` (survey then shows
        the two); else the current one alone, so the grid's keys act on the frame being
        judged (a tester's X after G rejected the group's best beside it)."""
        row = self.row_of(self.select_name)
        self.select_name, self.group = None, []
        if keep_select and row is not None:
            self.selection.setCurrentIndex(self.proxy.index(row, 0), Flag.NoUpdate)
            self.view.scrollTo(self.proxy.index(row, 0))
        current = self.selection.currentIndex()
        if not keep_both and current.isValid():
            self.selection.select(current, Flag.ClearAndSelect)

    def compared(self) -> tuple[Frame, Frame] | None:
        candidate = self.current()
        if candidate is None:
            return None
        select = self.model.frame(self.select_name) if self.select_name else None
        return (select or candidate), candidate

    def _group_rows(self) -> list[int]:
        """The rows in view of the group compare was opened on, the select's left out."""
        select = self.row_of(self.select_name)
        return sorted(row for row in map(self.row_of, self.group) if row is not None and row != select)

    def step_candidate(self, steps: int) -> bool:
        current = self.selection.currentIndex().row()
        rows = self._group_rows() if self.group else []
        if current in rows:
            place = rows.index(current) + steps
            row = rows[place] if 0 <= place < len(rows) else None
        else:      # no group, or the candidate left it (a click in the filmstrip): the shoot's order
            self.group = []
            row = candidate_step(self.proxy.rowCount(), current, self.row_of(self.select_name), steps)
        if row is None:
            return False
        self._set_candidate(row)
        return True

    def group_end(self, steps: int) -> str:
        """What to say when the candidate is at the end of the group compare was opened on
        that `steps` points past: a tester took the arrows' silence there for a dropped key.
        "" when the candidate is not in such a group or can go that way."""
        rows = self._group_rows() if self.group else []
        current = self.selection.currentIndex().row()
        if steps == 0 or current not in rows or 0 <= rows.index(current) + steps < len(rows):
            return ""
        return "Last frame of this group" if steps > 0 else "First frame of this group"

    def make_select(self) -> bool:
        """The candidate becomes the select; the frame after it (else before) the candidate."""
        candidate = self.current()
        if candidate is None or candidate.name == self.select_name:
            return False
        self.select_name, current = candidate.name, self.selection.currentIndex().row()
        rows = self._group_rows() if candidate.name in self.group else []
        if rows:          # the next frame of the group, else the one before
            row = next((r for r in rows if r > current), rows[-1])
        else:
            self.group = []
            row = first_candidate(self.proxy.rowCount(), current, [])
        self._set_candidate(current if row is None else row)
        return True

    def swap(self) -> bool:
        """Select and candidate change places (the select must be in view to be stepped from)."""
        candidate, row = self.current(), self.row_of(self.select_name)
        if candidate is None or row is None or candidate.name == self.select_name:
            return False
        self.select_name = candidate.name
        self._set_candidate(row)
        return True

    def keep_select_selected(self) -> None:
        """A click in the filmstrip picks a new candidate: the select stays marked there too."""
        row = self.row_of(self.select_name)
        if row is not None and not self.selection.isRowSelected(row, QModelIndex()):
            self.selection.select(self.proxy.index(row, 0), Flag.Select)

    def _set_candidate(self, row: int) -> None:
        select_row(self.view, row)
        self.keep_select_selected()

    # ---- survey -------------------------------------------------------------------------

    def surveyed(self) -> list[Frame]:
        """The selected frames in view order (the current one when nothing else is),
        at most SURVEY_LIMIT, the current one always among them."""
        rows = self.selected_rows()
        current = self.selection.currentIndex()
        if current.isValid() and current.row() not in rows:
            rows = sorted(rows + [current.row()])
        if len(rows) > SURVEY_LIMIT:
            keep = rows[:SURVEY_LIMIT]
            if current.isValid() and current.row() not in keep:
                keep = keep[:-1] + [current.row()]
            rows = keep
        return [self._frame_at(row) for row in rows]

    def step_survey(self, steps: int) -> bool:
        """The active frame moves among the surveyed ones; the selection stays."""
        names = [frame.name for frame in self.surveyed()]
        current = self.current()
        if current is None or current.name not in names:
            return False
        target = names.index(current.name) + steps
        if not 0 <= target < len(names) or steps == 0:
            return False
        self.selection.setCurrentIndex(self.proxy.index(self.row_of(names[target]), 0), Flag.NoUpdate)
        return True

    def remove_from_survey(self, name: str) -> bool:
        """Deselect `name`; when it was the active frame, the next one (else the one
        before) becomes active. The last frame of a survey stays."""
        names = [frame.name for frame in self.surveyed()]
        if name not in names or len(names) < 2:
            return False
        row = self.row_of(name)
        current = self.current()
        if current is not None and current.name == name:
            place = names.index(name)
            following = names[place + 1] if place + 1 < len(names) else names[place - 1]
            self.selection.setCurrentIndex(self.proxy.index(self.row_of(following), 0), Flag.NoUpdate)
        self.selection.select(self.proxy.index(row, 0), Flag.Deselect)
        if len(self.selected_rows()) == 0:     # the current frame alone was left unselected
            self.selection.select(self.selection.currentIndex(), Flag.Select)
        return True
