"""Live session latency: from a frame's file being complete in the folder to its verdict
on screen, measured in the real main window (offscreen) while the rest of a 1,000-frame
shoot is open.

The shoot is the generated one (benchmarks/shoot_generator.py, 24 MP camera JPEGs): its
first 950 frames are the day so far, linked into a folder of their own; the last 50 are
then written into that folder one every `--interval` seconds the way tether software
writes them, in chunks under a temporary name, renamed into place. "Complete" is the
moment of the rename; "shown" is when the banner has painted the frame's verdict. The
time between is split into the watch (complete -> the window knows), analysis (-> the
worker's result handed over) and showing (-> in the window and painted). The time until
the frame's picture is decoded for the loupe is printed too: it waits for the verdict
(live_session.py says why).

The baseline, measured in the same run on the same 50 files: the bare engine in one
warm process (decode + analysis of each file, nothing else running), so the ratio says
what the live path costs on top of the analysis it cannot avoid.

`--backlog`: the 950 frames are opened with a cold catalog, so they are analysed (and
their thumbnails made) while the new frames arrive: the worst case, not the usual one
(a day's frames are analysed as they come). `--raw`: each new frame is a RAW with an
embedded full-size preview (`raw_with_preview`, below: the real Canon DNG from
../shared/raw with the frame as its preview, padded to a 24 MP RAW's 25 MB), the case
the 3 s goal is for.

Run: .venv/bin/python -u benchmarks/live.py [--frames 50] [--shoot 1000] [--interval 2] [--backlog] [--raw]
(the 1,000-frame shoot of 24 MP frames takes 8 GB in the cache; --long-side 600 for a quick try)
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import struct
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

from PIL import Image  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.machine import describe, load_note  # noqa: E402
from benchmarks.shoot_generator import make_shoot, shoot_folder  # noqa: E402
from benchmarks.ui import wait_until  # noqa: E402
from shotkind_desktop.core.judgement.shoot_pool import analyze_in_worker, start_worker  # noqa: E402
from shotkind_desktop.core.decisions.catalog import CATALOG_FOLDER  # noqa: E402
from shotkind_desktop.ui.main_window import MainWindow  # noqa: E402
from shotkind_desktop.ui.theme import apply_theme  # noqa: E402

RAW_SAMPLE = CHECKOUT.parent / "shared" / "raw" / "canon_eos_6d.dng"
RAW_BYTES = 25_000_000          # a 24 MP camera's RAW file
CHUNK = 1024 * 1024
GOALS = {False: 1.5, True: 3.0}  # seconds: JPEG, RAW with an embedded preview


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def raw_with_preview(jpeg: bytes, sample: Path = RAW_SAMPLE) -> bytes:
    """A DNG LibRaw reads as a RAW whose embedded preview is `jpeg`: the sample DNG with
    its preview's tags (size, offset, length) pointed at `jpeg`, appended after padding
    that brings the file to RAW_BYTES (read like a real RAW's sensor data, never decoded)."""
    data = bytearray(sample.read_bytes())
    order = "<" if data[:2] == b"II" else ">"

    def entries(offset: int) -> dict[int, int]:
        count = struct.unpack_from(order + "H", data, offset)[0]
        return {struct.unpack_from(order + "H", data, offset + 2 + 12 * i)[0]: offset + 2 + 12 * i
                for i in range(count)}

    first = entries(struct.unpack_from(order + "I", data, 4)[0])
    _, count, where = struct.unpack_from(order + "HII", data, first[330] + 2)       # SubIFDs
    subs = struct.unpack_from(order + f"{count}I", data, where) if count > 1 else (where,)
    preview = next(e for e in map(entries, subs)
                   if struct.unpack_from(order + "I", data, e[254] + 8)[0] == 1)   # NewSubFileType: preview
    width, height = Image.open(io.BytesIO(jpeg)).size
    padding = max(0, RAW_BYTES - len(data) - len(jpeg))
    for tag, value in ((256, width), (257, height), (273, len(data) + padding), (279, len(jpeg))):
        struct.pack_into(order + "I", data, preview[tag] + 8, value)
    return bytes(data) + bytes(padding) + jpeg


def write_like_tether_software(data: bytes, target: Path) -> float:
    """In chunks under a temporary name, then renamed: returns the moment it is complete."""
    temporary = target.with_name(f".{target.name}.part")
    with open(temporary, "wb") as handle:
        for start in range(0, len(data), CHUNK):
            handle.write(data[start:start + CHUNK])
    os.replace(temporary, target)
    return time.perf_counter()


def prepare(cache: Path | None, shoot: int, arriving: int, long_side: int,
            backlog: bool) -> tuple[Path, list[Path]]:
    """The day so far linked into a folder of its own; the frames still to come."""
    paths = make_shoot(cache, shoot, long_side)
    folder = shoot_folder(cache, shoot, long_side).with_name(
        f"live-bench-{shoot - arriving}of{shoot}x{long_side}")
    folder.mkdir(exist_ok=True)
    for path in paths[:shoot - arriving]:
        if not (folder / path.name).exists():
            try:
                os.link(path, folder / path.name)
            except OSError:
                shutil.copy2(path, folder / path.name)
    for path in folder.iterdir():       # the frames of an earlier run's live part
        if path.is_file() and path.name not in {p.name for p in paths[:shoot - arriving]}:
            path.unlink()
    if backlog:
        shutil.rmtree(folder / CATALOG_FOLDER, ignore_errors=True)
    return folder, paths[shoot - arriving:]


def analyse_day_so_far(app: QApplication, window: MainWindow, folder: Path) -> None:
    """Once per cache: the 950 frames analysed as a live day would have them."""
    window.open_shoot(folder)
    if window.session.analysing():
        print(f"analysing the day so far ({window.model.rowCount()} frames) once ...", flush=True)
        wait_until(app, lambda: not window.session.analysing(), 3600)
    wait_until(app, lambda: not window.session.thumbnails.is_busy(), 3600)


def baseline(files: list[tuple[str, bytes]], folder: Path) -> list[float]:
    """The bare engine on the same files in this process, warm, one at a time."""
    start_worker("yunet", None, 1, 0, warm=True)
    seconds = []
    for name, data in files:
        path = folder / f".baseline-{name}"
        path.write_bytes(data)
        started = time.perf_counter()
        analyze_in_worker((str(path), name))
        seconds.append(time.perf_counter() - started)
        path.unlink()
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=50, help="frames arriving live")
    parser.add_argument("--shoot", type=int, default=1000, help="frames of the whole shoot")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between frames")
    parser.add_argument("--long-side", type=int, default=6000, help="pixels (600 for a quick try)")
    parser.add_argument("--backlog", action="store_true", help="the day so far not analysed yet")
    parser.add_argument("--raw", action="store_true", help="new frames are RAW with a full-size preview")
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args(argv)

    folder, coming = prepare(args.cache, args.shoot, args.frames, args.long_side, args.backlog)
    suffix = ".DNG" if args.raw else ".JPG"
    files = [(path.with_suffix(suffix).name,
              raw_with_preview(path.read_bytes()) if args.raw else path.read_bytes()) for path in coming]
    cores = os.cpu_count() or 1
    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    window = MainWindow(analysis_jobs=cores)
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    print(f"ShotKind live benchmark: {describe()}")
    megapixels = args.long_side * round(args.long_side * 2 / 3) / 1e6
    kind = "RAW (with a full-size preview)" if args.raw else "JPEG"
    print(f"{len(files)} {megapixels:.2g} MP {kind} frames arriving "
          f"every {args.interval:g} s into a shoot of {args.shoot - args.frames} frames "
          f"({'analysing them meanwhile' if args.backlog else 'analysed'}), {cores} cores")
    if not args.backlog:
        analyse_day_so_far(app, window, folder)

    marks: dict[str, dict[str, float]] = {}
    window.arrivals.watcher.arrived.connect(lambda items: [
        marks.setdefault(item[0].path.name, {}).setdefault("known", time.perf_counter()) for item in items])
    # direct: noted on the analysis thread as it hands the result over, before the window has it
    window.session.analysis.results_ready.connect(lambda results: [
        marks.setdefault(name, {}).setdefault("result", time.perf_counter()) for name in results],
        Qt.ConnectionType.DirectConnection)

    window.workspace.previews.ready.connect(lambda preview: marks.setdefault(preview.name, {}).setdefault(
        "picture", time.perf_counter()) if not preview.full_resolution else None)

    def shown(name: str) -> None:
        if name in marks and "shown" not in marks[name] and "complete" in marks[name]:
            window.live.panel.repaint()
            marks[name]["shown"] = time.perf_counter()
    window.live.verdict_shown.connect(shown)

    opened = time.perf_counter()
    window.open_live(folder)
    wait_until(app, window.session.analysis.workers_ready, 120)
    print(f"live session on {window.model.rowCount()} frames, workers ready after "
          f"{time.perf_counter() - opened:.1f} s", flush=True)
    wait_until(app, lambda: False if time.perf_counter() - opened < 3 else True, 10)   # settle

    for name, data in files:
        marks.setdefault(name, {})["complete"] = write_like_tether_software(data, folder / name)
        wait_until(app, lambda: "shown" in marks[name] and "picture" in marks[name], 60)
        pace = marks[name]["complete"] + args.interval
        wait_until(app, lambda: time.perf_counter() >= pace, args.interval + 1)
    backlog_left = sum(1 for frame in window.model.frames() if frame.result is None)
    window.close()

    latency = [marks[n]["shown"] - marks[n]["complete"] for n, _ in files]
    watch = [marks[n]["known"] - marks[n]["complete"] for n, _ in files]
    analysis = [marks[n]["result"] - marks[n]["known"] for n, _ in files]
    showing = [marks[n]["shown"] - marks[n]["result"] for n, _ in files]
    picture = [marks[n]["picture"] - marks[n]["complete"] for n, _ in files]
    bare = baseline(files, folder)
    goal = GOALS[args.raw]
    print(f"file complete -> verdict shown: p50 {statistics.median(latency):.2f} s, "
          f"p95 {percentile(latency, 0.95):.2f} s, max {max(latency):.2f} s  (goal < {goal:g} s)")
    print("  of which " + "; ".join(
        f"{part}: p50 {statistics.median(values) * 1000:.0f} ms, p95 {percentile(values, 0.95) * 1000:.0f} ms"
        for part, values in (("the watch", watch), ("analysis", analysis), ("showing", showing))))
    print(f"file complete -> its picture in the loupe: p50 {statistics.median(picture):.2f} s, "
          f"p95 {percentile(picture, 0.95):.2f} s")
    print(f"baseline, the bare engine on the same files in one warm process: "
          f"p50 {statistics.median(bare):.2f} s, p95 {percentile(bare, 0.95):.2f} s; "
          f"live / bare: p50 {statistics.median(latency) / statistics.median(bare):.1f}x, "
          f"p95 {percentile(latency, 0.95) / percentile(bare, 0.95):.1f}x")
    if args.backlog:
        print(f"frames of the day so far still waiting for analysis at the end: {backlog_left}")
    print(load_note())
    return 0


if __name__ == "__main__":
    sys.exit(main())
