"""Shoots made the way a camera makes them, from the real photos in ../shared: each burst is
one photo taken again 3-8 times with the framing moved a little, exposure a third of a stop
either way and slight motion blur on all frames but one, seconds apart in the EXIF
(DateTimeOriginal and SubSecTimeOriginal, written with ExifTool as the suite does
elsewhere); lone frames of other photos are interleaved, some within a second or two of a
burst so that only their look can keep them apart. Generation is the point here: the
similar-frame groups and the keeper are proved on these (tests/core/test_groups.py) and
timed on them (benchmarks/groups.py).

The plan is data (`Burst`, `Lone`); every frame made says which burst it belongs to and
whether it is its burst's one sharp frame, so a test can check what came out against it.
"""

from __future__ import annotations

import random
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import cv2
import numpy as np

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
START = datetime(2026, 5, 2, 14, 0, 0)
JPEG_QUALITY = 92
WINDOW = 0.95               # share of the photo each frame of a burst shows
SMALLEST_LONG_SIDE = 1600   # a small photo is enlarged to this: a camera's frames are larger still


@dataclass(frozen=True)
class Burst:
    photo: str              # path under ../shared, e.g. "photos/df_img13.jpg"
    copies: int             # 3-8
    pause: float = 20.0     # seconds from the frame before (the photographer re-posing)


@dataclass(frozen=True)
class Lone:
    photo: str
    pause: float = 20.0


@dataclass(frozen=True)
class MadeFrame:
    name: str               # IMG_0001.JPG, in capture order
    source: str             # the shared photo it was made from
    burst: int | None       # index of its burst in the plan's bursts; None for a lone frame
    sharp: bool             # the burst's one frame without motion blur (a lone frame: True)
    captured: datetime


# A headshot session: eight poses of seven sitters (two of them the same woman in two
# poses, taken two seconds apart), with other pictures between them.
SESSION = (
    Burst("photos/df_img13.jpg", 5),
    Lone("photos/sk_coffee.png", pause=1.5),
    Burst("photos/df_img18.jpg", 4, pause=25),
    Burst("photos-more/dj18_graham-dumpleton.jpg", 6, pause=40),
    Lone("photos/fr_obama.jpg", pause=2.0),
    Burst("photos-more/pm_yangmi_3.jpg", 3, pause=30),
    Burst("photos-more/pm_yangmi_6.jpg", 4, pause=2.0),
    Burst("photos-more/dj18_rebekah-post-2.jpg", 8, pause=60),
    Lone("photos/df_img21.jpg", pause=12),
    Burst("photos/df_img24.jpg", 3, pause=1.5),
    Burst("photos/df_img7.jpg", 5, pause=90),
)


def make_shoot(folder: Path, plan=SESSION, seed: int = 7) -> list[MadeFrame]:
    """Write the plan's frames into `folder` as IMG_0001.JPG... with their capture times;
    returns what was made, in capture order."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    made: list[MadeFrame] = []
    moment = START
    bursts = 0
    for step in plan:
        source = at_camera_size(cv2.imread(str(SHARED / step.photo), cv2.IMREAD_COLOR))
        moment += timedelta(seconds=step.pause)
        if isinstance(step, Lone):
            made.append(_write(folder, len(made), source, step.photo, None, True, moment, rng, blur=False))
            continue
        sharp = rng.randrange(step.copies)
        for copy in range(step.copies):
            if copy:
                # single frames of a pose: about a second apart, sometimes a 3 fps burst
                moment += timedelta(seconds=rng.choice((0.34, 0.67, 1.0, 1.3, 2.0, 3.0)))
            made.append(_write(folder, len(made), source, step.photo, bursts, copy == sharp,
                               moment, rng, blur=copy != sharp))
        bursts += 1
    _write_capture_times(made, folder)
    return made


def _write(folder: Path, index: int, source: np.ndarray, photo: str, burst: int | None,
           sharp: bool, moment: datetime, rng: random.Random, blur: bool) -> MadeFrame:
    name = f"IMG_{index + 1:04d}.JPG"
    image = camera_copy(source, rng, blur) if burst is not None else source
    assert cv2.imwrite(str(folder / name), image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    return MadeFrame(name, photo, burst, sharp, moment)


def at_camera_size(image: np.ndarray | None) -> np.ndarray:
    """The photo with its long side at least SMALLEST_LONG_SIDE (bicubic): blur measured
    in pixels then means what it means on a camera's frame, not on a 332-pixel web crop."""
    assert image is not None, "a shared photo cannot be read"
    factor = SMALLEST_LONG_SIDE / max(image.shape[:2])
    if factor <= 1:
        return image
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


def camera_copy(image: np.ndarray, rng: random.Random, blur: bool) -> np.ndarray:
    """The photo as the next frame of its pose: the framing moved (a window of WINDOW of
    the photo, anywhere in it: up to 5% of a shift, no resampling, as a camera turned a
    little sees it), exposure -1/3, 0 or +1/3 stop (in linear light), and with `blur` a
    slight motion blur (0.7-1.4% of the width, any direction:
    what a working-size frame shows; finer blur is for the eye focus at full resolution)."""
    height, width = image.shape[:2]
    w, h = round(width * WINDOW), round(height * WINDOW)
    x, y = rng.randint(0, width - w), rng.randint(0, height - h)
    out = image[y:y + h, x:x + w]
    stops = rng.choice((-1 / 3, 0.0, 1 / 3))
    linear = (out.astype(np.float32) / 255) ** 2.2 * 2 ** stops
    out = np.clip(255 * linear ** (1 / 2.2), 0, 255).astype(np.uint8)
    if blur:
        out = motion_blur(out, rng.uniform(0.007, 0.014) * width, rng.uniform(0, 180))
    return out


def motion_blur(image: np.ndarray, length: float, degrees: float) -> np.ndarray:
    """A straight streak of `length` pixels at `degrees`: the camera moving during the exposure."""
    size = max(3, int(round(length)) | 1)
    kernel = np.zeros((size, size), np.float32)
    kernel[size // 2, :] = 1.0
    turn = cv2.getRotationMatrix2D((size / 2 - 0.5, size / 2 - 0.5), degrees, 1.0)
    kernel = cv2.warpAffine(kernel, turn, (size, size))
    return cv2.filter2D(image, -1, kernel / kernel.sum())


def _write_capture_times(made: list[MadeFrame], folder: Path) -> None:
    """One ExifTool run for every frame (DateTimeOriginal with its hundredths)."""
    lines = []
    for frame in made:
        lines += ["-overwrite_original", "-DateTimeOriginal=" + frame.captured.strftime("%Y:%m:%d %H:%M:%S"),
                  f"-SubSecTimeOriginal={frame.captured.microsecond // 10000:02d}",
                  str(folder / frame.name), "-execute"]
    arguments = folder / ".exiftool-arguments"
    arguments.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        subprocess.run(["exiftool", "-q", "-@", str(arguments)], check=True, capture_output=True, timeout=120)
    finally:
        arguments.unlink()
