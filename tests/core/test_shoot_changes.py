"""Bad files in an open shoot: a frame deleted or replaced on disk after the scan, and file
names that are not valid UTF-8 (as a camera card from another system can hold), on real
shared photos. Each frame gets its own error or is read anew; the rest goes on."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.decisions.catalog import Catalog, FileIdentity
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.files.decode import FrameError, decode_for_analysis
from shotkind_desktop.core.files.pairing import scan_pairs
from shotkind_desktop.core.files.previews import decode_preview, embedded_thumbnail
from shotkind_desktop.core.report import csv_report, json_report
from shotkind_desktop.core.files.scan import scan_shoot
from shotkind_desktop.core.shoot import attach_cached_results, recheck, scan_frames
from shotkind_desktop.core.decisions.xmp import read_sidecar, write_sidecar

BAD_NAME = b"bad\xff.jpg"           # Latin-1 "ÿ" written by an old system: not UTF-8


@pytest.fixture
def shoot(tmp_path, photos) -> Path:
    shutil.copy(photos / "df_img11.jpg", tmp_path / "a.jpg")
    shutil.copy(photos / "df_img13.jpg", tmp_path / "b.jpg")
    return tmp_path


def frame_named(shoot_folder: Path, name: str):
    return next(f for f in scan_frames(shoot_folder).frames if f.name == name)


def write_bytes_name(folder: Path, name: bytes, data: bytes) -> Path:
    """Create a file under a raw byte name, as os.open takes it; the Path that os.fsdecode
    (surrogate escapes) gives for it."""
    descriptor = os.open(os.path.join(os.fsencode(folder), name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return folder / os.fsdecode(name)


def test_a_frame_deleted_after_the_scan_says_file_not_found(shoot, detectors):
    frames = scan_frames(shoot).frames
    gone, kept = frames
    gone.result = FrameResult(file=gone.name, width=1)
    gone.path.unlink()
    assert recheck(gone) is True
    assert gone.identity is None and gone.result is None
    assert recheck(kept) is False and kept.identity == FileIdentity.of(kept.path)
    result = analyze_frame(gone.path, detectors["yunet"], gone.name)
    assert result.error == "file not found: it was moved or deleted"
    with pytest.raises(FrameError, match="file not found"):
        decode_preview(gone.path, 256)
    assert analyze_frame(kept.path, detectors["yunet"], kept.name).error is None


def test_a_frame_replaced_on_disk_is_read_anew(shoot, photos):
    frame = frame_named(shoot, "a.jpg")
    catalog = Catalog.open(shoot)
    before = decode_for_analysis(frame.path)
    catalog.save_result(frame.name, frame.identity, FrameResult(file=frame.name, width=before.width))
    catalog.save_thumbnail(frame.name, frame.identity, b"\xff\xd8\xff\xd9")
    shutil.copy(photos / "df_couple.jpg", frame.path)          # another picture, same name
    assert recheck(frame) is True
    assert catalog.thumbnail(frame.name, frame.identity) is None
    reopened = scan_frames(shoot)
    pending = attach_cached_results(reopened, catalog)
    assert "a.jpg" in [f.name for f in pending]                # the old result does not stick
    assert decode_for_analysis(frame.path).width != before.width


def test_a_frame_rewritten_with_the_same_size_is_read_anew(shoot):
    frame = frame_named(shoot, "b.jpg")
    status = frame.path.stat()
    os.utime(frame.path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert recheck(frame) is True and frame.identity.size == status.st_size
    assert recheck(frame) is False                              # once noticed, it is the new file


def test_a_name_that_is_not_utf8_is_scanned_decoded_and_gets_its_sidecar(tmp_path, photos):
    path = write_bytes_name(tmp_path, BAD_NAME, (photos / "df_img11.jpg").read_bytes())
    found = scan_shoot(tmp_path)
    assert found == [path] and os.fsencode(found[0]) == os.path.join(os.fsencode(tmp_path), BAD_NAME)
    frame = scan_frames(tmp_path).frames[0]
    assert frame.name == "bad\udcff.jpg" and frame.identity is not None
    assert decode_for_analysis(frame.path).width > 0
    assert decode_preview(frame.path, 128).image.shape[2] == 3
    embedded_thumbnail(frame.path)                              # no EXIF thumbnail: None, no error
    written = write_sidecar(frame.path, Decision(PICK, 4))
    assert os.fsencode(written.name) == b"bad\xff.xmp"
    assert b"bad\xff.xmp" in os.listdir(os.fsencode(tmp_path))
    assert read_sidecar(frame.path).decision == Decision(PICK, 4)


def test_a_pair_with_a_name_that_is_not_utf8_is_one_frame(tmp_path, photos, raw_dir):
    jpeg = write_bytes_name(tmp_path, b"caf\xe9.JPG", (photos / "df_img11.jpg").read_bytes())
    raw = write_bytes_name(tmp_path, b"caf\xe9.DNG", (raw_dir / "canon_eos_6d.dng").read_bytes())
    [frame] = scan_pairs(tmp_path)
    assert (frame.path, frame.raw) == (jpeg, raw)


def test_reports_keep_a_name_that_is_not_utf8(tmp_path):
    name = os.fsdecode(BAD_NAME)
    results = [FrameResult(file=name, width=10, height=20, raw=os.fsdecode(b"bad\xff.CR2"))]
    text = json_report(str(tmp_path), "yunet", results)
    text.encode("utf-8")                                        # printable and storable
    assert json.loads(text)["frames"][0]["file"] == name       # the same name back
    assert os.fsencode(json.loads(text)["frames"][0]["raw"]) == b"bad\xff.CR2"
    row = csv_report(results).encode("utf-8").decode().splitlines()[1]
    assert row.startswith("bad\\xff.jpg,10,20") and "bad\\xff.CR2" in row


def test_analyze_reports_a_name_that_is_not_utf8(tmp_path, photos, cli):
    write_bytes_name(tmp_path, BAD_NAME, (photos / "df_img11.jpg").read_bytes())
    run = cli(str(tmp_path), "--jobs", "1")
    assert run.returncode == 0, run.stderr
    [frame] = json.loads(run.stdout)["frames"]
    assert os.fsencode(frame["file"]) == BAD_NAME and frame["error"] is None and frame["width"] > 0


def test_the_catalog_keeps_decisions_on_a_name_that_is_not_utf8(tmp_path, photos):
    write_bytes_name(tmp_path, BAD_NAME, (photos / "df_img11.jpg").read_bytes())
    names = scan_frames(tmp_path).names()
    keeper = DecisionKeeper(tmp_path, Catalog.open(tmp_path), names)
    keeper.apply(names, lambda decision: Decision(PICK, 3))
    reopened = DecisionKeeper(tmp_path, Catalog.open(tmp_path), names)
    assert reopened.decisions()[names[0]] == Decision(PICK, 3)
