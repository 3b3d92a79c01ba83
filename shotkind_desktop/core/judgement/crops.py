"""Headshot crop guides: where a 1:1, 4:5, 2:3 or 16:9 crop of a frame goes, from its face.

The loupe draws these guides, export cuts them, and the photographer can move or resize
one (the adjustment is saved). They follow headshot practice: eyes on or near the upper
third line, a little room above the hair, chin-to-chest included, the face centred unless
it is turned (then lead room in front of it), and never outside the frame; a guide says
when the frame holds no headshot crop of its ratio (too tight). Every number
from that practice is a named constant in the block below, with where it comes from.
Coordinates are upright full-resolution pixels; roll is ignored (guides never rotate).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

from shotkind_desktop.core.judgement.face_record import Face, face_from_record, landmark_yaw

Box = tuple[float, float, float, float]   # left, top, width, height

RATIOS = {"1:1": (1, 1), "4:5": (4, 5), "2:3": (2, 3), "16:9": (16, 9)}   # width:height
CORNERS = ("top_left", "top_right", "bottom_left", "bottom_right")

# ---- headshot geometry: the one place for it ---------------------------------------
# Eye line, as a share of the crop height from its top. The rule of thirds puts the eyes
# on the upper third line; in the taller 4:5 and 2:3 crops the extra height goes to the
# chest, and portrait practice lifts the eyes a little above the third (about 30%) so
# the face does not sink toward the middle. The banner keeps the square's line.
EYE_LINE = {"1:1": 1 / 3, "4:5": 0.32, "2:3": 0.30, "16:9": 1 / 3}
# Face-box height (MTCNN and YuNet boxes run brow to chin) as a share of the crop height.
# A classic chest-up headshot has it at 0.35-0.45; 0.40 in the square leaves about one
# face height of shoulders and upper chest below the chin, and the taller crops show more
# chest at about the same width. The 16:9 banner takes the square's height ("width from
# the height") and is centred like it: where a banner wants the person depends on where
# the page puts its text, which ShotKind cannot know, so the neutral start is the middle
# and the photographer drags it aside; a turned face still gets its lead room.
FACE_FRACTION = {"1:1": 0.40, "4:5": 0.38, "2:3": 0.34, "16:9": 0.40}
# Top of the hair above the top of the face box, in box heights. The analysis records it
# from the person mask (`head_top`: 0.12-0.27 for short hair on the shared headshots, 0.44
# for full curls with their flyaways); where it could not (the frame's edge cuts the head,
# an older record), 0.35 covers most hair (the rough 0.5 leaves the hair well
# clear but makes every crop loose). The mask also takes in raised arms, a second person
# or a dark backdrop of the hair's tone, which no rule tells from a hat or an updo (0.6-0.8
# both); so a measured top counts up to a face height over the brow, and higher tops are
# held there: a crop a little loose on such a frame, rather than a hat cut off.
HEAD_TOP_ABOVE_BOX = 0.35
HEAD_TOP_MAX_ABOVE_BOX = 1.0
MIN_HEADROOM = 0.05   # face heights of backdrop kept above the hair: a sliver, as headshots do
# A crop too tight for the whole head gives up its top before its chin: a cut through the
# crown is an accepted close crop, one through the chin or the mouth is never delivered.
# A sliver of neck stays under the chin (the box ends at the chin), and the eyes stay in
# the crop's upper part, never above a quarter of its height from the top.
CHIN_ROOM = 0.1
EYE_LINE_HIGHEST = 0.25
EYES_IN_BOX = 0.41    # eye line below the box top, in box heights, for a face without
                      # landmarks (median on the shared headshots; they range 0.36-0.43)
# Turn: the main face's yaw as the analysis measured it on the face mesh (its record
# carries it), else as read from the five landmarks. Within FRONTAL_YAW a face counts as toward the camera: MTCNN's nose
# landmark wobbles by about 5° (up to 10°) between a shared photo and its mirror image,
# and a sitter that slightly aside is still framed centred. From FULL_LEAD_YAW, about a
# three-quarter view, the lead room is full; in between it grows in proportion.
FRONTAL_YAW = 10.0
FULL_LEAD_YAW = 35.0
# Full lead room moves the face centre from the middle to the third line behind its gaze.
LEAD_ROOM = 1 / 2 - 1 / 3


@dataclass(frozen=True)
class FacePlacement:
    """Where a delivery puts the face, when it is not the ratio's usual guide."""

    eye_line: float        # share of the crop height from its top
    face_fraction: float   # face-box height / crop height


# LinkedIn shows a profile photo in a circle and asks for the face to fill about 60% of
# the frame: the face box at 60% of the square's height, and the eyes just above the
# middle (0.48), which is as low as they can go with the hair kept inside (the hair's top
# is HEAD_TOP_ABOVE_BOX over the box and the eyes EYES_IN_BOX under its top, so the eye
# line needs 0.81 box heights above it: 0.486 of the crop at 60%; at 0.48 the face comes
# to 59%). Hair measured taller than that grows the crop to keep it, and the face comes
# smaller (about 50% for full curls): a cut head is worse than a smaller face. The
# square's usual guide (0.40, eyes on the third) stays for other 1:1 uses.
LINKEDIN_FRAMING = FacePlacement(eye_line=0.48, face_fraction=0.60)
MIN_GUIDE_SIDE = 64    # px on the short side: smaller is no deliverable, and stays grabbable


# ---- when a frame is too tight for a ratio (the rule: _holds_a_headshot) -------------
# Crown to chin at most this share of the crop's height: an ID photo's head fills 70-80%
# of it (ICAO 9303, the passport standard), with only the collar under the chin; a
# headshot keeps the shoulders, so it stays under that.
HEAD_SHARE_MOST = 0.70
# The eyes at most this far down the crop: lower, they sink to the middle and the crop is
# all chest. (EYE_LINE_HIGHEST bounds them from above.)
EYE_LINE_LOWEST = 0.45
# Slack on a preset framing's own ideal (LinkedIn's is tighter than the limits above), and
# on the eyes' third lines across.
FIT_TOLERANCE = 0.03


@dataclass(frozen=True)
class CropGuide:
    """One delivery crop of a frame, in upright full-resolution pixels."""

    ratio: str           # key of RATIOS
    box: Box             # left, top, width, height
    eye_y: float         # the face's eye line
    fits: bool           # False: the frame is too tight for a headshot crop of this ratio
                         # (see _holds_a_headshot); the box is then the nearest crop of that
                         # ratio the frame holds
    adjusted: bool = False   # the photographer moved or resized it

    @property
    def thirds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """(x of the two vertical thirds lines), (y of the two horizontal ones)."""
        x, y, w, h = self.box
        return (x + w / 3, x + 2 * w / 3), (y + h / 3, y + 2 * h / 3)


def crop_guides(face: Face | dict, width: int, height: int,
                framings: Mapping[str, FacePlacement] | None = None) -> dict[str, CropGuide]:
    """A guide per ratio for this face in a `width` × `height` frame. `face` is a
    `Face` or a FrameResult face dict, in the same upright full-resolution pixels.
    `framings` replaces the usual framing of some ratios (a preset's, such as LinkedIn's)."""
    _check_frame(width, height)
    (_, box_y, _, face_height), eye_x, eye_y, yaw, head_top = _face_geometry(face)
    lead = _lead_room(yaw)
    chin = box_y + face_height
    head = (head_top, chin, chin + CHIN_ROOM * face_height)    # crown, chin, neck
    guides = {}
    for ratio, (ratio_w, ratio_h) in RATIOS.items():
        framing = (framings or {}).get(ratio) or FacePlacement(EYE_LINE[ratio], FACE_FRACTION[ratio])
        crop_h = max(face_height / framing.face_fraction,
                     (eye_y - head_top + MIN_HEADROOM * face_height) / framing.eye_line)
        crop_w = crop_h * ratio_w / ratio_h
        ideal = (eye_x + lead * crop_w - crop_w / 2, eye_y - framing.eye_line * crop_h, crop_w, crop_h)
        box = _placed(ratio, ideal, eye_y, width, height, framing.eye_line,
                      (head_top - MIN_HEADROOM * face_height, head[2]))
        limits = (max(HEAD_SHARE_MOST, (chin - head_top) / crop_h * (1 + FIT_TOLERANCE)),
                  max(EYE_LINE_LOWEST, framing.eye_line + FIT_TOLERANCE))
        guides[ratio] = CropGuide(ratio, box, eye_y, _holds_a_headshot(box, (eye_x, eye_y), head, *limits))
    return guides


def adjusted_guide(guide: CropGuide, box: Box, width: int, height: int) -> CropGuide:
    """The photographer's box as a guide: grown to the guide's exact ratio around its
    centre (the side that is long for the ratio wins), shrunk to the frame if need be,
    at least MIN_GUIDE_SIDE, and moved inside the frame."""
    _check_frame(width, height)
    x, y, w, h = box
    x, w = (x + w, -w) if w < 0 else (x, w)
    y, h = (y + h, -h) if h < 0 else (y, h)
    aspect = _aspect(guide.ratio)
    smallest, largest = _width_limits(guide.ratio, width, height)
    crop_w = min(max(w, h * aspect, smallest), largest)
    crop_h = crop_w / aspect
    placed = _inside((x + w / 2 - crop_w / 2, y + h / 2 - crop_h / 2, crop_w, crop_h), width, height)
    return replace(guide, box=placed, fits=True, adjusted=True)


def moved_guide(guide: CropGuide, dx: float, dy: float, width: int, height: int) -> CropGuide:
    """The guide dragged by (dx, dy), stopped at the frame's edges."""
    x, y, w, h = guide.box
    return adjusted_guide(guide, (x + dx, y + dy, w, h), width, height)


def resized_guide(guide: CropGuide, corner: str, x: float, y: float,
                  width: int, height: int) -> CropGuide:
    """The guide with `corner` dragged to (x, y): the opposite corner stays, the ratio is
    kept (the box grows to reach the pointer on the axis it is furthest along), and the
    size stays between MIN_GUIDE_SIDE and what fits in the frame from that corner."""
    if corner not in CORNERS:
        raise ValueError(f"unknown corner {corner!r}: one of {', '.join(CORNERS)}")
    _check_frame(width, height)
    going_right, going_down = corner.endswith("right"), corner.startswith("bottom")
    left, top, w, h = guide.box
    anchor_x = min(max(left if going_right else left + w, 0), width)
    anchor_y = min(max(top if going_down else top + h, 0), height)
    aspect = _aspect(guide.ratio)
    wanted = max((x - anchor_x) if going_right else (anchor_x - x),
                 ((y - anchor_y) if going_down else (anchor_y - y)) * aspect)
    room = min(width - anchor_x if going_right else anchor_x,
               (height - anchor_y if going_down else anchor_y) * aspect)
    smallest, largest = _width_limits(guide.ratio, width, height)
    crop_w = min(max(min(wanted, room), smallest), largest)
    crop_h = crop_w / aspect
    box = (anchor_x if going_right else anchor_x - crop_w,
           anchor_y if going_down else anchor_y - crop_h, crop_w, crop_h)
    return replace(guide, box=_inside(box, width, height), fits=True, adjusted=True)


def _face_geometry(face: Face | dict) -> tuple[Box, float, float, float, float]:
    """Face box, eye midpoint (x, y), yaw in degrees (+: turned toward the image's right) and
    the hair's top: the analysis's own (eyes and turn from the face mesh, the hair from the
    person mask) when the record carries them, else read from the five landmarks, whose
    eyes sit up to a twentieth of the face off the real ones, and HEAD_TOP_ABOVE_BOX."""
    record_yaw = record_eyes = record_top = None
    if not isinstance(face, Face):
        record_yaw, record_eyes, record_top = face.get("yaw"), face.get("eyes"), face.get("head_top")
        face = face_from_record(face)
    box = tuple(float(v) for v in face.box)
    if box[2] <= 0 or box[3] <= 0:
        raise ValueError(f"a face box needs a positive size, not {box}")
    head_top = box[1] - HEAD_TOP_ABOVE_BOX * box[3]
    if record_top is not None and record_top < box[1]:      # a top under the brow is no top
        head_top = max(float(record_top), box[1] - HEAD_TOP_MAX_ABOVE_BOX * box[3])
    if not record_eyes and len(face.landmarks) < 5:
        return box, box[0] + box[2] / 2, box[1] + EYES_IN_BOX * box[3], 0.0, head_top
    (left_x, left_y), (right_x, right_y) = record_eyes or face.landmarks[:2]
    yaw = record_yaw if record_yaw is not None else landmark_yaw(face) if len(face.landmarks) >= 5 else 0.0
    return box, (left_x + right_x) / 2, (left_y + right_y) / 2, yaw, head_top


def _lead_room(yaw: float) -> float:
    """How far the crop centre moves toward the gaze, as a share of the crop width."""
    strength = min(max((abs(yaw) - FRONTAL_YAW) / (FULL_LEAD_YAW - FRONTAL_YAW), 0.0), 1.0)
    return LEAD_ROOM * strength * (1 if yaw > 0 else -1)


def _placed(ratio: str, ideal: Box, eye_y: float, width: int, height: int,
            eye_line: float, head: tuple[float, float]) -> Box:
    """The ideal box kept inside the frame: moved, or when too big shrunk to the largest
    crop of its ratio with the eyes as near their line as the frame allows. `head`: the
    rows the shrunk crop should hold, the hair's top and the chin, each with its room.
    It moves up from the eye line to hold the hair, giving up chest, but not so far that
    it loses the chin; it moves down to hold the chin, giving up the crown, but not so far
    that the eyes rise past EYE_LINE_HIGHEST (a banner too short for a face keeps its eyes)."""
    x, y, w, h = ideal
    shrunk = w > width or h > height
    if shrunk:
        w = _width_limits(ratio, width, height)[1]
        h = w / _aspect(ratio)
        top, bottom = head
        held = max(min(eye_y - eye_line * h, top), bottom - h)
        x, y = x + ideal[2] / 2 - w / 2, min(held, eye_y - EYE_LINE_HIGHEST * h)
    return _inside((x, y, w, h), width, height)


def _holds_a_headshot(box: Box, eyes: tuple[float, float], head: tuple[float, float, float],
                      head_share_most: float, eye_line_lowest: float) -> bool:
    """Whether the crop `box` is still a headshot, however much tighter than the ideal
    guide it is: delivered headshots are shot and cropped tighter than the ideal, and
    judging by its size put "too tight" on every real headshot, which then said nothing.
    It is not one, so the frame is too tight for the ratio, when the frame forces:
    - the head cut: the crop's top below the hair's top (where the frame's edge cuts the
      hair the analysis records no top, and the rule of thumb's top lies outside the
      frame), or its bottom above the chin's sliver of neck;
    - a head bigger than a headshot's: crown to chin over `head_share_most` of the height
      (HEAD_SHARE_MOST, or a preset framing's own ideal where that is tighter);
    - the eyes off their third: above EYE_LINE_HIGHEST or below `eye_line_lowest` from
      the top, or across outside the middle third (lead room puts them on a third line;
      an edge that pushes them further leaves the face at the crop's side).
    The face is never too small: a placed guide only ever shrinks from the ideal.
    `head` is the rows of the hair's top, the chin and the chin's sliver of neck; `eyes`
    the eye midpoint."""
    x, y, w, h = box
    (eye_x, eye_y), (crown, chin, neck) = eyes, head
    slack = 1e-6 * h
    return (y <= crown + slack and neck <= y + h + slack
            and (chin - crown) / h <= head_share_most + slack
            and EYE_LINE_HIGHEST - slack <= (eye_y - y) / h <= eye_line_lowest + slack
            and 1 / 3 - FIT_TOLERANCE <= (eye_x - x) / w <= 2 / 3 + FIT_TOLERANCE)


def _inside(box: Box, width: int, height: int) -> Box:
    x, y, w, h = box
    return max(0.0, min(x, width - w)), max(0.0, min(y, height - h)), w, h


def _aspect(ratio: str) -> float:
    ratio_w, ratio_h = RATIOS[ratio]
    return ratio_w / ratio_h


def _width_limits(ratio: str, width: int, height: int) -> tuple[float, float]:
    """Smallest and largest crop width of this ratio in the frame."""
    aspect = _aspect(ratio)
    largest = width if width / height < aspect else height * aspect
    return min(MIN_GUIDE_SIDE * max(1.0, aspect), largest), largest


def _check_frame(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise ValueError(f"a frame needs a positive size, not {width} × {height}")
