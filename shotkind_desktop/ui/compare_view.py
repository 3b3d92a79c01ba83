"""Compare: two frames side by side, the select on the left and a candidate on the right.

As in Lightroom's compare view, zoom and pan are linked: looking at the eyes at 100% on
one side shows the same spot of the other, so two near-identical frames of a burst can be
judged for focus and expression. The link maps the same relative spot of each frame at the
same magnification, so frames of different sizes still line up.

One side is active (outlined, its caption lit): decisions go to it alone, and the side
panel describes it. A click on a side makes it active, and so do the arrows for the
candidate they step (the workspace's doing); the Make Select button (the Up arrow) and Swap are under the
candidate, where Lightroom has them. Which frames are shown is the workspace's business.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from shotkind_desktop.ui.loupe_view import FrameView, LoupeView
from shotkind_desktop.ui.overlays import OverlaySet
from shotkind_desktop.ui.theme import Role


class CaptionBar(QWidget):
    """One line under a frame: its role ("SELECT") then its caption, elided to fit; lit
    while its side is the active one. Signals: none."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.caption = ""
        self.active = False

    def set_active(self, active: bool) -> None:
        self.active = active
        self.update()

    def set_caption(self, caption: str) -> None:
        self.caption = caption
        self.setToolTip(caption)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(200, round(QFontMetricsF(self.font()).height() * 1.9))

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.sizeHint().height())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        if self.active:
            painter.fillRect(self.rect(), self.palette().color(Role.Light))
        paint_caption(painter, QRectF(self.rect()), self.role, self.caption, self.palette(),
                      lit=self.active)


def paint_caption(painter: QPainter, rect: QRectF, role: str, caption: str, palette,
                  centred: bool = False, lit: bool = False) -> None:
    """Role in small dim capitals (bright when `lit`), then the caption in the text
    colour, elided to fit."""
    metrics = QFontMetricsF(painter.font())
    pad = metrics.height() * 0.6
    x = rect.left() + pad
    if role:
        font = painter.font()
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        small.setBold(True)
        painter.save()
        painter.setFont(small)
        painter.setPen(palette.color(Role.BrightText if lit else Role.PlaceholderText))
        role_text = role.upper()
        painter.drawText(QRectF(x, rect.top(), rect.width(), rect.height()),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, role_text)
        x += QFontMetricsF(small).horizontalAdvance(role_text) + pad
        painter.restore()
    painter.setPen(palette.color(Role.WindowText))
    width = max(0.0, rect.right() - pad - x)
    horizontal = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
    painter.drawText(QRectF(x, rect.top(), width, rect.height()), Qt.AlignmentFlag.AlignVCenter | horizontal,
                     metrics.elidedText(caption, Qt.TextElideMode.ElideMiddle, width))


class CompareView(QWidget):
    """Select (left) and candidate (right) loupes with linked zoom and pan.

    Signals:
        guide_adjusted(str frame_name, str ratio, object CropGuide): a guide was dragged
            on one of the two frames.
        side_activated(str side): "select" or "candidate" became active by a click on it.
        make_select_clicked(): the Make Select button: the candidate is to be the select.
        swap_clicked(): the Swap button: select and candidate are to change places.
    """

    guide_adjusted = Signal(str, str, object)
    side_activated = Signal(str)
    make_select_clicked = Signal()
    swap_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left = LoupeView()
        self.right = LoupeView()
        self.left_caption = CaptionBar("Select")
        self.right_caption = CaptionBar("Candidate")
        self.swap_button = _button("Swap \u2193", "Select and candidate change places (Down arrow)")
        self.make_select_button = _button("Make Select \u2191", "The candidate becomes the select (Up arrow)")
        self.swap_button.clicked.connect(self.swap_clicked)
        self.make_select_button.clicked.connect(self.make_select_clicked)
        self.active = "select"
        self._names = {self.left: "", self.right: ""}
        self._linking = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        spacing = round(QFontMetricsF(self.font()).height() * 0.3)
        layout.setSpacing(spacing)
        for loupe, caption in ((self.left, self.left_caption), (self.right, self.right_caption)):
            column = QVBoxLayout()
            column.setSpacing(0)
            column.addWidget(loupe, 1)
            row = QHBoxLayout()
            row.setSpacing(0)
            row.addWidget(caption, 1)
            if caption is self.right_caption:
                row.addWidget(self.swap_button)
                row.addWidget(self.make_select_button)
            column.addLayout(row)
            layout.addLayout(column, 1)
            loupe.zoom_changed.connect(lambda scale, centre, source=loupe: self._follow(source))
            loupe.guide_adjusted.connect(
                lambda ratio, guide, source=loupe: self.guide_adjusted.emit(self._names[source], ratio, guide))
        self._sides = {self.left: "select", self.left_caption: "select",
                       self.right: "candidate", self.right_caption: "candidate"}
        for widget in self._sides:
            widget.installEventFilter(self)
        self.set_active("select")

    def set_active(self, side: str) -> None:
        """Outline `side` ("select" or "candidate") and light its caption."""
        self.active = side
        for loupe, caption, name in ((self.left, self.left_caption, "select"),
                                     (self.right, self.right_caption, "candidate")):
            loupe.outlined = name == side
            loupe.update()
            caption.set_active(name == side)

    def active_loupe(self) -> LoupeView:
        return self.left if self.active == "select" else self.right

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A press on a side makes it active, and goes on to do what it does there
        (zoom, pan, drag a guide), as in Lightroom."""
        if event.type() == QEvent.Type.MouseButtonPress and watched in self._sides:
            side = self._sides[watched]
            if side != self.active:
                self.set_active(side)
                self.side_activated.emit(side)
        return False

    def show_frames(self, left: FrameView, right: FrameView) -> None:
        """Each side keeps its zoom and moves to its own main face; the link then follows
        whatever the photographer does next."""
        self._linking = True
        try:
            for loupe, caption, frame in ((self.left, self.left_caption, left),
                                          (self.right, self.right_caption, right)):
                self._names[loupe] = frame.name
                loupe.show_view(frame)
                caption.set_caption(frame.caption or frame.name)
        finally:
            self._linking = False

    def set_full_image(self, name: str, image) -> None:
        """A sharper image for whichever side shows `name`."""
        for loupe, shown in self._names.items():
            if shown == name:
                loupe.set_full_image(image)

    def set_overlays(self, overlays: OverlaySet) -> None:
        self.left.set_overlays(overlays)
        self.right.set_overlays(overlays)

    def toggle_zoom(self) -> None:
        """Fit <-> 100% on the active side, between its frame's eyes; the other follows."""
        self.active_loupe().toggle_zoom()

    def _follow(self, source: LoupeView) -> None:
        if self._linking:
            return
        other = self.right if source is self.left else self.left
        self._linking = True
        try:
            if source.is_fitted():
                other.fit()
            else:
                (sw, sh), (ow, oh) = source.full_size(), other.full_size()
                centre = source.centre()
                other.set_view(source.scale(), QPointF(centre.x() / sw * ow, centre.y() / sh * oh))
        finally:
            self._linking = False


def _button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)     # keys stay with the window's actions
    button.setAutoRaise(True)
    return button
