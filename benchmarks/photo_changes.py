"""Real photos changed the way a camera or the web changes them: robustness.py makes these
changes to measure how the judgement holds, and tests make them to change one thing and
check the direction of the result."""

from __future__ import annotations

import cv2
import numpy as np


def exposed(image: np.ndarray, stops: float) -> np.ndarray:
    """The 8-bit frame as if exposed `stops` more: scaled in linear light, clipped at white
    as a camera clips."""
    linear = (image / 255.0) ** 2.2 * 2.0 ** stops
    return np.clip(255 * np.minimum(linear, 1.0) ** (1 / 2.2), 0, 255).astype(np.uint8)


def recompressed(image: np.ndarray, quality: int) -> np.ndarray:
    """The frame saved as a JPEG of `quality` and read back, as a web copy is."""
    return cv2.imdecode(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])[1], cv2.IMREAD_COLOR)
