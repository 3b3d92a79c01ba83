"""A message across the top of the window for things the photographer can act on (a
folder with no pictures, a shoot folder that went away, a missing model file): stays
until dismissed or replaced, unlike a status-bar line, and never shows a traceback."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton


class MessageBar(QFrame):
    """One message at a time, hidden when there is none.

    Signals:
        dismissed(): the photographer closed the message.
    """

    dismissed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Dismiss this message")
        close.setAutoRaise(True)
        close.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, title: str, detail: str = "") -> None:
        """`title` in bold, then what to do about it."""
        self.label.setText(f"<b>{_escape(title)}</b>" + (f"<br>{_escape(detail)}" if detail else ""))
        self.show()

    def text(self) -> str:
        """The message as plain text (for tests and the accessible name)."""
        return self.label.text().replace("<br>", "\n").replace("<b>", "").replace("</b>", "") \
            .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")

    def dismiss(self) -> None:
        self.hide()
        self.label.clear()
        self.dismissed.emit()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
