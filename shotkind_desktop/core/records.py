"""What ShotKind says about a frame, as plain data: the record the catalog stores, the
reports print and the window shows. No OpenCV here, so reading results costs nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

# Raised whenever a change to the engine moves results: a catalog's results from another
# engine are analysed again when the shoot is next opened (decisions are never touched).
# 2: the lean MTCNN search, letterbox bars, closeup backdrops (2026-11).
# 3: a closeup is a face that fills the frame (framing.face_area), not a frame cut near the chin.
# 4: models that see: bundled YuNet, person mask, face mesh (pose, eyes, expression),
#    hands; a headshot score that ranks.
# 5: lids lowered without a smile are closed eyes; a hand beside the face makes a portrait.
# 6: each frame's capture time, its sitter's appearance (measures["appearance"]), which
#    core.people.sitters groups the shoot by, and the look signatures (core.judgement.look) that
#    similar-frame groups read.
# 7: focus on the eyes (eye_focus, eye_focus_state) read on the file's own pixels, and
#    the working picture of a large JPEG made from TurboJPEG's planes at twice its size.
# 8: the backdrop's tone (stops) and colour (a*, b*), which core.people.consistency compares
#    across a headshot day's sitters.
# 9: a busy backdrop is read from where its colour changes fast (a blurred room's soft
#    shapes), not from blotches left after a fitted surface.
# 10: dark glasses hide the eyes (measures.eyes.shade); the expression is read under a hand
#    at the mouth; eyes of 7 working pixels are judged (cross-validated); pitch is counted
#    from a level head, and a face looking steeply up or down is not frontal.
# 11: burnt-out highlights on the face (two channels at the top) are their own sub-score
#    ("highlights"), lowering the score without making the light dramatic or the frame a
#    portrait; a palm is kept as a hand at the face on the detector's mean sureness over a
#    view and its mirror image; a backdrop burnt out white is backdrop, not a blank corner.
# 12: toward the camera is also the face's whole angle to the lens (a turn and a raised chin
#    add up; limit cross-validated); the backdrop is measured clear of a blank corner's edge
#    (a round profile picture's circle), not only of the corner.
# 13: the sliver of backdrop beside a face that fills the frame is busy where it changes
#    colour nearly everywhere (limit cross-validated), no longer passed unjudged; the main
#    face's record carries its `eyes` from the mesh (close-ups, Z and crop guides look there).
# 14: white above the iris of both open eyes (the raised lids of surprise or fear, from
#    anatomy) is a strong expression, "other", and makes a portrait.
# 15: a face the working picture holds under the focus sample's height is read at the
#    file's finer pixels where it has them (a sharp face in a 24 MP full-length frame read
#    soft from its working picture's enlargement).
# 16: focus in the headshot score is the eyes' at 100% where they are open (missed focus
#    fails the frame as a blink does, slightly soft ranks it lower), the face's at 128 px
#    where they cannot be judged; the record's "sharpness" is that grade.
# 17: eyes centred in a head turned past a headshot's limit look where it points, not at
#    the lens: the gaze grade and words follow the turn (eye contact of a three-quarter
#    pose, irises turned back against the turn, is judged as before); a grade far past its
#    limit no longer reaches 0, so frames that fail rank instead of tying at a score of 0.
# 18: the backdrop is read clear of loose hair by a share of the face, not only of the
#    frame (a face crop's plain backdrop read busy on its hair), its limits chosen again.
# 19: the white wedges of a turned crop (a flat white corner ending in a straight slanted
#    line) are not backdrop; other flat white corners are still a high-key backdrop.
# 20: a picture under 640 px with no face found at its own size is looked at again at half
#    size (YuNet misses a face that fills a web-size crop, or scores it under its limit).
ENGINE_VERSION = 20

# The measures every analysed frame reports (the report's documented keys).
SUMMARY_MEASURES = ("face_fraction", "yaw", "pitch", "roll", "away_from_lens", "lighting_evenness",
                    "highlights_burnt_out", "backdrop_plainness", "sharpness", "people", "eyes_open", "gaze",
                    "smile", "mouth_open", "white_above_iris", "covered", "person_area", "eye_focus", "eye_focus_state")
# Where a hand is at the face (measures["covered"]), in the words the window and reasons use.
HAND_PLACES = {"mouth": "hand over the mouth", "eye": "hand over an eye",
               "cheek": "hand on the cheek", "face": "hand at the face"}
# The sub-scores (measures["subscores"]) that decide the kind: all at or over PASS make a
# headshot (core.judgement.scoring); the verdict names the weakest of them when not.
COMPOSITION = ("framing", "people", "facing", "lighting", "backdrop", "expression", "covered")
# The judgement's words, as in labels.csv.
CRITERIA = ("framing", "frontal", "backdrop", "lighting", "eyes", "expression")


@dataclass
class FrameResult:
    file: str
    width: int | None = None
    height: int | None = None
    kind: str | None = None
    headshot_score: float | None = None
    portrait_score: float | None = None
    faces: list[dict] = field(default_factory=list)
    measures: dict = field(default_factory=dict)
    criteria: dict = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    error: str | None = None
    raw: str | None = None      # the RAW of a RAW+JPEG pair; `file` is its JPEG, analysed
    captured: str | None = None  # EXIF capture time, ISO 8601 (with its offset when the camera wrote one)
