"""The shortcut sheet (?): every key from the action table, grouped as the menus are, so
it can never disagree with what the keys do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from shotkind_desktop.ui.actions import ACTIONS, MENUS, SPECS

Native = QKeySequence.SequenceFormat.NativeText


class ShortcutSheet(QDialog):
    """A read-only sheet of keys; Esc or ? closes it. Signals: QDialog's own."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        columns = QWidget()
        grid = QGridLayout(columns)
        grid.setHorizontalSpacing(28)
        column_of = {"File": 0, "Edit": 0, "Help": 0, "View": 1, "Sitters": 1, "Photo": 2}
        rows = [0, 0, 0]
        for menu in MENUS:
            col = column_of[menu]
            heading = QLabel(f"<b>{menu}</b>")
            grid.addWidget(heading, rows[col], col * 2, 1, 2)
            rows[col] += 1
            for spec in SPECS:
                if spec.menu != menu or not spec.keys or _variant(spec.name):
                    continue
                then_next = ACTIONS.get(spec.name + "_advance")   # a decision's Shift variant
                keys = spec.keys + (then_next.keys if then_next else ())
                key_label = QLabel(" or ".join(QKeySequence(key).toString(Native) for key in keys))
                key_label.setObjectName("shortcutKey")
                grid.addWidget(key_label, rows[col], col * 2, Qt.AlignmentFlag.AlignRight)
                grid.addWidget(QLabel(spec.text.replace("&", "")), rows[col], col * 2 + 1)
                rows[col] += 1
            rows[col] += 1
        note = QLabel("Hold Shift with a decision key (P, X, U, 0–9) to move to the next frame "
                      "afterwards. In the grid, decisions apply to every selected frame; in the "
                      "loupe to the frame shown, in compare to the active side (click a side to "
                      "make it active), in survey to the active frame. In compare, ← and → step "
                      "the candidate and make it the active side; in survey they move among the "
                      "surveyed frames. Return or Space in the grid shows the current frame in the loupe; "
                      "Escape leaves full screen.")
        note.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidget(columns)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(columns.sizeHint().width() + 60, min(760, columns.sizeHint().height() + 140))

    def keyPressEvent(self, event) -> None:
        if event.text() == "?":
            self.accept()
            return
        super().keyPressEvent(event)


def _variant(name: str) -> bool:
    """A decision's "then next" twin (pick_advance), shown on its decision's row."""
    base = name.removesuffix("_advance")
    return base != name and base in ACTIONS
