"""How the window answers while a card is copied into the open shoot: the GUI thread's
longest waits while new pictures arrive and are analysed (ui/folder_arrivals.py), against
the same window over the same time with nothing arriving.

A photographer starts culling while the rest of the card copies in. Each arriving picture
costs the GUI thread its pairing, its decision from the catalog and sidecars, a row in the
grid and the status bar's counts; its analysis runs in worker processes. A timer asks for
the event loop every 10 ms; each gap past that is time the window could not answer a key.
Figures: the gaps' median, p95 and longest, and the GUI thread's time per arrival batch.
Goal: event loop p95 < 50 ms while analysing (the culling window's goal).

Run: .venv/bin/python benchmarks/card_copy.py [--shoot 400] [--copied 100] [--interval 0.05]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.machine import describe, load_note  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
TICK_MS = 10
GOAL_P95_MS = 50


def gaps_while(app_wait, seconds: float | None = None, until=None) -> list[float]:
    """The event loop's gaps (ms) past each TICK_MS tick, for `seconds` or until `until()`."""
    from PySide6.QtCore import QTimer
    gaps, last = [], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(1000 * (now - last[0]))
        last[0] = now
    timer = QTimer(interval=TICK_MS, timeout=tick)
    timer.start()
    started = time.perf_counter()
    while (seconds is not None and time.perf_counter() - started < seconds) or (until is not None and not until()):
        app_wait(20)
    timer.stop()
    return sorted(gaps)


def spread(gaps: list[float]) -> str:
    return (f"median {statistics.median(gaps):.1f} ms, p95 {gaps[int(len(gaps) * 0.95)]:.1f} ms, "
            f"longest {gaps[-1]:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shoot", type=int, default=400, help="frames in the shoot when it is opened")
    parser.add_argument("--copied", type=int, default=100, help="pictures copied in while it is open")
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between two copied pictures")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])  # noqa: F841 (the window needs one alive)
    from shotkind_desktop.ui.main_window import MainWindow

    print(f"machine: {describe()}")
    photos = sorted((SHARED / "photos").glob("*.jpg"))
    with tempfile.TemporaryDirectory() as temporary:
        os.environ["SHOTKIND_HOME"] = str(Path(temporary) / "home")
        folder = Path(temporary) / "shoot"
        folder.mkdir()
        for n in range(args.shoot):
            shutil.copy2(photos[n % len(photos)], folder / f"IMG_{n:04d}.JPG")
        window = MainWindow(analysis_jobs=2)
        window.show()
        window.open_shoot(folder)
        everything = lambda count: window.model.rowCount() == count and all(   # noqa: E731
            frame.result is not None for frame in window.model.frames())
        gaps_while(QTest.qWait, until=lambda: everything(args.shoot))
        arrivals, handle = window.arrivals, window.arrivals._files_arrived
        batches: list[float] = []

        def timed(items: list) -> None:
            started = time.perf_counter()
            handle(items)
            batches.append(1000 * (time.perf_counter() - started))
        arrivals.watcher.arrived.disconnect(handle)
        arrivals.watcher.arrived.connect(timed)

        def copy() -> None:
            for n in range(args.shoot, args.shoot + args.copied):
                shutil.copy2(photos[n % len(photos)], folder / f"IMG_{n:04d}.JPG")
                time.sleep(args.interval)
        copier = threading.Thread(target=copy)
        started = time.perf_counter()
        copier.start()
        during = gaps_while(QTest.qWait, until=lambda: not copier.is_alive() and everything(args.shoot + args.copied))
        took = time.perf_counter() - started
        load = load_note()
        idle = gaps_while(QTest.qWait, seconds=min(took, 20.0))
        window.close()
    print(f"{args.copied} pictures copied into an open shoot of {args.shoot}, one every {args.interval:g} s: "
          f"all in the grid and analysed after {took:.1f} s ({load})")
    print(f"  event loop while they arrive: {spread(during)}  (goal p95 < {GOAL_P95_MS} ms)")
    print(f"  the same window with nothing arriving: {spread(idle)}")
    print(f"  GUI thread per arrival batch ({len(batches)} batches): median {statistics.median(batches):.1f} ms, "
          f"longest {max(batches):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
