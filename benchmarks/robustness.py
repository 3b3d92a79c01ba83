"""How the judgement holds when the labelled photos change the way real files do.

A photographer's frames differ from the labelled ones in ordinary ways: a web copy
compressed hard, a frame a third of a stop over (a bracket), 0.7 stops over or under, a
mirror image, sensor noise, a small web size, a frame straightened by 3°, a black-and-white
conversion. None of these changes what a photo shows, so none should change its kind. For
each change this prints headshot-or-not, precision and recall against the labels of both
sets, and the frames whose kind moved from the unchanged photo's, with both headshot scores.

Run: .venv/bin/python benchmarks/robustness.py [--changes jpeg40,over,under,...]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable

import cv2
import numpy as np

from accuracy import SETS, SHARED, agreement, percent
from photo_changes import exposed, recompressed
from shotkind_desktop.core.files.decode import decode_for_analysis
from shotkind_desktop.core.judgement.faces import make_detector
from shotkind_desktop.core.judgement.measures import measure_frame
from shotkind_desktop.core.judgement.perception import perceive


def noisy(image: np.ndarray, sigma: float) -> np.ndarray:
    """Sensor noise, the same draw for a photo every run."""
    rng = np.random.default_rng(image.shape[0] * 7919 + image.shape[1])
    return np.clip(image + rng.normal(0, sigma, image.shape), 0, 255).astype(np.uint8)


def web_size(image: np.ndarray, long_side: int) -> np.ndarray:
    height, width = image.shape[:2]
    factor = long_side / max(height, width)
    if factor >= 1:
        return image
    return cv2.resize(image, (round(width * factor), round(height * factor)), interpolation=cv2.INTER_AREA)


def tilted(image: np.ndarray, degrees: float) -> np.ndarray:
    """Turned `degrees` about the centre and cut to the largest upright rectangle inside,
    as a straightened frame is."""
    height, width = image.shape[:2]
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    turned = cv2.warpAffine(image, turn, (width, height), flags=cv2.INTER_LINEAR)
    sin, cos = abs(np.sin(np.radians(degrees))), abs(np.cos(np.radians(degrees)))
    keep_w = (width * cos - height * sin) / (cos * cos - sin * sin)
    keep_h = (height * cos - width * sin) / (cos * cos - sin * sin)
    x, y = round((width - keep_w) / 2), round((height - keep_h) / 2)
    return np.ascontiguousarray(turned[y:height - y, x:width - x])


def grey(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)


CHANGES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "none": lambda image: image,
    "jpeg40": lambda image: recompressed(image, 40),
    "third": lambda image: exposed(image, 1 / 3),
    "over": lambda image: exposed(image, 0.7),
    "under": lambda image: exposed(image, -0.7),
    "mirror": lambda image: np.ascontiguousarray(image[:, ::-1]),
    "noise4": lambda image: noisy(image, 4),
    "web640": lambda image: web_size(image, 640),
    "tilt3": lambda image: tilted(image, 3.0),
    "grey": grey,
}


def measure_changed(detector, changes: list[str]) -> dict[str, list[dict]]:
    """Per change, accuracy.measure_all's rows for every labelled photo of both sets."""
    rows = {change: [] for change in changes}
    for folder in SETS:
        photos = SHARED / folder
        for label in csv.DictReader((photos / "labels.csv").open()):
            image = decode_for_analysis(photos / label["file"]).image
            for change in changes:
                seen = perceive(CHANGES[change](image), detector)
                measures = measure_frame(seen)
                rows[change].append({"label": label, "set": folder, "faces": seen.faces, "measures": measures})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", default=",".join(CHANGES),
                        help="comma-separated, from: " + ", ".join(CHANGES))
    args = parser.parse_args(argv)
    changes = ["none", *[c for c in args.changes.split(",") if c != "none"]]
    unknown = [c for c in changes if c not in CHANGES]
    if unknown:
        parser.error(f"unknown changes: {', '.join(unknown)} (known: {', '.join(CHANGES)})")
    rows = measure_changed(make_detector("yunet"), changes)
    before = {f: (k, s) for f, k, s in agreement(rows["none"])["scores"]}
    print(f"{'change':8s} {'headshot or not':>16s} {'precision':>16s} {'recall':>16s}  kind moved")
    for change in changes:
        figures = agreement(rows[change])
        moved = [f"{f} ({before[f][0][0]}{before[f][1]:.0f}→{k[0]}{s:.0f})"
                 for f, k, s in figures["scores"] if k != before[f][0]]
        print(f"{change:8s} {percent(figures['headshot_vs_not']):>16s} {percent(figures['precision']):>16s} "
              f"{percent(figures['recall']):>16s}  {len(moved)}: {', '.join(moved)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
