"""The one table of menu actions and their keyboard shortcuts, so keys never clash and
the welcome text, menus and (later) a shortcut sheet all read the same fact."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence


@dataclass(frozen=True)
class ActionSpec:
    text: str
    shortcut: str      # portable text: Qt shows Ctrl as ⌘ on macOS
    tip: str


ACTIONS = {
    "open_shoot": ActionSpec("&Open Shoot…", "Ctrl+O", "Open a folder of photos"),
    "quit": ActionSpec("&Quit", "Ctrl+Q", "Quit ShotKind"),
}


def make_action(name: str, parent: QObject) -> QAction:
    """A QAction for the table entry `name`; the caller connects `triggered`."""
    spec = ACTIONS[name]
    action = QAction(spec.text, parent)
    action.setObjectName(name)
    action.setShortcut(QKeySequence(spec.shortcut))
    action.setStatusTip(spec.tip)
    return action


def shortcut_text(name: str) -> str:
    """The shortcut as the platform writes it, for labels."""
    return QKeySequence(ACTIONS[name].shortcut).toString(QKeySequence.SequenceFormat.NativeText)
