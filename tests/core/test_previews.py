"""Previews and thumbnails on real files: size, RGB order, orientation, RAW paths, the
reduced JPEG decode, full resolution, and the same errors as analysis for bad files."""

from __future__ import annotations

import shutil
import subprocess

import cv2
import numpy as np
import pytest

from shotkind_desktop.core.files import decode as decode_module
from shotkind_desktop.core.files.decode import FrameError, decode_for_analysis
from shotkind_desktop.core.files.previews import (THUMBNAIL_LONG_SIDE, Preview, decode_preview, embedded_thumbnail,
                                            decode_thumbnail, encode_thumbnail, fit_within)


def likeness(a: np.ndarray, b: np.ndarray) -> float:
    """Normalised correlation of two RGB pictures at 96 x 96 in grey: 1 for the same
    scene whatever its exposure, well below for another view of it."""
    small = [cv2.resize(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), (96, 96),
                        interpolation=cv2.INTER_AREA) for image in (a, b)]
    return float(cv2.matchTemplate(small[0], small[1], cv2.TM_CCOEFF_NORMED)[0, 0])


def full_rgb(path) -> np.ndarray:
    """OpenCV's own full decode (it applies EXIF orientation), as RGB."""
    return cv2.cvtColor(cv2.imread(str(path), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)


def assert_preview_shape(preview: Preview, long_side: int | None):
    image = preview.image
    assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3
    assert image.flags["C_CONTIGUOUS"]
    full_long = max(preview.width, preview.height)
    expected = full_long if long_side is None else min(long_side, full_long)
    assert max(image.shape[:2]) <= expected
    assert image.shape[1] / image.shape[0] == pytest.approx(preview.width / preview.height, rel=0.01)


# ---- JPEG sizes ---------------------------------------------------------------------------

@pytest.mark.parametrize("folder, name, width, height", [
    ("exif", "iphone_hdr_YES.jpg", 3264, 2448),
    ("exif", "HMD_Nokia_8.3_5G.jpg", 4608, 1976),
    ("photos", "df_img33.jpg", 2048, 2048),
    ("photos", "df_img7.jpg", 1363, 2048),
])
@pytest.mark.parametrize("long_side", [THUMBNAIL_LONG_SIDE, 1000, 1800])
def test_jpeg_previews_have_the_size_asked_for(shared, folder, name, width, height, long_side):
    path = shared / folder / name
    preview = decode_preview(path, long_side)
    assert (preview.width, preview.height) == (width, height)
    assert_preview_shape(preview, long_side)
    assert max(preview.image.shape[:2]) == long_side      # every one is larger than asked
    assert preview.scale == pytest.approx(preview.image.shape[1] / width)
    # the same picture, in RGB order, as a full decode shrunk to that size
    reference = cv2.resize(full_rgb(path), preview.image.shape[1::-1], interpolation=cv2.INTER_AREA)
    assert np.abs(reference.astype(int) - preview.image.astype(int)).mean() < 4


def test_previews_are_rgb_not_bgr(photos):
    # a blue studio backdrop: blue is the strongest channel in the last position
    preview = decode_preview(photos / "df_img24.jpg", 300)
    red, green, blue = (preview.image[:40, :40, c].mean() for c in range(3))
    assert blue > red + 60 and blue > green


@pytest.mark.parametrize("long_side, reduction", [
    (THUMBNAIL_LONG_SIDE, cv2.IMREAD_REDUCED_COLOR_8),   # 3264 / 8 = 408 >= 384
    (700, cv2.IMREAD_REDUCED_COLOR_4),                   # 3264 / 4 = 816 >= 700 > 408
    (1600, cv2.IMREAD_REDUCED_COLOR_2),                  # 3264 / 2 = 1632 >= 1600
    (2000, cv2.IMREAD_COLOR),                            # no reduction reaches 2000
])
def test_jpeg_decoding_uses_the_smallest_reduction_that_is_big_enough(exif_dir, monkeypatch,
                                                                      long_side, reduction):
    flags_seen = []
    imdecode = cv2.imdecode

    def spy(buffer, flags):
        flags_seen.append(flags & ~cv2.IMREAD_IGNORE_ORIENTATION)
        return imdecode(buffer, flags)

    monkeypatch.setattr(decode_module.cv2, "imdecode", spy)
    preview = decode_preview(exif_dir / "iphone_hdr_YES.jpg", long_side)
    assert flags_seen == [reduction]
    assert max(preview.image.shape[:2]) == long_side


def test_small_images_are_never_upscaled(photos):
    path = photos / "df_img25.jpg"          # 400 x 400
    preview = decode_preview(path, 1600)
    assert preview.image.shape == (400, 400, 3)
    assert np.array_equal(preview.image, full_rgb(path))


@pytest.mark.parametrize("long_side", [None, 0])
@pytest.mark.parametrize("folder, name", [("exif", "iphone_hdr_YES.jpg"), ("exif", "canon_hdr_NO.jpg"),
                                          ("photos", "sk_coffee.png")])
def test_full_resolution_is_the_whole_picture(shared, folder, name, long_side):
    path = shared / folder / name
    preview = decode_preview(path, long_side)
    assert preview.image.shape[:2] == (preview.height, preview.width)
    assert np.array_equal(preview.image, full_rgb(path))     # upright, every pixel


def test_bad_long_sides_are_refused(photos):
    with pytest.raises(ValueError):
        decode_preview(photos / "df_img25.jpg", -5)


# ---- orientation ---------------------------------------------------------------------------

@pytest.mark.parametrize("orientation, turn", [
    (3, lambda image: cv2.rotate(image, cv2.ROTATE_180)),
    (6, lambda image: cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)),
    (8, lambda image: cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE)),
    (2, lambda image: cv2.flip(image, 1)),
])
def test_exif_rotated_copies_come_out_upright(tmp_path, photos, orientation, turn):
    path = tmp_path / "rotated.jpg"
    shutil.copy(photos / "df_img13.jpg", path)                # 2048 x 1364, orientation 1
    path.chmod(0o644)
    subprocess.run(["exiftool", f"-Orientation#={orientation}", "-overwrite_original", str(path)],
                   check=True, capture_output=True)
    stored = decode_preview(photos / "df_img13.jpg", 600)
    preview = decode_preview(path, 600)
    assert preview.capture.orientation == orientation
    expected_size = (1364, 2048) if orientation in (5, 6, 7, 8) else (2048, 1364)
    assert (preview.width, preview.height) == expected_size
    assert_preview_shape(preview, 600)
    # the stored picture turned (the area resize, done after turning, rounds a little apart)
    assert np.abs(preview.image.astype(int) - turn(stored.image).astype(int)).mean() < 0.5
    if orientation in (6, 8):
        other = 8 if orientation == 6 else 6
        wrong = cv2.rotate(stored.image, cv2.ROTATE_90_CLOCKWISE if other == 6 else
                           cv2.ROTATE_90_COUNTERCLOCKWISE)
        assert likeness(preview.image, wrong) < 0.5


def test_camera_rotated_jpeg_preview_is_upright(exif_dir):
    preview = decode_preview(exif_dir / "canon_hdr_NO.jpg", THUMBNAIL_LONG_SIDE)   # orientation 6
    assert (preview.width, preview.height) == (1536, 2048)
    assert preview.image.shape == (THUMBNAIL_LONG_SIDE, 288, 3)
    analysis = decode_for_analysis(exif_dir / "canon_hdr_NO.jpg").image
    assert likeness(preview.image, cv2.cvtColor(analysis, cv2.COLOR_BGR2RGB)) > 0.99


# ---- RAW -------------------------------------------------------------------------------------

def test_dng_preview_comes_from_its_embedded_jpeg(raw_dir):
    path = raw_dir / "canon_eos_6d.dng"                 # 1224 x 816, a 1024 x 683 JPEG inside
    preview = decode_preview(path, THUMBNAIL_LONG_SIDE)
    assert (preview.width, preview.height) == (1224, 816)
    assert preview.image.shape == (256, 384, 3)
    assert preview.capture.camera == "Canon EOS 6D"
    import rawpy
    with rawpy.imread(str(path)) as raw:
        embedded = cv2.imdecode(np.frombuffer(raw.extract_thumb().data, np.uint8), cv2.IMREAD_COLOR)
    embedded = cv2.resize(cv2.cvtColor(embedded, cv2.COLOR_BGR2RGB), (384, 256), interpolation=cv2.INTER_AREA)
    assert np.abs(embedded.astype(int) - preview.image.astype(int)).mean() < 2


def test_dng_at_full_resolution_is_demosaiced_not_its_smaller_preview(raw_dir):
    path = raw_dir / "canon_eos_6d.dng"
    preview = decode_preview(path, None)
    assert preview.image.shape == (816, 1224, 3)        # the 1024-px preview would not do
    small = decode_preview(path, 1000)
    assert small.image.shape == (667, 1000, 3)
    assert likeness(preview.image, small.image) > 0.95


@pytest.mark.parametrize("long_side, shape", [
    (THUMBNAIL_LONG_SIDE, (201, 384, 3)),   # from the half-size demosaic (2064 x 1088)
    (3000, (1581, 3000, 3)),                # more than half size: the full demosaic
    (None, (2176, 4128, 3)),
])
def test_dng_without_a_preview_is_demosaiced(raw_dir, long_side, shape):
    preview = decode_preview(raw_dir / "blackmagic_pocket_4k.dng", long_side)
    assert (preview.width, preview.height) == (4128, 2176)
    assert abs(preview.image.shape[0] - shape[0]) <= 1 and preview.image.shape[1:] == shape[1:]
    assert 20 < preview.image.mean() < 235 and preview.image.std() > 15    # a real scene
    analysis = cv2.cvtColor(decode_for_analysis(raw_dir / "blackmagic_pocket_4k.dng").image,
                            cv2.COLOR_BGR2RGB)
    assert likeness(preview.image, analysis) > 0.99


@pytest.mark.parametrize("name, orientation, turn", [
    ("blackmagic_pocket_4k.dng", 6, cv2.ROTATE_90_CLOCKWISE),      # demosaiced
    ("canon_eos_6d.dng", 8, cv2.ROTATE_90_COUNTERCLOCKWISE),       # embedded preview
])
@pytest.mark.parametrize("long_side", [THUMBNAIL_LONG_SIDE, None])
def test_rotated_dngs_come_out_upright(tmp_path, raw_dir, name, orientation, turn, long_side):
    """A camera held upright: the same DNG with an Orientation tag, which LibRaw reads as
    its flip. Both the preview and the demosaic are turned once, not twice."""
    path = tmp_path / name
    shutil.copy(raw_dir / name, path)
    path.chmod(0o644)
    subprocess.run(["exiftool", f"-Orientation#={orientation}", "-overwrite_original", str(path)],
                   check=True, capture_output=True)
    level = decode_preview(raw_dir / name, long_side)
    preview = decode_preview(path, long_side)
    assert preview.capture.orientation == orientation
    assert (preview.width, preview.height) == (level.height, level.width)
    assert preview.image.shape == cv2.rotate(level.image, turn).shape
    assert likeness(preview.image, cv2.rotate(level.image, turn)) > 0.99
    analysis = cv2.cvtColor(decode_for_analysis(path).image, cv2.COLOR_BGR2RGB)
    assert analysis.shape[0] > analysis.shape[1]                     # portrait, like the frame
    assert likeness(analysis, cv2.rotate(level.image, turn)) > 0.95  # preview vs demosaic tones


# ---- bad files: the same words as analysis ---------------------------------------------------

@pytest.fixture
def bad_files(tmp_path, photos, raw_dir) -> list:
    jpeg = (photos / "df_img13.jpg").read_bytes()
    png = (photos / "sk_coffee.png").read_bytes()
    dng = (raw_dir / "canon_eos_6d.dng").read_bytes()
    files = {
        "empty.jpg": b"",
        "cut_in_half.jpg": jpeg[:len(jpeg) // 2],
        "notes.jpg": b"Shoot notes: ACME corp, 12 people, grey backdrop.\n",
        "cut_in_half.png": png[:len(png) // 2],
        "notes.dng": b"not a raw file, just words\n",
        "cut_in_half.dng": dng[:len(dng) // 3],
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "folder.jpg").mkdir()
    return [tmp_path / name for name in files] + [tmp_path / "folder.jpg", tmp_path / "missing.jpg"]


@pytest.mark.parametrize("long_side", [THUMBNAIL_LONG_SIDE, None])
def test_bad_files_raise_the_analysis_errors(bad_files, long_side):
    for path in bad_files:
        with pytest.raises(FrameError) as analysis_error:
            decode_for_analysis(path)
        with pytest.raises(FrameError) as preview_error:
            decode_preview(path, long_side)
        assert str(preview_error.value) == str(analysis_error.value), path.name
        assert str(preview_error.value)


# ---- thumbnails --------------------------------------------------------------------------------

def test_thumbnails_round_trip_through_jpeg(photos):
    preview = decode_preview(photos / "df_img24.jpg", THUMBNAIL_LONG_SIDE)
    jpeg = encode_thumbnail(preview.image)
    assert jpeg[:3] == b"\xff\xd8\xff" and len(jpeg) < 60_000
    back = decode_thumbnail(jpeg)
    assert back.shape == preview.image.shape and back.dtype == np.uint8
    assert back.flags["C_CONTIGUOUS"]
    assert np.abs(back.astype(int) - preview.image.astype(int)).mean() < 3
    # RGB in, RGB out: every channel keeps its mean
    assert back.reshape(-1, 3).mean(axis=0) == pytest.approx(preview.image.reshape(-1, 3).mean(axis=0), abs=1.5)


def test_thumbnail_quality_trades_bytes(photos):
    image = decode_preview(photos / "df_img33.jpg", THUMBNAIL_LONG_SIDE).image
    low, high = encode_thumbnail(image, 50), encode_thumbnail(image, 95)
    assert len(low) < len(high)
    assert np.abs(decode_thumbnail(high).astype(int) - image.astype(int)).mean() < \
        np.abs(decode_thumbnail(low).astype(int) - image.astype(int)).mean()


def test_damaged_thumbnails_raise_frame_error(photos):
    jpeg = encode_thumbnail(decode_preview(photos / "df_img11.jpg", THUMBNAIL_LONG_SIDE).image)
    for damaged in (b"", jpeg[: len(jpeg) // 2], b"cached text", jpeg[4:]):
        with pytest.raises(FrameError):
            decode_thumbnail(damaged)
    with pytest.raises(ValueError):
        encode_thumbnail(np.zeros((10, 10, 3), np.float32))


# ---- the camera's own EXIF thumbnail (the grid's first pass) ---------------------------------

def test_embedded_thumbnail_of_camera_files_is_small_upright_and_frame_shaped(shared_dir):
    for name in ("DSCN0010.jpg", "exiforg_fujifilm-finepix40i.jpg", "iphone_hdr_YES.jpg"):
        path = shared_dir / "exif" / name
        thumbnail = embedded_thumbnail(path)
        full = decode_preview(path, 400)
        assert thumbnail is not None, name
        assert max(thumbnail.shape[:2]) <= 160
        assert thumbnail.shape[1] / thumbnail.shape[0] == pytest.approx(
            full.width / full.height, rel=0.05), f"{name}: black bars cut to the frame's shape"
        # the same picture: a small version of the real decode correlates with it
        small = cv2.resize(full.image, (thumbnail.shape[1], thumbnail.shape[0]), interpolation=cv2.INTER_AREA)
        correlation = np.corrcoef(small.astype(float).ravel(), thumbnail.astype(float).ravel())[0, 1]
        assert correlation > 0.8, name


def test_embedded_thumbnail_follows_the_orientation(shared_dir, tmp_path):
    source = shared_dir / "exif" / "DSCN0010.jpg"
    turned = tmp_path / "turned.jpg"
    shutil.copy(source, turned)
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-Orientation#=6", str(turned)], check=True)
    upright_thumb, turned_thumb = embedded_thumbnail(source), embedded_thumbnail(turned)
    assert turned_thumb.shape[:2] == upright_thumb.shape[1::-1]
    np.testing.assert_array_equal(turned_thumb, cv2.rotate(upright_thumb, cv2.ROTATE_90_CLOCKWISE))


def test_no_embedded_thumbnail_gives_none(shared_dir, tmp_path):
    stripped = tmp_path / "stripped.jpg"
    shutil.copy(shared_dir / "exif" / "DSCN0010.jpg", stripped)
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-ThumbnailImage=", str(stripped)], check=True)
    assert embedded_thumbnail(stripped) is None
    png = next((shared_dir / "photos").glob("*.png"))
    assert embedded_thumbnail(png) is None


# ---- the loupe's fitted view ----------------------------------------------------------------

@pytest.mark.parametrize("name, box", [("df_img13.jpg", (1289, 655)), ("df_couple.jpg", (700, 1000))])
def test_fit_within_shrinks_a_preview_into_the_view_keeping_its_shape(shared_dir, name, box):
    image = decode_preview(shared_dir / "photos" / name, 2048).image
    height, width = image.shape[:2]
    fitted = fit_within(image, box)
    assert fitted.shape[1] <= box[0] and fitted.shape[0] <= box[1]
    assert fitted.shape[1] == box[0] or fitted.shape[0] == box[1], "as large as the view allows"
    assert fitted.shape[1] / fitted.shape[0] == pytest.approx(width / height, rel=0.01)
    assert likeness(fitted, image) > 0.99
    assert fitted.dtype == np.uint8 and fitted.flags["C_CONTIGUOUS"]


def test_fit_within_averages_pixels_and_leaves_a_small_picture_alone(shared_dir):
    image = decode_preview(shared_dir / "photos" / "df_img13.jpg", 2048).image
    image = image[:image.shape[0] // 4 * 4, :image.shape[1] // 4 * 4]
    quarter = fit_within(image, (image.shape[1] // 4, image.shape[0] // 4))
    blocks = image.reshape(image.shape[0] // 4, 4, image.shape[1] // 4, 4, 3).mean(axis=(1, 3))
    assert np.abs(quarter.astype(float) - blocks).max() <= 1, "each pixel the mean of the pixels it covers"
    assert fit_within(image, (image.shape[1], image.shape[0] + 50)) is image
