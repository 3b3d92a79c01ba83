"""Head pose (yaw, pitch, roll, in degrees) from the five face landmarks.

A closed-form model of an average adult head rather than a fitted one: the eyes sit
about 64 mm apart and about 32 mm behind the nose tip, so when the head turns by yaw θ the
nose tip shifts across the eye line by (D / 2E)·tanθ of the eye distance. Pitch comes
the same way from where the nose sits between the eye line and the mouth line.
Signs: yaw > 0 turned toward the image's right, pitch > 0 chin up, roll > 0 the head
tilted clockwise in the image.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from shotkind_desktop.core.faces import Face

EYE_HALF_SPAN = 32.0      # mm, eye centre to face midline
NOSE_DEPTH = 32.0         # mm, nose tip in front of the eye plane
EYES_ABOVE_NOSE = 40.0    # mm
MOUTH_BELOW_NOSE = 25.0   # mm
MOUTH_FORWARD = 22.0      # mm, mouth corners in front of the eye plane


@dataclass(frozen=True)
class Facing:
    yaw: float
    pitch: float
    roll: float


def measure_facing(face: Face) -> Facing:
    points = np.array(face.landmarks, dtype=np.float64)
    left_eye, right_eye, nose, mouth_left, mouth_right = points
    dx, dy = right_eye - left_eye
    roll = math.degrees(math.atan2(dy, dx))
    # Undo the roll around the eyes' midpoint so yaw and pitch read along the face's axes.
    angle = -math.radians(roll)
    rotation = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    centre = (left_eye + right_eye) / 2
    left_eye, right_eye, nose, mouth_left, mouth_right = (points - centre) @ rotation.T
    eye_span = right_eye[0] - left_eye[0]
    if eye_span <= 1e-6:
        return Facing(yaw=90.0, pitch=0.0, roll=round(roll, 1))
    across = (nose[0] - left_eye[0]) / eye_span
    yaw = math.degrees(math.atan((across - 0.5) * 2 * EYE_HALF_SPAN / NOSE_DEPTH))
    mouth_y = (mouth_left[1] + mouth_right[1]) / 2
    down = nose[1] / max(mouth_y, 1e-6)   # eye line at 0 after the roll is undone
    # Chin up by φ lifts each point by its forwardness·sinφ, so with t = tanφ:
    # down = (E - D·t) / (E + M - F·t), solved for t.
    e, m, d, f = EYES_ABOVE_NOSE, MOUTH_BELOW_NOSE, NOSE_DEPTH, MOUTH_FORWARD
    denominator = d - down * f
    tangent = (e - down * (e + m)) / denominator if abs(denominator) > 1e-6 else 0.0
    pitch = math.degrees(math.atan(tangent))
    return Facing(yaw=round(yaw, 1), pitch=round(pitch, 1), roll=round(roll, 1))
