"""Files a failed card copy cuts short, made here from the shared RAW and JPEG samples (a
tester, D5): a DNG cut at 300 of 411 kB culled as a normal frame, because its embedded
preview comes first; only the export found out, saying `b'Corrupted data or unexpected
EOF'`; `--copy-originals` handed the cut files over without a word; and random bytes
named .CR2 were blamed on "this camera's files"."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.decisions.selection import parse_selection
from shotkind_desktop.core.delivery.export import ExportSettings, run_export
from shotkind_desktop.core.delivery.export_presets import PRESETS
from shotkind_desktop.core.files.cut_short import picture_damage, raw_cut_short
from shotkind_desktop.core.files.decode import FrameError, decode_frame

RAWS = ("canon_eos_6d.dng", "blackmagic_pocket_4k.dng")
CUTS = (0.3, 0.73, 0.99, 0.9995)


def cut(source: Path, fraction: float, target: Path) -> Path:
    """The first `fraction` of `source`'s bytes, as a copy that stopped part way leaves."""
    data = source.read_bytes()
    target.write_bytes(data[:int(len(data) * fraction)])
    return target


@pytest.mark.parametrize("raw", RAWS)
def test_a_raw_cut_short_is_an_error_when_its_preview_is_read(shared, tmp_path, raw):
    whole = shutil.copy(shared / "raw" / raw, tmp_path / raw)
    assert raw_cut_short(Path(whole).read_bytes()) is None
    decode_frame(Path(whole), 800)                                  # the whole file is a frame
    for fraction in CUTS:
        damaged = cut(shared / "raw" / raw, fraction, tmp_path / f"cut_{fraction}_{raw}")
        with pytest.raises(FrameError, match="truncated RAW file: the file ends before its image data") as error:
            decode_frame(damaged, 800)
        assert "b'" not in str(error.value) and "copy it again from the card" in str(error.value)


def test_no_whole_sample_is_taken_for_a_cut_one(shared):
    """Every photo and EXIF sample the suite holds, RAWs included, is whole."""
    samples = [path for folder in ("raw", "exif", "photos", "photos-more") for path in (shared / folder).iterdir()
               if path.suffix.lower() in (".dng", ".jpg", ".jpeg")]
    assert len(samples) > 20
    assert [path.name for path in samples if picture_damage(path, path.read_bytes())] == []


def test_random_bytes_named_as_a_raw_are_not_blamed_on_the_camera(tmp_path):
    junk = tmp_path / "IMG_0099.CR2"
    junk.write_bytes(random.Random(5).randbytes(60_000))
    with pytest.raises(FrameError) as error:
        decode_frame(junk, 800)
    assert str(error.value).startswith("not a readable RAW file")
    assert "camera" not in str(error.value)


def test_export_refuses_to_hand_over_a_cut_original_and_says_which_and_why(shared, tmp_path):
    shoot = tmp_path / "shoot"
    shoot.mkdir()
    shutil.copy(shared / "photos" / "df_img11.jpg", shoot / "IMG_0001.jpg")
    cut(shared / "raw" / "canon_eos_6d.dng", 300_000 / 411_944, shoot / "IMG_0010_cut.DNG")
    cut(shared / "exif" / "DSCN0010.jpg", 0.66, shoot / "IMG_0006_truncated.JPG")
    (shoot / "IMG_0099.CR2").write_bytes(random.Random(5).randbytes(60_000))
    names = ("IMG_0001.jpg", "IMG_0010_cut.DNG", "IMG_0006_truncated.JPG", "IMG_0099.CR2")
    with Catalog.open(shoot) as catalog:
        catalog.save_decisions({name: Decision(PICK) for name in names})
    before = {path.name: path.read_bytes() for path in shoot.iterdir() if path.is_file()}

    handed = tmp_path / "originals"
    report = run_export(shoot, ExportSettings(tmp_path / "out", [PRESETS["original"]],
                                              selection=parse_selection("picks"), originals=handed, jobs=1))
    said = {copy.file: copy.error for copy in report.originals}
    assert said["IMG_0001.jpg"] is None
    assert said["IMG_0010_cut.DNG"].startswith("not copied: truncated RAW file")
    assert said["IMG_0006_truncated.JPG"].startswith("not copied: truncated JPEG")
    assert said["IMG_0099.CR2"].startswith("not copied: not a readable RAW file")
    assert sorted(path.name for path in handed.iterdir()) == ["IMG_0001.jpg"]
    reasons = {problem.source: " ".join(problem.notes) for problem in report.problems}
    assert all("b'" not in reason for reason in reasons.values()), reasons
    assert "truncated RAW file" in reasons["IMG_0010_cut.DNG"]
    assert "truncated JPEG" in reasons["IMG_0006_truncated.JPG"]
    assert report.exit_code == 1
    assert {path.name: path.read_bytes() for path in shoot.iterdir() if path.is_file()} == before
