"""The expression: how much the face smiles (the blendshape model's mouth-corner smile
scores), how far the lips are apart and how far the upper lids are raised (from the mesh).

A smile or a laugh keeps a headshot approachable; an open mouth without a smile (talking,
shouting, surprise) makes the frame a portrait (DESIGN.md). Frowns, pouts and sneers
from the blendshape model were tried for "other" and never helped on the labelled
photos (benchmarks/README.md), so they are not read.

Wide eyes are read from anatomy instead: at rest the upper lid covers the top of the
iris; raised past it, white shows above the iris, the upper-lid raiser of surprise and
fear (Ekman's action unit 5). The clearance is measured across the eye's corner line in
the iris's own vertical radius, so it holds at any size and for a turned face.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shotkind_desktop.core.judgement.perception.mesh import FaceMesh
from shotkind_desktop.core.judgement.perception.mesh_points import (
    LEFT_EYE, LEFT_IRIS_RIM, LOWER_LIP, MOUTH_LEFT, MOUTH_RIGHT, RIGHT_EYE, RIGHT_IRIS_RIM, UPPER_LIP)

# Anatomy: an adult iris is about 12 mm across in an eye about 30 mm from corner to corner
# (0.4); the mesh's rim outside 0.25-0.7 of the eye's width is not reading an eye. Even
# the widest-eyed fear shows less white above the iris than the iris's own radius.
IRIS_WIDTH = (0.25, 0.7)
MAX_CLEARANCE = 1.0
UNREADABLE = -1.0     # a clearance that says nothing: the lid well over the iris


@dataclass(frozen=True)
class Expression:
    smile: float          # mean of the two mouth-corner smile scores, 0..1
    mouth_open: float     # gap between the inner lips / mouth width (teeth or a laugh show)
    seen: bool            # the mouth inside the frame
    white_above_iris: float   # the upper lid's clearance over the iris top, in iris radii,
                              # the lesser of the two eyes (about -0.4 at rest; > 0 white shows)


def measure_expression(mesh: FaceMesh, width: int, height: int) -> Expression:
    """`width` and `height`: the frame's, in the mesh's pixels."""
    scores = mesh.blendshapes
    points = mesh.points[:, :2]
    mouth = points[[UPPER_LIP, LOWER_LIP, MOUTH_RIGHT, MOUTH_LEFT]]
    inside = bool(np.all((mouth >= 0) & (mouth < (width, height))))
    width = max(float(np.linalg.norm(points[MOUTH_LEFT] - points[MOUTH_RIGHT])), 1e-6)
    gap = float(np.linalg.norm(points[UPPER_LIP] - points[LOWER_LIP])) / width
    return Expression(smile=round((scores["mouth_smile_left"] + scores["mouth_smile_right"]) / 2, 3),
                      mouth_open=round(gap, 3), seen=inside,
                      white_above_iris=round(min(_white_above_iris(points, LEFT_EYE, LEFT_IRIS_RIM),
                                                 _white_above_iris(points, RIGHT_EYE, RIGHT_IRIS_RIM)), 3))


def _white_above_iris(points: np.ndarray, eye: tuple[int, ...], rim: tuple[int, ...]) -> float:
    """How far the upper lid sits above the iris's top, in the iris's vertical radius,
    both measured square to the line through the eye's corners. UNREADABLE where the
    mesh is not an eye's shape (a face on its side the model was sure of anyway): the
    iris not between the lids, or not the size of an iris against the eye's width."""
    outer, inner, upper, lower, iris = (points[i] for i in eye)
    across = inner - outer
    length = float(np.linalg.norm(across))
    if not np.isfinite(length) or length <= 0:
        return UNREADABLE
    up = np.array([across[1], -across[0]]) / length
    if np.dot(up, upper - lower) < 0:    # toward the brow, whichever eye, mirror or roll
        up = -up
    heights = (points[list(rim)] - iris) @ up
    radius = float(heights.max() - heights.min()) / 2
    lid_above, lid_below = float(np.dot(upper - iris, up)), float(np.dot(lower - iris, up))
    if not (IRIS_WIDTH[0] * length <= 2 * radius <= IRIS_WIDTH[1] * length and lid_below < 0 < lid_above):
        return UNREADABLE
    clearance = (lid_above - radius) / radius
    return clearance if np.isfinite(clearance) and clearance <= MAX_CLEARANCE else UNREADABLE
