"""The bar above the grid: what to show (flag, stars, label or a client's round, kind,
headshot score, closed eyes, soft eyes, a hand over the face, an overexposed face,
errors), in what order, and how big the thumbnails are. It only builds a GridFilter and
a sort key; the proxy does the work. A field takes the keyboard only while it is being
used: Enter or Escape in it, or a choice made with the mouse, gives the keys back to the
grid, so the next digit rates the frame instead of typing into the field. Ctrl+F gives
the whole bar the keyboard (take_keyboard) until Enter or Escape.

A client's rounds sit in the label list, below the colours: the bar has no room left for
another box in one row of a 1280 px window, and the client's choice travels as a label anyway
(the purple "client" label, by default). The four warnings are toggles showing the
grid's badge icons, for the same reason.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QHBoxLayout, QLabel, QSlider, QSpinBox,
                               QToolButton, QWidget)

from shotkind_desktop.core.decisions.decisions import LABELS, PICK, REJECT, UNFLAGGED
from shotkind_desktop.core.decisions.selection import DESCENDING_BY_DEFAULT, SORT_KEYS
from shotkind_desktop.ui.flow_layout import FlowLayout
from shotkind_desktop.ui.frame_proxy import GridFilter
from shotkind_desktop.ui.grid_view import CELL_SIZES
from shotkind_desktop.ui.warning_badges import badge_icon

FLAG_CHOICES = {"All": None, "Picks": frozenset({PICK}), "All but rejects": frozenset({PICK, UNFLAGGED}),
                "Unflagged": frozenset({UNFLAGGED}), "Rejects": frozenset({REJECT})}
ROUND = "round:"     # label-list data of a client round: ROUND + its name
KIND_CHOICES = {"Any kind": None, "Headshots": "headshot", "Portraits": "portrait", "No face": "none"}


class FilterBar(QWidget):
    """Signals:
        filter_changed(object): a GridFilter.
        sort_changed(str key, bool descending)
        cell_size_changed(int)
        done(): the photographer is done with a field; the keys go back to the frames.
    """

    filter_changed = Signal(object)
    sort_changed = Signal(str, bool)
    cell_size_changed = Signal(int)
    done = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.flag = _combo(FLAG_CHOICES)
        self.rating = _combo({"Any rating": 0, **{f"≥ {'★' * n}": n for n in range(1, 6)}})
        self.label = _combo({"Any label": None, **{label: label for label in LABELS}})
        # a client's round can have any name: this box stays the width of its colours
        # rather than push the bar onto a second row; its open list shows a name whole
        self.label.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.label.setMinimumContentsLength(6)
        self.label.setToolTip("A colour label, or the frames a client chose in a round "
                              "(File ▸ Import Client Selection)")
        self._rounds: dict[str, frozenset[str]] = {}
        self.kind = _combo(KIND_CHOICES)
        self.min_score = QSpinBox()
        self.min_score.setRange(0, 100)
        self.min_score.setSingleStep(5)
        self.min_score.setPrefix("HS ≥ ")
        self.min_score.setToolTip("Only frames whose headshot score (HS) is at least this (0 shows all)")
        # the warnings as toggles showing the grid's own badge icons (several on: any of them)
        self.eyes_closed = _warning_toggle("eyes", "Eyes closed",
                                           "Only frames whose main face has its eyes closed (a blink)")
        self.soft_eyes = _warning_toggle("focus_missed", "Soft eyes",
                                         "Only frames whose eyes are out of focus at 100% "
                                         "(slightly soft, or focus missed)")
        self.hand_over_face = _warning_toggle("hand", "Hand over face",
                                              "Only frames with a hand or an object over the main face")
        self.overexposed = _warning_toggle("overexposed", "Overexposed",
                                           "Only frames whose main face has its highlights burnt out "
                                           "(a headshot, but not one to deliver as it is)")
        self._warnings = (self.eyes_closed, self.soft_eyes, self.hand_over_face, self.overexposed)
        self.errors = QCheckBox("Errors")
        self.errors.setToolTip("Only frames that could not be read or analysed")
        self.sort = _combo({text: key for key, text in SORT_KEYS.items()})
        self.descending = QToolButton()
        self.descending.setCheckable(True)
        self.descending.setToolTip("Reverse the order")
        self.size = QSlider(Qt.Orientation.Horizontal)
        self.size.setRange(CELL_SIZES[0], CELL_SIZES[-1])
        self.size.setFixedWidth(110)
        self.size.setToolTip("Thumbnail size (= and −)")
        self._update_arrow()

        # in one row from about 1280 px with the side panel beside it; narrower, the bar
        # wraps onto more rows rather than hide the sort (a label stays with its box)
        layout = FlowLayout(self, last_to_right=True)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(_group(QLabel("Show"), self.flag))
        for widget in (self.rating, self.label, self.kind, self.min_score):
            layout.addWidget(widget)
        layout.addWidget(_group(*self._warnings, spacing=2))   # one group of icons, as close as their borders allow
        layout.addWidget(self.errors)
        layout.addWidget(_group(QLabel("Sort"), self.sort, self.descending))
        self._layout = layout
        # self.size is not laid out here: the window puts it in the status bar, as
        # Lightroom puts its thumbnail slider in the toolbar under the grid

        for combo in (self.flag, self.rating, self.label, self.kind):
            combo.currentIndexChanged.connect(self._emit_filter)
        self.min_score.valueChanged.connect(self._emit_filter)
        for box in (*self._warnings, self.errors):
            box.toggled.connect(self._emit_filter)
        self.sort.currentIndexChanged.connect(self._sort_key_chosen)
        self.descending.toggled.connect(self._emit_sort)
        self.size.valueChanged.connect(self.cell_size_changed)
        for widget in self.findChildren(QWidget) + [self.size]:
            widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)   # keys stay with the grid
            widget.installEventFilter(self)
        for combo in (self.flag, self.rating, self.label, self.kind, self.sort):
            combo.activated.connect(self._chosen)
        for button in (*self._warnings, self.errors, self.descending):
            button.clicked.connect(self._chosen)
        self.size.sliderReleased.connect(self.done)
        self._keyboard = False     # the bar has the keyboard (take_keyboard) until Enter or Escape

    def fields(self) -> list[QWidget]:
        """The bar's fields in the order Tab goes through them."""
        return [self.flag, self.rating, self.label, self.kind, self.min_score, *self._warnings,
                self.errors, self.sort, self.descending]

    def take_keyboard(self) -> None:
        """The fields from the keyboard (View ▸ Filter and Sort, Ctrl+F): a tester found
        every filter and the sort reachable only by mouse. Tab and Shift+Tab go from
        field to field, arrows change one at once, Space toggles a button or opens a
        list, Enter or Escape gives the keys back to the frames."""
        if not self.isVisible():
            return
        self._keyboard = True
        for widget in self.fields():
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.flag.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _chosen(self, *args) -> None:
        """A choice made: with the mouse the keys go back to the frames; from the
        keyboard the bar keeps them for the next field."""
        if not self._keyboard:
            self.done.emit()

    def _give_keyboard_back(self) -> None:
        if self._keyboard:
            self._keyboard = False
            for widget in self.fields():
                widget.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    def rows(self) -> int:
        """How many rows the bar takes at its width (1 in a wide window)."""
        return len(self._layout.rows(self.width()))

    def frame_filter(self) -> GridFilter:
        label = self.label.currentData()
        client = self._rounds.get(label[len(ROUND):]) if label and label.startswith(ROUND) else None
        return GridFilter(flags=self.flag.currentData(), min_rating=self.rating.currentData(),
                          label=None if client is not None else label, kind=self.kind.currentData(),
                          min_headshot_score=float(self.min_score.value()),
                          errors_only=self.errors.isChecked(),
                          eyes_closed=self.eyes_closed.isChecked(),
                          soft_eyes=self.soft_eyes.isChecked(),
                          hand_over_face=self.hand_over_face.isChecked(),
                          overexposed=self.overexposed.isChecked(), client_frames=client)

    def set_client_rounds(self, rounds: dict[str, list[str]]) -> None:
        """The shoot's client rounds (catalog.client_rounds) below the colours of the
        label list; a round chosen stays chosen while it is there."""
        chosen = self.label.currentData()
        self._rounds = {name: frozenset(frames) for name, frames in rounds.items()}
        self.label.blockSignals(True)
        while self.label.count() > 1 + len(LABELS):
            self.label.removeItem(self.label.count() - 1)
        if rounds:
            self.label.insertSeparator(self.label.count())
        for name, frames in rounds.items():
            self.label.addItem(f"♥ {name} ({len(frames)})", ROUND + name)
        found = self.label.findData(chosen)
        self.label.setCurrentIndex(found if found >= 0 else 0)
        self.label.blockSignals(False)
        self._emit_filter()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter or Escape in a field: done with it (a typed score is taken first)."""
        if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            if watched is self.min_score:
                self.min_score.interpretText()
            self._give_keyboard_back()
            self.done.emit()
            return True
        if self._keyboard and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) \
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            # Tab is the window's side-panel key: here it goes from field to field
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
            else:
                self._next_field(watched, -1 if event.key() == Qt.Key.Key_Backtab else 1)
            return True
        if event.type() == QEvent.Type.FocusOut and self._keyboard:
            QTimer.singleShot(0, self._keyboard_left)     # where focus went is known after
        return super().eventFilter(watched, event)

    def _next_field(self, watched: QObject, step: int) -> None:
        fields = self.fields()
        here = next((i for i, field in enumerate(fields) if field is watched or field.isAncestorOf(watched)), 0)
        fields[(here + step) % len(fields)].setFocus(Qt.FocusReason.TabFocusReason)

    def _keyboard_left(self) -> None:
        """Focus went elsewhere by a click: the bar no longer holds the keyboard (a list
        opened from one of its fields, Space or Alt+Down, is still the bar's)."""
        popup = QApplication.activePopupWidget()
        if popup is not None and any(field.view().window() is popup
                                     for field in self.fields() if isinstance(field, QComboBox)):
            return
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            self._give_keyboard_back()

    def set_cell_size(self, size: int) -> None:
        self.size.blockSignals(True)
        self.size.setValue(size)
        self.size.blockSignals(False)

    def _emit_filter(self, *args) -> None:
        self.filter_changed.emit(self.frame_filter())

    def show_sort(self, key: str, descending: bool) -> None:
        """Sort by `key` (a sort this bar offers; another is ignored), as if chosen here."""
        index = self.sort.findData(key)
        if index < 0:
            return
        self.sort.setCurrentIndex(index)
        if self.descending.isChecked() != descending:
            self.descending.setChecked(descending)

    def _sort_key_chosen(self) -> None:
        self.descending.blockSignals(True)
        self.descending.setChecked(self.sort.currentData() in DESCENDING_BY_DEFAULT)
        self.descending.blockSignals(False)
        self._emit_sort()

    def _emit_sort(self, *args) -> None:
        self._update_arrow()
        self.sort_changed.emit(self.sort.currentData(), self.descending.isChecked())

    def _update_arrow(self) -> None:
        self.descending.setArrowType(Qt.ArrowType.DownArrow if self.descending.isChecked()
                                     else Qt.ArrowType.UpArrow)


def _warning_toggle(key: str, text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setObjectName("warningFilter")       # flat when off, lit when on (shotkind.qss)
    button.setCheckable(True)
    button.setText(text)                      # read by screen readers; the icon is shown
    button.setIcon(badge_icon(key))
    button.setIconSize(QSize(20, 20))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    button.setToolTip(f"{text}: {tip[0].lower()}{tip[1:]}")
    button.setAccessibleName(text)
    return button


def _group(*widgets: QWidget, spacing: int = 6) -> QWidget:
    """Widgets that wrap to the next row together."""
    group = QWidget()
    row = QHBoxLayout(group)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(spacing)
    for widget in widgets:
        row.addWidget(widget)
    return group


def _combo(choices: dict) -> QComboBox:
    """A box as wide as its longest choice, so the closed box reads whole whichever is
    chosen (sized to six letters, it showed "Picks and ur" in a 1600-px window)."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    for text, value in choices.items():
        combo.addItem(text, value)
    return combo
