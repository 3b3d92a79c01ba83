"""Where culling goes on when a decision hides the frame being judged under a filter (a
reject under "All but rejects", a pick under "Unflagged", a label taken off under that
label): on the frame that followed it in view order, the one Shift with the decision
lands on. Left alone, Qt's selection model makes the frame above current, one already
looked at: a tester pressing X three times rejected IMG_0200, then 0199 and 0198.
Decide-and-next (Shift, auto-advance) goes on there too when the decision re-sorts the
frame it leaves shown (a rating under a sort by rating): its new neighbour is not the
frame the photographer was about to judge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QAbstractItemModel

from shotkind_desktop.ui.shoot_model import ShootModel


@dataclass(frozen=True)
class Place:
    """The frame being judged before a decision, and the frames after it in view order up
    to the first one the decision leaves alone (those it decides may leave the view too)."""

    name: str
    following: tuple[str, ...]


def place_before(view_order: QAbstractItemModel, row: int, deciding: set[str]) -> Place:
    name = view_order.index(row, 0).data(ShootModel.NameRole)
    following = []
    for after in range(row + 1, view_order.rowCount()):
        following.append(view_order.index(after, 0).data(ShootModel.NameRole))
        if following[-1] not in deciding:
            break
    return Place(name, tuple(following))


def row_to_go_on(place: Place, row_of: Callable[[str], int | None]) -> int | None:
    """The row of the first frame that followed and is still shown; None when there is
    none (the end of the list: the new last frame is next)."""
    return next((row for row in map(row_of, place.following) if row is not None), None)
