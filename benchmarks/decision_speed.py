"""How long a decision takes to reach the disk, and how long a hostile sidecar takes to
refuse: the figures the tests used to hold to a wall clock.

A key press is on disk (catalog, then sidecars) before the next key is handled, so its
cost is felt on every frame. Measured, each against a baseline timed in the same run:
- a decision on N selected frames of a burst (one catalog transaction, N sidecars),
  against the floor: N files of the same size written atomically (temporary file,
  fsync, rename) — what the sidecars cannot do without;
- the same decision while another program holds the catalog (it waits in memory and
  is saved when the catalog is free), against the same decision on a free catalog;
- reading each kind of hostile or broken sidecar (entity expansion, nesting 100,000
  deep...), against reading a real sidecar.
Goals: well under the 1 s a photographer notices after a key, whatever the sidecar.

Run: .venv/bin/python benchmarks/decision_speed.py [--frames 50] [--repeat 5]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.machine import describe, load_note  # noqa: E402
from shotkind_desktop.core.decisions.catalog import Catalog  # noqa: E402
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper  # noqa: E402
from shotkind_desktop.core.decisions.decisions import PICK, set_flag, set_rating  # noqa: E402
from shotkind_desktop.core.decisions.xmp import read_sidecar  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOAL_SECONDS = 1.0


def burst(folder: Path, frames: int) -> list[str]:
    """`frames` frames of one photo (hard links: one file on disk, as a burst's size)."""
    folder.mkdir()
    source = SHARED / "photos" / "df_img11.jpg"
    names = [f"IMG_{i:04}.jpg" for i in range(frames)]
    first = folder / names[0]
    shutil.copy2(source, first)
    for name in names[1:]:
        os.link(first, folder / name)
    return names


def decide_all(folder: Path, names: list[str], rating: int) -> float:
    keeper = DecisionKeeper(folder, Catalog.open(folder), names)
    started = time.perf_counter()
    keeper.apply(names, lambda d: set_rating(set_flag(d, PICK), rating))
    elapsed = time.perf_counter() - started
    keeper.catalog.close()
    return elapsed


def atomic_floor(folder: Path, count: int, size: int) -> float:
    """`count` files of `size` bytes, each written to a temporary name, synced, renamed."""
    data = b"x" * size
    started = time.perf_counter()
    for i in range(count):
        temporary, final = folder / f".floor-{i}.tmp", folder / f"floor-{i}.xmp"
        with open(temporary, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, final)
    return time.perf_counter() - started


def decide_while_held(folder: Path, names: list[str]) -> float:
    keeper = DecisionKeeper(folder, Catalog.open(folder, exclusive=True), names)
    other = sqlite3.connect(keeper.catalog.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    started = time.perf_counter()
    keeper.apply(names[:2], lambda d: set_rating(d, 2))
    elapsed = time.perf_counter() - started
    assert keeper.waiting() == set(names[:2]), "the decision should wait for the catalog"
    other.execute("COMMIT")
    other.close()
    keeper.writer.finish(10)
    keeper.catalog.close()
    return elapsed


def hostile_sidecars() -> dict[str, bytes]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "core"))
    from test_xmp import hostile_sidecars as made    # the kinds the tests refuse
    return made(SHARED)


def read_time(frame: Path, contents: bytes, repeat: int) -> float:
    frame.with_suffix(".xmp").write_bytes(contents)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        read_sidecar(frame)
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    logging.getLogger("shotkind_desktop.core.decisions.xmp").setLevel(logging.ERROR)   # hostile ones warn
    print(f"machine: {describe()}")
    with tempfile.TemporaryDirectory(prefix="shotkind-decisions-") as temporary:
        root = Path(temporary)
        decided, floors = [], []
        for run in range(args.repeat):
            folder = root / f"burst-{run}"
            names = burst(folder, args.frames)
            decided.append(decide_all(folder, names, 1 + run % 5))
            size = (folder / (names[0].rsplit(".", 1)[0] + ".xmp")).stat().st_size
            floors.append(atomic_floor(folder, args.frames, size))
        decision, floor = statistics.median(decided), statistics.median(floors)
        print(f"decision on {args.frames} frames (catalog + {args.frames} sidecars): median "
              f"{decision:.3f} s of {args.repeat}  (goal < {GOAL_SECONDS:.1f} s)")
        print(f"floor, {args.frames} atomic files of the same size: median {floor:.3f} s; "
              f"ratio {decision / floor:.2f}")

        held, free = [], []
        for run in range(args.repeat):
            folder = root / f"held-{run}"
            names = burst(folder, 2)
            held.append(decide_while_held(folder, names))
            free.append(decide_all(folder, names, 3))
        print(f"decision on 2 frames while another program holds the catalog: median "
              f"{statistics.median(held):.3f} s; on a free catalog {statistics.median(free):.3f} s")

        folder = root / "sidecars"
        names = burst(folder, 1)
        frame = folder / names[0]
        decide_all(folder, names, 4)              # a sidecar as ShotKind writes it
        normal = read_time(frame, frame.with_suffix(".xmp").read_bytes(), args.repeat)
        print(f"reading a real sidecar: best {normal * 1000:.2f} ms")
        for kind, contents in hostile_sidecars().items():
            seconds = read_time(frame, contents, args.repeat)
            print(f"reading a hostile sidecar ({kind}): best {seconds * 1000:.2f} ms; "
                  f"ratio {seconds / normal:.1f}")
    print(load_note())
    return 0


if __name__ == "__main__":
    sys.exit(main())
