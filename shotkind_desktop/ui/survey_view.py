"""Survey: the selected frames tiled as large as they fit, to choose among a few.

Like Lightroom's survey view, the frames share the space so that the photos come out as
large as possible: every column count is tried and the one giving the most photo area
wins, so three portrait frames sit in a row and six landscape frames in a grid. One
widget paints all tiles (no widget per photo), from pixmaps scaled once per layout.
Each photo carries its decision and, at its top right, the small × that takes it out of
the survey (Lightroom's "deselect photo" mark); which frames are surveyed is the
workspace's business.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from shotkind_desktop.ui.compare_view import paint_caption
from shotkind_desktop.ui.decision_marks import paint_decision_chip
from shotkind_desktop.ui.loupe_view import FrameView
from shotkind_desktop.ui.overlays import CHIP, paint_message
from shotkind_desktop.ui.theme import Role
from shotkind_desktop.ui.warning_badges import paint_badges


def survey_layout(sizes: list[tuple[int, int]], area: QRectF, gap: float,
                  caption: float) -> list[QRectF]:
    """One cell per frame, in order, in the column count that shows the most photo area;
    an incomplete last row is centred."""
    count = len(sizes)
    if count == 0 or area.width() <= 0 or area.height() <= 0:
        return []
    best: tuple[float, int] = (-1.0, 1)
    for cols in range(1, count + 1):
        rows = math.ceil(count / cols)
        cell_w = (area.width() - gap * (cols - 1)) / cols
        cell_h = (area.height() - gap * (rows - 1)) / rows - caption
        if cell_w <= 0 or cell_h <= 0:
            continue
        shown = sum(min(cell_w / w, cell_h / h) ** 2 * w * h for w, h in sizes)
        if shown > best[0]:
            best = (shown, cols)
    cols = best[1]
    rows = math.ceil(count / cols)
    cell_w = (area.width() - gap * (cols - 1)) / cols
    cell_h = (area.height() - gap * (rows - 1)) / rows
    cells = []
    for index in range(count):
        row, col = divmod(index, cols)
        in_row = min(cols, count - row * cols)
        indent = (cols - in_row) * (cell_w + gap) / 2
        cells.append(QRectF(area.left() + indent + col * (cell_w + gap),
                            area.top() + row * (cell_h + gap), cell_w, cell_h))
    return cells


def image_layout(cells: list[QRectF], sizes: list[tuple[int, int]], caption: float,
                 pad: float) -> list[QRectF]:
    """Where each photo sits in its cell: as large as fits, centred across; the photos of a
    row stand on one line just above their captions, and the row is centred in height."""
    rects = []
    for cell, (w, h) in zip(cells, sizes):
        room = cell.adjusted(pad, pad, -pad, -pad - caption)
        scale = min(room.width() / w, room.height() / h) if room.width() > 0 and room.height() > 0 else 0
        rect = QRectF(0, 0, w * scale, h * scale)
        rect.moveLeft(room.center().x() - rect.width() / 2)
        rects.append(rect)
    rows: dict[float, list[int]] = {}
    for index, cell in enumerate(cells):
        rows.setdefault(round(cell.top(), 3), []).append(index)
    for members in rows.values():
        tallest = max(rects[i].height() for i in members)
        cell = cells[members[0]]
        baseline = cell.top() + (cell.height() - tallest - caption) / 2 + tallest
        for i in members:
            rects[i].moveBottom(baseline)
    return rects


class SurveyView(QWidget):
    """The selected frames side by side; the active one outlined.

    Signals:
        frame_clicked(str name): the photographer clicked a frame's tile.
        frame_removed(str name): the photographer clicked a frame's ×.
    """

    frame_clicked = Signal(str)
    frame_removed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMouseTracking(True)          # the × under the mouse lights up
        self._hover: str | None = None
        self._frames: list[FrameView] = []
        self._pixmaps: dict[str, QPixmap | None] = {}
        self._scaled: dict[str, tuple[tuple, QPixmap]] = {}
        self._keys: dict[str, int | None] = {}        # QImage.cacheKey of each frame's image
        self.active: str | None = None

    def show_frames(self, frames: list[FrameView], active: str | None) -> None:
        """Tile `frames`; a frame shown again with the same image keeps its scaled pixmap,
        so refreshing captions after a rating costs no rescaling."""
        old_keys, self._keys = self._keys, {}
        pixmaps = {}
        for frame in frames:
            usable = frame.image is not None and not frame.image.isNull()
            key = frame.image.cacheKey() if usable else None
            self._keys[frame.name] = key
            if key is not None and old_keys.get(frame.name) == key:
                pixmaps[frame.name] = self._pixmaps[frame.name]
            else:
                pixmaps[frame.name] = QPixmap.fromImage(frame.image) if usable else None
                self._scaled.pop(frame.name, None)
        self._frames, self._pixmaps = list(frames), pixmaps
        self._scaled = {name: cached for name, cached in self._scaled.items() if name in pixmaps}
        self.active = active
        self.update()

    def set_active(self, name: str | None) -> None:
        self.active = name
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(900, 600)

    # ---- geometry --------------------------------------------------------------------------

    def _metrics(self) -> tuple[float, float, float]:
        """Gap between cells, caption height, padding inside a cell: all from the font."""
        line = QFontMetricsF(self.font()).height()
        return line * 0.6, line * 1.8, line * 0.5

    def tile_rects(self) -> dict[str, QRectF]:
        """Each frame's cell (photo and caption), by name."""
        gap, caption, pad = self._metrics()
        area = QRectF(self.rect()).adjusted(gap, gap, -gap, -gap)
        sizes = [f.full_size for f in self._frames]
        cells = survey_layout(sizes, area, gap, caption + 2 * pad)
        return {f.name: cell for f, cell in zip(self._frames, cells)}

    def image_rects(self) -> dict[str, QRectF]:
        """Where each frame's photo is drawn, by name."""
        _, caption, pad = self._metrics()
        cells = list(self.tile_rects().values())
        rects = image_layout(cells, [f.full_size for f in self._frames], caption, pad)
        return {f.name: rect for f, rect in zip(self._frames, rects)}

    def remove_rects(self) -> dict[str, QRectF]:
        """Where each frame's × sits: inside its photo's top right corner."""
        side = QFontMetricsF(self.font()).height() * 1.2
        inset = side * 0.3
        return {name: QRectF(rect.right() - inset - side, rect.top() + inset, side, side)
                for name, rect in self.image_rects().items()}

    def frame_at(self, pos: QPointF) -> str | None:
        for name, cell in self.tile_rects().items():
            if cell.contains(pos):
                return name
        return None

    # ---- painting and clicks ---------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(Role.Base))
        if not self._frames:
            paint_message(painter, QRectF(self.rect()), "Select two or more frames to survey them",
                          palette.color(Role.PlaceholderText))
            return
        _, caption, pad = self._metrics()
        images = self.image_rects()
        metrics = QFontMetricsF(self.font())
        for frame, cell in zip(self._frames, self.tile_rects().values()):
            active = frame.name == self.active
            image_rect = images[frame.name]
            text_width = metrics.horizontalAdvance(frame.caption or frame.name) + 3 * pad
            width = min(max(text_width, image_rect.width() + 2 * pad), cell.width())
            caption_rect = QRectF(image_rect.center().x() - width / 2, image_rect.bottom() + pad * 0.2,
                                  width, caption)
            if active:   # a lighter card behind the photo and its caption
                card = image_rect.adjusted(-pad, -pad, pad, 0).united(caption_rect)
                painter.setPen(QPen(palette.color(Role.Light), 1))
                painter.setBrush(palette.color(Role.Window))
                painter.drawRect(card.adjusted(0.5, 0.5, -0.5, -0.5))
            pixmap = self._tile_pixmap(frame.name, image_rect)
            if pixmap is not None:
                painter.drawPixmap(image_rect.topLeft(), pixmap)
            else:
                painter.fillRect(image_rect, palette.color(Role.Dark))
                paint_message(painter, image_rect, frame.message or "Loading…",
                              palette.color(Role.PlaceholderText))
            if active:
                painter.setPen(QPen(palette.color(Role.BrightText), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(image_rect.adjusted(-2, -2, 2, 2))
            paint_caption(painter, caption_rect, "", frame.caption or frame.name, palette, centred=True)
            if pixmap is not None:
                line = metrics.height()
                paint_decision_chip(painter, image_rect.bottomLeft() + QPointF(line * 0.5, -line * 0.5),
                                    frame.decision)
                if frame.warnings:     # as in the grid and the loupe: which tile blinked or is soft
                    painter.save()
                    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                    paint_badges(painter, frame.warnings, image_rect.right() - 6, image_rect.bottom() - 6,
                                 max(18.0, line * 1.5))
                    painter.restore()
        for name, box in self.remove_rects().items():
            _paint_remove_mark(painter, box, lit=name == self._hover)

    def _tile_pixmap(self, name: str, rect: QRectF) -> QPixmap | None:
        source = self._pixmaps.get(name)
        if source is None or rect.isEmpty():
            return None
        dpr = self.devicePixelRatioF()
        size = QSize(max(1, round(rect.width() * dpr)), max(1, round(rect.height() * dpr)))
        key = (source.cacheKey(), size.width(), size.height())
        cached = self._scaled.get(name)
        if cached is None or cached[0] != key:
            scaled = source.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
            scaled.setDevicePixelRatio(dpr)
            cached = self._scaled[name] = (key, scaled)
        return cached[1]

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        removed = self._remove_mark_at(event.position())
        if removed is not None:
            self.frame_removed.emit(removed)
            return
        name = self.frame_at(event.position())
        if name is None:
            return super().mousePressEvent(event)
        self.set_active(name)
        self.frame_clicked.emit(name)

    def mouseMoveEvent(self, event) -> None:
        hover = self._remove_mark_at(event.position())
        if hover != self._hover:
            self._hover = hover
            self.setToolTip("Take this frame out of the survey (/)" if hover else "")
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def _remove_mark_at(self, pos: QPointF) -> str | None:
        for name, box in self.remove_rects().items():
            if box.adjusted(-3, -3, 3, 3).contains(pos):    # a little more than it shows
                return name
        return None


def _paint_remove_mark(painter: QPainter, box: QRectF, lit: bool) -> None:
    """A small × on a dark disc: quiet until the mouse is on it."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 230) if lit else CHIP)
    painter.drawEllipse(box)
    painter.setPen(QPen(QColor(255, 255, 255, 255 if lit else 170), max(1.5, box.width() * 0.09)))
    inner = box.adjusted(box.width() * 0.32, box.height() * 0.32, -box.width() * 0.32, -box.height() * 0.32)
    painter.drawLine(inner.topLeft(), inner.bottomRight())
    painter.drawLine(inner.topRight(), inner.bottomLeft())
    painter.restore()
