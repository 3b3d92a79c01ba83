"""How the side panel shows ShotKind's judgement: the two scores as big numbers and each
sub-score as a quiet grey bar with its plain-language reason.

Bars are light grey on dark, not red-amber-green: a traffic light would tell the
photographer what to think before they look, and colour near a photo skews its colours.
Each score carries a tooltip saying what it measures, so every number can be traced.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from shotkind_desktop.core.judgement.parameters import PARAMETERS
from shotkind_desktop.ui.theme import Role

# The order the bars are shown in, so that a short panel shows the ones culling turns on
# without a scroll: first what changes from frame to frame within a pose and decides a
# reject there (focus on the eyes, a blink, the expression, the gaze, a hand), then the
# pose (where the face points), then what the setup fixes for the whole pose and is the
# same on every frame of it (light, highlights, backdrop, framing, people).
SUBSCORE_NAMES = {"sharpness": "Focus", "eyes": "Eyes", "expression": "Expression", "gaze": "Gaze",
                  "covered": "Hands", "facing": "Facing", "lighting": "Lighting",
                  "highlights": "Face highlights", "backdrop": "Backdrop", "framing": "Framing",
                  "people": "People"}

SCORE_HELP = {
    "headshot": "Headshot score, 0–100: how well the frame works as a headshot for a client's "
                "website or LinkedIn. Every requirement must hold: chest-up framing, one person "
                "facing the camera, even light, a plain backdrop, nothing over the face and sharp "
                "focus; among the frames that pass, open eyes looking at the lens, a pleasant "
                "expression and crisp focus score higher. Closed eyes keep the score low.",
    "portrait": "Portrait score, 0–100: how good a portrait the frame is whatever its framing: "
                "a sharp, well exposed, visible person.",
    "framing": "How much of the person the frame shows, from the face height and the body "
               "visible below the chin. A headshot is chest or shoulders up.",
    "people": "How many faces are large enough to count as subjects. A headshot shows one person.",
    "facing": "Where the face points (turn, tilt, chin up or down), estimated from the face mesh. "
              f"A headshot looks toward the camera: turned at most {PARAMETERS.yaw_limit:.0f}°, and at "
              f"most {PARAMETERS.away_limit:g}° from the lens with a raised or lowered chin counted in.",
    "eyes": "Whether the eyes are open, from the eyelids in the face mesh. A photographer never "
            "delivers a blink; a laughing squint with the eyes still visible is open.",
    "gaze": "Where the eyes look: the iris within each eye. A headshot looks at the lens.",
    "expression": "The mouth and the lids: neutral, smiling, laughing, or a strong expression "
                  "(the mouth open without a smile, talking or shouting; or eyes so wide that white "
                  "shows above the irises, surprise or fear), which makes a portrait.",
    "covered": "Hands at the face (over the mouth or an eye, on a cheek, beside the face or in "
               "the hair): a hand at the face makes a portrait, not a headshot.",
    "lighting": "How even and flattering the light on the face is: the difference between the two "
                "halves of the face in stops, shadow depth, and a face lost in darkness.",
    "highlights": "Burnt-out skin: the share of the face with two colour channels at the top of the "
                  "range, where skin loses its colour as well as its tone. Past "
                  f"{PARAMETERS.clipped_limit:.1%} the frame is overexposed: still a headshot, but not "
                  "one to deliver as it is.",
    "backdrop": "How plain the background is: edges and texture, and the soft shapes of a room "
                "thrown out of focus, where colour changes fast (the person, hair included, is "
                "left out).",
    "sharpness": "Focus on the eyes as 100% shows it, read on the file's own pixels with the eye "
                 "128 pixels across: sharp, slightly soft (a 2-pixel blur on a 24 MP headshot's eye) "
                 "or missed (5 pixels), and where the focus went instead; the sharper eye counts. "
                 "Missed focus fails a headshot as a blink does: a soft headshot is a reject whatever "
                 "else it does well. Where the eyes are closed or hidden, the whole face's focus.",
}

KIND_WORDS = {"headshot": "Headshot", "portrait": "Portrait", "none": "No face"}


def scaled_font(font: QFont, factor: float, bold: bool = False) -> QFont:
    """The widget's font, larger or smaller (never a fixed pixel size)."""
    result = QFont(font)
    result.setPointSizeF(font.pointSizeF() * factor)
    result.setBold(bold)
    return result


class Bar(QWidget):
    """A thin horizontal bar filled to `value` (0..1).

    Signals: none.
    """

    def __init__(self, value: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = 0.0
        self.set_value(value)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_value(self, value: float) -> None:
        value = max(0.0, min(1.0, float(value)))
        if value != self.value:
            self.value = value
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(120, max(4, round(QFontMetricsF(self.font()).height() * 0.35)))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        track = QRectF(self.rect())
        radius = track.height() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(Role.Dark))
        painter.drawRoundedRect(track, radius, radius)
        if self.value > 0:
            fill = QRectF(track.left(), track.top(), max(track.height(), track.width() * self.value),
                          track.height())
            painter.setBrush(self.palette().color(Role.Text).darker(115))
            painter.drawRoundedRect(fill, radius, radius)


class ScoreBar(QWidget):
    """One sub-score: its name and value, the bar, and the reason beneath.

    Signals: none.
    """

    def __init__(self, name: str, value: float, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = ""
        self.title = QLabel()
        self.number = QLabel()
        self.number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.bar = Bar(value)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setFont(scaled_font(self.font(), 0.9))
        self.reason.setForegroundRole(Role.PlaceholderText)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(0)
        layout.setVerticalSpacing(round(QFontMetricsF(self.font()).height() * 0.2))
        layout.addWidget(self.title, 0, 0)
        layout.addWidget(self.number, 0, 1)
        layout.addWidget(self.bar, 1, 0, 1, 2)
        layout.addWidget(self.reason, 2, 0, 1, 2)
        self.show_score(name, value, reason)

    def show_score(self, name: str, value: float, reason: str) -> None:
        """Another frame's sub-score in this bar: the widgets stay (making them anew for
        every frame shown cost a loupe step 10-20 ms on the GUI thread)."""
        if name != self.name:
            self.name = name
            self.title.setText(SUBSCORE_NAMES.get(name, name.replace("_", " ").capitalize()))
            self.setToolTip(SCORE_HELP.get(name, ""))
        self.number.setText(f"{value:.2f}")
        self.reason.setText(reason)
        self.bar.set_value(value)

    @property
    def value(self) -> float:
        return self.bar.value


class BigScore(QWidget):
    """A score as a big number with its name above, e.g. "HEADSHOT  87".

    Signals: none.
    """

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.caption = QLabel(key.upper())
        self.caption.setFont(scaled_font(self.font(), 0.8, bold=True))
        self.caption.setForegroundRole(Role.PlaceholderText)
        self.number = QLabel("–")
        self.number.setFont(scaled_font(self.font(), 2.4))
        self.setToolTip(SCORE_HELP[key])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.number)

    def set_score(self, score: float | None) -> None:
        self.number.setText("–" if score is None else f"{score:.0f}")


def subscores_with_reasons(result) -> list[tuple[str, float, str]]:
    """(name, value 0..1, reason) for each sub-score of a FrameResult, in the order of
    SUBSCORE_NAMES (a sub-score the panel does not know yet goes last)."""
    measures = result.measures or {}
    reasons = measures.get("subscore_reasons") or {}
    subscores = measures.get("subscores") or {}
    order = {name: rank for rank, name in enumerate(SUBSCORE_NAMES)}
    names = sorted(subscores, key=lambda name: order.get(name, len(order)))
    rows = [(name, float(subscores[name]), reasons.get(name, "")) for name in names]
    return rows
