"""Decoding frames for analysis: working size, EXIF orientation, RAW previews, formats."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
import rawpy

from shotkind_desktop.core.files.decode import (WORKING_LONG_SIDE, WORKING_MIN_LONG_SIDE, FrameError,
                                          decode_for_analysis, decode_frame)


def normalised_grey(image: np.ndarray, size=(90, 120)) -> np.ndarray:
    """Small zero-mean unit-variance grey: compares pictures, not their exposure."""
    grey = cv2.resize(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), size, interpolation=cv2.INTER_AREA)
    grey = grey.astype(np.float64)
    return (grey - grey.mean()) / grey.std()


def picture_difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(normalised_grey(a) - normalised_grey(b)).mean())


# ---- working size ------------------------------------------------------------------

@pytest.mark.parametrize("name, width, height", [
    ("iphone_hdr_YES.jpg", 3264, 2448),
    ("HMD_Nokia_8.3_5G.jpg", 4608, 1976),
    ("exifpy_42_IndexError.jpg", 4032, 3024),
    ("exifpy_87_OSError.jpg", 1488, 2240),
])
def test_large_jpegs_are_decoded_at_the_working_size(exif_dir, name, width, height):
    frame = decode_for_analysis(exif_dir / name)
    assert (frame.width, frame.height) == (width, height)      # full-resolution size
    image_height, image_width = frame.image.shape[:2]
    assert WORKING_MIN_LONG_SIDE <= max(image_width, image_height) <= WORKING_LONG_SIDE
    assert image_width / image_height == pytest.approx(width / height, rel=0.01)
    assert frame.image.dtype == np.uint8 and frame.image.shape[2] == 3
    assert frame.scale == pytest.approx(image_width / width)


def test_reduced_decode_shows_the_same_picture_as_a_full_decode(exif_dir):
    path = exif_dir / "iphone_hdr_YES.jpg"
    frame = decode_for_analysis(path)
    full = cv2.imread(str(path), cv2.IMREAD_COLOR)
    full = cv2.resize(full, frame.image.shape[1::-1], interpolation=cv2.INTER_AREA)
    assert np.abs(full.astype(int) - frame.image.astype(int)).mean() < 4


@pytest.mark.parametrize("folder, name", [("exif", "DSCN0010.jpg"), ("photos", "df_img11.jpg"),
                                          ("photos", "sk_coffee.png")])
def test_small_images_are_not_resized(shared, folder, name):
    path = shared / folder / name
    frame = decode_for_analysis(path)
    original = cv2.imread(str(path), cv2.IMREAD_COLOR)
    assert (frame.width, frame.height) == (original.shape[1], original.shape[0])
    assert frame.scale == 1
    assert np.array_equal(frame.image, original)


# ---- orientation ---------------------------------------------------------------------

@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_gives_the_upright_picture(exif_dir, orientation):
    frame = decode_for_analysis(exif_dir / f"orientation_portrait_{orientation}.jpg")
    assert (frame.width, frame.height) == (450, 600)
    assert frame.image.shape == (600, 450, 3)
    upright = decode_for_analysis(exif_dir / "orientation_portrait_1.jpg").image
    # The files differ a little (exposure, the digit drawn in the middle), so compare
    # normalised: the right way round is ~0.07 apart; a mirror or flip is 0.6 or more.
    assert picture_difference(frame.image, upright) < 0.2
    for wrong in (cv2.flip(frame.image, 1), cv2.flip(frame.image, 0), cv2.flip(frame.image, -1)):
        assert picture_difference(wrong, upright) > 0.4


def test_camera_rotated_jpeg_is_upright_portrait(exif_dir):
    path = exif_dir / "canon_hdr_NO.jpg"      # stored 2048 x 1536 with orientation 6
    frame = decode_for_analysis(path)
    assert (frame.width, frame.height) == (1536, 2048)
    image_height, image_width = frame.image.shape[:2]
    assert image_height > image_width
    assert image_width / image_height == pytest.approx(1536 / 2048, rel=0.01)
    stored = cv2.imread(str(path), cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
    assert stored.shape[:2] == (1536, 2048)
    turned = cv2.rotate(stored, cv2.ROTATE_90_CLOCKWISE)
    assert picture_difference(frame.image, turned) < 0.05
    assert picture_difference(frame.image, cv2.rotate(stored, cv2.ROTATE_90_COUNTERCLOCKWISE)) > 0.3


# ---- RAW -------------------------------------------------------------------------------

def test_dng_with_a_preview_decodes_from_its_preview(raw_dir):
    path = raw_dir / "canon_eos_6d.dng"
    frame = decode_for_analysis(path)
    assert (frame.width, frame.height) == (1224, 816)
    assert frame.capture.camera == "Canon EOS 6D"
    with rawpy.imread(str(path)) as raw:
        thumb = raw.extract_thumb()
    assert thumb.format == rawpy.ThumbFormat.JPEG
    preview = cv2.imdecode(np.frombuffer(thumb.data, np.uint8), cv2.IMREAD_COLOR)
    assert frame.image.shape == preview.shape             # the preview, not a demosaic
    assert np.abs(frame.image.astype(int) - preview.astype(int)).mean() < 1
    assert frame.scale == pytest.approx(preview.shape[1] / 1224)


def test_dng_without_a_preview_is_demosaiced_at_half_size(raw_dir):
    path = raw_dir / "blackmagic_pocket_4k.dng"
    with rawpy.imread(str(path)) as raw, pytest.raises(rawpy.LibRawNoThumbnailError):
        raw.extract_thumb()
    frame = decode_for_analysis(path)
    assert (frame.width, frame.height) == (4128, 2176)
    image_height, image_width = frame.image.shape[:2]
    assert image_width == WORKING_LONG_SIDE
    assert image_width / image_height == pytest.approx(4128 / 2176, rel=0.01)
    # a real picture (lake, sky, car park), not a black or flat frame
    assert 20 < frame.image.mean() < 235
    assert frame.image.std() > 15


# ---- the odd files ---------------------------------------------------------------------

def test_every_odd_exif_file_decodes_or_says_why(exif_dir):
    decoded, refused = [], []
    for path in sorted(exif_dir.glob("*.jpg")):
        try:
            frame = decode_for_analysis(path)
        except FrameError as error:
            refused.append((path.name, str(error)))
            continue
        assert frame.image.ndim == 3 and frame.image.size > 0, path.name
        assert max(frame.image.shape[:2]) <= WORKING_LONG_SIDE, path.name
        decoded.append(path.name)
    assert all(message for _, message in refused)
    # all of these are readable pictures but corrupted.jpg, whose entropy data is damaged
    assert [name for name, _ in refused] == ["corrupted.jpg"]


def test_damaged_entropy_data_is_an_error_for_analysis_but_still_a_preview(exif_dir):
    with pytest.raises(FrameError, match=r"damaged JPEG data: .*premature end of data segment"):
        decode_for_analysis(exif_dir / "corrupted.jpg")
    preview = decode_frame(exif_dir / "corrupted.jpg", 1600)     # the grid shows what is there
    assert preview.image.shape == (1200, 1600, 3) and preview.image.std() > 10


def test_a_damaged_jpeg_is_reported_by_analyze_and_not_scored(exif_dir, photos, tmp_path, cli):
    shoot = tmp_path / "shoot"
    shoot.mkdir()
    data = bytearray((photos / "df_img11.jpg").read_bytes())
    middle = len(data) // 2
    for offset in range(0, 20 * 37, 37):                   # a flipped run in the middle
        data[middle + offset] ^= 0x55
    (shoot / "flipped.jpg").write_bytes(bytes(data))
    (shoot / "corrupted.jpg").write_bytes((exif_dir / "corrupted.jpg").read_bytes())
    (shoot / "fine.jpg").write_bytes((photos / "df_img11.jpg").read_bytes())
    run = cli(str(shoot), "--jobs", "1")
    assert run.returncode == 0, run.stderr
    frames = {f["file"]: f for f in json.loads(run.stdout)["frames"]}
    for name in ("flipped.jpg", "corrupted.jpg"):
        assert frames[name]["error"].startswith("damaged JPEG data"), frames[name]
        assert frames[name]["headshot_score"] is None, frames[name]
    assert frames["fine.jpg"]["error"] is None and frames["fine.jpg"]["headshot_score"] > 0
    assert "Corrupt JPEG data" not in run.stderr       # heard, not printed


def test_blanked_phone_picture_decodes_as_its_flat_grey(exif_dir):
    frame = decode_for_analysis(exif_dir / "exifpy_67-0_length_string.jpg")
    assert (frame.width, frame.height) == (4032, 2012)
    assert np.abs(frame.image.astype(int) - 137).max() <= 2


# ---- PNG and TIFF variants of a real photo -------------------------------------------

@pytest.fixture(scope="module")
def headshot_bgr(shared) -> np.ndarray:
    return cv2.imread(str(shared / "photos" / "df_img11.jpg"), cv2.IMREAD_COLOR)


def test_tiff_decodes_like_the_picture_it_holds(tmp_path, headshot_bgr):
    path = tmp_path / "frame.TIF"
    cv2.imwrite(str(path), headshot_bgr)
    frame = decode_for_analysis(path)
    assert (frame.width, frame.height) == (600, 800)
    assert np.array_equal(frame.image, headshot_bgr)


def test_sixteen_bit_png_becomes_eight_bit(tmp_path, headshot_bgr):
    path = tmp_path / "frame16.png"
    cv2.imwrite(str(path), headshot_bgr.astype(np.uint16) * 257)
    frame = decode_for_analysis(path)
    assert frame.image.dtype == np.uint8
    assert np.array_equal(frame.image, headshot_bgr)


def test_grey_png_becomes_three_channels(tmp_path, headshot_bgr):
    path = tmp_path / "grey.png"
    grey = cv2.cvtColor(headshot_bgr, cv2.COLOR_BGR2GRAY)
    cv2.imwrite(str(path), grey)
    frame = decode_for_analysis(path)
    assert frame.image.shape == (800, 600, 3)
    assert np.array_equal(frame.image[:, :, 1], grey)


def test_the_content_decides_the_format_not_the_extension(tmp_path, shared):
    path = tmp_path / "really_a_jpeg.png"
    path.write_bytes((shared / "photos" / "df_img11.jpg").read_bytes())
    frame = decode_for_analysis(path)
    assert (frame.width, frame.height) == (600, 800)


def test_analysis_working_size_can_be_chosen(shared):
    from shotkind_desktop.core.files.decode import decode_for_analysis

    big = shared / "photos" / "fr_obama.jpg"
    standard = decode_for_analysis(big)
    small = decode_for_analysis(big, 600)
    assert max(small.image.shape[:2]) <= 600 < max(standard.image.shape[:2])
    assert (small.width, small.height) == (standard.width, standard.height)
