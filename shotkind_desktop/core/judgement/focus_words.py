"""Focus on the eyes in a photographer's words: sharp, slightly soft or missed, and where
the focus went instead, from the figure measures/eye_focus.py reads.

The words live apart from the measure, which needs OpenCV, because the verdict, the
badges, the live panel and the side panel read them off stored records.
"""

from __future__ import annotations

from shotkind_desktop.core.judgement.parameters import PARAMETERS, Parameters

SHARP, SOFT, MISSED = "sharp", "slightly soft", "missed"


def focus_state(value: float, p: Parameters = PARAMETERS) -> str:
    """SHARP from `eye_sharp` up, MISSED under `eye_missed`, SOFT between."""
    return SHARP if value >= p.eye_sharp else SOFT if value >= p.eye_missed else MISSED


def focus_grade(value: float, p: Parameters = PARAMETERS) -> float:
    """0..1, the headshot score's focus grade, one straight line through both limits:
    0.5 at the missed limit, 0.75 (parameters.CLEAR, a bar that reads as good) at the sharp
    limit, 1 as far again above it; so slightly soft eyes grade under 0.75 (a tester saw
    0.97 beside "eyes slightly soft"), missed under 0.5, and sharper eyes rank higher
    without a step at either limit, where a reading's noise would swap two frames."""
    return min(1.0, max(0.0, 0.5 + 0.25 * (value - p.eye_missed) / (p.eye_sharp - p.eye_missed)))


def focus_words(state: str | None, sharpest: str | None) -> str:
    """The state in a photographer's words: "eyes sharp", "eyes slightly soft", "focus
    missed: sharpest on the hair"."""
    if state is None:
        return "focus on the eyes not judged: they are not open"
    if state == SHARP:
        return "eyes sharp"
    where = f"the {sharpest}"
    if state == SOFT:
        return f"eyes slightly soft: sharper on {where}" if sharpest else "eyes slightly soft"
    return f"focus missed: sharpest on {where}" if sharpest else "focus missed: the eyes and face are soft"
