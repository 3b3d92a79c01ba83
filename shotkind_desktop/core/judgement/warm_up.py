"""Readying an analysis worker before its first frame, for a live session, where that
frame is the one the photographer is waiting for. The first analysis in a fresh worker
took 0.28-0.63 s where the next ones took 0.14-0.19 s (2-core machine, shared photos):
loading the four TFLite models and their first runs, OpenCV building its float Lab
colour table on first use (0.2 s), and YuNet setting itself up for a new input size. A
shoot opened for culling does not need this: its first frames are not awaited one by one."""

from __future__ import annotations

import cv2
import numpy as np

from shotkind_desktop.core.judgement.faces import FaceDetector
from shotkind_desktop.core.judgement.models import (FACE_BLENDSHAPES, FACE_MESH, PALM_DETECTOR,
                                          PERSON_SEGMENTATION, load_tflite)
from shotkind_desktop.core.judgement.perception import perceive

CAMERA_SHAPE = (2, 3)     # frames are 3:2, held either way


def warm_up(detector: FaceDetector, working_size: int) -> None:
    """Load and run each perception model once on zeros, have OpenCV build its tables,
    and run the detector on blank frames of a camera's shape at the working size."""
    for model in (PERSON_SEGMENTATION, FACE_MESH, FACE_BLENDSHAPES, PALM_DETECTOR):
        net = load_tflite(model)
        net.run(*(np.zeros(shape, np.float32) for shape in net.input_shapes()))
    cv2.cvtColor(np.zeros((8, 8, 3), np.float32), cv2.COLOR_BGR2Lab)
    short = round(working_size * CAMERA_SHAPE[0] / CAMERA_SHAPE[1])
    for height, width in ((short, working_size), (working_size, short)):
        perceive(np.full((height, width, 3), 128, np.uint8), detector)
