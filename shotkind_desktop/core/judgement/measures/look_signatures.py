"""The look signatures of a frame (core.judgement.look says what they are and how they compare):
16 × 16 grey tones and 8 × 8 cells of mean CIELAB, each one box-filtered resize."""

from __future__ import annotations

import cv2
import numpy as np

from shotkind_desktop.core.judgement.look import COLOUR_GRID, TONE_GRID


def look_signatures(image: np.ndarray, grey: np.ndarray) -> dict:
    """The signatures of a BGR frame and its 8-bit luma, as hex strings for the frame's measures."""
    tones = cv2.resize(grey, (TONE_GRID, TONE_GRID), interpolation=cv2.INTER_AREA)
    cells = cv2.resize(image, (COLOUR_GRID, COLOUR_GRID), interpolation=cv2.INTER_AREA)
    lab = cv2.cvtColor(cells, cv2.COLOR_BGR2LAB)
    return {"tones": tones.tobytes().hex(), "colours": lab.tobytes().hex()}
