"""From measures to judgement: sub-scores with reasons, the two scores, and the kind.

`TABLE` is the one place where every threshold and weight lives. Each number is a
photographic rule of thumb written down (anatomy for framing, lighting ratios for
light), checked against the labelled photos with `benchmarks/accuracy.py`, never fitted
to a single image.
"""

from __future__ import annotations

from dataclasses import dataclass

from shotkind_desktop.core.measures import Measures
from shotkind_desktop.core.measures.backdrop import Backdrop

TABLE = {
    # people: a face counts as a subject when at least this fraction of the main face's height
    "subject_face_ratio": 0.5,
    # framing. A closeup is a face that fills the frame: the face box (brows to chin,
    # cheek to cheek) is about half the head's area with hair, so at 40% of the frame the
    # head fills three quarters of it. Or the frame stops at the chin, leaving no neck.
    "closeup_min_face_area": 0.4,
    "closeup_max_below": 0.1,
    # Otherwise, in face heights of frame below the chin (the face box is ~2/3 of the
    # head): shoulders start ~0.3 below the chin, mid-chest ~1.5, waist ~3.3, knees ~5.5
    "head_shoulders_max_below": 1.5,
    "half_body_max_below": 4.5,
    "closeup_framing_score": 0.8,
    "framing_good_below": 1.0,        # shoulders and upper chest: a full headshot score
    "framing_zero_below": 2.0,        # down to the belly: no longer a headshot
    # facing, degrees: a headshot looks at the viewer; beyond ~40° it is a profile view
    "yaw_frontal": 15.0, "yaw_partly": 40.0, "yaw_zero": 45.0,
    "frontal_yes_max": 25.0, "frontal_partly_max": 55.0,   # yaw limits of the frontal words
    "roll_good": 20.0, "roll_zero": 45.0,
    "pitch_good": 35.0, "pitch_zero": 70.0,   # landmark pitch is coarse: only extremes count
    # lighting, stops: 2:1 (1 stop) is classic soft light, 4:1+ (2+ stops) is dramatic
    "side_good": 1.0, "side_zero": 2.5,
    "contrast_good": 6.0, "contrast_zero": 10.0,
    "low_key_dark_from": 0.3, "low_key_dark_full": 0.5,
    "low_key_contrast_from": 4.0, "low_key_contrast_full": 6.0,
    "exposure_dark_zero": 0.15, "exposure_dark_good": 0.35,
    "clipped_good": 0.02, "clipped_zero": 0.15,
    # backdrop: edge fraction and Lab blotchiness (ΔE after the smooth fit); ΔE 2.3 is
    # a just-noticeable difference, so plain ends around two of them (ΔE 5)
    "edge_good": 0.01, "edge_zero": 0.03,
    "blotch_good": 3.0, "blotch_zero": 7.0,
    # sharpness: log10 contrast-normalised Laplacian energy of the face at 128 px
    "sharp_zero": 1.0, "sharp_good": 1.6,
    # a criterion passes at 0.5; kind is headshot when the soft-AND score reaches this
    "criterion_pass": 0.5,
    "headshot_min_score": 50.0,
    # headshot = 100 × Π subscore^weight: every requirement must hold
    "headshot_weights": {"framing": 1.0, "people": 1.0, "facing": 1.0, "lighting": 1.0,
                         "backdrop": 1.0, "sharpness": 0.5},
    # portrait = 100 × weighted mean: a sharp, well exposed, visible person
    "portrait_weights": {"sharpness": 0.4, "exposure": 0.2, "presence": 0.2, "facing": 0.2},
    "portrait_sharp_full": 2.2,       # portraits keep rewarding focus past the headshot bar
    "face_lightness_ideal": 0.65,     # L* of well exposed skin across skin tones, roughly
    "face_lightness_tolerance": 0.1, "face_lightness_zero": 0.4,
    "presence_zero_fraction": 0.02, "presence_good_fraction": 0.10,
}


@dataclass(frozen=True)
class SubScore:
    value: float     # 0..1
    reason: str


@dataclass(frozen=True)
class Judgement:
    kind: str                       # headshot, portrait, none
    headshot_score: float           # 0..100
    portrait_score: float
    subscores: dict[str, SubScore]
    criteria: dict[str, str]        # the words of labels.csv

    @property
    def reasons(self) -> list[str]:
        return [sub.reason for sub in self.subscores.values()]


def falling(value: float, good: float, zero: float) -> float:
    """1 at or below `good`, 0 at or beyond `zero`, linear between."""
    if value <= good:
        return 1.0
    if value >= zero:
        return 0.0
    return (zero - value) / (zero - good)


def judge(measures: Measures) -> Judgement:
    t = TABLE
    subscores = {
        "framing": _framing(measures),
        "people": _people(measures.people),
        "facing": _facing(measures),
        "lighting": _lighting(measures),
        "backdrop": _backdrop(measures),
        "sharpness": _sharpness(measures.sharpness),
    }
    headshot = 100.0
    for name, weight in t["headshot_weights"].items():
        headshot *= subscores[name].value ** weight
    portrait_parts = {
        "sharpness": _rising(measures.sharpness, t["sharp_zero"], t["portrait_sharp_full"]),
        "exposure": min(_exposure_part(measures),
                        falling(abs(measures.lighting.exposure - t["face_lightness_ideal"]),
                                t["face_lightness_tolerance"], t["face_lightness_zero"])),
        "presence": _presence(measures.framing.face_fraction),
        "facing": falling(abs(measures.facing.yaw), t["yaw_partly"], 90.0),
    }
    portrait = 100 * sum(w * portrait_parts[k] for k, w in t["portrait_weights"].items())
    kind = "headshot" if headshot >= t["headshot_min_score"] else "portrait"
    return Judgement(kind=kind, headshot_score=round(headshot, 1), portrait_score=round(portrait, 1),
                     subscores=subscores, criteria=_criteria(measures, subscores))


def no_person(backdrop: Backdrop, dark_frame: float, frame_contrast: float) -> Judgement:
    """A frame without a face: no scores, but its backdrop and light are still described."""
    t = TABLE
    plain = min(_backdrop_parts(backdrop))
    low_key = _low_key(dark_frame, frame_contrast)
    return Judgement(
        kind="none", headshot_score=0.0, portrait_score=0.0,
        subscores={"people": SubScore(0.0, "no person: no face found in the frame")},
        criteria={"framing": "no-person", "frontal": "",
                  "backdrop": "plain" if plain >= t["criterion_pass"] else "busy",
                  "lighting": "dramatic" if low_key > 1 - t["criterion_pass"] else "even"})


def framing_class(measures: Measures) -> str:
    framing = measures.framing
    below = framing.body_below
    if framing.face_area >= TABLE["closeup_min_face_area"] or below < TABLE["closeup_max_below"]:
        return "closeup"
    if below <= TABLE["head_shoulders_max_below"]:
        return "head-shoulders"
    if below <= TABLE["half_body_max_below"]:
        return "half-body"
    return "full-body"


def _criteria(measures: Measures, subscores: dict[str, SubScore]) -> dict[str, str]:
    t = TABLE
    yaw = abs(measures.facing.yaw)
    frontal = "yes" if yaw <= t["frontal_yes_max"] else "partly" if yaw <= t["frontal_partly_max"] else "no"
    passing = t["criterion_pass"]
    return {
        "framing": "group" if measures.people > 1 else framing_class(measures),
        "frontal": frontal,
        "backdrop": "plain" if subscores["backdrop"].value >= passing else "busy",
        "lighting": "even" if subscores["lighting"].value >= passing else "dramatic",
    }


def _framing(m: Measures) -> SubScore:
    t, kind = TABLE, framing_class(m)
    below = m.framing.body_below
    if kind == "closeup":
        how = ("the face fills the frame" if m.framing.face_area >= t["closeup_min_face_area"]
               else "the frame stops at the chin")
        return SubScore(t["closeup_framing_score"], f"tight closeup: {how}, shoulders cut")
    value = falling(below, t["framing_good_below"], t["framing_zero_below"])
    if kind == "head-shoulders":
        return SubScore(max(value, t["criterion_pass"]), "head-and-shoulders framing")
    return SubScore(value, f"{kind} framing: {below:.1f} face heights of body below the chin")


def _people(people: int) -> SubScore:
    if people == 1:
        return SubScore(1.0, "one person")
    return SubScore(0.0, f"{people} people in the frame")


def _facing(m: Measures) -> SubScore:
    t, f = TABLE, m.facing
    yaw_part = falling(abs(f.yaw), t["yaw_frontal"], t["yaw_zero"])
    roll_part = falling(abs(f.roll), t["roll_good"], t["roll_zero"])
    pitch_part = falling(abs(f.pitch), t["pitch_good"], t["pitch_zero"])
    value = min(yaw_part, roll_part, pitch_part)
    if yaw_part == value and yaw_part < 1:
        side = "right" if f.yaw > 0 else "left"
        return SubScore(value, f"face turned about {abs(f.yaw):.0f}° toward camera {side}")
    if roll_part == value and roll_part < 1:
        return SubScore(value, f"head tilted about {abs(f.roll):.0f}°")
    if pitch_part == value and pitch_part < 1:
        direction = "up" if f.pitch > 0 else "down"
        return SubScore(value, f"chin strongly {direction} (about {abs(f.pitch):.0f}°)")
    return SubScore(1.0, f"face toward the camera (turned {abs(f.yaw):.0f}°)")


def _rising(value: float, start: float, full: float) -> float:
    return 1 - falling(value, start, full)


def _lighting(m: Measures) -> SubScore:
    t, light = TABLE, m.lighting
    parts = {
        "side": (falling(abs(light.side_stops), t["side_good"], t["side_zero"]),
                 f"strong side light: {abs(light.side_stops):.1f} stops between face halves"),
        "contrast": (falling(light.contrast_stops, t["contrast_good"], t["contrast_zero"]),
                     f"hard light: {light.contrast_stops:.1f} stops from face shadows to highlights"),
        "low_key": (1 - _low_key(light.dark_frame, light.contrast_stops),
                    f"low-key: {light.dark_frame:.0%} of the frame in deep shadow"),
        "dark": (_rising(light.exposure, t["exposure_dark_zero"], t["exposure_dark_good"]),
                 "face underexposed"),
        "clipped": (falling(light.clipped, t["clipped_good"], t["clipped_zero"]),
                    f"clipped highlights on {light.clipped:.0%} of the face"),
    }
    value, reason = min(parts.values(), key=lambda part: part[0])
    if value >= 1:
        return SubScore(1.0, f"even light: {abs(light.side_stops):.1f} stops between face halves")
    return SubScore(value, reason)


def _low_key(dark_frame: float, contrast_stops: float) -> float:
    """0..1: how far a frame is low-key, most of it in deep shadow and hard light."""
    t = TABLE
    return _rising(dark_frame, t["low_key_dark_from"], t["low_key_dark_full"]) * \
        _rising(contrast_stops, t["low_key_contrast_from"], t["low_key_contrast_full"])


def _backdrop_parts(b: Backdrop) -> tuple[float, float]:
    """Plainness as judged by edges and by blotches, each 0..1."""
    t = TABLE
    return (falling(b.edge_density, t["edge_good"], t["edge_zero"]),
            falling(b.blotchiness, t["blotch_good"], t["blotch_zero"]))


def _backdrop(m: Measures) -> SubScore:
    t, b = TABLE, m.backdrop
    edge_part, blotch_part = _backdrop_parts(b)
    value = min(edge_part, blotch_part)
    if value >= 1:
        return SubScore(1.0, "plain backdrop")
    if value >= t["criterion_pass"]:
        return SubScore(value, "fairly plain backdrop: a little texture or tone variation")
    if edge_part <= blotch_part:
        return SubScore(edge_part, f"busy background: detail and edges behind the subject "
                                   f"({b.edge_density:.1%} edge pixels)")
    return SubScore(blotch_part, f"busy background: patches of colour and tone behind "
                                 f"(ΔE {b.blotchiness:.0f})")


def _sharpness(sharpness: float) -> SubScore:
    t = TABLE
    value = _rising(sharpness, t["sharp_zero"], t["sharp_good"])
    if value >= 1:
        return SubScore(1.0, "face in sharp focus")
    return SubScore(value, f"face looks soft (focus {sharpness:.2f}, sharp from {t['sharp_good']})")


def _exposure_part(m: Measures) -> float:
    t, light = TABLE, m.lighting
    return min(_rising(light.exposure, t["exposure_dark_zero"], t["exposure_dark_good"]),
               falling(light.clipped, t["clipped_good"], t["clipped_zero"]))


def _presence(face_fraction: float) -> float:
    return _rising(face_fraction, TABLE["presence_zero_fraction"], TABLE["presence_good_fraction"])
