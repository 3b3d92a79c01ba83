"""`shotkind analyze` on the real odd-EXIF and RAW samples in ../shared: every file is
reported once, with its upright size (checked here with Pillow and LibRaw, not with
ShotKind's own decoder) and no error, but for corrupted.jpg: libjpeg warns that its data
is damaged, and its picture has a garbled band, so it is not scored."""

from __future__ import annotations

import json
import shutil

import rawpy
from PIL import Image


def upright_size_by_pillow(path) -> tuple[int, int]:
    with Image.open(path) as image:
        width, height = image.size
        orientation = image.getexif().get(0x0112, 1)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def upright_size_by_libraw(path) -> tuple[int, int]:
    with rawpy.imread(str(path)) as raw:
        width, height, flip = raw.sizes.width, raw.sizes.height, raw.sizes.flip
    return (height, width) if flip in (5, 6) else (width, height)


def test_analyze_reports_every_shared_sample_upright_and_the_damaged_one_as_such(exif_dir, raw_dir, tmp_path,
                                                                        cli, yunet_model):
    shoot = tmp_path / "samples"
    shoot.mkdir()
    expected = {}
    for path in sorted(exif_dir.glob("*.jpg")):
        shutil.copy(path, shoot / path.name)
        expected[path.name] = upright_size_by_pillow(path)
    for path in sorted(raw_dir.glob("*.dng")):
        shutil.copy(path, shoot / path.name)
        expected[path.name] = upright_size_by_libraw(path)
    assert len(expected) == 22
    run = cli(str(shoot), "--detector", "yunet", "--model", str(yunet_model), "--jobs", "2")
    assert run.returncode == 0, run.stderr
    frames = json.loads(run.stdout)["frames"]
    assert sorted(frame["file"] for frame in frames) == sorted(expected)
    damaged = [f for f in frames if f["file"] == "corrupted.jpg"]   # libjpeg warns: a garbled band
    assert damaged[0]["error"].startswith("damaged JPEG data") and damaged[0]["headshot_score"] is None
    for frame in frames:
        if frame in damaged:
            continue
        assert frame["error"] is None, (frame["file"], frame["error"])
        assert (frame["width"], frame["height"]) == expected[frame["file"]], frame["file"]
    portraits = [f for f in frames if f["file"].startswith("orientation_portrait_")]
    assert len(portraits) == 8 and all(f["height"] > f["width"] for f in portraits)
