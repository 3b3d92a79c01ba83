"""Backdrop plainness: what is left when the person is taken out of the frame.

Two things make a backdrop busy: fine detail (edges of objects, text, foliage) and
blotches of colour or tone (a blurred room is smooth but still not plain). A studio
gradient is neither, so tone is judged after a smooth quadratic surface is fitted and
taken away.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.faces import Face
from shotkind_desktop.core.resample import shrink
from shotkind_desktop.core.measures.regions import frame_border, person_mask

ANALYSIS_LONG_SIDE = 480   # edges of a backdrop are judged at screen-preview size
MIN_BACKGROUND_AREA = 0.05  # below this the person fills the frame: read its border
BLOTCH_LONG_SIDE = 48      # tone variation is judged on a very coarse grid


@dataclass(frozen=True)
class Backdrop:
    edge_density: float     # fraction of background pixels on an edge
    blotchiness: float      # Lab colour difference left after the smooth fit (ΔE units)
    area: float             # background as a fraction of the frame


def measure_backdrop(image: np.ndarray, faces: list[Face]) -> Backdrop:
    height, width = image.shape[:2]
    factor = min(1.0, ANALYSIS_LONG_SIDE / max(height, width))
    small = shrink(image, (round(width * factor), round(height * factor))) if factor < 1 else image
    scaled = [face.scaled(factor) for face in faces]
    person = person_mask(small.shape[:2], scaled)
    # Keep clear of the person's outline: its edge is not the backdrop's.
    margin = max(3, round(0.02 * max(small.shape[:2])))
    background = ~cv2.dilate(person.astype(np.uint8), np.ones((margin, margin), np.uint8)).astype(bool)
    area = float(background.mean())
    if area < MIN_BACKGROUND_AREA:
        background = frame_border(small.shape[:2], scaled)
    if background.sum() < 100:
        return Backdrop(edge_density=0.0, blotchiness=0.0, area=area)
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (3, 3), 0)
    edges = cv2.Canny(gray, 40, 120) > 0
    return Backdrop(
        edge_density=round(float(edges[background].mean()), 4),
        blotchiness=round(_blotchiness(small, background), 3),
        area=round(area, 3),
    )


def _blotchiness(image: np.ndarray, background: np.ndarray) -> float:
    height, width = image.shape[:2]
    factor = BLOTCH_LONG_SIDE / max(height, width)
    size = (max(2, round(width * factor)), max(2, round(height * factor)))
    coarse = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(coarse.astype(np.float32) / 255, cv2.COLOR_BGR2Lab).reshape(-1, 3)
    mask = cv2.resize(background.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST).reshape(-1) > 0
    if mask.sum() < 12:
        return 0.0
    yy, xx = np.mgrid[0:size[1], 0:size[0]]
    x, y = xx.reshape(-1) / size[0], yy.reshape(-1) / size[1]
    basis = np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=1)[mask]
    values = lab[mask]
    coefficients, *_ = np.linalg.lstsq(basis, values, rcond=None)
    residual = values - basis @ coefficients
    return float(np.sqrt((residual ** 2).sum(axis=1).mean()))
