"""Peak memory of the app with a 5,000-frame shoot open and analysed, at two frame sizes.

A week's shoot can hold thousands of frames, and the app must not grow with them, nor
with the camera's megapixels: thumbnails are kept at grid size, analysis works at a
fixed working size, and results are small records. This opens the shoot in the real
main window (Qt offscreen) with a cold catalog and waits until every frame has its
thumbnail and its analysis, in a fresh subprocess per frame size, which reads its own
peak resident memory (VmHWM in /proc/self/status; no psutil) and, for the analysis
worker processes once they have ended, getrusage(RUSAGE_CHILDREN).ru_maxrss (the
largest of them). Frames are small so a run takes minutes, not hours (5,000 frames of
long side 600, and 1200 for the second size); the baseline is the same window with an
empty folder, measured the same way, so the figure shows what the shoot itself costs.

Goals (issue 6): under 1.5 GB, and growing less than linearly with frame size.

Run: .venv/bin/python benchmarks/memory.py [--frames 5000] [--sizes 600 1200]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

from benchmarks.machine import describe, load_note  # noqa: E402

GOAL_BYTES = 1.5 * 1024 ** 3


def status_bytes(field: str) -> int:
    """A memory figure of this process from /proc/self/status (VmHWM, VmRSS), in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def child(folder: Path, timeout: float) -> dict:
    """In the subprocess: open `folder` in the window, wait for every thumbnail and
    result, and report memory."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from shotkind_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(analysis_jobs=os.cpu_count() or 1)
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    shutil.rmtree(folder / ".shotkind", ignore_errors=True)    # cold: nothing cached
    finished = []
    window.analysis_finished.connect(lambda: finished.append(True))
    start = time.perf_counter()
    window.open_shoot(folder)
    model = window.model
    frames = model.frames()

    def complete() -> bool:
        if not frames:
            return not window.session.thumbnails.is_busy()
        return bool(finished) and not window.session.thumbnails.is_busy() and not window.session.analysing() \
            and window.session.thumbnails.all_done() and all(f.result is not None for f in frames)

    while not complete():
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"not analysed in {timeout:.0f} s")
        app.processEvents()
        time.sleep(0.002)
    seconds = time.perf_counter() - start
    window.session.analysis.wait(30)
    report = {"frames": len(frames), "seconds": seconds, "peak": status_bytes("VmHWM"),
              "rss": status_bytes("VmRSS"),
              "workers_peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
              "errors": sum(1 for f in frames if f.result is not None and f.result.error)}
    window.close()
    return report


def measure(folder: Path, timeout: float) -> dict:
    """The child's report for `folder`, run in a fresh interpreter."""
    run = subprocess.run([sys.executable, __file__, "--child", str(folder), "--timeout", str(timeout)],
                         capture_output=True, text=True, cwd=CHECKOUT,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    if run.returncode != 0:
        raise RuntimeError(f"memory run on {folder} failed: {run.stderr[-2000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def mb(value: float) -> str:
    return f"{value / 1024 ** 2:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=5000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[600, 1200], help="long sides")
    parser.add_argument("--cache", type=Path, default=None, help="benchmark shoot cache root")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.timeout)))
        return 0

    from benchmarks.shoot_generator import make_shoot

    print(f"ShotKind memory benchmark: {args.frames} frames at long sides "
          f"{', '.join(map(str, args.sizes))}, window offscreen, cold catalog")
    print(f"machine: {describe()}")
    with tempfile.TemporaryDirectory(prefix="shotkind-memory-") as empty:
        baseline = measure(Path(empty), args.timeout)
    print(f"empty window (baseline): peak {mb(baseline['peak'])}")
    peaks = {}
    for size in args.sizes:
        folder = make_shoot(args.cache, args.frames, size)[0].parent
        report = measure(folder, args.timeout)
        if report["frames"] != args.frames or report["errors"]:
            raise RuntimeError(f"{folder}: {report}")
        peaks[size] = report["peak"]
        print(f"{args.frames} frames of {size} px open and analysed: peak {mb(report['peak'])} "
              f"(goal < {mb(GOAL_BYTES)}), {mb(report['peak'] - baseline['peak'])} over the empty "
              f"window; resident at the end {mb(report['rss'])}; largest analysis worker "
              f"{mb(report['workers_peak'])}; {report['seconds']:.0f} s  ({load_note()})")
    sizes = sorted(peaks)
    for small, big in zip(sizes, sizes[1:]):
        pixels = (big / small) ** 2
        growth = (peaks[big] - baseline["peak"]) / max(1, peaks[small] - baseline["peak"])
        print(f"growth from {small} to {big} px: frame pixels x{pixels:.1f}, peak x"
              f"{peaks[big] / peaks[small]:.2f}, above the empty window x{growth:.2f} "
              f"({'less' if growth < pixels else 'NOT less'} than linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
