"""Framing: how big the main face is and how much of the body the frame holds."""

from __future__ import annotations

from dataclasses import dataclass

from shotkind_desktop.core.faces import Face


@dataclass(frozen=True)
class Framing:
    face_fraction: float   # face height / frame height
    face_area: float       # face box area / frame area: how much of the frame the face fills
    body_below: float      # frame below the chin, in face heights
    headroom: float        # frame above the face box, in face heights
    centre_x: float        # face centre across the frame, 0..1


def measure_framing(face: Face, width: int, height: int) -> Framing:
    x, y, w, h = face.box
    return Framing(
        face_fraction=h / height,
        face_area=w * h / (width * height),
        body_below=max(0.0, (height - (y + h)) / h),
        headroom=max(0.0, y / h),
        centre_x=(x + w / 2) / width,
    )
