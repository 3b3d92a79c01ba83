"""Backdrop plainness: what is left when the person is taken out of the frame.

Two things make a backdrop busy: fine detail (edges of objects, text, foliage) and the
soft shapes of a room thrown out of focus (a window, a lamp, a colleague). Blurring
takes away a shape's edges but not the change of colour across it: even well out of
focus, colour and tone change by more than 0.5 ΔE (a fifth of a just-noticeable
difference) from one preview pixel to the next over a good share of such a backdrop, while a studio gradient,
a painted canvas or a light's fall-off changes slowly everywhere. So the soft shapes are
measured as that share. (A smooth surface fitted and taken away, measured before,
could not tell a glow or a vignette on a plain backdrop from a blurred room: on both
labelled sets it agreed with the labels 87% of the time, the share 93%.)

Its tone and colour are measured too (medians, so a stray light stand or the hair's edge
do not move them): a headshot day's frames must look like one team, and a backdrop a
stop darker or warmer than the others' is what gives a sitter away (core.people.consistency).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.judgement.measures.levels import BURNT_OUT
from shotkind_desktop.core.judgement.measures.regions import srgb_to_linear

MIN_BACKGROUND_PIXELS = 100  # fewer, and the person fills the frame: nothing to judge
MIN_WEDGE = 0.002            # a flat corner smaller than this is just a flat corner
# A white corner area is a turned crop's wedge when 95% of its border lies within this
# many preview pixels of one line (the pixel grid's staircase and the resize's blur),
# along at least WEDGE_MIN_BORDER pixels.
WEDGE_STRAIGHT = 1.5
WEDGE_MIN_BORDER = 20
WEDGE_MIN_SLANT = 1.0        # degrees off level or plumb: a crop turned to straighten a horizon
WEDGES_AT_MOST = 0.5         # flat corners as big as this share of what is outside the person
                             # are a cut-out backdrop of flat colour, the backdrop itself
# Read clear of the person's outline by half of this share of the preview's long side
# (the width of the erosion's square), and at least half OUTLINE_MIN_MARGIN pixels, or by
# the hair's fringe where that is wider (measure_backdrop): the mask's edge and loose hair
# are not the backdrop.
OUTLINE_MARGIN = 0.02
OUTLINE_MIN_MARGIN = 3
# Canny's hysteresis thresholds on the blurred 8-bit preview (low:high 1:3, as Canny
# advises): edge_density, and Parameters.edge_limit tuned on it, are in these edges.
EDGE_LOW, EDGE_HIGH = 40, 120
# Soft shapes are read on the preview, smoothed first so grain and the JPEG's own
# blocks do not count (σ 3 px ≈ 0.6% of the long side); a change counts at 0.5 ΔE a
# pixel, a just-noticeable difference (ΔE 2.3) within five pixels, 1% of the preview — a
# full-frame studio gradient changes about 0.1 ΔE a pixel. The share's limit is chosen by
# cross-validation (`Parameters.change_limit`); the blur and step hold from σ 2 to 4 and
# 0.35 to 0.75 ΔE.
CHANGE_BLUR = 3.0
CHANGE_STEP = 0.5
_WEDGE_REACH = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (6 * round(CHANGE_BLUR) + 1,) * 2)   # 3σ
# 8-bit Lab holds L* scaled to 0..255: squared steps summed as ΔE², L* scaled back
_LAB_UNITS = np.array([[(100 / 255) ** 2, 1.0, 1.0]], np.float32)
TONE_STEP = 3                # tone and colour read every third pixel each way: a median
                             # of thousands of backdrop pixels either way, a ninth of the work


@dataclass(frozen=True)
class Backdrop:
    edge_density: float     # fraction of background pixels on an edge
    colour_change: float    # fraction of background pixels where colour changes fast
    area: float             # background as a fraction of the frame
    person: float = 0.0     # the person as a fraction of the frame
    stops: float | None = None    # median luminance, in stops below white (linear light)
    a_star: float | None = None   # median CIELAB a* (+ magenta, - green)
    b_star: float | None = None   # median CIELAB b* (+ warm/yellow, - cool/blue)


def measure_backdrop(small: np.ndarray, small_luma: np.ndarray, person: np.ndarray | None,
                     fringe: float = 0.0) -> Backdrop:
    """`small`: the frame at screen-preview size, `small_luma` its 8-bit luma; `person`: its
    pixels more likely person than not (None: no person, the whole frame is backdrop);
    `fringe`: how far loose hair and the mask's blur reach past the person, in the
    preview's pixels (Parameters.backdrop_fringe of the face's height). A face crop's
    plain backdrop read busy on its hair: the fringe grows with the head, not the frame."""
    shape = small.shape[:2]
    gray = cv2.GaussianBlur(small_luma, (3, 3), 0)
    # Keep clear of the person's outline and of flat wedges at the edges: neither is
    # the backdrop's own detail.
    margin = max(OUTLINE_MIN_MARGIN, round(OUTLINE_MARGIN * max(shape)), round(2 * fringe))
    kernel = np.ones((margin, margin), np.uint8)
    outside = np.ones(shape, np.uint8) if person is None else (person == 0).view(np.uint8)
    share = round(1 - float(outside.mean()), 3)
    wedges = _edge_wedges(gray).view(np.uint8)
    if wedges.sum() < WEDGES_AT_MOST * outside.sum():
        # a blank corner or two, not a cut-out backdrop (that is the backdrop)
        outside = outside & ~wedges & 1
    # either way, measured no nearer a wedge's edge, on either side, than the change
    # measure's blur carries it
    edge = cv2.dilate(wedges, _WEDGE_REACH) & ~cv2.erode(wedges, _WEDGE_REACH) & 1
    background = cv2.erode(outside & ~edge & 1, kernel).view(bool)
    area = float(outside.mean())
    if background.sum() < MIN_BACKGROUND_PIXELS:
        return Backdrop(edge_density=0.0, colour_change=0.0, area=round(area, 3), person=share)
    edges = cv2.Canny(gray, EDGE_LOW, EDGE_HIGH) > 0
    stops, a_star, b_star = _tone_and_colour(small, background)
    return Backdrop(
        edge_density=round(float(edges[background].mean()), 4),
        colour_change=round(_colour_change(small, background), 3),
        area=round(area, 3),
        person=share,
        stops=stops, a_star=a_star, b_star=b_star,
    )


# each 8-bit code's linear light, in float32 for cv2.LUT over the backdrop's BGR pixels
_LINEAR = srgb_to_linear(np.arange(256, dtype=np.float32) / 255).astype(np.float32)


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
    rotated or pasted crop): found by filling from each corner with no tolerance. A flat
    area burnt out white is a high-key backdrop, not a wedge: counted out, it left the
    falloff round the person as the whole backdrop, and a headshot on white a third of a
    stop over read busy (26% fast change, 11% as shot). Unless it ends in a straight
    line: the white wedge of a crop turned a few degrees (a blue backdrop read busy on
    its edges). A camera's own frames have no pasted corners to lose."""
    height, width = gray.shape
    corners = np.zeros((height + 2, width + 2), np.uint8)
    for value, (x, y) in enumerate(((0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)), 1):
        if not corners[y + 1, x + 1]:
            cv2.floodFill(gray, corners, (x, y), 0, 0, 0,
                          4 | cv2.FLOODFILL_MASK_ONLY | cv2.FLOODFILL_FIXED_RANGE | (value << 8))
    corners = corners[1:-1, 1:-1]
    if np.count_nonzero(corners) < MIN_WEDGE * corners.size:
        return np.zeros(corners.shape, bool)
    wedges = np.zeros(corners.shape, bool)
    for value in range(1, 5):
        area = corners == value
        if area.any() and (np.median(gray[area]) < BURNT_OUT or _straight_edged(area)):
            wedges |= area
    return wedges


def _straight_edged(area: np.ndarray) -> bool:
    """Whether the area's border inside the frame is one straight line at a slant, as a
    turned crop's is (a backdrop's falloff round a person curves with the person; a
    level line is a window's frame or a horizon, whose white is the scene's)."""
    inside = area.view(np.uint8)
    border = np.argwhere(inside & ~cv2.erode(inside, np.ones((3, 3), np.uint8)) & 1)
    if len(border) < WEDGE_MIN_BORDER:
        return False
    points = border[:, ::-1].astype(np.float32)
    dx, dy, x0, y0 = cv2.fitLine(points, cv2.DIST_L2, 0, 0.01, 0.01).ravel()
    off_line = np.abs((points[:, 0] - x0) * dy - (points[:, 1] - y0) * dx)
    slant = np.degrees(np.arctan2(abs(dy), abs(dx)))
    return (float(np.percentile(off_line, 95)) <= WEDGE_STRAIGHT
            and WEDGE_MIN_SLANT <= slant <= 90 - WEDGE_MIN_SLANT)


def _colour_change(image: np.ndarray, background: np.ndarray) -> float:
    """The share of `background` where colour or tone changes by more than CHANGE_STEP
    ΔE a pixel, after smoothing by CHANGE_BLUR. Read at half the preview's size (a
    quarter of the work): the blur and the step scale with it."""
    half = cv2.resize(image, (image.shape[1] // 2, image.shape[0] // 2), interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(half, cv2.COLOR_BGR2Lab).astype(np.float32)
    lab = cv2.GaussianBlur(lab, (0, 0), CHANGE_BLUR / 2)
    # Sobel's 3 × 3 kernel weighs a one-pixel step 8 times
    across = cv2.Sobel(lab, cv2.CV_32F, 1, 0, ksize=3, scale=1 / 8)
    down = cv2.Sobel(lab, cv2.CV_32F, 0, 1, ksize=3, scale=1 / 8)
    squared = cv2.transform(across * across + down * down, _LAB_UNITS)
    keep = background[::2, ::2][:squared.shape[0], :squared.shape[1]]
    return float((squared[keep] > (2 * CHANGE_STEP) ** 2).mean())
