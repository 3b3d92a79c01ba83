"""From measures to judgement: a graded sub-score with its reason per quality, the two
scores and the kind.

Kind is composition (DESIGN.md): a frame is a headshot when it is framed chest-up or
closer, shows one person facing the camera, in even light, before a plain backdrop, with
no hand over the face and no strong expression. Every such requirement is a limit on a
measure (`Parameters`), and its grade is 1 at the ideal, 0.5 exactly at the limit and 0
at twice the distance, so a frame passes a criterion when its grade reaches 0.5 and
better frames grade higher: the headshot score (a weighted geometric mean of the grades)
ranks the frames that pass instead of tying them at 100. A failed requirement multiplies
the score by its grade (under 0.5), so such a frame scores under 50 and still ranks
among its like. Closed eyes do not change the kind (a blink is an accident) but grade
0.25, so the score falls under 25: a photographer never delivers one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shotkind_desktop.core.measures import Measures
from shotkind_desktop.core.measures.backdrop import Backdrop


@dataclass(frozen=True)
class Parameters:
    """Every limit and weight of the judgement, in the units of its measure. Limits come
    from photography or anatomy; those marked CV were chosen by cross-validation on the
    labelled photos (benchmarks/accuracy.py --tune prints the held-out figures)."""

    # framing, in face heights (the mesh's face oval, hairline to chin) of frame below the
    # chin: shoulders start ~0.25 below it, mid-chest ~1.2, waist ~2.6, knees ~4.4.
    # A closeup fills the frame: the face oval (about two thirds of the head's area with
    # hair) covers half of it, or the frame stops at the chin, or the face is this part
    # of the frame's height (CV) and the frame's bottom edge cuts the person narrower than
    # this many face widths, so the shoulders (about 2.5 face widths) are not both in (CV).
    closeup_min_face_area: float = 0.4
    closeup_max_below: float = 0.08
    closeup_face_height: float = 0.6
    closeup_max_cut: float = 2.0
    framing_good_below: float = 0.8      # shoulders and upper chest: the classic headshot
    head_shoulders_max_below: float = 1.4
    half_body_max_below: float = 4.4
    # facing, degrees: a headshot looks at the viewer within about 25° (DESIGN.md)
    yaw_limit: float = 25.0
    frontal_partly_max: float = 55.0
    roll_limit: float = 30.0
    pitch_limit: float = 30.0
    # light, stops: 2:1 (1 stop) is classic soft light, 4:1 (2 stops) is dramatic
    side_good: float = 1.0
    side_limit: float = 1.75
    contrast_good: float = 6.0
    contrast_limit: float = 8.0
    clipped_good: float = 0.02           # share of the face burnt out: specular highlights
    clipped_limit: float = 0.085
    exposure_limit: float = 0.25         # face L*/100 below this is underexposed
    exposure_ideal: float = 0.65         # well exposed skin across skin tones, roughly
    low_key_dark_from: float = 0.3       # share of the frame in deep shadow...
    low_key_dark_full: float = 0.5
    low_key_contrast_from: float = 4.0   # ...with this many stops of contrast on the face
    low_key_contrast_full: float = 6.0
    # backdrop: edge share, and Lab blotchiness (ΔE 2.3 is just noticeable). CV
    edge_good: float = 0.005
    edge_limit: float = 0.02
    blotch_good: float = 2.3
    blotch_limit: float = 7.0
    backdrop_min_area: float = 0.1       # less backdrop than this in the frame: nothing to judge
    # focus: log10 contrast-normalised Laplacian energy of the face at 128 px; a face
    # this crisp is as sharp as a headshot needs (portraits reward focus up to 2.2)
    sharp_limit: float = 1.3
    sharp_ideal: float = 1.8
    portrait_sharp_full: float = 2.2
    # eyes: the two eyes' mean blink score (the more closed eye alone was tried: no better
    # held out, and one eye's score is noisier), less a share of the smile (a laughing
    # squint narrows open eyes), at or over blink_closed is closed (both CV). An eye
    # narrower than this many
    # working pixels cannot be judged, nor the far eye of a face turned past 45°: it
    # hides behind the bridge of the nose.
    blink_closed: float = 0.45
    squint_per_smile: float = 0.25
    eye_min_width: float = 8.0
    eyes_hidden_yaw: float = 45.0
    gaze_limit: float = 0.45             # iris this far toward a corner: looking away
    # expression (CV): a smile (blendshape score); a laugh is a smile with the lips this
    # far apart (gap over mouth width); lips as far apart without a smile (talking,
    # shouting, surprise) is another expression, and so is a mouth opened wider than any
    # laugh whatever the smile score says (a scream, surprise, a tongue out)
    smile_from: float = 0.2
    laugh_open: float = 0.3
    talk_open: float = 0.3
    shout_open: float = 0.35
    # how much each grade counts in the headshot score's geometric mean
    weights: dict = field(default_factory=lambda: {
        "framing": 1.0, "facing": 1.0, "lighting": 1.0, "backdrop": 1.0, "sharpness": 1.0,
        "eyes": 1.5, "expression": 0.5, "gaze": 0.5})
    portrait_weights: dict = field(default_factory=lambda: {
        "sharpness": 0.4, "exposure": 0.2, "presence": 0.2, "facing": 0.2})
    presence_zero_fraction: float = 0.02
    presence_good_fraction: float = 0.10


PARAMETERS = Parameters()
PASS = 0.5                      # a grade at or above this meets its requirement
COMPOSITION = ("framing", "people", "facing", "lighting", "backdrop", "expression", "covered")


@dataclass(frozen=True)
class SubScore:
    value: float     # 0..1; 0.5 is the limit of what a headshot allows
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


def lower_better(value: float, limit: float, good: float = 0.0) -> float:
    """1 up to `good` (a difference nobody sees), 0.5 at `limit`, 0 as far past the limit
    as the limit is past `good`."""
    return min(1.0, max(0.0, 1 - 0.5 * (value - good) / (limit - good))) if limit > good else 0.0


def higher_better(value: float, limit: float, ideal: float) -> float:
    """1 at `ideal` or above, 0.5 at `limit`, 0 as far below the limit as the ideal is above."""
    return min(1.0, max(0.0, 0.5 + 0.5 * (value - limit) / (ideal - limit)))


def ramp(value: float, start: float, full: float) -> float:
    """0 up to `start`, 1 from `full`, linear between."""
    return min(1.0, max(0.0, (value - start) / (full - start)))


def judge(m: Measures, p: Parameters = PARAMETERS) -> Judgement:
    framing = framing_class(m, p)
    eyes = eyes_state(m, p)
    expression = expression_word(m, p)
    subscores = {
        "framing": _framing(m, framing, p),
        "people": SubScore(1.0, "one person") if m.people == 1 else
        SubScore(0.05, f"{m.people} people in the frame"),
        "facing": _facing(m, p),
        "lighting": _lighting(m, p),
        "backdrop": _backdrop(m.backdrop, p),
        "sharpness": _sharpness(m.sharpness, p),
        "eyes": _eyes(m, eyes),
        "gaze": _gaze(m, eyes, p),
        "expression": _expression(m, expression),
        "covered": SubScore(0.2, f"hand over the {m.covered}") if m.covered else
        SubScore(1.0, "nothing over the face"),
    }
    weights = p.weights
    mean = 1.0
    for name, weight in weights.items():
        mean *= max(subscores[name].value, 1e-3) ** (weight / sum(weights.values()))
    failing = [subscores[name].value for name in (*COMPOSITION, "eyes")
               if subscores[name].value < PASS]
    headshot = 100 * mean * min([1.0, *failing])    # a failed requirement: under 50, still ranked
    composed = all(subscores[name].value >= PASS for name in COMPOSITION)
    return Judgement(
        kind="headshot" if composed else "portrait",
        headshot_score=round(headshot, 1), portrait_score=round(_portrait(m, p), 1),
        subscores=subscores,
        criteria={"framing": "group" if m.people > 1 else framing,
                  "frontal": _frontal(m, p),
                  "backdrop": "plain" if subscores["backdrop"].value >= PASS else "busy",
                  "lighting": "even" if subscores["lighting"].value >= PASS else "dramatic",
                  "eyes": eyes, "expression": expression})


def no_person(backdrop: Backdrop, dark_frame: float, frame_contrast: float,
              p: Parameters = PARAMETERS) -> Judgement:
    """A frame without a face: no scores, but its backdrop and light are still described."""
    low_key = _low_key(dark_frame, frame_contrast, p)
    return Judgement(
        kind="none", headshot_score=0.0, portrait_score=0.0,
        subscores={"people": SubScore(0.0, "no person: no face found in the frame")},
        criteria={"framing": "no-person", "frontal": "",
                  "backdrop": "plain" if _backdrop(backdrop, p).value >= PASS else "busy",
                  "lighting": "dramatic" if low_key > 1 - PASS else "even",
                  "eyes": "", "expression": ""})


def framing_class(m: Measures, p: Parameters = PARAMETERS) -> str:
    below = m.framing.body_below
    if (m.framing.face_area >= p.closeup_min_face_area or below < p.closeup_max_below
            or (m.framing.face_fraction >= p.closeup_face_height
                and m.framing.cut_width < p.closeup_max_cut)):
        return "closeup"
    if below <= p.head_shoulders_max_below:
        return "head-shoulders"
    return "half-body" if below <= p.half_body_max_below else "full-body"


def eyes_state(m: Measures, p: Parameters = PARAMETERS) -> str:
    """open, closed or hidden (too small, turned away or covered: cannot be seen)."""
    if m.eyes.width < p.eye_min_width or abs(m.facing.yaw) > p.eyes_hidden_yaw or m.covered == "eye":
        return "hidden"
    blink = (m.eyes.left_blink + m.eyes.right_blink) / 2 - p.squint_per_smile * m.expression.smile
    return "closed" if blink >= p.blink_closed else "open"


def expression_word(m: Measures, p: Parameters = PARAMETERS) -> str:
    """neutral, smile, laugh or other; empty when a hand hides the mouth."""
    e = m.expression
    if m.covered == "mouth":
        return ""
    if e.mouth_open >= p.shout_open:
        return "other"
    if e.smile >= p.smile_from:
        return "laugh" if e.mouth_open >= p.laugh_open else "smile"
    return "other" if e.mouth_open >= p.talk_open else "neutral"


def _frontal(m: Measures, p: Parameters) -> str:
    yaw = abs(m.facing.yaw)
    return "yes" if yaw <= p.yaw_limit else "partly" if yaw <= p.frontal_partly_max else "no"


def _framing(m: Measures, kind: str, p: Parameters) -> SubScore:
    below = m.framing.body_below
    if kind == "closeup":
        return SubScore(0.75, "closeup: the face fills the frame")
    if kind == "head-shoulders":
        # chest-up is the classic headshot; the lower the cut, the more it leans portrait
        span = max(0.1, p.head_shoulders_max_below - p.framing_good_below)
        past = max(0.0, below - p.framing_good_below) / span
        return SubScore(max(PASS, 1 - 0.5 * past), "head-and-shoulders framing")
    return SubScore(0.25 if kind == "half-body" else 0.1,
                    f"{kind} framing: {below:.1f} face heights of body below the chin")


def _facing(m: Measures, p: Parameters) -> SubScore:
    f = m.facing
    parts = [
        (lower_better(abs(f.yaw), p.yaw_limit),
         f"face turned about {abs(f.yaw):.0f}° toward the image {'right' if f.yaw > 0 else 'left'}"),
        (lower_better(abs(f.roll), p.roll_limit), f"head tilted about {abs(f.roll):.0f}°"),
        (lower_better(abs(f.pitch), p.pitch_limit),
         f"chin strongly {'up' if f.pitch > 0 else 'down'} (about {abs(f.pitch):.0f}°)"),
    ]
    value, reason = min(parts)
    if value >= 0.75:
        return SubScore(value, f"face toward the camera (turned {abs(f.yaw):.0f}°)")
    return SubScore(value, reason)


def _lighting(m: Measures, p: Parameters) -> SubScore:
    light = m.lighting
    side, contrast = abs(light.side_stops), light.contrast_stops
    parts = [   # (grade, what it is when the light still passes as even, when it does not)
        (lower_better(side, p.side_limit, p.side_good),
         f"a little side light: {side:.1f} stops between face halves",
         f"strong side light: {side:.1f} stops between face halves"),
        (lower_better(contrast, p.contrast_limit, p.contrast_good),
         f"fairly contrasty light: {contrast:.1f} stops from face shadows to highlights",
         f"hard light: {contrast:.1f} stops from face shadows to highlights"),
        (1 - _low_key(light.dark_frame, contrast, p),
         f"darkish frame: {light.dark_frame:.0%} of it in deep shadow",
         f"low-key: {light.dark_frame:.0%} of the frame in deep shadow"),
        (higher_better(light.exposure, p.exposure_limit, p.exposure_ideal),
         "face a little dark", "face underexposed"),
        (lower_better(light.clipped, p.clipped_limit, p.clipped_good),
         f"some clipped highlights ({light.clipped:.0%} of the face)",
         f"clipped highlights on {light.clipped:.0%} of the face"),
    ]
    value, mild, strong = min(parts)
    if value >= 0.75:
        return SubScore(value, f"even light: {side:.1f} stops between face halves")
    return SubScore(value, mild if value >= PASS else strong)


def _low_key(dark_frame: float, contrast_stops: float, p: Parameters) -> float:
    """0..1: how far a frame is low-key, most of it in deep shadow and hard light."""
    return ramp(dark_frame, p.low_key_dark_from, p.low_key_dark_full) * \
        ramp(contrast_stops, p.low_key_contrast_from, p.low_key_contrast_full)


def _backdrop(b: Backdrop, p: Parameters) -> SubScore:
    if b.area < p.backdrop_min_area:
        return SubScore(0.75, f"the person fills the frame: {b.area:.0%} backdrop")
    edges = lower_better(b.edge_density, p.edge_limit, p.edge_good)
    blotches = lower_better(b.blotchiness, p.blotch_limit, p.blotch_good)
    value = min(edges, blotches)
    if value >= 0.75:
        return SubScore(value, "plain backdrop")
    if value >= PASS:
        return SubScore(value, "fairly plain backdrop: a little texture or tone variation")
    if edges <= blotches:
        return SubScore(value, f"busy background: detail and edges behind the subject "
                               f"({b.edge_density:.1%} edge pixels)")
    return SubScore(value, f"busy background: patches of colour and tone behind (ΔE {b.blotchiness:.0f})")


def _sharpness(sharpness: float, p: Parameters) -> SubScore:
    value = higher_better(sharpness, p.sharp_limit, p.sharp_ideal)
    if value >= 0.75:
        return SubScore(value, "face in sharp focus")
    if value >= PASS:
        return SubScore(value, f"face slightly soft (focus {sharpness:.2f}, crisp from {p.sharp_ideal})")
    return SubScore(value, f"face looks soft (focus {sharpness:.2f}, sharp enough from {p.sharp_limit})")


def _eyes(m: Measures, state: str) -> SubScore:
    e = m.eyes
    if state == "hidden":
        return SubScore(0.6, "eyes cannot be seen")
    if state == "closed":
        which = ("both eyes" if min(e.left_blink, e.right_blink) >= 0.5 * max(e.left_blink, e.right_blink)
                 and abs(e.left_blink - e.right_blink) < 0.15
                 else "left eye (on the image's right)" if e.left_blink > e.right_blink
                 else "right eye (on the image's left)")
        return SubScore(0.25, f"{which} closed")
    return SubScore(1 - 0.5 * max(e.left_blink, e.right_blink), "eyes open")


def _gaze(m: Measures, state: str, p: Parameters) -> SubScore:
    if state != "open":
        return SubScore(0.75, "gaze not judged")
    value = lower_better(abs(m.eyes.gaze), p.gaze_limit)
    if value >= PASS:
        return SubScore(value, "looking at the lens")
    return SubScore(value, f"eyes looking to the image {'right' if m.eyes.gaze > 0 else 'left'}")


def _expression(m: Measures, word: str) -> SubScore:
    e = m.expression
    if word == "other":
        return SubScore(0.3, "mouth open without a smile: talking or a strong expression")
    if word == "":
        return SubScore(0.75, "mouth hidden")
    return SubScore(0.8 + 0.2 * e.smile, {"smile": "smiling", "laugh": "laughing"}.get(word, "neutral expression"))


def _portrait(m: Measures, p: Parameters) -> float:
    light = m.lighting
    parts = {
        "sharpness": ramp(m.sharpness, 1.0, p.portrait_sharp_full),
        "exposure": min(higher_better(light.exposure, p.exposure_limit, p.exposure_ideal),
                        lower_better(light.clipped, p.clipped_limit, p.clipped_good),
                        lower_better(abs(light.exposure - p.exposure_ideal), 0.25)),
        "presence": ramp(m.framing.face_fraction, p.presence_zero_fraction, p.presence_good_fraction),
        "facing": lower_better(max(0.0, abs(m.facing.yaw) - 40.0), 25.0),
    }
    return 100 * sum(w * parts[k] for k, w in p.portrait_weights.items())
