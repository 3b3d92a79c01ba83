"""The perception models ShotKind ships inside the package, and the one way to load them.

Every file is package data (`shotkind_desktop/models/`), so a fresh install analyses
offline. Each is checked against its SHA-256 when it is loaded: a damaged or swapped file
is refused with a clear message rather than giving quietly wrong judgements. A worker
process loads each model once (`load_tflite`, cached) and reuses it for every frame.

The TFLite models run on Google's LiteRT with one thread: 1.6 to 3.4 times faster than
OpenCV's DNN module on the same files (benchmarks/README.md), which is what lets every
model run on every frame. YuNet, an ONNX file, runs in OpenCV's FaceDetectorYN.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from shotkind_desktop.core.files.decoder_warnings import native_stderr

RUNTIME_CHATTER = ("INFO: Created TensorFlow Lite XNNPACK delegate",)

MODELS_DIR = Path(str(files("shotkind_desktop") / "models"))    # package data, on disk wherever installed


@dataclass(frozen=True)
class ModelFile:
    """One shipped model: its file, checksum, where it came from and its licence."""

    file: str
    sha256: str
    title: str
    source: str
    licence: str
    licence_file: str


YUNET = ModelFile(
    "face_detection_yunet_2023mar.onnx",
    "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4",
    "YuNet 2023mar face detector", "libfacedetection.train (OpenCV model zoo)",
    "Apache-2.0", "libfacedetection.train-LICENSE.txt")
PERSON_SEGMENTATION = ModelFile(
    "selfie_segmentation.tflite",
    "9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c",
    "MediaPipe selfie segmentation", "mediapipe 0.10.21 wheel", "Apache-2.0",
    "mediapipe-0.10.21-wheel-LICENSE.txt")
FACE_MESH = ModelFile(
    "face_landmarks_detector.tflite",
    "c7d54204ce0448474c7f3fa9af494787c0965cbdd6f20fc72867e43046bd43d5",
    "MediaPipe face mesh v2 (478 points)", "MediaPipe face_landmarker.task v1",
    "Apache-2.0 (as redistributed)", "mediapipe-0.10.21-wheel-LICENSE.txt")
FACE_BLENDSHAPES = ModelFile(
    "face_blendshapes.tflite",
    "4f36dded049db18d76048567439b2a7f58f1daabc00d78bfe8f3ad396a2d2082",
    "MediaPipe face blendshapes", "MediaPipe face_landmarker.task v1",
    "Apache-2.0 (as redistributed)", "mediapipe-0.10.21-wheel-LICENSE.txt")
PALM_DETECTOR = ModelFile(
    "palm_detection_lite.tflite",
    "e9a4aaddf90dda56a87235303cf00e4c2d3fb28725f68fd88772997dac905c18",
    "MediaPipe palm detector (lite)", "mediapipe 0.10.21 wheel", "Apache-2.0",
    "mediapipe-0.10.21-wheel-LICENSE.txt")

SHIPPED = (YUNET, PERSON_SEGMENTATION, FACE_MESH, FACE_BLENDSHAPES, PALM_DETECTOR)


class ModelError(RuntimeError):
    """A shipped model file is missing or is not the file ShotKind was built with."""


def model_path(model: ModelFile) -> Path:
    """The file, checked: present and with the expected SHA-256."""
    path = MODELS_DIR / model.file
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as error:
        raise ModelError(f"the {model.title} model is missing ({path}): reinstall ShotKind") from error
    if digest != model.sha256:
        raise ModelError(f"the {model.title} model file is damaged or replaced ({path}): "
                         f"reinstall ShotKind")
    return path


class TfliteNet:
    """One TFLite model, ready to run: inputs as the model takes them (NHWC float32),
    outputs by name."""

    def __init__(self, path: Path):
        from ai_edge_litert.interpreter import Interpreter   # only where a model runs
        with native_stderr(RUNTIME_CHATTER):     # not a word for the photographer
            self._interpreter = Interpreter(model_path=str(path), num_threads=1)
            self._interpreter.allocate_tensors()
        self._inputs = [detail["index"] for detail in self._interpreter.get_input_details()]
        self._outputs = {detail["name"]: detail["index"]
                         for detail in self._interpreter.get_output_details()}

    def input_shapes(self) -> list[tuple[int, ...]]:
        """The shape of each input, in order."""
        return [tuple(detail["shape"]) for detail in self._interpreter.get_input_details()]

    def run(self, *inputs: np.ndarray) -> dict[str, np.ndarray]:
        for index, value in zip(self._inputs, inputs):
            self._interpreter.set_tensor(index, np.ascontiguousarray(value, dtype=np.float32))
        self._interpreter.invoke()
        # get_tensor hands back a copy: the next run cannot overwrite what a caller keeps
        return {name: self._interpreter.get_tensor(index) for name, index in self._outputs.items()}


@cache
def load_tflite(model: ModelFile) -> TfliteNet:
    """A TFLite model, loaded once per process."""
    return TfliteNet(model_path(model))
