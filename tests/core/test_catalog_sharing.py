"""A shoot's catalog shared with others: a second ShotKind window (issue 14, item 4),
another program holding the catalog (item 5), a catalog from a newer ShotKind (item 6).
Each opens, shows what is there and never writes what it cannot write safely."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import IN_USE, NEWER, Catalog, CatalogBusy, CatalogReadOnly, FileIdentity
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision, set_flag
from shotkind_desktop.core.decisions.xmp import read_sidecar
from tests.core.other_program import another_program_writing

PHOTOS = ["df_img11.jpg", "df_img13.jpg", "df_couple.jpg"]
CHECKOUT = Path(__file__).resolve().parents[2]

HOLD_THE_SHOOT = """
import sys, time; sys.path.insert(0, {checkout!r})
from pathlib import Path
from shotkind_desktop.core.decisions.catalog import Catalog
catalog = Catalog.open(Path({shoot!r}), exclusive=True)
print(catalog.read_only, flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def shoot(shoot_of) -> Path:
    return shoot_of(PHOTOS)


def sidecar_bytes(shoot: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(shoot.glob("*.xmp"))}


def test_a_second_window_opens_the_shoot_read_only_and_never_writes(shoot):
    """(Failed before: both windows wrote, each over the other.)"""
    first = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    first.apply(PHOTOS[:1], lambda d: set_flag(d, PICK))
    before = sidecar_bytes(shoot), (shoot / ".shotkind" / "catalog.sqlite").stat().st_mtime_ns
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_SHOOT.format(checkout=str(CHECKOUT), shoot=str(shoot))],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == IN_USE      # another process: read-only
    finally:
        holder.communicate("\n", timeout=30)
    second = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    assert second.read_only == IN_USE
    assert second.decisions()["df_img11.jpg"] == Decision(PICK)
    with pytest.raises(CatalogReadOnly):
        second.apply(PHOTOS, lambda d: set_flag(d, REJECT))
    assert second.decisions()["df_img11.jpg"] == Decision(PICK)
    second.catalog.save_thumbnail("df_img13.jpg", FileIdentity(1, 1), b"x")     # skipped
    assert (sidecar_bytes(shoot), (shoot / ".shotkind" / "catalog.sqlite").stat().st_mtime_ns) == before
    second.catalog.close()
    first.catalog.close()
    third = Catalog.open(shoot, exclusive=True)          # the lock went with the first window
    assert third.read_only is None
    third.close()


def test_a_window_read_only_for_another_computer_does_not_hold_the_shoot_here(shoot, tmp_path):
    """Another computer (its own data folder) holds the shoot's catalog on a shared disk:
    a window here opens it read-only. Once the other closes it, a window opened here
    writes, although the read-only one is still open (it held this computer's shoot lock)."""
    other = dict(os.environ, SHOTKIND_HOME=str(tmp_path / "other computer"))
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_SHOOT.format(checkout=str(CHECKOUT), shoot=str(shoot))],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=other)
    try:
        assert holder.stdout.readline().strip() == "None"    # the other computer writes
        looking = Catalog.open(shoot, exclusive=True)
        assert looking.read_only == IN_USE
    finally:
        holder.communicate("\n", timeout=30)
    writing = Catalog.open(shoot, exclusive=True)
    assert writing.read_only is None
    writing.close()
    looking.close()


@pytest.mark.parametrize("first_in_data_folder", [True, False])
def test_windows_whose_preferences_differ_still_leave_one_writer(shoot, first_in_data_folder):
    """A tester opened a shoot in one window keeping catalogs in the data folder and in a
    second keeping them in the shoot: both could write (a pick in one, a reject of the
    same frame in the other), and the second merged the first's live catalog into its
    own and set it aside, so the first's later decisions went to a file nobody reads."""
    first = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True, in_data_folder=first_in_data_folder), PHOTOS)
    first.apply(PHOTOS[:1], lambda d: set_flag(d, PICK))
    second = Catalog.open(shoot, exclusive=True, in_data_folder=not first_in_data_folder)
    assert second.read_only == IN_USE
    second.close()
    first.apply(PHOTOS[1:2], lambda d: set_flag(d, REJECT))
    assert first.catalog.path.is_file(), "the first window's catalog is not set aside"
    first.catalog.close()
    with Catalog.open(shoot, exclusive=True, in_data_folder=first_in_data_folder) as again:
        assert again.read_only is None
        assert again.decisions() == {"df_img11.jpg": Decision(PICK), "df_img13.jpg": Decision(REJECT)}


def test_a_catalog_another_program_holds_never_holds_the_photographer(shoot):
    """Another program keeps a write transaction open: a pick returns at once, shown and
    waiting; it reaches the catalog and then the sidecar as soon as the catalog is free.
    (Failed before: apply() hung for 10 s, then raised 'database is locked'.)"""
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    other = sqlite3.connect(keeper.catalog.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    changed = keeper.apply(PHOTOS[:2], lambda d: set_flag(d, PICK))   # how soon: benchmarks/decision_speed.py
    assert set(changed) == set(PHOTOS[:2]) and keeper.waiting() == set(PHOTOS[:2])
    assert keeper.decisions()["df_img13.jpg"] == Decision(PICK)
    assert read_sidecar(shoot / "df_img13.jpg") is None, "a sidecar is never ahead of the catalog"
    time.sleep(1.0)
    other.execute("COMMIT")
    other.close()
    assert keeper.writer.finish(15)
    assert keeper.catalog.decisions() == dict.fromkeys(PHOTOS[:2], Decision(PICK))
    assert read_sidecar(shoot / "df_img13.jpg").decision == Decision(PICK)
    keeper.catalog.close()


def test_a_program_reading_the_catalog_makes_a_decision_wait_not_fail(shoot):
    """A backup tool keeps a read open: with a rollback journal the commit must wait for
    it (WAL's readers never held a writer). The pick waits like one held up by a writer,
    and is saved once the reader is done. (Failed before: 'database is locked' at COMMIT,
    and the pick was taken back.)"""
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    reader = sqlite3.connect(keeper.catalog.path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM decisions").fetchall()
    changed = keeper.apply(PHOTOS[:1], lambda d: set_flag(d, PICK))
    assert set(changed) == set(PHOTOS[:1]) and keeper.waiting() == set(PHOTOS[:1])
    reader.execute("COMMIT")
    reader.close()
    assert keeper.writer.finish(15)
    assert keeper.catalog.decisions() == {PHOTOS[0]: Decision(PICK)}
    assert read_sidecar(shoot / PHOTOS[0]).decision == Decision(PICK)
    keeper.catalog.close()


def test_a_read_waits_for_another_programs_commit(shoot):
    """While another program writes the database (its commit, here held 0.5 s), readers
    are shut out; the window's read waits for it instead of failing. (Failed before:
    'database is locked' after SQLite's 50 ms wait.)"""
    with Catalog.open(shoot, exclusive=True) as catalog:
        catalog.save_decisions({PHOTOS[0]: Decision(PICK)})
        writer, done = another_program_writing(catalog.path, 0.5)
        try:
            assert catalog.decisions() == {PHOTOS[0]: Decision(PICK, 3)}
        finally:
            done.join()
            writer.close()


@pytest.mark.parametrize("newer", ["ALTER TABLE decisions ADD COLUMN colour_profile TEXT",
                                   "PRAGMA user_version = 99"])
def test_a_catalog_from_a_newer_shotkind_opens_read_only(shoot, newer):
    """(Failed before: an extra column made every decision an SQL error.)"""
    with Catalog.open(shoot) as catalog:
        catalog.save_decisions({"df_img11.jpg": Decision(PICK)})
        path = catalog.path
    with sqlite3.connect(path) as db:
        db.execute(newer)
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    assert keeper.read_only == NEWER
    assert keeper.decisions()["df_img11.jpg"] == Decision(PICK)
    with pytest.raises(CatalogReadOnly):
        keeper.apply(PHOTOS, lambda d: set_flag(d, REJECT))
    assert list(shoot.glob("*.xmp")) == []
    keeper.catalog.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT flag FROM decisions").fetchall() == [(PICK,)]


def test_a_commit_waits_for_another_programs_read_within_the_callers_wait(shoot):
    """A reader done within the caller's wait (an export reading for 0.3 s) holds the
    commit up, not the decision: it is committed at once after. One reading past the
    wait leaves nothing written. (Failed before: CatalogBusy after SQLite's 50 ms, with
    seconds of the caller's wait left.)"""
    with Catalog.open(shoot, exclusive=True) as catalog:
        reader = sqlite3.connect(catalog.path, isolation_level=None, check_same_thread=False)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM decisions").fetchall()
        done = threading.Timer(0.3, lambda: reader.execute("COMMIT"))
        done.start()
        try:
            catalog.save_decisions({PHOTOS[0]: Decision(PICK)}, wait=5)
        finally:
            done.join()
        assert catalog.decisions() == {PHOTOS[0]: Decision(PICK)}
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM decisions").fetchall()
        started = time.monotonic()
        with pytest.raises(CatalogBusy):
            catalog.save_decisions({PHOTOS[1]: Decision(REJECT)}, wait=0.3)
        assert 0.3 <= time.monotonic() - started < 2
        reader.execute("COMMIT")
        reader.close()
        assert catalog.decisions() == {PHOTOS[0]: Decision(PICK)}


def test_a_read_on_the_main_thread_never_waits_for_seconds(shoot):
    """The main thread is the window's GUI thread: while another program writes for 3 s,
    its read gives up with CatalogBusy within a second, while a worker's read waits for
    the commit. The same while a worker's commit waits for another program's reader and
    holds the connection. (Failed before: the GUI thread was held up to 10 s.)"""
    with Catalog.open(shoot, exclusive=True) as catalog:
        catalog.save_decisions({PHOTOS[0]: Decision(PICK)})
        writer, done = another_program_writing(catalog.path, 3.0)
        worker_read = {}
        worker = threading.Thread(target=lambda: worker_read.update(catalog.decisions()))
        worker.start()
        started = time.monotonic()
        with pytest.raises(CatalogBusy):
            catalog.decisions()
        assert time.monotonic() - started < 2
        worker.join()
        done.join()
        assert worker_read == {PHOTOS[0]: Decision(PICK, 3)}

        writer.execute("BEGIN")
        writer.execute("SELECT count(*) FROM decisions").fetchall()
        saving = threading.Thread(target=catalog.save_decisions, args=({PHOTOS[1]: Decision(REJECT)}, 4))
        saving.start()
        time.sleep(0.2)
        started = time.monotonic()
        with pytest.raises(CatalogBusy):
            catalog.decisions()
        assert time.monotonic() - started < 2
        writer.execute("COMMIT")
        saving.join()
        writer.close()
        assert catalog.decisions() == {PHOTOS[0]: Decision(PICK, 3), PHOTOS[1]: Decision(REJECT)}
