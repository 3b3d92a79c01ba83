"""A one-line label that gives way: short of room it ends its text with "…" instead of
cutting it mid-word or squeezing its neighbours. In the status bar a long notice ("IMG_0016.JPG:
Best of 6 similar frames: …") asked for its whole width, and compare's line beside it
("keys act on the select…") was cut mid-word to make room."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel


class ElidedLabel(QLabel):
    """Plain text on one line, elided at the right to the room it gets; the whole text is
    its tooltip. Signals: QLabel's."""

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """The text as painted: whole, or cut at a character and ended with "…"."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(),
                                  self.isEnabled(), self.shown_text(), self.foregroundRole())
