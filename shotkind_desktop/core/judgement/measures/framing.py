"""Framing: how big the main face is and how much of the body the frame holds.

The face is the mesh's oval, hairline to chin (about 19 cm on an adult), so the figures
mean the same whichever detector found it. Face heights of frame below the chin say where
the frame stops on the body: shoulders start ~0.25 below the chin, mid-chest ~1.2, waist
~2.6, knees ~4.4. The person mask adds how wide the body is where the frame cuts it:
shoulders are about two and a half face widths across, so a narrower cut misses them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class Framing:
    face_fraction: float   # face height / frame height
    face_area: float       # face box area / frame area: how much of the frame the face fills
    body_below: float      # frame below the chin, in face heights
    cut_width: float       # the person's width at the frame's bottom edge, in face widths
    face_inside: float     # share of the face oval inside the frame

    def as_record(self) -> dict:
        """As the frame's record keeps it: to a thousandth (of a face height, of the frame)."""
        return {k: round(v, 3) for k, v in asdict(self).items()}


def measure_framing(face_box: tuple[float, float, float, float], width: int, height: int,
                    person: np.ndarray | None, face_inside: float = 1.0) -> Framing:
    """`face_box`: the face oval's box; `person`: the pixels more likely person than not,
    at any size (None: not known); `face_inside`: the share of the oval inside the frame."""
    x, y, w, h = face_box
    cut = 0.0
    if person is not None:
        bottom = person[-max(1, person.shape[0] // 100):].any(axis=0)
        cut = float(bottom.sum()) * width / person.shape[1] / max(w, 1.0)
    return Framing(
        face_fraction=h / height,
        face_area=w * h / (width * height),
        body_below=max(0.0, (height - (y + h)) / h),
        cut_width=round(cut, 2),
        face_inside=round(face_inside, 3),
    )
