"""Focus on the face: Laplacian energy of the face resampled to a fixed size.

Resampling every face to the same height makes the figure independent of how big the
face is in the frame; dividing by the face's own contrast keeps a dimly lit face from
reading as soft. A face the working picture holds smaller than that height is read from
the file's finer pixels where it has them (measures/finer.py): enlarged from the working
picture, a sharp face in a 24 MP full-length frame read soft.
"""

from __future__ import annotations

import cv2
import numpy as np

from shotkind_desktop.core.judgement.face_record import Face
from shotkind_desktop.core.judgement.measures.finer import FinerPixels

FACE_SAMPLE_HEIGHT = 128
# The inner face, as shares of the detector's box: clear of its sides' hair and backdrop
# and of the forehead's hairline, down to the chin (where the box ends, the jaw's edge).
INNER_LEFT, INNER_RIGHT, INNER_TOP, INNER_BOTTOM = 0.15, 0.85, 0.15, 0.9
# Levels added to the face's contrast (its standard deviation) before dividing by it, so a
# flat or dim face's few levels of noise do not read as sharp detail.
CONTRAST_FLOOR = 8.0


def measure_sharpness(luma: np.ndarray, face: Face, finer: FinerPixels | None = None) -> float:
    """log10 of the contrast-normalised Laplacian variance of the inner face; `luma` is
    the frame's 8-bit luma (perception makes it once), `finer` its finer pixels (None:
    the working picture is all there is)."""
    x, y, w, h = face.box
    height, width = luma.shape[:2]
    left, right = int(max(0, x + INNER_LEFT * w)), int(min(width, x + INNER_RIGHT * w))
    top, bottom = int(max(0, y + INNER_TOP * h)), int(min(height, y + INNER_BOTTOM * h))
    if right - left < 4 or bottom - top < 4:
        return 0.0
    crop = luma[top:bottom, left:right]
    if finer is not None and crop.shape[0] < FACE_SAMPLE_HEIGHT:
        found = finer.luma((left, top, right - left, bottom - top), bottom - top, FACE_SAMPLE_HEIGHT)
        if found is not None:
            crop = found[0]
    scale = FACE_SAMPLE_HEIGHT / crop.shape[0]
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    crop = cv2.resize(crop, (max(4, round(crop.shape[1] * scale)), FACE_SAMPLE_HEIGHT),
                      interpolation=interpolation).astype(np.float32)
    energy = float(cv2.Laplacian(crop, cv2.CV_32F, ksize=3).var())
    contrast = float(crop.std()) + CONTRAST_FLOOR
    return round(float(np.log10(energy / contrast + 1e-6)), 3)
