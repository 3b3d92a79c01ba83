"""The keeper score: which frame of a similar-frame group a photographer keeps, and why.

Within one pose the framing, light and backdrop hardly change, so what tells the frames
apart is what changes from one press of the shutter to the next: a blink, focus that
landed on the eyes or missed them, the expression. The frames are ranked in two steps:

1. **Eyes**: both open, then hidden (sunglasses, a turned head: the same in every frame of
   a pose, as a rule), then focus missed on them, then closed. A frame with closed eyes never ranks above one with
   open eyes, however sharp it is: a photographer never delivers a blink. A frame whose
   eyes are open less than half as wide as the group's widest open-eyed frame counts as
   closed too: within one pose the eyes and the light are the same, so that is a
   half-blink, even where it stays under the closed-eye limit set across all faces.
2. **Keeper score** among frames whose eyes are alike (`KeeperWeights`): focus on the
   eyes, compared with the group's sharpest frame; the smile; how wide the eyes are open,
   compared with the group's widest; and the headshot score, which framing, light and
   the eyes' focus decide, and so only separates frames the rest cannot. A mis-exposed frame pays
   half what focus can earn: its face burnt out (core.judgement.stored_grades.overexposed:
   a flash that fired at full power), or three quarters of a stop or more darker than
   the group's median face (a flash that had not recycled; within one pose the light is
   the same, and a burst's own swing is a third of a stop). So it ranks after a well
   exposed frame unless that one is half-way to soft or further: exposure can be pulled
   from a RAW, focus cannot, and a soft frame is a reject whatever else it does well.

Focus is `measures["eye_focus"]` (focus measured on the eyes at full resolution) when every
frame of the group has it, else the face's `measures["focus"]`. Both are log10 of a
contrast-normalised Laplacian energy, so a difference means the same in any frame: a frame
0.3 below the sharpest has half its fine detail, and is soft at 100%. (Not the 0..1
sharpness sub-score: it is clipped at 1, so the sharp frames of a burst all tie there.)

Frames not analysed, or unreadable, come last, in capture order. The best frame of a group
of two or more says why it won, e.g. "sharpest eyes of 6, both open, smiling".
"""

from __future__ import annotations

from dataclasses import dataclass

from shotkind_desktop.core.judgement.focus_words import MISSED
from shotkind_desktop.core.judgement.stored_grades import overexposed
from shotkind_desktop.core.judgement.verdict import focus_state
from shotkind_desktop.core.people.groups import DEFAULT_GAP_SECONDS, Compare, alike, appearance, group_frames
from shotkind_desktop.core.records import FrameResult

EYE_TIERS = {"open": 3, "hidden": 2, None: 1, "closed": 0}   # None: no face to see eyes on
MISSED_FOCUS_TIER = 0.5   # eyes open or hidden, focus missed: above a blink, below the rest
NOT_JUDGED = -1
HALF_BLINK = 0.5     # open less than this share of the group's widest open eyes: a blink
UNDER_STOPS = 0.75   # a face this much darker than the group's median: a flash that did not fire
FOCUS_NOISE = 0.05   # log10: focus readings of one frame's copies differ by this much


@dataclass(frozen=True)
class KeeperWeights:
    focus: float = 0.55        # sharp eyes first: a soft headshot is a reject whatever else it does well
    expression: float = 0.2    # a smile (0..1) keeps a headshot approachable; talking or grimacing: 0
    openness: float = 0.1      # a half-blink or a squint under the closed-eye limit
    headshot: float = 0.15     # the headshot score / 100
    exposure: float = 0.275    # taken from a mis-exposed frame: half what focus can earn
    focus_span: float = 0.3    # log10 below the sharpest at which a frame's focus counts for nothing


WEIGHTS = KeeperWeights()


@dataclass(frozen=True)
class Keeper:
    """A frame's place in its similar-frame group."""

    group: int         # same number for every frame of a group; 1, 2, ... in capture order
    rank: int          # 1 = the best of its group
    size: int          # frames in the group
    reason: str = ""   # why the best won (groups of two or more); "" for the rest


def keepers(results: list[FrameResult | None], gap: float = DEFAULT_GAP_SECONDS,
            look_up=appearance, compare: Compare = alike, ranking=None) -> list[Keeper]:
    """Group and rank a shoot's frames, given in capture order (None: not analysed yet).
    `look_up`, `compare` and `ranking` (appearance, groups.alike, rank_group) may be versions
    that remember their answers (core.people.shoot_groups)."""
    numbers = group_frames([look_up(result) for result in results], gap, compare=compare)
    members: dict[int, list[int]] = {}
    for index, number in enumerate(numbers):
        members.setdefault(number, []).append(index)
    ranked: list[Keeper | None] = [None] * len(results)
    for number, indexes in members.items():
        order, reason = (ranking or rank_group)([results[i] for i in indexes])
        for rank, position in enumerate(order, 1):
            ranked[indexes[position]] = Keeper(number, rank, len(indexes), reason if rank == 1 else "")
    return ranked   # type: ignore[return-value]


def rank_group(results: list[FrameResult | None], weights: KeeperWeights = WEIGHTS) -> tuple[list[int], str]:
    """Positions of the group's frames, best first, and the best one's reason."""
    focus_key = _focus_key(results)
    focus = [_number(r, focus_key) for r in results]
    sharpest = max((f for f in focus if f is not None), default=None)
    widest = max((_number(r, "eyes_open") or 0.0 for r in results), default=0.0)
    scores = [_score(r, f, sharpest, widest, weights) for r, f in zip(results, focus)]
    tiers = _tiers(results)
    faults = _exposure_faults(results)
    scores = [score - (weights.exposure if fault else 0.0) for score, fault in zip(scores, faults)]
    order = sorted(range(len(results)), key=lambda i: (-tiers[i], -scores[i], i))
    if len(results) < 2:
        return order, ""
    best = order[0]
    # what the reason owes: frames of the winner's tier as sharp or sharper that lost on
    # their exposure
    beaten = [i for i, fault in enumerate(faults) if fault and not faults[best] and tiers[i] == tiers[best]
              and focus[i] is not None and focus[best] is not None and focus[i] >= focus[best] - FOCUS_NOISE]
    return order, _reason(results, best, focus, focus_key, tiers, [faults[i] for i in beaten])


def _exposure_faults(results: list[FrameResult | None]) -> list[str]:
    """Each frame's exposure fault: "overexposed", "underexposed" or "" (exposed well, or
    not known). Darker is measured against the upper median face of the frames not burnt
    out, so a bracket's bright frame does not make its normal one look dark."""
    burnt = [r is not None and not r.error and overexposed(r.measures) for r in results]
    light = [_face_luminance(r) for r in results]
    kept = sorted(y for y, over in zip(light, burnt) if y is not None and not over)
    middle = kept[len(kept) // 2] if kept else None
    return ["overexposed" if over else
            "underexposed" if y is not None and middle and y < middle * 2 ** -UNDER_STOPS else ""
            for y, over in zip(light, burnt)]


def _face_luminance(result: FrameResult | None) -> float | None:
    """The main face's mean linear luminance, from its stored lightness (L*/100)."""
    if result is None or result.error:
        return None
    lightness = ((result.measures or {}).get("lighting") or {}).get("exposure")
    if not isinstance(lightness, (int, float)):
        return None
    return ((100 * lightness + 16) / 116) ** 3 if lightness > 0.08 else lightness / 9.033


def _tiers(results: list[FrameResult | None]) -> list[float]:
    """Each frame's eye tier (EYE_TIERS), half-blinks among open eyes counted as closed,
    and eyes whose focus was missed just above a blink: missed focus fails a frame as a
    blink does, so a smile must not lift it over a slightly soft frame (a review found a
    missed, smiling frame ranked best, and Pick Best then left the pose unpicked)."""
    tiers = [NOT_JUDGED if r is None or r.error
             else EYE_TIERS.get((r.criteria or {}).get("eyes"), EYE_TIERS[None]) for r in results]
    widest = max((_number(r, "eyes_open") or 0.0 for r, tier in zip(results, tiers)
                  if tier == EYE_TIERS["open"]), default=0.0)
    return [EYE_TIERS["closed"] if tier == EYE_TIERS["open"] and (_number(r, "eyes_open") or 0.0) < HALF_BLINK * widest
            else MISSED_FOCUS_TIER if tier in (EYE_TIERS["open"], EYE_TIERS["hidden"]) and focus_state(r) == MISSED
            else tier
            for r, tier in zip(results, tiers)]


def _focus_key(results: list[FrameResult | None]) -> str:
    measured = [r.measures for r in results if r is not None and not r.error
                and (r.measures or {}).get("focus") is not None]
    return "eye_focus" if measured and all(m.get("eye_focus") is not None for m in measured) else "focus"


def _number(result: FrameResult | None, key: str) -> float | None:
    if result is None or result.error:
        return None
    value = (result.measures or {}).get(key)
    return float(value) if isinstance(value, (int, float)) else None


def _score(result: FrameResult | None, focus: float | None, sharpest: float | None,
           widest: float, weights: KeeperWeights) -> float:
    if result is None or result.error:
        return 0.0
    score = 0.0
    if focus is not None and sharpest is not None:
        score += weights.focus * min(1.0, max(0.0, 1 - (sharpest - focus) / weights.focus_span))
    if (result.criteria or {}).get("expression") != "other":
        score += weights.expression * min(1.0, max(0.0, _number(result, "smile") or 0.0))
    if widest > 0:
        score += weights.openness * (_number(result, "eyes_open") or 0.0) / widest
    score += weights.headshot * (result.headshot_score or 0.0) / 100
    return score


EXPRESSION_WORDS = {"smile": "smiling", "laugh": "laughing", "neutral": "neutral expression",
                    "other": "strong expression"}
EYE_WORDS = {"open": "both open", "hidden": "eyes hidden", "closed": "eyes closed"}


def _reason(results: list[FrameResult | None], best: int, focus: list[float | None],
            focus_key: str, tiers: list[float], beaten: list[str]) -> str:
    """"sharpest eyes of 6, both open, smiling"; what was measured, nothing more.
    `beaten`: the exposure faults of the frames as sharp or sharper that lost on them."""
    result = results[best]
    if result is None or result.error:
        return "not analysed yet"
    parts = []
    what = "eyes" if focus_key == "eye_focus" else "face"
    if focus[best] is not None:
        sharpest = max(f for f in focus if f is not None)
        sharper = sum(1 for f in focus if f is not None and f > focus[best])
        if focus_state(result) == MISSED:
            # a tester read "sharpest eyes of 6" on a frame the badge calls missed focus
            parts.append(f"focus missed in all {len(results)}" if sharper == 0 else "focus missed")
        elif sharper and sharpest - focus[best] <= FOCUS_NOISE:
            # a tester read "2nd sharpest eyes of 6" on the best as a way it was not best
            parts.append(f"{what} as sharp as the sharpest of {len(results)}")
        else:
            place = "sharpest" if sharper == 0 else f"{ordinal(sharper + 1)} sharpest"
            parts.append(f"{place} {what} of {len(results)}")
    criteria = result.criteria or {}
    eyes = EYE_WORDS.get(criteria.get("eyes"))
    if tiers[best] == EYE_TIERS["closed"]:
        eyes = "eyes closed in every frame"
    elif eyes == "both open" and EYE_TIERS["closed"] in tiers:
        eyes = "both open (others blink)"
    if eyes:
        parts.append(eyes)
    if beaten:
        which = beaten[0] if len(set(beaten)) == 1 else "over- or underexposed"
        parts.append(f"exposed well ({len(beaten)} of {len(results)} {which})")
    expression = EXPRESSION_WORDS.get(criteria.get("expression"))
    if expression:
        parts.append(expression)
    return ", ".join(parts) or "first of its group"


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
