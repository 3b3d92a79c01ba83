"""The eyes: how open each is, where the irises look, and whether they can be seen.

Openness is the lid gap over the eye's width from the mesh (anatomy: an open adult eye
is about a third as tall as it is wide, a closed one a sliver), beside the blendshape
model's blink score, which has learnt the same from many faces. Gaze is the iris centre's
place between the eye corners: 0 in the middle, ±1 at a corner. "Left" and "right" are
the person's own (their left eye is on the image's right).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shotkind_desktop.core.perception.mesh import FaceMesh

# MediaPipe mesh points: (outer corner, inner corner, upper lid, lower lid, iris centre)
LEFT_EYE = (263, 362, 386, 374, 473)
RIGHT_EYE = (33, 133, 159, 145, 468)


@dataclass(frozen=True)
class Eyes:
    left_open: float       # lid gap / eye width
    right_open: float
    left_blink: float      # blendshape blink score, 0..1
    right_blink: float
    gaze: float            # iris across the eye, both eyes: 0 centred, ±1 at a corner
    width: float           # eye width in working pixels (too small to judge below ~6)


def measure_eyes(mesh: FaceMesh) -> Eyes:
    points = mesh.points[:, :2]
    left, left_gaze = _eye(points, LEFT_EYE)
    right, right_gaze = _eye(points, RIGHT_EYE)
    width = float(np.mean([np.linalg.norm(points[a] - points[b]) for a, b, *_ in (LEFT_EYE, RIGHT_EYE)]))
    # Blendshapes are named from the person's point of view, as ARKit's are: on frames
    # where one eye is shut (and their mirror images), eyeBlinkLeft rises with the lid
    # gap of the person's left eye (mesh points 386/374) falling, not the right's.
    return Eyes(left_open=round(left, 3), right_open=round(right, 3),
                left_blink=mesh.blendshapes["eye_blink_left"],
                right_blink=mesh.blendshapes["eye_blink_right"],
                gaze=round((left_gaze + right_gaze) / 2, 3), width=round(width, 1))


def _eye(points: np.ndarray, eye: tuple[int, ...]) -> tuple[float, float]:
    outer, inner, upper, lower, iris = (points[i] for i in eye)
    axis = outer - inner
    width = float(np.linalg.norm(axis))
    if width < 1e-6:
        return 0.0, 0.0
    gap = float(np.linalg.norm(upper - lower))
    across = float(np.dot(iris - (outer + inner) / 2, axis) / (width * width / 2))
    return gap / width, across
