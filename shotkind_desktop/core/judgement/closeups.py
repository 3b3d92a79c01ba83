"""Where a photographer looks at 100%: between the eyes of a face, each eye of a single
sitter, each face of a group, with what the analysis says about those eyes.

The loupe's Z goes between the eyes of the main face (focus is judged on the eyes, not on
the nose the face box centres on); the face close-ups cut these spots from the
full-resolution frame. Everything here reads the FrameResult record, so it costs nothing
and works on results from the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from shotkind_desktop.core.files.decode import decode_frame
from shotkind_desktop.core.judgement.face_record import (between_eyes, face_eyes, face_from_record, main_face_record,
                                                         subject_faces)
from shotkind_desktop.core.judgement.parameters import PARAMETERS
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.judgement.scoring import closed_eyes

# Frame pixels cut around each spot: more than any close-up tile shows at 100% (a tile is
# at most 320 logical pixels wide, 240 tall; at 150% display scaling that is 480 x 360
# device pixels), so a tile never runs out of picture before the frame does.
CLOSEUP_SIZE = (480, 360)


@dataclass(frozen=True)
class CloseupSpot:
    """One place to look at 100%."""

    label: str                       # "Right eye", "Face 2"
    centre: tuple[float, float]      # full-resolution frame pixels
    eyes: str                        # "open", "closed", "hidden", or "" when not measured
    main: bool                       # on the face the scores are about


def eye_states(result: FrameResult) -> tuple[str, str]:
    """(right, left), the person's own eyes, of the main face: "open", "closed" or
    "hidden" as the judgement says, or "" for a frame not judged. Which eye of a blink is
    shut follows the reasons' rule (scoring.closed_eyes)."""
    state = (result.criteria or {}).get("eyes") or ""
    if state != "closed":
        return state, state
    eyes = (result.measures or {}).get("eyes") or {}
    gaps = [eyes.get(key) for key in ("right_open", "left_open")]
    right, left = closed_eyes(float(eyes.get("right_blink", 1.0)), float(eyes.get("left_blink", 1.0)),
                              PARAMETERS, *(None if gap is None else float(gap) for gap in gaps))
    return ("closed" if right else "open"), ("closed" if left else "open")


def closeup_spots(result: FrameResult | None) -> list[CloseupSpot]:
    """A single sitter: each eye, right (on the image's left) first. Several people: each
    face that counts as a subject (the people count's rule), left to right, between its
    eyes. Eye states are measured on the main face only, so other faces carry ""."""
    if result is None or result.error or not result.faces or not result.width or not result.height:
        return []
    main = main_face_record(result.faces, result.width, result.height)
    right, left = eye_states(result)
    if len(result.faces) == 1 and len(face_eyes(main)) == 2:
        (rx, ry), (lx, ly) = face_eyes(main)
        return [CloseupSpot("Right eye", (rx, ry), right, True),
                CloseupSpot("Left eye", (lx, ly), left, True)]
    built = [face_from_record(face) for face in result.faces]
    subjects = subject_faces(built, built[result.faces.index(main)])
    faces = sorted((result.faces[built.index(face)] for face in subjects), key=lambda f: between_eyes(f)[0])
    both = "closed" if "closed" in (right, left) else right
    return [CloseupSpot(f"Face {number}", between_eyes(face), both if face is main else "", face is main)
            for number, face in enumerate(faces, start=1)]


def crop_box(centre: tuple[float, float], frame_size: tuple[int, int],
             size: tuple[int, int] = CLOSEUP_SIZE) -> tuple[int, int, int, int]:
    """(x, y, width, height) in whole pixels: `size` around `centre`, moved inside the frame
    rather than cut by its edge (a face near the edge still fills its tile)."""
    width, height = frame_size
    w, h = min(size[0], width), min(size[1], height)
    x = int(round(min(max(centre[0] - w / 2, 0), width - w)))
    y = int(round(min(max(centre[1] - h / 2, 0), height - h)))
    return x, y, w, h


def cut_closeups(image: np.ndarray, frame_size: tuple[int, int],
                 spots: list[CloseupSpot]) -> list[tuple[tuple[int, int, int, int], np.ndarray]]:
    """Each spot's crop box (frame pixels) and its pixels, copied out of `image`, the
    upright frame decoded at full resolution (`frame_size` is the record's size: a file
    decoded at another size, a RAW's embedded preview, is mapped across)."""
    factor = image.shape[1] / frame_size[0]
    cuts = []
    for spot in spots:
        box = crop_box(spot.centre, frame_size)
        x, y, w, h = (round(v * factor) for v in box)
        cuts.append((box, np.ascontiguousarray(image[y:y + max(1, h), x:x + max(1, w)])))
    return cuts


def cut_from_file(path: Path, frame_size: tuple[int, int],
                  spots: list[CloseupSpot]) -> list[tuple[tuple[int, int, int, int], np.ndarray]]:
    """The spots cut from the file decoded at full resolution (upright), as RGB: only the
    cuts are converted, never the whole 24-megapixel frame. Raises FrameError as decoding
    does."""
    frame = decode_frame(path, None)
    return [(box, cv2.cvtColor(pixels, cv2.COLOR_BGR2RGB))
            for box, pixels in cut_closeups(frame.image, frame_size, spots)]
