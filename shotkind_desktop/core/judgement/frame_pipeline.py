"""One frame through the stages, once: decode, perception (what the models see), measures
(everything measured, measures.measure_frame) and judgement (scoring.judge), each adding
to one record the next reads; then the frame's stored result (records.FrameResult).
A shoot's frames go through it on a pool of worker processes (shoot_pool)."""

from __future__ import annotations

import logging
from dataclasses import asdict, fields, is_dataclass
from pathlib import Path

from shotkind_desktop.core.files.decode import WORKING_LONG_SIDE, DecodedFrame, FrameError, decode_for_analysis
from shotkind_desktop.core.judgement.faces import FaceDetector
from shotkind_desktop.core.judgement.measures import Measures, NoFaceMeasures, measure_frame
from shotkind_desktop.core.judgement.measures.finer import FinerPixels
from shotkind_desktop.core.judgement.perception import Perception, perceive
from shotkind_desktop.core.judgement.scoring import Judgement, hand_at_face, judge
from shotkind_desktop.core.plain_errors import plain
from shotkind_desktop.core.records import SUMMARY_MEASURES, FrameResult

log = logging.getLogger(__name__)

# A face needs about 10 pixels to be found at all, and a subject's face is at least a
# tenth of the frame: a picture smaller than this is an icon, not a frame to judge.
SMALLEST_FRAME = 64


def analyze_frame(path: Path, detector: FaceDetector, name: str | None = None,
                  working_size: int = WORKING_LONG_SIDE) -> FrameResult:
    """Everything ShotKind says about one frame; a bad file gives its error, never raises.
    `working_size` is the long side it is analysed at (a preference; measures are
    relative to the face, so scores hold from about 1,000 to 2,400 pixels)."""
    result = FrameResult(file=name or path.name)
    try:
        frame = decode_for_analysis(path, working_size)
    except FrameError as error:
        result.error = str(error)
        return result
    except MemoryError:
        result.error = "not enough memory to decode this image"
        return result
    result.width, result.height = frame.width, frame.height
    if frame.capture.capture_time is not None:
        result.captured = frame.capture.capture_time.isoformat()
    if max(frame.width, frame.height) < SMALLEST_FRAME:
        result.error = f"too small to judge: {frame.width} × {frame.height} pixels"
        return result
    try:
        seen = perceive(frame.image, detector)
        measures, judgement = judge_perception(seen, finer_pixels(frame, seen))
    except Exception as error:     # one frame's failure must not end the shoot's analysis
        log.exception("analysing %s", path)
        result.error = f"analysis failed: {plain(error)}"
        return result
    result.faces = _face_records(seen, measures, 1 / frame.scale)
    result.measures = _measure_record(measures, judgement)
    result.kind = judgement.kind
    result.headshot_score = judgement.headshot_score
    result.portrait_score = judgement.portrait_score
    result.criteria = judgement.criteria
    result.reasons = judgement.reasons
    return result


def judge_perception(seen: Perception, finer: FinerPixels | None = None) -> tuple[Measures | NoFaceMeasures, Judgement]:
    """The measures and judgement of a perceived frame; `finer`: the frame's finer pixels
    (finer_pixels), where it has them."""
    measures = measure_frame(seen, finer)
    return measures, judge(measures)


def finer_pixels(frame: DecodedFrame, seen: Perception) -> FinerPixels | None:
    """Where the measures find the frame's pixels beyond its working picture; None
    when the working picture is all it holds."""
    if frame.detail is None:
        return None
    return FinerPixels(frame.detail, seen.offset, frame.scale, frame.width)


def _face_records(seen: Perception, m: Measures | NoFaceMeasures, factor: float) -> list[dict]:
    """Every face in full-resolution pixels; the main face's also with its measured turn
    (the crop guides lead its look with it), and where a sure mesh puts its eyes and hair."""
    dx, dy = seen.offset

    def full(x: float, y: float) -> list[float]:
        return [round((x + dx) * factor, 1), round((y + dy) * factor, 1)]

    records = [{"box": [*full(*face.box[:2]), *(round(v * factor, 1) for v in face.box[2:])],
                "confidence": round(face.confidence, 4),
                "landmarks": [full(px, py) for px, py in face.landmarks]}
               for face in seen.faces]
    if isinstance(m, Measures):
        main = records[seen.faces.index(seen.main)]
        main["yaw"] = m.facing.yaw
        if m.eye_centres is not None:
            main["eyes"] = [full(x, y) for x, y in m.eye_centres]
        if m.head_top is not None:
            main["head_top"] = round((m.head_top + dy) * factor, 1)
    return records


# Measures the record keeps in another form than their own: the pose as the summary's
# yaw, pitch, roll and away_from_lens, the hand and the eyes' focus as judged, the eyes'
# and hair's places on the main face's record. Every other measure is stored as it is,
# under its own name, so a new measure reaches the record without a change here.
_STORED_OTHERWISE = ("facing", "covered", "eye_focus", "eye_centres", "head_top")


def _measure_record(m: Measures | NoFaceMeasures, judgement: Judgement) -> dict:
    if isinstance(m, NoFaceMeasures):
        # the documented keys are always there; nothing of a person can be measured without a face
        return {**dict.fromkeys(SUMMARY_MEASURES), "people": 0, "look": m.look}
    sub, focus = judgement.subscores, judgement.eye_focus
    summary = {
        "face_fraction": round(m.framing.face_fraction, 3),
        "yaw": m.facing.yaw, "pitch": m.facing.pitch, "roll": m.facing.roll,
        "away_from_lens": round(m.facing.away, 1),      # degrees, turn and chin together
        "lighting_evenness": round(sub["lighting"].value, 3),
        "highlights_burnt_out": m.lighting.clipped,     # share of the face: past 25% overexposed
        "backdrop_plainness": round(sub["backdrop"].value, 3),
        "sharpness": round(sub["sharpness"].value, 3),
        "people": m.people,
        "eyes_open": round(min(m.eyes.left_open, m.eyes.right_open), 3),
        "gaze": m.eyes.gaze, "smile": m.expression.smile, "mouth_open": m.expression.mouth_open,
        "white_above_iris": m.expression.white_above_iris,    # over 0: eyes wide (surprise, fear)
        "covered": hand_at_face(m), "person_area": m.backdrop.person,
        # focus on the eyes (measures/eye_focus.py): the "sharpness" grade where they are open
        "eye_focus": focus.value, "eye_focus_state": focus.state,
        "eye_focus_sharpest": focus.sharpest, "eye_focus_read_at": focus.read_at,
        "subscores": {name: round(s.value, 3) for name, s in sub.items()},
        "subscore_reasons": {name: s.reason for name, s in sub.items()},
    }
    stored = {f.name: _plain(getattr(m, f.name)) for f in fields(m)
              if f.name not in _STORED_OTHERWISE and f.name not in summary}
    return {**summary, **stored}


def _plain(value):
    """A measure as JSON gives it back: a record as a dict (as its `as_record` says, where
    it has one), tuples as lists."""
    if hasattr(value, "as_record"):
        return value.as_record()
    if is_dataclass(value):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value
