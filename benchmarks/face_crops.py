"""How often the default detector misses the face of a tight face crop, by the crop's size.

Many web and dataset portraits are a face cut out of a larger frame and saved at a few
hundred pixels. Each labelled subject's face (both shared sets, 108 faces) is cut out
here as such a crop: a square `framing` times its detector box, at each size. Prints the
faces not found, with the detector as shipped and with one look only, at the detector's
size (640 px or the picture's own, if smaller): without the looks at half that size
(core.judgement.faces: the first look of a larger picture, the second of a smaller one
with no face found at its own size).

Run: .venv/bin/python benchmarks/face_crops.py [--sizes 300,400,512,600,640,800,1024]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from benchmarks.machine import describe  # noqa: E402
from shotkind_desktop.core.files.decode import decode_for_analysis  # noqa: E402
from shotkind_desktop.core.judgement import faces  # noqa: E402

SHARED = CHECKOUT.parent / "shared"
FRAMINGS = (1.0, 1.3)


def face_crop(image: np.ndarray, box, framing: float, size: int) -> np.ndarray:
    """A `size` square around the face `box`, `framing` times its long side."""
    x, y, w, h = box
    zoom = size / (framing * max(w, h))
    to_crop = np.float32([[zoom, 0, size / 2 - (x + w / 2) * zoom], [0, zoom, size / 2 - (y + h / 2) * zoom]])
    return cv2.warpAffine(image, to_crop, (size, size), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)


def labelled_faces(detector, shared: Path = SHARED) -> list[tuple[np.ndarray, tuple]]:
    """Each labelled frame with a face in both shared sets, at working size, with the box
    of the largest face the detector finds there."""
    subjects = []
    for folder in ("photos", "photos-more"):
        with open(shared / folder / "labels.csv", newline="") as file:
            names = [row["file"] for row in csv.DictReader(file) if int(row["faces"]) > 0]
        for name in names:
            image = decode_for_analysis(shared / folder / name).image
            subjects.append((image, faces.find_faces(detector, image)[0].box))
    return subjects


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,400,512,600,640,800,1024")
    args = parser.parse_args(argv)
    sizes = [int(v) for v in args.sizes.split(",")]
    detector = faces.make_detector("yunet")
    subjects = labelled_faces(detector)
    print(f"ShotKind face crops: {len(subjects)} labelled faces, YuNet")
    print(f"machine: {describe()}")
    print(f"{'framing':>8s} {'size':>5s} {'missed':>7s} {'missed, one look':>17s}")
    shipped = faces.YUNET_QUICK_ENOUGH
    for framing in FRAMINGS:
        for size in sizes:
            crops = [face_crop(image, box, framing, size) for image, box in subjects]
            missed = sum(not faces.find_faces(detector, crop) for crop in crops)
            faces.YUNET_QUICK_ENOUGH = float("inf")      # no look at half size, first or second
            try:
                without = sum(not faces.find_faces(detector, crop) for crop in crops)
            finally:
                faces.YUNET_QUICK_ENOUGH = shipped
            print(f"{framing:8.1f} {size:5d} {missed:7d} {without:17d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
