"""How a frame looks at a glance, as two tiny signatures the similar-frame groups compare:
its tones (the frame shrunk to 16 × 16 grey) and its colours (8 × 8 cells of mean CIELAB).

Both are read off the frame the backdrop measures already use (perception.screen_size,
bars cut off), so they cost a resize each. They are compared so as to stay put under what
changes between frames of one pose — the framing moving by up to an eighth of the frame,
exposure a third of a stop either way, a little motion blur, a smile — and to move when
the picture changes: another pose or framing moves the tones, another person, outfit or
backdrop moves the colours.

- The framing: one frame is laid over the other shifted by up to an eighth of the frame
  each way (SHIFT), the cells that overlap are compared, and the best shift counts.
  Without it a framing moved by 5% moved the tones half as far as another pose does.
- Tones are compared by correlation, so exposure (a gain and an offset on the tones)
  does not count; at 16 × 16, blur moves each cell little.
- Colours are compared in CIELAB over cells a quarter of the frame wide, with the mean
  lightness difference taken out first (exposure again), so what counts is hue,
  saturation and where the light and dark parts sit: a grey backdrop against a blue one,
  a red jumper against a white shirt.

Made at analysis (core.judgement.measures.look_signatures) and stored as hex strings in the frame's measures
(`measures["look"]`), 896 characters a frame, so the catalog and the report carry them
and grouping needs no pixels. Reading and comparing them here needs no OpenCV: the report
and the catalog load without it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TONE_GRID = 16       # cells a side: tones
COLOUR_GRID = 8      # cells a side: colours
SHIFT = 1 / 8        # the framing may move this share of the frame each way
TONE_SHIFT = round(TONE_GRID * SHIFT)    # 2 cells
COLOUR_SHIFT = round(COLOUR_GRID * SHIFT)  # 1 cell


@dataclass(frozen=True)
class Look:
    """A frame's signatures, parsed for comparing."""

    tones: np.ndarray      # TONE_GRID × TONE_GRID grey levels
    colours: np.ndarray    # 7 × 7 × 3: mean CIELAB (OpenCV's 8-bit scale) of overlapping quarter-frame cells
    unit_tones: np.ndarray  # the tones flattened, less their mean, at unit length (the unshifted comparison)


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
    cells = colours.reshape(COLOUR_GRID, COLOUR_GRID, 3)
    quarters = (cells[:-1, :-1] + cells[1:, :-1] + cells[:-1, 1:] + cells[1:, 1:]) / 4
    return Look(tones.reshape(TONE_GRID, TONE_GRID), quarters, _unit(tones))


def tones_alike(a: Look, b: Look, limit: float) -> bool:
    """tone_difference(a, b) <= limit, without the shifts when the frames match as they are."""
    return 1.0 - float(a.unit_tones @ b.unit_tones) <= limit or tone_difference(a, b) <= limit


def colours_alike(a: Look, b: Look, limit: float) -> bool:
    """colour_difference(a, b) <= limit, without the shifts when the frames match as they are."""
    difference = b.colours - a.colours
    cells = difference.shape[0] * difference.shape[1]
    difference[..., 0] -= difference[..., 0].sum() / cells          # sum / n: np.mean costs 4x
    return float(np.sqrt((difference * difference).sum(axis=2)).sum()) / cells <= limit \
        or colour_difference(a, b) <= limit


def tone_difference(a: Look, b: Look) -> float:
    """1 - the tones' correlation where `b`, shifted by up to SHIFT, overlaps `a` (the best
    shift counts): 0 for the same picture, about 1 for unrelated ones."""
    moves, valid, count = _TONE_MOVES
    mine = a.tones.ravel()
    theirs = _moved(b.tones.ravel(), moves)                         # (k, n²), 0 off the edge
    sum_a, sum_b = valid @ mine, theirs.sum(axis=1)
    covariance = theirs @ mine - sum_a * sum_b / count
    spread_a = valid @ (mine * mine) - sum_a * sum_a / count
    spread_b = (theirs * theirs).sum(axis=1) - sum_b * sum_b / count
    spread = np.sqrt(np.maximum(spread_a * spread_b, 0.0))
    correlation = np.divide(covariance, spread, out=np.zeros_like(spread), where=spread > 1e-6)
    return 1.0 - float(correlation.max())


def colour_difference(a: Look, b: Look) -> float:
    """The mean CIELAB distance of the quarter-frame cells where `b`, shifted by up to SHIFT,
    overlaps `a` (the best shift counts), the mean lightness difference taken out first;
    OpenCV's 8-bit units (L* × 2.55)."""
    moves, valid, count = _COLOUR_MOVES
    difference = (_moved(b.colours.reshape(-1, 3), moves) - a.colours.reshape(1, -1, 3)) * valid[..., None]
    difference[..., 0] -= (difference[..., 0].sum(axis=1) / count)[:, None] * valid
    return float((np.sqrt((difference * difference).sum(axis=2)).sum(axis=1) / count).min())


def _unit(values: np.ndarray) -> np.ndarray:
    """`values` less their mean, at unit length (all zero for a flat grey frame: it matches nothing)."""
    centred = values - values.sum() / values.size
    norm = float(np.sqrt(centred @ centred))
    return centred / norm if norm > 1e-6 else np.zeros_like(centred)


def _moves(n: int, shift: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For an n × n grid moved by every whole shift up to `shift` cells each way: which cell
    lands on each cell (n² = off the edge), which land inside, and how many."""
    rows, columns = np.indices((n, n))
    moves, valid = [], []
    for dy in range(-shift, shift + 1):
        for dx in range(-shift, shift + 1):
            y, x = rows + dy, columns + dx
            inside = (y >= 0) & (y < n) & (x >= 0) & (x < n)
            moves.append(np.where(inside, y * n + x, n * n).ravel())
            valid.append(inside.ravel())
    valid_cells = np.array(valid, np.float32)
    return np.array(moves), valid_cells, valid_cells.sum(axis=1)


def _moved(cells: np.ndarray, moves: np.ndarray) -> np.ndarray:
    """`cells` (n², ...) taken through `moves`, zero where a move leaves the grid."""
    return np.concatenate([cells, np.zeros((1, *cells.shape[1:]), cells.dtype)])[moves]


_TONE_MOVES = _moves(TONE_GRID, TONE_SHIFT)
_COLOUR_MOVES = _moves(COLOUR_GRID - 1, COLOUR_SHIFT)
