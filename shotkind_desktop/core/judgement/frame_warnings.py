"""What a photographer would not deliver as it is, read from a frame's stored analysis:
the grid's, filmstrip's and loupe's warning badges, the [ and ] keys, and the export's
check before a delivery all ask here, so a warning is the same wherever it is seen."""

from __future__ import annotations

from shotkind_desktop.core.judgement.focus_words import MISSED, SOFT
from shotkind_desktop.core.judgement.stored_grades import overexposed
from shotkind_desktop.core.records import HAND_PLACES, FrameResult


def frame_warnings(result: FrameResult | None) -> tuple[tuple[str, str], ...]:
    """What the grid, filmstrip and loupe mark on a frame because a photographer would not
    deliver it as it is: ("eyes", "eyes closed") when the main face blinks,
    ("focus_missed", ...) or ("focus_soft", ...) when its eyes are out of focus,
    ("hand", "hand over the mouth") when a hand covers the face, ("overexposed", "face
    overexposed: 27% burnt out") when its face is burnt out past the headshot limit
    (stored_grades.overexposed, as the live verdict and the keeper judge it). Look-ups in
    the result, nothing parsed."""
    if result is None or result.error:
        return ()
    warnings = []
    measures = result.measures or {}
    if (result.criteria or {}).get("eyes") == "closed":
        warnings.append(("eyes", "eyes closed"))
    focus = measures.get("eye_focus_state")
    if focus == MISSED:
        sharpest = measures.get("eye_focus_sharpest")
        warnings.append(("focus_missed", "focus missed on the eyes" +
                         (f" (sharpest on the {sharpest})" if sharpest else "")))
    elif focus == SOFT:
        warnings.append(("focus_soft", "eyes slightly soft"))
    covered = measures.get("covered")
    if covered:
        warnings.append(("hand", HAND_PLACES.get(covered, "hand at the face")))
    if overexposed(measures):
        burnt = measures.get("highlights_burnt_out")
        warnings.append(("overexposed", "face overexposed" +
                         (f": {burnt:.0%} burnt out" if isinstance(burnt, (int, float)) else "")))
    return tuple(warnings)


def warning_words(result: FrameResult | None) -> str:
    """The frame's warnings in one phrase ("eyes closed, hand over the mouth"); "" for none."""
    return ", ".join(words for _, words in frame_warnings(result))
