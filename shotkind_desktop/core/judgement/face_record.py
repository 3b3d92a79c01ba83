"""A face as the detectors give it and as a stored result keeps it, and what is read off
it without pixels: the main face, the subjects beside it, its eyes, its turn from the
five landmarks.

No OpenCV here: the verdict, the crop guides, the sitters' consistency, the delivery and
the window read faces off stored records, and reading results loads no image library
(pyproject.toml's import-linter contracts).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from shotkind_desktop.core.judgement.parameters import PARAMETERS, Parameters


@dataclass(frozen=True)
class Face:
    """A detected face. Landmarks: eye on the image's left, eye on the right, nose tip,
    mouth corner on the left, mouth corner on the right; each (x, y)."""

    box: tuple[float, float, float, float]   # x, y, width, height
    confidence: float
    landmarks: tuple[tuple[float, float], ...]

    @property
    def height(self) -> float:
        return self.box[3]

    @property
    def centre(self) -> tuple[float, float]:
        x, y, w, h = self.box
        return x + w / 2, y + h / 2

    def scaled(self, factor: float) -> Face:
        """The same face in an image `factor` times larger."""
        return replace(
            self,
            box=tuple(v * factor for v in self.box),
            landmarks=tuple((x * factor, y * factor) for x, y in self.landmarks),
        )


def main_face(faces: list[Face], width: int, height: int, p: Parameters = PARAMETERS) -> Face | None:
    """The largest face; among faces of nearly equal size (p.main_face_band), the one
    nearest the centre."""
    if not faces:
        return None
    largest = max(face.height for face in faces)
    contenders = [face for face in faces if face.height >= p.main_face_band * largest]
    return min(contenders, key=lambda f: np.hypot(f.centre[0] - width / 2, f.centre[1] - height / 2))


def subject_faces(faces: list[Face], main: Face, p: Parameters = PARAMETERS) -> list[Face]:
    """The faces big enough beside the main one to count as subjects (the main included)."""
    return [face for face in faces if face.height >= p.subject_face_ratio * main.height]


# An average adult head: the eyes sit about 64 mm apart and 32 mm behind the nose tip, so
# when the head turns by θ the nose tip shifts across the eye line by (D / 2E)·tanθ.
EYE_HALF_SPAN, NOSE_DEPTH = 32.0, 32.0   # mm


def landmark_turn(face: Face) -> tuple[float, float] | None:
    """(yaw, roll) in degrees from the detector's five landmarks, where the mesh is not
    to be trusted (and for face records made before the mesh); None when the eyes
    coincide. Signs as measures.facing's."""
    points = np.array(face.landmarks[:3], dtype=np.float64)
    left_eye, right_eye, nose = points
    dx, dy = right_eye - left_eye
    span = math.hypot(dx, dy)
    if span <= 1e-6:
        return None
    across = float(np.dot(nose - left_eye, (dx, dy))) / (span * span)
    yaw = math.degrees(math.atan((across - 0.5) * 2 * EYE_HALF_SPAN / NOSE_DEPTH))
    return round(yaw, 1), round(math.degrees(math.atan2(dy, dx)), 1)


def landmark_yaw(face: Face) -> float:
    """The turn from five landmarks; 90° (a profile) where the eyes coincide."""
    turn = landmark_turn(face)
    return 90.0 if turn is None else turn[0]


def face_from_record(record: dict) -> Face:
    """A face as FrameResult records it (box, confidence, landmarks) as a Face."""
    return Face(box=tuple(record["box"]), confidence=float(record.get("confidence", 1.0)),
                landmarks=tuple(tuple(p) for p in record.get("landmarks") or ()))


def face_eyes(face: dict) -> list:
    """A face record's two eyes, the person's right (on the image's left) first: the main
    face's as the mesh found them (analysis records them as `eyes`), else the detector's
    eye landmarks; [] without either."""
    return list(face.get("eyes") or (face.get("landmarks") or ())[:2])


def between_eyes(face: dict) -> tuple[float, float]:
    """The point between a face record's two eyes; the box centre without them."""
    eyes = face_eyes(face)
    if len(eyes) == 2:
        (rx, ry), (lx, ly) = eyes
        return (rx + lx) / 2, (ry + ly) / 2
    x, y, w, h = face["box"]
    return x + w / 2, y + h / 2


def main_face_record(faces: list[dict], width: int, height: int) -> dict | None:
    """The face the scores are about, as its record: the one the analysis marked with its
    measured yaw (it chose it in the frame without letterbox bars), else main_face."""
    marked = [face for face in faces if "yaw" in face]
    if marked:
        return marked[0]
    built = [face_from_record(f) for f in faces]
    chosen = main_face(built, width, height)
    return None if chosen is None else faces[built.index(chosen)]
