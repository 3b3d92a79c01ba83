"""Decisions in a growing shoot (a live session): a frame that arrives with a sidecar the
tether software wrote, and a RAW decided on before its JPEG lands, whose decision, crop
and undo step follow the frame to its new name, on disk as after any opening."""

from __future__ import annotations

import shutil

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, Decision, set_flag, set_rating
from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.shoot import scan_frames
from shotkind_desktop.core.decisions.xmp import SidecarDecision, read_sidecar, write_sidecar


def test_a_frame_that_arrives_brings_the_decision_its_sidecar_holds(tmp_path, photos):
    shutil.copy(photos / "df_img11.jpg", tmp_path / "IMG_0001.JPG")
    catalog = Catalog.open(tmp_path)
    keeper = DecisionKeeper(tmp_path, catalog, ["IMG_0001.JPG"])
    shutil.copy(photos / "df_img13.jpg", tmp_path / "IMG_0002.JPG")
    write_sidecar(FrameFiles(tmp_path / "IMG_0002.JPG"), Decision(rating=2))     # the tether software's
    added = keeper.add({"IMG_0002.JPG": FrameFiles(tmp_path / "IMG_0002.JPG")})
    assert added == {"IMG_0002.JPG": Decision(rating=2)}
    assert keeper.decisions()["IMG_0002.JPG"] == Decision(rating=2)
    assert catalog.decisions()["IMG_0002.JPG"] == Decision(rating=2)
    catalog.close()


def test_a_raw_decided_on_before_its_jpeg_keeps_its_decision_as_the_pair(tmp_path, photos, raw_dir):
    shutil.copy(raw_dir / "canon_eos_6d.dng", tmp_path / "IMG_0002.DNG")
    catalog = Catalog.open(tmp_path)
    keeper = DecisionKeeper(tmp_path, catalog, ["IMG_0002.DNG"], keep_extension=True)
    keeper.apply(["IMG_0002.DNG"], lambda d: set_flag(d, PICK))
    keeper.apply(["IMG_0002.DNG"], lambda d: set_rating(d, 4))
    catalog.save_crop("IMG_0002.DNG", "1:1", (10.0, 20.0, 300.0, 300.0))
    shutil.copy(photos / "df_img20.jpg", tmp_path / "IMG_0002.JPG")             # the JPEG lands
    pair = FrameFiles(tmp_path / "IMG_0002.JPG", tmp_path / "IMG_0002.DNG")
    kept = keeper.rename("IMG_0002.DNG", "IMG_0002.JPG", pair)
    assert kept == Decision(PICK, 4)
    assert keeper.decisions() == {"IMG_0002.JPG": Decision(PICK, 4)}
    assert catalog.decisions() == {"IMG_0002.JPG": Decision(PICK, 4)}
    assert catalog.all_crops() == {"IMG_0002.JPG": {"1:1": (10.0, 20.0, 300.0, 300.0)}}
    for sidecar in ("IMG_0002.JPG.xmp", "IMG_0002.DNG.xmp"):                    # both files say so
        assert read_sidecar(FrameFiles(tmp_path / sidecar.removesuffix(".xmp"))).decision == Decision(PICK, 4)
    assert keeper.undo() == {"IMG_0002.JPG": Decision(PICK, 0)}                   # the step followed it
    catalog.close()

    # opened again from scratch: one frame, the pair, with what the photographer decided
    shoot = scan_frames(tmp_path)
    assert shoot.names() == ["IMG_0002.JPG"]
    reopened = Catalog.open(tmp_path)
    again = DecisionKeeper(tmp_path, reopened, shoot.names(), keep_extension=True)
    assert again.decisions() == {"IMG_0002.JPG": Decision(PICK, 0)}
    reopened.close()


def test_a_frame_that_only_gains_its_raw_writes_the_raws_sidecar_too(tmp_path, photos, raw_dir):
    shutil.copy(photos / "df_img21.jpg", tmp_path / "IMG_0003.JPG")
    catalog = Catalog.open(tmp_path)
    keeper = DecisionKeeper(tmp_path, catalog, ["IMG_0003.JPG"], keep_extension=True)
    keeper.apply(["IMG_0003.JPG"], lambda d: set_rating(d, 3))
    shutil.copy(raw_dir / "canon_eos_6d.dng", tmp_path / "IMG_0003.DNG")
    keeper.rename("IMG_0003.JPG", "IMG_0003.JPG",
                  FrameFiles(tmp_path / "IMG_0003.JPG", tmp_path / "IMG_0003.DNG"))
    raw_sidecar: SidecarDecision | None = read_sidecar(FrameFiles(tmp_path / "IMG_0003.DNG"))
    assert raw_sidecar is not None and raw_sidecar.decision == Decision(rating=3)
    assert catalog.decisions() == {"IMG_0003.JPG": Decision(rating=3)}
    catalog.close()
