"""Big, realistic benchmark shoots made from the real photos in ../shared/photos.

The speed benchmarks need what a photographer brings home: hundreds of 24-megapixel
camera JPEGs (6000 × 4000, quality 92, 4:2:0) with EXIF, vertical frames stored sideways
with Orientation 6 or 8 as a camera held upright writes them. Such files cannot live in
the repo, so they are made here once and kept in a cache folder keyed by
(frames, long side, seed, generator version). A hidden completion marker is written last:
a folder without it was interrupted and is made again from scratch, never half-used.

How a frame is made: the real photos are listed in sorted order, shuffled with the seed
and cycled; each is centre-cropped to 3:2 (2:3 for vertical and square photos: the
largest window, which keeps every single face in these photos), upscaled with bicubic
interpolation, given seeded luminance grain, encoded with OpenCV's libjpeg and given an
EXIF block built with Pillow (SONY ILCE-7M3, a 6000 × 4000 camera; capture times one
second apart from a fixed date).

Grain: an upscaled small photo has almost no fine detail, and with the suggested sigma of
2 levels a frame compresses to about 3 MB, a third of a real 24 MP q92 JPEG (8-15 MB).
JPEG decode time follows the compressed size, so the grain is luminance noise of sigma 7
levels (coarse, like ISO 3200 after in-camera chroma noise reduction), which brings frames
to about 8 MB. Decoding then costs what it costs on a camera file.

Every frame is a distinct file with distinct pixels. Rendering costs about 0.25 s of CPU
per full-size frame: 1,000 frames (8.1 GB) took 139 s on two worker processes, so disk,
not time, is the limit (figures in benchmarks/README.md). Cycling K encoded frames with
rewritten EXIF would save only that CPU, not disk, so it is not offered; frame i depends
only on (i, seed, long side), so a benchmark that needs fewer frames can take the first
ones of a bigger shoot instead of filling the disk twice.
Run: .venv/bin/python benchmarks/shoot_generator.py --frames 200
"""

from __future__ import annotations

import argparse
import fcntl
import json
import multiprocessing
import os
import random
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Callable, Iterator

import cv2
import numpy as np
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

GENERATOR_VERSION = 2            # bump when frames come out differently (2: EXIF thumbnail)
PHOTOS = Path(__file__).resolve().parents[1].parent / "shared" / "photos"
CACHE_VARIABLE = "SHOTKIND_BENCH_CACHE"
MARKER = ".complete.json"
SOURCE_SUFFIXES = (".jpg", ".jpeg", ".png")
JPEG_QUALITY = 92
GRAIN_SIGMA = 7.0                # luminance noise, levels of 255 (see module docstring)
FIRST_CAPTURE = datetime(2026, 3, 14, 10, 0, 0)
CAMERA = ("SONY", "ILCE-7M3", "FE 85mm F1.8", 85.0)   # make, model, lens, focal length
SHUTTERS = (Fraction(1, 125), Fraction(1, 160), Fraction(1, 200), Fraction(1, 250))
APERTURES = (1.8, 2.8, 4.0, 5.6, 8.0)
ISOS = (100, 200, 400, 800)


@dataclass(frozen=True)
class PlannedFrame:
    """One frame of a generated shoot: where its pixels come from and what its EXIF says."""
    index: int                   # 0-based position in the shoot
    name: str                    # IMG_0001.JPG
    source: Path                 # the real photo it is made from
    width: int                   # upright size, as the photographer sees the frame
    height: int
    orientation: int             # EXIF: 1 upright, 6 or 8 stored sideways
    capture_time: datetime
    shutter: Fraction            # seconds
    aperture: float
    iso: int
    seed: int


def default_cache_root() -> Path:
    """$SHOTKIND_BENCH_CACHE, or ~/.cache/shotkind-bench."""
    override = os.environ.get(CACHE_VARIABLE)
    return Path(override) if override else Path.home() / ".cache" / "shotkind-bench"


def shoot_folder(out: Path | None, frames: int, long_side: int = 6000, seed: int = 0) -> Path:
    """The cache folder of one shoot: its name holds every input that changes the files."""
    root = out if out is not None else default_cache_root()
    return root / f"shoot-v{GENERATOR_VERSION}-{frames}x{long_side}-seed{seed}"


def source_photos(photos: Path = PHOTOS) -> list[Path]:
    """The real photos a shoot is made from, sorted by name."""
    found = sorted(p for p in photos.iterdir()
                   if p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith("."))
    if not found:
        raise FileNotFoundError(f"no photos to build a shoot from in {photos}")
    return found


def plan_shoot(frames: int, long_side: int = 6000, seed: int = 0,
               photos: Path = PHOTOS) -> list[PlannedFrame]:
    """What each frame will be, without making any pixels."""
    if frames < 1 or long_side < 30:
        raise ValueError("a shoot needs at least one frame and a long side of 30 pixels or more")
    sources = source_photos(photos)
    random.Random(seed).shuffle(sources)
    short_side = round(long_side * 2 / 3)
    vertical = {}
    plan = []
    for index in range(frames):
        source = sources[index % len(sources)]
        if source not in vertical:
            with Image.open(source) as image:
                width, height = image.size
                if image.getexif().get(0x0112, 1) in (5, 6, 7, 8):
                    width, height = height, width
            vertical[source] = height >= width          # square photos go vertical
        chance = random.Random(f"{seed}:{index}")
        plan.append(PlannedFrame(
            index=index, name=f"IMG_{index + 1:04d}.JPG", source=source,
            width=short_side if vertical[source] else long_side,
            height=long_side if vertical[source] else short_side,
            orientation=(6 if chance.random() < 0.75 else 8) if vertical[source] else 1,
            capture_time=FIRST_CAPTURE + timedelta(seconds=index),
            shutter=chance.choice(SHUTTERS), aperture=chance.choice(APERTURES),
            iso=chance.choice(ISOS), seed=seed))
    return plan


def render_frame(frame: PlannedFrame) -> bytes:
    """The JPEG file of a planned frame, EXIF included."""
    image = cv2.imread(str(frame.source), cv2.IMREAD_COLOR)   # applies the source's EXIF orientation
    if image is None:
        raise ValueError(f"cannot read {frame.source}")
    image = cv2.resize(_crop(image, frame.width / frame.height), (frame.width, frame.height),
                       interpolation=cv2.INTER_CUBIC)
    cv2.setRNGSeed((frame.seed * 1_000_003 + frame.index) % 2**31)
    grain = np.empty(image.shape[:2], np.int16)
    cv2.randn(grain, 0, GRAIN_SIGMA)
    image = cv2.add(image, cv2.merge([grain, grain, grain]), dtype=cv2.CV_8U)
    if frame.orientation == 6:         # the viewer turns it clockwise, so it is stored turned back
        image = cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE)
    elif frame.orientation == 8:
        image = cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY,
                                               cv2.IMWRITE_JPEG_SAMPLING_FACTOR,
                                               cv2.IMWRITE_JPEG_SAMPLING_FACTOR_420])
    if not ok:
        raise ValueError(f"JPEG encoding failed for {frame.name}")
    exif = with_thumbnail(exif_block(frame, image.shape[1], image.shape[0]), dcf_thumbnail(image))
    return with_exif(encoded.tobytes(), exif)


def dcf_thumbnail(stored: np.ndarray) -> bytes:
    """The 160 x 120 JPEG every camera stores in EXIF (the DCF rule): the frame as stored
    (sideways for a vertical frame), letterboxed into 4:3 with black bars."""
    height, width = stored.shape[:2]
    scale = min(160 / width, 120 / height)
    small = cv2.resize(stored, (max(1, round(width * scale)), max(1, round(height * scale))),
                       interpolation=cv2.INTER_AREA)
    canvas = np.zeros((120, 160, 3), np.uint8)
    top, left = (120 - small.shape[0]) // 2, (160 - small.shape[1]) // 2
    canvas[top:top + small.shape[0], left:left + small.shape[1]] = small
    ok, encoded = cv2.imencode(".jpg", canvas, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        raise ValueError("JPEG encoding of the EXIF thumbnail failed")
    return encoded.tobytes()


def with_thumbnail(exif: bytes, thumbnail: bytes) -> bytes:
    """The EXIF payload with an IFD1 holding `thumbnail`, as cameras write it: IFD0's
    next-IFD link points to IFD1 (Compression 6, JPEGInterchangeFormat and its length),
    and the JPEG bytes follow it. Offsets count from the TIFF header."""
    prefix, tiff = exif[:6], bytearray(exif[6:])
    order = "little" if tiff[:2] == b"II" else "big"
    ifd0 = int.from_bytes(tiff[4:8], order)
    count = int.from_bytes(tiff[ifd0:ifd0 + 2], order)
    link = ifd0 + 2 + 12 * count
    if len(tiff) % 2:
        tiff += b"\0"
    ifd1 = len(tiff)
    tiff[link:link + 4] = ifd1.to_bytes(4, order)
    data_at = ifd1 + 2 + 3 * 12 + 4

    def entry(tag: int, kind: int, value: int) -> bytes:   # kind 3 SHORT, 4 LONG; one value
        field = value.to_bytes(2, order) + b"\0\0" if kind == 3 else value.to_bytes(4, order)
        return tag.to_bytes(2, order) + kind.to_bytes(2, order) + (1).to_bytes(4, order) + field

    tiff += (3).to_bytes(2, order) + entry(0x0103, 3, 6) + entry(0x0201, 4, data_at) \
        + entry(0x0202, 4, len(thumbnail)) + (0).to_bytes(4, order) + thumbnail
    return prefix + bytes(tiff)


def _crop(image: np.ndarray, ratio: float) -> np.ndarray:
    """The largest centred window of width/height `ratio`."""
    height, width = image.shape[:2]
    if width / height > ratio:
        keep = round(height * ratio)
        left = (width - keep) // 2
        return image[:, left:left + keep]
    keep = round(width / ratio)
    top = (height - keep) // 2
    return image[top:top + keep]


def exif_block(frame: PlannedFrame, stored_width: int, stored_height: int) -> bytes:
    """The APP1 payload ("Exif\\0\\0" + TIFF) a camera would write for this frame."""
    make, model, lens, focal = CAMERA
    taken = frame.capture_time.strftime("%Y:%m:%d %H:%M:%S")
    exif = Image.Exif()
    exif.update({0x010F: make, 0x0110: model, 0x0112: frame.orientation, 0x0132: taken,
                 0x0131: f"ShotKind shoot generator {GENERATOR_VERSION}"})
    sub = exif.get_ifd(0x8769)
    sub.update({0x829A: IFDRational(frame.shutter.numerator, frame.shutter.denominator),
                0x829D: IFDRational(round(frame.aperture * 10), 10), 0x8827: frame.iso,
                0x9003: taken, 0x9004: taken, 0x9291: "00", 0x9292: "00",
                0x920A: IFDRational(round(focal), 1), 0xA434: lens,
                0xA002: stored_width, 0xA003: stored_height})
    return exif.tobytes()


def with_exif(jpeg: bytes, exif: bytes) -> bytes:
    """The JPEG with its JFIF header replaced by an EXIF segment, as in a camera file."""
    if jpeg[:2] != b"\xff\xd8" or len(exif) + 2 > 0xFFFF:
        raise ValueError("not a JPEG, or EXIF too large for one segment")
    rest = jpeg[2:]
    if rest[:2] == b"\xff\xe0":                            # APP0 (JFIF): drop it
        rest = rest[2 + int.from_bytes(rest[2:4], "big"):]
    return b"\xff\xd8\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif + rest


def make_shoot(out: Path | None, frames: int, long_side: int = 6000, seed: int = 0, *,
               photos: Path = PHOTOS, workers: int = 2,
               on_frame: Callable[[int, int], None] | None = None) -> list[Path]:
    """The frames of a shoot in capture order, generated into the cache on first use.

    `out` is the cache root (None: `default_cache_root()`); the shoot goes into
    `shoot_folder(out, ...)`. A complete folder is reused untouched; an incomplete one is
    removed and made again. `on_frame(done, total)` reports progress while generating.
    """
    folder = shoot_folder(out, frames, long_side, seed)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with _locked(folder.with_name(folder.name + ".lock")):
        plan = plan_shoot(frames, long_side, seed, photos)
        paths = [folder / frame.name for frame in plan]
        if is_complete(folder, frames, long_side, seed):
            return paths
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        started = time.perf_counter()
        sizes = {}
        for done, (name, size) in enumerate(_write_all(plan, folder, workers), start=1):
            sizes[name] = size
            if on_frame:
                on_frame(done, frames)
        marker = {"version": GENERATOR_VERSION, "frames": frames, "long_side": long_side,
                  "seed": seed, "seconds": round(time.perf_counter() - started, 1), "files": sizes}
        partial = folder / (MARKER + ".part")
        partial.write_text(json.dumps(marker, indent=1))
        os.replace(partial, folder / MARKER)
        return paths


def is_complete(folder: Path, frames: int, long_side: int, seed: int) -> bool:
    """A finished generation of these settings, with every file still at its written size."""
    try:
        marker = json.loads((folder / MARKER).read_text())
    except (OSError, ValueError):
        return False
    if (marker.get("version"), marker.get("frames"), marker.get("long_side"), marker.get("seed")) != \
            (GENERATOR_VERSION, frames, long_side, seed):
        return False
    files = marker.get("files", {})
    try:
        return len(files) == frames and all((folder / name).stat().st_size == size
                                            for name, size in files.items())
    except OSError:
        return False


def _write_frame(job: tuple[PlannedFrame, str]) -> tuple[str, int]:
    frame, folder = job
    data = render_frame(frame)
    (Path(folder) / frame.name).write_bytes(data)
    return frame.name, len(data)


def _start_worker() -> None:
    cv2.setNumThreads(1)           # N workers on N cores, without OpenCV oversubscribing them


def _write_all(plan: list[PlannedFrame], folder: Path, workers: int) -> Iterator[tuple[str, int]]:
    jobs = [(frame, str(folder)) for frame in plan]
    if workers <= 1 or len(jobs) <= 1:
        yield from map(_write_frame, jobs)
        return
    # spawned, not forked: a fork of a process whose OpenCV thread pool is running hangs
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_worker) as pool:
        yield from pool.map(_write_frame, jobs, chunksize=1)


@contextmanager
def _locked(path: Path):
    """One generator per shoot at a time, across processes (benchmarks may start together)."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--long-side", type=int, default=6000, help="pixels (600 for a quick try)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None,
                        help=f"cache root (default ${CACHE_VARIABLE} or ~/.cache/shotkind-bench)")
    parser.add_argument("--photos", type=Path, default=PHOTOS)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    folder = shoot_folder(args.out, args.frames, args.long_side, args.seed)
    reused = is_complete(folder, args.frames, args.long_side, args.seed)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 50 == 0 or done == total:
            print(f"  {done}/{total} frames, {time.perf_counter() - started:.0f} s", file=sys.stderr)

    paths = make_shoot(args.out, args.frames, args.long_side, args.seed, photos=args.photos,
                       workers=args.workers, on_frame=progress)
    seconds = time.perf_counter() - started
    sizes = [p.stat().st_size / 1e6 for p in paths]
    print(f"{folder}: {len(paths)} frames, {'reused' if reused else f'made in {seconds:.1f} s'}, "
          f"{sum(sizes):.1f} MB (per file {min(sizes):.1f}-{max(sizes):.1f} MB, "
          f"mean {sum(sizes) / len(sizes):.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
