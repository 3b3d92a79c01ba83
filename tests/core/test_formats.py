"""Every format in filetypes' table is read, upright, at the right size: HEIC made here by
encoding a shared photo with pillow-heif (with an EXIF orientation, as phones write),
16-bit TIFF and PNG made from a shared photo; pictures ShotKind cannot read are frames
with a reason, not hidden."""

from __future__ import annotations

import io
import shutil

import cv2
import numpy as np
import pytest
from PIL import Image

from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.files.decode import FrameError, decode_for_analysis, decode_frame
from shotkind_desktop.core.files.previews import decode_preview, embedded_thumbnail
from shotkind_desktop.core.files.scan import scan_shoot
from shotkind_desktop.core.shoot import scan_frames

pillow_heif = pytest.importorskip("pillow_heif")
SMALL = 640          # encoding HEVC is slow; a small photo keeps the test quick


def small_photo(photos) -> Image.Image:
    with Image.open(photos / "df_img11.jpg") as image:
        image = image.convert("RGB")
        image.thumbnail((SMALL, SMALL))
        return image


def heic_bytes(image: Image.Image, orientation: int = 1, taken: str | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 15"
    if taken:
        exif[0x8769] = {0x9003: taken}                             # DateTimeOriginal
    heif = pillow_heif.from_pillow(image)
    out = io.BytesIO()
    heif.save(out, quality=70, exif=exif.tobytes())
    return out.getvalue()


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    b = cv2.resize(b, (a.shape[1], a.shape[0]), interpolation=cv2.INTER_AREA)
    a = cv2.cvtColor(a, cv2.COLOR_BGR2GRAY).astype(float).ravel()
    b = cv2.cvtColor(b, cv2.COLOR_BGR2GRAY).astype(float).ravel()
    return float(np.corrcoef(a, b)[0, 1])


def bgr(image: Image.Image) -> np.ndarray:
    return cv2.cvtColor(np.asarray(image), cv2.COLOR_RGB2BGR)


def test_heic_from_a_phone_opens_upright_with_its_capture_info(photos, tmp_path):
    image = small_photo(photos)
    # orientation 6: the phone held the camera turned; the pixels are stored sideways
    stored = image.transpose(Image.Transpose.ROTATE_90)
    path = tmp_path / "IMG_4021.HEIC"
    path.write_bytes(heic_bytes(stored, orientation=6, taken="2024:05:06 07:08:09"))
    frame = decode_for_analysis(path)
    assert (frame.width, frame.height) == image.size               # upright again
    assert frame.image.shape[:2] == (image.height, image.width)
    assert similarity(frame.image, bgr(image)) > 0.95
    assert similarity(frame.image, bgr(image.transpose(Image.Transpose.ROTATE_180))) < 0.8
    assert frame.capture.camera == "Apple iPhone 15" and frame.capture.orientation == 1
    assert frame.capture.capture_time.year == 2024
    preview = decode_preview(path, 200)
    assert max(preview.image.shape[:2]) == 200 and preview.width == image.width
    assert embedded_thumbnail(path) is None                        # EXIF thumbnails are JPEG-only


def test_heic_is_a_frame_of_the_shoot_in_capture_order(photos, tmp_path):
    (tmp_path / "phone.heic").write_bytes(heic_bytes(small_photo(photos), taken="1999:01:01 00:00:00"))
    shutil.copy(photos / "df_img13.jpg", tmp_path / "camera.jpg")
    assert [p.name for p in scan_shoot(tmp_path)][0] == "phone.heic"


def test_truncated_heic_gives_a_frame_error(photos, tmp_path):
    data = heic_bytes(small_photo(photos))
    path = tmp_path / "cut.heic"
    path.write_bytes(data[:len(data) // 2])
    with pytest.raises(FrameError, match="truncated HEIF"):
        decode_for_analysis(path)


def test_heic_whose_coded_picture_overruns_its_box_gives_a_frame_error(photos, tmp_path):
    # found by test_fuzz: the first HEVC unit's length claims more bytes than the file
    # holds, and libheif raises EOFError through Pillow
    data = bytearray(heic_bytes(small_photo(photos)))
    coded = data.index(b"mdat") + 4
    data[coded:coded + 4] = b"\x7f\xff\xff\xff"
    path = tmp_path / "overrun.heic"
    path.write_bytes(bytes(data))
    with pytest.raises(FrameError, match="corrupt or truncated HEIF"):
        decode_for_analysis(path)


@pytest.mark.parametrize("suffix", [".tif", ".png"])
def test_sixteen_bit_tiff_and_png_are_read_to_eight_bits(photos, tmp_path, suffix):
    source = cv2.imread(str(photos / "df_img11.jpg"))
    deep = source.astype(np.uint16) * 257                          # 0..255 -> 0..65535
    path = tmp_path / f"deep{suffix}"
    assert cv2.imwrite(str(path), deep)
    frame = decode_frame(path, None)
    assert frame.image.dtype == np.uint8
    assert (frame.width, frame.height) == (source.shape[1], source.shape[0])
    assert np.abs(frame.image.astype(int) - source.astype(int)).max() <= 1


def test_eight_bit_png_with_alpha_is_read(photos, tmp_path):
    with Image.open(photos / "df_img11.jpg") as image:
        image.convert("RGBA").save(tmp_path / "cut_out.png")
    frame = decode_for_analysis(tmp_path / "cut_out.png")
    assert frame.image.shape[2] == 3 and frame.width > 0


@pytest.mark.parametrize("name", ["retouch.psd", "future.jxl", "animation.gif"])
def test_pictures_that_cannot_be_read_are_listed_with_the_reason(photos, tmp_path, name):
    shutil.copy(photos / "df_img11.jpg", tmp_path / "ok.jpg")
    (tmp_path / name).write_bytes(b"\x00" * 64)
    shoot = scan_frames(tmp_path)
    assert sorted(shoot.names()) == sorted(["ok.jpg", name])       # not hidden
    with pytest.raises(FrameError, match="unsupported format") as error:
        decode_for_analysis(tmp_path / name)
    assert str(error.value).endswith(filetypes.UNREADABLE[filetypes.extension(tmp_path / name)])


def test_heic_without_pillow_heif_says_what_is_missing(photos, tmp_path, monkeypatch):
    import shotkind_desktop.core.files.decode as decode
    path = tmp_path / "phone.heic"
    path.write_bytes(heic_bytes(small_photo(photos)))
    monkeypatch.setattr(decode, "_heif_registered", False)
    monkeypatch.setitem(__import__("sys").modules, "pillow_heif", None)   # import fails
    with pytest.raises(FrameError, match="pillow-heif"):
        decode_for_analysis(path)
