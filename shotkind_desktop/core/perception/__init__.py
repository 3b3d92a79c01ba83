"""What the models see in a frame, gathered once: faces, the main face's mesh, the person
mask and hands near the face. The measures read this record; none of them runs a model.

Letterbox bars are cut off first (they are neither backdrop nor body), then faces are
found; the other models run only when there is a face, and only on the main face.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.faces import Face, FaceDetector, find_faces, main_face, subject_faces
from shotkind_desktop.core.perception.bars import without_bars
from shotkind_desktop.core.perception.hands import Hand, find_hands
from shotkind_desktop.core.perception.mesh import FaceMesh, measure_mesh
from shotkind_desktop.core.perception.person import person_probability
from shotkind_desktop.core.resample import shrink

# The person mask and the backdrop are read at screen-preview size, whatever the frame's
# size (smaller frames are enlarged), so edges and blotches are counted on one scale.
MASK_LONG_SIDE = 480


@dataclass(frozen=True)
class Perception:
    """A frame as the models see it, in the coordinates of `image` (bars cut off)."""

    image: np.ndarray                  # BGR, working size, without letterbox bars
    faces: list[Face]                  # every face found, largest first, in `image` pixels
    main: Face | None                  # the face the scores are about
    subjects: list[Face]               # faces big enough to be subjects (main included)
    mesh: FaceMesh | None              # the main face's mesh
    person: np.ndarray | None          # person probability at `small`'s size
    small: np.ndarray | None           # the frame at MASK_LONG_SIDE, for backdrop measures
    hands: list[Hand]                  # hands near the main face
    offset: tuple[int, int] = (0, 0)   # where `image` starts in the decoded frame (x, y)


def perceive(image: np.ndarray, detector: FaceDetector,
             faces: list[Face] | None = None) -> Perception:
    """Run the models on a working-size BGR frame. `faces` (in `image` pixels), when
    given, are used instead of detecting again."""
    if faces is None:
        faces = find_faces(detector, image)
    image, faces, offset = without_bars(image, faces)
    height, width = image.shape[:2]
    main = main_face(faces, width, height)
    if main is None:
        return Perception(image, faces, None, [], None, None, None, [], offset)
    factor = MASK_LONG_SIDE / max(height, width)
    size = (round(width * factor), round(height * factor))
    small = shrink(image, size) if factor < 1 else cv2.resize(image, size, interpolation=cv2.INTER_CUBIC)
    return Perception(
        image=image, faces=faces, main=main, subjects=subject_faces(faces, main),
        mesh=measure_mesh(image, main),
        person=person_probability(small, size), small=small,
        hands=find_hands(image, main.box), offset=offset,
    )
