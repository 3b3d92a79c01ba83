"""The parts of a frame the measures look at: the face, its two halves, the person, the rest."""

from __future__ import annotations

import cv2
import numpy as np

from shotkind_desktop.core.faces import Face

_SRGB_TO_LINEAR = np.array(
    [((v / 255) / 12.92 if v <= 10 else ((v / 255 + 0.055) / 1.055) ** 2.4) for v in range(256)],
    dtype=np.float32)


def linear_luminance(image: np.ndarray) -> np.ndarray:
    """Scene-linear luminance 0..1, so ratios between areas are ratios of light (stops)."""
    return _SRGB_TO_LINEAR[cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)]


def face_mask(shape: tuple[int, int], face: Face) -> np.ndarray:
    """An ellipse inside the face box: skin, not hair or backdrop."""
    x, y, w, h = face.box
    mask = np.zeros(shape, np.uint8)
    centre = (round(x + w / 2), round(y + h * 0.55))
    axes = (max(1, round(w * 0.40)), max(1, round(h * 0.45)))
    cv2.ellipse(mask, centre, axes, 0, 0, 360, 255, -1)
    return mask > 0


def face_halves(shape: tuple[int, int], face: Face) -> tuple[np.ndarray, np.ndarray]:
    """The face split along the line through the eyes' midpoint and the nose tip."""
    mask = face_mask(shape, face)
    (lx, ly), (rx, ry), (nx, ny) = face.landmarks[:3]
    mx, my = (lx + rx) / 2, (ly + ry) / 2
    first, second = np.zeros(shape, bool), np.zeros(shape, bool)
    rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    if rows.size == 0:
        return first, second
    # the side test only over the face's bounding rectangle, not the whole frame
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    yy, xx = np.mgrid[top:bottom, left:right]
    side = (nx - mx) * (yy - my) - (ny - my) * (xx - mx)
    inside = mask[top:bottom, left:right]
    first[top:bottom, left:right] = inside & (side > 0)
    second[top:bottom, left:right] = inside & (side < 0)
    return first, second


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
            cv2.fillPoly(mask, [np.round(polygon).astype(np.int32)], 255)
    return mask > 0


def frame_border(shape: tuple[int, int], faces: list[Face], fraction: float = 0.08) -> np.ndarray:
    """The outer ring of the frame above the chins, minus head and hair: what little
    backdrop a closeup shows (below the chin the ring holds collar and shoulders)."""
    height, width = shape
    ring = np.ones(shape, bool)
    band = max(1, round(fraction * min(height, width)))
    ring[band:height - band, band:width - band] = False
    ring[int(max(face.box[1] + face.box[3] for face in faces)):, :] = False
    return ring & ~person_mask(shape, faces)
