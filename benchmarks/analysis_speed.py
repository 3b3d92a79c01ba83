"""How fast `shotkind analyze` gets through a shoot, against the bare decode floor.

Analysis can never be faster than reading the frames at the working size, so the
baseline is that floor, measured in the same run on the same files: each frame read and
decoded by the fastest decode path there is (OpenCV's libjpeg-turbo with the DCT
reduction `decode_for_analysis` picks, nothing else) in a tight loop on as many threads
as analysis has worker processes. The figure is the real command, `shotkind analyze`
with the default detector, run in a subprocess on a folder holding the first N frames
of the generated 24 MP shoot (hard links, so no new disk), timed from start to exit:
process start, imports and worker start-up are part of what a photographer waits for.
A run of the same command on one frame per worker is timed too: what start-up costs.

Goals (issue 6): at least 0.7 of the floor's frames per second, and at least 15 frames
per second on a 2-core machine.

Run: .venv/bin/python benchmarks/analysis_speed.py [--frames 200] [--jobs 2] [--profile stacks.txt]
(--profile also records the command under py-spy and prints where the time goes.)
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from benchmarks.machine import describe, load_note  # noqa: E402
from benchmarks.profile_summary import summarise  # noqa: E402
from benchmarks.shoot_generator import make_shoot  # noqa: E402
from shotkind_desktop.core.files.decode import WORKING_MIN_LONG_SIDE, decode_for_analysis  # noqa: E402

GOAL_RATIO, GOAL_FPS = 0.7, 15.0
REDUCTIONS = ((8, cv2.IMREAD_REDUCED_COLOR_8), (4, cv2.IMREAD_REDUCED_COLOR_4),
              (2, cv2.IMREAD_REDUCED_COLOR_2), (1, cv2.IMREAD_COLOR))


def linked_shoot(paths: list[Path], folder: Path) -> Path:
    """A folder holding exactly `paths`, as hard links (symbolic where that fails)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in paths:
        target = folder / path.name
        try:
            os.link(path, target)
        except OSError:
            target.symlink_to(path)
    return folder


def analyze_command(folder: Path, jobs: int, report: Path) -> list[str]:
    return [sys.executable, "-m", "shotkind_desktop", "analyze", str(folder), "--jobs", str(jobs),
            "--json", str(report)]


def run_analyze(folder: Path, jobs: int, report: Path, wrapper: list[str] = ()) -> float:
    """Seconds `shotkind analyze` takes on `folder`, start to exit."""
    start = time.perf_counter()
    run = subprocess.run([*wrapper, *analyze_command(folder, jobs, report)], cwd=CHECKOUT,
                         capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        raise RuntimeError(f"shotkind analyze failed ({run.returncode}): {run.stderr[-2000:]}")
    return seconds


def floor_flag(path: Path) -> int:
    """The imdecode flag for the reduction decode_for_analysis uses on this file,
    checked against what it really gives."""
    frame = decode_for_analysis(path)
    stored_long_side = max(frame.width, frame.height)
    for factor, flag in REDUCTIONS:
        if factor == 1 or stored_long_side / factor >= WORKING_MIN_LONG_SIDE:
            image = cv2.imdecode(np.fromfile(path, np.uint8), flag | cv2.IMREAD_IGNORE_ORIENTATION)
            if max(image.shape[:2]) != max(frame.image.shape[:2]):
                raise RuntimeError(f"floor decode gives {image.shape}, analysis {frame.image.shape}")
            return flag | cv2.IMREAD_IGNORE_ORIENTATION
    raise AssertionError("unreachable")


def decode_floor(paths: list[Path], threads: int, flag: int) -> float:
    """Seconds to read and decode every file at working size on `threads` threads
    (imdecode releases the GIL, so threads run in parallel)."""
    def decode(path: Path) -> int:
        return cv2.imdecode(np.frombuffer(path.read_bytes(), np.uint8), flag).shape[0]

    cv2.setNumThreads(1)
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(decode, paths))
    return time.perf_counter() - start


def check_report(report: Path, count: int) -> dict[str, int]:
    """The report holds every frame, none failed; returns frames per kind."""
    frames = json.loads(report.read_text())["frames"]
    if len(frames) != count:
        raise RuntimeError(f"the report has {len(frames)} frames, not {count}")
    failed = [f["file"] for f in frames if f.get("error")]
    if failed:
        raise RuntimeError(f"frames failed: {failed[:5]}")
    kinds: dict[str, int] = {}
    for frame in frames:
        kinds[frame["kind"]] = kinds.get(frame["kind"], 0) + 1
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--long-side", type=int, default=6000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cache", type=Path, default=None, help="benchmark shoot cache root")
    parser.add_argument("--profile", type=Path, default=None, metavar="STACKS.txt",
                        help="also record a run under py-spy (collapsed stacks) and summarise it")
    args = parser.parse_args(argv)

    # frame i is the same in every shoot, so the first 200 of the 1,000 cost no new disk
    source = 1000 if args.long_side == 6000 and args.frames <= 1000 else args.frames
    paths = make_shoot(args.cache, source, args.long_side)[:args.frames]
    print(f"ShotKind analysis benchmark: {len(paths)} frames of {args.long_side} px, "
          f"{args.jobs} workers, default detector, `shotkind analyze` in a subprocess")
    print(f"machine: {describe()}")
    with tempfile.TemporaryDirectory(prefix="shotkind-analysis-") as scratch:
        scratch = Path(scratch)
        folder = linked_shoot(paths, scratch / "shoot")
        first = linked_shoot(paths[:args.jobs], scratch / "first")   # one frame per worker
        for path in paths:          # into the page cache, as after copying a card
            path.read_bytes()
        flag = floor_flag(paths[0])
        floor = decode_floor(paths, args.jobs, flag)
        floor_fps = len(paths) / floor
        print(f"bare decode floor: {floor:.1f} s = {floor_fps:.1f} frames/s  ({load_note()})")
        # Byte-compiled, as an installed copy is: with PYTHONDONTWRITEBYTECODE set, an
        # edited checkout would compile its sources again in every process of every run.
        compileall.compile_dir(CHECKOUT / "shotkind_desktop", quiet=1)
        startup = run_analyze(first, args.jobs, scratch / "first.json")
        seconds = run_analyze(folder, args.jobs, scratch / "report.json")
        fps = len(paths) / seconds
        kinds = check_report(scratch / "report.json", len(paths))
        print(f"shotkind analyze: {seconds:.1f} s = {fps:.1f} frames/s  ({load_note()}; "
              f"{', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))})")
        print(f"start-up (same command on {args.jobs} frames, one per worker): {startup:.1f} s; "
              f"without it {(len(paths) - args.jobs) / max(1e-9, seconds - startup):.1f} frames/s")
        print(f"ratio to the decode floor: {fps / floor_fps:.2f}  (goal >= {GOAL_RATIO}); "
              f"frames/s {fps:.1f}  (goal >= {GOAL_FPS:.0f} on 2 cores)")
        if args.profile:
            profile(folder, args.jobs, scratch / "profiled.json", args.profile)
    return 0


def profile(folder: Path, jobs: int, report: Path, output: Path) -> None:
    """The same command under py-spy (every process, on-CPU samples): collapsed stacks
    in `output` (flamegraph.pl or speedscope draw them) and a summary printed."""
    spy = Path(sys.executable).with_name("py-spy")
    run_analyze(folder, jobs, report, [str(spy), "record", "--subprocesses", "--rate", "250",
                                       "--format", "raw", "-o", str(output), "--"])
    print(f"profile ({output}): where the CPU time goes, share of on-CPU samples")
    print(summarise(output.read_text()))

if __name__ == "__main__":
    sys.exit(main())
