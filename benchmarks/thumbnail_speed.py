"""All the grid thumbnails of a 1,000-frame shoot from a cold cache, against vipsthumbnail.

libvips is the reference for fast thumbnails (shrink-on-load JPEG decoding, a demand-
driven pipeline), so the baseline is Debian's `vipsthumbnail` making the same thumbnails
of the same files in the same run: 384 px on the long side, turned upright by the EXIF
orientation, JPEG quality 85, as ShotKind caches them. vips gets the same number of
cores: one `vipsthumbnail` process per core, each with VIPS_CONCURRENCY=1 and its share
of the files (faster on these files than one process with a thread per core).

ShotKind's figure is its own path, not a re-implementation: a `ThumbnailLoader` (the
grid's loader, on its default pool of one thread per core) with an empty catalog, from
start() until every frame's real thumbnail is made, encoded, saved in the catalog and
delivered as a QImage (Qt offscreen, no window). The bare `decode_preview` of the same
files on the same threads is printed too, to show how much of the time is decoding.
Files are read once beforehand, so both sides read them from the OS page cache, as
after copying a card.

Goal (issue 6): ShotKind at least 0.8 of vips' throughput.

Run: .venv/bin/python benchmarks/thumbnail_speed.py [--frames 1000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.machine import describe, load_note  # noqa: E402
from benchmarks.shoot_generator import make_shoot  # noqa: E402
from shotkind_desktop.core.decisions.catalog import Catalog, FileIdentity  # noqa: E402
from shotkind_desktop.core.files.pairing import FrameFiles  # noqa: E402
from shotkind_desktop.core.files.previews import (THUMBNAIL_LONG_SIDE, THUMBNAIL_QUALITY,  # noqa: E402
                                            decode_preview)
from shotkind_desktop.core.shoot import Frame  # noqa: E402
from shotkind_desktop.ui.thumbnail_loader import ThumbnailLoader  # noqa: E402

GOAL_RATIO = 0.8


def vips_thumbnails(paths: list[Path], out: Path, processes: int) -> float:
    """Seconds for `processes` vipsthumbnail processes to make every thumbnail."""
    tool = shutil.which("vipsthumbnail")
    if tool is None:
        raise SystemExit("vipsthumbnail not found: apt-get install libvips-tools "
                         "(scripts/setup.sh --test does)")
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "VIPS_CONCURRENCY": "1"}
    target = f"{out}/%s.jpg[Q={THUMBNAIL_QUALITY}]"
    start = time.perf_counter()
    running = [subprocess.Popen([tool, "-s", str(THUMBNAIL_LONG_SIDE), "-o", target,
                                 *map(str, paths[share::processes])], env=env,
                                stderr=subprocess.PIPE, text=True)
               for share in range(processes)]
    failures = [p.communicate()[1] for p in running if p.wait() != 0]
    seconds = time.perf_counter() - start
    if failures:
        raise RuntimeError(f"vipsthumbnail failed: {failures[0][-1000:]}")
    made = len(list(out.glob("*.jpg")))
    if made != len(paths):
        raise RuntimeError(f"vipsthumbnail made {made} thumbnails, not {len(paths)}")
    return seconds


def loader_thumbnails(app: QApplication, paths: list[Path], catalog: Catalog,
                      timeout: float = 3600) -> tuple[float, int, dict[str, tuple[int, int]]]:
    """Seconds until a fresh ThumbnailLoader has every real thumbnail; its thread count;
    the size of each thumbnail delivered."""
    folder = paths[0].parent
    frames = [Frame(p.name, FrameFiles(p), order, FileIdentity.of(p)) for order, p in enumerate(paths)]
    loader = ThumbnailLoader()
    sizes: dict[str, tuple[int, int]] = {}
    failed: list[str] = []
    done = [0]
    loader.ready.connect(lambda name, image: sizes.__setitem__(name, (image.width(), image.height())))
    loader.failed.connect(lambda name, message: failed.append(f"{name}: {message}"))
    loader.progress.connect(lambda count, total: done.__setitem__(0, count))
    start = time.perf_counter()
    loader.start(catalog, frames)
    while done[0] < len(frames) or loader.is_busy():
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{done[0]} of {len(frames)} thumbnails in {timeout:.0f} s")
        app.processEvents()
        time.sleep(0.001)
    seconds = time.perf_counter() - start
    app.processEvents()
    if failed:
        raise RuntimeError(f"thumbnails failed in {folder}: {failed[:3]}")
    return seconds, loader.pool.threads, sizes


def decode_floor(paths: list[Path], threads: int) -> float:
    """Seconds for decode_preview alone on the same threads."""
    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda p: decode_preview(p, THUMBNAIL_LONG_SIDE), paths))
    return time.perf_counter() - start


def check_sizes(sizes: dict[str, tuple[int, int]], vips_out: Path) -> None:
    """Both made the same thumbnails: same upright size (to a pixel of rounding)."""
    from PIL import Image

    for name, (width, height) in list(sizes.items())[:20]:
        with Image.open(vips_out / f"{Path(name).stem}.jpg") as vips:
            if abs(vips.width - width) > 1 or abs(vips.height - height) > 1:
                raise RuntimeError(f"{name}: ShotKind {width}x{height}, vips {vips.size}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=1000)
    parser.add_argument("--long-side", type=int, default=6000)
    parser.add_argument("--cache", type=Path, default=None, help="benchmark shoot cache root")
    args = parser.parse_args(argv)

    paths = make_shoot(args.cache, args.frames, args.long_side)
    app = QApplication.instance() or QApplication([])
    print(f"ShotKind thumbnail benchmark: {len(paths)} frames of {args.long_side} px, "
          f"thumbnails of {THUMBNAIL_LONG_SIDE} px, cold cache")
    print(f"machine: {describe()}")
    for path in paths:       # into the page cache for both sides
        path.read_bytes()
    with tempfile.TemporaryDirectory(prefix="shotkind-thumbnails-") as scratch:
        scratch = Path(scratch)
        catalog = Catalog(scratch / "catalog.sqlite")     # empty: a cold thumbnail cache
        try:
            ours, threads, sizes = loader_thumbnails(app, paths, catalog)
        finally:
            catalog.close()
        ours_fps = len(paths) / ours
        print(f"ShotKind ThumbnailLoader: {ours:.1f} s = {ours_fps:.1f} frames/s on {threads} "
              f"threads  ({load_note()})")
        vips = vips_thumbnails(paths, scratch / "vips", threads)
        vips_fps = len(paths) / vips
        print(f"vipsthumbnail: {vips:.1f} s = {vips_fps:.1f} frames/s, {threads} processes  "
              f"({load_note()})")
        check_sizes(sizes, scratch / "vips")
    floor = decode_floor(paths, threads)
    print(f"decode_preview alone: {floor:.1f} s = {len(paths) / floor:.1f} frames/s  ({load_note()})")
    print(f"ratio to vips: {ours_fps / vips_fps:.2f}  (goal >= {GOAL_RATIO})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
