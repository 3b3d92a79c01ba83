"""Sorting by sharpness ranks a burst by its measured focus: a burst made from a real
headshot the way a camera makes one (small shifts of framing, exposure a third of a stop
either way, a little blur on some frames) and analysed for real."""

from __future__ import annotations

import random
from dataclasses import replace

import cv2
import numpy as np
import pytest

from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.decisions.decisions import Decision
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.decisions.selection import focus_sort_value, sort_value

HEADSHOT = "df_img13.jpg"
BLURS = (0.0, 0.5, 0.9, 1.4, 2.2)     # Gaussian sigma, pixels: sharp to clearly soft


@pytest.fixture(scope="module")
def burst(photos, detectors, tmp_path_factory) -> list[tuple[float, FrameResult]]:
    """(blur, result) per frame, in a shuffled capture order."""
    folder = tmp_path_factory.mktemp("burst")
    image = cv2.imread(str(photos / HEADSHOT))
    height, width = image.shape[:2]
    chance = random.Random(15)
    frames = []
    for number, sigma in enumerate(chance.sample(BLURS, len(BLURS))):
        dx, dy = chance.randint(0, 24), chance.randint(0, 16)
        frame = image[dy:height - 16 + dy, dx:width - 24 + dx].astype(np.float32)
        frame = np.clip(frame * 2 ** chance.choice((-1 / 3, 0, 1 / 3)), 0, 255).astype(np.uint8)
        if sigma:
            frame = cv2.GaussianBlur(frame, (0, 0), sigma)
        path = folder / f"IMG_{number:04d}.jpg"
        assert cv2.imwrite(str(path), frame, [cv2.IMWRITE_JPEG_QUALITY, 95])
        frames.append((sigma, analyze_frame(path, detectors["yunet"])))
    return frames


def by_sharpness(frames: list[tuple[float, FrameResult]]) -> list[float]:
    ordered = sorted(enumerate(frames), reverse=True,
                     key=lambda item: sort_value("sharpness", item[0], item[1][1].file, Decision(), item[1][1]))
    return [sigma for _, (sigma, _) in ordered]


def test_a_burst_sorts_by_its_measured_focus(burst):
    """The sort reads the focus figure itself (the 0..1 sub-score is clipped at 1 for the
    crispest frames and was once clipped for every sharp one)."""
    order = by_sharpness(burst)
    assert (order[0], order[-1]) == (min(BLURS), max(BLURS)), "the unblurred frame first, the softest last"
    # the measure the sort reads: focus on the eyes where measured, else on the face
    focus = {sigma: focus_sort_value(result, 0)[:2] for sigma, result in burst}
    assert [focus[sigma] for sigma in order] == sorted(focus.values(), reverse=True), \
        "ranked by the measured focus, never by capture order among equal sub-scores"


def test_focus_on_the_eyes_ranks_before_focus_on_the_face(burst):
    """Where the analysis measured focus on the eyes, frames rank by it (it is a different
    measure from focus on the face, so the two are never compared with each other)."""
    softest = max(burst, key=lambda frame: frame[0])
    for eye_focus, place in ((0.5, 0), (None, len(BLURS) - 1)):   # None: eyes closed or hidden
        frames = [(sigma, replace(result, measures={**result.measures, "eye_focus": eye_focus}))
                  if sigma == softest[0] else (sigma, result) for sigma, result in burst]
        order = by_sharpness(frames)
        assert order.index(softest[0]) == place
        assert [sigma for sigma in order if sigma != softest[0]] == \
            [sigma for sigma in by_sharpness(burst) if sigma != softest[0]], "the others keep their order"

