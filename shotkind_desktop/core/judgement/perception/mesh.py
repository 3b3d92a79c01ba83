"""The face mesh: 478 points of one face (eyelids, irises, lips) and MediaPipe's 52
expression scores (blendshapes) from them.

Five detector landmarks cannot see an eyelid; the mesh can. The face is cut out as
MediaPipe's face landmarker does: a square 1.5 times the detected box, turned so the eyes
are level, at 256 × 256. Points come back in the frame's pixels; their depth (z) in the
same pixel units, relative to the face's centre.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import cv2
import numpy as np

from shotkind_desktop.core.judgement.face_record import Face
from shotkind_desktop.core.judgement.models import FACE_BLENDSHAPES, FACE_MESH, load_tflite
from shotkind_desktop.core.judgement.perception.mesh_points import BLENDSHAPE_POINTS, FACE_OVAL, LEFT_EYE, RIGHT_EYE

# The model's face-presence score under which its points are not to be trusted (a face
# cut by the frame, upside down, or not a face): MediaPipe's own default.
MESH_SURE = 0.5
CROP_SIZE = 256
CROP_SCALE = 1.5      # MediaPipe's region of interest: 1.5 times the face box
RECROP_TILT = 10.0    # degrees between the crop's turn and the mesh's own eye line

# The blendshapes ShotKind reads, by their place in the model's output (kBlendshapeNames).
BLENDSHAPES = {"eye_blink_left": 9, "eye_blink_right": 10,
               "mouth_smile_left": 44, "mouth_smile_right": 45}


@dataclass(frozen=True)
class FaceMesh:
    """One face's mesh in frame pixels and its expression scores."""

    points: np.ndarray              # 478 × 3 (x, y, z), frame pixels
    presence: float                 # 0..1: the model's confidence that a face is there
    blendshapes: dict[str, float]   # BLENDSHAPES' names, 0..1

    def share_inside(self, width: int, height: int) -> float:
        """The share of the face oval inside a frame of this size: under 1, the frame's
        edge cuts the face."""
        oval = self.points[list(FACE_OVAL), :2]
        return float(np.mean(np.all((oval >= 0) & (oval < (width, height)), axis=1)))

    @cached_property
    def oval_box(self) -> tuple[float, float, float, float]:
        """The face from hairline to chin and cheek to cheek (x, y, width, height): the
        same anatomy whichever detector found the face, unlike the detectors' boxes.
        Worked out once: framing, appearance, eye focus and the hair's top read it."""
        oval = self.points[list(FACE_OVAL), :2]
        (left, top), (right, bottom) = oval.min(axis=0), oval.max(axis=0)
        return float(left), float(top), float(right - left), float(bottom - top)


def measure_mesh(image: np.ndarray, face: Face) -> FaceMesh:
    """The mesh of `face` in the BGR `image` (the frame the face was found in). The crop
    is turned by the detector's eye line; where the mesh finds the head tilted further
    than that (detectors under-read a strong tilt: 25° for 35°, 21° for 55°), it is read
    again on a crop turned by its own eye line, as MediaPipe's tracking does."""
    (rx, ry), (lx, ly) = face.landmarks[0], face.landmarks[1]
    angle = math.atan2(ly - ry, lx - rx)
    x, y, w, h = face.box
    centre, side = (x + w / 2, y + h / 2), CROP_SCALE * max(w, h)
    points, presence = _mesh_points(image, centre, side, angle)
    right, left = points[RIGHT_EYE[0], :2], points[LEFT_EYE[0], :2]
    tilt = math.atan2(left[1] - right[1], left[0] - right[0])
    if abs(math.remainder(tilt - angle, math.tau)) > math.radians(RECROP_TILT):
        points, presence = _mesh_points(image, centre, side, tilt)
    scores = np.ravel(next(iter(load_tflite(FACE_BLENDSHAPES).run(
        points[list(BLENDSHAPE_POINTS), :2][None]).values())))
    return FaceMesh(points=points, presence=presence,
                    blendshapes={name: round(float(scores[i]), 4) for name, i in BLENDSHAPES.items()})


def _mesh_points(image: np.ndarray, centre: tuple[float, float], side: float,
                 angle: float) -> tuple[np.ndarray, float]:
    """The 478 points (x, y in frame pixels, z in the same units) and the face-presence
    probability, from a crop `side` pixels square around `centre`, turned by `angle`."""
    crop, to_frame = _face_crop(image, centre, side, angle)
    rgb = cv2.cvtColor(crop, cv2.COLOR_BGR2RGB).astype(np.float32) / 255
    outputs = load_tflite(FACE_MESH).run(rgb[None])
    local = outputs["Identity"].reshape(-1, 3)[:478].astype(np.float64)
    presence = 1 / (1 + math.exp(-float(np.ravel(outputs["Identity_1"])[0])))
    frame_xy = local[:, :2] @ to_frame[:, :2].T + to_frame[:, 2]
    scale = math.hypot(*to_frame[0, :2])
    return np.column_stack([frame_xy, local[:, 2] * scale]), presence


def _face_crop(image: np.ndarray, centre: tuple[float, float], side: float,
               angle: float) -> tuple[np.ndarray, np.ndarray]:
    """The 256 × 256 crop the mesh model reads, and the 2 × 3 affine from crop to frame."""
    cos, sin = math.cos(angle), math.sin(angle)
    unit = side / CROP_SIZE
    # crop (u, v) -> frame: centre + rotation · (u - 128, v - 128) · unit
    to_frame = np.array([[cos * unit, -sin * unit, 0.0], [sin * unit, cos * unit, 0.0]])
    half = CROP_SIZE / 2
    to_frame[:, 2] = centre - to_frame[:, :2] @ (half, half)
    crop = cv2.warpAffine(image, to_frame, (CROP_SIZE, CROP_SIZE),
                          flags=cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    return crop, to_frame
