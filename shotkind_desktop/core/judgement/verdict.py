"""The verdict a photographer glances at while the sitter is still in the chair: are the
eyes open, are they sharp, how good a headshot is it and the one reason that matters,
and does the frame count as usable, so coverage can say when to move on.

Read from the stored record only (criteria, sub-scores and their reasons), so the live
panel, the coverage count and any later report say the same thing. Focus is the eyes'
own measure when the analysis has one (`measures["eye_focus_state"]`), else the face's
focus grade cut where the headshot judgement cuts it: sharp from parameters.CLEAR, soft
but passing from PASS, missed below.
"""

from __future__ import annotations

from dataclasses import dataclass

from shotkind_desktop.core.judgement.focus_words import MISSED, SHARP, SOFT, focus_words
from shotkind_desktop.core.judgement.parameters import CLEAR, PASS
from shotkind_desktop.core.records import COMPOSITION, FrameResult
from shotkind_desktop.core.judgement.stored_grades import overexposed

GOOD, NOTE, ALARM = "good", "note", "alarm"      # how the headline is shown


@dataclass(frozen=True)
class Verdict:
    headline: str              # "Usable", "Blink", "Missed focus", "Not a headshot", "Overexposed", ...
    tone: str                  # GOOD, NOTE or ALARM
    eyes: str                  # open, closed, hidden, or "" (no face)
    eyes_text: str             # "Eyes open", "Left eye (on the image's right) closed"
    focus: str                 # SHARP, SOFT, MISSED, or "" (no face)
    score: float | None        # headshot score, 0..100
    reason: str                # the one reason behind the headline
    usable: bool               # eyes open, focus not missed, a headshot, not overexposed
    alarm: str | None = None   # "blink" or "focus": worth a sound


ANALYSING = Verdict("Analysing…", NOTE, "", "", "", None, "", False)


def focus_state(result: FrameResult) -> str:
    """SHARP, SOFT or MISSED for a frame with a face; "" without one."""
    measures = result.measures or {}
    state = measures.get("eye_focus_state")
    if state in (SHARP, SOFT, MISSED):
        return state
    grade = (measures.get("subscores") or {}).get("sharpness")
    if grade is None:
        return ""
    return SHARP if grade >= CLEAR else SOFT if grade >= PASS else MISSED


def verdict(result: FrameResult | None) -> Verdict:
    """The verdict on an analysed frame; "Analysing…" for one not analysed yet."""
    if result is None:
        return ANALYSING
    if result.error:
        return Verdict("Unreadable", ALARM, "", "", "", None, result.error, False)
    if result.kind == "none" or not result.faces:
        return Verdict("No face", NOTE, "", "", "", result.headshot_score,
                       "no face found in the frame", False)
    criteria = result.criteria or {}
    reasons = (result.measures or {}).get("subscore_reasons") or {}
    grades = (result.measures or {}).get("subscores") or {}
    eyes, focus = criteria.get("eyes", ""), focus_state(result)
    eyes_text = _sentence(reasons.get("eyes") or f"eyes {eyes}")
    burnt = overexposed(result.measures)
    usable = eyes == "open" and focus in (SHARP, SOFT) and result.kind == "headshot" and not burnt
    common = dict(eyes=eyes, eyes_text=eyes_text, focus=focus, score=result.headshot_score,
                  usable=usable)
    if eyes == "closed":
        return Verdict("Blink", ALARM, reason=eyes_text, alarm="blink", **common)
    if focus == MISSED:
        return Verdict("Missed focus", ALARM, reason=_focus_reason(result.measures or {}, reasons),
                       alarm="focus", **common)
    if result.kind != "headshot":     # why it is not one: its composition, not its exposure
        composition = {name: value for name, value in grades.items() if name in COMPOSITION}
        return Verdict("Not a headshot", NOTE, reason=_weakest(composition, reasons, PASS), **common)
    if burnt:
        # amber like a blink (the flash's power wants turning down before the next frame), silent
        return Verdict("Overexposed", ALARM, reason=_sentence(reasons.get("highlights", "")), **common)
    if eyes == "hidden":
        return Verdict("Eyes hidden", NOTE, reason=eyes_text, **common)
    return Verdict("Usable", GOOD, reason=_weakest(grades, reasons, CLEAR) or "Nothing to fix", **common)


def _focus_reason(measures: dict, reasons: dict) -> str:
    """Where the focus went, from the eyes' own measure ("Focus missed: sharpest on the
    hair") when there is one, else the face's focus reason."""
    if measures.get("eye_focus_state") in (SHARP, SOFT, MISSED):
        return _sentence(focus_words(measures["eye_focus_state"], measures.get("eye_focus_sharpest")))
    return _sentence(reasons.get("sharpness", "face looks soft"))


def _weakest(grades: dict, reasons: dict, below: float) -> str:
    """The reason of the lowest sub-score under `below`; "" when none is."""
    under = [(value, name) for name, value in grades.items() if value < below and name in reasons]
    return _sentence(reasons[min(under)[1]]) if under else ""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
