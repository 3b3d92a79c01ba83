"""The small amber icons that say a frame needs a look before it is delivered: eyes
closed, eyes out of focus, a hand over the face, the face overexposed. The grid, the
filmstrip and the loupe paint the same icons from the same list
(core.judgement.frame_warnings), so a warning looks alike wherever it is seen; its words are
in tooltips and in the side panel."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

WARNING_COLOUR = QColor("#e0a43a")   # amber: the frame needs a look, it is not broken
BADGE_BACKGROUND = QColor(20, 20, 20, 190)
SLIGHT = 0.6                         # opacity of a milder warning's icon (eyes slightly soft)
REJECTS = ("eyes", "focus_missed")   # never delivered as they are: ringed, so a missed focus
                                     # reads apart from a slightly soft one without the tooltip


def paint_badges(painter: QPainter, warnings, right: float, bottom: float, size: float) -> QRectF:
    """Each warning's icon in a dark rounded square `size` across, laid right to left
    from (`right`, `bottom`); returns the rectangle they cover."""
    covered = QRectF()
    for key, _ in reversed(warnings):
        box = QRectF(right - size, bottom - size, size, size)
        right = box.left() - 3
        covered = covered.united(box)
        painter.setPen(QPen(WARNING_COLOUR, max(1.0, size * 0.07)) if key in REJECTS else Qt.PenStyle.NoPen)
        painter.setBrush(BADGE_BACKGROUND)
        painter.drawRoundedRect(box, 3, 3)
        inner = box.adjusted(size * 0.17, size * 0.17, -size * 0.17, -size * 0.17)
        painter.save()
        if key == "focus_soft":
            painter.setOpacity(SLIGHT)
        _icon(key)(painter, inner)
        painter.restore()
    return covered


def badge_icon(key: str, size: int = 32) -> QIcon:
    """A warning's icon alone (no dark square), for the filter bar's toggle buttons."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRectF(0, 0, size, size).adjusted(size * 0.08, size * 0.08, -size * 0.08, -size * 0.08)
    _icon(key)(painter, box)
    painter.end()
    return QIcon(pixmap)


def _icon(key: str):
    """The function that draws a warning's icon; "focus_missed" and "focus_soft" share one."""
    return {"eyes": closed_eye, "hand": hand, "overexposed": zebra_stripes}.get(key, soft_eye)


def closed_eye(painter: QPainter, box: QRectF) -> None:
    """A shut eyelid (a shallow curve bowing down) with three short lashes below it."""
    pen = QPen(WARNING_COLOUR, max(1.3, box.width() * 0.1))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    top, depth = box.top() + box.height() * 0.3, box.height() * 0.22
    lid = QPainterPath(QPointF(box.left(), top))
    lid.quadTo(QPointF(box.center().x(), top + 2 * depth), QPointF(box.right(), top))
    painter.drawPath(lid)
    for t, dx in ((0.22, -0.1), (0.5, 0.0), (0.78, 0.1)):
        start = lid.pointAtPercent(t)
        painter.drawLine(start, QPointF(start.x() + dx * box.width(), start.y() + box.height() * 0.22))


def soft_eye(painter: QPainter, box: QRectF) -> None:
    """An open eye whose iris is doubled sideways, as a soft eye looks at 100%."""
    pen = QPen(WARNING_COLOUR, max(1.3, box.width() * 0.1))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    middle, half = box.center().y(), box.height() * 0.34
    outline = QPainterPath(QPointF(box.left(), middle))
    outline.quadTo(QPointF(box.center().x(), middle - 2 * half), QPointF(box.right(), middle))
    outline.quadTo(QPointF(box.center().x(), middle + 2 * half), QPointF(box.left(), middle))
    painter.drawPath(outline)
    radius = box.height() * 0.2
    painter.setPen(Qt.PenStyle.NoPen)
    for dx, alpha in ((-0.14, 0.45), (0.14, 0.45), (0.0, 1.0)):
        colour = QColor(WARNING_COLOUR)
        colour.setAlphaF(alpha)
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(box.center().x() + dx * box.width(), middle), radius, radius)


def hand(painter: QPainter, box: QRectF) -> None:
    """An open hand: a palm, four fingers and a thumb."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(WARNING_COLOUR)
    w, h = box.width(), box.height()
    finger = w * 0.15
    painter.drawRoundedRect(QRectF(box.left() + w * 0.2, box.top() + h * 0.45, w * 0.66, h * 0.55),
                            w * 0.18, w * 0.18)
    for n, length in enumerate((0.55, 0.68, 0.62, 0.48)):
        x = box.left() + w * 0.2 + n * (finger + w * 0.02)
        painter.drawRoundedRect(QRectF(x, box.top() + h * (0.68 - length), finger, h * length),
                                finger / 2, finger / 2)
    thumb = QPainterPath()
    thumb.addRoundedRect(QRectF(-finger / 2, -h * 0.2, finger, h * 0.4), finger / 2, finger / 2)
    painter.save()
    painter.translate(box.left() + w * 0.16, box.top() + h * 0.62)
    painter.rotate(-40)
    painter.drawPath(thumb)
    painter.restore()


def zebra_stripes(painter: QPainter, box: QRectF) -> None:
    """A frame filled with diagonal stripes: the zebras a camera draws over blown-out
    areas. Three stripes, so they stay apart at 14 px; a little inside the box, as a
    square looks bigger than an eye or a hand of the same width."""
    box = box.adjusted(box.width() * 0.06, box.height() * 0.06, -box.width() * 0.06, -box.height() * 0.06)
    pen = QPen(WARNING_COLOUR, max(1.3, box.width() * 0.1))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = pen.widthF() / 2
    frame = box.adjusted(inset, inset, -inset, -inset)
    radius = box.width() * 0.12
    painter.drawRoundedRect(frame, radius, radius)
    inside = QPainterPath()
    inside.addRoundedRect(frame, radius, radius)
    painter.save()
    painter.setClipPath(inside, Qt.ClipOperation.IntersectClip)   # within any clip of the caller's
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(WARNING_COLOUR)
    w = box.width()
    period = w * 0.42
    stripe = period / 2
    for n in range(-2, 3):               # the middle one on the diagonal, the outer ones corners
        left = box.left() + n * period - stripe / 2
        band = QPainterPath(QPointF(left, box.bottom()))
        band.lineTo(QPointF(left + stripe, box.bottom()))
        band.lineTo(QPointF(left + stripe + w, box.top()))
        band.lineTo(QPointF(left + w, box.top()))
        band.closeSubpath()
        painter.drawPath(band)
    painter.restore()
