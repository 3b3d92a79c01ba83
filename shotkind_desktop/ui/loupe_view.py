"""The loupe: one frame as large as fits, or at 100% to judge focus on the eyes.

A custom-painted QWidget fed with plain data (a QImage from a worker, the frame's full
size, its faces and crop guides), so it never decodes anything. All geometry is kept in
upright full-resolution frame pixels: a preview smaller than the frame is simply drawn
larger, and swapping in the sharp full-size image later moves nothing. 100% means one
frame pixel on one device pixel, so at 200% display scaling it really is 100%.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QCursor, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget

from shotkind_desktop.core.judgement.crops import CORNERS, CropGuide, moved_guide, resized_guide
from shotkind_desktop.core.decisions.decisions import Decision
from shotkind_desktop.core.judgement.face_record import between_eyes, main_face_record
from shotkind_desktop.ui import overlays
from shotkind_desktop.ui.decision_marks import paint_decision_chip
from shotkind_desktop.ui.overlays import FrameMapping, OverlaySet
from shotkind_desktop.ui.theme import Role
from shotkind_desktop.ui.warning_badges import paint_badges

CORNER_CURSORS = {"top_left": Qt.CursorShape.SizeFDiagCursor, "bottom_right": Qt.CursorShape.SizeFDiagCursor,
                  "top_right": Qt.CursorShape.SizeBDiagCursor, "bottom_left": Qt.CursorShape.SizeBDiagCursor,
                  "move": Qt.CursorShape.SizeAllCursor}


@dataclass
class FrameView:
    """Everything a view needs to show one frame."""

    name: str
    image: QImage | None
    full_size: tuple[int, int]
    faces: list[dict] = field(default_factory=list)
    guides: dict[str, CropGuide] = field(default_factory=dict)
    message: str = ""
    caption: str = ""        # e.g. make_caption(): file name, stars, flag, headshot score, group place
    decision: Decision = field(default_factory=Decision)   # drawn on the photo
    fitted: QImage | None = None   # `image` already shrunk to the loupe's fitted view (a worker's)
    warnings: tuple[tuple[str, str], ...] = ()   # core.judgement.frame_warnings: badges on the photo


def make_caption(name: str, rating: int = 0, flag: str = "", headshot_score: float | None = None,
                 group_place: str = "") -> str:
    """"df_img13.jpg  ★★★  Pick  Headshot 87  1/6 best": the line under a frame in compare
    and survey. The group place comes last, where eliding the middle keeps it."""
    parts = [name]
    if rating:
        parts.append("★" * rating)
    if flag:
        parts.append(flag)
    if headshot_score is not None:
        parts.append(f"Headshot {headshot_score:.0f}")
    if group_place:
        parts.append(group_place)
    return "  ".join(parts)


@dataclass
class _Drag:
    kind: str                       # "pan", "click", "move" or a corner name
    start: QPointF                  # widget position of the press
    centre: QPointF                 # view centre at the press
    ratio: str = ""
    guide: CropGuide | None = None  # the guide as it was at the press
    grab: tuple[float, float] = (0.0, 0.0)   # from the grabbed corner to the press, frame px
    dragging: bool = False          # the pointer went past the start-drag distance


class LoupeView(QWidget):
    """One frame, fitted or at 100%, with faces and crop guides drawn over it.

    Signals:
        guide_adjusted(str ratio, object CropGuide): the photographer finished dragging
            or resizing a guide.
        zoom_changed(float scale, QPointF centre): the view moved; scale is widget pixels
            per frame pixel, centre is in full-resolution frame pixels (for linking).
    """

    outlined = False     # compare outlines its active side

    guide_adjusted = Signal(str, object)
    zoom_changed = Signal(float, QPointF)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.overlays = OverlaySet()
        self._image: QImage | None = None    # drawn as is: no QPixmap copy of a 24 MP frame
        self._name: str | None = None
        self._cache: tuple[tuple, QImage] | None = None   # the image scaled down for this view
        self._fitted_image: QImage | None = None   # the frame scaled down by a worker, if given
        self._full = (1, 1)
        self._faces: list[dict] = []
        self._guides: dict[str, CropGuide] = {}
        self._message = ""
        self._decision = Decision()
        self._warnings: tuple[tuple[str, str], ...] = ()
        self._fitted = True
        self._scale = 1.0
        self._centre = QPointF(0.5, 0.5)
        self._drag: _Drag | None = None
        self._live: CropGuide | None = None   # the guide while it is being dragged

    # ---- feeding -----------------------------------------------------------------------

    def show_frame(self, image: QImage | None, full_size: tuple[int, int], faces: list[dict],
                   guides: dict[str, CropGuide], message: str = "", *, name: str | None = None,
                   decision: Decision = Decision(), fitted: QImage | None = None) -> None:
        """A new frame. A fitted view stays fitted; a zoomed one keeps its zoom and moves to
        the new frame's main face, so a burst is checked for focus at 100% frame by frame.
        `fitted` is the frame already shrunk to this view's fitted size by a worker: drawn
        as it is when the view is fitted, instead of scaling `image` here.

        Given the `name` of the frame already shown (a refresh after a rating, a preview
        arriving), the view stays exactly where the photographer put it, a drag in progress
        goes on, and a sharper image already shown is not swapped for a smaller one."""
        same = name is not None and name == self._name
        self._name = name
        size = (max(1, int(full_size[0])), max(1, int(full_size[1])))
        same = same and size == self._full
        keep = same and self._image is not None and (image is None or image.width() <= self._image.width())
        if not keep:
            self._set_image(image)
        if fitted is not None or not same:
            self._fitted_image = fitted if fitted is not None and not fitted.isNull() else None
        self._full = size
        self._faces = list(faces)
        self._guides = dict(guides)
        self._message = message
        self._decision = decision
        if same:
            self._apply_view(self._scale, self._centre, fitted=self._fitted)
            return
        self._drag, self._live = None, None
        if self._fitted:
            self._apply_view(self.fit_scale(), self._image_centre(), fitted=True)
        else:
            self._apply_view(self._scale, self.default_centre(), fitted=False)

    def show_view(self, frame: FrameView) -> None:
        """`show_frame` from a FrameView, by name (so a refresh keeps the view)."""
        self.show_frame(frame.image, frame.full_size, frame.faces, frame.guides, frame.message,
                        name=frame.name, decision=frame.decision, fitted=frame.fitted)
        self.set_warnings(frame.warnings)

    def set_warnings(self, warnings: tuple[tuple[str, str], ...]) -> None:
        """The frame's warnings (core.judgement.frame_warnings), drawn as icons on the photo."""
        if warnings != self._warnings:
            self._warnings = warnings
            self.update()

    def warnings(self) -> tuple[tuple[str, str], ...]:
        return self._warnings

    def set_full_image(self, image: QImage) -> None:
        """A sharper image of the same frame arrived: swap it in without moving the view."""
        self._set_image(image)
        self.update()

    def set_overlays(self, overlays: OverlaySet) -> None:
        self.overlays = overlays
        self._drag, self._live = None, None
        self.update()

    def decision(self) -> Decision:
        """The decision drawn on the photo."""
        return self._decision

    def image(self) -> QImage | None:
        """The image on screen (a preview, or the full-resolution frame at 100%)."""
        return self._image

    def message(self) -> str:
        """The words drawn on the frame ("Loading…" over its thumbnail, a file's error)."""
        return self._message

    def guides(self) -> dict[str, CropGuide]:
        """The guides as currently shown, with the photographer's adjustments."""
        return dict(self._guides)

    def _set_image(self, image: QImage | None) -> None:
        if image is not None and self._image is not None and image.cacheKey() == self._image.cacheKey():
            return   # the same image handed over again
        self._image = image if image is not None and not image.isNull() else None
        self._cache = None

    # ---- zoom --------------------------------------------------------------------------

    def fit_box(self) -> tuple[int, int, float]:
        """This view in device pixels, with the device pixel ratio: what a worker shrinks
        a preview into for the fitted view (PreviewLoader.fit_box)."""
        dpr = self.devicePixelRatioF()
        return round(self.width() * dpr), round(self.height() * dpr), dpr

    def fit_scale(self) -> float:
        w, h = self._full
        return min(max(1, self.width()) / w, max(1, self.height()) / h)

    def actual_pixels_scale(self) -> float:
        """Widget pixels per frame pixel at 100% (one frame pixel per device pixel)."""
        return 1.0 / self.devicePixelRatioF()

    def scale(self) -> float:
        return self._scale

    def centre(self) -> QPointF:
        return QPointF(self._centre)

    def full_size(self) -> tuple[int, int]:
        return self._full

    def is_fitted(self) -> bool:
        return self._fitted

    def fit(self) -> None:
        self._apply_view(self.fit_scale(), self._image_centre(), fitted=True)

    def zoom_100(self, centre: QPointF | None = None) -> None:
        """100%, centred on `centre` (frame pixels) or on `default_centre()`."""
        self._apply_view(self.actual_pixels_scale(), centre if centre is not None else self.default_centre(),
                         fitted=False)

    def zoom_100_at(self, pos: QPointF) -> None:
        """100% keeping the frame point under widget position `pos` where it is (a click)."""
        x, y = self.mapping().to_frame(pos)
        scale = self.actual_pixels_scale()
        offset = (pos - QPointF(self.width() / 2, self.height() / 2)) / scale
        self._apply_view(scale, QPointF(x, y) - offset, fitted=False)

    def toggle_zoom(self) -> None:
        """Fit <-> 100% (the "Z" key and a click)."""
        if self._fitted:
            self.zoom_100()
        else:
            self.fit()

    def set_view(self, scale: float, centre: QPointF) -> None:
        """Show frame pixel `centre` in the middle at `scale` (for linked views)."""
        self._apply_view(scale, centre, fitted=False)

    def default_centre(self) -> QPointF:
        """Where 100% looks: between the main face's eyes, where focus is judged; else the
        frame point under the mouse; else the middle."""
        face = main_face_record(self._faces, *self._full)
        if face is not None:
            return QPointF(*between_eyes(face))
        pos = QPointF(self.mapFromGlobal(QCursor.pos()))
        if self.underMouse() and self.rect().contains(pos.toPoint()):
            x, y = self.mapping().to_frame(pos)
            if 0 <= x <= self._full[0] and 0 <= y <= self._full[1]:
                return QPointF(x, y)
        return self._image_centre()

    def _image_centre(self) -> QPointF:
        return QPointF(self._full[0] / 2, self._full[1] / 2)

    def _clamped(self, scale: float, centre: QPointF) -> QPointF:
        """Keep the frame covering the view; centre an axis the frame does not fill."""
        def axis(value: float, size: int, view: int) -> float:
            half = view / (2 * scale)
            return size / 2 if size * scale <= view else min(max(value, half), size - half)
        return QPointF(axis(centre.x(), self._full[0], self.width()),
                       axis(centre.y(), self._full[1], self.height()))

    def _apply_view(self, scale: float, centre: QPointF, fitted: bool) -> None:
        self._fitted = fitted
        self._scale = max(scale, 1e-6)
        self._centre = self._clamped(self._scale, centre)
        self._update_cursor(None)
        self.update()
        self.zoom_changed.emit(self._scale, QPointF(self._centre))

    def is_pannable(self) -> bool:
        return (self._full[0] * self._scale > self.width() + 0.5
                or self._full[1] * self._scale > self.height() + 0.5)

    def mapping(self) -> FrameMapping:
        """Frame pixels to widget pixels, snapped to whole device pixels so 100% is sharp."""
        dpr = self.devicePixelRatioF()
        dx = self.width() / 2 - self._centre.x() * self._scale
        dy = self.height() / 2 - self._centre.y() * self._scale
        return FrameMapping(self._scale, round(dx * dpr) / dpr, round(dy * dpr) / dpr)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fitted:
            self._apply_view(self.fit_scale(), self._image_centre(), fitted=True)
        else:
            self._apply_view(self._scale, self._centre, fitted=False)

    def sizeHint(self) -> QSize:
        return QSize(640, 480)

    # ---- painting ----------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(Role.Base))
        mapping = self.mapping()
        if self._image is None:
            overlays.paint_message(painter, QRectF(self.rect()), self._message or "No photo",
                                   self.palette().color(Role.PlaceholderText))
            return
        frame_rect = mapping.rect((0, 0, *self._full))
        self._paint_image(painter, frame_rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        shown = self._shown_guides()
        if self.overlays.faces and self._faces:
            overlays.paint_faces(painter, mapping, self._faces,
                                 main_face_record(self._faces, *self._full))
        visible = frame_rect.intersected(QRectF(self.rect()))
        single = len(shown) == 1   # one guide: dim outside it and draw its thirds
        for guide in shown:
            if self.overlays.linkedin and guide.ratio == "1:1":    # under the guide's own marks
                overlays.paint_linkedin_circle(painter, mapping, guide)
            overlays.paint_guide(painter, mapping, guide, thirds=single and self.overlays.eye_line_and_thirds,
                                 handles=True, dim_area=visible if single else None)
        line = QFontMetricsF(painter.font()).height()
        label_top = None
        for guide in shown:       # over every outline, each below the one before where they meet
            label_top = overlays.paint_guide_label(painter, mapping, guide, label_top) + line * 0.3
        if self._message:
            overlays.paint_label(painter, QPointF(line, self.height() - line), self._message, below=False)
        elif not visible.isEmpty():
            paint_decision_chip(painter, visible.bottomLeft() + QPointF(line * 0.6, -line * 0.6),
                                self._decision)
        if self.outlined:   # white with a dark inner line: seen on a white backdrop too
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(self.palette().color(Role.BrightText), 2))
            painter.drawRect(QRectF(self.rect()).adjusted(1, 1, -1, -1))
            painter.setPen(QPen(overlays.HALO, 1))
            painter.drawRect(QRectF(self.rect()).adjusted(2.5, 2.5, -2.5, -2.5))
        self._paint_warnings(painter, visible)

    def _paint_warnings(self, painter: QPainter, visible: QRectF) -> None:
        """The warning icons at the bottom right of the photo as shown, as in the grid."""
        if not self._warnings or visible.isEmpty():
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        size = max(22.0, QFontMetricsF(painter.font()).height() * 1.8)
        paint_badges(painter, self._warnings, visible.right() - 8, visible.bottom() - 8, size)

    def _paint_image(self, painter: QPainter, target: QRectF) -> None:
        dpr = self.devicePixelRatioF()
        image = self._image
        device = QSize(round(target.width() * dpr), round(target.height() * dpr))
        if device.width() < image.width() and device.height() < image.height():
            # Shrinking: scale once with a good filter, then draw pixel for pixel.
            key = (image.cacheKey(), device.width(), device.height())
            if self._cache is None or self._cache[0] != key:
                self._cache = (key, self._shrunk(image, device, dpr))
            painter.drawImage(target.topLeft(), self._cache[1])
            return
        # Enlarging or 1:1: draw only the visible part of the source.
        visible = target.intersected(QRectF(self.rect()))
        if visible.isEmpty():
            return
        sx, sy = image.width() / target.width(), image.height() / target.height()
        source = QRectF((visible.left() - target.left()) * sx, (visible.top() - target.top()) * sy,
                        visible.width() * sx, visible.height() * sy)
        smooth = device != image.size()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)
        painter.drawImage(visible, image, source)

    def _shrunk(self, image: QImage, device: QSize, dpr: float) -> QImage:
        """`image` at `device` size: the worker's fitted copy when it is that size (within a
        pixel: the worker fits the preview's shape, this view the frame's), else scaled here,
        once per size, with a good filter."""
        fitted = self._fitted_image
        if (fitted is not None and abs(fitted.width() - device.width()) <= 1
                and abs(fitted.height() - device.height()) <= 1):
            if fitted.devicePixelRatio() != dpr:
                fitted.setDevicePixelRatio(dpr)
            return fitted
        scaled = image.scaled(device, Qt.AspectRatioMode.IgnoreAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        scaled.setDevicePixelRatio(dpr)
        return scaled

    def _shown_guides(self) -> list[CropGuide]:
        if self._image is None:
            return []
        shown = [self._guides[r] for r in self._guides if r in self.overlays.guides]
        if self._live is not None:
            shown = [self._live if g.ratio == self._live.ratio else g for g in shown]
        return shown

    # ---- mouse: drag guides, pan, click to zoom -----------------------------------------

    def _hit(self, pos: QPointF) -> tuple[str, CropGuide] | None:
        """The guide part under `pos`. Zoomed in, a guide often covers the whole view, so
        there only its corners are grabbed and dragging inside it pans."""
        size = overlays.handle_size(QFontMetricsF(self.font()))
        mapping = self.mapping()
        for guide in reversed(self._shown_guides()):
            part = overlays.hit_guide(mapping, guide, pos, size)
            if part is not None and (part != "move" or self._fitted):
                return part, guide
        return None

    def mousePressEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._image is None:
            return super().mousePressEvent(event)
        pos = event.position()
        hit = self._hit(pos)
        if hit is not None:
            part, guide = hit
            grab = (0.0, 0.0)
            if part != "move":
                x, y = self.mapping().to_frame(pos)
                gx, gy, gw, gh = guide.box
                cx = gx + gw if part.endswith("right") else gx
                cy = gy + gh if part.startswith("bottom") else gy
                grab = (x - cx, y - cy)
            self._drag = _Drag(part, pos, self.centre(), guide.ratio, guide, grab)
        else:
            self._drag = _Drag("pan" if self.is_pannable() else "click", pos, self.centre())
        self._update_cursor(pos)

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        drag = self._drag
        if drag is None:
            self._update_cursor(pos)
            return
        delta = pos - drag.start
        drag.dragging = drag.dragging or delta.manhattanLength() >= QApplication.startDragDistance()
        if not drag.dragging:
            return    # a click's wobble moves nothing: export cuts an adjusted guide
        if drag.kind == "pan":
            self._apply_view(self._scale, drag.centre - delta / self._scale, fitted=False)
        elif drag.kind == "move":
            self._live = moved_guide(drag.guide, delta.x() / self._scale, delta.y() / self._scale, *self._full)
            self.update()
        elif drag.kind in CORNERS:
            x, y = self.mapping().to_frame(pos)
            self._live = resized_guide(drag.guide, drag.kind, x - drag.grab[0], y - drag.grab[1], *self._full)
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        drag, live = self._drag, self._live
        self._drag, self._live = None, None
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mouseReleaseEvent(event)
        moved = drag.dragging or (event.position() - drag.start).manhattanLength() >= QApplication.startDragDistance()
        if live is not None and live != drag.guide:
            self._guides[live.ratio] = live
            self.guide_adjusted.emit(live.ratio, live)
        elif not moved:    # a click, on a guide too (it often covers the whole photo)
            if self._fitted:
                self.zoom_100_at(drag.start)
            else:
                self.fit()
        self._update_cursor(event.position())
        self.update()

    def _update_cursor(self, pos: QPointF | None) -> None:
        if self._drag is not None:
            shape = Qt.CursorShape.ClosedHandCursor if self._drag.kind == "pan" else \
                CORNER_CURSORS.get(self._drag.kind, Qt.CursorShape.ArrowCursor)
        else:
            hit = self._hit(pos) if pos is not None else None
            shape = CORNER_CURSORS[hit[0]] if hit else \
                Qt.CursorShape.OpenHandCursor if self.is_pannable() else Qt.CursorShape.PointingHandCursor
        self.setCursor(shape)
