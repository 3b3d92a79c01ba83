"""Capture info (time, camera, lens, exposure, orientation) read from EXIF with exifread.

EXIF in the wild is broken in every way imaginable, so every field is optional and a
file whose EXIF cannot be parsed simply has no capture info: the picture still opens.

Time: DateTimeOriginal (else DateTimeDigitized, else DateTime) with its sub-seconds
(SubSecTimeOriginal...) and, where the camera wrote one, its time-zone offset
(OffsetTimeOriginal..., EXIF 2.31; else OffsetTime, the camera's zone setting, which is
all some cameras such as the Canon EOS 6D write). With an offset the time is aware;
without one it is the camera clock's local time, naive. `capture_order_key` orders both.
Shutter: ExposureTime, else the APEX ShutterSpeedValue (t = 2^-Tv) that old Fujifilm
cameras write instead.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from fractions import Fraction

import exifread

log = logging.getLogger(__name__)
HEIF_EXIF = re.compile(rb"Exif\x00\x00(?:MM\x00\*|II\*\x00)")
logging.getLogger("exifread").setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class CaptureInfo:
    capture_time: datetime | None = None   # aware when the camera wrote its time zone
    camera: str | None = None
    lens: str | None = None
    focal_length: float | None = None   # millimetres
    aperture: float | None = None       # f-number
    shutter: str | None = None          # "1/125", "2"
    iso: int | None = None
    orientation: int = 1                # EXIF 1..8, 1 = upright


def read_capture_info(data: bytes) -> CaptureInfo:
    """Parse the EXIF of a JPEG, TIFF, TIFF-based RAW or HEIC/HEIF held in memory."""
    tags = _tags(data)
    if not tags and data[4:8] == b"ftyp":   # HEIF whose boxes exifread cannot follow
        tags = _tags(_heif_exif(data))
    return CaptureInfo(
        capture_time=_field(_capture_time, tags),
        camera=_field(_camera, tags),
        lens=_field(_text, tags, "EXIF LensModel"),
        focal_length=_field(_number, tags, "EXIF FocalLength"),
        aperture=_field(_number, tags, "EXIF FNumber"),
        shutter=_field(_shutter, tags),
        iso=_field(_iso, tags),
        orientation=_field(_orientation, tags) or 1,
    )


def _field(read, tags: dict, *key: str):
    """One field, or None when its tag is mangled beyond what `read` expects (a tag
    of another type than the standard's, a rational over zero): the rest still counts."""
    try:
        return read(tags, *key)
    except Exception as error:
        log.debug("unreadable EXIF field %s: %s", key or read.__name__, error)
        return None


def _tags(data: bytes) -> dict:
    if not data:
        return {}
    try:
        return exifread.process_file(io.BytesIO(data), details=False, extract_thumbnail=False)
    except Exception as error:  # exifread raises anything on hostile input
        log.debug("unreadable EXIF: %s", error)
        return {}


def _heif_exif(data: bytes) -> bytes:
    """The TIFF-structured EXIF inside a HEIF file's Exif item ("Exif\\0\\0" then the
    TIFF header), found by its signature; b"" when there is none."""
    match = HEIF_EXIF.search(data)
    return data[match.start() + 6:] if match else b""


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
        seconds = _apex_shutter(tags)
    if seconds is None or seconds <= 0:
        return None
    if seconds >= 1:
        return f"{float(seconds):g}"
    return f"1/{round(1 / seconds)}"


def _apex_shutter(tags: dict) -> Fraction | None:
    """Exposure time from the APEX ShutterSpeedValue Tv (seconds = 2^-Tv), rounded the way
    cameras show speeds: 1/45 for Tv 5.5, 2 s for Tv -1."""
    value = _value(tags, "EXIF ShutterSpeedValue")
    try:
        apex = float(Fraction(value.num, value.den)) if hasattr(value, "den") else float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not -10 <= apex <= 20:       # 17 minutes to 1/1,000,000 s: beyond is a broken tag
        return None
    if apex > 0:
        return Fraction(1, round(2 ** apex))
    return Fraction(round(2 ** -apex * 10), 10)


def _iso(tags: dict) -> int | None:
    value = _value(tags, "EXIF ISOSpeedRatings")
    try:
        iso = int(value)
    except (TypeError, ValueError, ArithmeticError):
        return None
    return iso if iso > 0 else None


def _orientation(tags: dict) -> int:
    value = _value(tags, "Image Orientation")
    try:
        orientation = int(value)
    except (TypeError, ValueError, ArithmeticError):
        return 1
    return orientation if 1 <= orientation <= 8 else 1


def _camera(tags: dict) -> str | None:
    make, model = _text(tags, "Image Make"), _text(tags, "Image Model")
    if make and model and model.lower().startswith(make.split()[0].lower()):
        return model
    return " ".join(part for part in (make, model) if part) or None


TIME_KEYS = (("EXIF DateTimeOriginal", "EXIF SubSecTimeOriginal", "EXIF OffsetTimeOriginal"),
             ("EXIF DateTimeDigitized", "EXIF SubSecTimeDigitized", "EXIF OffsetTimeDigitized"),
             ("Image DateTime", "EXIF SubSecTime", "EXIF OffsetTime"))
OFFSET = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


def _capture_time(tags: dict) -> datetime | None:
    for key, subsec_key, offset_key in TIME_KEYS:
        text = _text(tags, key)
        if not text:
            continue
        try:
            moment = datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")
        except ValueError:
            continue
        subsec = (_text(tags, subsec_key) or "").strip()
        if subsec.isdigit():
            moment = moment.replace(microsecond=int(subsec[:6].ljust(6, "0")))
        zone = _zone(_text(tags, offset_key)) or _zone(_text(tags, "EXIF OffsetTime"))
        return moment.replace(tzinfo=zone) if zone else moment
    return None


def _zone(text: str | None) -> timezone | None:
    """"+02:00" -> UTC+2; None for a missing, blank ("   :  ") or impossible offset."""
    match = OFFSET.match((text or "").strip())
    if not match:
        return None
    sign, hours, minutes = match.groups()
    offset = timedelta(hours=int(hours), minutes=int(minutes))
    if offset > timedelta(hours=14) or int(minutes) >= 60:
        return None
    return timezone(-offset if sign == "-" else offset)


def capture_order_key(moment: datetime | None) -> float:
    """Seconds since the epoch for ordering frames whose times may be aware or naive
    (a naive time is taken as this computer's local time); missing times go last."""
    if moment is None:
        return float("inf")
    try:
        return moment.timestamp()
    except (OverflowError, OSError, ValueError):
        return float("inf")
