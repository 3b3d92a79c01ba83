"""Statistics of light in a region from how many of its pixels sit at each 8-bit luma
level: the mean and percentiles of scene-linear luminance, exactly as if every pixel
had been converted to linear light, at the cost of one histogram (cv2.calcHist)
instead of a floating-point copy of the frame."""

from __future__ import annotations

import numpy as np
import cv2

from shotkind_desktop.core.judgement.measures.regions import SRGB_TO_LINEAR

# An 8-bit level from which a channel or a tone is burnt out: the top of the range, with
# room for a JPEG's noise round it.
BURNT_OUT = 250


class Levels:
    """The luma levels of the pixels of `luma` where `mask` is set (all pixels when None)."""

    def __init__(self, luma: np.ndarray, mask: np.ndarray | None = None):
        stencil = None if mask is None else mask.view(np.uint8) if mask.dtype == bool else mask
        self.counts = cv2.calcHist([luma], [0], stencil, [256], [0, 256]).ravel()
        self.total = float(self.counts.sum())
        self._cumulative = np.cumsum(self.counts)

    def mean(self) -> float:
        """Mean linear luminance (0 for an empty region)."""
        return float(self.counts @ SRGB_TO_LINEAR) / self.total if self.total else 0.0

    def percentiles(self, quantiles: list[float]) -> list[float]:
        """Linear luminance at each percentile, interpolated between neighbouring pixels
        as numpy.percentile does."""
        values = []
        for quantile in quantiles:
            rank = quantile / 100 * (self.total - 1)
            below, above = np.floor(rank), np.ceil(rank)
            low, high = self._value_at(below), self._value_at(above)
            values.append(low + (rank - below) * (high - low))
        return values

    def fraction_below(self, linear: float) -> float:
        """The share of the region darker than `linear`."""
        return float(self.counts[SRGB_TO_LINEAR < linear].sum()) / self.total if self.total else 0.0

    def _value_at(self, rank: float) -> float:
        """The linear luminance of the pixel at `rank` (0-based) in sorted order."""
        level = int(np.searchsorted(self._cumulative, rank, side="right"))
        return float(SRGB_TO_LINEAR[min(level, 255)])
