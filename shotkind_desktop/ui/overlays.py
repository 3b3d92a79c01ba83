"""What the loupe draws over a photo: face boxes, crop guides, thirds and the eye line.

Painting is kept in plain functions that take a QPainter and a `FrameMapping` (full-
resolution frame pixels to widget coordinates), so the loupe, compare and any later
export preview draw the same marks the same way. Every mark is white, black or grey with
one restrained accent, and lines carry a dark halo, so they read on a white backdrop and
on a black one without tinting how the photo's colour is judged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen

from shotkind_desktop.core.judgement.face_record import face_eyes
from shotkind_desktop.core.judgement.crops import LINKEDIN_FRAMING, RATIOS, CropGuide, FacePlacement
from shotkind_desktop.ui.theme import COLOURS, Role

LIGHT = QColor(255, 255, 255, 235)
HALO = QColor(0, 0, 0, 150)
DIM = QColor(0, 0, 0, 140)              # outside the crop, like Lightroom's crop overlay
CIRCLE_DIM = QColor(0, 0, 0, 190)       # the square's corners LinkedIn's circle hides
THIRDS = QColor(255, 255, 255, 110)
CHIP = QColor(20, 20, 20, 190)          # behind labels
ACCENT = QColor(COLOURS[Role.Link])     # the one accent: eye line, "too tight" marks


@dataclass(frozen=True)
class OverlaySet:
    """Which marks the loupe draws.

    The "O" key steps through `cycled()`: off -> faces -> faces + guide -> guide only ->
    off. One crop guide is shown at a time, as in Lightroom; `next_ratio()` steps it
    through 1:1, 4:5, 2:3 and 16:9, and `all_guides()` shows the four together."""

    faces: bool = False
    guides: frozenset[str] = frozenset()     # ratios whose crop guide is drawn
    eye_line_and_thirds: bool = True
    ratio: str = "4:5"                       # the guide "O" brings in
    linkedin: bool = False                   # LinkedIn's preset: its framing and circle on 1:1

    def cycled(self) -> OverlaySet:
        faces, guides = {(False, False): (True, False), (True, False): (True, True),
                         (True, True): (False, True), (False, True): (False, False)}[
            (self.faces, bool(self.guides))]
        shown = (self.guides or frozenset({self.ratio})) if guides else frozenset()
        return replace(self, faces=faces, guides=shown)

    def next_ratio(self) -> OverlaySet:
        """The next delivery ratio becomes the one guide shown."""
        order = list(RATIOS)
        ratio = order[(order.index(self.ratio) + 1) % len(order)] if self.ratio in order else order[0]
        return replace(self, ratio=ratio, guides=frozenset({ratio}))

    def all_guides(self) -> OverlaySet:
        return replace(self, guides=frozenset(RATIOS))

    def with_linkedin(self, on: bool) -> OverlaySet:
        """LinkedIn's preview: the 1:1 guide framed as the LinkedIn preset frames it, and
        the circle LinkedIn shows over it; off, back to the usual 1:1 guide."""
        if on:
            return replace(self, linkedin=True, ratio="1:1", guides=frozenset({"1:1"}))
        return replace(self, linkedin=False)

    def record(self) -> dict:
        """What the window remembers between runs (window_state.py); LinkedIn's preview
        is a look for the moment, kept with its menu item, which starts unchecked."""
        return {"faces": self.faces, "guides": sorted(self.guides), "eye_line_and_thirds": self.eye_line_and_thirds,
                "ratio": self.ratio}

    @classmethod
    def from_record(cls, record: dict) -> OverlaySet:
        """The marks a record names; anything missing or unknown keeps its default."""
        default = cls()
        ratio = record.get("ratio") if record.get("ratio") in RATIOS else default.ratio
        return cls(faces=bool(record.get("faces", default.faces)),
                   guides=frozenset(r for r in record.get("guides", ()) if r in RATIOS),
                   eye_line_and_thirds=bool(record.get("eye_line_and_thirds", default.eye_line_and_thirds)),
                   ratio=ratio)

    def framings(self) -> dict[str, FacePlacement] | None:
        """The framings that replace the usual ones (LinkedIn's square), for crop_guides."""
        return {"1:1": LINKEDIN_FRAMING} if self.linkedin else None

    def describe(self) -> str:
        """A few words for a status line, e.g. "Faces · 4:5 guide"."""
        parts = ["Faces"] if self.faces else []
        if self.guides:
            names = [r for r in RATIOS if r in self.guides]
            parts.append(f"{' '.join(names)} guide{'s' if len(names) > 1 else ''}")
        if self.linkedin and "1:1" in self.guides:
            parts.append("LinkedIn circle")
        return " · ".join(parts) or "No overlays"


@dataclass(frozen=True)
class FrameMapping:
    """Full-resolution frame pixels to widget coordinates: widget = frame × scale + offset."""

    scale: float
    dx: float
    dy: float

    def point(self, x: float, y: float) -> QPointF:
        return QPointF(x * self.scale + self.dx, y * self.scale + self.dy)

    def rect(self, box) -> QRectF:
        x, y, w, h = box
        return QRectF(x * self.scale + self.dx, y * self.scale + self.dy, w * self.scale, h * self.scale)

    def to_frame(self, point: QPointF) -> tuple[float, float]:
        return (point.x() - self.dx) / self.scale, (point.y() - self.dy) / self.scale


def handle_size(metrics: QFontMetricsF) -> float:
    """Corner handles scale with the text, so they stay grabbable at 200%."""
    return round(metrics.height() * 0.5)


def guide_handles(mapping: FrameMapping, guide: CropGuide, size: float) -> dict[str, QRectF]:
    r = mapping.rect(guide.box)
    points = {"top_left": r.topLeft(), "top_right": r.topRight(),
              "bottom_left": r.bottomLeft(), "bottom_right": r.bottomRight()}
    return {name: QRectF(p.x() - size / 2, p.y() - size / 2, size, size) for name, p in points.items()}


def hit_guide(mapping: FrameMapping, guide: CropGuide, pos: QPointF, size: float) -> str | None:
    """"move" inside the guide, a corner name on a handle, None outside."""
    for name, handle in guide_handles(mapping, guide, size * 1.6).items():   # generous grab
        if handle.contains(pos):
            return name
    return "move" if mapping.rect(guide.box).contains(pos) else None


def _haloed_line(painter: QPainter, a: QPointF, b: QPointF, colour: QColor,
                 style=Qt.PenStyle.SolidLine) -> None:
    painter.setPen(QPen(HALO, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
    painter.drawLine(a, b)
    painter.setPen(QPen(colour, 1, style, Qt.PenCapStyle.FlatCap))
    painter.drawLine(a, b)


def _haloed_rect(painter: QPainter, rect: QRectF, colour: QColor, style=Qt.PenStyle.SolidLine) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(HALO, 3))
    painter.drawRect(rect)
    pen = QPen(colour, 1, style)
    if style == Qt.PenStyle.CustomDashLine:
        pen.setDashPattern([6, 4])
    painter.setPen(pen)
    painter.drawRect(rect)


def paint_label(painter: QPainter, anchor: QPointF, text: str, colour: QColor = LIGHT,
                below: bool = True, chip_colour: QColor = CHIP) -> QRectF:
    """Text on a chip (dark unless told) whose top-left (or bottom-left) corner is `anchor`."""
    metrics = QFontMetricsF(painter.font())
    pad = metrics.height() * 0.25
    chip = QRectF(0, 0, metrics.horizontalAdvance(text) + 2 * pad, metrics.height() + pad)
    chip.moveTopLeft(anchor) if below else chip.moveBottomLeft(anchor)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(chip_colour)
    painter.drawRoundedRect(chip, pad, pad)
    painter.setPen(colour)
    painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
    return chip


def paint_faces(painter: QPainter, mapping: FrameMapping, faces: list[dict], main: dict | None) -> None:
    """Each face box with its five landmarks and its confidence; the main face solid,
    the others dashed, its eyes where the face mesh found them (where the crop guide's
    eye line, Z and the close-ups look), the detector's rougher eye points otherwise."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    radius = max(2.0, QFontMetricsF(painter.font()).height() * 0.14)
    for face in faces:
        rect = mapping.rect(face["box"])
        style = Qt.PenStyle.SolidLine if face is main else Qt.PenStyle.CustomDashLine
        _haloed_rect(painter, rect, LIGHT, style)
        painter.setPen(QPen(HALO, 1.5))
        painter.setBrush(LIGHT)
        landmarks = list(face.get("landmarks", ()))
        landmarks[:2] = face_eyes(face)
        for x, y in landmarks:
            painter.drawEllipse(mapping.point(x, y), radius, radius)
        confidence = face.get("confidence")
        if confidence is not None:
            paint_label(painter, QPointF(rect.left(), rect.top() - 2), f"face {confidence:.0%}", below=False)
    painter.restore()


def paint_dimmed_outside(painter: QPainter, area: QRectF, keep: QRectF) -> None:
    """Darken `area` except `keep`, as Lightroom does outside a crop."""
    path = QPainterPath()
    path.addRect(area)
    inner = QPainterPath()
    inner.addRect(keep)
    painter.fillPath(path.subtracted(inner), DIM)


def paint_guide(painter: QPainter, mapping: FrameMapping, guide: CropGuide, *,
                thirds: bool, handles: bool, dim_area: QRectF | None = None) -> None:
    """A crop guide: outline (dashed as computed, solid once adjusted), the outside
    dimmed when `dim_area` is given, thirds and the eye line and corner handles; its
    label is paint_guide_label's, drawn over every guide shown."""
    painter.save()
    rect = mapping.rect(guide.box)
    if dim_area is not None:
        paint_dimmed_outside(painter, dim_area, rect)
    if thirds:
        for i in (1, 2):
            x = rect.left() + rect.width() * i / 3
            y = rect.top() + rect.height() * i / 3
            painter.setPen(QPen(THIRDS, 1))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        eye = mapping.point(0, guide.eye_y).y()
        if rect.top() <= eye <= rect.bottom():
            _haloed_line(painter, QPointF(rect.left(), eye), QPointF(rect.right(), eye), ACCENT,
                         Qt.PenStyle.DashLine)
    style = Qt.PenStyle.SolidLine if guide.adjusted else Qt.PenStyle.CustomDashLine
    _haloed_rect(painter, rect, LIGHT, style)
    if handles:
        size = handle_size(QFontMetricsF(painter.font()))
        painter.setPen(QPen(HALO, 1))
        painter.setBrush(LIGHT)
        for handle in guide_handles(mapping, guide, size).values():
            painter.drawRect(handle)
    painter.restore()


def paint_guide_label(painter: QPainter, mapping: FrameMapping, guide: CropGuide,
                      label_top: float | None = None) -> float:
    """The guide's ratio at its top left, "adjusted" once moved, and a clear mark when
    the frame is too tight for the ratio. Returns the label's bottom: with several guides
    shown, the next one's `label_top` (the highest it may start), so the labels of guides
    whose tops are close stack instead of overlapping."""
    rect = mapping.rect(guide.box)
    text = guide.ratio + (" · adjusted" if guide.adjusted else "")
    margin = QFontMetricsF(painter.font()).height() * 0.4
    top = rect.top() + margin if label_top is None else max(rect.top() + margin, label_top)
    chip = paint_label(painter, QPointF(rect.left() + margin, top), text)
    if not guide.fits:
        paint_label(painter, chip.topRight() + QPointF(margin / 2, 0), f"! too tight for {guide.ratio}",
                    QColor(Qt.GlobalColor.black), chip_colour=ACCENT)
    return chip.bottom()


def paint_linkedin_circle(painter: QPainter, mapping: FrameMapping, guide: CropGuide) -> None:
    """The circle LinkedIn cuts a profile photo to, inscribed in the 1:1 guide, with the
    square's corners darkened: what the client's colleagues will see of the frame."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    rect = mapping.rect(guide.box)
    corners = QPainterPath()
    corners.addRect(rect)
    circle = QPainterPath()
    circle.addEllipse(rect)
    painter.fillPath(corners.subtracted(circle), CIRCLE_DIM)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(HALO, 3))
    painter.drawEllipse(rect)
    painter.setPen(QPen(LIGHT, 1.5))
    painter.drawEllipse(rect)
    line = QFontMetricsF(painter.font()).height()
    paint_label(painter, QPointF(rect.left() + line * 0.4, rect.bottom() - line * 0.4), "LinkedIn", below=False)
    painter.restore()


def paint_message(painter: QPainter, area: QRectF, text: str, colour: QColor) -> None:
    """A message centred in `area` (an unreadable file's error, "Loading…")."""
    painter.save()
    painter.setPen(colour)
    margin = QFontMetricsF(painter.font()).height() * 2
    painter.drawText(area.adjusted(margin, margin, -margin, -margin),
                     Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
    painter.restore()
