"""Pictures from camera RAW files: ShotKind's preview path against LibRaw's half-size decode.

A RAW file carries a JPEG preview the camera rendered; taking it costs a file read and
a small JPEG decode, where demosaicing the sensor data costs seconds on a 24 MP file.
ShotKind's grid thumbnail and analysis picture come from `decode_frame` (the embedded
preview when it is big enough, else a half-size demosaic); the baseline, timed in the
same run on the same files, is what a viewer without that shortcut does: LibRaw's
half-size decode (rawpy `postprocess(half_size=True)`, camera white balance, 8 bits).
Each file is done `--repeat` times on one thread, after one untimed warm-up.

The RAW samples in ../shared/raw are what could be found outside Git LFS (see their
SOURCES.md): a linear DNG of 1224 × 816 with a 59 KB preview, and a 4128 × 2176 cinema
DNG with no preview at all, so neither is a typical camera file; per-file figures say
which path each took.

Run: .venv/bin/python benchmarks/raw_speed.py [--repeat 10] [--raw ../shared/raw]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path
from typing import Callable

CHECKOUT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(CHECKOUT))

import cv2  # noqa: E402
import rawpy  # noqa: E402

from benchmarks.machine import describe, load_note  # noqa: E402
from shotkind_desktop.core.files import filetypes  # noqa: E402
from shotkind_desktop.core.files.decode import decode_for_analysis  # noqa: E402
from shotkind_desktop.core.files.previews import THUMBNAIL_LONG_SIDE, decode_preview  # noqa: E402

RAW_FOLDER = CHECKOUT.parent / "shared" / "raw"


def libraw_half_size(path: Path):
    """The baseline: a half-size demosaic of the whole sensor."""
    with rawpy.imread(io.BytesIO(path.read_bytes())) as raw:
        return raw.postprocess(half_size=True, use_camera_wb=True, output_bps=8)


def embedded_preview(path: Path):
    """The camera's preview as stored (bytes or bitmap), None without one: the cheapest
    thing a RAW file offers."""
    with rawpy.imread(io.BytesIO(path.read_bytes())) as raw:
        try:
            return raw.extract_thumb().data
        except (rawpy.LibRawNoThumbnailError, rawpy.LibRawUnsupportedThumbnailError):
            return None


WAYS: dict[str, Callable[[Path], object]] = {
    f"ShotKind grid thumbnail (decode_preview, {THUMBNAIL_LONG_SIDE} px)":
        lambda p: decode_preview(p, THUMBNAIL_LONG_SIDE),
    "ShotKind analysis picture (decode_for_analysis)": decode_for_analysis,
    "embedded preview bytes alone (rawpy extract_thumb)": embedded_preview,
    "baseline: LibRaw half-size decode": libraw_half_size,
}


def per_second(way: Callable[[Path], object], paths: list[Path], repeat: int) -> tuple[float, dict]:
    """Frames per second over every file `repeat` times, and seconds per frame by file
    (None for a file the way gives nothing for: it does not count in frames per second)."""
    each: dict[str, float | None] = {}
    for path in paths:
        if way(path) is None:                      # warm-up: imports, page cache
            each[path.name] = None
            continue
        start = time.perf_counter()
        for _ in range(repeat):
            way(path)
        each[path.name] = (time.perf_counter() - start) / repeat
    timed = [seconds for seconds in each.values() if seconds is not None]
    return (len(timed) / sum(timed) if timed else 0.0), each


def what_it_took(path: Path) -> str:
    """Which way ShotKind's decode went for this file."""
    with rawpy.imread(str(path)) as raw:
        size = f"{raw.sizes.width}x{raw.sizes.height}"
        try:
            thumb = raw.extract_thumb()
            preview = f"{thumb.format.name} preview of {len(thumb.data) // 1024} KB" \
                if thumb.format == rawpy.ThumbFormat.JPEG else f"{thumb.format.name} preview"
        except (rawpy.LibRawNoThumbnailError, rawpy.LibRawUnsupportedThumbnailError):
            preview = "no preview"
    picture = decode_for_analysis(path).image
    return f"{path.name}: sensor {size}, {preview}; analysis picture {picture.shape[1]}x{picture.shape[0]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=RAW_FOLDER, help="folder of RAW files")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    cv2.setNumThreads(1)
    paths = sorted(p for p in args.raw.iterdir() if filetypes.is_raw(p))
    if not paths:
        raise SystemExit(f"no RAW files in {args.raw}")
    print(f"ShotKind RAW benchmark: {len(paths)} files from {args.raw}, one thread, "
          f"{args.repeat} times each")
    print(f"machine: {describe()}, LibRaw {'.'.join(map(str, rawpy.libraw_version))}")
    for path in paths:
        print(f"  {what_it_took(path)}")
    figures = {name: per_second(way, paths, args.repeat) for name, way in WAYS.items()}
    _, baseline = figures["baseline: LibRaw half-size decode"]
    for name, (fps, each) in figures.items():
        files = ", ".join(f"{file} nothing" if seconds is None else
                          f"{file} {1000 * seconds:.1f} ms = {baseline[file] / seconds:.1f}x"
                          for file, seconds in each.items())
        timed = [file for file, seconds in each.items() if seconds is not None]
        speedup = sum(baseline[f] for f in timed) / max(1e-12, sum(each[f] for f in timed))
        print(f"{name}: {fps:.1f} frames/s, {speedup:.1f}x the baseline's speed on the same "
              f"files (per file: {files})")
    print(f"({load_note()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
