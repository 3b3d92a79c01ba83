"""A layout that lays its widgets out in a row and carries on in the next row when the
row is full, as words wrap: the filter bar keeps every control in view in a window
narrower than its one row (a 1024-px window beside the side panel, a laptop at 200%
scaling), where a sideways scroll bar hid the sort behind the errors toggle.

The last widget can keep to the right edge of its row, as the sort does in a wide
window. Qt has no such layout (its documentation's FlowLayout is an example to copy).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Widgets left to right, wrapping; `last_to_right`: the last one keeps to the row's
    right edge."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6, row_spacing: int = 4,
                 last_to_right: bool = False) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing, self._row_spacing = spacing, row_spacing
        self._last_to_right = last_to_right

    # ---- QLayout --------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """Everything in one row."""
        shown = self._shown()
        margins = self.contentsMargins()
        width = sum(item.sizeHint().width() for item in shown) + self._spacing * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return QSize(width, height) + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """The widest widget: narrower, and it would be cut."""
        margins = self.contentsMargins()
        width = max((item.sizeHint().width() for item in self._shown()), default=0) \
            + margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    # ---- rows -----------------------------------------------------------------------

    def rows(self, width: int) -> list[list[QLayoutItem]]:
        """The shown widgets, row by row, in a layout `width` wide (margins included)."""
        margins: QMargins = self.contentsMargins()
        room = max(1, width - margins.left() - margins.right())
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._shown():
            wide = item.sizeHint().width()
            if rows[-1] and used + self._spacing + wide > room:
                rows.append([])
                used = 0
            used += (self._spacing if rows[-1] else 0) + wide
            rows[-1].append(item)
        return rows if rows[-1] else []

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not (item.widget() and item.widget().isHidden())]

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the rows out in `rect` (or only measure them); the height they take."""
        margins = self.contentsMargins()
        inner = rect.marginsRemoved(margins)
        y = inner.y()
        rows = self.rows(rect.width())
        last = rows[-1][-1] if rows else None
        for number, row in enumerate(rows):
            height = max(item.sizeHint().height() for item in row)
            x = inner.x()
            for item in row:
                size = item.sizeHint()
                if move:
                    if item is last and self._last_to_right:
                        x = max(x, inner.right() + 1 - size.width())
                    top = y + (height - size.height()) // 2      # centred in the row
                    item.setGeometry(QRect(QPoint(x, top), size))
                x += size.width() + self._spacing
            y += height + (self._row_spacing if number < len(rows) - 1 else 0)
        return y - rect.y() + margins.bottom() if rows else margins.top() + margins.bottom()
