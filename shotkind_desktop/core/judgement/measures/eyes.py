"""The eyes: how open each is, where the irises look, and whether they can be seen.

Openness is the lid gap over the eye's width from the mesh (anatomy: an open adult eye
is about a third as tall as it is wide, a closed one a sliver), beside the blendshape
model's blink score, which has learnt the same from many faces. Gaze is the iris centre's
place between the eye corners: 0 in the middle, ±1 at a corner. "Left" and "right" are
the person's own (their left eye is on the image's right).

Shade is how dark the eyes are against the cheek just under them: the lighter eye's
mean luma over the cheek's median, both as the file encodes them (not linear light).
Open eyes on both labelled sets read 0.23-0.9 (median 0.53); the one pair of dark
glasses 0.10 (dark lenses pass 8-18% of the light, and light from the eye crosses them
twice); eye sockets about three stops darker than the cheek, as a hard top light leaves
them, read like glasses: either way the eyes cannot be seen.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.judgement.perception.mesh import MESH_SURE, FaceMesh
from shotkind_desktop.core.judgement.perception.mesh_points import (
    LEFT_CHEEK, LEFT_EYE, LEFT_EYE_RING, RIGHT_CHEEK, RIGHT_EYE, RIGHT_EYE_RING)


@dataclass(frozen=True)
class Eyes:
    left_open: float       # lid gap / eye width
    right_open: float
    left_blink: float      # blendshape blink score, 0..1
    right_blink: float
    gaze: float            # irises across their eyes: 0 centred, ±1 at a corner, + image right
    width: float           # eye width in working pixels (too small to judge under eye_min_width)
    seen: bool             # both eyes inside the frame and the mesh sure of the face
    shade: float           # the lighter eye's luma over its cheek's (open ~0.5, dark glasses ~0.1)


def measure_eyes(mesh: FaceMesh, luma: np.ndarray) -> Eyes:
    """`luma`: the frame's 8-bit luma, in the mesh's pixels."""
    height, width = luma.shape[:2]
    points = mesh.points[:, :2]
    # one axis for both eyes, fixed to the face: from the right eye's outer corner to the
    # left's, pointing to the image's right on a face toward the camera
    across = points[LEFT_EYE[0]] - points[RIGHT_EYE[0]]
    across = across / max(float(np.linalg.norm(across)), 1e-6)
    left, left_gaze = _eye(points, LEFT_EYE, across)
    right, right_gaze = _eye(points, RIGHT_EYE, across)
    corners = points[[i for eye in (LEFT_EYE, RIGHT_EYE) for i in eye]]
    inside = bool(np.all((corners >= 0) & (corners < (width, height))))
    eye_width = float(np.mean([np.linalg.norm(points[a] - points[b]) for a, b, *_ in (LEFT_EYE, RIGHT_EYE)]))
    # Blendshapes are named from the person's point of view, as ARKit's are: on frames
    # where one eye is shut (and their mirror images), eyeBlinkLeft rises with the lid
    # gap of the person's left eye (mesh points 386/374) falling, not the right's.
    return Eyes(left_open=round(left, 3), right_open=round(right, 3),
                left_blink=mesh.blendshapes["eye_blink_left"],
                right_blink=mesh.blendshapes["eye_blink_right"],
                gaze=round((left_gaze + right_gaze) / 2, 3), width=round(eye_width, 1),
                seen=inside and mesh.presence >= MESH_SURE,
                shade=round(max(_shade(luma, points, LEFT_EYE_RING, LEFT_CHEEK),
                                _shade(luma, points, RIGHT_EYE_RING, RIGHT_CHEEK)), 3))


def _shade(luma: np.ndarray, points: np.ndarray, ring: tuple[int, ...], cheek: int) -> float:
    """The eye's mean luma over the median of a patch of cheek under it (0.4 of the eye's
    width across); 1.0 (nothing to say) when either is not wholly inside the frame."""
    ring_points = np.round(points[list(ring)]).astype(np.int32)
    x0, y0, w, h = cv2.boundingRect(ring_points)
    height, width = luma.shape[:2]
    r = max(2, round(0.2 * w))
    cx, cy = np.round(points[cheek]).astype(int)
    if (w < 2 or h < 1 or x0 < 0 or y0 < 0 or x0 + w > width or y0 + h > height
            or cx - r < 0 or cy - r < 0 or cx + r > width or cy + r > height):
        return 1.0
    inside = np.zeros((h, w), np.uint8)
    cv2.fillPoly(inside, [ring_points - (x0, y0)], 1)
    eye = luma[y0:y0 + h, x0:x0 + w][inside > 0]
    if eye.size < 5:
        return 1.0
    return float(np.mean(eye)) / max(float(np.median(luma[cy - r:cy + r, cx - r:cx + r])), 1.0)


def _eye(points: np.ndarray, eye: tuple[int, ...], across: np.ndarray) -> tuple[float, float]:
    """The eye's lid gap over its width, and where its iris sits along `across` (a unit
    vector) as a share of the half-width from the eye's middle."""
    outer, inner, upper, lower, iris = (points[i] for i in eye)
    width = float(np.linalg.norm(outer - inner))
    if width < 1e-6:
        return 0.0, 0.0
    gap = float(np.linalg.norm(upper - lower))
    return gap / width, float(np.dot(iris - (outer + inner) / 2, across)) / (width / 2)
