"""The print of a photo's picture (core.files.picture_print): the same through captions
written into the file, another for another photo, on real photos."""

from __future__ import annotations

import shutil
import subprocess

import cv2
import numpy as np

from shotkind_desktop.core.files.jpeg_region import read_layout
from shotkind_desktop.core.files.picture_print import picture_print


def test_captions_and_a_trailer_keep_the_print_a_turn_changes_it(photos, tmp_path):
    photo = tmp_path / "IMG_0001.JPG"
    shutil.copy2(photos / "df_img11.jpg", photo)
    before = picture_print(photo)
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-IPTC:Caption-Abstract=Jane Doe, CFO",
                    "-XMP-dc:Description=Jane Doe, CFO", "-XMP-xmp:Rating=4", str(photo)], check=True)
    with photo.open("ab") as handle:             # data after the end of the image, as Photo Mechanic's
        handle.write(b"\x00" * 300 + b"cbipcbbl")
    assert picture_print(photo) == before
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-n", "-Orientation=6", str(photo)], check=True)
    assert picture_print(photo) != before        # crops are kept in upright pixels


def test_two_high_key_frames_alike_in_their_first_rows_differ(photos, tmp_path):
    """A headshot on a backdrop blown to white: the first 64 KB of the scan (about 1% of a
    24 MP frame) were the same for two frames with the face in other places."""
    face = cv2.imread(str(photos / "df_img11.jpg"))
    prints = []
    for left in (1500, 2500):
        canvas = np.full((4000, 6000, 3), 255, np.uint8)
        canvas[2000:2000 + face.shape[0], left:left + face.shape[1]] = face
        path = tmp_path / f"at_{left}.jpg"
        path.write_bytes(cv2.imencode(".jpg", canvas, [cv2.IMWRITE_JPEG_QUALITY, 92])[1].tobytes())
        prints.append(picture_print(path))
    first, second = ((tmp_path / f"at_{left}.jpg").read_bytes() for left in (1500, 2500))
    scan = read_layout(first).scan_at
    assert first[scan:scan + 65536] == second[scan:scan + 65536]
    assert prints[0] != prints[1]


def test_another_photo_has_another_print_and_a_cut_header_none(photos, tmp_path):
    one, other = tmp_path / "a.jpg", tmp_path / "b.jpg"
    shutil.copy2(photos / "df_img11.jpg", one)
    shutil.copy2(photos / "df_img13.jpg", other)
    assert picture_print(one) != picture_print(other)
    data = one.read_bytes()
    one.write_bytes(data[:read_layout(data).sof_at + 5])        # cut inside the frame header
    assert picture_print(one) is None


def test_other_formats_print_their_file(photos, tmp_path):
    png = tmp_path / "a.png"
    shutil.copy2(next(photos.glob("*.png")), png)
    assert picture_print(png).startswith("file:")
    before = picture_print(png)
    png.write_bytes(png.read_bytes() + b"\x00")
    assert picture_print(png) != before
