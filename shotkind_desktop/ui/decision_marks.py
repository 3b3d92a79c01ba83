"""The marks of a decision, drawn the same in the grid, the filmstrip and on the photo in
the loupe and compare: the pick flag, the reject cross, stars, and the colour label.

On the photo they sit on one small dark chip, like Lightroom's loupe info: readable on a
white backdrop and on a black one, and absent while nothing is decided, so an undecided
frame is shown as clean as it is."""

from __future__ import annotations

from math import cos, pi, sin

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision

# Lightroom's label colours, muted a little: they mark cells, they must not glow.
LABEL_COLOURS = {"Red": "#c0392b", "Yellow": "#c9a800", "Green": "#3c9a3c",
                 "Blue": "#2f6fb8", "Purple": "#8e44ad"}
MARK_TEXT = QColor("#e6e6e6")
REJECT_COLOUR = QColor("#d9534f")
CHIP = QColor(20, 20, 20, 200)


def star_path(centre: QPointF, radius: float) -> QPainterPath:
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -pi / 2 + i * pi / 5
        points.append(QPointF(centre.x() + r * cos(angle), centre.y() + r * sin(angle)))
    path = QPainterPath()
    path.addPolygon(QPolygonF(points))
    path.closeSubpath()
    return path


def paint_flag_mark(painter: QPainter, box: QRectF, flag: int) -> None:
    """A pennant on a pole for a pick, a red cross for a reject, inside `box`."""
    size = box.width()
    inner = box.adjusted(size * 0.25, size * 0.2, -size * 0.25, -size * 0.2)
    if flag == PICK:
        painter.setPen(QPen(MARK_TEXT, 1.6))
        painter.drawLine(inner.topLeft(), inner.bottomLeft())
        pennant = QPolygonF([inner.topLeft(), QPointF(inner.right(), inner.top() + inner.height() * 0.28),
                             QPointF(inner.left(), inner.top() + inner.height() * 0.56)])
        painter.setBrush(MARK_TEXT)
        painter.drawPolygon(pennant)
    elif flag == REJECT:
        painter.setPen(QPen(REJECT_COLOUR, 2))
        painter.drawLine(inner.topLeft(), inner.bottomRight())
        painter.drawLine(inner.topRight(), inner.bottomLeft())


def decision_chip_size(metrics: QFontMetricsF, decision: Decision) -> tuple[float, float]:
    """Width and height of the chip `paint_decision_chip` draws; (0, 0) when undecided."""
    unit = metrics.height()
    flag, stars, label = decision.flag in (PICK, REJECT), decision.rating > 0, decision.label is not None
    if not (flag or stars or label):
        return 0.0, 0.0
    width = unit * 0.35
    width += unit * 1.05 if flag else 0
    width += decision.rating * unit * 0.8 + unit * 0.2 if stars else 0
    width += unit * 0.95 if label else 0
    return width, unit * 1.3


def paint_decision_chip(painter: QPainter, anchor: QPointF, decision: Decision) -> QRectF:
    """Flag, stars and colour label on one chip whose bottom-left corner is `anchor`;
    nothing (an empty rect) for an undecided frame."""
    metrics = QFontMetricsF(painter.font())
    width, height = decision_chip_size(metrics, decision)
    if not width:
        return QRectF()
    unit = metrics.height()
    chip = QRectF(anchor.x(), anchor.y() - height, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(CHIP)
    painter.drawRoundedRect(chip, unit * 0.25, unit * 0.25)
    x = chip.left() + unit * 0.2
    middle = chip.center().y()
    if decision.flag in (PICK, REJECT):
        paint_flag_mark(painter, QRectF(x, middle - unit * 0.5, unit, unit), decision.flag)
        x += unit * 1.05
    if decision.rating:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(MARK_TEXT)
        radius = unit * 0.36
        for n in range(decision.rating):
            painter.drawPath(star_path(QPointF(x + radius + n * unit * 0.8, middle), radius))
        x += decision.rating * unit * 0.8 + unit * 0.2
    if decision.label is not None:
        painter.setPen(QPen(QColor(0, 0, 0, 160), 1))
        painter.setBrush(QColor(LABEL_COLOURS.get(decision.label, "#888888")))
        side = unit * 0.7
        painter.drawRoundedRect(QRectF(x, middle - side / 2, side, side), side * 0.2, side * 0.2)
    painter.restore()
    return chip
