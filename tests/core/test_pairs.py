"""RAW+JPEG pairs are one frame: a real shared photo as IMG_0001.JPG beside the real Canon
EOS 6D DNG renamed IMG_0001.DNG (different pictures, an honest stand-in for pairing: only
names and file types decide a pair). Scanning, the shoot, decisions and sidecars, and
`shotkind analyze` see one frame with both files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.files.pairing import FrameFiles, frames_by_name, pair_files, scan_pairs
from shotkind_desktop.core.files.scan import scan_shoot
from shotkind_desktop.core.shoot import scan_frames
from shotkind_desktop.core.decisions.xmp import read_sidecar, write_sidecar


@pytest.fixture
def paired_shoot(tmp_path, photos, raw_dir) -> Path:
    """IMG_0001 as JPEG+DNG, IMG_0002 a lone JPEG, IMG_0003 a lone DNG."""
    shutil.copy(photos / "df_img11.jpg", tmp_path / "IMG_0001.JPG")
    shutil.copy(raw_dir / "canon_eos_6d.dng", tmp_path / "IMG_0001.DNG")
    shutil.copy(photos / "df_img13.jpg", tmp_path / "IMG_0002.JPG")
    shutil.copy(raw_dir / "canon_eos_6d.dng", tmp_path / "IMG_0003.DNG")
    return tmp_path


def test_scan_pairs_gives_a_pair_once_with_the_jpeg_for_pictures(paired_shoot):
    assert len(scan_shoot(paired_shoot)) == 4                   # every file, as before
    frames = {f.path.name: f for f in scan_pairs(paired_shoot)}
    assert set(frames) == {"IMG_0001.JPG", "IMG_0002.JPG", "IMG_0003.DNG"}
    assert frames["IMG_0001.JPG"].raw == paired_shoot / "IMG_0001.DNG"
    assert frames["IMG_0001.JPG"].files == (paired_shoot / "IMG_0001.JPG", paired_shoot / "IMG_0001.DNG")
    assert frames["IMG_0002.JPG"].raw is None and frames["IMG_0003.DNG"].raw is None
    assert frames["IMG_0003.DNG"].files == (paired_shoot / "IMG_0003.DNG",)


def test_only_one_raw_and_one_picture_make_a_pair(tmp_path):
    a = [tmp_path / "A.CR2", tmp_path / "A.JPG"]
    b = [tmp_path / "B.CR2", tmp_path / "B.DNG", tmp_path / "B.JPG"]     # two RAWs: which?
    c = [tmp_path / "C.JPG", tmp_path / "C.PNG"]                         # no RAW
    d = [tmp_path / "D.PNG", tmp_path / "D.NEF"]                         # PNG is not a camera picture
    e = [tmp_path / "x" / "E.JPG", tmp_path / "y" / "E.CR2"]             # other folders
    found = pair_files([*a, *b, *c, *d, *e])
    assert found[0] == FrameFiles(tmp_path / "A.JPG", tmp_path / "A.CR2")
    assert [f.raw for f in found[1:]] == [None] * 9
    assert len(found) == 10


def test_shoot_frame_is_named_by_its_jpeg_and_lists_both_files(paired_shoot):
    shoot = scan_frames(paired_shoot)
    assert sorted(shoot.names()) == ["IMG_0001.JPG", "IMG_0002.JPG", "IMG_0003.DNG"]
    pair = next(f for f in shoot.frames if f.name == "IMG_0001.JPG")
    assert pair.path == paired_shoot / "IMG_0001.JPG" and pair.raw == paired_shoot / "IMG_0001.DNG"
    assert pair.files == (pair.path, pair.raw)
    assert pair.identity.size == (paired_shoot / "IMG_0001.JPG").stat().st_size
    assert [f.order for f in shoot.frames] == [0, 1, 2]


def test_frame_files_found_from_names_alone(paired_shoot):
    found = frames_by_name(paired_shoot, ["IMG_0001.JPG", "IMG_0002.JPG", "IMG_0003.DNG"])
    assert found == {frame.path.name: frame for frame in scan_pairs(paired_shoot)}
    assert found["IMG_0001.JPG"].raw == paired_shoot / "IMG_0001.DNG"


def test_decision_on_a_pair_reaches_the_one_sidecar_lightroom_reads(paired_shoot):
    keeper = DecisionKeeper(paired_shoot, Catalog.open(paired_shoot), scan_frames(paired_shoot).names())
    keeper.apply(["IMG_0001.JPG"], lambda d: Decision(PICK, 4, "Green"))
    sidecars = sorted(p.name for p in paired_shoot.glob("*.xmp"))
    assert sidecars == ["IMG_0001.xmp"]                 # shared by IMG_0001.JPG and .DNG
    assert read_sidecar(paired_shoot / "IMG_0001.DNG").decision == Decision(PICK, 4, "Green")


def test_decision_on_a_pair_with_kept_extensions_writes_both_sidecars(paired_shoot):
    shoot = scan_frames(paired_shoot)
    keeper = DecisionKeeper(paired_shoot, Catalog.open(paired_shoot), shoot.names(),
                            keep_extension=True, files={f.name: f.on_disk for f in shoot.frames})
    keeper.apply(["IMG_0001.JPG"], lambda d: Decision(REJECT, 2, "Red"))
    assert sorted(p.name for p in paired_shoot.glob("*.xmp")) == ["IMG_0001.DNG.xmp", "IMG_0001.JPG.xmp"]
    for name in ("IMG_0001.DNG", "IMG_0001.JPG"):       # darktable and digiKam read each file's own
        assert read_sidecar(paired_shoot / name).decision == Decision(REJECT, 2, "Red")
    keeper.undo()
    for name in ("IMG_0001.DNG", "IMG_0001.JPG"):
        assert read_sidecar(paired_shoot / name).decision == Decision()


def test_an_existing_raw_sidecar_of_a_pair_is_read_and_kept_in_step(paired_shoot):
    # darktable rated the RAW: IMG_0001.DNG.xmp; ShotKind opens the pair by its JPEG
    write_sidecar(paired_shoot / "IMG_0001.DNG", Decision(rating=3), keep_extension=True)
    keeper = DecisionKeeper(paired_shoot, Catalog.open(paired_shoot), scan_frames(paired_shoot).names())
    assert keeper.decisions()["IMG_0001.JPG"].rating == 3
    keeper.apply(["IMG_0001.JPG"], lambda d: Decision(PICK, 5))
    assert read_sidecar(paired_shoot / "IMG_0001.DNG").decision == Decision(PICK, 5)
    (paired_shoot / "IMG_0001.xmp").unlink()           # what darktable's own file says
    assert read_sidecar(paired_shoot / "IMG_0001.DNG").path.name == "IMG_0001.DNG.xmp"
    assert read_sidecar(paired_shoot / "IMG_0001.DNG").decision == Decision(PICK, 5)


def test_analyze_reports_a_pair_once_naming_both_files(paired_shoot, cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    run = cli(str(paired_shoot), "--jobs", "1", "--json", str(out / "r.json"), "--csv", str(out / "r.csv"))
    assert run.returncode == 0, run.stderr
    frames = {f["file"]: f for f in json.loads((out / "r.json").read_text())["frames"]}
    assert set(frames) == {"IMG_0001.JPG", "IMG_0002.JPG", "IMG_0003.DNG"}
    assert frames["IMG_0001.JPG"]["raw"] == "IMG_0001.DNG"
    assert frames["IMG_0002.JPG"]["raw"] is None
    # the pair is analysed on its JPEG (df_img11.jpg's size), the lone DNG on its RAW
    assert frames["IMG_0001.JPG"]["width"] != frames["IMG_0003.DNG"]["width"]
    assert all(f["error"] is None for f in frames.values())
    csv_text = (out / "r.csv").read_text()
    assert "IMG_0001.DNG" in csv_text and csv_text.count("\n") == 4


def test_a_pair_is_ordered_by_its_jpeg_without_reading_the_raw(paired_shoot, monkeypatch):
    from shotkind_desktop.core.files import scan
    read = []
    original = scan._capture_moment
    monkeypatch.setattr(scan, "_capture_moment", lambda path: read.append(path.name) or original(path))
    frames = scan_pairs(paired_shoot)
    assert sorted(read) == ["IMG_0001.JPG", "IMG_0002.JPG", "IMG_0003.DNG"]   # not IMG_0001.DNG
    # the same order as every file's own capture time gives (the pair at its JPEG's place)
    every_file = [path for path in scan_shoot(paired_shoot) if path.name != "IMG_0001.DNG"]
    assert [frame.path for frame in frames] == every_file


def test_a_pair_whose_jpeg_is_broken_is_analysed_on_its_raw(paired_shoot):
    from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
    jpeg = paired_shoot / "IMG_0001.JPG"
    jpeg.write_bytes(jpeg.read_bytes()[:5000])                 # the card was pulled mid-write
    (paired_shoot / "IMG_0002.JPG").write_bytes(b"")           # a lone broken JPEG stays broken
    results = {r.file: r for r in analyze_shoot(paired_shoot, scan_pairs(paired_shoot), "mtcnn", jobs=1)}
    pair = results["IMG_0001.JPG"]
    assert pair.error is None and pair.raw == "IMG_0001.DNG"
    assert (pair.width, pair.height) == (results["IMG_0003.DNG"].width, results["IMG_0003.DNG"].height)
    assert pair.reasons[0].startswith("analysed on the RAW: the JPEG could not be read (truncated JPEG")
    assert results["IMG_0002.JPG"].error == "empty file (0 bytes)"


def test_stems_pair_across_case_only_where_the_disk_ignores_case(tmp_path, shared, monkeypatch):
    """img_0001.jpg beside IMG_0001.DNG: two names on this Linux disk, so two frames with
    their own sidecars; one pair with one IMG_0001.xmp where the disk ignores case
    (macOS, Windows, a memory card), which the folder is asked (core.files.name_case)."""
    from shotkind_desktop.core.files import pairing

    shutil.copy(shared / "photos" / "df_img11.jpg", tmp_path / "img_0001.jpg")
    shutil.copy(shared / "raw" / "canon_eos_6d.dng", tmp_path / "IMG_0001.DNG")
    assert sorted(frame.path.name for frame in scan_pairs(tmp_path)) == ["IMG_0001.DNG", "img_0001.jpg"]
    monkeypatch.setattr(pairing, "ignores_case", lambda folder, names=None: True)
    [frame] = scan_pairs(tmp_path)
    assert frame.path.name == "img_0001.jpg" and frame.raw.name == "IMG_0001.DNG"
    assert [p.name for p in frame.sidecars()] == ["img_0001.xmp", "img_0001.jpg.xmp", "IMG_0001.DNG.xmp"]
    write_sidecar(frame, Decision(PICK, 3))
    assert sorted(p.name for p in tmp_path.glob("*.xmp")) == ["img_0001.xmp"]     # once, not twice
