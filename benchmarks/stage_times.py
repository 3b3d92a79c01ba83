"""Where a frame's analysis time goes, stage by stage, on one core.

Each frame of the generated 24 MP benchmark shoot (the same frames analysis_speed.py
uses) goes through the engine's stages exactly as `analyze_frame` runs them — decode,
face detection, the main face's mesh and blendshapes, person segmentation, hands, the
measures, the judgement and the focus on the eyes — with each stage timed on its own, OpenCV on one thread as
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
from shotkind_desktop.core.judgement.frame_pipeline import finer_pixels  # noqa: E402
from shotkind_desktop.core.files.decode import decode_for_analysis  # noqa: E402
from shotkind_desktop.core.judgement.faces import make_detector  # noqa: E402
from shotkind_desktop.core.judgement.measures import measure_frame  # noqa: E402
from shotkind_desktop.core.judgement.perception import perceive  # noqa: E402
from shotkind_desktop.core.judgement.scoring import judge  # noqa: E402

STAGES = ("decode", "detect", "mesh", "segment", "hands", "measures", "judge")
# "measures" holds focus on the eyes since it became a measure (it was timed after "judge")
# "perceive" is timed whole too: what it costs beyond its models (bars, the 480 px copy)
# shows as its total less theirs.


def timed(times: dict, stage: str, work):
    start = time.perf_counter()
    value = work()
    times.setdefault(stage, []).append(1000 * (time.perf_counter() - start))
    return value


def one_frame(path: Path, detector, times: dict) -> None:
    """The frame through analyze_frame's stages; perception times its own models."""
    frame = timed(times, "decode", lambda: decode_for_analysis(path))
    models: dict[str, float] = {}
    seen = timed(times, "perceive", lambda: perceive(frame.image, detector, models))
    for stage, milliseconds in models.items():
        times.setdefault(stage, []).append(milliseconds)
    finer = finer_pixels(frame, seen)
    measures = timed(times, "measures", lambda: measure_frame(seen, finer))
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
    models = sum(statistics.fmean(times[s]) * len(times[s]) / len(paths)
                 for s in ("detect", "mesh", "segment", "hands") if s in times)
    rest = statistics.fmean(times["perceive"]) - models
    total += rest
    print(f"{'the rest of perception (bars, the 480 px copy)':48s} mean {rest:.1f} ms")
    decode = statistics.fmean(times["decode"])
    print(f"all stages: {total:.1f} ms a frame on one core = {1000 / total:.1f} frames/s a core; "
          f"decode alone {decode:.1f} ms: analysis costs {total / decode:.2f}x the decode  ({load_note()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
