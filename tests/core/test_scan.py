"""Scanning a shoot folder: which files are frames, recursion, and the order of frames."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from shotkind_desktop.core.files.scan import scan_shoot


def names(folder: Path, paths: list[Path]) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in paths]


@pytest.fixture
def mixed_folder(tmp_path, photos, raw_dir) -> Path:
    """Real frames under camera-style names, plus everything a card or a catalog leaves."""
    shutil.copy(photos / "df_img11.jpg", tmp_path / "A.JPG")
    shutil.copy(photos / "df_img12.jpg", tmp_path / "b.jpeg")
    shutil.copy(photos / "sk_coffee.png", tmp_path / "c.PNG")
    shutil.copy(photos / "df_img13.jpg", tmp_path / "d.Jpe")
    shutil.copy(raw_dir / "canon_eos_6d.dng", tmp_path / "e.DNG")
    # not frames
    (tmp_path / "A.xmp").write_text("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")
    (tmp_path / "b.jpeg.XMP").write_text("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")
    shutil.copy(photos / "df_img14.jpg", tmp_path / ".hidden.jpg")
    shutil.copy(photos / "df_img11.jpg", tmp_path / "._A.JPG")      # macOS AppleDouble
    (tmp_path / "notes.txt").write_text("client: ACME, 20 headshots")
    (tmp_path / "labels.csv").write_text("file,kind\n")
    (tmp_path / "Thumbs.db").write_bytes(b"\0" * 64)
    (tmp_path / "folder.jpg").mkdir()                                 # a folder, not a file
    return tmp_path


def test_image_extensions_are_matched_whatever_their_case(mixed_folder):
    found = names(mixed_folder, scan_shoot(mixed_folder))
    assert sorted(found) == ["A.JPG", "b.jpeg", "c.PNG", "d.Jpe", "e.DNG"]


def test_hidden_files_sidecars_other_files_and_folders_are_skipped(mixed_folder):
    found = set(names(mixed_folder, scan_shoot(mixed_folder, recursive=True)))
    for skipped in (".hidden.jpg", "._A.JPG", "A.xmp", "b.jpeg.XMP", "notes.txt", "labels.csv",
                    "Thumbs.db", "folder.jpg"):
        assert skipped not in found


@pytest.fixture
def nested_folder(tmp_path, photos) -> Path:
    shutil.copy(photos / "df_img11.jpg", tmp_path / "top.jpg")
    (tmp_path / "day2" / "studio").mkdir(parents=True)
    shutil.copy(photos / "df_img12.jpg", tmp_path / "day2" / "mid.jpg")
    shutil.copy(photos / "sk_coffee.png", tmp_path / "day2" / "studio" / "deep.png")
    (tmp_path / ".thumbnails").mkdir()                                # hidden folder
    shutil.copy(photos / "df_img13.jpg", tmp_path / ".thumbnails" / "thumb.jpg")
    return tmp_path


def test_without_recursion_only_the_folder_itself_is_scanned(nested_folder):
    assert names(nested_folder, scan_shoot(nested_folder)) == ["top.jpg"]


def test_recursion_finds_frames_in_subfolders_but_not_in_hidden_ones(nested_folder):
    found = names(nested_folder, scan_shoot(nested_folder, recursive=True))
    assert sorted(found) == ["day2/mid.jpg", "day2/studio/deep.png", "top.jpg"]


def test_a_symlink_loop_in_a_recursive_scan_ends_and_lists_each_frame_once(nested_folder):
    (nested_folder / "day2" / "studio" / "back-to-top").symlink_to(nested_folder, target_is_directory=True)
    (nested_folder / "day2" / "self").symlink_to(nested_folder / "day2", target_is_directory=True)
    found = names(nested_folder, scan_shoot(nested_folder, recursive=True))
    assert sorted(found) == ["day2/mid.jpg", "day2/studio/deep.png", "top.jpg"]
    # and without recursion the links are not followed at all
    assert names(nested_folder, scan_shoot(nested_folder)) == ["top.jpg"]


def test_an_empty_folder_has_no_frames(tmp_path):
    assert scan_shoot(tmp_path) == []
    assert scan_shoot(tmp_path, recursive=True) == []


# Real camera JPEGs and their DateTimeOriginal (see ../shared/exif/SOURCES.md):
#   exiforg_fujifilm-finepix40i.jpg  2000-08-04 18:22:57
#   DSCN0010.jpg                     2008-10-22 16:28:39
#   canon_hdr_NO.jpg                 2015-02-09 22:47:44
#   iphone_hdr_YES.jpg               2015-04-10 20:12:23.55


def test_frames_are_ordered_by_capture_time_then_by_name(tmp_path, exif_dir, photos):
    # Alphabetical order is the reverse of capture order.
    shutil.copy(exif_dir / "iphone_hdr_YES.jpg", tmp_path / "a_2015-04.jpg")
    shutil.copy(exif_dir / "canon_hdr_NO.jpg", tmp_path / "b_2015-02.JPG")
    shutil.copy(exif_dir / "DSCN0010.jpg", tmp_path / "c_2008.jpg")
    shutil.copy(exif_dir / "exiforg_fujifilm-finepix40i.jpg", tmp_path / "d_2000.jpg")
    # Two frames with the same capture time: the name decides, whatever its case.
    shutil.copy(exif_dir / "DSCN0010.jpg", tmp_path / "Z_2008_copy.jpg")
    shutil.copy(exif_dir / "DSCN0010.jpg", tmp_path / "y_2008_copy.jpg")
    # A PNG has no EXIF: its file time places it (2012 here, between 2008 and 2015).
    no_exif = tmp_path / "e_no_exif_2012.png"
    shutil.copy(photos / "sk_coffee.png", no_exif)
    moment = datetime(2012, 6, 1, 12, 0).timestamp()
    os.utime(no_exif, (moment, moment))

    assert names(tmp_path, scan_shoot(tmp_path)) == [
        "d_2000.jpg", "c_2008.jpg", "y_2008_copy.jpg", "Z_2008_copy.jpg", "e_no_exif_2012.png",
        "b_2015-02.JPG", "a_2015-04.jpg",
    ]


def test_order_across_subfolders_follows_capture_time_not_folders(tmp_path, exif_dir):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(exif_dir / "iphone_hdr_YES.jpg", tmp_path / "a" / "1.jpg")
    shutil.copy(exif_dir / "DSCN0010.jpg", tmp_path / "b" / "2.jpg")
    shutil.copy(exif_dir / "exiforg_fujifilm-finepix40i.jpg", tmp_path / "3.jpg")
    assert names(tmp_path, scan_shoot(tmp_path, recursive=True)) == ["3.jpg", "b/2.jpg", "a/1.jpg"]
