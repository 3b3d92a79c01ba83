"""What the models see in a frame, gathered once: faces, the main face's mesh, the person
mask and hands near the face. The measures read this record; none of them runs a model.

Faces are found on the whole frame, then letterbox bars are cut off (they are neither
backdrop nor body) and the faces moved with the cut; the other models run only when
there is a face, and only on the main face.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.judgement.face_record import Face, main_face, subject_faces
from shotkind_desktop.core.judgement.faces import FaceDetector, find_faces
from shotkind_desktop.core.judgement.parameters import PARAMETERS, Parameters
from shotkind_desktop.core.judgement.perception.bars import without_bars
from shotkind_desktop.core.judgement.perception.hands import Hand, find_hands
from shotkind_desktop.core.judgement.perception.mesh import FaceMesh, measure_mesh
from shotkind_desktop.core.judgement.perception.person import person_mask, person_probability
from shotkind_desktop.core.files.resample import shrink

# The person mask and the backdrop are read at screen-preview size, whatever the frame's
# size (smaller frames are enlarged), so edges and colour changes are counted on one scale.
MASK_LONG_SIDE = 480


@dataclass(frozen=True)
class Perception:
    """A frame as the models see it, in the coordinates of `image` (bars cut off)."""

    image: np.ndarray                  # BGR, working size, without letterbox bars
    luma: np.ndarray                   # its 8-bit luma (levels index regions.SRGB_TO_LINEAR)
    faces: list[Face]                  # every face found, largest first, in `image` pixels
    main: Face | None                  # the face the scores are about
    subjects: list[Face]               # faces big enough to be subjects (main included)
    mesh: FaceMesh | None              # the main face's mesh
    person: np.ndarray | None          # person probability at `small`'s size
    person_pixels: np.ndarray | None   # where it is more likely person than not (person_mask)
    small: np.ndarray                  # the frame at MASK_LONG_SIDE: the person model, the
                                       # backdrop, the sitter's appearance and the look read it
    small_luma: np.ndarray             # its 8-bit luma
    hands: list[Hand]                  # hands near the main face
    offset: tuple[int, int] = (0, 0)   # where `image` starts in the decoded frame (x, y)


def perceive(image: np.ndarray, detector: FaceDetector,
             stage_times: dict[str, float] | None = None, p: Parameters = PARAMETERS) -> Perception:
    """Run the models on a working-size BGR frame. `stage_times`, when given, receives
    each stage's milliseconds (benchmarks/stage_times.py); `p` says which faces are
    the subjects and which hands count."""
    clock = _StageClock(stage_times)
    faces = clock.time("detect", lambda: find_faces(detector, image, p))
    image, luma, faces, offset = without_bars(image, frame_luma(image), faces)
    height, width = image.shape[:2]
    main = main_face(faces, width, height, p)
    small = screen_size(image)
    if main is None:
        return Perception(image, luma, faces, None, [], None, None, None, small, frame_luma(small), [], offset)
    size = (small.shape[1], small.shape[0])
    mesh = clock.time("mesh", lambda: measure_mesh(image, main))
    person = clock.time("segment", lambda: person_probability(small, size))
    return Perception(
        image=image, luma=luma, faces=faces, main=main, subjects=subject_faces(faces, main, p), mesh=mesh,
        person=person, person_pixels=person_mask(person), small=small, small_luma=frame_luma(small),
        hands=clock.time("hands", lambda: find_hands(image, main.box, p)), offset=offset,
    )


def frame_luma(image: np.ndarray) -> np.ndarray:
    """8-bit luma of a BGR picture; its levels index measures.regions.SRGB_TO_LINEAR. The
    measures keep it as 8-bit levels and count them (measures.levels) rather than
    convert a whole frame to floats."""
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def screen_size(image: np.ndarray) -> np.ndarray:
    """The frame at MASK_LONG_SIDE on its long side (shrunk, or enlarged if smaller)."""
    height, width = image.shape[:2]
    factor = MASK_LONG_SIDE / max(height, width)
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    return shrink(image, size) if factor < 1 else cv2.resize(image, size, interpolation=cv2.INTER_CUBIC)


class _StageClock:
    def __init__(self, times: dict[str, float] | None):
        self._times = times

    def time(self, stage: str, work):
        if self._times is None:
            return work()
        start = time.perf_counter()
        value = work()
        self._times[stage] = self._times.get(stage, 0.0) + 1000 * (time.perf_counter() - start)
        return value
