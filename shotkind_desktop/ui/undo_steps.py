"""The photographer's edits as steps of one undo history (Qt's QUndoStack): decisions and
adjusted crop guides are taken back by the same Ctrl+Z, in the order they were made,
and Undo and Redo are enabled only when there is something to take back or redo.

An edit is done (and on disk) before its step is pushed, so a step's first redo, which
QUndoStack.push calls, does nothing. A decision step undoes through DecisionKeeper's
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
        self._done = True

    def undo(self) -> None:
        self._undo()

    def redo(self) -> None:
        if self._done:
            self._done = False      # push(): the edit is already made
            return
        self._redo()
