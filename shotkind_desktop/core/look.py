"""How a frame looks at a glance, as two tiny signatures the similar-frame groups compare:
its tones (the frame shrunk to 8 × 8 grey) and its colours (4 × 4 cells of mean CIELAB).

Both are read off the frame the backdrop measures already use (perception.screen_size,
bars cut off), so they cost a resize each. They are made to stay put under what changes
between frames of one pose — a framing that moves by a few percent, exposure a third of a
stop either way, a little motion blur, a smile — and to move when the picture changes: another
pose or framing moves the tones, another person, outfit or backdrop moves the colours.

- Tones are compared by correlation, so exposure (a gain and an offset on the tones)
  does not count; an 8 × 8 grid is coarse enough that blur and a shift of a few percent
  move each cell little.
- Colours are compared in CIELAB with the two frames' mean lightness difference taken
  out first (exposure again), so what counts is hue, saturation and where the light and
  dark parts sit: a grey backdrop against a blue one, a red jumper against a white shirt.

Made at analysis (core.measures.look) and stored as hex strings in the frame's measures
(`measures["look"]`), 224 characters a frame, so the catalog and the report carry them and
grouping needs no pixels. Reading and comparing them here needs no OpenCV: the report and
the catalog load without it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TONE_GRID = 8      # cells a side: tones
COLOUR_GRID = 4    # cells a side: colours


@dataclass(frozen=True)
class Look:
    """A frame's signatures, parsed for comparing."""

    tones: np.ndarray      # TONE_GRID² grey levels, mean removed, unit length
    colours: np.ndarray    # COLOUR_GRID² × 3 CIELAB (OpenCV's 8-bit scale)


def parse_look(record: dict | None) -> Look | None:
    """The record's signatures ready to compare; None when absent or garbled."""
    if not isinstance(record, dict):
        return None
    try:
        tones = np.frombuffer(bytes.fromhex(record["tones"]), np.uint8).astype(np.float32)
        colours = np.frombuffer(bytes.fromhex(record["colours"]), np.uint8).astype(np.float32)
    except (KeyError, TypeError, ValueError):
        return None
    if tones.size != TONE_GRID ** 2 or colours.size != 3 * COLOUR_GRID ** 2:
        return None
    tones = tones - tones.mean()
    norm = float(np.linalg.norm(tones))
    tones = tones / norm if norm > 0 else tones      # a flat grey frame has no tones to match
    return Look(tones, colours.reshape(-1, 3))


def tone_difference(a: Look, b: Look) -> float:
    """1 - the tones' correlation: 0 for the same picture, about 1 for unrelated ones."""
    return 1.0 - float(a.tones @ b.tones)


def colour_difference(a: Look, b: Look) -> float:
    """Mean CIELAB distance between matching cells, exposure (mean lightness) taken out;
    in OpenCV's 8-bit units (L* × 2.55, a* and b* + 128)."""
    shift = np.array([float(a.colours[:, 0].mean() - b.colours[:, 0].mean()), 0.0, 0.0], np.float32)
    return float(np.linalg.norm(a.colours - b.colours - shift, axis=1).mean())
