"""The quality of one delivered file, read back the way a client's software reads it:
colour (an Adobe RGB source comes out as sRGB with the right colours), metadata (GPS gone,
copyright in EXIF and XMP, with exiftool), orientation, JPEG encoding; and the pieces the
export is made of: preset sizes, name templates, the --select parser."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageCms, JpegImagePlugin

from shotkind_desktop.core.delivery.export import ExportSettings, run_export
from shotkind_desktop.core.delivery.export_names import (NameBook, NameFields, check_template,
                                                render_name, safe_stem)
from shotkind_desktop.core.delivery.export_presets import PRESETS, parse_preset
from shotkind_desktop.core.decisions.selection import FrameFilter, parse_selection
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, UNFLAGGED

ADOBE_RGB = Path("/usr/share/color/icc/compatibleWithAdobeRGB1998.icc")   # icc-profiles-free
EVERYTHING = FrameFilter()
PATCHES = {"red": (200, 40, 40), "green": (40, 160, 60), "blue": (50, 80, 200)}
PATCH = 80   # px


def exiftool(path: Path) -> dict:
    found = subprocess.run(["exiftool", "-j", "-G1", "-n", str(path)], capture_output=True,
                           text=True, check=True)
    return json.loads(found.stdout)[0]


def export_one(folder: Path, out: Path, **options):
    report = run_export(folder, ExportSettings(out, [PRESETS["original"]], EVERYTHING, **options))
    assert report.exit_code == 0, report.problems
    (item,) = report.exported
    return out / item.output, item


def lab(rgb) -> np.ndarray:
    pixel = np.asarray(rgb, np.float32).reshape(1, -1, 3) / 255
    return cv2.cvtColor(pixel, cv2.COLOR_RGB2Lab).reshape(-1, 3)


@pytest.fixture
def adobe_rgb_shoot(photos, tmp_path) -> Path:
    """A real photo with three known sRGB colour patches, converted to Adobe RGB (1998)
    and saved with that profile embedded, as a camera set to Adobe RGB would."""
    if not ADOBE_RGB.is_file():
        pytest.fail(f"{ADOBE_RGB} missing: install icc-profiles-free (scripts/setup.sh --test)")
    image = Image.open(photos / "df_img13.jpg").convert("RGB")
    for index, colour in enumerate(PATCHES.values()):
        image.paste(colour, (20 + index * (PATCH + 20), 20, 20 + index * (PATCH + 20) + PATCH, 20 + PATCH))
    adobe = ImageCms.ImageCmsProfile(str(ADOBE_RGB))
    converted = ImageCms.profileToProfile(image, ImageCms.createProfile("sRGB"), adobe,
                                          renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    folder = tmp_path / "adobe"
    folder.mkdir()
    converted.save(folder / "adobe.jpg", quality=98, subsampling=0, icc_profile=adobe.tobytes())
    return folder


def test_an_adobe_rgb_source_comes_out_in_srgb_with_its_colours(adobe_rgb_shoot, tmp_path):
    # as a camera set to Adobe RGB tags it: colour space "uncalibrated", interop R03
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-n", "-ExifIFD:ColorSpace=65535",
                    "-InteropIndex=R03", str(adobe_rgb_shoot / "adobe.jpg")], check=True)
    output, _item = export_one(adobe_rgb_shoot, tmp_path / "out")
    tags = exiftool(output)
    assert tags["ExifIFD:ColorSpace"] == 1 and "InteropIFD:InteropIndex" not in tags   # says sRGB
    with Image.open(output) as image:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
        assert "srgb" in ImageCms.getProfileDescription(profile).lower()
        pixels = np.asarray(image.convert("RGB"))
    source = np.asarray(Image.open(adobe_rgb_shoot / "adobe.jpg").convert("RGB"))
    unconverted = []
    for index, (name, colour) in enumerate(PATCHES.items()):
        area = np.s_[30:20 + PATCH - 10, 30 + index * (PATCH + 20):10 + index * (PATCH + 20) + PATCH]
        exported = pixels[area].reshape(-1, 3).mean(axis=0)
        delta = np.linalg.norm(lab(exported) - lab(colour))
        assert delta < 3, f"{name} patch off by ΔE {delta:.1f}"
        untouched = source[area].reshape(-1, 3).mean(axis=0)
        unconverted.append(np.linalg.norm(lab(untouched) - lab(colour)))
    # the same numbers read as sRGB without converting are visibly wrong (Adobe RGB's
    # blue primary is sRGB's, so the blue patch barely moves; red and green do)
    assert max(unconverted) > 10


def test_gps_is_removed_and_copyright_written_to_exif_and_xmp(photos, tmp_path):
    folder = tmp_path / "gps"
    folder.mkdir()
    shutil.copy2(photos / "df_img11.jpg", folder / "located.jpg")
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-GPSLatitude=48.8584",
                    "-GPSLatitudeRef=N", "-GPSLongitude=2.2945", "-GPSLongitudeRef=E",
                    "-Make=Canon", "-Model=Canon EOS R6", "-XMP-exif:GPSLatitude=48.8584",
                    str(folder / "located.jpg")], check=True)
    assert "GPS:GPSLatitude" in exiftool(folder / "located.jpg")
    report = run_export(folder, ExportSettings(tmp_path / "out", [PRESETS["linkedin"]], EVERYTHING,
                                               copyright="© 2026 Jane Doe Photography",
                                               creator="Jane Doe"))
    assert report.exit_code == 0, report.problems
    tags = exiftool(tmp_path / "out" / report.exported[0].output)
    assert not [key for key in tags if "GPS" in key]
    assert tags["IFD0:Copyright"] == "© 2026 Jane Doe Photography"
    assert tags["IFD0:Artist"] == "Jane Doe"
    assert tags["XMP-dc:Rights"] == "© 2026 Jane Doe Photography"
    assert tags["XMP-dc:Creator"] == "Jane Doe"
    assert tags["IFD0:Make"] == "Canon" and tags["IFD0:Orientation"] == 1
    assert (tags["ExifIFD:ExifImageWidth"], tags["ExifIFD:ExifImageHeight"]) == (1200, 1200)

    stripped = run_export(folder, ExportSettings(tmp_path / "stripped", [PRESETS["original"]],
                                                 EVERYTHING, keep_exif=False, creator="Jane Doe"))
    tags = exiftool(tmp_path / "stripped" / stripped.exported[0].output)
    assert "IFD0:Make" not in tags and not [key for key in tags if "GPS" in key]
    assert tags["IFD0:Artist"] == "Jane Doe" and "IFD0:Copyright" not in tags


def test_a_camera_gps_block_never_leaves(exif_dir, tmp_path):
    folder = tmp_path / "camera"
    folder.mkdir()
    shutil.copy2(exif_dir / "DSCN0010.jpg", folder / "DSCN0010.jpg")   # a Nikon with GPS
    output, _item = export_one(folder, tmp_path / "out")
    tags = exiftool(output)
    assert tags["IFD0:Make"].startswith("NIKON")
    assert not [key for key in tags if "GPS" in key]


def test_orientation_is_applied_to_the_pixels(photos, tmp_path):
    folder = tmp_path / "turned"
    folder.mkdir()
    shutil.copy2(photos / "df_img11.jpg", folder / "turned.jpg")
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-Orientation#=6",
                    str(folder / "turned.jpg")], check=True)
    output, item = export_one(folder, tmp_path / "out")
    assert exiftool(output)["IFD0:Orientation"] == 1
    with Image.open(output) as image:
        assert image.size == (800, 600) == item.output_size
        exported = np.asarray(image.convert("RGB"), np.float32)
    stored = np.asarray(Image.open(photos / "df_img11.jpg").convert("RGB"), np.float32)
    clockwise = np.rot90(stored, k=-1)   # orientation 6: turn 90° clockwise to view
    assert np.abs(exported - clockwise).mean() < 3
    assert np.abs(exported - np.rot90(stored, k=1)).mean() > 20


def test_an_orientation_only_in_xmp_is_exported_as_the_loupe_shows_it(photos, tmp_path):
    """Decoding and the crop guides go by the EXIF orientation; Pillow's exif_transpose
    also obeys XMP tiff:Orientation. A file turned only in XMP (as some editors write
    it) must export the way the loupe shows it, or the crop is cut from swapped sides."""
    from shotkind_desktop.core.files.decode import decode_frame

    folder = tmp_path / "xmp-turned"
    folder.mkdir()
    shutil.copy2(photos / "df_img11.jpg", folder / "turned.jpg")
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-XMP-tiff:Orientation#=6",
                    "-IFD0:Orientation=", str(folder / "turned.jpg")], check=True)
    tags = exiftool(folder / "turned.jpg")
    assert tags["XMP-tiff:Orientation"] == 6 and "IFD0:Orientation" not in tags
    loupe = decode_frame(folder / "turned.jpg", None).image
    report = run_export(folder, ExportSettings(tmp_path / "out", [PRESETS["original"], PRESETS["linkedin"]],
                                               EVERYTHING))
    assert report.exit_code == 0, report.problems
    items = {item.preset: item for item in report.exported}
    assert items["original"].output_size == (loupe.shape[1], loupe.shape[0]) == (600, 800)
    crop = items["linkedin"]
    assert not [note for note in crop.notes if "not shaped like" in note]
    x, y, w, h = crop.crop_box
    expected = cv2.resize(loupe[y:y + h, x:x + w], crop.output_size, interpolation=cv2.INTER_AREA)
    with Image.open(tmp_path / "out" / crop.output) as image:
        exported = np.asarray(image.convert("RGB"))[..., ::-1]
    assert np.abs(exported.astype(np.float32) - expected.astype(np.float32)).mean() < 6


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_of_the_exif_corpus_exports_as_the_loupe_shows_it(exif_dir, orientation):
    """Export turns pixels with Pillow, the loupe and analysis with OpenCV, both from
    exifread's orientation: a camera's real file of each of the eight orientations must
    come out the same way up from both."""
    from shotkind_desktop.core.files.decode import decode_frame
    from shotkind_desktop.core.delivery.export_image import load_source

    path = exif_dir / f"orientation_portrait_{orientation}.jpg"
    source = load_source(path)
    shown = decode_frame(path, None)
    assert source.capture.orientation == shown.capture.orientation == orientation
    exported = np.asarray(source.image, np.float32).mean(axis=2)    # sRGB from its Generic RGB
    loupe = np.asarray(shown.image, np.float32).mean(axis=2)         # profile: compare shapes of
    assert exported.shape == loupe.shape                             # light, not levels

    def agreement(turned) -> float:
        return float(np.corrcoef(exported.ravel(), turned.ravel())[0, 1])
    assert agreement(loupe) > 0.99
    assert max(agreement(np.flip(loupe, 1)), agreement(np.flip(loupe, 0)), agreement(np.rot90(loupe, 2))) < 0.7


def test_jpeg_is_progressive_with_full_chroma_at_high_quality(photos, tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy2(photos / "df_img13.jpg", folder / "a.jpg")
    high, _ = export_one(folder, tmp_path / "q92")
    low, _ = export_one(folder, tmp_path / "q80", quality=80)
    reference = io.BytesIO()
    Image.open(folder / "a.jpg").save(reference, "JPEG", quality=92)
    with Image.open(high) as image, Image.open(reference) as q92:
        assert image.info.get("progressive") or image.info.get("progression")
        assert JpegImagePlugin.get_sampling(image) == 0            # 4:4:4
        assert image.quantization == q92.quantization              # quality 92 by default
    with Image.open(low) as image:
        assert JpegImagePlugin.get_sampling(image) == 2            # 4:2:0 below quality 90
        assert "4:2:0" in subprocess.run(["exiftool", "-YCbCrSubSampling", str(low)],
                                         capture_output=True, text=True).stdout


def test_presets_parse_with_sizes_that_keep_their_ratio():
    assert parse_preset("linkedin") == PRESETS["linkedin"]
    resized = parse_preset("web-4x5=1080x1350")
    assert (resized.ratio, resized.width, resized.height) == ("4:5", 1080, 1350)
    for wrong in ("web-4x5=1000x1000", "nonsense", "original=100x100", "linkedin=0x0"):
        with pytest.raises(ValueError):
            parse_preset(wrong)


def test_names_from_the_template_are_safe_on_every_disk():
    fields = NameFields("IMG_0042", 7, "linkedin", "2026-03-14", 4, "Green", "Acme: Board/2026")
    assert render_name("{client}_{seq}_{name}_{preset}", fields) == "Acme_ Board_2026_007_IMG_0042_linkedin"
    assert render_name("{date}-{rating}-{label}", fields) == "2026-03-14-4-Green"
    assert safe_stem('a<b>c:"d|e?f*') == "a_b_c_d_e_f"
    assert safe_stem("CON") == "CON_" and safe_stem("nul.backup") == "nul.backup_"
    assert safe_stem("trailing. ") == "trailing"
    assert safe_stem("Zoë Ünal") == "Zoë Ünal"
    assert len(safe_stem("x" * 400)) <= 150
    for bad in ("{nmae}", "{name", "  "):
        with pytest.raises(ValueError):
            check_template(bad)
    book = NameBook()
    assert [book.claim("a", ".jpg") for _ in range(3)] == ["a.jpg", "a-2.jpg", "a-3.jpg"]
    assert book.claim("A", ".jpg") == "A-4.jpg"   # case-insensitive disks


def test_select_parses_to_the_grid_filter():
    assert parse_selection("picks").flags == frozenset({1})
    assert parse_selection("all") == FrameFilter(flags=frozenset({PICK, UNFLAGGED, REJECT}))
    assert parse_selection("headshots").kind == "headshot"
    assert parse_selection("rating>=3").min_rating == 3
    assert parse_selection("label=red").label == "Red"
    both = parse_selection("picks,rating>=2")
    assert both.flags == frozenset({1}) and both.min_rating == 2
    for wrong in ("rating>=9", "label=pink", "best", "rating>=x"):
        with pytest.raises(ValueError):
            parse_selection(wrong)


def test_a_heic_with_a_wide_gamut_profile_comes_out_in_srgb(adobe_rgb_shoot, tmp_path):
    """Phones shoot HEIC in a wide gamut (Display P3); a wide-gamut HEIC made from the
    Adobe RGB photo must come out like the JPEG does."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    folder = tmp_path / "phone"
    folder.mkdir()
    with Image.open(adobe_rgb_shoot / "adobe.jpg") as source:
        source.save(folder / "IMG_1234.HEIC", quality=95, icc_profile=source.info["icc_profile"])
    output, item = export_one(folder, tmp_path / "out")
    with Image.open(output) as image:
        assert image.size == item.output_size == (2048, 1364)
        assert "srgb" in ImageCms.getProfileDescription(
            ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))).lower()
        pixels = np.asarray(image.convert("RGB"))
    green = pixels[30:90, 130:190].reshape(-1, 3).mean(axis=0)
    assert np.linalg.norm(lab(green) - lab(PATCHES["green"])) < 4


def test_sixteen_bit_tiff_and_png_export_at_full_size(photos, tmp_path):
    folder = tmp_path / "deep"
    folder.mkdir()
    stored = cv2.imread(str(photos / "df_img11.jpg"))
    for suffix in (".tif", ".png"):
        cv2.imwrite(str(folder / f"scan{suffix}"), stored.astype(np.uint16) * 257)
    report = run_export(folder, ExportSettings(tmp_path / "out", [PRESETS["original"]], EVERYTHING))
    assert report.exit_code == 0 and len(report.exported) == 2
    for item in report.exported:
        exported = np.asarray(Image.open(tmp_path / "out" / item.output).convert("RGB"), np.float32)
        assert np.abs(exported - stored[..., ::-1]).mean() < 2
