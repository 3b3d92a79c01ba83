"""Where the eye-focus limits come from: the reading of real eyes blurred by the blur a
photographer calls slightly soft, and by the one that misses.

Every labelled photo in ../shared/photos and ../shared/photos-more whose main face has
its eyes open is analysed as `shotkind analyze` does; each eye is read as the engine
reads it (measures/eye_focus.py: from the finest pixels, at 128 px across the eye) and
again after a Gaussian blur of 0.8 and 2 px where it is read (1/160 and 1/64 of a
128-px eye: 2 and 5 px at 100% on a 24 MP headshot's 320-px eye; an eye the file holds
smaller is read at its own pixels, where the same blur is what 100% shows). The limits in
core.judgement.parameters are the medians of the sharper eye's reading at those two blurs, per
set and over both (the sets are small, so the two sets' medians show how settled a
limit is). Also prints the share of the untouched photos each limit calls sharp, and
how a half-size copy reads against the original.

Run: .venv/bin/python benchmarks/eye_focus_calibration.py
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from shotkind_desktop.core.judgement.frame_pipeline import finer_pixels, judge_perception  # noqa: E402
from shotkind_desktop.core.files.decode import decode_for_analysis  # noqa: E402
from shotkind_desktop.core.judgement.faces import make_detector  # noqa: E402
from shotkind_desktop.core.judgement.measures.eye_focus import (EYE_SAMPLE_WIDTH, eye_boxes, finest_eye,  # noqa: E402
                                                      focus_ratio)
from shotkind_desktop.core.judgement.parameters import PARAMETERS  # noqa: E402
from shotkind_desktop.core.judgement.perception import perceive  # noqa: E402

SHARED = CHECKOUT.parent / "shared"
SETS = ("photos", "photos-more")
BLURS = {"slightly soft": 1 / 160, "missed": 1 / 64}     # Gaussian sigma, in 128-px eye widths
SUFFIXES = (".jpg", ".jpeg", ".png")


def eye_readings(path: Path, detector) -> list[dict] | None:
    """Each open eye's sample and reading, untouched and blurred; None without open eyes."""
    frame = decode_for_analysis(path)
    seen = perceive(frame.image, detector)
    finer = finer_pixels(frame, seen)
    measures, judgement = judge_perception(seen, finer)
    if judgement.criteria["eyes"] != "open":
        return None
    eyes = []
    for box, width in eye_boxes(seen.mesh):
        sample, _ = finest_eye(box, width, seen.luma, finer)
        if sample is None:
            continue
        reading = {"none": focus_ratio(sample)}
        for name, share in BLURS.items():
            sigma = share * EYE_SAMPLE_WIDTH     # in the pixels the eye is read at
            reading[name] = focus_ratio(cv2.GaussianBlur(sample.astype(np.float32), (0, 0), sigma))
        eyes.append(reading)
    return eyes or None


def half_size_reading(path: Path, detector) -> tuple[float, float] | None:
    """(original, half-size copy) readings of the sharper eye, the copy analysed from scratch."""
    frame = decode_for_analysis(path)
    image = frame.image
    half = cv2.resize(image, (image.shape[1] // 2, image.shape[0] // 2), interpolation=cv2.INTER_AREA)
    values = []
    for picture, full in ((image, True), (half, False)):
        seen = perceive(picture, detector)
        finer = finer_pixels(frame, seen) if full else None
        measures, judgement = judge_perception(seen, finer)
        if judgement.criteria["eyes"] != "open":
            return None
        readings = []
        for box, width in eye_boxes(seen.mesh):
            sample, _ = finest_eye(box, width, seen.luma, finer)
            if sample is not None:
                readings.append(focus_ratio(sample))
        if not readings:
            return None
        values.append(max(readings))
    return values[0], values[1]


def main() -> None:
    detector = make_detector("yunet")
    per_set: dict[str, dict[str, list[float]]] = {}
    halves = []
    for name in SETS:
        folder = SHARED / name
        readings: dict[str, list[float]] = {"none": [], **{blur: [] for blur in BLURS}}
        for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES):
            eyes = eye_readings(path, detector)
            if eyes is None:
                continue
            for key in readings:
                readings[key].append(max(eye[key] for eye in eyes))   # the sharper eye counts
            pair = half_size_reading(path, detector)
            if pair:
                halves.append(pair[1] - pair[0])
        per_set[name] = readings
    both = {key: per_set[SETS[0]][key] + per_set[SETS[1]][key] for key in per_set[SETS[0]]}
    print(f"eye focus at {EYE_SAMPLE_WIDTH} px across the eye; limits now: sharp from "
          f"{PARAMETERS.eye_sharp}, missed under {PARAMETERS.eye_missed}")
    for name, readings in (*per_set.items(), ("both", both)):
        medians = {key: statistics.median(values) for key, values in readings.items()}
        print(f"{name:12s} {len(readings['none'])} photos with open eyes: untouched median "
              f"{medians['none']:.3f}; blurred 1/160 (slightly soft) median {medians['slightly soft']:.3f}; "
              f"blurred 1/64 (missed) median {medians['missed']:.3f}")
    untouched = np.array(both["none"])
    print(f"untouched photos read sharp: {np.mean(untouched >= PARAMETERS.eye_sharp):.0%}, "
          f"missed: {np.mean(untouched < PARAMETERS.eye_missed):.0%}")
    for key in BLURS:
        blurred = np.array(both[key])
        print(f"blurred {key}: read not sharp {np.mean(blurred < PARAMETERS.eye_sharp):.0%}, "
              f"missed {np.mean(blurred < PARAMETERS.eye_missed):.0%}")
    print(f"half-size copy minus original, {len(halves)} photos: median {statistics.median(halves):+.3f}, "
          f"10th-90th percentile {np.percentile(halves, 10):+.3f} to {np.percentile(halves, 90):+.3f}")


if __name__ == "__main__":
    main()
