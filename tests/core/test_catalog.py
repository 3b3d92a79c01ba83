"""The per-shoot catalog on real photos: decisions that survive reopening and kill -9,
analysis and thumbnails cached by file identity, crops, read-only shoots, damaged files."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import cv2
import pytest

from shotkind_desktop.core import paths
from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.records import ENGINE_VERSION, FrameResult
from shotkind_desktop.core.decisions.catalog import SCHEMA_VERSION, Catalog, FileIdentity, fallback_path
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.judgement.faces import make_detector

from unprivileged import CHECKOUT, read_only, run_unprivileged, shared_folder

PHOTOS = ("df_img11.jpg", "df_img13.jpg", "df_couple.jpg")


@pytest.fixture
def shoot(shoot_of) -> Path:
    return shoot_of(PHOTOS)


@pytest.fixture(scope="module")
def analysed(shared_dir) -> dict[str, FrameResult]:
    """Real analysis results (YuNet), with NumPy numbers in their measures."""
    detector = make_detector("yunet", shared_dir / "models" / "face_detection_yunet.onnx")
    return {name: analyze_frame(shared_dir / "photos" / name, detector, name) for name in PHOTOS}


def thumbnail_of(path: Path) -> bytes:
    image = cv2.imread(str(path), cv2.IMREAD_REDUCED_COLOR_4)
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return jpeg.tobytes()


def touch(path: Path) -> None:
    """The photographer edited the file: its modification time moves on."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 5 * 10**9))


# ---- where it lives, how it is set up -----------------------------------------------------

def test_the_catalog_lives_hidden_in_the_shoot_with_a_rollback_journal(shoot):
    """No write-ahead log and its memory-mapped index (test_catalog_unwritable.py says why)."""
    with Catalog.open(shoot) as catalog:
        assert catalog.path == shoot / ".shotkind" / "catalog.sqlite"
        catalog.save_decisions({"df_img11.jpg": Decision(PICK)})
        assert sorted(p.name for p in catalog.path.parent.iterdir()) == ["catalog.sqlite", "catalog.sqlite-journal"]
        with sqlite3.connect(catalog.path) as other:
            assert other.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5


def test_decisions_survive_reopening(shoot):
    decisions = {"df_img11.jpg": Decision(PICK, 4, "Green"), "df_img13.jpg": Decision(REJECT, 2),
                 "df_couple.jpg": Decision(label="Blue")}
    before = time.time_ns()
    with Catalog.open(shoot) as catalog:
        catalog.save_decisions(decisions)
    with Catalog.open(shoot) as catalog:
        assert catalog.decisions() == decisions
        times = catalog.decision_times()
        assert set(times) == set(decisions) and all(before <= t <= time.time_ns() for t in times.values())
        catalog.save_decisions({"df_img13.jpg": Decision()})
        assert catalog.decisions()["df_img13.jpg"] == Decision()
        assert catalog.decision_times()["df_img13.jpg"] > times["df_img13.jpg"]


def test_a_process_killed_right_after_saving_loses_nothing(shoot):
    script = f"""
import os, signal, sys
sys.path.insert(0, {str(CHECKOUT)!r})
from pathlib import Path
from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decisions import Decision
catalog = Catalog.open(Path({str(shoot)!r}))
catalog.save_decisions({{f"frame_{{i:03}}.jpg": Decision(1, i % 6, "Red") for i in range(200)}})
os.kill(os.getpid(), signal.SIGKILL)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert (shoot / ".shotkind" / "catalog.sqlite-journal").stat().st_size == 0    # nothing to roll back
    with Catalog.open(shoot) as catalog:
        decisions = catalog.decisions()
    assert len(decisions) == 200
    assert decisions["frame_007.jpg"] == Decision(1, 1, "Red")


def test_a_damaged_catalog_is_moved_aside_and_the_shoot_opens(shoot, shared_dir, caplog):
    folder = shoot / ".shotkind"
    folder.mkdir()
    garbage = (shared_dir / "photos" / "df_img12.jpg").read_bytes()[:50_000]
    (folder / "catalog.sqlite").write_bytes(garbage)
    with caplog.at_level(logging.WARNING, logger="shotkind_desktop.core.decisions.catalog"):
        catalog = Catalog.open(shoot)
    with catalog:
        assert "damaged" in caplog.text
        aside = [p for p in folder.iterdir() if p.name.startswith("catalog.sqlite.corrupt-")]
        assert len(aside) == 1 and aside[0].read_bytes() == garbage
        assert catalog.decisions() == {}
        catalog.save_decisions({"df_img11.jpg": Decision(PICK)})
    with Catalog.open(shoot) as catalog:
        assert catalog.decisions() == {"df_img11.jpg": Decision(PICK)}


def test_a_truncated_catalog_is_moved_aside(shoot, caplog):
    with Catalog.open(shoot) as catalog:
        for name in PHOTOS:
            catalog.save_thumbnail(name, FileIdentity.of(shoot / name), thumbnail_of(shoot / name))
        catalog.save_decisions({name: Decision(PICK) for name in PHOTOS})
    path = shoot / ".shotkind" / "catalog.sqlite"
    data = path.read_bytes()
    assert len(data) > 3 * 4096
    path.write_bytes(data[:len(data) // 2])
    with caplog.at_level(logging.WARNING, logger="shotkind_desktop.core.decisions.catalog"):
        with Catalog.open(shoot) as catalog:
            assert catalog.decisions() == {}
    assert "damaged" in caplog.text


def test_a_catalog_from_a_newer_shotkind_still_opens(shoot):
    with Catalog.open(shoot) as catalog:
        catalog.save_decisions({"df_img11.jpg": Decision(PICK)})
        path = catalog.path
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with Catalog.open(shoot) as catalog:
        assert catalog.decisions() == {"df_img11.jpg": Decision(PICK)}


# ---- analysis results and thumbnails ---------------------------------------------------

def test_results_round_trip_and_follow_the_file_identity(shoot, analysed):
    identities = {name: FileIdentity.of(shoot / name) for name in PHOTOS}
    with Catalog.open(shoot) as catalog:
        catalog.save_results([(name, identities[name], analysed[name]) for name in PHOTOS[:2]])
        catalog.save_result(PHOTOS[2], identities[PHOTOS[2]], analysed[PHOTOS[2]])
    with Catalog.open(shoot) as catalog:
        for name in PHOTOS:
            cached = catalog.result(name, identities[name])
            assert cached == analysed[name] and cached.faces and cached.kind
        assert catalog.results() == {name: (identities[name], analysed[name]) for name in PHOTOS}
        touch(shoot / "df_img11.jpg")
        assert catalog.result("df_img11.jpg", FileIdentity.of(shoot / "df_img11.jpg")) is None
        assert catalog.result("df_img11.jpg", FileIdentity(identities["df_img11.jpg"].size + 1,
                                                           identities["df_img11.jpg"].mtime_ns)) is None
        assert catalog.result("never_seen.jpg", identities["df_img11.jpg"]) is None


def test_results_of_an_older_engine_are_analysed_again(shoot, analysed):
    """After an update that changes the engine, a reopened shoot gets new verdicts for
    every frame rather than a mix of old and new ones."""
    name = PHOTOS[0]
    identity = FileIdentity.of(shoot / name)
    with Catalog.open(shoot) as catalog:
        catalog.save_result(name, identity, analysed[name])
        assert catalog.result(name, identity) == analysed[name]
        with catalog._transaction() as db:
            (stored,), = db.execute("SELECT result FROM results").fetchall()
            older = {**json.loads(stored), "engine": ENGINE_VERSION - 1}
            db.execute("UPDATE results SET result = ?", (json.dumps(older),))
        assert catalog.result(name, identity) is None
        assert name not in catalog.results()


def test_thumbnails_follow_the_file_identity(shoot):
    with Catalog.open(shoot) as catalog:
        jpegs = {name: thumbnail_of(shoot / name) for name in PHOTOS}
        for name in PHOTOS:
            catalog.save_thumbnail(name, FileIdentity.of(shoot / name), jpegs[name])
        touch(shoot / "df_img13.jpg")
        now = {name: FileIdentity.of(shoot / name) for name in PHOTOS}
        assert catalog.thumbnail("df_img11.jpg", now["df_img11.jpg"]) == jpegs["df_img11.jpg"]
        assert catalog.thumbnail("df_img13.jpg", now["df_img13.jpg"]) is None
        assert catalog.thumbnails(now) == {n: jpegs[n] for n in ("df_img11.jpg", "df_couple.jpg")}
        image = cv2.imdecode(__import__("numpy").frombuffer(catalog.thumbnail(
            "df_couple.jpg", now["df_couple.jpg"]), "uint8"), cv2.IMREAD_COLOR)
        assert image is not None and image.shape[2] == 3


def test_file_identity_of_a_missing_file_raises(shoot):
    identity = FileIdentity.of(shoot / "df_img11.jpg")
    assert identity.size == (shoot / "df_img11.jpg").stat().st_size
    with pytest.raises(OSError):
        FileIdentity.of(shoot / "gone.jpg")


def test_reopening_a_thousand_frames_reads_them_all_back(shoot, analysed):
    """How quickly: benchmarks/reopen_speed.py ("bare catalog reads")."""
    identity = FileIdentity.of(shoot / "df_img11.jpg")
    jpeg = thumbnail_of(shoot / "df_img11.jpg")
    names = [f"frame_{i:04}.jpg" for i in range(1000)]
    with Catalog.open(shoot) as catalog:
        catalog.save_results([(name, identity, analysed["df_img11.jpg"]) for name in names])
        for name in names:
            catalog.save_thumbnail(name, identity, jpeg)
        catalog.save_decisions({name: Decision(rating=3) for name in names})
    with Catalog.open(shoot) as catalog:
        results = catalog.results()
        thumbnails = catalog.thumbnails(dict.fromkeys(names, identity))
        decisions = catalog.decisions()
    assert len(results) == len(thumbnails) == len(decisions) == 1000
    assert results["frame_0999.jpg"][1] == analysed["df_img11.jpg"]
    assert thumbnails["frame_0999.jpg"] == jpeg and decisions["frame_0999.jpg"] == Decision(rating=3)


# ---- crops ---------------------------------------------------------------------------------

def test_adjusted_crops_are_kept_and_removed(shoot):
    with Catalog.open(shoot) as catalog:
        catalog.save_crop("df_img11.jpg", "4:5", (120.5, 80.0, 800.0, 1000.0))
        catalog.save_crop("df_img11.jpg", "1:1", (100, 100, 900, 900))
        catalog.save_crop("df_img13.jpg", "16:9", (0.0, 200.0, 1600.0, 900.0))
    with Catalog.open(shoot) as catalog:
        assert catalog.crops("df_img11.jpg") == {"4:5": (120.5, 80.0, 800.0, 1000.0),
                                                 "1:1": (100.0, 100.0, 900.0, 900.0)}
        catalog.save_crop("df_img11.jpg", "4:5", None)
        catalog.save_crop("df_img11.jpg", "1:1", (110, 100, 880, 880))
        assert catalog.all_crops() == {"df_img11.jpg": {"1:1": (110.0, 100.0, 880.0, 880.0)},
                                       "df_img13.jpg": {"16:9": (0.0, 200.0, 1600.0, 900.0)}}
        assert catalog.crops("df_couple.jpg") == {}


# ---- threads -------------------------------------------------------------------------------

def test_the_gui_and_workers_can_share_one_catalog(shoot, analysed):
    identity = FileIdentity.of(shoot / "df_img11.jpg")
    errors = []
    with Catalog.open(shoot) as catalog:
        def work(worker: int):
            try:
                for i in range(40):
                    name = f"w{worker}_{i}.jpg"
                    catalog.save_result(name, identity, analysed["df_img11.jpg"])
                    catalog.save_decisions({name: Decision(rating=i % 6)})
                    assert catalog.result(name, identity) is not None
                    catalog.decisions()
            except Exception as error:      # reported below, on the test's thread
                errors.append(error)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert len(catalog.results()) == len(catalog.decisions()) == 160


# ---- a shoot folder that cannot be written ---------------------------------------------

OPEN_READ_ONLY_SHOOT = """
catalog = Catalog.open(Path(shoot))
before = catalog.decisions()
catalog.save_decisions({"df_img11.jpg": Decision(1, 5, "Green")})
catalog.close()
again = Catalog.open(Path(shoot))
report = {"path": str(again.path), "before": {k: [d.flag, d.rating, d.label] for k, d in before.items()},
          "after": {k: [d.flag, d.rating, d.label] for k, d in again.decisions().items()},
          "uid": os.geteuid()}
"""


def test_a_read_only_shoot_keeps_its_catalog_in_the_data_folder(shared_dir):
    shoot, home = shared_folder("shotkind-ro-shoot-"), shared_folder("shotkind-home-")
    try:
        for name in PHOTOS[:2]:
            shutil.copy(shared_dir / "photos" / name, shoot / name)
        read_only(shoot)
        report = run_unprivileged(OPEN_READ_ONLY_SHOOT, home, shoot=str(shoot))
        assert report["uid"] != 0
        path = Path(report["path"])
        assert path.parent == home / "data" / "catalogs"
        assert path.name == fallback_path(shoot).name and path.name.startswith("shotkind-ro-shoot-")
        assert report["before"] == {} and report["after"] == {"df_img11.jpg": [1, 5, "Green"]}
        assert not (shoot / ".shotkind").exists()
        assert sorted(p.name for p in shoot.iterdir()) == sorted(PHOTOS[:2])
    finally:
        shoot.chmod(0o755)
        shutil.rmtree(shoot)
        shutil.rmtree(home)


@pytest.fixture
def locked_card(shared_dir, monkeypatch):
    """(shoot, home): a write-protected card whose shoot carries the catalog written while
    it was writable (df_img13 rejected, 1 star)."""
    shoot, home = shared_folder("shotkind-ro-shoot-"), shared_folder("shotkind-home-")
    try:
        shutil.copy(shared_dir / "photos" / "df_img13.jpg", shoot / "df_img13.jpg")
        monkeypatch.setenv(paths.DATA_VARIABLE, str(home))
        with Catalog.open(shoot) as catalog:
            catalog.save_decisions({"df_img13.jpg": Decision(REJECT, 1)})
        read_only(shoot)
        yield shoot, home
    finally:
        for folder in (shoot, shoot / ".shotkind"):
            if folder.exists():
                folder.chmod(0o755)
        shutil.rmtree(shoot)
        shutil.rmtree(home)


@pytest.mark.parametrize("named", ["absolute", "relative"])
def test_a_read_only_shoot_that_carries_a_catalog_starts_from_it(locked_card, named):
    """Also when named relative to the current folder (`shotkind .` on a write-protected
    card). (Failed before: a relative path has no file URI to open the catalog by.)"""
    shoot, home = locked_card
    name = str(shoot) if named == "absolute" else str(shoot.relative_to("/"))   # the script runs in /
    report = run_unprivileged(OPEN_READ_ONLY_SHOOT, home, shoot=name)
    assert Path(report["path"]) == fallback_path(shoot)
    assert report["before"] == {"df_img13.jpg": [-1, 1, None]}
    assert report["after"] == {"df_img13.jpg": [-1, 1, None], "df_img11.jpg": [1, 5, "Green"]}


def test_fallback_names_are_readable_and_unique(tmp_path):
    first, second = tmp_path / "a" / "ACME shoot (day 1)", tmp_path / "b" / "ACME shoot (day 1)"
    assert fallback_path(first).name.startswith("ACME_shoot_day_1-")
    assert fallback_path(first) != fallback_path(second)
    assert fallback_path(first) == fallback_path(first)


def test_decisions_made_while_read_only_come_home_when_the_shoot_is_writable(shared_dir, monkeypatch):
    """Issue 14, item 2. (Failed before: the writable shoot started an empty catalog of
    its own and the data-folder catalog was never read again.)"""
    from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
    from shotkind_desktop.core.decisions.xmp import read_sidecar
    shoot, home = shared_folder("shotkind-ro-shoot-"), shared_folder("shotkind-home-")
    try:
        for name in PHOTOS[:2]:
            shutil.copy(shared_dir / "photos" / name, shoot / name)
        monkeypatch.setenv(paths.DATA_VARIABLE, str(home))
        with Catalog.open(shoot) as catalog:                       # an older decision, in the shoot
            catalog.save_decisions({"df_img13.jpg": Decision(REJECT)})
        shutil.rmtree(shoot / ".shotkind")                         # the card never had one
        read_only(shoot)
        report = run_unprivileged(OPEN_READ_ONLY_SHOOT, home, shoot=str(shoot))
        assert Path(report["path"]) == fallback_path(shoot)
        shoot.chmod(0o755)                                         # the card is unlocked

        keeper = DecisionKeeper(shoot, Catalog.open(shoot), list(PHOTOS[:2]))
        assert keeper.catalog.path == shoot / ".shotkind" / "catalog.sqlite"
        assert keeper.decisions()["df_img11.jpg"] == Decision(PICK, 5, "Green")
        assert read_sidecar(shoot / "df_img11.jpg").decision == Decision(PICK, 5, "Green")
        stray = fallback_path(shoot)
        assert not stray.exists()
        assert list(stray.parent.glob(stray.name + ".merged-*"))
        # its journal goes with it: none is left under the name the next read-only session takes
        assert not stray.with_name(stray.name + "-journal").exists()
        assert list(stray.parent.glob(stray.name + ".merged-*-journal"))
        keeper.catalog.close()
        with Catalog.open(shoot) as again:                         # merged once, kept
            assert again.decisions()["df_img11.jpg"] == Decision(PICK, 5, "Green")
    finally:
        shoot.chmod(0o755)
        shutil.rmtree(shoot)
        shutil.rmtree(home)


def test_a_newer_decision_in_the_shoot_is_not_overwritten_by_the_merge(shoot, monkeypatch, tmp_path):
    monkeypatch.setenv(paths.DATA_VARIABLE, str(tmp_path / "home"))
    stray = fallback_path(shoot)
    stray.parent.mkdir(parents=True)
    with Catalog(stray) as old:
        old.save_decisions({"df_img11.jpg": Decision(REJECT), "df_img13.jpg": Decision(rating=2)})
    (shoot / ".shotkind").mkdir()
    with Catalog(shoot / ".shotkind" / "catalog.sqlite") as catalog:
        catalog.save_decisions({"df_img11.jpg": Decision(PICK)})    # later, in the shoot: wins
    with Catalog.open(shoot) as catalog:
        assert catalog.decisions() == {"df_img11.jpg": Decision(PICK), "df_img13.jpg": Decision(rating=2)}


def test_sitters_named_while_read_only_come_home_too(shoot, monkeypatch, tmp_path):
    """A tester named a sitter on a locked card; once the card was writable the pick came
    home but the name did not: the merge took decisions, crops and client rounds only."""
    from shotkind_desktop.core.people.roster import roster_from_table
    from shotkind_desktop.core.people.sitters import SitterEdits

    monkeypatch.setenv(paths.DATA_VARIABLE, str(tmp_path / "home"))
    (shoot / ".shotkind").mkdir()
    with Catalog(shoot / ".shotkind" / "catalog.sqlite") as catalog:      # before the card was locked
        catalog.save_sitter_edits(SitterEdits(starts=frozenset({"df_img13.jpg"}), names={"df_img11.jpg": "Ana"}))
    stray = fallback_path(shoot)
    stray.parent.mkdir(parents=True)
    roster = roster_from_table(["Name", "Email"], [["Ana Ruiz", "ana@example.com"], ["Ben Ode", "ben@example.com"]])
    with Catalog(stray) as locked:                                       # while it was locked
        locked.save_sitter_edits(SitterEdits(joined=frozenset({"df_img13.jpg"}),
                                             names={"df_img11.jpg": "Ana Ruiz", "df_img14.jpg": "Ben"}))
        locked.save_roster(roster)
    with Catalog.open(shoot) as catalog:
        assert catalog.sitter_edits() == SitterEdits(starts=frozenset(), joined=frozenset({"df_img13.jpg"}),
                                                     names={"df_img11.jpg": "Ana Ruiz", "df_img14.jpg": "Ben"})
        assert [row.name for row in catalog.roster().rows] == ["Ana Ruiz", "Ben Ode"]


def test_a_crop_moved_and_a_round_imported_again_while_read_only_come_home(shoot, monkeypatch, tmp_path):
    """A tester moved a 1:1 guide and imported the client's "first choice" again on a
    locked card: once it was writable, the guide and the round were as before the lock."""
    monkeypatch.setenv(paths.DATA_VARIABLE, str(tmp_path / "home"))
    (shoot / ".shotkind").mkdir()
    with Catalog(shoot / ".shotkind" / "catalog.sqlite") as catalog:      # before the card was locked
        catalog.save_crop("df_img13.jpg", "1:1", (100.0, 100.0, 500.0, 500.0))
        catalog.save_client_round("first choice", ["df_img11.jpg", "df_img13.jpg", "df_img14.jpg"])
    stray = fallback_path(shoot)
    stray.parent.mkdir(parents=True)
    with Catalog(stray) as locked:                                       # while it was locked
        locked.save_crop("df_img13.jpg", "1:1", (200.0, 200.0, 600.0, 600.0))
        locked.save_client_round("first choice", ["df_img14.jpg"])
    with Catalog.open(shoot) as catalog:
        assert catalog.crops("df_img13.jpg") == {"1:1": (200.0, 200.0, 600.0, 600.0)}
        assert catalog.client_rounds() == {"first choice": ["df_img14.jpg"]}


SECOND_WINDOW_ON_A_LOCKED_CARD = """
first = Catalog.open(Path(shoot), exclusive=True)
first.save_decisions({"df_img13.jpg": Decision(1, 5)})
second = Catalog.open(Path(shoot), exclusive=True)
report = {"first": str(first.path), "second": str(second.path), "read_only": second.read_only,
          "second_sees": {k: [d.flag, d.rating] for k, d in second.decisions().items()}}
"""


def test_a_second_window_on_a_locked_card_reads_what_the_first_writes(locked_card):
    """The card's own catalog cannot be read on a locked card (WAL mode); the first window
    writes the data folder's. (Failed at an earlier change of this session: the second
    window tried the card's catalog and the shoot did not open.)"""
    shoot, home = locked_card
    report = run_unprivileged(SECOND_WINDOW_ON_A_LOCKED_CARD, home, shoot=str(shoot))
    assert report["first"] == report["second"] == str(fallback_path(shoot))
    assert report["read_only"] and report["second_sees"] == {"df_img13.jpg": [1, 5]}


def test_a_merge_that_fails_leaves_no_lock_behind(shoot, monkeypatch, tmp_path):
    """An error while merging a read-only session's catalog left the opened catalog and
    both its locks held: every later opening in the process was read-only."""
    from shotkind_desktop.core.decisions import catalog as catalog_module

    monkeypatch.setenv(paths.DATA_VARIABLE, str(tmp_path / "home"))
    with Catalog.open(shoot, exclusive=True, in_data_folder=True) as kept_elsewhere:
        kept_elsewhere.save_decisions({"df_img11.jpg": Decision(PICK)})

    def refuse(*args, **kwargs):
        raise RuntimeError("the merge broke")

    monkeypatch.setattr(catalog_module.Catalog, "save_decisions", refuse)
    with pytest.raises(RuntimeError):
        Catalog.open(shoot, exclusive=True)
    monkeypatch.undo()
    monkeypatch.setenv(paths.DATA_VARIABLE, str(tmp_path / "home"))
    with Catalog.open(shoot, exclusive=True) as again:
        assert again.read_only is None


def test_a_frame_renamed_onto_a_name_with_rows_keeps_what_the_old_name_did_not_have(shoot):
    """A review: the RAW's one 1:1 crop deleted every crop of the JPEG it was joined to,
    and its client round the JPEG's other round."""
    with Catalog.open(shoot) as catalog:
        catalog.save_crop("P05.DNG", "1:1", (1.0, 2.0, 30.0, 30.0))
        catalog.save_client_round("first choice", ["P05.DNG"])
        catalog.save_crop("P05.JPG", "4:5", (5.0, 6.0, 40.0, 50.0))
        catalog.save_crop("P05.JPG", "1:1", (9.0, 9.0, 20.0, 20.0))
        catalog.save_client_round("final choice", ["P05.JPG"])
        catalog.rename_frames({"P05.DNG": "P05.JPG"})
        assert catalog.crops("P05.JPG") == {"1:1": (1.0, 2.0, 30.0, 30.0), "4:5": (5.0, 6.0, 40.0, 50.0)}
        assert catalog.client_rounds() == {"first choice": ["P05.JPG"], "final choice": ["P05.JPG"]}
