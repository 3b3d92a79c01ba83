"""Histogram and clipping figures on real previews, and on honestly overexposed copies."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from shotkind_desktop.core.judgement.histogram import clipped_fractions, histogram
from shotkind_desktop.core.files.previews import decode_preview


@pytest.fixture(scope="module")
def preview(photos) -> np.ndarray:
    return decode_preview(photos / "df_img24.jpg", 800).image    # blue backdrop, lit face


def test_every_channel_counts_every_pixel(preview):
    counts = histogram(preview)
    pixels = preview.shape[0] * preview.shape[1]
    assert set(counts) == {"r", "g", "b", "luma"}
    for name, channel in counts.items():
        assert channel.shape == (256,) and channel.dtype == np.int64
        assert channel.sum() == pixels, name


def test_counts_match_the_pixels(preview):
    counts = histogram(preview)
    for index, name in enumerate("rgb"):
        assert np.array_equal(counts[name], np.bincount(preview[..., index].ravel(), minlength=256))
    luma = cv2.cvtColor(preview, cv2.COLOR_RGB2GRAY)
    assert np.array_equal(counts["luma"], np.bincount(luma.ravel(), minlength=256))
    # the blue backdrop: more bright blue than bright red
    assert counts["b"][128:].sum() > 2 * counts["r"][128:].sum()


def test_fewer_bins_add_up(preview):
    full, coarse = histogram(preview), histogram(preview, bins=64)
    for name in full:
        assert coarse[name].shape == (64,)
        assert np.array_equal(coarse[name], full[name].reshape(64, 4).sum(axis=1))
    with pytest.raises(ValueError):
        histogram(preview, bins=0)


def test_a_blown_out_copy_clips_more_highlights(photos):
    for name in ("df_img24.jpg", "df_img30.jpg", "fr_alex_lacamoire1.jpg"):
        image = decode_preview(photos / name, 600).image
        blown = np.clip(image.astype(np.int32) * 3, 0, 255).astype(np.uint8)
        black, white = clipped_fractions(image)
        blown_black, blown_white = clipped_fractions(blown)
        assert 0 <= black <= 1 and 0 <= white <= 1
        assert blown_white > white + 0.2, name
        assert blown_black <= black + 1e-12          # tripling never makes a pixel 0
        # the histogram agrees: the top level of the luma holds far more
        assert histogram(blown)["luma"][255] > histogram(image)["luma"][255]


def test_a_crushed_copy_clips_more_shadows(photos):
    image = decode_preview(photos / "df_img18.jpg", 600).image   # dark suit
    crushed = np.clip(image.astype(np.int32) - 60, 0, 255).astype(np.uint8)
    assert clipped_fractions(crushed)[0] > clipped_fractions(image)[0] + 0.05


def test_clipping_counts_a_pixel_once_whatever_channel_clips():
    image = np.full((10, 10, 3), 128, np.uint8)
    image[0, :5] = (255, 255, 255)      # white
    image[1, :5] = (255, 0, 128)        # one channel blown, one crushed
    image[2, :5] = (0, 0, 0)            # black
    assert clipped_fractions(image) == pytest.approx((0.10, 0.10))
    assert clipped_fractions(image[..., 1]) == pytest.approx((0.10, 0.05))   # grey input


def test_wrong_images_are_refused():
    with pytest.raises(ValueError):
        histogram(np.zeros((4, 4, 3), np.float32))
    with pytest.raises(ValueError):
        clipped_fractions(np.zeros((4, 4, 4), np.uint8))
