"""The parts of a face the light measures look at: its skin and its two halves."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.judgement.face_record import Face


def srgb_to_linear(codes: np.ndarray) -> np.ndarray:
    """Scene-linear light 0..1 of sRGB codes 0..1 (IEC 61966-2-1), in their own precision."""
    return np.where(codes <= 0.04045, codes / 12.92, ((codes + 0.055) / 1.055) ** 2.4)


# Scene-linear luminance 0..1 of each 8-bit luma level, so ratios between areas are
# ratios of light (stops).
SRGB_TO_LINEAR = srgb_to_linear(np.arange(256, dtype=np.float64) / 255)


# The skin the light is read on: an ellipse inside the face box, centred a little below
# its middle (the box holds the brow, not the hair) and inside the cheeks' and jaw's edges.
SKIN_CENTRE_Y, SKIN_HALF_WIDTH, SKIN_HALF_HEIGHT = 0.55, 0.40, 0.45


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
    centre = (round(x + w / 2), round(y + h * SKIN_CENTRE_Y))
    axes = (max(1, round(w * SKIN_HALF_WIDTH)), max(1, round(h * SKIN_HALF_HEIGHT)))
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
