"""Capture info read from real camera files (values checked against exifread's raw tags
and ../shared/exif/SOURCES.md)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from shotkind_desktop.core.files.capture import CaptureInfo, read_capture_info
from shotkind_desktop.core.files.scan import EXIF_HEAD_BYTES


def info(path) -> CaptureInfo:
    return read_capture_info(path.read_bytes())


def test_canon_powershot_rotated_in_camera(exif_dir):
    capture = info(exif_dir / "canon_hdr_NO.jpg")
    assert capture.orientation == 6
    assert capture.camera == "Canon PowerShot SX60 HS"
    assert capture.capture_time == datetime(2015, 2, 9, 22, 47, 44)
    assert capture.shutter == "1/60"          # ExposureTime 1/60, not 1/59 from a rounded float
    assert capture.aperture == pytest.approx(5.6)
    assert capture.iso == 800
    assert capture.focal_length == pytest.approx(57.02, abs=0.01)


def test_iphone_capture_time_keeps_its_subseconds(exif_dir):
    capture = info(exif_dir / "iphone_hdr_YES.jpg")
    assert capture.capture_time == datetime(2015, 4, 10, 20, 12, 23, 550000)
    assert capture.camera == "Apple iPhone 6"     # Make "Apple" is not repeated
    assert capture.lens == "iPhone 6 back camera 4.15mm f/2.2"
    assert capture.focal_length == pytest.approx(4.15)
    assert capture.aperture == pytest.approx(2.2)
    assert capture.shutter == "1/40"
    assert capture.iso == 32
    assert capture.orientation == 1


def test_nikon_coolpix(exif_dir):
    capture = info(exif_dir / "DSCN0010.jpg")
    assert capture.capture_time == datetime(2008, 10, 22, 16, 28, 39)
    assert capture.camera == "NIKON COOLPIX P6000"   # Make "NIKON" is not repeated
    assert capture.focal_length == pytest.approx(24.0)
    assert capture.aperture == pytest.approx(5.9)
    assert capture.shutter == "1/75"
    assert capture.iso == 64
    assert capture.orientation == 1
    assert capture.lens is None


def test_short_exposure_is_shown_exactly(exif_dir):
    # ExposureTime 541/1000000 s: rounding the seconds first would give "1/1000".
    assert info(exif_dir / "HMD_Nokia_8.3_5G.jpg").shutter == "1/1848"


def test_camera_joins_make_and_model_when_the_model_does_not_repeat_the_make(exif_dir):
    assert info(exif_dir / "HMD_Nokia_8.3_5G.jpg").camera == "HMD Global Nokia 8.3 5G"
    assert info(exif_dir / "exifpy_67-0_length_string.jpg").camera == "samsung SM-G930F"


def test_capture_time_falls_back_to_the_file_datetime(exif_dir):
    # This Galaxy S7 file has no DateTimeOriginal (its EXIF IFD holds a zero-length string
    # that once broke exif-py), only IFD0 DateTime.
    capture = info(exif_dir / "exifpy_67-0_length_string.jpg")
    assert capture.capture_time == datetime(2016, 9, 12, 10, 5, 31)
    assert capture.shutter is None and capture.iso is None


def test_dng_capture_info(raw_dir):
    capture = info(raw_dir / "canon_eos_6d.dng")
    assert capture.camera == "Canon EOS 6D"
    assert capture.lens == "EF24-105mm f/4L IS USM"
    assert capture.shutter == "1/60"
    assert capture.aperture == pytest.approx(5.6)
    assert capture.iso == 1000
    # SubSecTimeOriginal "00"; the 6D writes only OffsetTime (its zone setting), +02:00
    assert capture.capture_time == datetime(2019, 6, 6, 7, 29, 51, tzinfo=timezone(timedelta(hours=2)))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orientation_tag(exif_dir, orientation):
    capture = info(exif_dir / f"orientation_portrait_{orientation}.jpg")
    assert capture.orientation == orientation
    assert capture.camera is None and capture.capture_time is None


def test_every_odd_exif_file_gives_capture_info_without_raising(exif_dir):
    files = sorted(exif_dir.glob("*.jpg"))
    assert len(files) == 20
    for path in files:
        whole = read_capture_info(path.read_bytes())
        head = read_capture_info(path.read_bytes()[:EXIF_HEAD_BYTES])   # what the scan reads
        assert isinstance(whole, CaptureInfo) and isinstance(head, CaptureInfo), path.name
        assert 1 <= whole.orientation <= 8, path.name
        assert head.orientation == whole.orientation, path.name
        assert head.capture_time == whole.capture_time, path.name
    # every real camera file in the set has a capture time (the orientation samples do not)
    for path in files:
        if not path.name.startswith("orientation_"):
            assert read_capture_info(path.read_bytes()).capture_time is not None, path.name


@pytest.mark.parametrize("data", [b"", b"not an image at all\n", b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM"],
                         ids=["empty", "text", "cut-inside-exif"])
def test_unreadable_exif_gives_empty_capture_info(data):
    assert read_capture_info(data) == CaptureInfo()


def test_exif_cut_in_the_middle_gives_what_it_can_without_raising(exif_dir):
    data = (exif_dir / "DSCN0010.jpg").read_bytes()
    for cut in (20, 200, 2000, 8000):
        capture = read_capture_info(data[:cut])
        assert isinstance(capture, CaptureInfo)
        assert 1 <= capture.orientation <= 8
