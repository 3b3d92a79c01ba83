"""Light on the face: balance between its halves, shadow depth, exposure, clipping,
and how much of the frame lies in deep shadow (low-key)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.judgement.face_record import Face
from shotkind_desktop.core.judgement.measures.levels import BURNT_OUT, Levels
from shotkind_desktop.core.judgement.measures.regions import face_region

_FLOOR = 1e-4   # linear luminance floor: keeps log2 finite in pure black
_DEEP_SHADOW = 0.01   # linear luminance of "deep shadow" (about 6.6 stops under white)
CONTRAST_SAMPLE_HEIGHT = 64   # px: the face's shadows and highlights read at one scale
MIN_SKIN_PIXELS = 16     # fewer, and the face's levels are noise: the whole frame's are read


@dataclass(frozen=True)
class Lighting:
    side_stops: float          # brighter half over darker half of the face, in stops (signed:
                               # > 0 when the image-right half is brighter)
    contrast_stops: float      # face highlights (p95) over shadows (p5), in stops
    exposure: float            # mean face luminance, 0..1 perceptual (L*/100)
    clipped: float             # fraction of face pixels burnt out (two channels at the top)
    dark_frame: float          # fraction of the whole frame in deep shadow


def measure_lighting(image: np.ndarray, luma: np.ndarray, face: Face) -> Lighting:
    """`luma` is the frame's 8-bit luma (perception.frame_luma)."""
    region = face_region(luma.shape, face)
    crop = luma[region.rows, region.cols]
    frame = Levels(luma)
    skin = Levels(crop, region.whole)
    if skin.total < MIN_SKIN_PIXELS or not region.first.any() or not region.second.any():
        skin = frame
    side = math.log2(_floored(Levels(crop, region.second).mean())
                     / _floored(Levels(crop, region.first).mean())) \
        if region.first.any() and region.second.any() else 0.0
    low, high = _contrast_sample(crop, region.whole, skin).percentiles([5, 95])
    face_mean = _floored(skin.mean())
    clipped = 0.0
    if region.whole.any():
        clipped = float(np.count_nonzero(_burnt_out(image[region.rows, region.cols])[region.whole])
                        / np.count_nonzero(region.whole))
    return Lighting(
        side_stops=round(side, 3),
        contrast_stops=round(_stops(low, high), 3),
        exposure=round(_lightness(face_mean), 3),
        clipped=round(clipped, 4),
        dark_frame=round(frame.fraction_below(_DEEP_SHADOW), 4),
    )


def _burnt_out(image: np.ndarray) -> np.ndarray:
    """Pixels with two or three channels at the top of the range: skin that has lost its
    colour as well as its tone. One channel alone is how a camera's JPEG renders light
    skin (the red of well exposed, delivered headshots: up to a quarter of the face), and
    all three missed a face 1.3 stops over whose skin had gone flat yellow-white."""
    top = [cv2.inRange(image[..., channel], BURNT_OUT, 255) for channel in range(3)]
    return cv2.bitwise_or(cv2.bitwise_or(cv2.bitwise_and(top[0], top[1]), cv2.bitwise_and(top[1], top[2])),
                          cv2.bitwise_and(top[0], top[2])) > 0


def _contrast_sample(crop: np.ndarray, whole: np.ndarray, skin: Levels) -> Levels:
    """The face's light at CONTRAST_SAMPLE_HEIGHT pixels high: shadow depth is a matter of
    light, not of how many pixels of skin texture and noise a frame happens to have (at
    its own size the same face read a third of a stop harder at half size)."""
    if crop.shape[0] <= CONTRAST_SAMPLE_HEIGHT or not whole.any():
        return skin
    size = (max(1, round(crop.shape[1] * CONTRAST_SAMPLE_HEIGHT / crop.shape[0])), CONTRAST_SAMPLE_HEIGHT)
    small = cv2.resize(crop, size, interpolation=cv2.INTER_AREA)
    mask = cv2.resize(whole.view(np.uint8), size, interpolation=cv2.INTER_NEAREST)
    sample = Levels(small, mask)
    return sample if sample.total >= MIN_SKIN_PIXELS else skin


def _stops(low: float, high: float) -> float:
    """Contrast in stops from shadows (`low`) to highlights (`high`), linear light."""
    return math.log2(max(high, _FLOOR) / max(low, _FLOOR))


def _floored(mean: float) -> float:
    return max(mean, _FLOOR)


def _lightness(linear: float) -> float:
    """CIE L* / 100 of a linear luminance: how bright it looks."""
    return (116 * linear ** (1 / 3) - 16) / 100 if linear > 0.008856 else 9.033 * linear


def measure_frame_light(luma: np.ndarray) -> tuple[float, float]:
    """For a frame without a face: the share in deep shadow and its contrast in stops."""
    frame = Levels(luma)
    low, high = frame.percentiles([5, 95])
    return (round(frame.fraction_below(_DEEP_SHADOW), 4),
            round(_stops(low, high), 3))
