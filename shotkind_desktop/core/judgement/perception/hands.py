"""Hands at the face: MediaPipe's palm detector, run on a square placed from the face.

A hand over the mouth, over an eye or pressed to a cheek spoils a headshot, and neither the
five face landmarks nor the face mesh (drawn straight through a hand) can see it. On the
whole frame a hand at a tight headshot's face is too big for the detector and one in a
half-body frame too small, so it looks where a hand touching the face must be: within
about a face size of it, and further below, where a chin rests on a hand.

Decoding follows MediaPipe's palm_detection_cpu graph: 192 × 192 letterboxed RGB in 0..1;
fixed-size SSD anchors; 18 numbers per anchor (box centre x, y, width, height, then 7
keypoints, in input pixels from the anchor centre); sigmoid scores (logits clipped to
±100) of at least 0.5; weighted non-maximum suppression at IoU 0.3.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from shotkind_desktop.core.files.resample import area
from shotkind_desktop.core.judgement.models import PALM_DETECTOR, load_tflite
from shotkind_desktop.core.judgement.parameters import PARAMETERS, Parameters

INPUT_SIZE = 192
# The graph's SSD anchors (4 layers, strides 8, 16, 16, 16, two anchors a layer): a 24 × 24
# grid with 2 anchors a cell, then the three stride-16 layers sharing a 12 × 12 grid.
ANCHOR_GRIDS = ((24, 2), (12, 6))
MIN_SCORE = 0.5             # the graph's min_score_thresh
SAME_HAND_IOU = 0.3         # the graph's non-maximum suppression threshold
# The square searched, in face sizes: 3 face widths wide, from 1 face height above the
# face box to 2 below (a palm under a covered mouth or a resting chin lies there).
WIDTH_IN_FACES, ABOVE, BELOW = 3.0, 1.0, 2.0
# There a face, beard or bare neck is about palm-sized, and the detector sometimes takes
# one for a palm (scores 0.5-0.8). MediaPipe confirms palms with a hand-landmark model
# ShotKind does not ship; instead each palm is looked at again, centred in a square
# CONFIRM_VIEW palm sizes wide (hands as big as in the selfie frames the model was made
# for; a face there is far too big to be a palm), and kept only if the detector is sure
# there on average over that view and its mirror image. The detector is not symmetric: a
# clean headshot's cheek scored 0.72 in one view and nothing in its mirror after JPEG
# compression, a real hand at a microphone 0.76 and 0.68; the mean of the two is the
# steadier verdict (test-time augmentation), and it costs a look only where a palm is seen.
CONFIRM_VIEW = 6.0
MIRROR_MIN_SCORE = 0.05   # the mirror's score of that palm however low (0.95 and 0.45 keep a hand)
# The detector boxes the palm; MediaPipe's whole-hand region (the palm box scaled 2.6 and
# moved half a box towards the fingers) ends 1.3 palm boxes past it, at the fingertips.
FINGER_REACH = 1.3


@dataclass(frozen=True)
class Hand:
    """A hand near a face: palm and fingers, in the frame's pixels."""

    box: tuple[float, float, float, float]   # x, y, width, height
    score: float                             # the detector's confidence, 0..1


def find_hands(image_bgr: np.ndarray, face_box: tuple[float, float, float, float],
               p: Parameters = PARAMETERS) -> list[Hand]:
    """Hands in the BGR frame that reach the face at `face_box` (x, y, w, h), surest
    first: those sure enough in a closer look (p.hand_confirm_score)."""
    x, y, w, h = face_box
    side = max(WIDTH_IN_FACES * w, (ABOVE + 1 + BELOW) * h)
    left, top = x + w / 2 - side / 2, y + h * (1 + BELOW - ABOVE) / 2 - side / 2
    hands = []
    for palm, score in palms_in_view(image_bgr, left, top, side):
        if not overlap(_whole_hand(palm, score).box, face_box):
            continue     # a hand that does not reach the face changes nothing: no second look
        reach = CONFIRM_VIEW * max(palm[2], palm[3])
        view = (palm[0] + palm[2] / 2 - reach / 2, palm[1] + palm[3] / 2 - reach / 2, reach)
        again = _same_palm(palm, palms_in_view(image_bgr, *view))
        if again is None:
            continue
        mirrored = _same_palm(palm, palms_in_view(image_bgr, *view, mirrored=True, min_score=MIRROR_MIN_SCORE))
        sureness = (again[1] + (mirrored[1] if mirrored else 0.0)) / 2
        if sureness >= p.hand_confirm_score:
            hands.append(_whole_hand(again[0], sureness))
    return sorted(hands, key=lambda hand: -hand.score)


def _same_palm(palm: np.ndarray, seen: list[tuple[np.ndarray, float]]) -> tuple[np.ndarray, float] | None:
    """The surest of `seen` that is the palm `palm` (boxes overlapping past SAME_HAND_IOU)."""
    return next(((other, score) for other, score in seen
                 if _iou(palm[:4], other[None, :4])[0] > SAME_HAND_IOU), None)


def palms_in_view(image_bgr: np.ndarray, left: float, top: float, side: float,
                  mirrored: bool = False, min_score: float = MIN_SCORE) -> list[tuple[np.ndarray, float]]:
    """Palms in the square (left, top, side) of the frame, padded black beyond its edges:
    x, y, w, h, wrist x, y, middle knuckle x, y in frame pixels, with scores, best first.
    `mirrored` shows the detector the square mirrored left to right (the palms come back
    in the frame's own coordinates); `min_score` is the least score kept."""
    if side < 1:
        return []
    height, width = image_bgr.shape[:2]
    scale = INPUT_SIZE / side
    x0, y0 = max(0, int(np.floor(left))), max(0, int(np.floor(top)))
    x1, y1 = min(width, int(np.ceil(left + side))), min(height, int(np.ceil(top + side)))
    u0, v0 = max(0, round((x0 - left) * scale)), max(0, round((y0 - top) * scale))
    u1, v1 = min(INPUT_SIZE, round((x1 - left) * scale)), min(INPUT_SIZE, round((y1 - top) * scale))
    square = np.zeros((INPUT_SIZE, INPUT_SIZE, 3), np.float32)
    if u1 > u0 and v1 > v0:
        part = area(image_bgr[y0:y1, x0:x1], (u1 - u0, v1 - v0))
        square[v0:v1, u0:u1] = cv2.cvtColor(part, cv2.COLOR_BGR2RGB) / 255
    if mirrored:
        square = np.ascontiguousarray(square[:, ::-1])
    net = load_tflite(PALM_DETECTOR)
    outputs = net.run(square[None])
    regressors, logits = outputs["Identity"], outputs["Identity_1"]
    scores = 1 / (1 + np.exp(-np.clip(logits.reshape(-1), -100, 100)))
    keep = scores >= min_score
    raw = regressors.reshape(-1, 18)[keep] / INPUT_SIZE
    anchors = _anchor_centres()[keep]
    palms = np.column_stack([anchors + raw[:, 0:2] - raw[:, 2:4] / 2, raw[:, 2:4],
                             anchors + raw[:, 4:6], anchors + raw[:, 8:10]])   # keypoints 0, 2
    if mirrored:     # back to the square as it lies in the frame: x to 1 - x, boxes by their far edge
        palms[:, [0, 4, 6]] = 1 - palms[:, [0, 4, 6]]
        palms[:, 0] -= palms[:, 2]
    offset = np.array([left, top, 0, 0, left, top, left, top])
    return [(palm * side + offset, score) for palm, score in _weighted_nms(palms, scores[keep])]


@cache
def _anchor_centres() -> np.ndarray:
    """The 2016 anchor centres (x, y) in 0..1, in the model's output order: row by row,
    each cell's anchors together."""
    centres = []
    for cells, per_cell in ANCHOR_GRIDS:
        grid = (np.arange(cells) + 0.5) / cells
        rows, columns = np.meshgrid(grid, grid, indexing="ij")
        centres.append(np.repeat(np.column_stack([columns.ravel(), rows.ravel()]), per_cell, axis=0))
    return np.concatenate(centres)


def _weighted_nms(palms: np.ndarray, scores: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """MediaPipe's weighted suppression: the best palm becomes the score-weighted mean of
    all palms overlapping it by more than SAME_HAND_IOU, which are then set aside."""
    order = np.argsort(-scores)
    palms, scores = palms[order], scores[order]
    merged = []
    while len(scores):
        same = _iou(palms[0, :4], palms[:, :4]) > SAME_HAND_IOU
        same[0] = True
        weights = scores[same][:, None]
        merged.append(((palms[same] * weights).sum(0) / weights.sum(), float(scores[0])))
        palms, scores = palms[~same], scores[~same]
    return merged


def _iou(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    width = np.minimum(box[0] + box[2], boxes[:, 0] + boxes[:, 2]) - np.maximum(box[0], boxes[:, 0])
    height = np.minimum(box[1] + box[3], boxes[:, 1] + boxes[:, 3]) - np.maximum(box[1], boxes[:, 1])
    inter = np.clip(width, 0, None) * np.clip(height, 0, None)
    return inter / np.maximum(box[2] * box[3] + boxes[:, 2] * boxes[:, 3] - inter, 1e-9)


def _whole_hand(palm: np.ndarray, score: float) -> Hand:
    """Palm and fingers: the palm box and that box moved FINGER_REACH palm sizes from the
    wrist towards the middle knuckle."""
    x, y, w, h, wrist_x, wrist_y, knuckle_x, knuckle_y = palm
    towards = np.array([knuckle_x - wrist_x, knuckle_y - wrist_y])
    reach_x, reach_y = towards / max(float(np.hypot(*towards)), 1e-9) * FINGER_REACH * max(w, h)
    x0, y0 = min(x, x + reach_x), min(y, y + reach_y)
    x1, y1 = max(x + w, x + w + reach_x), max(y + h, y + h + reach_y)
    return Hand((float(x0), float(y0), float(x1 - x0), float(y1 - y0)), float(score))


def overlap(a, b) -> float:
    """The area two boxes (x, y, w, h) share."""
    return (max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
            * max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])))
