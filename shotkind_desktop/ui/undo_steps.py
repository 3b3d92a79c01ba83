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


class DoneStep(QUndoCommand):
    """An edit already made; `undo` and `redo` take it back and make it again."""

    def __init__(self, text: str, undo: Callable[[], object], redo: Callable[[], object]) -> None:
        super().__init__(text)
        self._undo, self._redo = undo, redo
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
