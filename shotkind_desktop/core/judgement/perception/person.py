"""Where the person is: MediaPipe's selfie segmentation, a probability per pixel that it
belongs to a person (hair and clothes included).

The backdrop is what is left when the person is taken out, and the hand-drawn head and
torso shapes it replaces could not know where hair ends or how wide a jacket is. The
model also marks a cat or a cup as a person, so it runs only on frames with a face.
"""

from __future__ import annotations

import cv2
import numpy as np

from shotkind_desktop.core.files.resample import area
from shotkind_desktop.core.judgement.models import PERSON_SEGMENTATION, load_tflite

INPUT_SIZE = 256
PERSON_PROBABILITY = 0.5


def person_probability(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The person probability (float32, 0..1) of the BGR `image`, at `size` (width, height).
    The model sees the whole frame squashed to 256 × 256, as MediaPipe feeds it."""
    small = area(image, (INPUT_SIZE, INPUT_SIZE))
    rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB).astype(np.float32) / 255
    probability = load_tflite(PERSON_SEGMENTATION).run(rgb[None])["activation_10"].reshape(INPUT_SIZE, INPUT_SIZE)
    return cv2.resize(probability, size, interpolation=cv2.INTER_LINEAR)


def person_mask(probability: np.ndarray) -> np.ndarray:
    """Pixels more likely person than not."""
    return probability >= PERSON_PROBABILITY
