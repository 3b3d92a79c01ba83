"""Capture info (time, camera, lens, exposure, orientation) read from EXIF with exifread.

EXIF in the wild is broken in every way imaginable, so every field is optional and a
file whose EXIF cannot be parsed simply has no capture info: the picture still opens.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

import exifread

log = logging.getLogger(__name__)
logging.getLogger("exifread").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class CaptureInfo:
    capture_time: datetime | None = None
    camera: str | None = None
    lens: str | None = None
    focal_length: float | None = None   # millimetres
    aperture: float | None = None       # f-number
    shutter: str | None = None          # "1/125", "2"
    iso: int | None = None
    orientation: int = 1                # EXIF 1..8, 1 = upright


def read_capture_info(data: bytes) -> CaptureInfo:
    """Parse the EXIF of a JPEG, TIFF or TIFF-based RAW held in memory."""
    try:
        tags = exifread.process_file(io.BytesIO(data), details=False, extract_thumbnail=False)
    except Exception as error:  # exifread raises anything on hostile input
        log.debug("unreadable EXIF: %s", error)
        return CaptureInfo()
    return CaptureInfo(
        capture_time=_capture_time(tags),
        camera=_camera(tags),
        lens=_text(tags, "EXIF LensModel"),
        focal_length=_number(tags, "EXIF FocalLength"),
        aperture=_number(tags, "EXIF FNumber"),
        shutter=_shutter(tags),
        iso=_iso(tags),
        orientation=_orientation(tags),
    )


def _value(tags: dict, key: str):
    tag = tags.get(key)
    if tag is None:
        return None
    values = getattr(tag, "values", None)
    if isinstance(values, list):
        return values[0] if values else None
    return values


def _text(tags: dict, key: str) -> str | None:
    tag = tags.get(key)
    if tag is None:
        return None
    text = str(tag.values if isinstance(tag.values, str) else tag).strip().strip("\x00").strip()
    return text or None


def _number(tags: dict, key: str) -> float | None:
    value = _value(tags, key)
    try:
        number = float(Fraction(value.num, value.den)) if hasattr(value, "den") else float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return round(number, 3) if number > 0 else None


def _shutter(tags: dict) -> str | None:
    value = _value(tags, "EXIF ExposureTime")
    try:   # exact, not via the rounded _number: 1/60 rounded to 0.017 s would read 1/59
        seconds = Fraction(value.num, value.den) if hasattr(value, "den") else Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if seconds <= 0:
        return None
    if seconds >= 1:
        return f"{float(seconds):g}"
    return f"1/{round(1 / seconds)}"


def _iso(tags: dict) -> int | None:
    value = _value(tags, "EXIF ISOSpeedRatings")
    try:
        iso = int(value)
    except (TypeError, ValueError):
        return None
    return iso if iso > 0 else None


def _orientation(tags: dict) -> int:
    value = _value(tags, "Image Orientation")
    try:
        orientation = int(value)
    except (TypeError, ValueError):
        return 1
    return orientation if 1 <= orientation <= 8 else 1


def _camera(tags: dict) -> str | None:
    make, model = _text(tags, "Image Make"), _text(tags, "Image Model")
    if make and model and model.lower().startswith(make.split()[0].lower()):
        return model
    return " ".join(part for part in (make, model) if part) or None


def _capture_time(tags: dict) -> datetime | None:
    for key in ("EXIF DateTimeOriginal", "EXIF DateTimeDigitized", "Image DateTime"):
        text = _text(tags, key)
        if not text:
            continue
        try:
            moment = datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")
        except ValueError:
            continue
        subsec = _text(tags, "EXIF SubSecTimeOriginal") if key == "EXIF DateTimeOriginal" else None
        if subsec and subsec.isdigit():
            moment = moment.replace(microsecond=int(subsec[:6].ljust(6, "0")))
        return moment
    return None
