"""The histogram and clipping figures the side panel shows for the frame in the loupe.

They are computed on the screen preview, not the original: a histogram's shape and the
share of clipped pixels do not change with size, and a preview counts in a millisecond.
"""

from __future__ import annotations

import cv2
import numpy as np

CHANNELS = ("r", "g", "b")


def histogram(image: np.ndarray, bins: int = 256) -> dict[str, np.ndarray]:
    """Pixel counts per level for "r", "g", "b" and "luma" (Rec. 601, as JPEG stores it)
    of an RGB uint8 picture; each array has `bins` int64 counts covering 0..255."""
    _check(image)
    if not 1 <= bins <= 256:
        raise ValueError(f"bins must be between 1 and 256, not {bins}")
    rgb = image if image.ndim == 3 else cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    luma = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    counts = {name: _counts(rgb, channel, bins) for channel, name in enumerate(CHANNELS)}
    counts["luma"] = _counts(luma, 0, bins)
    return counts


def clipped_fractions(image: np.ndarray) -> tuple[float, float]:
    """The share of pixels crushed to black and blown to white: any channel at 0, any
    channel at 255 (one clipped channel already loses detail and shifts the colour)."""
    _check(image)
    darkest = image if image.ndim == 2 else image.min(axis=2)
    brightest = image if image.ndim == 2 else image.max(axis=2)
    return float(np.mean(darkest == 0)), float(np.mean(brightest == 255))


def _counts(image: np.ndarray, channel: int, bins: int) -> np.ndarray:
    counts = cv2.calcHist([image], [channel], None, [bins], [0, 256])
    return np.rint(counts.ravel()).astype(np.int64)


def _check(image: np.ndarray) -> None:
    if image.dtype != np.uint8 or image.ndim not in (2, 3) or image.size == 0 \
            or (image.ndim == 3 and image.shape[2] != 3):
        raise ValueError(f"expected an RGB or grey uint8 picture, not {image.dtype} {image.shape}")
