"""A headshot day made from the shared photos: each sitter's frames are one photo with
the small crop shifts and exposure changes of frames taken seconds apart, with EXIF
capture times as a day runs (seconds within a sitting, minutes between sitters). The
generation is the point: the shared photos hold no sittings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from PIL import Image

EXIF_IFD, DATE_TIME_ORIGINAL = 0x8769, 0x9003
START = datetime(2026, 3, 2, 9, 30, 0)


@dataclass(frozen=True)
class Sitting:
    photo: str              # in ../shared/photos
    frames: int
    pause_before: float     # seconds after the previous sitter's last frame


# The day's roster, as a client's HR export gives it: one name written last-name first.
ROSTER = ("Full Name,Email,Department\n"
          "Ana Ruiz,ana.ruiz@acme.example,Sales\n"
          "Bo Lindqvist,bo@acme.example,Engineering\n"
          "\"Okafor, Chidi\",chidi@acme.example,Finance\n"
          "Dana Weiß,dana@acme.example,Legal\n"
          "Émile Durand,emile@acme.example,Support\n")
PEOPLE = ["Ana Ruiz", "Bo Lindqvist", "Chidi Okafor", "Dana Weiß", "Émile Durand"]

# Sitters 3 and 4 both wear a dark top over a white collar before a pale backdrop, and
# sit down 40 seconds apart: only the face tells them apart.
DAY = (
    Sitting("df_img11.jpg", 4, 0),
    Sitting("df_img14.jpg", 3, 180),
    Sitting("df_img18.jpg", 4, 150),
    Sitting("df_img33.jpg", 4, 40),
    Sitting("df_img25.jpg", 3, 240),
)


def make_day(photos: Path, folder: Path, day: tuple[Sitting, ...] = DAY, seed: int = 16) -> list[list[str]]:
    """Write the day's frames from the photos in `photos` into `folder` as IMG_0001.jpg...
    in capture order; the file names of each sitter's frames, in order."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    moment, number, sitters = START, 0, []
    for sitting in day:
        moment += timedelta(seconds=sitting.pause_before)
        photo = Image.open(photos / sitting.photo).convert("RGB")
        names = []
        for _ in range(sitting.frames):
            number += 1
            name = f"IMG_{number:04d}.jpg"
            _frame(photo, rng).save(folder / name, quality=92, exif=_exif(moment))
            names.append(name)
            moment += timedelta(seconds=float(rng.uniform(4, 12)))
        sitters.append(names)
    return sitters


def _frame(photo: Image.Image, rng: np.random.Generator) -> Image.Image:
    """The photo as another frame of the sitting: framed a little differently (up to 4%
    smaller, moved), exposed up to a third of a stop either way."""
    width, height = photo.size
    scale = rng.uniform(0.96, 1.0)
    w, h = round(width * scale), round(height * scale)
    left, top = int(rng.integers(0, width - w + 1)), int(rng.integers(0, height - h + 1))
    cut = np.asarray(photo.crop((left, top, left + w, top + h)), np.float32)
    exposed = np.clip(cut * 2 ** rng.uniform(-1 / 3, 1 / 3), 0, 255).astype(np.uint8)
    return Image.fromarray(exposed)


def _exif(moment: datetime) -> Image.Exif:
    exif = Image.Exif()
    exif.get_ifd(EXIF_IFD)[DATE_TIME_ORIGINAL] = moment.strftime("%Y:%m:%d %H:%M:%S")
    return exif
