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

import cv2
import numpy as np

from shotkind_desktop.core.faces import Face
from shotkind_desktop.core.models import FACE_BLENDSHAPES, FACE_MESH, load_tflite

# The model's face-presence score under which its points are not to be trusted (a face
# cut by the frame, upside down, or not a face): MediaPipe's own default.
MESH_SURE = 0.5
CROP_SIZE = 256
CROP_SCALE = 1.5      # MediaPipe's region of interest: 1.5 times the face box

# The 146 points the blendshape model reads (MediaPipe's face_blendshapes_graph.cc).
BLENDSHAPE_POINTS = (
    0, 1, 4, 5, 6, 7, 8, 10, 13, 14, 17, 21, 33, 37, 39, 40, 46, 52, 53, 54, 55, 58, 61, 63,
    65, 66, 67, 70, 78, 80, 81, 82, 84, 87, 88, 91, 93, 95, 103, 105, 107, 109, 127, 132, 133,
    136, 144, 145, 146, 148, 149, 150, 152, 153, 154, 155, 157, 158, 159, 160, 161, 162, 163,
    168, 172, 173, 176, 178, 181, 185, 191, 195, 197, 234, 246, 249, 251, 263, 267, 269, 270,
    276, 282, 283, 284, 285, 288, 291, 293, 295, 296, 297, 300, 308, 310, 311, 312, 314, 317,
    318, 321, 323, 324, 332, 334, 336, 338, 356, 361, 362, 365, 373, 374, 375, 377, 378, 379,
    380, 381, 382, 384, 385, 386, 387, 388, 389, 390, 397, 398, 400, 402, 405, 409, 415, 454,
    466, 468, 469, 470, 471, 472, 473, 474, 475, 476, 477)
# The blendshapes ShotKind reads, by their place in the model's output (kBlendshapeNames).
BLENDSHAPES = {"eye_blink_left": 9, "eye_blink_right": 10,
               "mouth_smile_left": 44, "mouth_smile_right": 45}


# The face oval, hairline to chin and cheek to cheek (MediaPipe's FACEMESH_FACE_OVAL).
FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378,
             400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21,
             54, 103, 67, 109)


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

    @property
    def oval_box(self) -> tuple[float, float, float, float]:
        """The face from hairline to chin and cheek to cheek (x, y, width, height): the
        same anatomy whichever detector found the face, unlike the detectors' boxes."""
        oval = self.points[list(FACE_OVAL), :2]
        (left, top), (right, bottom) = oval.min(axis=0), oval.max(axis=0)
        return float(left), float(top), float(right - left), float(bottom - top)


def measure_mesh(image: np.ndarray, face: Face) -> FaceMesh:
    """The mesh of `face` in the BGR `image` (the frame the face was found in)."""
    crop, to_frame = _face_crop(image, face)
    rgb = cv2.cvtColor(crop, cv2.COLOR_BGR2RGB).astype(np.float32) / 255
    outputs = load_tflite(FACE_MESH).run(rgb[None])
    raw_points, presence_logit = outputs["Identity"], outputs["Identity_1"]
    local = raw_points.reshape(-1, 3)[:478].astype(np.float64)
    presence = 1 / (1 + math.exp(-float(np.ravel(presence_logit)[0])))
    blend_net = load_tflite(FACE_BLENDSHAPES)
    scores = np.ravel(next(iter(blend_net.run(local[list(BLENDSHAPE_POINTS), :2][None]).values())))
    frame_xy = local[:, :2] @ to_frame[:, :2].T + to_frame[:, 2]
    scale = math.hypot(*to_frame[0, :2])
    points = np.column_stack([frame_xy, local[:, 2] * scale])
    return FaceMesh(points=points, presence=presence,
                    blendshapes={name: round(float(scores[i]), 4) for name, i in BLENDSHAPES.items()})


def _face_crop(image: np.ndarray, face: Face) -> tuple[np.ndarray, np.ndarray]:
    """The 256 × 256 crop the mesh model reads, and the 2 × 3 affine from crop to frame."""
    (rx, ry), (lx, ly) = face.landmarks[0], face.landmarks[1]
    angle = math.atan2(ly - ry, lx - rx)        # the eye line's slope in the frame
    x, y, w, h = face.box
    cx, cy = x + w / 2, y + h / 2
    side = CROP_SCALE * max(w, h)
    cos, sin = math.cos(angle), math.sin(angle)
    unit = side / CROP_SIZE
    # crop (u, v) -> frame: centre + rotation · (u - 128, v - 128) · unit
    to_frame = np.array([[cos * unit, -sin * unit, 0.0], [sin * unit, cos * unit, 0.0]])
    half = CROP_SIZE / 2
    to_frame[:, 2] = (cx, cy) - to_frame[:, :2] @ (half, half)
    crop = cv2.warpAffine(image, to_frame, (CROP_SIZE, CROP_SIZE),
                          flags=cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    return crop, to_frame
