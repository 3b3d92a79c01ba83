"""From measures to judgement: a graded sub-score with its reason per quality, the two
scores and the kind.

Kind is composition (DESIGN.md): a frame is a headshot when it is framed chest-up or
closer, shows one person facing the camera, in even light, before a plain backdrop, with
no hand over the face and no strong expression. Every such requirement is a limit on a
measure (core.judgement.parameters), and its grade is 1 at the ideal, 0.5 exactly at the limit and
on down a straight line to 0.19, then toward 0 without reaching it (a share, such as the
backdrop's share of fast colour change, reaches 0 only when all of it is bad), so a frame
passes a criterion when its grade reaches 0.5 and
better frames grade higher: the headshot score (a weighted geometric mean of the grades)
ranks the frames that pass instead of tying them at 100. A failed requirement multiplies
the score by its grade (under 0.5), so such a frame scores under 50 and still ranks
among its like. Closed eyes do not change the kind (a blink is an accident) but grade
0.25, so the score falls under 25: a photographer never delivers one. Blown highlights on
the face are the same kind of accident, of exposure rather than of light: they lower the
score (under 50 past their limit) and leave the kind and the light's word alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from shotkind_desktop.core.judgement.measures import Measures, NoFaceMeasures
from shotkind_desktop.core.judgement.focus_words import SHARP, SOFT, focus_grade, focus_state, focus_words
from shotkind_desktop.core.judgement.measures.backdrop import Backdrop
from shotkind_desktop.core.judgement.measures.eye_focus import EyeFocus
from shotkind_desktop.core.judgement.measures.facing import Facing
from shotkind_desktop.core.judgement.parameters import CLEAR, PARAMETERS, PASS, SAYS_WHY, Parameters
from shotkind_desktop.core.records import COMPOSITION, HAND_PLACES


SOFT_MIDDLE = (PASS + CLEAR) / 2    # focus_grade in the middle of the slightly soft band


@dataclass(frozen=True)
class SubScore:
    value: float     # 0..1; 0.5 is the limit of what a headshot allows
    reason: str


@dataclass(frozen=True)
class JudgedFocus:
    """Focus on the eyes as judged: the figure where the eyes can be seen, its state and
    words where they are open (a closed or hidden eye has no focus to judge); where it has
    a state, it is the headshot score's focus grade (_focus)."""

    value: float | None        # measures/eye_focus.py's figure; None where the eyes are hidden
    state: str | None          # SHARP, SOFT, MISSED (focus_words) where the eyes are open, else None
    sharpest: str | None       # where the focus went, when the eyes are not sharp
    read_at: str | None        # where the eyes' pixels came from; None without a figure
    reason: str                # "" when not judged


UNJUDGED_FOCUS = JudgedFocus(None, None, None, None, "")


@dataclass(frozen=True)
class Judgement:
    kind: str                       # headshot, portrait, none
    headshot_score: float           # 0..100
    portrait_score: float
    subscores: dict[str, SubScore]
    criteria: dict[str, str]        # the words of labels.csv
    eye_focus: JudgedFocus = UNJUDGED_FOCUS

    @property
    def reasons(self) -> list[str]:
        """One per sub-score; focus says the eyes' where they are judged (_focus)."""
        return [sub.reason for sub in self.subscores.values()]


def lower_better(value: float, limit: float, good: float = 0.0) -> float:
    """1 up to `good` (a difference nobody sees), 0.5 at `limit`, 0 as far past the limit
    as the limit is past `good`, but held up by a tail that never reaches 0 (_with_tail), so
    frames that fail a requirement badly still rank by how far they fail it."""
    if limit <= good:
        return 0.0
    return _with_tail(1 - 0.5 * (value - good) / (limit - good), (value - good) / (limit - good))


def share_lower_better(share: float, limit: float, good: float = 0.0) -> float:
    """For a share (0..1): as lower_better up to `limit`, then down to 0 only when all of
    it is bad, so frames past the limit still rank among themselves."""
    if share <= limit:
        return lower_better(share, limit, good)
    return max(0.0, 0.5 * (1 - (share - limit) / (1 - limit))) if limit < 1 else 0.0


def higher_better(value: float, limit: float, ideal: float) -> float:
    """1 at `ideal` or above, 0.5 at `limit`, 0 as far below the limit as the ideal is
    above, held up by the same tail as lower_better."""
    return _with_tail(0.5 + 0.5 * (value - limit) / (ideal - limit), (ideal - value) / (ideal - limit))


def _with_tail(straight: float, distance: float) -> float:
    """`straight` clipped to 0..1, or where it falls under 0.19, a tail of 0.5 / distance²
    (`distance` from the good end in units of the limit's: 1 at the limit), which meets
    the straight line there (distance 1.618) and then falls toward 0 without reaching it.
    A tester found a third of a folder tied at a headshot score of 0 (a smile before an
    office window with groups, a cat and profiles) because one grade reached 0; grades
    from 0.19 up are as they were."""
    if distance <= 1:
        return min(1.0, straight)
    if distance > 1:
        return max(straight, 0.5 / distance ** 2)
    return 0.0      # not a number: unmeasurable is no pass


def ramp(value: float, start: float, full: float) -> float:
    """0 up to `start`, 1 from `full`, linear between."""
    return min(1.0, max(0.0, (value - start) / (full - start)))


def judge(m: Measures | NoFaceMeasures, p: Parameters = PARAMETERS) -> Judgement:
    """The judgement of a frame's measures (measures.measure_frame)."""
    if isinstance(m, NoFaceMeasures):
        return no_person(m, p)
    framing = framing_class(m, p)
    eyes = eyes_state(m, p)
    expression = expression_word(m, p)
    focus = _eye_focus(m.eye_focus, eyes, p)
    subscores = {
        "framing": _framing(m, framing, p),
        "people": SubScore(1.0, "one person") if m.people == 1 else
        SubScore(p.several_people_grade, f"{m.people} people in the frame"),
        "facing": _facing(m, p),
        "lighting": _lighting(m, p),
        "highlights": _highlights(m, p),
        "backdrop": _backdrop(m.backdrop, p),
        "sharpness": _focus(m.focus, focus, p),
        "eyes": _eyes(m, eyes, p),
        "gaze": _gaze(m, eyes, p),
        "expression": _expression(m, expression, p),
        "covered": SubScore(p.covered_grade, HAND_PLACES[hand]) if (hand := hand_at_face(m, p)) else
        SubScore(1.0, "nothing over the face"),
    }
    weights = p.weights
    mean = 1.0
    for name, weight in weights.items():
        mean *= max(subscores[name].value, 1e-3) ** (weight / sum(weights.values()))
    failing = [subscores[name].value for name in (*COMPOSITION, "eyes", "highlights")
               if subscores[name].value < PASS]
    if focus.state:        # the open eyes' focus (the face's 128-px figure only ranks)
        failing.append(_focus_cap(subscores["sharpness"].value))
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
                  "eyes": eyes, "expression": expression},
        eye_focus=focus)


def _eye_focus(focus: EyeFocus, eyes: str, p: Parameters) -> JudgedFocus:
    if eyes == "hidden" or focus.value is None:
        return UNJUDGED_FOCUS
    if eyes != "open":
        return JudgedFocus(focus.value, None, None, focus.read_at, "")
    state = focus_state(focus.value, p)
    sharpest = None if state == SHARP else focus.sharpest
    words = focus_words(state, sharpest)
    if state == SOFT and focus_grade(focus.value, p) < SOFT_MIDDLE:
        # the half of the band where the score already falls toward a miss (_focus_cap)
        words = words.replace("eyes slightly soft", "eyes soft, close to a missed focus", 1)
    return JudgedFocus(focus.value, state, sharpest, focus.read_at, words)


def no_person(m: NoFaceMeasures, p: Parameters = PARAMETERS) -> Judgement:
    """A frame without a face: no scores, but its backdrop and light are still described."""
    low_key = _low_key(m.dark_frame, m.contrast_stops, p)
    return Judgement(
        kind="none", headshot_score=0.0, portrait_score=0.0,
        subscores={"people": SubScore(0.0, "no person: no face found in the frame")},
        criteria={"framing": "no-person", "frontal": "",
                  "backdrop": "plain" if _backdrop(m.backdrop, p).value >= PASS else "busy",
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
    """open, closed or hidden (too small, turned away, covered or too dark to see)."""
    if hidden_eyes_reason(m, p):
        return "hidden"
    squint = p.squint_per_smile * m.expression.smile
    both = (m.eyes.left_blink + m.eyes.right_blink) / 2 - squint
    one = max(m.eyes.left_blink, m.eyes.right_blink) - squint
    return "closed" if both >= p.blink_closed or one >= p.blink_one or _lowered_lid(m, p) else "open"


def hand_at_face(m: Measures, p: Parameters = PARAMETERS) -> str | None:
    """Where a hand covers the face (HAND_PLACES' keys), or None. The palm detector takes
    dark lenses for a hand over an eye; a hand is skin, as bright as the cheek, so over
    eyes too dark to see it does not count."""
    if m.covered == "eye" and m.eyes.seen and m.eyes.shade < p.dark_eyes_shade:
        return None
    return m.covered


def hidden_eyes_reason(m: Measures, p: Parameters = PARAMETERS) -> str:
    """Why the eyes cannot be judged, in words; empty when they can."""
    if not m.eyes.seen:
        return "eyes cannot be seen"
    if m.eyes.width < p.eye_min_width:
        return "eyes too small to judge"
    if abs(m.facing.yaw) > p.eyes_hidden_yaw:
        return "face turned away: eyes cannot be seen"
    if hand_at_face(m, p) == "eye":
        return "a hand over an eye"
    if m.eyes.shade < p.dark_eyes_shade:
        return "eyes too dark to see (dark glasses or deep shadow)"
    return ""


def _lowered_lid(m: Measures, p: Parameters) -> bool:
    return (min(m.eyes.left_open, m.eyes.right_open) < p.lid_gap_closed
            and m.expression.smile < p.smile_from)


def expression_word(m: Measures, p: Parameters = PARAMETERS) -> str:
    """neutral, smile, laugh or other (the mouth open without a smile, or eyes wide); empty
    when the frame cuts the mouth off. A hand, a cigarette or a microphone at the mouth
    leaves its shape readable (DESIGN.md: empty only where the mouth cannot be seen); the
    hand itself is its own reason."""
    e = m.expression
    if not e.seen:
        return ""
    if e.mouth_open >= p.shout_open or _wide_eyes(m, p):
        return "other"
    if e.smile >= p.smile_from:
        return "laugh" if e.mouth_open >= p.laugh_open else "smile"
    return "other" if e.mouth_open >= p.talk_open else "neutral"


def _wide_eyes(m: Measures, p: Parameters) -> bool:
    """White above both irises of open eyes: surprise or fear, not a headshot's calm, even
    with the mouth's corners drawn back (bared teeth read as a smile to the blendshapes;
    a real smile narrows the eyes, it never widens them)."""
    return m.expression.white_above_iris > p.wide_eyes_from and eyes_state(m, p) == "open"


def _frontal(m: Measures, p: Parameters) -> str:
    """Toward the camera: turned no further than yaw_limit, and pointing no further from the
    lens than away_limit, a raised or lowered chin added to the turn."""
    yaw = abs(m.facing.yaw)
    if yaw > p.frontal_partly_max:
        return "no"
    return "yes" if yaw <= p.yaw_limit and m.facing.away <= p.away_limit else "partly"


def _framing(m: Measures, kind: str, p: Parameters) -> SubScore:
    below = m.framing.body_below
    if m.framing.face_inside < p.face_inside_min:
        return SubScore(p.face_cut_grade,
                        f"face cut by the frame's edge ({1 - m.framing.face_inside:.0%} of it outside)")
    if kind == "closeup":
        return SubScore(p.closeup_grade, "closeup: the face fills the frame")
    if kind == "head-shoulders":
        # chest-up is the classic headshot; the lower the cut, the more it leans portrait
        span = max(0.1, p.head_shoulders_max_below - p.framing_good_below)
        past = max(0.0, below - p.framing_good_below) / span
        value = max(PASS, 1 - 0.5 * past)
        if value >= SAYS_WHY:
            return SubScore(value, "head-and-shoulders framing")
        return SubScore(value, f"head-and-shoulders, a little loose: the frame ends {below:.1f} face "
                               f"heights below the chin")
    return SubScore(p.half_body_grade if kind == "half-body" else p.full_body_grade,
                    f"{kind} framing: {below:.1f} face heights of body below the chin")


def _facing(m: Measures, p: Parameters) -> SubScore:
    f = m.facing
    parts = [   # (grade, what it is while the face still counts as toward the camera, past it)
        (min(lower_better(abs(f.yaw), p.yaw_limit), lower_better(f.away, p.away_limit)), *_away_words(f)),
        (lower_better(abs(f.roll), p.roll_limit),
         f"head tilted a little (about {abs(f.roll):.0f}°)", f"head tilted about {abs(f.roll):.0f}°"),
    ]
    value, mild, strong = min(parts)
    if not f.sure:      # the face mesh could not read this face: not a clear view of it
        return SubScore(min(value, p.unsure_face_grade), "face not clearly seen (lying, cut or covered)")
    if value >= CLEAR:
        return SubScore(value, f"face toward the camera ({f.away:.0f}° from the lens)")
    return SubScore(value, mild if value >= PASS else strong)


def _away_words(f: Facing) -> tuple[str, str]:
    """Where the face points, (while still toward the camera, past it), in the words of
    whichever way it is turned: sideways, chin up or down, or both, so the degrees shown
    are always the ones judged."""
    side = f"{abs(f.yaw):.0f}° toward the image {'right' if f.yaw > 0 else 'left'}"
    chin = "up" if f.pitch > 0 else "down"
    if round(f.away) == round(abs(f.yaw)):
        return f"face turned a little (about {side})", f"face turned about {side}"
    if round(f.away) == round(abs(f.pitch)) and abs(f.yaw) <= abs(f.pitch):
        return (f"chin a little {chin} (about {abs(f.pitch):.0f}°)",
                f"chin strongly {chin} (about {abs(f.pitch):.0f}°)")
    both = f"{f.away:.0f}° from the lens: {side}, chin {chin} {abs(f.pitch):.0f}°"
    return f"face turned a little ({both})", f"face turned away from the camera ({both})"


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
    ]
    value, mild, strong = min(parts)
    if value >= CLEAR:
        return SubScore(value, f"even light: {side:.1f} stops between face halves")
    return SubScore(value, mild if value >= PASS else strong)


def _highlights(m: Measures, p: Parameters) -> SubScore:
    """Burnt-out skin: an exposure fault, not a light's character. The labels never call
    a face's light dramatic for clipping alone, and a headshot shot 0.7 stops over keeps
    its composition; it only cannot be delivered as it is. Past the limit the grade falls
    to 0 only when all of the face is burnt out, so overexposed frames still rank."""
    clipped = m.lighting.clipped
    value = share_lower_better(clipped, p.clipped_limit, p.clipped_good)
    if clipped <= p.clipped_good:
        return SubScore(value, "no highlights burnt out on the face")
    if value >= CLEAR:
        return SubScore(value, f"specular highlights ({clipped:.0%} of the face)")
    if value >= PASS:
        return SubScore(value, f"some clipped highlights ({clipped:.0%} of the face)")
    return SubScore(value, f"highlights burnt out on {clipped:.0%} of the face")


def _low_key(dark_frame: float, contrast_stops: float, p: Parameters) -> float:
    """0..1: how far a frame is low-key, most of it in deep shadow and hard light."""
    return ramp(dark_frame, p.low_key_dark_from, p.low_key_dark_full) * \
        ramp(contrast_stops, p.low_key_contrast_from, p.low_key_contrast_full)


def _backdrop(b: Backdrop, p: Parameters) -> SubScore:
    if b.area < p.backdrop_min_area:
        return _backdrop_sliver(b, p)
    edges = lower_better(b.edge_density, p.edge_limit, p.edge_good)
    shapes = share_lower_better(b.colour_change, p.change_limit, p.change_good)
    value = min(edges, shapes)
    if value >= CLEAR:
        return SubScore(value, "plain backdrop")
    if value >= PASS:
        return SubScore(value, "fairly plain backdrop: a little texture or tone variation")
    # A photographer reads these: a place shot for its bokeh is still a place (DESIGN.md),
    # and the detail is said against what a plain backdrop allows, not in edge pixels.
    if edges <= shapes:
        times = b.edge_density / p.edge_limit      # past the limit: over 1
        more = "a little more detail than" if times < 1.15 else f"{times:.1f} times the detail"
        return SubScore(value, f"busy background: detail and lines behind the subject "
                               f"({more} a plain backdrop allows)")
    return SubScore(value, f"busy background: a place behind the subject, even out of focus "
                           f"(shapes of colour and tone over {b.colour_change:.0%} of it)")


def _backdrop_sliver(b: Backdrop, p: Parameters) -> SubScore:
    """A frame the person fills leaves a sliver of backdrop that is mostly the edge of
    hair and shoulders: its share of fast colour change reads 0.1-0.6 on plain backdrops
    there (BeautyGAN's face crops), so it is not judged by the whole backdrop's limit.
    Only a sliver that changes nearly everywhere (a patterned cloth, a crowd seen past
    the face) is busy. The limit rests on one busy example (benchmarks/README.md), and a
    busy room cropped until under a tenth of the frame shows may still pass."""
    if b.colour_change <= p.sliver_change_limit:
        return SubScore(p.unjudged_grade, f"the person fills the frame: {b.area:.0%} backdrop")
    value = share_lower_better(b.colour_change, p.sliver_change_limit, p.change_good)
    return SubScore(value, f"busy background: the little of it beside the person "
                           f"({b.area:.0%} of the frame) changes colour and tone all over")


def _focus_cap(grade: float) -> float:
    """What focus on the eyes leaves of the headshot score: missed focus (a grade under
    PASS) fails the frame as a blink does, its grade the cap; slightly soft eyes in the
    lower half of their band lead down to that, from 1 at the band's middle (focus_words:
    0.625) to PASS at the missed limit, so there is no step at the limit, where one
    reading and the next of the same miss fall either side (a tester: two 3-px misses
    of one pose scored 85 and 43). A ramp over the whole band would halve its slope (a
    review: a reading's noise moves a frame in the lower half by about 12 points), but
    then the shared photos' half-size and 24 MP copies parted by up to 12 points (the
    issue's promise is 5): the eyes of a smaller file read sharper at its own 100%."""
    if grade < PASS:
        return grade
    return min(1.0, PASS + (grade - PASS) * (1 - PASS) / (SOFT_MIDDLE - PASS))


def _focus(sharpness: float, eyes: JudgedFocus, p: Parameters) -> SubScore:
    """Focus where a photographer judges it: on the eyes at 100% when they are open (a
    frame of a pose whose eyes are soft at 100% is not the one to deliver, and missed
    focus fails the headshot as a blink does: a soft headshot is a reject whatever else it
    does well, DESIGN.md); the whole face at 128 px when the eyes cannot be judged. (A
    tester sorted by headshot score and found the eleven top frames were missed focus:
    the face at 128 px read 0.94, "face in sharp focus", above "focus missed".)"""
    if eyes.state is not None:
        return SubScore(focus_grade(eyes.value, p), eyes.reason)
    value = higher_better(sharpness, p.sharp_limit, p.sharp_ideal)
    if value >= CLEAR:
        return SubScore(value, "face in sharp focus")
    if value >= PASS:
        return SubScore(value, f"face slightly soft (focus {sharpness:.2f}, crisp from {p.sharp_ideal})")
    return SubScore(value, f"face looks soft (focus {sharpness:.2f}, sharp enough from {p.sharp_limit})")


def closed_eyes(right_blink: float, left_blink: float, p: Parameters = PARAMETERS,
                right_open: float | None = None, left_open: float | None = None) -> tuple[bool, bool]:
    """Which eyes of a face judged "closed" are shut, (right, left) as the person's own:
    both when even the more open one reaches the blink limit (or, given the lid gaps,
    has a lowered lid), else the one blinking more, or with the narrower lid gap when
    neither blink score reaches the limit. The reasons and the face close-ups both say
    it this way."""
    gaps = right_open is not None and left_open is not None
    if min(right_blink, left_blink) >= p.blink_closed or (gaps and max(right_open, left_open) < p.lid_gap_closed):
        return True, True
    if gaps and max(right_blink, left_blink) < p.blink_closed:
        return right_open <= left_open, left_open < right_open
    return right_blink >= left_blink, left_blink > right_blink


def _eyes(m: Measures, state: str, p: Parameters) -> SubScore:
    e = m.eyes
    if state == "hidden":
        return SubScore(p.hidden_eyes_grade, hidden_eyes_reason(m, p))
    if state == "closed":
        right, left = closed_eyes(e.right_blink, e.left_blink, p, e.right_open, e.left_open)
        which = ("both eyes" if right and left else "left eye (on the image's right)" if left
                 else "right eye (on the image's left)")
        return SubScore(p.closed_eyes_grade, f"{which} closed")
    value = 1 - p.open_eyes_blink_slope * max(e.left_blink, e.right_blink)
    if value >= CLEAR:      # a smile's squint and a relaxed lid read 0.8-0.95: nothing to say
        return SubScore(value, "eyes open")
    return SubScore(value, "eyes open, narrowed by the smile" if m.expression.smile >= p.smile_from
                    else "eyes open, lids half lowered")


def _gaze(m: Measures, state: str, p: Parameters) -> SubScore:
    """Eye contact. The irises' place between the eye corners is the eyes' turn within
    the head: centred, they look where the face points, which is the lens only while the
    face is toward the camera. A head turned past the headshot's limit with the irises
    centred or further along (a tester: "looking at the lens 0.97" on a 36° turn looking
    off-frame) looks as far from the lens as the head turns, judged as facing judges the
    turn. Irises turned back against the head's turn (`gaze_turned_back`) are a three-quarter
    pose's eye contact; how far they reach the lens is not known, so they are judged as
    for a face toward the camera."""
    if state != "open":
        return SubScore(p.unjudged_grade, "gaze not judged: the eyes " +
                        ("cannot be seen" if state == "hidden" else "are closed"))
    yaw, gaze = m.facing.yaw, m.eyes.gaze
    value = lower_better(abs(gaze), p.gaze_limit)
    turned = lower_better(abs(yaw), p.yaw_limit)
    if turned < PASS and -gaze * (1 if yaw > 0 else -1) < p.gaze_turned_back:
        return SubScore(min(value, turned), f"eyes follow the turned head: about {m.facing.away:.0f}° from "
                                            f"the lens, toward the image {'right' if yaw > 0 else 'left'}")
    if value >= PASS:
        return SubScore(value, "eyes turned back to the lens" if turned < PASS else "looking at the lens")
    return SubScore(value, f"eyes looking to the image {'right' if gaze > 0 else 'left'}")


def _expression(m: Measures, word: str, p: Parameters) -> SubScore:
    if word == "other":
        mouth = m.expression.mouth_open >= min(p.shout_open, p.talk_open)
        if _wide_eyes(m, p):
            return SubScore(p.other_expression_grade, "eyes wide and mouth open: surprise or fear" if mouth
                            else "eyes wide: white above the irises (surprise or fear)")
        return SubScore(p.other_expression_grade, "mouth open without a smile: talking or a strong expression")
    if word == "":
        return SubScore(p.unjudged_grade, "mouth outside the frame")
    friendly = p.friendly_expression_grade
    return SubScore(friendly + (1 - friendly) * m.expression.smile,
                    {"smile": "smiling", "laugh": "laughing"}.get(word, "neutral expression (a smile ranks higher)"))


def _portrait(m: Measures, p: Parameters) -> float:
    light = m.lighting
    parts = {
        "sharpness": ramp(m.focus, p.portrait_soft, p.portrait_sharp_full),
        "exposure": min(higher_better(light.exposure, p.exposure_limit, p.exposure_ideal),
                        lower_better(light.clipped, p.clipped_limit, p.clipped_good),
                        lower_better(abs(light.exposure - p.exposure_ideal), p.portrait_exposure_tolerance)),
        "presence": ramp(m.framing.face_fraction, p.presence_zero_fraction, p.presence_good_fraction),
        "facing": lower_better(max(0.0, abs(m.facing.yaw) - p.portrait_turn_free), p.portrait_turn_limit),
    }
    return 100 * sum(w * parts[k] for k, w in p.portrait_weights.items())
