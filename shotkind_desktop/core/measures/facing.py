"""Head pose (yaw, pitch, roll, in degrees) from the face mesh's 3-D points.

The face's own axes are read off the mesh: across from the right eye's outer corner to
the left's, and up from the chin to the top of the forehead. Their cross product is the
direction the face points; its angle from the camera's axis is the pose. Signs: yaw > 0
turned toward the image's right, pitch > 0 chin up, roll > 0 the head tilted clockwise
in the image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# MediaPipe mesh points: outer eye corners (the person's right, left), forehead top, chin.
RIGHT_EYE_OUTER, LEFT_EYE_OUTER, FOREHEAD, CHIN = 33, 263, 10, 152


@dataclass(frozen=True)
class Facing:
    yaw: float
    pitch: float
    roll: float


def measure_facing(points: np.ndarray) -> Facing:
    """`points`: the mesh, 478 × 3 in frame pixels (z: smaller is nearer the camera)."""
    across = points[LEFT_EYE_OUTER] - points[RIGHT_EYE_OUTER]
    up = points[FOREHEAD] - points[CHIN]
    ahead = np.cross(across, up)            # (0, 0, -1) for a face toward the camera
    norm = float(np.linalg.norm(ahead))
    if norm < 1e-6:
        return Facing(yaw=90.0, pitch=0.0, roll=0.0)
    ahead = ahead / norm
    # A face can turn at most into profile: a mesh pointing away from the camera (a face
    # upside down or lying flat, where the model's depth is not to be trusted) reads 90°.
    yaw = math.degrees(math.atan2(ahead[0], max(-ahead[2], 0.0)))
    pitch = math.degrees(math.atan2(-ahead[1], math.hypot(ahead[0], ahead[2])))
    roll = math.degrees(math.atan2(across[1], across[0]))
    return Facing(yaw=round(yaw, 1), pitch=round(pitch, 1), roll=round(roll, 1))
