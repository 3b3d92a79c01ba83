"""Capture time with sub-seconds and time zones, the APEX shutter fallback, and shoots that
mix times with and without a zone, on the real camera files in ../shared/exif and
../shared/raw (values checked against their raw EXIF tags)."""

from __future__ import annotations

import io
import os
import shutil
from datetime import datetime, timedelta, timezone

from PIL import Image

from shotkind_desktop.core.files.capture import capture_order_key, read_capture_info
from shotkind_desktop.core.files.scan import scan_shoot


def info(path):
    return read_capture_info(path.read_bytes())


def with_exif(jpeg_path, **tags) -> bytes:
    """The real photo re-saved with an EXIF IFD holding `tags` (EXIF tag id -> value)."""
    exif = Image.Exif()
    exif[0x8769] = {getattr(Tag, name): value for name, value in tags.items()}
    out = io.BytesIO()
    with Image.open(jpeg_path) as image:
        image.save(out, "JPEG", exif=exif, quality=80)
    return out.getvalue()


class Tag:
    DateTimeOriginal = 0x9003
    OffsetTimeOriginal = 0x9011
    SubSecTimeOriginal = 0x9291
    OffsetTime = 0x9010


def test_nokia_time_carries_its_plus_three_hours_offset(exif_dir):
    moment = info(exif_dir / "HMD_Nokia_8.3_5G.jpg").capture_time
    assert moment == datetime(2022, 8, 14, 14, 12, 31, tzinfo=timezone(timedelta(hours=3)))
    assert moment.utcoffset() == timedelta(hours=3)


def test_iphone_time_without_offset_stays_naive_with_its_subseconds(exif_dir):
    moment = info(exif_dir / "iphone_hdr_YES.jpg").capture_time
    assert moment.tzinfo is None and moment.microsecond == 550_000


def test_offset_and_subseconds_written_into_a_real_photo(photos, tmp_path):
    data = with_exif(photos / "df_img11.jpg", DateTimeOriginal="2024:03:01 09:30:15",
                     SubSecTimeOriginal="07", OffsetTimeOriginal="-05:30")
    moment = read_capture_info(data).capture_time
    assert moment == datetime(2024, 3, 1, 9, 30, 15, 70_000, tzinfo=timezone(-timedelta(hours=5, minutes=30)))


def test_blank_or_impossible_offsets_leave_the_time_naive(photos):
    for offset in ("   :  ", "+25:00", "+02:75", "Z", ""):
        data = with_exif(photos / "df_img11.jpg", DateTimeOriginal="2024:03:01 09:30:15",
                         OffsetTimeOriginal=offset)
        moment = read_capture_info(data).capture_time
        assert moment == datetime(2024, 3, 1, 9, 30, 15), offset


def test_fujifilm_shutter_comes_from_the_apex_value(exif_dir):
    # FinePix 40i: no ExposureTime, ShutterSpeedValue 11/2 -> 2^-5.5 s = 1/45
    capture = info(exif_dir / "exiforg_fujifilm-finepix40i.jpg")
    assert capture.shutter == "1/45"


def test_exposure_time_wins_over_the_apex_value(exif_dir):
    # Canon writes both: ExposureTime 1/60, ShutterSpeedValue 189/32 (2^5.906 = 60)
    assert info(exif_dir / "canon_hdr_NO.jpg").shutter == "1/60"
    assert info(exif_dir / "exifpy_22-canon_tags.jpg").shutter == "1/6"


def test_order_key_puts_aware_and_naive_times_on_one_line():
    utc = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
    plus_two = datetime(2024, 1, 1, 13, 0, tzinfo=timezone(timedelta(hours=2)))   # 11:00 UTC
    assert capture_order_key(plus_two) < capture_order_key(utc)
    assert capture_order_key(None) == float("inf")
    naive = datetime(2024, 1, 1, 12, 0)
    assert capture_order_key(naive) == naive.timestamp()


def test_a_shoot_mixing_zoned_and_unzoned_times_scans_in_time_order(exif_dir, raw_dir, tmp_path):
    # Nokia 2022 (+03:00), EOS 6D 2019 (+02:00), iPhone 2015 and Nikon 2008 (no zone)
    for name in ("HMD_Nokia_8.3_5G.jpg", "iphone_hdr_YES.jpg", "DSCN0010.jpg"):
        shutil.copy(exif_dir / name, tmp_path / name)
    shutil.copy(raw_dir / "canon_eos_6d.dng", tmp_path / "eos.dng")
    (tmp_path / "no_exif.jpg").write_bytes((exif_dir / "orientation_portrait_1.jpg").read_bytes())
    os.utime(tmp_path / "no_exif.jpg", (1.0e9, 1.0e9))        # file time 2001
    order = [path.name for path in scan_shoot(tmp_path)]
    assert order == ["no_exif.jpg", "DSCN0010.jpg", "iphone_hdr_YES.jpg", "eos.dng",
                     "HMD_Nokia_8.3_5G.jpg"]


def test_an_orientation_stored_as_a_rational_over_zero_is_ignored(exif_dir):
    # found by test_fuzz: a flipped type field turned Orientation into RATIONAL 1/0, and
    # int() of it raised ZeroDivisionError; the rest of the EXIF still counts
    header = b"MM\x00*" + (8).to_bytes(4, "big") + (2).to_bytes(2, "big")
    orientation = (0x0112).to_bytes(2, "big") + (5).to_bytes(2, "big") + (1).to_bytes(4, "big") \
        + (38).to_bytes(4, "big")                             # RATIONAL at offset 38
    make = (0x010F).to_bytes(2, "big") + (2).to_bytes(2, "big") + (4).to_bytes(4, "big") + b"Fuji"
    tiff = header + orientation + make + (0).to_bytes(4, "big") + (1).to_bytes(4, "big") + (0).to_bytes(4, "big")
    capture = read_capture_info(tiff)
    assert capture.orientation == 1 and capture.camera == "Fuji"
