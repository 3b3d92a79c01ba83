"""Appearance: a few numbers that tell one sitter from the next without recognising anyone.

A headshot day puts forty people one after another before the same backdrop and light,
so what changes between sitters is the person: their clothes under the face, their hair,
their skin and the shape of their face. None of it needs a face-recognition model:

- colours (CIE Lab) of the clothes below the chin, the hair above the hairline and the
  skin, read inside the person mask so the backdrop never counts. Lightness is kept
  relative to the skin's, so a third of a stop more exposure within a sitting moves
  little;
- the face's shape from the mesh: distances between fixed points, in 3D so a turned
  head keeps them, divided by the eyes' span so the framing does not matter; points that
  move with a smile or a blink are left out;
- the hair's outline from the person mask: how wide the head is at eye level and how
  high it reaches above the hairline, in face widths and heights.

core.people.sitters compares these between frames taken one after another. Everything is
rounded and small (about twenty numbers), as it is stored with every frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.judgement.perception import Perception
from shotkind_desktop.core.judgement.perception.mesh import MESH_SURE
from shotkind_desktop.core.judgement.perception.mesh_points import CHIN, FOREHEAD

# Mesh points on skin that neither hair, a beard's edge nor an expression covers:
# forehead centre, both cheeks, the bridge of the nose.
SKIN_POINTS = (151, 50, 280, 6)
# Pairs of mesh points whose distances make the face's shape. Each is anatomy that stays
# put while the sitter smiles, talks or blinks: eye corners, nose, cheekbones, jaw.
SHAPE_PAIRS = (
    (10, 152),      # hairline to chin: face length
    (234, 454),     # cheekbone to cheekbone: face width
    (172, 397),     # jaw angle to jaw angle
    (168, 1),       # bridge of the nose to its tip: nose length
    (98, 327),      # nostril to nostril: nose width
    (133, 362),     # inner eye corners
    (1, 152),       # nose tip to chin
    (168, 10),      # bridge of the nose to the hairline: forehead height
)
EYE_SPAN = (33, 263)    # outer eye corners: the unit of the shape distances
MIN_PIXELS = 40         # fewer pixels of a region at mask size: the region is not in the frame


@dataclass(frozen=True)
class Appearance:
    """What a sitter looks like. A region the frame does not show (clothes in a closeup,
    a mesh the model was unsure of) is None."""

    skin: tuple[float, float, float]                   # L*, a*, b*
    clothes: tuple[float, float, float] | None         # L* minus the skin's, a*, b*
    hair: tuple[float, float, float] | None            # L* minus the skin's, a*, b*
    shape: tuple[float, ...] | None                    # SHAPE_PAIRS' lengths / eye span
    head_width: float | None                           # person mask at eye level / face width
    hair_height: float | None                          # mask above the hairline / face height


def measure_appearance(seen: Perception) -> Appearance:
    """The main face's sitter as seen in the frame (seen.main and seen.mesh are set).
    Colours are converted only where they are read: a few thousand pixels, not the frame."""
    small, mesh = seen.small, seen.mesh
    scale = small.shape[1] / seen.image.shape[1]
    person = seen.person_pixels if seen.person_pixels is not None else np.ones(small.shape[:2], bool)
    x, y, w, h = (v * scale for v in mesh.oval_box)
    radius = max(1, round(w / 16))
    skin = _colour(small, None, [_box(small.shape[:2], px - radius, py - radius, 2 * radius + 1, 2 * radius + 1)
                                 for px, py in mesh.points[list(SKIN_POINTS), :2] * scale])
    if skin is None:      # the face is off the frame's edge
        skin = _colour(small, None, [_box(small.shape[:2], x + w / 4, y + h / 3, w / 2, h / 3)]) or (50.0, 0.0, 0.0)
    chin_y = mesh.points[CHIN, 1] * scale
    clothes = _colour(small, person, [_box(small.shape[:2], x - w / 2, chin_y + 0.3 * h, 2 * w, 0.6 * h)])
    top_y = mesh.points[FOREHEAD, 1] * scale
    hair = _colour(small, person, [_box(small.shape[:2], x + 0.15 * w, top_y - 0.3 * h, 0.7 * w, 0.25 * h)])
    sure = mesh.presence >= MESH_SURE
    return Appearance(
        skin=_rounded(skin),
        clothes=_relative(clothes, skin),
        hair=_relative(hair, skin),
        shape=_shape(mesh.points) if sure else None,
        head_width=_head_width(person, mesh.points[list(EYE_SPAN), 1].mean() * scale, w),
        hair_height=_hair_height(person, x, top_y, w, h),
    )


def _shape(points: np.ndarray) -> tuple[float, ...] | None:
    span = np.linalg.norm(points[EYE_SPAN[0]] - points[EYE_SPAN[1]])
    if span <= 0:
        return None
    return tuple(round(float(np.linalg.norm(points[a] - points[b]) / span), 3) for a, b in SHAPE_PAIRS)


def _head_width(person: np.ndarray, eye_y: float, face_w: float) -> float | None:
    """The person's width along the eye line (face and hair), in face widths."""
    row = int(round(eye_y))
    if not 0 <= row < person.shape[0] or face_w <= 0:
        return None
    return round(float(person[row].sum()) / face_w, 3)


def _hair_height(person: np.ndarray, x: float, top_y: float, w: float, h: float) -> float | None:
    """How far the person reaches above the hairline, in face heights (None when the
    frame's top edge cuts the head: the hair's height cannot be seen)."""
    left, right = max(0, int(x + 0.3 * w)), min(person.shape[1], int(x + 0.7 * w) + 1)
    if right <= left or h <= 0:
        return None
    rows = np.flatnonzero(person[:, left:right].any(axis=1))
    if not len(rows) or rows[0] == 0:
        return None
    return round(float(max(0.0, top_y - float(rows[0])) / h), 3)


def _box(shape: tuple[int, int], x: float, y: float, w: float, h: float) -> tuple[slice, slice]:
    """The rows and columns of a box, cut to the frame (possibly empty)."""
    top, left = max(0, int(y)), max(0, int(x))
    return slice(top, min(shape[0], max(top, int(y + h)))), slice(left, min(shape[1], max(left, int(x + w))))


def _colour(image: np.ndarray, person: np.ndarray | None,
            boxes: list[tuple[slice, slice]]) -> tuple[float, float, float] | None:
    """The median CIE Lab colour (L* 0..100) of the boxes' pixels (those of the person
    only, when `person` is given); None when fewer than MIN_PIXELS."""
    pixels = [image[rows, cols][person[rows, cols]] if person is not None else image[rows, cols].reshape(-1, 3)
              for rows, cols in boxes]
    pixels = np.concatenate(pixels) if pixels else np.empty((0, 3), np.uint8)
    if len(pixels) < MIN_PIXELS:
        return None
    lab = cv2.cvtColor(pixels[None], cv2.COLOR_BGR2Lab)[0].astype(np.float32)
    l_star, a_star, b_star = np.median(lab, axis=0)
    return float(l_star) * 100 / 255, float(a_star) - 128, float(b_star) - 128


def _relative(colour: tuple[float, float, float] | None,
              skin: tuple[float, float, float]) -> tuple[float, float, float] | None:
    if colour is None:
        return None
    return _rounded((colour[0] - skin[0], colour[1], colour[2]))


def _rounded(colour: tuple[float, float, float]) -> tuple[float, float, float]:
    return tuple(round(float(v), 1) for v in colour)
