"""Painting one grid cell: the thumbnail and its badges (flag, similar-frame group, stars,
colour label, kind with headshot score, the warnings of ui.warning_badges: closed eyes,
soft eyes, a hand over the face, an overexposed face; an error mark), all from model
roles. One delegate paints every cell; there is never a widget per photo."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from shotkind_desktop.core.decisions.decisions import PICK, REJECT
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.frame_proxy import FrameProxy
from shotkind_desktop.ui.decision_marks import LABEL_COLOURS, paint_flag_mark, star_path
from shotkind_desktop.ui.shoot_model import ShootModel, group_place
from shotkind_desktop.ui.warning_badges import BADGE_BACKGROUND, paint_badges

CELL_BACKGROUND = QColor("#3a3a3a")
CELL_SELECTED = QColor("#5a5a5a")
CELL_CURRENT_EDGE = QColor("#bdbdbd")
TEXT = QColor("#e6e6e6")
DIM_TEXT = QColor("#9a9a9a")
ERROR_COLOUR = QColor("#d9534f")
STACK_BACKGROUND = QColor(47, 111, 184, 220)   # a collapsed group: Lightroom's stack blue
KIND_TEXT = {"headshot": "Headshot", "portrait": "Portrait", "none": "No face"}
COMPACT_CELL = 130     # below this width (the filmstrip) badges shorten


class GridDelegate(QStyledItemDelegate):
    """Paints a square cell of `cell_size` logical pixels (the view sets it)."""

    def __init__(self, parent=None, cell_size: int = 180) -> None:
        super().__init__(parent)
        self.cell_size = cell_size
        self.show_names = True

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        return QSize(self.cell_size, self.cell_size)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        frame: Frame = index.data(ShootModel.FrameRole)
        if frame is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        cell = QRectF(option.rect).adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(cell, CELL_SELECTED if selected else CELL_BACKGROUND)
        label = frame.decision.label
        if label:   # Lightroom tints the cell; a band along the bottom keeps the photo neutral
            painter.fillRect(QRectF(cell.left(), cell.bottom() - 4, cell.width(), 4),
                             QColor(LABEL_COLOURS.get(label, "#888888")))
        metrics = QFontMetricsF(option.font)
        footer = metrics.height() + 6 if self.show_names and cell.height() >= 120 else 0
        picture = cell.adjusted(8, 8, -8, -8 - footer - 4)
        self._paint_thumbnail(painter, index, frame, picture)
        self._paint_flag(painter, frame, cell, metrics)
        kind_left = self._paint_kind(painter, frame, cell, option.font)
        self._paint_group(painter, index, frame, cell, metrics, option.font, kind_left)
        self._paint_stars(painter, frame, cell, picture, metrics)
        self._paint_warnings(painter, index.data(ShootModel.WarningsRole), picture, metrics)
        if footer:
            painter.setPen(DIM_TEXT if not selected else TEXT)
            name_rect = QRectF(cell.left() + 6, cell.bottom() - footer - 2, cell.width() - 12, footer)
            painter.drawText(name_rect, Qt.AlignmentFlag.AlignCenter,
                             metrics.elidedText(file_names(frame), Qt.TextElideMode.ElideMiddle,
                                                name_rect.width()))
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(CELL_CURRENT_EDGE, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(cell.adjusted(0.75, 0.75, -0.75, -0.75))
        painter.restore()

    # ---- parts ------------------------------------------------------------------------

    def _paint_thumbnail(self, painter, index, frame: Frame, area: QRectF) -> None:
        image = index.data(ShootModel.ThumbnailRole)
        error = (frame.result.error if frame.result else None) or index.data(ShootModel.ThumbnailErrorRole)
        if image is not None and not image.isNull():
            size = image.size().toSizeF().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(QPointF(0, 0), size)
            target.moveCenter(area.center())
            if frame.decision.flag == REJECT:   # rejects fade back, as in Lightroom
                painter.setOpacity(0.35)
            painter.drawImage(target, image)
            painter.setOpacity(1.0)
        elif error:
            painter.setPen(ERROR_COLOUR)
            room = area.adjusted(6, 2, -6, -19)       # the error mark sits below the words
            painter.drawText(room, WRAPPED, fitted(QFontMetricsF(painter.font()), room, error))
        if error:
            _error_mark(painter, QPointF(area.right() - 9, area.bottom() - 9))

    def _paint_flag(self, painter, frame: Frame, cell: QRectF, metrics: QFontMetricsF) -> None:
        if frame.decision.flag not in (PICK, REJECT):
            return
        size = _flag_size(metrics)
        box = QRectF(cell.left() + 5, cell.top() + 5, size, size)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BADGE_BACKGROUND)
        painter.drawRoundedRect(box, 3, 3)
        paint_flag_mark(painter, box, frame.decision.flag)

    def _paint_group(self, painter, index, frame: Frame, cell: QRectF, metrics: QFontMetricsF,
                     font, room_right: float) -> None:
        """Beside the flag: a stack and how many frames a collapsed cell stands for ("6"),
        or, expanded, the frame's place in its group ("1/6", the best brighter), as
        Lightroom marks its stacks. Where the kind badge leaves too little room (the
        filmstrip) the count goes under the flag, and the place shortens to the stack
        alone, on the best frame only."""
        keeper = index.data(ShootModel.KeeperRole)
        if keeper is None or keeper.size < 2:
            return
        stands_for = index.data(FrameProxy.StackRole)
        text = str(stands_for) if stands_for else group_place(keeper)
        badge_font = QFont(font)
        badge_font.setBold(bool(stands_for))
        badge_metrics = QFontMetricsF(badge_font)
        height = max(16.0, metrics.height() + 2)
        left = cell.left() + _flag_room(frame, metrics)
        icon = height * 0.62
        width = icon + badge_metrics.horizontalAdvance(text) + 13
        top = cell.top() + 5
        if left + width > room_right - 3:
            if stands_for:
                left, top = cell.left() + 5, top + height + 3
            elif keeper.rank == 1:
                text, width = "", icon + 8
            else:
                return
        box = QRectF(left, top, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(STACK_BACKGROUND if stands_for else BADGE_BACKGROUND)
        painter.drawRoundedRect(box, 3, 3)
        bright = bool(stands_for) or keeper.rank == 1
        _stack(painter, QRectF(box.left() + 4, box.center().y() - icon / 2, icon, icon),
               TEXT if bright else DIM_TEXT)
        if text:
            painter.setFont(badge_font)
            painter.setPen(TEXT if bright else DIM_TEXT)
            painter.drawText(box.adjusted(icon + 6, 0, -3, 0), Qt.AlignmentFlag.AlignCenter, text)
            painter.setFont(font)

    def _paint_kind(self, painter, frame: Frame, cell: QRectF, font) -> float:
        """The kind and headshot score at the top right; returns where its badge starts."""
        result = frame.result
        if result is None or result.error or result.kind is None:
            return cell.right()
        compact = cell.width() < COMPACT_CELL
        text = kind_badge(result.kind, result.headshot_score, compact=compact)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.9)
        painter.setFont(small)
        small_metrics = QFontMetricsF(small)
        width = small_metrics.horizontalAdvance(text) + 10
        box = QRectF(cell.right() - 5 - width, cell.top() + 5, width, small_metrics.height() + 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BADGE_BACKGROUND)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(TEXT if result.kind == "headshot" else DIM_TEXT)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.setFont(font)
        return box.left()

    def _paint_stars(self, painter, frame: Frame, cell: QRectF, picture: QRectF,
                     metrics: QFontMetricsF) -> None:
        rating = frame.decision.rating
        if rating <= 0:
            return
        size = max(9.0, metrics.height() * 0.7)
        top = picture.bottom() - size - 4
        width = rating * (size + 2) + 6
        box = QRectF(picture.left() + 2, top - 2, width, size + 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BADGE_BACKGROUND)
        painter.drawRoundedRect(box, 3, 3)
        painter.setBrush(TEXT)
        for n in range(rating):
            painter.drawPath(star_path(QPointF(box.left() + 3 + n * (size + 2) + size / 2, top + size / 2), size / 2))

    def _paint_warnings(self, painter, warnings, picture: QRectF, metrics: QFontMetricsF) -> None:
        """The warnings as small icons at the picture's bottom right (the cell's tooltip
        says them in words)."""
        if warnings:
            paint_badges(painter, warnings, picture.right() - 2, picture.bottom() - 2,
                         max(16.0, metrics.height() * 1.35))


def file_names(frame: Frame) -> str:
    """"IMG_0001.JPG", or "IMG_0001.JPG + CR2" for a RAW+JPEG pair."""
    if frame.raw is None:
        return frame.path.name
    return f"{frame.path.name} + {frame.raw.suffix.lstrip('.').upper()}"


def _flag_size(metrics: QFontMetricsF) -> float:
    return max(14.0, metrics.height())


def _flag_room(frame: Frame, metrics: QFontMetricsF) -> float:
    """How far from a cell's left edge the top row is free: past the flag, if it has one."""
    return 5 + (_flag_size(metrics) + 4 if frame.decision.flag in (PICK, REJECT) else 0)


def kind_badge(kind: str, headshot_score: float | None, compact: bool = False) -> str:
    """"Headshot 87", "Portrait · HS 12", "No face"; in small cells (the filmstrip) "HS 87"
    and "HS 12", the dim colour saying portrait ("P" read as a pick beside the flag), "–".
    The number is always the headshot score, so it is labelled as such unless the kind
    already says headshot."""
    if kind == "none" or headshot_score is None:
        return "–" if compact else KIND_TEXT.get(kind, kind)
    score = round(headshot_score)
    if kind == "headshot":
        return f"HS {score}" if compact else f"Headshot {score}"
    return f"HS {score}" if compact else f"{KIND_TEXT.get(kind, kind)} · HS {score}"


def _stack(painter: QPainter, box: QRectF, colour: QColor) -> None:
    """Two frames, one behind the other: a stack of similar frames."""
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(colour, max(1.0, box.width() * 0.11)))
    w, h = box.width() * 0.72, box.height() * 0.72
    painter.drawRoundedRect(QRectF(box.right() - w, box.top(), w, h), 1.5, 1.5)
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(box.left(), box.bottom() - h, w, h), 1.5, 1.5)


WRAPPED = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap


def fitted(metrics: QFontMetricsF, room: QRectF, text: str) -> str:
    """`text` word-wrapped into `room`, cut after the last whole word that fits, with "…"
    (a filmstrip tile holds a few words; the cell's tooltip has the whole message)."""
    def fits(words: str) -> bool:
        needed = metrics.boundingRect(room, WRAPPED, words)
        return needed.height() <= room.height() and needed.width() <= room.width() + 0.5

    if fits(text):
        return text
    words = text.split()
    while words:
        words.pop()
        shortened = " ".join(words).rstrip(",:;.") + "…"
        if fits(shortened):
            return shortened
    return ""


def _error_mark(painter: QPainter, centre: QPointF) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(ERROR_COLOUR)
    painter.drawEllipse(centre, 8, 8)
    painter.setPen(QPen(QColor("white"), 2))
    painter.drawLine(QPointF(centre.x(), centre.y() - 4), QPointF(centre.x(), centre.y() + 1.5))
    painter.drawPoint(QPointF(centre.x(), centre.y() + 4))
