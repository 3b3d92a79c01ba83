"""Keeping decisions on a shoot of real photos: groups applied, undone and redone with
catalog and sidecars in step; other applications' changes on reopening; a read-only
folder; a crash right after a change."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog, CatalogFull, FileIdentity
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import (PICK, REJECT, UNFLAGGED, Decision, set_flag,
                                             set_rating, toggle_label)
from shotkind_desktop.core.decisions.xmp import read_sidecar, write_sidecar

from darktable import darktable_imports
from unprivileged import CHECKOUT, read_only, run_unprivileged, shared_folder

EXIFTOOL = shutil.which("exiftool")
pytestmark = pytest.mark.skipif(EXIFTOOL is None, reason="exiftool is needed to read sidecars back")

PHOTOS = ("df_img11.jpg", "df_img13.jpg", "df_couple.jpg", "df_img14.jpg")


@pytest.fixture
def shoot(shoot_of) -> Path:
    return shoot_of(PHOTOS)


def exiftool_decisions(folder: Path) -> dict[str, tuple]:
    """(rating, label, digiKam pick) of every sidecar in the folder, as exiftool reads them."""
    sidecars = sorted(folder.glob("*.xmp"))
    if not sidecars:
        return {}
    run = subprocess.run([EXIFTOOL, "-j", "-n", "-XMP-xmp:Rating", "-XMP-xmp:Label",
                          "-XMP-digiKam:PickLabel", *map(str, sidecars)],
                         capture_output=True, text=True, check=True)
    return {Path(tags["SourceFile"]).stem: (tags.get("Rating"), tags.get("Label"), tags.get("PickLabel"))
            for tags in json.loads(run.stdout)}


def open_keeper(shoot: Path, **options) -> DecisionKeeper:
    return DecisionKeeper(shoot, Catalog.open(shoot), list(PHOTOS), **options)


def test_a_new_shoot_has_no_decisions_and_nothing_to_undo(shoot):
    keeper = open_keeper(shoot)
    assert keeper.decisions() == dict.fromkeys(PHOTOS, Decision())
    assert keeper.undo() == {} and keeper.redo() == {}
    assert list(shoot.glob("*.xmp")) == []


def test_a_group_is_applied_undone_and_redone_as_one_step(shoot):
    keeper = open_keeper(shoot)
    group = list(PHOTOS[:3])
    changed = keeper.apply(group, lambda d: set_rating(d, 4))
    assert changed == dict.fromkeys(group, Decision(rating=4))
    assert exiftool_decisions(shoot) == {Path(n).stem: (4, None, 0) for n in group}
    assert keeper.catalog.decisions() == changed

    second = keeper.apply(group[:2], lambda d: toggle_label(set_flag(d, PICK), "Red"))
    assert second == dict.fromkeys(group[:2], Decision(PICK, 4, "Red"))
    assert exiftool_decisions(shoot)["df_img11"] == (4, "Red", 3)

    assert keeper.undo() == dict.fromkeys(group[:2], Decision(rating=4))
    assert exiftool_decisions(shoot)["df_img11"] == (4, None, 0)
    assert keeper.undo() == dict.fromkeys(group, Decision())
    assert exiftool_decisions(shoot) == {Path(n).stem: (0, None, 0) for n in group}
    assert keeper.catalog.decisions() == dict.fromkeys(group, Decision())
    assert keeper.undo() == {}

    assert keeper.redo() == changed
    assert keeper.redo() == second
    assert keeper.redo() == {}
    assert keeper.decisions()["df_img11.jpg"] == Decision(PICK, 4, "Red")
    assert keeper.decisions()["df_img14.jpg"] == Decision()
    assert exiftool_decisions(shoot)["df_img13"] == (4, "Red", 3)


def test_only_frames_that_change_are_written_and_an_empty_change_is_no_step(shoot):
    keeper = open_keeper(shoot)
    keeper.apply(["df_img11.jpg"], lambda d: set_rating(d, 3))
    sidecar = shoot / "df_img11.xmp"
    written_at = sidecar.stat().st_mtime_ns
    changed = keeper.apply(["df_img11.jpg", "df_img13.jpg"], lambda d: set_rating(d, 3))
    assert changed == {"df_img13.jpg": Decision(rating=3)}
    assert sidecar.stat().st_mtime_ns == written_at
    assert keeper.apply(list(PHOTOS[:2]), lambda d: set_rating(d, 3)) == {}
    assert keeper.undo() == {"df_img13.jpg": Decision()}        # the last real step


def test_a_new_change_after_undo_clears_redo(shoot):
    keeper = open_keeper(shoot)
    keeper.apply(["df_img11.jpg"], lambda d: set_flag(d, REJECT))
    keeper.undo()
    keeper.apply(["df_img13.jpg"], lambda d: set_flag(d, PICK))
    assert keeper.redo() == {}
    assert keeper.decisions()["df_img11.jpg"] == Decision()


def test_reopening_gives_the_same_decisions(shoot):
    keeper = open_keeper(shoot)
    keeper.apply(list(PHOTOS), lambda d: set_rating(d, 2))
    keeper.apply(["df_couple.jpg"], lambda d: set_flag(d, REJECT))
    keeper.catalog.close()
    again = open_keeper(shoot)
    assert again.decisions() == {**dict.fromkeys(PHOTOS, Decision(rating=2)),
                                 "df_couple.jpg": Decision(REJECT, 2)}


def test_a_sidecar_changed_by_another_application_wins_on_reopening(shoot):
    keeper = open_keeper(shoot)
    keeper.apply(["df_img11.jpg", "df_img13.jpg"], lambda d: set_rating(set_flag(d, PICK), 3))
    keeper.apply(["df_couple.jpg"], lambda d: set_rating(set_flag(d, REJECT), 4))
    keeper.catalog.close()
    time.sleep(0.02)        # the other application works later than ShotKind
    subprocess.run([EXIFTOOL, "-q", "-overwrite_original", "-XMP-xmp:Rating=5", "-XMP-xmp:Label=Blue",
                    str(shoot / "df_img11.xmp")], check=True)
    subprocess.run([EXIFTOOL, "-q", "-overwrite_original", "-XMP-xmp:Rating=1",       # un-rejected
                    str(shoot / "df_couple.xmp")], check=True)
    again = open_keeper(shoot)
    assert again.decisions()["df_img11.jpg"] == Decision(PICK, 5, "Blue")     # pick kept
    assert again.decisions()["df_img13.jpg"] == Decision(PICK, 3)
    assert again.decisions()["df_couple.jpg"] == Decision(UNFLAGGED, 1)
    assert again.catalog.decisions()["df_img11.jpg"] == Decision(PICK, 5, "Blue")   # and saved


def test_a_sidecar_changed_with_its_time_kept_wins_on_reopening(shoot):
    """exiftool -P keeps the file's time, and a file server's clock is not this
    machine's: what counts is that the contents differ from ShotKind's last write.
    (Failed before sidecar prints: the older time made the catalog win.)"""
    keeper = open_keeper(shoot)
    keeper.apply(["df_img11.jpg"], lambda d: set_rating(d, 3))
    keeper.catalog.close()
    sidecar = shoot / "df_img11.xmp"
    subprocess.run([EXIFTOOL, "-q", "-P", "-overwrite_original", "-XMP-xmp:Rating=1", str(sidecar)], check=True)
    old = time.time_ns() - 3600 * 10**9                     # a server clock an hour behind
    os.utime(sidecar, ns=(old, old))
    assert open_keeper(shoot).decisions()["df_img11.jpg"] == Decision(rating=1)


@pytest.mark.parametrize("changed", ["df_img11.xmp", "df_img11.jpg.xmp"])
def test_a_change_with_its_time_kept_in_one_of_two_sidecars_wins(shoot, changed):
    """A frame with both names (darktable beside Lightroom): the file another program
    changed is the one that says other than ShotKind wrote to both, whatever the times
    say. (A tester's 5 stars, set with exiftool -P, were read from the other file and
    then overwritten in both.)"""
    (shoot / "df_img11.jpg.xmp").write_bytes(      # darktable's, nothing in it yet
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about=""/></rdf:RDF></x:xmpmeta>')
    keeper = open_keeper(shoot)
    keeper.apply(["df_img11.jpg"], lambda d: set_rating(set_flag(d, PICK), 3))
    keeper.catalog.close()
    subprocess.run([EXIFTOOL, "-q", "-P", "-overwrite_original", "-XMP-xmp:Rating=5", str(shoot / changed)],
                   check=True)
    again = open_keeper(shoot)
    assert again.decisions()["df_img11.jpg"] == Decision(PICK, 5)
    assert exiftool_decisions(shoot) == {"df_img11": (5, None, 3), "df_img11.jpg": (5, None, 3)}, \
        "both sidecars say it again"
    again.apply(["df_img11.jpg"], lambda d: toggle_label(d, "Green"))
    assert exiftool_decisions(shoot) == {"df_img11": (5, "Green", 3), "df_img11.jpg": (5, "Green", 3)}


CULLED = {"df_img11.jpg": Decision(PICK, 5, "Blue"), "df_img13.jpg": Decision(REJECT, 3),
          "df_img14.jpg": Decision(UNFLAGGED, 4, "Red")}


def test_darktable_importing_the_folder_leaves_the_decisions_as_they_were(shoot):
    """A tester culled, then darktable imported the folder: its new sidecars (1 star, no
    label) were read as changes, the rejects came back unflagged with 1 star, and the
    next export delivered them. A program that never read ShotKind's decision has not
    changed it: the decision stands and goes into its sidecar, its history kept."""
    keeper = open_keeper(shoot)
    for name, decision in CULLED.items():
        keeper.apply([name], lambda d, decision=decision: decision)
    keeper.catalog.close()
    for name in CULLED:
        darktable_imports(shoot / name)
    again = open_keeper(shoot)
    assert {name: again.decisions()[name] for name in CULLED} == CULLED
    assert {name: again.catalog.decisions()[name] for name in CULLED} == CULLED
    said = exiftool_decisions(shoot)
    assert said["df_img13.jpg"] == (-1, None, 1) and said["df_img11.jpg"] == (5, "Blue", 3)
    assert "darktable:history" in (shoot / "df_img11.jpg.xmp").read_text(encoding="utf-8")
    again.catalog.close()
    subprocess.run([EXIFTOOL, "-q", "-P", "-overwrite_original", "-XMP-xmp:Rating=2",
                    str(shoot / "df_img14.jpg.xmp")], check=True)        # then rated in darktable
    assert open_keeper(shoot).decisions()["df_img14.jpg"] == Decision(UNFLAGGED, 2, "Red")


def test_a_choice_made_in_another_program_s_new_sidecar_is_taken(shoot):
    """A review: the rule for darktable's import also dropped a choice made in a program
    that writes the other sidecar name, before ShotKind saw the file. A reject, a pick
    property or a label is no program's default: each is taken; the stars stay ShotKind's
    (a new file's stars cannot be told from its program's default)."""
    keeper = open_keeper(shoot)
    keeper.apply(["df_img11.jpg", "df_img13.jpg"], lambda d: Decision(PICK, 4))
    keeper.catalog.close()
    darktable_imports(shoot / "df_img11.jpg", rating=-1)                     # rejected in darktable
    subprocess.run([EXIFTOOL, "-q", "-o", str(shoot / "df_img13.jpg.xmp"), "-XMP-digiKam:PickLabel=1",
                    "-XMP-xmp:Rating=2", "-XMP-xmp:Label=Green"], check=True)  # rejected in digiKam
    again = open_keeper(shoot)
    assert again.decisions()["df_img11.jpg"] == Decision(REJECT, 4)
    assert again.decisions()["df_img13.jpg"] == Decision(REJECT, 4, "Green")
    assert exiftool_decisions(shoot)["df_img13.jpg"] == (-1, "Green", 1)


def test_darktable_importing_a_raw_jpeg_pair_leaves_its_decision_as_it_was(tmp_path, photos, raw_dir):
    """darktable writes a sidecar for each file of a pair: two new files at once."""
    shutil.copy(photos / "df_img11.jpg", tmp_path / "IMG_0001.JPG")
    shutil.copy(raw_dir / "canon_eos_6d.dng", tmp_path / "IMG_0001.DNG")
    keeper = DecisionKeeper(tmp_path, Catalog.open(tmp_path), ["IMG_0001.JPG"])
    keeper.apply(["IMG_0001.JPG"], lambda d: Decision(REJECT, 3, "Blue"))
    keeper.catalog.close()
    darktable_imports(tmp_path / "IMG_0001.JPG")
    darktable_imports(tmp_path / "IMG_0001.DNG")
    assert DecisionKeeper(tmp_path, Catalog.open(tmp_path), ["IMG_0001.JPG"]).decisions() == \
        {"IMG_0001.JPG": Decision(REJECT, 3, "Blue")}


def test_darktable_importing_while_the_shoot_is_open_changes_nothing_under_the_next_key(shoot):
    """The same import while the window is open: the photographer's next key on the frame
    changes what it sets, not the stars darktable gave it."""
    keeper = open_keeper(shoot)
    keeper.apply(["df_img11.jpg"], lambda d: CULLED["df_img11.jpg"])
    darktable_imports(shoot / "df_img11.jpg")
    assert keeper.apply(["df_img11.jpg"], lambda d: toggle_label(d, "Green")) == \
        {"df_img11.jpg": Decision(PICK, 5, "Green")}
    assert exiftool_decisions(shoot)["df_img11.jpg"] == (5, "Green", 3)


def test_a_pick_another_program_wrote_a_sidecar_without_is_written_back(shoot):
    """darktable writes its sidecar whole, without the pick it does not know: the pick
    stays ShotKind's and goes back into the sidecar, or Lightroom and digiKam never see it."""
    keeper = open_keeper(shoot)
    keeper.apply(["df_img13.jpg"], lambda d: set_rating(set_flag(d, PICK), 3))
    keeper.catalog.close()
    sidecar = shoot / "df_img13.xmp"
    sidecar.unlink()
    subprocess.run([EXIFTOOL, "-q", "-o", str(sidecar), "-XMP-xmp:Rating=4", "-XMP-xmp:Label=Red"], check=True)
    assert exiftool_decisions(shoot)["df_img13"] == (4, "Red", None)
    assert open_keeper(shoot).decisions()["df_img13.jpg"] == Decision(PICK, 4, "Red")
    assert exiftool_decisions(shoot)["df_img13"] == (4, "Red", 3)


def test_frames_the_catalog_does_not_know_take_their_sidecar(shoot):
    subprocess.run([EXIFTOOL, "-q", "-o", str(shoot / "df_img14.xmp"), "-XMP-xmp:Rating=-1"], check=True)
    subprocess.run([EXIFTOOL, "-q", "-o", str(shoot / "df_img13.jpg.xmp"), "-XMP-xmp:Rating=4",
                    "-XMP-xmp:Label=Yellow", "-XMP-digiKam:PickLabel=3"], check=True)
    keeper = open_keeper(shoot)
    assert keeper.decisions()["df_img14.jpg"] == Decision(REJECT, 0)
    assert keeper.decisions()["df_img13.jpg"] == Decision(PICK, 4, "Yellow")
    assert keeper.decisions()["df_img11.jpg"] == Decision()
    keeper.apply(["df_img14.jpg"], lambda d: set_flag(d, UNFLAGGED))
    assert exiftool_decisions(shoot)["df_img14"] == (0, None, 0)


def test_keep_extension_writes_the_darktable_name(shoot):
    keeper = open_keeper(shoot, keep_extension=True)
    keeper.apply(["df_img11.jpg"], lambda d: set_rating(d, 5))
    assert [p.name for p in shoot.glob("*.xmp")] == ["df_img11.jpg.xmp"]
    assert read_sidecar(shoot / "df_img11.jpg").decision == Decision(rating=5)


def test_fifty_selected_frames_are_all_written(tmp_path, shared_dir):
    """How quickly: benchmarks/decision_speed.py."""
    folder = tmp_path / "big"
    folder.mkdir()
    names = [f"IMG_{i:04}.jpg" for i in range(50)]
    source = shutil.copy(shared_dir / "photos" / "df_img11.jpg", tmp_path / "source.jpg")
    for name in names:
        os.link(source, folder / name)          # fifty frames of a burst, one file on disk
    keeper = DecisionKeeper(folder, Catalog.open(folder), names)
    keeper.apply(names, lambda d: set_rating(set_flag(d, PICK), 5))
    assert len(list(folder.glob("*.xmp"))) == 50 and keeper.sidecar_errors == []
    assert read_sidecar(folder / names[-1]).decision == Decision(PICK, 5)
    assert keeper.catalog.decisions() == dict.fromkeys(names, Decision(PICK, 5))


def burst(tmp_path, shared_dir, count: int) -> tuple[Path, list[str]]:
    """A folder of `count` frames of a burst: one real photo, hard-linked."""
    folder = tmp_path / "burst"
    folder.mkdir()
    names = [f"IMG_{i:04}.jpg" for i in range(count)]
    source = shutil.copy(shared_dir / "photos" / "df_img11.jpg", tmp_path / "source.jpg")
    for name in names:
        os.link(source, folder / name)
    return folder, names


def test_decisions_wait_while_the_disk_is_full_and_are_written_when_there_is_room(tmp_path, shared_dir,
                                                                                 disk_full):
    """Picking 200 frames needs more of the catalog than a full disk gives: the picks are
    kept (shown) and waiting, nothing is half written, and they go to the catalog and the
    sidecars, in that order, as soon as there is room."""
    folder, names = burst(tmp_path, shared_dir, 200)
    keeper = DecisionKeeper(folder, Catalog.open(folder), names)
    disk_full(keeper.catalog)
    changed = keeper.apply(names, lambda d: set_flag(d, PICK))
    assert changed == dict.fromkeys(names, Decision(PICK))
    assert keeper.decisions() == dict.fromkeys(names, Decision(PICK))       # what the window shows
    assert keeper.waiting() == set(names) and isinstance(keeper.writer.held_up, CatalogFull)
    assert keeper.catalog.decisions() == {} and list(folder.glob("*.xmp")) == []
    disk_full(keeper.catalog, full=False)
    assert keeper.writer.finish(10)
    assert keeper.catalog.decisions() == dict.fromkeys(names, Decision(PICK))
    assert len(list(folder.glob("*.xmp"))) == 200 and keeper.writer.held_up is None
    assert read_sidecar(folder / names[-1]).decision == Decision(PICK)


def test_a_decision_the_catalog_refused_is_not_written_later(shoot, monkeypatch):
    """A write that fails for a reason that does not pass (here a disk error) raises, and
    the decision is neither kept nor waiting: the next decision must not carry it to disk
    behind the window's back (it showed the frame unpicked)."""
    keeper = open_keeper(shoot)
    save = keeper.catalog.save_decisions

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(keeper.catalog, "save_decisions", broken)
    with pytest.raises(sqlite3.OperationalError):
        keeper.apply([PHOTOS[0]], lambda d: set_flag(d, PICK))
    assert keeper.decisions()[PHOTOS[0]] == Decision() and keeper.waiting() == set()
    assert not keeper.can_undo
    monkeypatch.setattr(keeper.catalog, "save_decisions", save)
    keeper.apply([PHOTOS[1]], lambda d: set_rating(d, 3))
    assert keeper.catalog.decisions() == {PHOTOS[1]: Decision(rating=3)}
    assert read_sidecar(shoot / PHOTOS[0]) is None


def test_after_a_full_disk_the_caches_give_way_to_the_waiting_decisions(tmp_path, shared_dir, disk_full,
                                                                         monkeypatch):
    """The room a photographer makes goes to the decisions first: for a while after the
    disk was found full, thumbnails and analysis results (caches, made again at the next
    opening) are not written; then they are again."""
    from shotkind_desktop.core.decisions import catalog as catalog_module
    monkeypatch.setattr(catalog_module, "CACHES_GIVE_WAY_SECONDS", 1.0)
    folder, names = burst(tmp_path, shared_dir, 200)
    keeper = DecisionKeeper(folder, Catalog.open(folder), names)
    disk_full(keeper.catalog)
    keeper.apply(names, lambda d: set_flag(d, PICK))
    assert keeper.waiting() == set(names)
    disk_full(keeper.catalog, full=False)                 # room made
    identity = catalog_module.FileIdentity(1, 2)
    with pytest.raises(CatalogFull):
        keeper.catalog.save_thumbnail(names[0], identity, b"\xff\xd8 a thumbnail")
    assert keeper.writer.finish(10)
    assert keeper.catalog.decisions() == dict.fromkeys(names, Decision(PICK))
    time.sleep(1.1)
    keeper.catalog.save_thumbnail(names[0], identity, b"\xff\xd8 a thumbnail")
    assert keeper.catalog.thumbnail(names[0], identity) == b"\xff\xd8 a thumbnail"


def test_a_failure_after_the_catalog_has_a_decision_keeps_it_shown_and_saved(shoot, monkeypatch):
    """Once the catalog holds a decision it is saved: an error writing the sidecars'
    prints afterwards must not take it back on screen (the catalog and sidecar have it)."""
    keeper = open_keeper(shoot)

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(keeper.catalog, "save_sidecar_prints", broken)
    keeper.apply([PHOTOS[0]], lambda d: set_flag(d, PICK))
    assert keeper.decisions()[PHOTOS[0]] == Decision(PICK) and keeper.can_undo
    assert keeper.catalog.decisions() == {PHOTOS[0]: Decision(PICK)}
    assert read_sidecar(shoot / PHOTOS[0]).decision == Decision(PICK)


def test_an_error_while_retrying_is_told_and_tried_again(tmp_path, shared_dir, disk_full, monkeypatch):
    """A disk over its quota answers with an I/O error, not "full": the retries keep the
    error in words for the window and go on, and the decisions are saved once it passes."""
    folder, names = burst(tmp_path, shared_dir, 200)
    keeper = DecisionKeeper(folder, Catalog.open(folder), names)
    disk_full(keeper.catalog)
    save, failures = keeper.catalog.save_decisions, []

    def once_broken(*args, **kwargs):
        if not failures:
            failures.append(1)
            raise sqlite3.OperationalError("disk I/O error")
        return save(*args, **kwargs)
    keeper.apply(names, lambda d: set_flag(d, PICK))
    assert keeper.waiting() == set(names)
    monkeypatch.setattr(keeper.catalog, "save_decisions", once_broken)
    deadline = time.monotonic() + 10
    while not failures and time.monotonic() < deadline:
        time.sleep(0.05)
    assert keeper.writer.failure == "disk I/O error" and keeper.waiting() == set(names)
    disk_full(keeper.catalog, full=False)
    assert keeper.writer.finish(15)
    assert keeper.writer.failure is None
    assert keeper.catalog.decisions() == dict.fromkeys(names, Decision(PICK))


def test_an_undo_the_catalog_refuses_can_be_tried_again(shoot, monkeypatch):
    keeper = open_keeper(shoot)
    keeper.apply([PHOTOS[0]], lambda d: set_flag(d, PICK))
    save = keeper.catalog.save_decisions

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(keeper.catalog, "save_decisions", broken)
    with pytest.raises(sqlite3.OperationalError):
        keeper.undo()
    assert keeper.decisions()[PHOTOS[0]] == Decision(PICK) and keeper.can_undo and not keeper.can_redo
    monkeypatch.setattr(keeper.catalog, "save_decisions", save)
    assert keeper.undo() == {PHOTOS[0]: Decision()}
    assert keeper.catalog.decisions() == {PHOTOS[0]: Decision()} and keeper.can_redo


def test_a_batch_syncs_each_sidecar_then_its_folder_once_before_the_prints_are_kept(shoot, monkeypatch):
    """Each sidecar's bytes reach the disk before its rename; the folder's entries once
    for the batch, before the catalog keeps the prints that say the sidecars are current
    (a crash before that: no prints, and the next opening rewrites them from the
    catalog). (Failed before: the folder was synced after every sidecar.)"""
    from shotkind_desktop.core import atomic_write

    keeper = open_keeper(shoot)
    events = []
    real_fsync, real_prints = os.fsync, keeper.catalog.save_sidecar_prints

    def fsync(descriptor):
        events.append("folder" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "file")
        return real_fsync(descriptor)

    def save_sidecar_prints(prints, *rest):
        events.append(("prints", len(prints)))
        return real_prints(prints, *rest)
    monkeypatch.setattr(atomic_write.os, "fsync", fsync)
    monkeypatch.setattr(keeper.catalog, "save_sidecar_prints", save_sidecar_prints)
    keeper.apply(list(PHOTOS), lambda d: set_flag(d, REJECT))
    monkeypatch.undo()
    assert events == ["file"] * len(PHOTOS) + ["folder", ("prints", len(PHOTOS))]
    assert exiftool_decisions(shoot) == {Path(n).stem: (-1, None, 1) for n in PHOTOS}
    with Catalog.open(shoot) as catalog:
        assert set(catalog.sidecar_prints()) == set(PHOTOS)


KILLED_AFTER_APPLY = """
import os, signal, sys
sys.path.insert(0, {checkout!r})
from pathlib import Path
from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import Decision
names = {names!r}
keeper = DecisionKeeper(Path({shoot!r}), Catalog.open(Path({shoot!r})), names)
keeper.apply(names, lambda d: Decision(-1, 2, "Purple"))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_crash_right_after_apply_loses_nothing(shoot):
    script = KILLED_AFTER_APPLY.format(checkout=str(CHECKOUT), names=list(PHOTOS), shoot=str(shoot))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert exiftool_decisions(shoot) == {Path(n).stem: (-1, "Purple", 1) for n in PHOTOS}
    assert not [p for p in shoot.iterdir() if p.name.endswith(".tmp")]
    with Catalog.open(shoot) as catalog:
        assert catalog.decisions() == dict.fromkeys(PHOTOS, Decision(REJECT, 2, "Purple"))


READ_ONLY_APPLY = """
keeper = DecisionKeeper(Path(shoot), Catalog.open(Path(shoot)), names)
changed = keeper.apply(names, lambda d: Decision(1, 4, "Green"))
other = Catalog.open(Path(shoot))       # another connection sees the committed decisions
report = {"changed": sorted(changed), "uid": os.geteuid(), "path": str(other.path),
          "catalog": {k: [d.flag, d.rating, d.label] for k, d in other.decisions().items()},
          "undone": sorted(keeper.undo()), "errors": keeper.sidecar_errors}
"""


def test_a_read_only_folder_reports_sidecar_errors_and_the_catalog_keeps_the_decision(shared_dir):
    shoot, home = shared_folder("shotkind-ro-keeper-"), shared_folder("shotkind-home-")
    try:
        names = list(PHOTOS[:2])
        for name in names:
            shutil.copy(shared_dir / "photos" / name, shoot / name)
        read_only(shoot)
        report = run_unprivileged(READ_ONLY_APPLY, home, shoot=str(shoot), names=names)
        assert report["uid"] != 0 and Path(report["path"]).is_relative_to(home)
        assert report["changed"] == names and report["undone"] == names
        assert report["catalog"] == {name: [1, 4, "Green"] for name in names}
        assert len(report["errors"]) == 4                     # apply and undo, two frames each
        for message, name in zip(report["errors"], names * 2):
            assert name in message and "read-only" in message and "sidecar" in message
        assert sorted(p.name for p in shoot.iterdir()) == sorted(names)   # nothing written there
    finally:
        shoot.chmod(0o755)
        shutil.rmtree(shoot)
        shutil.rmtree(home)


LOCKED_SIDECAR_APPLY = """
keeper = DecisionKeeper(Path(shoot), Catalog.open(Path(shoot)), names)
keeper.sidecar_errors.clear()
keeper.apply(names, lambda d: Decision(1, 4, "Green"))
report = {"uid": os.geteuid(), "errors": keeper.sidecar_errors,
          "catalog": {k: [d.flag, d.rating, d.label] for k, d in keeper.catalog.decisions().items()}}
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="making a sidecar another user owns needs root")
def test_a_locked_sidecar_is_named_and_not_blamed_on_its_folder(shared_dir):
    """A tester locked one sidecar, the folder writable, and was told "the folder is
    read-only". In a shared folder (sticky, as /tmp) another user's sidecar cannot be
    replaced while new files can be made: the message names that file."""
    shoot, home = shared_folder("shotkind-locked-sidecar-"), shared_folder("shotkind-home-")
    try:
        shoot.chmod(0o1777)
        names = list(PHOTOS[:2])
        for name in names:
            shutil.copy(shared_dir / "photos" / name, shoot / name)
        write_sidecar(shoot / names[0], Decision(rating=1))        # root's: locked for the user
        locked = (shoot / "df_img11.xmp").read_bytes()
        report = run_unprivileged(LOCKED_SIDECAR_APPLY, home, shoot=str(shoot), names=names)
        assert report["uid"] != 0
        assert report["errors"] == [
            "The sidecar df_img11.xmp is locked or read-only, though its folder is not: the decision on "
            "df_img11.jpg is kept in the catalog, but not in its XMP sidecar, so other applications will "
            "not see it."]
        assert report["catalog"] == {name: [1, 4, "Green"] for name in names}     # kept in the catalog
        assert (shoot / "df_img11.xmp").read_bytes() == locked
        assert read_sidecar(shoot / "df_img13.jpg").decision == Decision(PICK, 4, "Green")
    finally:
        shutil.rmtree(shoot)
        shutil.rmtree(home)


def test_an_unwritable_sidecar_does_not_stop_the_others(shoot):
    write_sidecar(shoot / "df_img13.jpg", Decision(rating=1))
    blocker = shoot / "df_img11.xmp"
    blocker.mkdir()                       # a folder where the sidecar should go: cannot be replaced
    keeper = open_keeper(shoot)
    changed = keeper.apply(["df_img11.jpg", "df_img13.jpg"], lambda d: set_rating(d, 5))
    assert set(changed) == {"df_img11.jpg", "df_img13.jpg"}
    assert len(keeper.sidecar_errors) == 1 and "df_img11.jpg" in keeper.sidecar_errors[0]
    assert read_sidecar(shoot / "df_img13.jpg").decision.rating == 5
    assert keeper.catalog.decisions()["df_img11.jpg"].rating == 5


def test_undo_and_redo_keep_another_application_s_change_since_the_step(shoot):
    """A tester rated a frame, labelled it Red in another program (as Lightroom would),
    then pressed Ctrl+Z and Ctrl+Shift+Z: the label was gone for good, because undo and
    redo wrote the step's whole decisions from memory. They take back or make again only
    what the step changed, on the sidecar as it is now."""
    keeper = open_keeper(shoot)
    keeper.apply(["df_img14.jpg"], lambda d: set_rating(d, 3))
    subprocess.run([EXIFTOOL, "-q", "-P", "-overwrite_original", "-XMP-xmp:Label=Red",
                    str(shoot / "df_img14.xmp")], check=True)
    assert keeper.undo() == {"df_img14.jpg": Decision(rating=0, label="Red")}
    assert exiftool_decisions(shoot)["df_img14"] == (0, "Red", 0)
    assert keeper.redo() == {"df_img14.jpg": Decision(rating=3, label="Red")}
    assert exiftool_decisions(shoot)["df_img14"] == (3, "Red", 0)
    assert open_keeper(shoot).decisions()["df_img14.jpg"] == Decision(rating=3, label="Red")


def test_another_application_s_change_while_open_is_merged_not_reverted(shoot):
    """exiftool labels and rates a frame while the shoot is open (keeping the sidecar's
    time); the photographer then picks it: the pick is added, the label and stars stay.
    Then a rating over another rating: the photographer's, the newest, wins. (Failed
    before: the pick rewrote the sidecar from ShotKind's memory, reverting the label.)"""
    keeper = open_keeper(shoot)
    keeper.apply(["df_img11.jpg"], lambda d: set_rating(d, 3))
    sidecar = shoot / "df_img11.xmp"
    subprocess.run([EXIFTOOL, "-q", "-P", "-overwrite_original", "-XMP-xmp:Label=Blue", "-XMP-xmp:Rating=4",
                    str(sidecar)], check=True)
    changed = keeper.apply(["df_img11.jpg"], lambda d: set_flag(d, PICK))
    assert changed == {"df_img11.jpg": Decision(PICK, 4, "Blue")}
    assert exiftool_decisions(shoot)["df_img11"] == (4, "Blue", 3)
    subprocess.run([EXIFTOOL, "-q", "-P", "-overwrite_original", "-XMP-xmp:Rating=1", str(sidecar)], check=True)
    keeper.apply(["df_img11.jpg"], lambda d: set_rating(d, 2))
    assert exiftool_decisions(shoot)["df_img11"] == (2, "Blue", 3)
    assert keeper.catalog.decisions()["df_img11.jpg"] == Decision(PICK, 2, "Blue")
    keeper.undo()                            # back to the state before the rating: exiftool's
    assert keeper.decisions()["df_img11.jpg"] == Decision(PICK, 1, "Blue")


def test_a_name_copied_into_another_unicode_form_keeps_what_the_catalog_holds(tmp_path, shared_dir):
    """A Mac disk writes Zoë as Zoe and a combining accent (NFD): the sidecar brought a
    tester's stars back, but the adjusted crop, the client's round and the sitter's name,
    kept by name in the catalog, were lost."""
    import unicodedata

    from shotkind_desktop.core.people.sitters import SitterEdits

    folder = tmp_path / "shoot"
    folder.mkdir()
    typed = unicodedata.normalize("NFC", "Zoë_01.jpg")
    shutil.copy2(shared_dir / "photos" / "df_img13.jpg", folder / typed)
    keeper = DecisionKeeper(folder, Catalog.open(folder), [typed])
    keeper.apply([typed], lambda d: Decision(PICK, 4, "Green"))
    keeper.catalog.save_crop(typed, "1:1", (10.0, 20.0, 300.0, 300.0), picture="its print")
    keeper.catalog.save_client_round("final choice", [typed])
    keeper.catalog.save_sitter_edits(SitterEdits(frozenset({typed}), frozenset(), {typed: "Zoë Adams"}))
    keeper.catalog.close()
    copied = unicodedata.normalize("NFD", typed)
    assert copied != typed
    for path in list(folder.iterdir()):
        if path.is_file():
            path.rename(folder / unicodedata.normalize("NFD", path.name))
    again = DecisionKeeper(folder, Catalog.open(folder), [copied])
    assert again.decisions() == {copied: Decision(PICK, 4, "Green")}
    catalog = again.catalog
    assert catalog.crop_records(copied) == {copied: {"1:1": ((10.0, 20.0, 300.0, 300.0), "its print")}}
    assert catalog.client_rounds() == {"final choice": [copied]}
    assert catalog.sitter_edits() == SitterEdits(frozenset({copied}), frozenset(), {copied: "Zoë Adams"})
    assert set(catalog.decisions()) == {copied}, "nothing left under the old form"


def test_opening_leaves_sidecars_that_already_agree_alone(shoot):
    """A review found every frame with two sidecar names (darktable beside Lightroom)
    rewritten at each first opening, and after any edit another program made to one of
    them: 2,000 files rewritten on a 1,000-frame shoot, each with a new MetadataDate."""
    for sidecar in ("df_img11.xmp", "df_img11.jpg.xmp"):
        subprocess.run([EXIFTOOL, "-q", "-o", str(shoot / sidecar), "-XMP-xmp:Rating=1"], check=True)
    before = {p.name: p.read_bytes() for p in shoot.glob("*.xmp")}
    keeper = open_keeper(shoot)
    assert keeper.decisions()["df_img11.jpg"] == Decision(rating=1)
    keeper.apply(["df_img11.jpg"], lambda d: set_flag(d, PICK))
    keeper.catalog.close()
    assert {p.name for p in shoot.glob("*.xmp")} == set(before)
    subprocess.run([EXIFTOOL, "-q", "-P", "-overwrite_original", "-XMP-dc:Title=Board portraits",
                    str(shoot / "df_img11.jpg.xmp")], check=True)      # darktable's own edit
    edited = {p.name: p.read_bytes() for p in shoot.glob("*.xmp")}
    assert open_keeper(shoot).decisions()["df_img11.jpg"] == Decision(PICK, 1)
    assert {p.name: p.read_bytes() for p in shoot.glob("*.xmp")} == edited, "nothing to rewrite"


def test_a_first_opening_leaves_agreeing_sidecars_byte_for_byte(shoot):
    for sidecar in ("df_img13.xmp", "df_img13.jpg.xmp"):
        subprocess.run([EXIFTOOL, "-q", "-o", str(shoot / sidecar), "-XMP-xmp:Rating=2"], check=True)
    before = {p.name: p.read_bytes() for p in shoot.glob("*.xmp")}
    assert open_keeper(shoot).decisions()["df_img13.jpg"] == Decision(rating=2)
    assert {p.name: p.read_bytes() for p in shoot.glob("*.xmp")} == before


def test_a_frame_renamed_while_shotkind_was_closed_keeps_what_the_catalog_holds(shoot):
    """A tester picked a frame, gave it 5 stars and a 1:1 crop, closed ShotKind and renamed
    the file with mv (the sidecar left behind): on reopening nothing was decided. (df_img13
    has its camera's EXIF: the capture time confirms the same picture.)"""
    from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
    from shotkind_desktop.core.judgement.faces import make_detector

    keeper = open_keeper(shoot)
    keeper.apply(["df_img13.jpg"], lambda d: Decision(PICK, 5))
    path = shoot / "df_img13.jpg"
    keeper.catalog.save_results([("df_img13.jpg", FileIdentity.of(path), analyze_frame(path, make_detector("yunet")))])
    keeper.catalog.save_crop("df_img13.jpg", "1:1", (10.0, 20.0, 300.0, 300.0))
    keeper.catalog.close()
    path.rename(shoot / "Smith_0013.jpg")                # time and size kept, as mv keeps them
    names = ["Smith_0013.jpg", "df_img11.jpg", "df_couple.jpg", "df_img14.jpg"]
    again = DecisionKeeper(shoot, Catalog.open(shoot), names)
    assert again.decisions()["Smith_0013.jpg"] == Decision(PICK, 5)
    assert again.catalog.crops("Smith_0013.jpg") == {"1:1": (10.0, 20.0, 300.0, 300.0)}
    assert "df_img13.jpg" not in again.catalog.decisions()
    assert read_sidecar(shoot / "Smith_0013.jpg").decision == Decision(PICK, 5), "for other applications too"


def test_a_raw_joined_by_its_jpeg_while_shotkind_was_closed_keeps_its_crop(tmp_path, shared_dir):
    """A crop adjusted on a live session's RAW stayed under the RAW's name once its JPEG
    had landed with ShotKind closed: the pair, named by its JPEG, had none."""
    folder = tmp_path / "shoot"
    folder.mkdir()
    shutil.copy2(shared_dir / "raw" / "canon_eos_6d.dng", folder / "P05.DNG")
    keeper = DecisionKeeper(folder, Catalog.open(folder), ["P05.DNG"])
    keeper.apply(["P05.DNG"], lambda d: Decision(PICK, 4))
    keeper.catalog.save_crop("P05.DNG", "1:1", (100.0, 100.0, 800.0, 800.0))
    keeper.catalog.close()
    shutil.copy2(shared_dir / "photos" / "df_img13.jpg", folder / "P05.JPG")
    again = DecisionKeeper(folder, Catalog.open(folder), ["P05.JPG"])
    assert again.decisions()["P05.JPG"] == Decision(PICK, 4)
    assert again.catalog.crops("P05.JPG") == {"1:1": (100.0, 100.0, 800.0, 800.0)}


@pytest.mark.parametrize("analysed", [True, False])
def test_a_copy_of_a_write_protected_card_takes_the_decisions_made_on_it(tmp_path, shared_dir, analysed):
    """A tester culled on a locked card (the catalog in the data folder, no sidecar
    written), then copied the card to the computer: the copy opened with no decision.
    A decided frame the card's catalog never analysed cannot be told from another
    picture of its name: then nothing is taken (a review's second camera's IMG_0002)."""
    card = tmp_path / "card" / "DCIM"
    card.mkdir(parents=True)
    for name in PHOTOS:
        shutil.copy2(shared_dir / "photos" / name, card / name)
    on_card = DecisionKeeper(card, Catalog.open(card, in_data_folder=True), list(PHOTOS))   # as on a locked card
    on_card.apply(["df_img11.jpg"], lambda d: Decision(PICK, 5))
    on_card.apply(["df_couple.jpg"], lambda d: Decision(REJECT))
    known = PHOTOS if analysed else PHOTOS[:1]
    on_card.catalog.save_results([(name, FileIdentity.of(card / name), FrameResult(name)) for name in known])
    on_card.catalog.close()
    for sidecar in card.glob("*.xmp"):
        sidecar.unlink()                                    # a locked card takes none
    copy = tmp_path / "ingested" / "acme"
    shutil.copytree(card, copy, copy_function=shutil.copy2)  # a card copy keeps the files' times
    taken = DecisionKeeper(copy, Catalog.open(copy), list(PHOTOS))
    if not analysed:
        assert taken.from_card == 0 and taken.decisions()["df_img11.jpg"] == Decision()
        return
    assert taken.from_card == 2
    assert taken.decisions()["df_img11.jpg"] == Decision(PICK, 5) and taken.decisions()["df_couple.jpg"].is_reject
    assert read_sidecar(copy / "df_img11.jpg").decision == Decision(PICK, 5), "and in the copy's sidecars"
    taken.catalog.close()

    other = tmp_path / "another shoot"                      # same names, other pictures: nothing taken
    other.mkdir()
    for name in PHOTOS:
        shutil.copy(shared_dir / "photos" / name, other / name)
    assert DecisionKeeper(other, Catalog.open(other), list(PHOTOS)).decisions()["df_img11.jpg"] == Decision()


def test_a_sidecar_replaced_by_one_that_says_nothing_of_the_decision_gets_it_back(shoot):
    """A tether program replaced a frame's sidecar with its own (keywords and a credit
    only): the catalog kept the pick, 5 stars and Red, but no sidecar said them again, so
    Lightroom and darktable never saw them."""
    keeper = open_keeper(shoot)
    keeper.apply(["df_img14.jpg"], lambda d: Decision(PICK, 5, "Red"))
    keeper.catalog.close()
    sidecar = shoot / "df_img14.xmp"
    sidecar.unlink()
    subprocess.run([EXIFTOOL, "-q", "-o", str(sidecar), "-XMP-dc:Subject=acme", "-XMP-photoshop:Credit=Tether"],
                   check=True)
    assert open_keeper(shoot).decisions()["df_img14.jpg"] == Decision(PICK, 5, "Red")
    assert read_sidecar(shoot / "df_img14.jpg").decision == Decision(PICK, 5, "Red")
    assert "acme" in sidecar.read_text(encoding="utf-8"), "the tether program's keywords stay"


def test_another_picture_of_the_same_size_and_time_does_not_take_a_gone_frames_decision(shoot):
    """A review: a rejected frame sent to the trash, then a second camera's frame of the
    same size and time (cards keep times to 2 s) opened rejected. The capture time in
    its EXIF must be the gone frame's too."""
    from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
    from shotkind_desktop.core.judgement.faces import make_detector

    keeper = open_keeper(shoot)
    keeper.apply(["df_img13.jpg"], lambda d: Decision(REJECT))
    gone = shoot / "df_img13.jpg"
    keeper.catalog.save_results([("df_img13.jpg", FileIdentity.of(gone), analyze_frame(gone, make_detector("yunet")))])
    keeper.catalog.close()
    size, times = gone.stat().st_size, (gone.stat().st_atime_ns, gone.stat().st_mtime_ns)
    gone.unlink()
    (shoot / "df_img13.xmp").unlink()                      # the trash takes the sidecar too
    other = (shoot / "df_img11.jpg").read_bytes()
    assert len(other) < size
    arrived = shoot / "B2_0042.jpg"
    arrived.write_bytes(other + b"\0" * (size - len(other)))   # another picture, the same size
    os.utime(arrived, ns=times)                                 # and the same time
    names = ["B2_0042.jpg", "df_img11.jpg", "df_couple.jpg", "df_img14.jpg"]
    assert DecisionKeeper(shoot, Catalog.open(shoot), names).decisions()["B2_0042.jpg"] == Decision()


def test_a_second_sidecar_replaced_by_one_that_says_nothing_gets_the_decision_back(shoot):
    """A review: of a frame's two sidecars, the one darktable and digiKam read was
    replaced by a tether program's with keywords only, and never got the rating back."""
    (shoot / "df_img14.jpg.xmp").write_bytes(
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about=""/></rdf:RDF></x:xmpmeta>')
    keeper = open_keeper(shoot)
    keeper.apply(["df_img14.jpg"], lambda d: Decision(PICK, 5, "Red"))
    keeper.catalog.close()
    sidecar = shoot / "df_img14.jpg.xmp"
    sidecar.unlink()
    subprocess.run([EXIFTOOL, "-q", "-o", str(sidecar), "-XMP-dc:Subject=acme"], check=True)
    assert open_keeper(shoot).decisions()["df_img14.jpg"] == Decision(PICK, 5, "Red")
    assert exiftool_decisions(shoot)["df_img14.jpg"] == (5, "Red", 3)
