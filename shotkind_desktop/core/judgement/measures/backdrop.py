"""Backdrop plainness: what is left when the person is taken out of the frame.

Two things make a backdrop busy: fine detail (edges of objects, text, foliage) and
blotches of colour or tone (a blurred room is smooth but still not plain). A studio
gradient is neither, so tone is judged after a smooth quadratic surface is fitted and
taken away.

Its tone and colour are measured too (medians, so a stray light stand or the hair's edge
do not move them): a headshot day's frames must look like one team, and a backdrop a
stop darker or warmer than the others' is what gives a sitter away (core.people.consistency).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.judgement.perception.person import person_mask

MIN_BACKGROUND_PIXELS = 100  # fewer, and the person fills the frame: nothing to judge
MIN_WEDGE = 0.002            # a flat corner smaller than this is just a flat corner
BLOTCH_LONG_SIDE = 48        # tone variation is judged on a very coarse grid
TONE_STEP = 3                # tone and colour read every third pixel each way: a median
                             # of thousands of backdrop pixels either way, a ninth of the work


@dataclass(frozen=True)
class Backdrop:
    edge_density: float     # fraction of background pixels on an edge
    blotchiness: float      # Lab colour difference left after the smooth fit (ΔE units)
    area: float             # background as a fraction of the frame
    person: float = 0.0     # the person as a fraction of the frame
    stops: float | None = None    # median luminance, in stops below white (linear light)
    a_star: float | None = None   # median CIELAB a* (+ magenta, - green)
    b_star: float | None = None   # median CIELAB b* (+ warm/yellow, - cool/blue)


def measure_backdrop(small: np.ndarray, person: np.ndarray | None) -> Backdrop:
    """`small`: the frame at screen-preview size; `person`: the person probability at the
    same size (None: no person, the whole frame is backdrop)."""
    shape = small.shape[:2]
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (3, 3), 0)
    # Keep clear of the person's outline and of flat wedges at the edges: neither is
    # the backdrop's own detail.
    margin = max(3, round(0.02 * max(shape)))
    kernel = np.ones((margin, margin), np.uint8)
    outside = np.ones(shape, np.uint8) if person is None else (person_mask(person) == 0).view(np.uint8)
    share = round(1 - float(outside.mean()), 3)
    wedges = _edge_wedges(gray).view(np.uint8)
    if wedges.sum() < 0.5 * outside.sum():
        # a blank corner or two, not a white cut-out backdrop (that is the backdrop)
        outside = outside & ~wedges & 1
    background = cv2.erode(outside, kernel).view(bool)
    area = float(outside.mean())
    if background.sum() < MIN_BACKGROUND_PIXELS:
        return Backdrop(edge_density=0.0, blotchiness=0.0, area=round(area, 3), person=share)
    edges = cv2.Canny(gray, 40, 120) > 0
    stops, a_star, b_star = _tone_and_colour(small, background)
    return Backdrop(
        edge_density=round(float(edges[background].mean()), 4),
        blotchiness=round(_blotchiness(small, background), 3),
        area=round(area, 3),
        person=share,
        stops=stops, a_star=a_star, b_star=b_star,
    )

_CODES = np.arange(256, dtype=np.float32) / 255
_LINEAR = np.where(_CODES <= 0.04045, _CODES / 12.92, ((_CODES + 0.055) / 1.055) ** 2.4).astype(np.float32)


def _tone_and_colour(image: np.ndarray, background: np.ndarray) -> tuple[float | None, ...]:
    """Median luminance in stops below white, measured in linear light (what an exposure
    change moves by its stops), and median a*, b*."""
    size = (max(1, image.shape[1] // TONE_STEP), max(1, image.shape[0] // TONE_STEP))
    sampled = cv2.resize(image, size, interpolation=cv2.INTER_NEAREST)      # contiguous: fast to index
    keep = cv2.resize(background.view(np.uint8), size, interpolation=cv2.INTER_NEAREST).view(bool)
    pixels = sampled[keep]
    if len(pixels) < MIN_BACKGROUND_PIXELS // TONE_STEP:
        return None, None, None
    linear = cv2.LUT(pixels.reshape(1, -1, 3), _LINEAR).reshape(-1, 3)        # BGR, 0..1
    luminance = linear @ np.array([0.0722, 0.7152, 0.2126], np.float32)
    stops = float(np.log2(max(float(np.median(luminance)), 1 / 4096)))
    lab = cv2.cvtColor(pixels.reshape(1, -1, 3), cv2.COLOR_BGR2Lab).reshape(-1, 3).astype(np.float32)
    a_star, b_star = np.median(lab[:, 1]) - 128, np.median(lab[:, 2]) - 128      # 8-bit Lab
    return round(stops, 3), round(float(a_star), 1), round(float(b_star), 1)


def _edge_wedges(gray: np.ndarray) -> np.ndarray:
    """Flat areas of one tone reaching a corner of the frame (the blank wedges of a
    rotated or pasted crop): found by filling from each corner with no tolerance."""
    height, width = gray.shape
    wedges = np.zeros((height + 2, width + 2), np.uint8)
    for x, y in ((0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)):
        if not wedges[y + 1, x + 1]:
            cv2.floodFill(gray, wedges, (x, y), 0, 0, 0,
                          4 | cv2.FLOODFILL_MASK_ONLY | cv2.FLOODFILL_FIXED_RANGE | (1 << 8))
    filled = wedges[1:-1, 1:-1].view(bool)
    return filled if filled.mean() >= MIN_WEDGE else np.zeros_like(filled)


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
