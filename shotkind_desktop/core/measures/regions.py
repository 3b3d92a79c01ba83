"""The parts of a frame the measures look at: the face, its two halves, the person, the rest."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.faces import Face

# Scene-linear luminance 0..1 of each 8-bit luma level, so ratios between areas are
# ratios of light (stops).
SRGB_TO_LINEAR = np.array(
    [((v / 255) / 12.92 if v <= 10 else ((v / 255 + 0.055) / 1.055) ** 2.4) for v in range(256)],
    dtype=np.float64)


def luma(image: np.ndarray) -> np.ndarray:
    """8-bit luma; its levels index SRGB_TO_LINEAR. Measures keep it as 8-bit levels and
    count them (core.measures.levels) rather than convert a whole frame to floats."""
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


@dataclass(frozen=True)
class FaceRegion:
    """The face's skin and its two halves, as masks over the rectangle `rows` × `cols`
    of the frame (a face is a small part of it; whole-frame masks cost 20× more)."""

    rows: slice
    cols: slice
    whole: np.ndarray
    first: np.ndarray    # one side of the line through the eyes' midpoint and the nose tip
    second: np.ndarray   # the other side


def face_region(shape: tuple[int, int], face: Face) -> FaceRegion:
    """An ellipse inside the face box (skin, not hair or backdrop), split along the line
    through the eyes' midpoint and the nose tip."""
    height, width = shape
    x, y, w, h = face.box
    centre = (round(x + w / 2), round(y + h * 0.55))
    axes = (max(1, round(w * 0.40)), max(1, round(h * 0.45)))
    top, bottom = max(0, centre[1] - axes[1] - 1), min(height, centre[1] + axes[1] + 2)
    left, right = max(0, centre[0] - axes[0] - 1), min(width, centre[0] + axes[0] + 2)
    rows, cols = slice(top, max(top, bottom)), slice(left, max(left, right))
    mask = np.zeros((rows.stop - rows.start, cols.stop - cols.start), np.uint8)
    cv2.ellipse(mask, (centre[0] - left, centre[1] - top), axes, 0, 0, 360, 255, -1)
    whole = mask > 0
    (lx, ly), (rx, ry), (nx, ny) = face.landmarks[:3]
    mx, my = (lx + rx) / 2, (ly + ry) / 2
    yy, xx = np.ogrid[rows, cols]
    side = (nx - mx) * (yy - my) - (ny - my) * (xx - mx)
    return FaceRegion(rows, cols, whole, whole & (side > 0), whole & (side < 0))


def person_mask(shape: tuple[int, int], faces: list[Face]) -> np.ndarray:
    """Where each person probably is: head and hair around the face, then everything
    below the chin within a wide band (shoulders are about three faces wide, and arms,
    jackets and hands spread further), so the backdrop is read only where it shows.
    """
    height, width = shape
    mask = np.zeros(shape, np.uint8)
    for face in faces:
        x, y, w, h = face.box
        cx = x + w / 2
        head = np.array([[cx - 0.85 * w, y - 0.6 * h], [cx + 0.85 * w, y - 0.6 * h],
                         [cx + 0.85 * w, y + 1.2 * h], [cx - 0.85 * w, y + 1.2 * h]])
        body = np.array([[cx - 1.2 * w, y + 0.9 * h], [cx + 1.2 * w, y + 0.9 * h],
                         [cx + 2.4 * w, y + 1.3 * h], [cx + 2.4 * w, height + h],
                         [cx - 2.4 * w, height + h], [cx - 2.4 * w, y + 1.3 * h]])
        for polygon in (head, body):
            cv2.fillPoly(mask, [np.round(polygon).astype(np.int32)], 1)
    return mask.view(bool)   # 0/1 bytes are numpy's booleans: no second pass over the frame


def frame_border(shape: tuple[int, int], faces: list[Face], fraction: float = 0.08) -> np.ndarray:
    """The outer ring of the frame above the eyes, minus the head and hair: what little
    backdrop a closeup shows. No shoulder or collar rises above the eyes (not even with
    the head leant on a shoulder), so nothing but head and backdrop is left there. The
    head is an ellipse about 1.4 face widths across (skull and hair; the face box holds
    the cheeks only) reaching half a face above the box, kept clear of by the same margin
    as the rest of the backdrop. (person_mask's wide head-and-torso shape covers the
    whole frame in a closeup, which would leave no backdrop to read.)"""
    height, width = shape
    ring = np.ones(shape, bool)
    band = max(1, round(fraction * min(height, width)))
    ring[band:height - band, band:width - band] = False
    eyes = max(max(face.landmarks[0][1], face.landmarks[1][1]) for face in faces)
    ring[max(0, int(eyes)):, :] = False
    head = np.zeros(shape, np.uint8)
    for face in faces:
        x, y, w, h = face.box
        cv2.ellipse(head, (round(x + w / 2), round(y + 0.45 * h)),
                    (max(1, round(0.7 * w)), max(1, round(0.95 * h))), 0, 0, 360, 255, -1)
    margin = max(3, round(0.02 * max(shape)))
    head = cv2.dilate(head, np.ones((margin, margin), np.uint8))
    return ring & (head == 0)
