"""The right-hand panel, like Lightroom's Library right panel: histogram, capture info,
and why ShotKind scored the frame the way it did.

It is fed plain data (capture info, the FrameResult, histogram arrays) and rebuilt on
every frame change, which is cheap: a handful of labels and ten bars. Nothing here reads
a file. Every number shown has a tooltip that says what it measures.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QSizePolicy,
                               QToolButton, QVBoxLayout, QWidget)

from shotkind_desktop.core.records import HAND_PLACES, FrameResult
from shotkind_desktop.core.files.capture import CaptureInfo
from shotkind_desktop.ui.histogram_view import HistogramView, clipping
from shotkind_desktop.ui.score_bars import KIND_WORDS, BigScore, ScoreBar, scaled_font, subscores_with_reasons
from shotkind_desktop.core.judgement.frame_warnings import frame_warnings
from shotkind_desktop.ui.theme import Role

MISSING = "—"
LOADING = "…"          # capture info still on its way with the preview
FRONTAL_WORDS = {"yes": "facing the camera", "partly": "partly turned", "no": "turned away"}
EYES_WORDS = {"open": "eyes open", "closed": "eyes closed", "hidden": "eyes hidden"}
EXPRESSION_WORDS = {"neutral": "neutral expression", "smile": "smiling", "laugh": "laughing",
                    "other": "strong expression"}


# ---- words for numbers --------------------------------------------------------------------

def focal_length_text(mm: float | None) -> str:
    if not mm:
        return MISSING
    return f"{mm:.0f} mm" if mm >= 10 else f"{mm:.1f} mm".replace(".0 ", " ")


def aperture_text(f_number: float | None) -> str:
    return f"f/{round(f_number, 1):g}" if f_number else MISSING


def shutter_text(shutter: str | None) -> str:
    return f"{shutter} s" if shutter else MISSING


def capture_rows(capture: CaptureInfo | None) -> list[tuple[str, str]]:
    """(label, value) pairs for the Capture section, "—" where EXIF had nothing."""
    c = capture or CaptureInfo()
    return [
        ("Camera", c.camera or MISSING),
        ("Lens", c.lens or MISSING),
        ("Focal length", focal_length_text(c.focal_length)),
        ("Aperture", aperture_text(c.aperture)),
        ("Shutter", shutter_text(c.shutter)),
        ("ISO", str(c.iso) if c.iso else MISSING),
        ("Captured", c.capture_time.strftime("%Y-%m-%d %H:%M:%S") if c.capture_time else MISSING),
    ]


def exposure_line(capture: CaptureInfo | None) -> str:
    """"ISO 100   95 mm   f/11   1/160 s" under the histogram, as in Lightroom."""
    if capture is None:
        return ""
    parts = [f"ISO {capture.iso}" if capture.iso else "", focal_length_text(capture.focal_length),
             aperture_text(capture.aperture), shutter_text(capture.shutter)]
    return "   ".join(p for p in parts if p and p != MISSING)


def criteria_text(criteria: dict, covered: str | None = None, exposure: str = "", focus: str = "") -> str:
    """The labelled-photo words as a phrase: "head and shoulders · facing the camera · plain
    backdrop · even light · eyes open · smiling", and a hand over the face, which makes a
    portrait of any frame (`covered`: a key of records.HAND_PLACES, or None), and soft eyes
    and an overexposed face, which no label names but no photographer delivers (`focus`,
    `exposure`: their warnings' words from core.judgement.frame_warnings, or ""; a tester
    read the line of a missed frame and saw nothing of it)."""
    parts = []
    if criteria.get("framing"):
        parts.append(criteria["framing"].replace("-", " ").replace("head shoulders", "head and shoulders"))
    if criteria.get("frontal"):
        parts.append(FRONTAL_WORDS.get(criteria["frontal"], criteria["frontal"]))
    if criteria.get("backdrop"):
        parts.append(f"{criteria['backdrop']} backdrop")
    if criteria.get("lighting"):
        parts.append(f"{criteria['lighting']} light")
    if criteria.get("eyes"):
        parts.append(EYES_WORDS.get(criteria["eyes"], f"eyes {criteria['eyes']}"))
    if focus:
        parts.append(focus)
    if criteria.get("expression"):
        parts.append(EXPRESSION_WORDS.get(criteria["expression"], criteria["expression"]))
    if covered:
        parts.append(HAND_PLACES.get(covered, "hand at the face"))
    if exposure:
        parts.append(exposure)
    return " · ".join(parts)


# ---- building blocks ----------------------------------------------------------------------

class Section(QWidget):
    """A titled, collapsible part of the panel (click the title to fold it).

    Signals: none.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QToolButton()
        self.header.setText(title)
        self.header.setCheckable(True)
        self.header.setChecked(True)
        self.header.setAutoRaise(True)
        self.header.setArrowType(Qt.ArrowType.DownArrow)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setFont(scaled_font(self.font(), 0.9, bold=True))
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.toggled.connect(self._fold)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Plain)
        rule.setForegroundRole(Role.Dark)
        self.body = QWidget()
        self.content = QVBoxLayout(self.body)
        line = QFontMetricsF(self.font()).height()
        self.content.setContentsMargins(round(line * 0.6), round(line * 0.4), round(line * 0.6), round(line * 0.8))
        self.content.setSpacing(round(line * 0.5))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(rule)
        layout.addWidget(self.body)

    def _fold(self, open_: bool) -> None:
        self.body.setVisible(open_)
        self.header.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)


def _dim_label(parent: QWidget, text: str = "", factor: float = 1.0) -> QLabel:
    """Secondary text in the placeholder grey, sized from `parent`'s font."""
    label = QLabel(text, parent)
    label.setForegroundRole(Role.PlaceholderText)
    if factor != 1.0:
        label.setFont(scaled_font(parent.font(), factor))
    return label


class SidePanel(QWidget):
    """Histogram, capture info and scores of the frame under the cursor.

    Signals: none (the panel only shows; decisions are made elsewhere).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackgroundRole(Role.Window)
        self.title = QLabel()
        self.title.setFont(scaled_font(self.font(), 1.1, bold=True))
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.histogram = HistogramView()
        self.clipping_label = _dim_label(self, factor=0.9)
        self.exposure_label = QLabel()
        self.exposure_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.capture_values: dict[str, QLabel] = {}
        self.analysing = _dim_label(self, "Analysing…")
        self.error_box = QLabel()
        self.error_box.setWordWrap(True)
        self.error_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.error_box.setAutoFillBackground(True)
        self.error_box.setBackgroundRole(Role.Base)
        self.error_box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_box.setMargin(round(QFontMetricsF(self.font()).height() * 0.5))
        self.headshot = BigScore("headshot", self)   # parented now, so they take the panel's font
        self.portrait = BigScore("portrait", self)
        self.kind_label = QLabel()
        self.kind_label.setFont(scaled_font(self.font(), 1.05, bold=True))
        self.criteria_label = _dim_label(self, factor=0.9)
        self.criteria_label.setWordWrap(True)
        self.kind_label.setToolTip(
            "What ShotKind thinks the frame is, by its composition: a headshot when it is framed "
            "chest-up, shows one person facing the camera in even light before a plain backdrop, "
            "with no hand over the face and no strong expression; a portrait otherwise; or no face. "
            "Closed eyes do not change the kind, but they lower the headshot score.")
        self.group_label = QLabel()
        self.group_label.setWordWrap(True)
        self.group_label.setToolTip("Where the frame stands among the similar frames around it (the "
                                    "same pose, seconds apart): ranked by open eyes, focus on the "
                                    "eyes, expression and headshot score")
        self.bars: list[ScoreBar] = []             # those shown, first in `_made_bars`
        self._made_bars: list[ScoreBar] = []       # every bar made so far, first in the layout
        self.reason_labels: list[QLabel] = []
        self._bars_content: tuple[list, list] | None = None
        self._build()
        self.show_frame("", None, None, None)
        self.show_group("")

    def _build(self) -> None:
        line = QFontMetricsF(self.font()).height()
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, round(line * 0.5), 0, round(line * 0.5))
        column.setSpacing(0)
        title_row = QHBoxLayout()
        title_row.setContentsMargins(round(line * 0.6), 0, round(line * 0.6), round(line * 0.4))
        title_row.addWidget(self.title)
        column.addLayout(title_row)

        histogram = Section("Histogram", content)
        histogram.content.addWidget(self.histogram)
        histogram.content.addWidget(self.exposure_label)
        histogram.content.addWidget(self.clipping_label)
        column.addWidget(histogram)

        capture = Section("Capture", content)
        grid = QGridLayout()
        grid.setHorizontalSpacing(round(line * 0.8))
        grid.setVerticalSpacing(round(line * 0.25))
        for row, (label, _) in enumerate(capture_rows(None)):
            name = _dim_label(self, label)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value = QLabel(MISSING)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.capture_values[label] = value
        grid.setColumnStretch(1, 1)
        capture.content.addLayout(grid)
        column.addWidget(capture)

        self.scores = Section("Scores", content)
        numbers = QHBoxLayout()
        numbers.setSpacing(round(line * 1.5))
        numbers.addWidget(self.headshot)
        numbers.addWidget(self.portrait)
        numbers.addStretch(1)
        self.scores.content.addWidget(self.analysing)
        self.scores.content.addWidget(self.error_box)
        self.scores.content.addLayout(numbers)
        self.scores.content.addWidget(self.kind_label)
        self.scores.content.addWidget(self.criteria_label)
        self.scores.content.addWidget(self.group_label)
        self.bar_area = QVBoxLayout()
        self.bar_area.setSpacing(round(line * 0.7))
        self.bar_area.setContentsMargins(0, round(line * 0.4), 0, 0)
        self.scores.content.addLayout(self.bar_area)
        column.addWidget(self.scores)
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def sizeHint(self) -> QSize:
        line = QFontMetricsF(self.font()).height()
        return QSize(round(line * 22), round(line * 40))

    # ---- showing a frame --------------------------------------------------------------------

    def show_frame(self, name: str, capture: CaptureInfo | None, result: FrameResult | None,
                   histogram: dict | None, loading: bool = False) -> None:
        """`loading`: the preview that brings the histogram and capture info is on its
        way (a tester read "No histogram" and dashes as a file without EXIF)."""
        self.title.setText(name)
        self.histogram.set_histogram(histogram, loading)
        if histogram:
            shadows, highlights = clipping(histogram)
            self.clipping_label.setText(f"Shadows clipped {shadows:.1%}   Highlights clipped {highlights:.1%}")
            # a tester read a saturated blue backdrop's 28% as crushed blacks
            self.clipping_label.setToolTip("Pixels with any one channel at black or at white, as the "
                                           "histogram's coloured triangles show: a saturated colour counts")
        else:
            self.clipping_label.setText("")
        self.clipping_label.setVisible(bool(histogram))
        self.exposure_label.setText(exposure_line(capture))
        self.exposure_label.setVisible(bool(self.exposure_label.text()))
        for label, value in capture_rows(capture):
            value = LOADING if loading and capture is None else value
            self.capture_values[label].setText(value)
            self.capture_values[label].setForegroundRole(Role.PlaceholderText if value in (MISSING, LOADING)
                                                         else Role.WindowText)
        self._show_scores(result if name else None, analysing=bool(name))

    def show_group(self, words: str) -> None:
        """The frame's place among its similar frames ("Best of 6 similar frames: sharpest
        eyes of 6, both open, smiling"); "" for a frame alone."""
        self.group_label.setText(words)
        self.group_label.setVisible(bool(words))

    def _show_scores(self, result: FrameResult | None, analysing: bool) -> None:
        error = result.error if result is not None else None
        scored = result is not None and not error
        self.analysing.setVisible(result is None and analysing)
        self.error_box.setVisible(bool(error))
        if error:
            self.error_box.setText(f"<b>This frame cannot be read</b><br>{error}")
        for widget in (self.headshot, self.portrait, self.kind_label, self.criteria_label):
            widget.setVisible(scored)
        if scored:
            self.headshot.set_score(result.headshot_score)
            self.portrait.set_score(result.portrait_score)
            self.kind_label.setText(KIND_WORDS.get(result.kind or "", result.kind or ""))
            warned = dict(frame_warnings(result))
            self.criteria_label.setText(criteria_text(
                result.criteria or {}, (result.measures or {}).get("covered"), warned.get("overexposed", ""),
                warned.get("focus_missed", warned.get("focus_soft", ""))))
        self._show_bars(subscores_with_reasons(result) if scored else [],
                        list(result.reasons or []) if scored else [])

    def _show_bars(self, pairs: list[tuple[str, float, str]], reasons: list[str]) -> None:
        """One bar per sub-score; a frame without a face has only reasons. The bars are
        made once and given each frame's sub-scores (hidden when fewer are needed): making
        and polishing ten bars of four labels for every frame was the largest cost of a
        step in the loupe on the GUI thread."""
        if (pairs, reasons) == self._bars_content:
            return
        self._bars_content = (pairs, reasons)
        for index, (name, value, reason) in enumerate(pairs):
            if index == len(self._made_bars):
                bar = ScoreBar(name, value, reason, self.scores.body)
                self.bar_area.insertWidget(index, bar)     # above any reason labels
                self._made_bars.append(bar)
            self._made_bars[index].show_score(name, value, reason)
            self._made_bars[index].show()
        for bar in self._made_bars[len(pairs):]:
            bar.hide()
        self.bars = self._made_bars[:len(pairs)]
        for label in self.reason_labels:
            self.bar_area.removeWidget(label)
            label.hide()
            label.deleteLater()
        self.reason_labels = []
        if not pairs:
            for reason in reasons:
                label = _dim_label(self.scores.body, reason)
                label.setWordWrap(True)
                self.bar_area.addWidget(label)
                label.show()
                self.reason_labels.append(label)
