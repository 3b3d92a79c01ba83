"""Letterbox and pillarbox bars are cut off before a frame is measured, and only they."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.files.decode import decode_for_analysis
from shotkind_desktop.core.judgement.perception import frame_luma
from shotkind_desktop.core.judgement.perception.bars import bar_sizes


def padded(image: np.ndarray, top: int, bottom: int, left: int, right: int, tone: int) -> np.ndarray:
    return cv2.copyMakeBorder(image, top, bottom, left, right, cv2.BORDER_CONSTANT, value=(tone,) * 3)


@pytest.mark.parametrize("tone", [0, 255])
def test_bars_added_to_a_photo_are_found_to_the_pixel(photos, tone):
    image = decode_for_analysis(photos / "df_couple.jpg").image   # a press wall to the edges
    assert bar_sizes(frame_luma(image)) == (0, 0, 0, 0)
    assert bar_sizes(frame_luma(padded(image, 60, 60, 0, 0, tone))) == (60, 60, 0, 0)
    assert bar_sizes(frame_luma(padded(image, 0, 0, 45, 45, tone))) == (0, 0, 45, 45)


@pytest.mark.parametrize("photo", ["df_img13.jpg", "df_img14.jpg", "df_img15.jpg"])
def test_a_blown_out_white_backdrop_is_not_a_bar(photos, photo):
    """labels.csv: plain white studio backdrops; they fade into the picture."""
    assert bar_sizes(frame_luma(decode_for_analysis(photos / photo).image)) == (0, 0, 0, 0)


def test_a_letterboxed_headshot_is_judged_as_the_headshot(photos, detectors, tmp_path):
    """The same frame saved with black bars above and below (as a video still is) gets
    the same kind and criteria: bars are not body below the chin, nor backdrop, nor shadow."""
    image = cv2.imread(str(photos / "df_img11.jpg"))
    boxed = tmp_path / "letterboxed.png"
    cv2.imwrite(str(boxed), padded(image, image.shape[0] // 5, image.shape[0] // 5, 0, 0, 0))
    original = analyze_frame(photos / "df_img11.jpg", detectors["mtcnn"])
    letterboxed = analyze_frame(boxed, detectors["mtcnn"])
    assert original.kind == "headshot"
    assert letterboxed.kind == original.kind and letterboxed.criteria == original.criteria
