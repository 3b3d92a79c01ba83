"""The cheap ways of the measures: box-filter shrinking through exact halvings, and light
statistics from luma level counts, each against the direct computation on real frames."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from shotkind_desktop.core.files.decode import decode_for_analysis
from shotkind_desktop.core.judgement.measures.levels import Levels
from shotkind_desktop.core.judgement.measures.regions import SRGB_TO_LINEAR
from shotkind_desktop.core.judgement.perception import frame_luma
from shotkind_desktop.core.judgement.perception.person import person_mask, person_probability
from shotkind_desktop.core.files.resample import area, halve, shrink


@pytest.fixture(scope="module")
def frame(photos):
    """df_img13: 2048 × 1364, analysed at 1024 × 682; doubled so shrinking has far to go."""
    image = decode_for_analysis(photos / "df_img13.jpg").image
    return cv2.resize(image, (image.shape[1] * 2, image.shape[0] * 2), interpolation=cv2.INTER_CUBIC)


@pytest.mark.parametrize("size", [(640, 426), (480, 320), (333, 222)])
def test_shrink_is_nearly_the_box_filter(frame, size):
    """The boxes are the same size; their edges fall on whole 2^k blocks, so sharp edges
    differ by some levels and the picture by about one level on average."""
    direct = cv2.resize(frame, size, interpolation=cv2.INTER_AREA).astype(int)
    cheap = shrink(frame, size).astype(int)
    assert cheap.shape == direct.shape
    assert np.abs(cheap - direct).mean() < 2.0


def test_shrink_by_a_whole_factor_is_exact(frame):
    size = (frame.shape[1] // 4, frame.shape[0] // 4)
    assert np.array_equal(shrink(frame, size), cv2.resize(frame, size, interpolation=cv2.INTER_AREA))
    assert halve(frame[:5, :7]).shape == (2, 3, 3)   # an odd last row and column are dropped


@pytest.mark.parametrize("size", [(640, 426), (427, 640), (192, 192), (1000, 600), (512, 341),
                                  (4096, 300), (1366, 910), (2560, 1700)])
def test_area_is_inter_area_to_the_bit(frame, size):
    """Fractional factors (the detector's, the palm crop's, the person model's squashed
    square), a whole factor, an enlargement, one side enlarged: each in colour, in luma
    and on a crop (a view into the frame, as the palm detector's square is)."""
    for image in (frame, cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), frame[37:1037, 101:1201]):
        assert np.array_equal(area(image, size), cv2.resize(image, size, interpolation=cv2.INTER_AREA))


def test_levels_give_the_statistics_of_linear_light(frame):
    gray = frame_luma(frame)
    linear = SRGB_TO_LINEAR[gray]
    background = ~person_mask(person_probability(frame, (gray.shape[1], gray.shape[0])))
    for mask in (None, background):
        values = linear if mask is None else linear[mask]
        levels = Levels(gray, mask)
        assert levels.total == values.size
        assert levels.mean() == pytest.approx(values.mean(), rel=1e-9)
        assert levels.percentiles([5, 50, 95]) == pytest.approx(np.percentile(values, [5, 50, 95]), rel=1e-9)
        assert levels.fraction_below(0.01) == pytest.approx((values < 0.01).mean(), abs=1e-12)
    assert Levels(gray, np.zeros(gray.shape, bool)).mean() == 0.0
