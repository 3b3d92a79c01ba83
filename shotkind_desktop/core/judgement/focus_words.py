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
    """0..1, the headshot score's focus grade: 1 for sharp eyes; slightly soft from 0.5 at
    the missed limit up to under 0.75 (scoring.CLEAR: the grade a bar shows as good,
    which a tester saw at 0.97 beside "eyes slightly soft"); missed under 0.5, reaching 0
    two soft bands' widths under the missed limit."""
    if value >= p.eye_sharp:
        return 1.0
    return max(0.0, 0.5 + 0.25 * (value - p.eye_missed) / (p.eye_sharp - p.eye_missed))


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
