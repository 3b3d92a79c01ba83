"""The engine against the labelled photos: a floor under the figures that
benchmarks/accuracy.py reports, so a change that breaks the judgement fails CI."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import accuracy  # noqa: E402

from shotkind_desktop.core.faces import make_detector  # noqa: E402


@pytest.fixture(scope="module")
def figures():
    rows = accuracy.measure_all(accuracy.SHARED / "photos", make_detector("mtcnn"))
    return accuracy.agreement(rows)


def share(pair):
    done, total = pair
    return done / total


def test_every_person_photo_gets_its_main_face_and_no_face_is_invented(figures):
    assert share(figures["main_face_found"]) == 1.0
    assert share(figures["no_face_on_none"]) == 1.0


def test_headshot_versus_not(figures):
    assert share(figures["headshot_vs_not"]) >= 0.88
    assert share(figures["precision"]) >= 0.75
    assert share(figures["recall"]) >= 0.75


def test_criteria_agree_with_the_labels(figures):
    assert share(figures["faces"]) >= 0.88
    assert share(figures["lighting"]) >= 0.85
    assert share(figures["backdrop"]) >= 0.8
    assert share(figures["frontal"]) >= 0.8
    assert share(figures["framing"]) >= 0.8
