"""Light on the face: balance between its halves, shadow depth, exposure, clipping,
and how the face stands against the rest of the frame (low-key, backlit)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from shotkind_desktop.core.faces import Face
from shotkind_desktop.core.measures.regions import face_halves, face_mask, person_mask

_FLOOR = 1e-4   # linear luminance floor: keeps log2 finite in pure black


@dataclass(frozen=True)
class Lighting:
    side_stops: float          # brighter half over darker half of the face, in stops (signed:
                               # > 0 when the image-right half is brighter)
    contrast_stops: float      # face highlights (p95) over shadows (p5), in stops
    exposure: float            # mean face luminance, 0..1 perceptual (L*/100)
    clipped: float             # fraction of face pixels at the top of the range
    face_to_background: float  # face over background, in stops (< 0 backlit)
    dark_frame: float          # fraction of the whole frame in deep shadow


def measure_lighting(image: np.ndarray, luminance: np.ndarray, face: Face,
                     faces: list[Face]) -> Lighting:
    shape = luminance.shape
    left, right = face_halves(shape, face)
    whole = face_mask(shape, face)
    face_values = luminance[whole]
    if face_values.size < 16 or not left.any() or not right.any():
        face_values = luminance
    side = math.log2(_mean(luminance[right]) / _mean(luminance[left])) \
        if left.any() and right.any() else 0.0
    low, high = np.percentile(face_values, [5, 95])
    background = ~person_mask(shape, faces)
    background_values = luminance[background] if background.sum() > 64 else luminance
    face_mean = _mean(face_values)
    return Lighting(
        side_stops=round(side, 3),
        contrast_stops=round(math.log2(max(high, _FLOOR) / max(low, _FLOOR)), 3),
        exposure=round(_lightness(face_mean), 3),
        clipped=round(float((image[whole] >= 250).all(axis=-1).mean()) if whole.any() else 0.0, 4),
        face_to_background=round(math.log2(face_mean / _mean(background_values)), 3),
        dark_frame=round(float((luminance < 0.01).mean()), 4),
    )


def _mean(values: np.ndarray) -> float:
    return max(float(values.mean()) if values.size else _FLOOR, _FLOOR)


def _lightness(linear: float) -> float:
    """CIE L* / 100 of a linear luminance: how bright it looks."""
    return (116 * linear ** (1 / 3) - 16) / 100 if linear > 0.008856 else 9.033 * linear


def measure_frame_light(luminance: np.ndarray) -> tuple[float, float]:
    """For a frame without a face: the share in deep shadow and its contrast in stops."""
    low, high = np.percentile(luminance, [5, 95])
    return (round(float((luminance < 0.01).mean()), 4),
            round(math.log2(max(high, _FLOOR) / max(low, _FLOOR)), 3))
