"""Shared test setup: Qt draws offscreen (CI has no screen), and the shared photos."""

import os
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"   # before anything loads Qt

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the checkout: real photos, models and samples for the tests."""
    if not SHARED_DIR.is_dir():
        pytest.fail(f"test data missing: expected the shared folder at {SHARED_DIR} "
                    "(clone the repo next to shared/)", pytrace=False)
    return SHARED_DIR
