"""Pixels finer than the working picture's, for the measures that read fine detail: focus
on the eyes and on the face.

A measure that reads a region at a fixed sample size enlarges a region the working
picture holds smaller, and an enlargement is soft by construction: a sharp face 80
pixels tall in the working picture of a 24 MP full-length portrait read "slightly soft"
where the same face, the same pixels, framed tighter read crisp. Where the file holds
more pixels (core.files.detail), the region is read from them instead, at the sample's
size or as fine as the file holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.files.detail import DetailSource


@dataclass(frozen=True)
class FinerPixels:
    """A frame's finer pixels and where the working picture sits in them."""

    detail: DetailSource
    offset: tuple[float, float]   # where the working picture starts in the decoded frame (bars cut)
    scale: float                  # working pixels per full-resolution pixel
    full_width: int               # the upright frame's width at full resolution

    def luma(self, box: tuple[float, float, float, float], length: float,
             sample: float) -> tuple[np.ndarray, str] | None:
        """The luma of `box` (working pixels) read so that `length` (working pixels: an
        eye's width, a face's height) spans `sample` pixels, or as many as the file holds,
        and where they came from ("full resolution", "1/2"); None when the file holds no
        more than the working picture there."""
        ratio = self.detail.upright_size[0] / self.full_width / self.scale   # source pixels per working pixel
        x, y, w, h = box
        source_box = ((x + self.offset[0]) * ratio, (y + self.offset[1]) * ratio, w * ratio, h * ratio)
        region = self.detail.luma(source_box, min(1.0, sample / (length * ratio)))
        if region is None:
            return None
        held = length * ratio * region.scale
        if held <= length * 1.05:
            return None
        fraction = region.scale * self.detail.upright_size[0] / self.full_width
        where = "full resolution" if fraction > 0.99 else f"1/{round(1 / fraction)}"
        return shrunk(region.luma, sample / held), where


def shrunk(luma: np.ndarray, factor: float) -> np.ndarray:
    """`luma` resized by `factor`, never enlarged (an enlargement adds no detail)."""
    if factor >= 0.999:
        return luma
    size = (max(6, round(luma.shape[1] * factor)), max(6, round(luma.shape[0] * factor)))
    return cv2.resize(luma, size, interpolation=cv2.INTER_AREA)
