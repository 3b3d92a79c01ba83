"""The photographer's edits as steps of one undo history (Qt's QUndoStack): decisions and
adjusted crop guides are taken back by the same Ctrl+Z, in the order they were made,
and Undo and Redo are enabled only when there is something to take back or redo.

An edit is done (and on disk) before its step is pushed, so a step's first redo, which
QUndoStack.push calls, does nothing; so does the move that puts the history back in
step after an undo or redo the disk refused (skip_next). A decision step undoes through DecisionKeeper's
own undo stack, which every decision goes through in the same order; a guide step
writes back the boxes it replaced (None: the computed guide).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QUndoCommand

from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision


class DoneStep(QUndoCommand):
    """An edit already made; `undo` and `redo` take it back and make it again. `frames`:
    the frames whose decisions it changes, where the keys go with an undo or redo."""

    def __init__(self, text: str, undo: Callable[[], object], redo: Callable[[], object],
                 frames: tuple[str, ...] = ()) -> None:
        super().__init__(text)
        self._undo, self._redo = undo, redo
        self.frames = frames
        self._skip = True           # push()'s redo: the edit is already made

    def skip_next(self) -> None:
        """The next undo or redo only moves the history: what it would do is done."""
        self._skip = True

    def undo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._undo()

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self._redo()


def decision_step_words(verb: str, step: dict[str, tuple[Decision, Decision]], back: bool) -> str:
    """What an undo (`back`) or redo of `step` (DecisionKeeper.next_step: frame -> before,
    after) does, for the status bar, `verb` "Undone" or "Redone": Ctrl+Z may take back a
    change on a frame that is not on screen (a tester lost 3 stars that way without a
    word). "Undone on df_img14.jpg: 3 stars → no stars"; for many frames, what changed on
    how many. Only what the step itself changed is said, not another application's
    change merged in on the way."""
    fields = ("flag", "rating", "label")
    moves = {name: (after, before) if back else (before, after) for name, (before, after) in step.items()
             if before != after}
    if not moves:              # another program had set the same already: nothing to say
        return ""
    if len(moves) == 1:
        (name, (old, new)), = moves.items()
        changes = [f"{_said(old, field)} → {_said(new, field)}" for field in fields
                   if getattr(old, field) != getattr(new, field)]
        return f"{verb} on {name}: {', '.join(changes)}"
    words = [word for field, word in zip(fields, ("flags", "stars", "labels"))
             if any(getattr(old, field) != getattr(new, field) for old, new in moves.values())]
    return f"{verb} on {len(moves)} frames: {', '.join(words)}"


def _said(decision: Decision, field: str) -> str:
    if field == "flag":
        return {PICK: "pick", REJECT: "reject"}.get(decision.flag, "unflagged")
    if field == "rating":
        return f"{decision.rating} star{'s' if decision.rating != 1 else ''}" if decision.rating else "no stars"
    return f"{decision.label.lower()} label" if decision.label else "no label"
