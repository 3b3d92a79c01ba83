"""How the culling window feels on a big shoot, measured in the real main window
(offscreen): time to the first visible thumbnails and to all of them, loupe next-frame
latency once prefetched (also with the face close-ups open), and how late the GUI event
loop runs while analysis works.

Each figure is printed with a baseline measured in the same run on the same files:
thumbnails against the bare decode of the same files at the same size on the same
number of threads; next-frame latency against repainting a frame already shown, and with
the close-ups open against the same steps without them (on the wall clock and in CPU
time of the GUI thread and of Qt's image helper threads, which other programs on a shared
machine do not inflate); close-up prefetch against the
bare full-resolution decode of the same files; event loop lateness against the idle
event loop.

Run: .venv/bin/python benchmarks/ui.py [--frames 1000] [--analysis-seconds 30] [--closeup-steps 40]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.machine import describe, load_note  # noqa: E402
from benchmarks.shoot_generator import make_shoot  # noqa: E402
from shotkind_desktop.core.judgement.closeups import closeup_spots  # noqa: E402
from shotkind_desktop.core.files.previews import THUMBNAIL_LONG_SIDE, decode_preview  # noqa: E402
from shotkind_desktop.ui.main_window import MainWindow  # noqa: E402
from shotkind_desktop.ui.theme import apply_theme  # noqa: E402

TICK_MS = 10
QT_HELPER_THREAD = "Thread (pooled)"   # Qt's own pools; ShotKind names its pools after their work


def gui_cpu_ms() -> float:
    """CPU time so far of the GUI thread and of Qt's helper threads, in ms. Qt scales and
    converts large images on helper threads while the GUI thread waits for them, so the
    GUI thread's time alone leaves that work out. Linux (per-thread schedstat); elsewhere
    the GUI thread only."""
    total_ns = 0
    try:
        for task in Path("/proc/self/task").iterdir():
            if task.name == str(threading.get_native_id()) or \
                    (task / "comm").read_text().strip() == QT_HELPER_THREAD:
                total_ns += int((task / "schedstat").read_text().split()[0])
    except OSError:
        return time.thread_time() * 1000
    return total_ns / 1e6


def wait_until(app: QApplication, condition, timeout: float) -> float:
    """Seconds until `condition()` holds, processing events meanwhile."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("condition not met in time")
        app.processEvents()
        time.sleep(0.001)
    return time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def thumbnails(app: QApplication, window: MainWindow, folder: Path) -> dict:
    shutil.rmtree(folder / ".shotkind", ignore_errors=True)   # cold catalog, no thumbnails
    start = time.perf_counter()
    window.open_shoot(folder)
    window.cancel_analysis()     # thumbnails alone here; analysis has its own figure
    model = window.model
    grid = window.workspace.grid
    wait_until(app, lambda: grid.visible_names(), 10)    # the grid's first layout
    visible = grid.visible_names()
    wait_until(app, lambda: all(model.thumbnail(n) is not None for n in visible), 120)
    first = time.perf_counter() - start
    wait_until(app, lambda: not window.session.thumbnails.is_busy(), 3600)
    everything = time.perf_counter() - start
    return {"frames": len(model.frames()), "visible": len(visible),
            "first_visible_s": first, "all_s": everything}


def decode_floor(paths: list[Path], threads: int) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda p: decode_preview(p, THUMBNAIL_LONG_SIDE), paths))
    return time.perf_counter() - start


def timed_step(app: QApplication, workspace, view) -> tuple[float, float] | None:
    """Once the next frame's preview is prefetched, the arrow key to `view` repainted:
    (wall-clock ms, GUI CPU ms); None at the end of the frames."""
    following = workspace.neighbours(workspace.current_frame())
    if not following:
        return None
    wait_until(app, lambda: workspace.previews.cached(following[0].name) is not None, 30)
    timer = QElapsedTimer()
    timer.start()
    started = gui_cpu_ms()
    if not workspace.move(1):
        return None
    view.repaint()
    return timer.nsecsElapsed() / 1e6, gui_cpu_ms() - started


def next_frame_latency(app: QApplication, window: MainWindow, steps: int) -> dict:
    workspace = window.workspace
    window.set_mode("loupe")
    moves, cpu, repaints = [], [], []
    for _ in range(steps):
        if (step := timed_step(app, workspace, workspace.loupe)) is None:
            break
        moves.append(step[0])
        cpu.append(step[1])
        timer = QElapsedTimer()
        timer.start()
        workspace.loupe.repaint()
        repaints.append(timer.nsecsElapsed() / 1e6)
    window.set_mode("grid")
    return {"steps": len(moves), "median_ms": statistics.median(moves),
            "p95_ms": percentile(moves, 0.95), "repaint_median_ms": statistics.median(repaints),
            "repaint_p95_ms": percentile(repaints, 0.95), "cpu_median_ms": statistics.median(cpu),
            "cpu_p95_ms": percentile(cpu, 0.95)}


def compare_latency(app: QApplication, window: MainWindow, steps: int) -> dict:
    """Compare (C): the select stays on the left while the candidate steps on the right,
    each step timed to the repainted view, the next candidate's preview prefetched."""
    workspace = window.workspace
    workspace.select_first()
    window.set_mode("compare")
    moves, cpu = [], []
    for _ in range(steps):
        if (step := timed_step(app, workspace, workspace.compare)) is None:
            break
        moves.append(step[0])
        cpu.append(step[1])
    window.set_mode("grid")
    return {"steps": len(moves), "median_ms": statistics.median(moves), "p95_ms": percentile(moves, 0.95),
            "cpu_median_ms": statistics.median(cpu), "cpu_p95_ms": percentile(cpu, 0.95)}


def closeup_latency(app: QApplication, window: MainWindow, steps: int) -> dict:
    """Loupe next-frame latency with the face close-ups open, against the same steps over
    the same frames with them closed. Close-ups need faces, so the frames stepped through
    are analysed first. Each step waits until the next frame's preview and close-ups are
    in (prefetched), then times the move to the repaint of the loupe and the close-ups,
    on the wall clock and in CPU time of the GUI thread and Qt's helpers (which a busy
    shared machine does not inflate); how long that prefetch took after arriving on a frame is reported too,
    with the bare full-resolution decode of the same files as its floor."""
    workspace = window.workspace
    frames = window.model.frames()[:steps + 1 + 2]
    window.session.analysis.start(window.session.catalog, frames)
    wait_until(app, lambda: all(f.result is not None for f in frames), 600)
    window.session.analysis.cancel()

    def ready(frame) -> bool:
        return workspace.previews.cached(frame.name) is not None and (
            not closeup_spots(frame.result) or workspace.closeup_loader.cached(frame) is not None)

    def step_through(closeups: bool) -> tuple[list[float], list[float], list[float]]:
        workspace.select_first()
        window.actions_by_name["closeups"].setChecked(closeups)
        window.set_mode("loupe")
        moves, cpu, prefetch = [], [], []
        for _ in range(steps):
            following = workspace.neighbours(workspace.current_frame())
            if not following:
                break
            arrived = time.perf_counter()
            wait_until(app, lambda: ready(following[0]) if closeups else
                       workspace.previews.cached(following[0].name) is not None, 60)
            prefetch.append((time.perf_counter() - arrived) * 1000)
            timer = QElapsedTimer()
            timer.start()
            started = gui_cpu_ms()
            workspace.move(1)
            workspace.loupe.repaint()
            if closeups:
                workspace.closeups.repaint()
            moves.append(timer.nsecsElapsed() / 1e6)
            cpu.append(gui_cpu_ms() - started)
        window.set_mode("grid")
        return moves, cpu, prefetch

    plain, plain_cpu, _ = step_through(False)
    moves, cpu, prefetch = step_through(True)
    window.actions_by_name["closeups"].setChecked(False)
    faces = sum(1 for f in frames[1:] if closeup_spots(f.result))
    start = time.perf_counter()
    for frame in frames[1:]:
        decode_preview(frame.path, None)
    decode_ms = (time.perf_counter() - start) * 1000 / len(frames[1:])
    return {"steps": len(moves), "with_faces": faces, "median_ms": statistics.median(moves),
            "p95_ms": percentile(moves, 0.95), "plain_median_ms": statistics.median(plain),
            "plain_p95_ms": percentile(plain, 0.95), "cpu_median_ms": statistics.median(cpu),
            "cpu_p95_ms": percentile(cpu, 0.95), "plain_cpu_median_ms": statistics.median(plain_cpu),
            "plain_cpu_p95_ms": percentile(plain_cpu, 0.95), "prefetch_median_ms": statistics.median(prefetch),
            "prefetch_p95_ms": percentile(prefetch, 0.95), "full_decode_ms": decode_ms}


def loop_lateness(app: QApplication, seconds: float, busy) -> list[float]:
    """How late a 10 ms timer fires, in ms, for `seconds` (or until busy() is False)."""
    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    expected = [TICK_MS]

    def tick():
        now = clock.elapsed()
        lateness.append(max(0.0, now - expected[0]))
        expected[0] = now + TICK_MS

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end and busy():
        app.processEvents()
        time.sleep(0.0005)
    timer.stop()
    return lateness


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=1000)
    parser.add_argument("--long-side", type=int, default=6000)
    parser.add_argument("--steps", type=int, default=60, help="loupe next-frame steps")
    parser.add_argument("--closeup-steps", type=int, default=40,
                        help="loupe next-frame steps with the face close-ups open")
    parser.add_argument("--analysis-seconds", type=float, default=30)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)

    folder = make_shoot(args.cache, args.frames, args.long_side)[0].parent
    paths = sorted(p for p in folder.iterdir() if p.suffix.upper() == ".JPG")
    cores = os.cpu_count() or 1
    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    window = MainWindow(analysis_jobs=cores)
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    print(f"ShotKind UI benchmark: {len(paths)} frames of {args.long_side} px, {cores} cores, "
          f"Qt offscreen, {time.strftime('%Y-%m-%d')}")
    print(f"machine: {describe()}")

    figures = thumbnails(app, window, folder)
    floor = decode_floor(paths, window.session.thumbnails.pool.threads)
    print(f"first visible thumbnails ({figures['visible']}): {figures['first_visible_s']:.2f} s  (goal < 1 s)")
    print(f"all thumbnails: {figures['all_s']:.1f} s = {figures['frames'] / figures['all_s']:.1f} frames/s; "
          f"bare decode floor {len(paths) / floor:.1f} frames/s; ratio {floor / figures['all_s']:.2f}")

    latency = next_frame_latency(app, window, min(args.steps, len(paths) - 1))
    print(f"loupe next frame (prefetched, {latency['steps']} steps): median {latency['median_ms']:.1f} ms, "
          f"p95 {latency['p95_ms']:.1f} ms  (goal p95 < 50 ms); repaint of the same frame: "
          f"median {latency['repaint_median_ms']:.1f} ms, p95 {latency['repaint_p95_ms']:.1f} ms; "
          f"GUI CPU per step median {latency['cpu_median_ms']:.1f} ms, p95 {latency['cpu_p95_ms']:.1f} ms  "
          f"({load_note()})")

    compared = compare_latency(app, window, min(args.steps, len(paths) - 2))
    print(f"compare, next candidate (prefetched, {compared['steps']} steps): median "
          f"{compared['median_ms']:.1f} ms, p95 {compared['p95_ms']:.1f} ms  (the loupe's goal: p95 < 50 ms); "
          f"GUI CPU per step median {compared['cpu_median_ms']:.1f} ms, p95 {compared['cpu_p95_ms']:.1f} ms  "
          f"({load_note()})")

    closeups = closeup_latency(app, window, min(args.closeup_steps, len(paths) - 3))
    print(f"loupe next frame with the face close-ups open (prefetched, {closeups['steps']} steps, "
          f"{closeups['with_faces']} frames with faces): median {closeups['median_ms']:.1f} ms, "
          f"p95 {closeups['p95_ms']:.1f} ms  (goal p95 < 50 ms); the same steps without them: "
          f"median {closeups['plain_median_ms']:.1f} ms, p95 {closeups['plain_p95_ms']:.1f} ms; "
          f"ratio of p95s {closeups['p95_ms'] / closeups['plain_p95_ms']:.2f}  ({load_note()}); "
          f"GUI CPU per step p95 {closeups['cpu_p95_ms']:.1f} ms, without them "
          f"{closeups['plain_cpu_p95_ms']:.1f} ms; median {closeups['cpu_median_ms']:.1f} ms, without them "
          f"{closeups['plain_cpu_median_ms']:.1f} ms; ratio of CPU p95s "
          f"{closeups['cpu_p95_ms'] / closeups['plain_cpu_p95_ms']:.2f}")
    print(f"close-ups and preview of the next frame ready after arriving on a frame: median "
          f"{closeups['prefetch_median_ms']:.0f} ms, p95 {closeups['prefetch_p95_ms']:.0f} ms; "
          f"bare full-resolution decode of one of these files {closeups['full_decode_ms']:.0f} ms")

    idle = loop_lateness(app, 3, lambda: True)
    window.session.analysis.start(window.session.catalog, window.model.frames())
    wait_until(app, lambda: window.session.analysis.is_running(), 10)
    busy = loop_lateness(app, args.analysis_seconds, window.session.analysis.is_running)
    analysed = sum(1 for f in window.model.frames() if f.result is not None)
    window.session.analysis.cancel()
    print(f"event loop lateness during analysis ({analysed} frames analysed in "
          f"{args.analysis_seconds:.0f} s): median {statistics.median(busy):.1f} ms, "
          f"p95 {percentile(busy, 0.95):.1f} ms, max {max(busy):.0f} ms  (goal p95 < 50 ms); "
          f"idle: p95 {percentile(idle, 0.95):.1f} ms")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
