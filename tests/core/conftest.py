"""Fixtures for the engine tests: the real test data in ../shared, the face detectors,
and running `shotkind analyze` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shotkind_desktop.core.judgement.faces import YUNET_MODEL_VARIABLE, make_detector

CHECKOUT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def shared(shared_dir) -> Path:
    """`../shared` beside the checkout: real photos, EXIF samples, RAW samples, models
    (the suite's shared_dir, which fails clearly when it is missing)."""
    return shared_dir


@pytest.fixture(scope="session")
def photos(shared) -> Path:
    return shared / "photos"


@pytest.fixture(scope="session")
def exif_dir(shared) -> Path:
    return shared / "exif"


@pytest.fixture(scope="session")
def raw_dir(shared) -> Path:
    return shared / "raw"


@pytest.fixture(scope="session")
def yunet_model(shared) -> Path:
    model = shared / "models" / "face_detection_yunet.onnx"
    assert model.is_file(), f"YuNet model missing at {model}"
    return model


@pytest.fixture(scope="session")
def detectors(yunet_model) -> dict:
    """Both backends, built once, from the weights that ship with them."""
    return {"mtcnn": make_detector("mtcnn"), "yunet": make_detector("yunet")}


def run_cli(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    """`python -m shotkind_desktop analyze ARGS` as a separate process, as a user runs it.
    SHOTKIND_YUNET_MODEL is removed unless `env` sets it, so the caller's shell cannot leak in."""
    environment = {k: v for k, v in os.environ.items() if k != YUNET_MODEL_VARIABLE}
    environment["PYTHONPATH"] = str(CHECKOUT)
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "shotkind_desktop", "analyze", *args],
                          capture_output=True, text=True, env=environment, timeout=300, **kwargs)


@pytest.fixture(scope="session")
def cli():
    """`run_cli` for the tests (conftest modules are not imported by name)."""
    return run_cli
