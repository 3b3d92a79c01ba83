"""The expression: how much the face smiles (the blendshape model's mouth-corner smile
scores) and how far the lips are apart (from the mesh).

A smile or a laugh keeps a headshot approachable; an open mouth without a smile (talking,
shouting, surprise) makes the frame a portrait (DESIGN.md). Frowns, pouts and sneers
from the blendshape model were tried for "other" and never helped on the labelled
photos (benchmarks/README.md), so they are not read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from shotkind_desktop.core.judgement.perception.mesh import FaceMesh
from shotkind_desktop.core.judgement.perception.mesh_points import LOWER_LIP, MOUTH_LEFT, MOUTH_RIGHT, UPPER_LIP



@dataclass(frozen=True)
class Expression:
    smile: float          # mean of the two mouth-corner smile scores, 0..1
    mouth_open: float     # gap between the inner lips / mouth width (teeth or a laugh show)
    seen: bool            # the mouth inside the frame


def measure_expression(mesh: FaceMesh, width: int, height: int) -> Expression:
    """`width` and `height`: the frame's, in the mesh's pixels."""
    scores = mesh.blendshapes
    points = mesh.points[:, :2]
    mouth = points[[UPPER_LIP, LOWER_LIP, MOUTH_RIGHT, MOUTH_LEFT]]
    inside = bool(np.all((mouth >= 0) & (mouth < (width, height))))
    width = max(float(np.linalg.norm(points[MOUTH_LEFT] - points[MOUTH_RIGHT])), 1e-6)
    gap = float(np.linalg.norm(points[UPPER_LIP] - points[LOWER_LIP])) / width
    return Expression(smile=round((scores["mouth_smile_left"] + scores["mouth_smile_right"]) / 2, 3),
                      mouth_open=round(gap, 3), seen=inside)
