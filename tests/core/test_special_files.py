"""Names in a shoot that are not what they seem: a FIFO or a link to /dev/zero called
IMG.jpg, a sidecar that is a FIFO or a link to a private file outside the shoot, a
catalog linked into another application's database, a folder link leading out of the
shoot. Nothing hangs, nothing reads without end, nothing outside the shoot is read,
copied or written. Real shared photos beside the odd names."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.files.scan import scan_shoot
from shotkind_desktop.core.files.decode import FrameError, decode_frame
from shotkind_desktop.core.delivery.export import ExportSettings, run_export
from shotkind_desktop.core.delivery.export_presets import PRESETS
from shotkind_desktop.core.delivery.export_trash import rejected_files
from shotkind_desktop.core.delivery.manifest import EXPORTED
from shotkind_desktop.core.shoot import scan_frames
from shotkind_desktop.core.decisions.xmp import write_sidecar

CHECKOUT = Path(__file__).resolve().parents[2]
SECRET = b"-----BEGIN OPENSSH PRIVATE KEY-----\nnot really\n"


@pytest.fixture
def deadline():
    """A test that would hang fails after 20 s instead (SIGALRM interrupts a blocked open)."""
    def expired(*_):
        raise TimeoutError("hung on a special file")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def shoot(tmp_path, photos) -> Path:
    folder = tmp_path / "shoot"
    folder.mkdir()
    shutil.copy2(photos / "df_img11.jpg", folder / "fine.jpg")
    return folder


def test_analyze_reports_a_fifo_and_a_link_to_dev_zero_and_goes_on(shoot):
    os.mkfifo(shoot / "pipe.jpg")
    (shoot / "zero.jpg").symlink_to("/dev/zero")
    run = subprocess.run([sys.executable, "-m", "shotkind_desktop", "analyze", str(shoot), "--jobs", "1"],
                         capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(CHECKOUT)})
    assert run.returncode == 0, run.stderr
    frames = {f["file"]: f for f in json.loads(run.stdout)["frames"]}
    assert frames["pipe.jpg"]["error"] == "not a file: a named pipe (FIFO)"
    assert frames["zero.jpg"]["error"] == "a link to a file outside its folder"   # never opened
    assert frames["fine.jpg"]["error"] is None and frames["fine.jpg"]["headshot_score"] is not None


def test_a_fifo_sidecar_is_neither_read_nor_waited_for(shoot, deadline):
    os.mkfifo(shoot / "fine.xmp")
    keeper = DecisionKeeper(shoot, Catalog.open(shoot), scan_frames(shoot).names())
    assert keeper.decisions()["fine.jpg"] == Decision()
    keeper.apply(["fine.jpg"], lambda d: Decision(PICK, 4))
    assert keeper.sidecar_errors[0].startswith("Not a file: a named pipe")
    assert keeper.decisions()["fine.jpg"] == Decision(PICK, 4)      # kept in the catalog


def test_a_sidecar_linked_out_of_the_shoot_is_never_read_copied_or_written(shoot, tmp_path):
    secret = tmp_path / "id_ed25519"
    secret.write_bytes(SECRET)
    secret.chmod(0o600)
    (shoot / "fine.xmp").symlink_to(secret)
    keeper = DecisionKeeper(shoot, Catalog.open(shoot), scan_frames(shoot).names())
    keeper.apply(["fine.jpg"], lambda d: Decision(REJECT))
    assert secret.read_bytes() == SECRET and (secret.stat().st_mode & 0o777) == 0o600
    assert "outside the shoot" in keeper.sidecar_errors[0]
    for path in shoot.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert b"PRIVATE KEY" not in path.read_bytes(), path


def test_an_unreadable_sidecar_is_set_aside_with_its_bytes_and_mode(shoot):
    (shoot / "fine.xmp").write_bytes(b"<not xmp")
    (shoot / "fine.xmp").chmod(0o600)
    keeper = DecisionKeeper(shoot, Catalog.open(shoot), scan_frames(shoot).names())
    keeper.apply(["fine.jpg"], lambda d: Decision(PICK))
    aside = shoot / "fine.xmp.unreadable"
    assert aside.read_bytes() == b"<not xmp" and (aside.stat().st_mode & 0o777) == 0o600
    assert keeper.sidecar_errors == []


def test_a_catalog_linked_into_another_database_is_left_alone(shoot, tmp_path):
    other = tmp_path / "other-app.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE photos (id INTEGER)")
    before = other.read_bytes()
    (shoot / ".shotkind").mkdir()
    (shoot / ".shotkind" / "catalog.sqlite").symlink_to(other)
    catalog = Catalog.open(shoot)
    catalog.save_decisions({"fine.jpg": Decision(PICK)})
    catalog.close()
    assert other.read_bytes() == before
    assert not catalog.path.is_relative_to(shoot)          # kept in the data folder instead


def test_a_recursive_scan_never_follows_a_folder_link_out_of_the_shoot(shoot, tmp_path, photos):
    elsewhere = tmp_path / "another-shoot"
    elsewhere.mkdir()
    shutil.copy2(photos / "df_img13.jpg", elsewhere / "theirs.jpg")
    (shoot / "linked").symlink_to(elsewhere, target_is_directory=True)
    (shoot / "up").symlink_to(tmp_path, target_is_directory=True)
    (shoot / "day2").mkdir()
    shutil.copy2(photos / "df_img12.jpg", shoot / "day2" / "mine.jpg")
    found = sorted(p.relative_to(shoot).as_posix() for p in scan_shoot(shoot, recursive=True))
    assert found == ["day2/mine.jpg", "fine.jpg"]


def test_a_photo_with_a_name_at_the_length_limit_gets_its_sidecar(shoot):
    frame = shoot / ("a" * 251 + ".jpg")             # 255 bytes, as long as a name can be
    shutil.move(shoot / "fine.jpg", frame)
    keeper = DecisionKeeper(shoot, Catalog.open(shoot), scan_frames(shoot).names())
    keeper.apply([frame.name], lambda d: Decision(PICK, 3))
    assert keeper.sidecar_errors == []
    assert [p.name for p in shoot.glob("*.xmp")] == ["a" * 251 + ".xmp"]
    assert not [p for p in shoot.iterdir() if p.name.endswith(".tmp")]


@pytest.fixture
def linked_out(shoot, tmp_path, photos) -> Path:
    """A shoot with a photo that is a link to someone else's file, decided in its own
    (regular) sidecar like any other frame: a pick for export, then a reject for the trash."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy2(photos / "df_img13.jpg", elsewhere / "theirs.jpg")
    (shoot / "linked.jpg").symlink_to(elsewhere / "theirs.jpg")
    write_sidecar(shoot / "fine.jpg", Decision(PICK))
    write_sidecar(shoot / "linked.jpg", Decision(PICK))
    return shoot


def test_a_photo_linked_out_of_the_shoot_is_not_read_and_says_so(linked_out):
    with pytest.raises(FrameError, match="a link to a file outside its folder"):
        decode_frame(linked_out / "linked.jpg", 512)
    assert decode_frame(linked_out / "fine.jpg", 512).width > 0


def test_a_photo_linked_out_of_the_shoot_is_neither_exported_nor_moved(linked_out, tmp_path):
    theirs = (tmp_path / "elsewhere" / "theirs.jpg").read_bytes()
    report = run_export(linked_out, ExportSettings(tmp_path / "out", [PRESETS["original"]],
                                                   originals=tmp_path / "handed", move_originals=True))
    items = {item.source: item for item in report.items}
    assert items["fine.jpg"].status == EXPORTED
    assert "a link to a file outside its folder" in items["linked.jpg"].notes[0]
    moved = {copy.file: copy for copy in report.originals}
    assert moved["linked.jpg"].error == "not moved: a link to a file outside its folder"
    assert moved["linked.xmp"].error.startswith("not moved: kept with linked.jpg")
    assert moved["fine.jpg"].error is None and not (linked_out / "fine.jpg").exists()
    assert (linked_out / "linked.jpg").is_symlink() and (linked_out / "linked.xmp").is_file()
    assert (tmp_path / "elsewhere" / "theirs.jpg").read_bytes() == theirs
    for path in (tmp_path / "out").rglob("*"):
        assert path.name != "linked_original.jpg"
    assert not (tmp_path / "handed" / "linked.jpg").exists()


def test_a_rejected_photo_linked_out_of_the_shoot_is_not_sent_to_the_trash(linked_out):
    write_sidecar(linked_out / "linked.jpg", Decision(REJECT))
    found = rejected_files(linked_out)
    assert found.frames == [] and found.files == []     # the frame stays whole, and is named
    assert found.left == {"linked.jpg": "a link to a file outside its folder"}
