"""Head pose (yaw, pitch, roll, in degrees) from the face mesh's 3-D points (from the
five detector landmarks where the mesh is unsure).

The face's own axes are read off the mesh: across from the right eye's outer corner to
the left's, and up from the chin to the top of the forehead. Their cross product is the
direction the face points; its angle from the camera's axis is the pose. Signs: yaw > 0
turned toward the image's right, pitch > 0 chin up, roll > 0 the head tilted clockwise
in the image.

Pitch is counted from a level head: the chin-to-hairline line leans back about 9° when
the head is level (the forehead slopes back from the brow), and the 85 faces labelled
frontal in both labelled sets read a median of -8.7° before this correction (so the figure
is fitted on the shared photos, without a held-out check; the anatomy says the same).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from shotkind_desktop.core.judgement.face_record import Face, landmark_turn
from shotkind_desktop.core.judgement.perception.mesh_points import CHIN, FOREHEAD, LEFT_EYE, RIGHT_EYE

RIGHT_EYE_OUTER, LEFT_EYE_OUTER = RIGHT_EYE[0], LEFT_EYE[0]
LEVEL_PITCH = -9.0      # degrees: the chin-to-hairline line's lean on a level head


@dataclass(frozen=True)
class Facing:
    yaw: float
    pitch: float
    roll: float
    sure: bool = True      # read on a mesh the model was sure of (else from five landmarks)

    @property
    def away(self) -> float:
        """Degrees between where the face points and the lens: a turn and a raised chin
        add up (22° and 22° is 31° away), where either alone still reads as toward it."""
        return math.degrees(math.acos(math.cos(math.radians(self.yaw)) * math.cos(math.radians(self.pitch))))


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
    pitch = math.degrees(math.atan2(-ahead[1], math.hypot(ahead[0], ahead[2]))) - LEVEL_PITCH
    roll = math.degrees(math.atan2(across[1], across[0]))
    return Facing(yaw=round(yaw, 1), pitch=round(pitch, 1), roll=round(roll, 1))


def landmark_facing(face: Face) -> Facing:
    """Yaw and roll from the detector's five landmarks (face_record.landmark_turn), where
    the mesh is not to be trusted: pitch is not read."""
    turn = landmark_turn(face)
    if turn is None:
        return Facing(yaw=90.0, pitch=0.0, roll=0.0, sure=False)
    yaw, roll = turn
    return Facing(yaw=yaw, pitch=0.0, roll=roll, sure=False)
