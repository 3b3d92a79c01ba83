"""Where a frame's analysis time goes, stage by stage, on one core.

Each frame of the generated 24 MP benchmark shoot (the same frames analysis_speed.py
uses) goes through the engine's stages exactly as `analyze_frame` runs them — decode,
face detection, the main face's mesh and blendshapes, person segmentation, hands, the
measures and the judgement — with each stage timed on its own, OpenCV on one thread as
in a worker process. Prints the median and 90th percentile milliseconds per stage and
their sum, against the decode alone, so a slow stage shows as its share of the frame.

Run: .venv/bin/python benchmarks/stage_times.py [--frames 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

import cv2  # noqa: E402

from benchmarks.machine import describe, load_note  # noqa: E402
from benchmarks.shoot_generator import make_shoot  # noqa: E402
from shotkind_desktop.core.analysis import judge_perception  # noqa: E402
from shotkind_desktop.core.decode import decode_for_analysis  # noqa: E402
from shotkind_desktop.core.faces import find_faces, main_face, make_detector, subject_faces  # noqa: E402
from shotkind_desktop.core.measures import measure_frame  # noqa: E402
from shotkind_desktop.core.perception import MASK_LONG_SIDE, Perception  # noqa: E402
from shotkind_desktop.core.perception.bars import without_bars  # noqa: E402
from shotkind_desktop.core.perception.hands import find_hands  # noqa: E402
from shotkind_desktop.core.perception.mesh import measure_mesh  # noqa: E402
from shotkind_desktop.core.perception.person import person_probability  # noqa: E402
from shotkind_desktop.core.resample import shrink  # noqa: E402
from shotkind_desktop.core.scoring import judge  # noqa: E402

STAGES = ("decode", "detect", "mesh", "segment", "hands", "measures", "judge")


def timed(times: dict, stage: str, work):
    start = time.perf_counter()
    value = work()
    times.setdefault(stage, []).append(1000 * (time.perf_counter() - start))
    return value


def one_frame(path: Path, detector, times: dict) -> None:
    frame = timed(times, "decode", lambda: decode_for_analysis(path))
    faces = timed(times, "detect", lambda: find_faces(detector, frame.image))
    image, faces, offset = without_bars(frame.image, faces)
    height, width = image.shape[:2]
    main = main_face(faces, width, height)
    if main is None:
        timed(times, "judge", lambda: judge_perception(Perception(image, faces, None, [], None, None,
                                                                  None, [], offset)))
        return
    mesh = timed(times, "mesh", lambda: measure_mesh(image, main))
    factor = MASK_LONG_SIDE / max(height, width)
    size = (round(width * factor), round(height * factor))
    small = shrink(image, size) if factor < 1 else cv2.resize(image, size)
    person = timed(times, "segment", lambda: person_probability(small, size))
    hands = timed(times, "hands", lambda: find_hands(image, main.box))
    seen = Perception(image, faces, main, subject_faces(faces, main), mesh, person, small, hands, offset)
    measures = timed(times, "measures", lambda: measure_frame(seen))
    timed(times, "judge", lambda: judge(measures))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=40)
    parser.add_argument("--cache", type=Path, default=None, help="benchmark shoot cache root")
    args = parser.parse_args(argv)
    cv2.setNumThreads(1)
    paths = make_shoot(args.cache, 1000, 6000)[:args.frames]
    detector = make_detector()
    print(f"ShotKind stage times: {len(paths)} frames of 6000 px, one thread, default detector")
    print(f"machine: {describe()}")
    one_frame(paths[0], detector, {})          # models loaded once, as in a worker
    times: dict[str, list[float]] = {}
    for path in paths:
        one_frame(path, detector, times)
    print(f"{'stage':10s} {'frames':>6s} {'median ms':>10s} {'p90 ms':>8s} {'mean ms':>8s}")
    total = 0.0
    for stage in STAGES:
        values = times.get(stage, [])
        if not values:
            continue
        mean = statistics.fmean(values) * len(values) / len(paths)   # per analysed frame
        total += mean
        p90 = statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]
        print(f"{stage:10s} {len(values):6d} {statistics.median(values):10.1f} {p90:8.1f} {mean:8.1f}")
    decode = statistics.fmean(times["decode"])
    print(f"all stages: {total:.1f} ms a frame on one core = {1000 / total:.1f} frames/s a core; "
          f"decode alone {decode:.1f} ms: analysis costs {total / decode:.2f}x the decode  ({load_note()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
