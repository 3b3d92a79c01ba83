"""The face close-ups: a strip under the loupe with every face of the frame (each eye of a
single sitter) at 100%, so focus and blinks are judged without zooming, as in Narrative
Select or Aftershoot's face panel.

100% is one frame pixel on one device pixel, as in the loupe. One widget paints every
tile from the worker's small cuts; each tile is centred on its spot and says what the
analysis found about those eyes. A click zooms the loupe to 100% on the point clicked.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from shotkind_desktop.core.judgement.closeups import CloseupSpot
from shotkind_desktop.ui.closeup_loader import Closeup, FrameCloseups
from shotkind_desktop.ui.overlays import paint_message
from shotkind_desktop.ui.theme import Role

TILE_LINES = 9          # tile height in text lines: an eye and its lids at 100%
MAX_TILE_WIDTH = 320    # logical pixels; CLOSEUP_SIZE cuts enough for this at 150%
CLOSED_COLOUR = QColor("#e0a43a")    # the grid's warning amber: a blink needs a look
EYE_WORDS = {"open": "open", "closed": "closed", "hidden": "cannot be seen", "": ""}


def spot_caption(spot: CloseupSpot) -> str:
    """"Right eye · open", "Face 2 · eyes closed", "Face 1": what a tile is and what the
    analysis says of its eyes (measured on the main face only)."""
    words = EYE_WORDS.get(spot.eyes, spot.eyes)
    if not words:
        return spot.label
    return f"{spot.label} · {words}" if spot.label.endswith("eye") else f"{spot.label} · eyes {words}"


class CloseupPanel(QWidget):
    """Close-ups of one frame in a row of tiles.

    Signals:
        spot_clicked(str name, QPointF point): a tile was clicked; `point` is the frame
            pixel under the mouse (full resolution), for the loupe to zoom to.
    """

    spot_clicked = Signal(str, QPointF)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closeups")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("Faces at 100% from the full-resolution file; click one to zoom the loupe there")
        self.name = ""
        self.spots: list[CloseupSpot] = []
        self.closeups: dict[CloseupSpot, Closeup] = {}
        self.message = ""

    def show_frame(self, name: str, spots: list[CloseupSpot], found: FrameCloseups | None,
                   message: str = "") -> None:
        """The spots of frame `name`, with their pixels when cut (else "Loading…"), or a
        message instead of tiles (no face, not analysed, unreadable)."""
        self.name, self.spots, self.message = name, list(spots), message
        self.closeups = {c.spot: c for c in found.closeups} if found is not None else {}
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(800, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self._height())

    def _height(self) -> int:
        line = QFontMetricsF(self.font()).height()
        return round(line * (TILE_LINES + 2.2))

    # ---- geometry --------------------------------------------------------------------

    def _metrics(self) -> tuple[float, float]:
        """Gap between tiles and caption height, from the font."""
        line = QFontMetricsF(self.font()).height()
        return line * 0.5, line * 1.5

    def tile_rects(self) -> list[QRectF]:
        """The picture part of each tile, left to right, centred as a row."""
        if not self.spots:
            return []
        gap, caption = self._metrics()
        count = len(self.spots)
        height = self.height() - 2 * gap - caption
        width = min(MAX_TILE_WIDTH, (self.width() - gap * (count + 1)) / count)
        left = (self.width() - count * width - (count - 1) * gap) / 2
        return [QRectF(left + i * (width + gap), gap, width, height) for i in range(count)]

    def image_rect(self, tile: QRectF, closeup: Closeup) -> QRectF:
        """Where the cut is drawn at 100%: its spot in the tile's middle, moved so the
        picture covers the tile wherever the cut allows."""
        dpr = self.devicePixelRatioF()
        width, height = closeup.image.width() / dpr, closeup.image.height() / dpr
        bx, by, bw, bh = closeup.box
        scale = closeup.image.width() / bw / dpr      # logical pixels per frame pixel
        sx, sy = (closeup.spot.centre[0] - bx) * scale, (closeup.spot.centre[1] - by) * scale

        def axis(start: float, size: float, spot: float, room: float) -> float:
            if size <= room:
                return start + (room - size) / 2
            return min(start, max(start + room - size, start + room / 2 - spot))
        return QRectF(axis(tile.left(), width, sx, tile.width()), axis(tile.top(), height, sy, tile.height()),
                      width, height)

    # ---- painting and clicks ---------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(Role.Window))
        if self.message or not self.spots:
            paint_message(painter, QRectF(self.rect()), self.message or "No face to look at",
                          palette.color(Role.PlaceholderText))
            return
        gap, caption = self._metrics()
        metrics = QFontMetricsF(self.font())
        for spot, tile in zip(self.spots, self.tile_rects()):
            painter.fillRect(tile, palette.color(Role.Dark))
            closeup = self.closeups.get(spot)
            if closeup is None:
                paint_message(painter, tile, "Loading…", palette.color(Role.PlaceholderText))
            else:
                painter.save()
                painter.setClipRect(tile)
                painter.drawImage(self.image_rect(tile, closeup).topLeft(),
                                  _at_device_pixels(closeup.image, self))
                painter.restore()
            text_rect = QRectF(tile.left(), tile.bottom() + gap * 0.3, tile.width(), caption)
            painter.setPen(CLOSED_COLOUR if spot.eyes == "closed" else palette.color(Role.WindowText))
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter,
                             metrics.elidedText(spot_caption(spot), Qt.TextElideMode.ElideRight, tile.width()))

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        pos = event.position()
        for spot, tile in zip(self.spots, self.tile_rects()):
            if not tile.contains(pos):
                continue
            closeup = self.closeups.get(spot)
            if closeup is None:
                self.spot_clicked.emit(self.name, QPointF(*spot.centre))
            else:
                shown = self.image_rect(tile, closeup)
                bx, by, bw, _ = closeup.box
                per_frame_pixel = shown.width() / bw
                self.spot_clicked.emit(self.name, QPointF(bx + (pos.x() - shown.left()) / per_frame_pixel,
                                                          by + (pos.y() - shown.top()) / per_frame_pixel))
            return


def _at_device_pixels(image, widget: QWidget):
    """The cut drawn one pixel per device pixel (a 100% view on a 200% screen too)."""
    dpr = widget.devicePixelRatioF()
    if image.devicePixelRatio() != dpr:
        image.setDevicePixelRatio(dpr)
    return image
