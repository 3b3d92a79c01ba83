"""How well the shoot is grouped by sitter (core.people.sitters), on the shared photos.

Every photo of one person facing the camera (both labelled sets) is made into four frames of a
sitting: the photo, then three framed a little differently (up to 4% smaller, moved) and
exposed up to a third of a stop either way. Then:

- the look: core.people.sitters.difference between two frames of one sitting, and between
  frames of different people (pairs of photos of one person in other clothes and places,
  named in SAME_PERSON, are left out of both);
- days: many random orders of the sitters, each sitting's frames 2-15 s apart, with the
  pauses between sitters of a hurried day (25-60 s), a usual one (25 s-7 min), a
  leisurely one (2-7 min), and no capture times at all; each boundary missed (two people
  as one sitter: one split to fix) and each one found that is not there (one person as
  two: one merge to fix), per hundred sitters.

    .venv/bin/python benchmarks/sitters.py [--days 200]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import sys
from dataclasses import asdict
from pathlib import Path

import numpy as np

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

from shotkind_desktop.core.files.decode import decode_for_analysis  # noqa: E402
from shotkind_desktop.core.judgement.faces import make_detector  # noqa: E402
from shotkind_desktop.core.judgement.measures.appearance import measure_appearance  # noqa: E402
from shotkind_desktop.core.judgement.perception import perceive  # noqa: E402
from shotkind_desktop.core.people.sitters import SitterFrame, difference, found_starts  # noqa: E402

SHARED = CHECKOUT.parent / "shared"
SAME_PERSON = [("df_img30.jpg", "df_img33.jpg"), ("pm_scarlett_1.jpg", "pm_scarlett_2.jpg"),
               ("pm_yangmi_3.jpg", "pm_yangmi_6.jpg"), ("fr_alex_lacamoire1.jpg", "fr_alex_lacamoire_img1.jpg"),
               ("fr_obama.jpg", "fr_obama_small.jpg"), ("fr_johnsnow_test1.jpg", "fr_kit_with_rose.jpg")]
DAYS = {"hurried (25-60 s)": (25, 60), "usual (25 s-7 min)": (25, 420),
        "leisurely (2-7 min)": (120, 420), "no capture times": None}


def sitters_photos() -> list[Path]:
    """Photos of one person facing the camera, head-and-shoulders or closer, from both
    labelled sets: what a headshot day's frames are."""
    found = []
    for folder in ("photos", "photos-more"):
        with open(SHARED / folder / "labels.csv", newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if (row["faces"] == "1" and row["frontal"] == "yes"
                        and row["framing"] in ("head-shoulders", "closeup")):
                    found.append(SHARED / folder / row["file"])
    return found


def sitting(path: Path, detector, rng: np.random.Generator) -> list[dict]:
    image = decode_for_analysis(path).image
    height, width = image.shape[:2]
    frames = [image]
    for _ in range(3):
        scale = rng.uniform(0.96, 1.0)
        w, h = round(width * scale), round(height * scale)
        left, top = int(rng.integers(0, width - w + 1)), int(rng.integers(0, height - h + 1))
        cut = image[top:top + h, left:left + w].astype(np.float32) * 2 ** rng.uniform(-1 / 3, 1 / 3)
        frames.append(np.clip(cut, 0, 255).astype(np.uint8))
    looks = []
    for frame in frames:
        seen = perceive(frame, detector)
        if seen.main is not None:
            looks.append({k: list(v) if isinstance(v, tuple) else v
                          for k, v in asdict(measure_appearance(seen)).items()})
    return looks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=200)
    args = parser.parse_args()
    detector, rng = make_detector("yunet"), np.random.default_rng(16)
    looks = {path.name: sitting(path, detector, rng) for path in sitters_photos()}
    looks = {name: frames for name, frames in looks.items() if len(frames) >= 2}
    alike = {frozenset(pair) for pair in SAME_PERSON}
    within, between = [], []
    for frames in looks.values():
        within += [difference([a], [b]) for a, b in itertools.combinations(frames, 2)]
    for (one, a), (other, b) in itertools.combinations(looks.items(), 2):
        if frozenset((one, other)) not in alike:
            between += [difference([x], [y]) for x in a for y in b]
    print(f"{len(looks)} sitters from the shared photos, {sum(map(len, looks.values()))} frames")
    print(f"look, one sitting:       median {np.median(within):.2f}, 95th percentile "
          f"{np.percentile(within, 95):.2f}, 99th {np.percentile(within, 99):.2f}")
    print(f"look, different people:  1st percentile {np.percentile(between, 1):.2f}, 5th "
          f"{np.percentile(between, 5):.2f}, median {np.median(between):.2f}")
    people = [name for name in looks if not any(name == pair[1] for pair in SAME_PERSON)]
    chooser = random.Random(16)
    print(f"\n{args.days} days of {len(people)} sitters each | missed per 100 sitters | false per 100")
    for day, pauses in DAYS.items():
        missed = false = total = 0
        for _ in range(args.days):
            order = chooser.sample(people, len(people))
            frames, starts, moment = [], set(), 0.0
            for number, name in enumerate(order):
                if number:
                    moment += chooser.uniform(*pauses) if pauses else 0.0
                starts.add(len(frames))
                for look in chooser.sample(looks[name], len(looks[name])):
                    frames.append(SitterFrame(f"{name}:{len(frames)}", moment if pauses else None, look))
                    moment += chooser.uniform(2, 15)
            found = set(found_starts(frames))
            missed, false, total = missed + len(starts - found), false + len(found - starts), total + len(starts)
        print(f"{day:24s} | {100 * missed / total:5.1f} | {100 * false / total:5.1f}")


if __name__ == "__main__":
    main()
