"""Every number of the judgement, in one typed, frozen place.

Each limit is in the units of its measure, with where it comes from: photography or
anatomy, or cross-validation on both labelled sets (marked CV: chosen by
`benchmarks/accuracy.py --tune`, which prints each fold's choice and the held-out
figures). The benchmark varies copies (`dataclasses.replace`), never this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping


def _frozen(**values: float) -> Mapping[str, float]:
    return MappingProxyType(values)


@dataclass(frozen=True)
class Parameters:
    # ---- who the frame is about ----
    # A face counts as a subject when at least this share as tall as the main face: nearer
    # people of a group, not passers-by behind (the people count: several_people_grade).
    subject_face_ratio: float = 0.5
    # Faces at least this share of the largest's height are nearly equal: of those, the
    # one nearest the centre is the main face, the one the scores are about.
    main_face_band: float = 0.9
    # ---- framing, in face heights: the mesh's face oval, hairline to chin (~19 cm) ----
    # Below the chin, shoulders start at ~0.25, mid-chest ~1.2, waist ~2.6, knees ~4.4.
    closeup_max_below: float = 0.08      # CV; the frame stops at the chin: a closeup
    closeup_min_face_area: float = 0.3   # CV; the oval (2/3 of the head with its hair) fills
    closeup_face_height: float = 0.8     # CV; ...or is this share of the frame's height
    closeup_max_cut: float = 2.4         # CV; ...with the bottom edge cutting the person narrower
                                         # than this many face widths (shoulders: ~2.5)
    face_inside_min: float = 0.95        # less of the oval inside the frame: the edge cuts it
    framing_good_below: float = 0.8      # shoulders and upper chest: the classic headshot
    head_shoulders_max_below: float = 1.4  # CV; mid-chest and a little more
    half_body_max_below: float = 5.5     # CV; past the knees (4.4) it is the whole figure
    # ---- facing, degrees ----
    yaw_limit: float = 25.0              # CV; toward the camera within about 25° (DESIGN.md)
    away_limit: float = 27.5             # CV; the angle to the lens, turned and chin up or down
                                         # together: a raised chin adds to a turn
    frontal_partly_max: float = 55.0     # past it one eye hides behind the nose: a profile
    roll_limit: float = 30.0             # a head tilt a headshot still has (20° is common)
    # ---- light, stops: 2:1 (1 stop) is classic soft light, 4:1 (2 stops) dramatic ----
    side_good: float = 1.0
    side_limit: float = 1.75             # between the 2:1 of soft light and the 4:1 of drama
    contrast_good: float = 6.0           # face shadows to highlights, p5 to p95
    contrast_limit: float = 8.0
    # Share of the face burnt out (two channels at the top: measures/lighting.py); past the
    # limit overexposed (scoring._highlights: an exposure fault, not the light). None of
    # the 28 labelled headshots has any; a third of a stop more (a burst's or a bracket's
    # swing, which must not decide delivery) takes them to at most 16% (df_img13, a bright
    # face on white, already hot as delivered; it reaches 22% at 0.4 stops), so 25%.
    clipped_good: float = 0.02           # specular highlights
    clipped_limit: float = 0.25
    exposure_limit: float = 0.25         # face L*/100 under this is underexposed
    exposure_ideal: float = 0.65         # well exposed skin across skin tones, roughly
    low_key_dark_from: float = 0.3       # share of the frame in deep shadow...
    low_key_dark_full: float = 0.5
    low_key_contrast_from: float = 4.0   # ...with this many stops of contrast on the face
    low_key_contrast_full: float = 6.0
    # ---- backdrop: edge share, and the share where colour changes fast (soft shapes) ----
    edge_good: float = 0.005
    edge_limit: float = 0.025            # CV
    change_good: float = 0.0             # nowhere a fast change: as plain as it gets
    change_limit: float = 0.14           # CV
    backdrop_min_area: float = 0.1       # CV; less backdrop than this is mostly the person's own edge...
    sliver_change_limit: float = 0.7     # CV; ...so busy only where colour changes over this share of it
    # The backdrop is read clear of the person's outline by this share of the face's height
    # (hairline to chin, ~19 cm: under a centimetre), or by measures.backdrop's share of
    # the frame where that is more: loose hair and the person mask's blur reach past the
    # head by a share of the head, not of the frame. Chosen on the shared sets
    # (benchmarks/backdrop_margin.py: 0.035-0.045 agree best, the middle kept).
    backdrop_fringe: float = 0.04
    # ---- focus: log10 contrast-normalised Laplacian energy of the face at 128 px ----
    sharp_limit: float = 1.3
    sharp_ideal: float = 1.8             # as crisp as a headshot needs
    portrait_sharp_full: float = 2.2     # portraits keep rewarding focus up to here
    # ---- focus on the eyes: log10 finest-band ratio of the sharper eye at 128 px ----
    # (measures/eye_focus.py). Photography: at 100% on a 24 MP headshot (eyes ~320 px)
    # a 2-pixel blur looks slightly soft and a 5-pixel one missed: eye-relative blurs of
    # 1/160 and 1/64 of the eye's width, 0.8 and 2 pixels where focus is read. Each
    # limit is the median reading of the real eyes in both labelled sets blurred by that
    # much (benchmarks/eye_focus_calibration.py).
    eye_sharp: float = -0.85
    eye_missed: float = -1.21
    eye_region_margin: float = 0.1       # a region this much sharper than the eyes took the focus
    # ---- eyes ----
    # Open eyes grade 1 less this much per unit of the more closed eye's blink score: a
    # half-shut lid costs a quarter of the grade before it counts as a blink.
    open_eyes_blink_slope: float = 0.5
    # The two eyes' mean blink score, less a share of the smile (a laughing squint narrows
    # open eyes), at or over blink_closed is a blink; so is one eye at or over blink_one.
    blink_closed: float = 0.55           # CV
    blink_one: float = 0.8               # CV
    squint_per_smile: float = 0.25       # CV
    # A lid gap under this share of the eye's width is a shut or lowered lid (an open
    # eye is about a third as tall as it is wide; blink detectors put the line near 0.2,
    # Soukupová & Čech 2016), unless the face smiles: a laughing squint is an open eye.
    lid_gap_closed: float = 0.16         # CV
    eye_min_width: float = 7.0           # CV; working pixels: a smaller eye cannot be judged
    eyes_hidden_yaw: float = 45.0        # past it the far eye hides behind the nose
    # Both eyes darker than this share of the cheek under them cannot be seen: dark glasses
    # (0.10) or sockets in deep shadow (measures/eyes.py). Half the darkest open eye of both
    # labelled sets (0.23); not fitted: the sets hold one pair of dark glasses.
    dark_eyes_shade: float = 0.12
    gaze_limit: float = 0.45             # iris this far toward a corner: looking away
    # Irises this far across their eyes against a turned head's turn look back to the
    # lens; less, and the eyes look where the head points. Labelled faces turned 10-25°,
    # most looking at the lens, read a median of 0.12 against the turn; eyes following a
    # 36° turn read 0.03. Not fitted.
    gaze_turned_back: float = 0.1
    # ---- a hand at the face (perception/hands.py finds it, measures/hand_place.py places it) ----
    # A palm is kept at this sureness (mean of a closer view and its mirror image): chosen
    # on the shared photos, where real hands scored 0.7-0.95 and look-alikes up to 0.6.
    hand_confirm_score: float = 0.7
    # "On the cheek": a hand over this share of the face box. Less is a hand beside the
    # face or in the hair: still a hand at the face, which makes a portrait (DESIGN.md).
    cheek_overlap: float = 0.15
    # ---- expression: smile (blendshape score), lips apart (gap over mouth width) ----
    smile_from: float = 0.4              # CV
    laugh_open: float = 0.3              # CV; a smile with the lips this far apart laughs
    talk_open: float = 0.4               # CV; this far apart without a smile: talking, shouting
    shout_open: float = 0.35             # CV; wider than any laugh: a scream, surprise
    # Anatomy: white above the iris of both open eyes is the raised lid of surprise or
    # fear (measures/expression.py); at rest the lid covers the iris's top (the labelled
    # headshots read -0.08 to -0.67, median -0.38).
    wide_eyes_from: float = 0.0
    # ---- grades of states that are not a measure ----
    closeup_grade: float = 0.75          # a closeup is a headshot, if not the classic one
    half_body_grade: float = 0.25
    full_body_grade: float = 0.1
    face_cut_grade: float = 0.2
    several_people_grade: float = 0.05
    unsure_face_grade: float = 0.4       # the mesh cannot read the face: no clear view of it
    covered_grade: float = 0.2           # a hand over the face
    closed_eyes_grade: float = 0.25      # a blink: never delivered, so under 25 of 100
    hidden_eyes_grade: float = 0.6
    unjudged_grade: float = 0.75         # gaze of eyes not open, expression of a mouth outside the frame
    other_expression_grade: float = 0.3
    friendly_expression_grade: float = 0.8   # neutral; a smile adds up to 0.2
    # ---- how much each grade counts in the headshot score's geometric mean ----
    weights: Mapping[str, float] = field(default_factory=lambda: _frozen(
        framing=1.0, facing=1.0, lighting=1.0, backdrop=1.0, sharpness=1.0,
        eyes=1.5, expression=0.5, gaze=0.5, highlights=0.5))
    # ---- the portrait score: a sharp, well exposed, visible person ----
    portrait_weights: Mapping[str, float] = field(default_factory=lambda: _frozen(
        sharpness=0.4, exposure=0.2, presence=0.2, facing=0.2))
    portrait_exposure_tolerance: float = 0.25   # L*/100 either side of the ideal
    portrait_turn_free: float = 40.0     # degrees a portrait turns at no cost (three-quarter)
    portrait_turn_limit: float = 25.0    # and then this much more to half its grade
    portrait_soft: float = 1.0           # focus under which a portrait has no sharpness credit
    presence_zero_fraction: float = 0.02
    presence_good_fraction: float = 0.10


PARAMETERS = Parameters()
# The grade scale's two marks, conventions of the scale rather than judgements: every
# grade is 1 at its ideal and 0.5 at its limit, and focus_grade puts the eyes' sharp limit
# on the mark between. Varying one in a copy of Parameters would only move the scale's
# words away from the grades, so they are constants, not parameters.
PASS = 0.5          # a grade at or above this meets its requirement
CLEAR = 0.75        # wording only: a grade this high reads as good, without a qualifier
SAYS_WHY = 0.95     # wording only: a grade under this says what cost it (a tester read
                    # "Framing 0.73: head-and-shoulders framing" and could not tell what
                    # took the points; open eyes say more only under CLEAR: a smile's
                    # squint reads 0.8-0.95)
