"""Photos with the same stem that are not a RAW+JPEG pair (a JPEG beside a PNG, a CR2
beside a converted DNG) are separate frames with separate decisions: each has its own
sidecar, a reject on one never reaches the other, and export, the hand-over of originals
and the trash take only the frame's own files. Real shared photos; the CR2 is the real
Canon DNG renamed (only names and types decide which files make a frame)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.delivery.export import ExportSettings, run_export
from shotkind_desktop.core.delivery.export_presets import PRESETS
from shotkind_desktop.core.delivery.export_trash import rejected_files
from shotkind_desktop.core.decisions.selection import FrameFilter
from shotkind_desktop.core.shoot import scan_frames
from shotkind_desktop.core.decisions.xmp import write_sidecar


@pytest.fixture
def clash(tmp_path, shared) -> Path:
    """IMG_0001 as a JPEG and a PNG (two pictures), IMG_0002 as a CR2 and a DNG."""
    folder = tmp_path / "shoot"
    folder.mkdir()
    shutil.copy2(shared / "photos" / "df_img11.jpg", folder / "IMG_0001.JPG")
    shutil.copy2(shared / "photos-more" / "gpen_ffhq_00002.png", folder / "IMG_0001.png")
    shutil.copy2(shared / "raw" / "canon_eos_6d.dng", folder / "IMG_0002.CR2")
    shutil.copy2(shared / "raw" / "canon_eos_6d.dng", folder / "IMG_0002.DNG")
    return folder


def keeper_on(folder: Path) -> DecisionKeeper:
    """As a shoot is opened; each frame's files found from the names alone."""
    return DecisionKeeper(folder, Catalog.open(folder), scan_frames(folder).names())


def test_same_stem_frames_keep_their_own_decisions(clash):
    keeper = keeper_on(clash)
    keeper.apply(["IMG_0001.JPG"], lambda d: Decision(PICK, 5))
    keeper.apply(["IMG_0001.png"], lambda d: Decision(REJECT))
    keeper.apply(["IMG_0002.CR2"], lambda d: Decision(PICK, 4))
    keeper.apply(["IMG_0002.DNG"], lambda d: Decision(REJECT))
    assert sorted(p.name for p in clash.glob("*.xmp")) == \
        ["IMG_0001.JPG.xmp", "IMG_0001.png.xmp", "IMG_0002.DNG.xmp", "IMG_0002.xmp"]
    reopened = keeper_on(clash).decisions()
    assert reopened["IMG_0001.JPG"] == Decision(PICK, 5)
    assert reopened["IMG_0001.png"].is_reject
    assert reopened["IMG_0002.CR2"] == Decision(PICK, 4)   # Lightroom's IMG_0002.xmp is the CR2's
    assert reopened["IMG_0002.DNG"].is_reject


def test_a_shared_sidecar_is_read_by_each_and_written_by_none(clash):
    # an older ShotKind (or a tool) left one IMG_0001.xmp for both pictures
    write_sidecar(clash / "IMG_0001.JPG", Decision(rating=3))
    shared = (clash / "IMG_0001.xmp").read_bytes()
    keeper = keeper_on(clash)
    assert keeper.decisions()["IMG_0001.JPG"].rating == 3
    assert keeper.decisions()["IMG_0001.png"].rating == 3
    keeper.apply(["IMG_0001.png"], lambda d: Decision(REJECT))
    assert (clash / "IMG_0001.xmp").read_bytes() == shared
    again = keeper_on(clash).decisions()
    assert again["IMG_0001.JPG"] == Decision(rating=3) and again["IMG_0001.png"].is_reject


def test_trash_and_hand_over_take_only_the_frames_own_files(clash, tmp_path):
    keeper = keeper_on(clash)
    keeper.apply(["IMG_0001.JPG", "IMG_0002.CR2"], lambda d: Decision(PICK, 5))
    keeper.apply(["IMG_0001.png", "IMG_0002.DNG"], lambda d: Decision(REJECT))
    keeper.catalog.close()
    found = rejected_files(clash)
    assert sorted(found.frames) == ["IMG_0001.png", "IMG_0002.DNG"]
    assert sorted(p.name for p in found.files) == \
        ["IMG_0001.png", "IMG_0001.png.xmp", "IMG_0002.DNG", "IMG_0002.DNG.xmp"]
    picks = FrameFilter(flags=frozenset({PICK}))
    moved = run_export(clash, ExportSettings(tmp_path / "out", [PRESETS["original"]], picks,
                                             originals=tmp_path / "moved", move_originals=True))
    assert sorted(c.file for c in moved.originals) == \
        ["IMG_0001.JPG", "IMG_0001.JPG.xmp", "IMG_0002.CR2", "IMG_0002.xmp"]
    assert sorted(p.name for p in clash.iterdir() if not p.name.startswith(".")) == \
        ["IMG_0001.png", "IMG_0001.png.xmp", "IMG_0002.DNG", "IMG_0002.DNG.xmp"]
    # the CR2's pixels come from the CR2, never from the same-stem frame beside it
    assert {i.pixels_from for i in moved.items} == {"IMG_0001.JPG", "IMG_0002.CR2"}


def test_a_name_that_is_another_files_stem_keeps_its_own_sidecar(tmp_path, shared):
    # portrait.jpg.jpg (a download's double extension) beside portrait.jpg: portrait.jpg.xmp
    # is darktable's name for portrait.jpg's sidecar and Lightroom's for the other's
    folder = tmp_path / "shoot"
    folder.mkdir()
    shutil.copy2(shared / "photos" / "df_img11.jpg", folder / "portrait.jpg")
    shutil.copy2(shared / "photos" / "df_img13.jpg", folder / "portrait.jpg.jpg")
    write_sidecar(folder / "portrait.jpg", Decision(rating=2), keep_extension=True)   # darktable's
    keeper = keeper_on(folder)
    assert keeper.decisions()["portrait.jpg.jpg"] == Decision(), "another file's sidecar is not read"
    keeper.apply(["portrait.jpg"], lambda d: Decision(PICK, 5))
    keeper.apply(["portrait.jpg.jpg"], lambda d: Decision(REJECT))
    keeper.catalog.close()
    assert sorted(p.name for p in folder.glob("*.xmp")) == \
        ["portrait.jpg.jpg.xmp", "portrait.jpg.xmp", "portrait.xmp"]
    reopened = keeper_on(folder)
    assert reopened.decisions()["portrait.jpg"] == Decision(PICK, 5)
    assert reopened.decisions()["portrait.jpg.jpg"].is_reject
    reopened.catalog.close()
    assert sorted(rejected_files(folder).frames) == ["portrait.jpg.jpg"]
    assert sorted(p.name for p in rejected_files(folder).files) == ["portrait.jpg.jpg", "portrait.jpg.jpg.xmp"]


def test_a_file_saved_beside_a_decided_one_does_not_take_its_decision(tmp_path, shared):
    # IMG_0001.jpg rejected while alone (its decision in IMG_0001.xmp), then a retouched
    # IMG_0001.tif saved beside it: the TIFF was never judged
    folder = tmp_path / "shoot"
    folder.mkdir()
    shutil.copy2(shared / "photos" / "df_img11.jpg", folder / "IMG_0001.jpg")
    keeper = keeper_on(folder)
    keeper.apply(["IMG_0001.jpg"], lambda d: Decision(REJECT))
    keeper.catalog.close()
    shutil.copy2(shared / "photos-more" / "gpen_ffhq_00002.png", folder / "IMG_0001.tif")
    reopened = keeper_on(folder)
    assert reopened.decisions()["IMG_0001.jpg"].is_reject
    assert reopened.decisions()["IMG_0001.tif"] == Decision()
    reopened.catalog.close()
    assert sorted(rejected_files(folder).frames) == ["IMG_0001.jpg"]
