"""The histogram at the top of the side panel, drawn as Lightroom draws it.

The red, green and blue counts are added light on dark, so where channels overlap the
colours mix toward grey and a neutral frame reads as one grey mountain; luma is a light
outline on top. Triangles in the corners light up when shadows or highlights clip. The
widget takes a dict of arrays (core.judgement.histogram's output, computed on a preview in a
worker), so painting stays cheap and the GUI thread never touches pixels.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from shotkind_desktop.ui.theme import Role

# Added together the three make a neutral grey, so a neutral frame draws grey.
CHANNELS = (("r", QColor(112, 36, 36)), ("g", QColor(36, 108, 40)), ("b", QColor(40, 44, 112)))
LUMA = QColor(220, 220, 220, 200)
CLIP_SHOWN = 0.001      # a clipping triangle lights up from 0.1% of the pixels


def clipping(histogram: dict) -> tuple[float, float]:
    """(shadows, highlights) as fractions of the pixels: the "clipped" pair the preview
    loader measured with the histogram (core.judgement.histogram.clipped_fractions)."""
    shadows, highlights = histogram["clipped"]
    return float(shadows), float(highlights)


class HistogramView(QWidget):
    """RGB and luma histogram with clipping indicators.

    Signals: none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.histogram: dict | None = None
        self.loading = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_histogram(self, histogram: dict | None, loading: bool = False) -> None:
        """`loading`: the frame's preview, which brings its histogram, is on its way."""
        self.histogram = histogram
        self.loading = loading
        shadows, highlights = clipping(histogram) if histogram else (0.0, 0.0)
        self.setToolTip("" if histogram is None else
                        f"Shadows clipped: {shadows:.1%} of pixels\nHighlights clipped: {highlights:.1%} of pixels\n"
                        "(in any one channel, as the coloured triangles show: a saturated backdrop counts)")
        self.update()

    def sizeHint(self) -> QSize:
        line = QFontMetricsF(self.font()).height()
        return QSize(round(line * 14), round(line * 6))

    def minimumSizeHint(self) -> QSize:
        return QSize(100, self.sizeHint().height())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        palette = self.palette()
        area = QRectF(self.rect())
        painter.fillRect(area, palette.color(Role.Dark))
        plot = area.adjusted(1, 1, -1, -1)
        if not self.histogram:
            painter.setPen(palette.color(Role.PlaceholderText))
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "Loading…" if self.loading else "No histogram")
            return
        self._paint_grid(painter, plot, palette.color(Role.Midlight))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        peak = self._peak()
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Plus)
        for key, colour in CHANNELS:
            if key in self.histogram:
                painter.fillPath(self._curve(self.histogram[key], plot, peak, closed=True), colour)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        if "luma" in self.histogram:
            painter.setPen(QPen(LUMA, 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._curve(self.histogram["luma"], plot, peak, closed=False))
        self._paint_clipping(painter, plot, *clipping(self.histogram))

    def _peak(self) -> float:
        """The count drawn full height: the tallest bin away from the ends, but at most
        six times the average of those bins, so a white backdrop's spike does not flatten the rest
        (spikes are cut at the top, as in Lightroom)."""
        peaks = []
        for key in ("r", "g", "b", "luma"):
            if key in self.histogram:
                inner = np.asarray(self.histogram[key], dtype=float)[1:-1]
                if inner.size:
                    peaks.append(min(inner.max(), 6 * inner.mean()))
        return max(max(peaks, default=0.0) * 1.05, 1.0)

    @staticmethod
    def _curve(counts, plot: QRectF, peak: float, closed: bool) -> QPainterPath:
        values = np.minimum(np.asarray(counts, dtype=float) / peak, 1.0)
        step = plot.width() / max(len(values) - 1, 1)
        points = [QPointF(plot.left() + i * step, plot.bottom() - v * plot.height())
                  for i, v in enumerate(values)]
        path = QPainterPath()
        if closed:
            path.moveTo(plot.bottomLeft())
            for p in points:
                path.lineTo(p)
            path.lineTo(plot.bottomRight())
            path.closeSubpath()
        else:
            path.addPolygon(QPolygonF(points))
        return path

    @staticmethod
    def _paint_grid(painter: QPainter, plot: QRectF, colour: QColor) -> None:
        painter.setPen(QPen(colour, 1))
        for i in range(1, 4):
            x = round(plot.left() + plot.width() * i / 4) + 0.5
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))

    def _paint_clipping(self, painter: QPainter, plot: QRectF, shadows: float, highlights: float) -> None:
        size = QFontMetricsF(self.font()).height() * 0.55
        margin = size * 0.5
        left = QPolygonF([QPointF(plot.left() + margin, plot.top() + margin),
                          QPointF(plot.left() + margin + size, plot.top() + margin),
                          QPointF(plot.left() + margin, plot.top() + margin + size)])
        right = QPolygonF([QPointF(plot.right() - margin, plot.top() + margin),
                           QPointF(plot.right() - margin - size, plot.top() + margin),
                           QPointF(plot.right() - margin, plot.top() + margin + size)])
        for triangle, fraction in ((left, shadows), (right, highlights)):
            lit = fraction >= CLIP_SHOWN
            painter.setPen(QPen(QColor(200, 200, 200) if lit else QColor(110, 110, 110), 1))
            painter.setBrush(QColor(235, 235, 235) if lit else Qt.BrushStyle.NoBrush)
            painter.drawPolygon(triangle)
