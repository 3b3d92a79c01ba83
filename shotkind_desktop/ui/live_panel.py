"""The live session's banner across the top of the window: the verdict on the newest
frame, large enough to read from two metres away while the sitter is still in the chair
(eyes open or closed, sharp or soft, the headshot score and the reason), and coverage:
how many usable frames this sitter has so far.

Words first, colour only where something went wrong: the headline sits on the grid's
amber (the blink badge's) for a blink or missed focus, and on grey otherwise, because
colour in the chrome shifts how the photographer sees the photos (theme.py)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from shotkind_desktop.core.judgement.focus_words import MISSED, SHARP, SOFT
from shotkind_desktop.core.people.coverage import Coverage
from shotkind_desktop.core.judgement.verdict import ANALYSING, GOOD, NOTE, Verdict
from shotkind_desktop.ui.score_bars import scaled_font

HEADLINE_FONT, VALUE_FONT, REASON_FONT, LABEL_FONT = 3.4, 2.4, 1.5, 1.05
WAITING = Verdict("Waiting for the first frame", NOTE, "", "", "", None, "", False)
FOCUS_WORDS = {SHARP: "Sharp", SOFT: "Soft", MISSED: "Missed"}
EYES_WORDS = {"open": "Open", "closed": "Closed", "hidden": "Hidden"}


class LivePanel(QFrame):
    """Shows a Verdict and a Coverage; hidden outside a live session.

    Signals:
        newest_requested(): the photographer asked for the newest frame.
        sound_toggled(bool): the blink and missed-focus sound was switched on or off.
        verdict_shown(str): the verdict of this frame (by name) is on screen.
    """

    newest_requested = Signal()
    sound_toggled = Signal(bool)
    verdict_shown = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("livePanel")
        self.name = ""
        self.verdict = WAITING
        font = self.font()

        self.headline = QLabel()
        self.headline.setObjectName("liveHeadline")
        self.headline.setFont(scaled_font(font, HEADLINE_FONT, bold=True))
        self.headline.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.reason = QLabel()
        self.reason.setObjectName("liveReason")
        self.reason.setFont(scaled_font(font, REASON_FONT))
        self.reason.setWordWrap(True)
        # two lines, whatever the reason's length: the loupe below must not jump with each frame
        self.reason.setFixedHeight(2 * self.reason.fontMetrics().lineSpacing())
        self.reason.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.frame_line = QLabel()
        self.frame_line.setObjectName("liveNote")
        self.frame_line.setFont(scaled_font(font, LABEL_FONT))
        verdict_column = QVBoxLayout()
        verdict_column.setSpacing(4)
        verdict_column.addWidget(self.frame_line)
        verdict_column.addWidget(self.headline, 0, Qt.AlignmentFlag.AlignLeft)
        verdict_column.addWidget(self.reason)
        verdict_column.addStretch(1)

        facts = QGridLayout()
        facts.setHorizontalSpacing(18)
        facts.setVerticalSpacing(0)
        self.eyes = self._fact(facts, 0, "Eyes")
        self.focus = self._fact(facts, 1, "Focus")
        self.score = self._fact(facts, 2, "Headshot")

        self.coverage = QLabel()
        self.coverage.setObjectName("liveValue")
        self.coverage.setFont(scaled_font(font, VALUE_FONT, bold=True))
        self.coverage_line = QLabel()
        self.coverage_line.setObjectName("liveNote")
        self.coverage_line.setFont(scaled_font(font, LABEL_FONT))
        self.coverage_title = QLabel()
        self.coverage_title.setObjectName("liveLabel")
        self.coverage_title.setFont(scaled_font(font, LABEL_FONT))
        self.newest = QPushButton("Show Newest  (End)")
        self.newest.setToolTip("Go to the newest frame; the loupe then follows each new frame")
        self.newest.clicked.connect(self.newest_requested)
        self.sound = QPushButton("Sound")
        self.sound.setCheckable(True)
        self.sound.setToolTip("A beep for a blink (twice) or missed focus (once) on a new frame")
        self.sound.toggled.connect(self.sound_toggled)
        buttons = QHBoxLayout()
        buttons.addWidget(self.newest)
        buttons.addWidget(self.sound)
        buttons.addStretch(1)
        coverage_column = QVBoxLayout()
        coverage_column.setSpacing(2)
        coverage_column.addWidget(self.coverage_title)
        coverage_column.addWidget(self.coverage)
        coverage_column.addWidget(self.coverage_line)
        coverage_column.addStretch(1)
        coverage_column.addLayout(buttons)

        row = QHBoxLayout(self)
        row.setContentsMargins(18, 10, 18, 10)
        row.setSpacing(28)
        row.addLayout(verdict_column, 5)
        row.addWidget(_rule())
        row.addLayout(facts, 4)
        row.addWidget(_rule())
        row.addLayout(coverage_column, 3)
        self.show_verdict("", WAITING)
        self.show_coverage(Coverage(0, 0, 0, None))
        self.hide()

    def _fact(self, grid: QGridLayout, column: int, title: str) -> QLabel:
        label = QLabel(title)
        label.setObjectName("liveLabel")
        label.setFont(scaled_font(self.font(), LABEL_FONT))
        value = QLabel()
        value.setObjectName("liveValue")
        value.setFont(scaled_font(self.font(), VALUE_FONT, bold=True))
        grid.addWidget(label, 0, column)
        grid.addWidget(value, 1, column)
        grid.setRowStretch(2, 1)
        return value

    # ---- what is shown ------------------------------------------------------------------

    def show_verdict(self, name: str, verdict: Verdict, note: str = "") -> None:
        """The verdict on frame `name` (its file name and time in `note`)."""
        self.name, self.verdict = name, verdict
        self.headline.setText(("✓  " if verdict.tone == GOOD else "") + verdict.headline)
        self.headline.setProperty("tone", verdict.tone)
        self.headline.style().unpolish(self.headline)
        self.headline.style().polish(self.headline)
        self.reason.setText(verdict.reason)
        self.reason.setToolTip(verdict.reason)
        self.frame_line.setText(note)
        self.eyes.setText(EYES_WORDS.get(verdict.eyes, "—"))
        self.eyes.setToolTip(verdict.eyes_text)
        self.eyes.setProperty("alarm", verdict.eyes == "closed")
        self.focus.setText(FOCUS_WORDS.get(verdict.focus, "—"))
        self.focus.setProperty("alarm", verdict.focus == MISSED)
        for value in (self.eyes, self.focus):
            value.style().unpolish(value)
            value.style().polish(value)
        self.score.setText("—" if verdict.score is None else f"{verdict.score:.0f}")
        if name and verdict is not ANALYSING:
            self.verdict_shown.emit(name)

    def show_coverage(self, coverage: Coverage, behind: int = 0) -> None:
        """Usable frames of the sitter so far; `behind`: frames newer than the one the
        photographer is looking at (the loupe then waits on their frame)."""
        self.coverage_title.setText(f"Usable, {coverage.sitter}" if coverage.sitter else
                                    "Usable, this sitter" if coverage.by_sitter else "Usable since the last pause")
        self.coverage_title.setToolTip(
            "Frames of the sitter in the chair with the eyes open and sharp that are headshots; "
            + ("the sitter is told by the time between frames and how the person looks"
               if coverage.by_sitter else "counted since the last pause of two minutes or more"))
        self.coverage.setText(f"{coverage.usable} of {coverage.frames}")
        parts = []
        if coverage.since is not None:
            parts.append("since " + time.strftime("%H:%M", time.localtime(coverage.since)))
        if coverage.waiting:
            parts.append(f"{coverage.waiting} being analysed")
        self.coverage_line.setText(", ".join(parts))
        self.newest.setText(f"{behind} Newer: Show Newest  (End)" if behind else "Show Newest  (End)")
        self.newest.setProperty("behind", bool(behind))
        self.newest.style().unpolish(self.newest)
        self.newest.style().polish(self.newest)


def _rule() -> QWidget:
    line = QFrame()
    line.setObjectName("liveRule")
    line.setFrameShape(QFrame.Shape.VLine)
    return line
