"""Decisions the shoot's catalog refuses for now survive a crash: while another program
holds the catalog, a pick waited in memory only, and a crash (or "Close and Lose Them")
lost it. Now it is kept in a spare catalog in the data folder at once, and the next
opening saves it to the shoot's catalog and its sidecar."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import sys
import time
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog, CatalogBusy, spare_path
from shotkind_desktop.core.decisions.catalog_merge import merge_stray_catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decision_writer import Rename
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision, set_flag, set_rating
from shotkind_desktop.core.decisions.xmp import read_sidecar

PHOTOS = ["df_img11.jpg", "df_img13.jpg", "df_couple.jpg"]
CHECKOUT = Path(__file__).resolve().parents[2]

# A window's session that decides while another program holds the catalog, then dies
# without a word (os._exit: no close, no flush, no atexit), as a crash or a power cut does.
CRASHING_SESSION = """
import os, sys; sys.path.insert(0, {checkout!r})
from pathlib import Path
from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, set_flag
shoot = Path({shoot!r})
keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), {photos!r}, spare=True)
print("open", flush=True)
sys.stdin.readline()                      # the other program holds the catalog now
saved = keeper.apply([{chosen!r}], lambda d: set_flag(d, PICK))
print("saved" if not keeper.waiting() else "waiting", flush=True)
os._exit(9)
"""


@pytest.fixture
def shoot(shoot_of) -> Path:
    return shoot_of(PHOTOS)


def another_program_holding(catalog_path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(catalog_path, isolation_level=None, check_same_thread=False, timeout=5)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_pick_waiting_for_a_held_catalog_survives_a_crash(shoot):
    with Catalog.open(shoot) as catalog:          # the shoot was opened before, its catalog made
        catalog_path = catalog.path
    child = subprocess.Popen([sys.executable, "-c", CRASHING_SESSION.format(
        checkout=str(CHECKOUT), shoot=str(shoot), photos=PHOTOS, chosen=PHOTOS[1])],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    try:
        assert child.stdout.readline().strip() == "open"
        holder = another_program_holding(catalog_path)
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "waiting"
        assert child.wait(30) == 9
        holder.execute("ROLLBACK")
        holder.close()
    finally:
        child.kill()
    assert spare_path(shoot).is_file()
    assert read_sidecar(shoot / PHOTOS[1]) is None          # it never got to the sidecar

    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS, spare=True)
    try:
        assert keeper.decisions()[PHOTOS[1]] == Decision(PICK)
        assert keeper.catalog.decisions()[PHOTOS[1]] == Decision(PICK)
        assert keeper.writer.finish(10)
        assert read_sidecar(shoot / PHOTOS[1]).decision == Decision(PICK)
        assert not spare_path(shoot).exists(), "merged, and set aside"
    finally:
        keeper.catalog.close()


def test_the_spare_goes_once_the_catalog_takes_the_waiting_decisions(shoot):
    """The catalog came back while the window was open: every decision is in it, with its
    sidecar, and the spare is deleted; a later change is the one the next opening shows."""
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS, spare=True)
    try:
        holder = another_program_holding(keeper.catalog.path)
        keeper.apply([PHOTOS[0]], lambda d: set_flag(d, REJECT))
        assert keeper.waiting() == {PHOTOS[0]}
        assert keeper.writer.waiting_kept_spare() and spare_path(shoot).is_file()
        time.sleep(0.7)             # the retries are waiting for the catalog's turn now
        keeper.apply([PHOTOS[1]], lambda d: set_rating(d, 2))
        assert keeper.waiting() == {PHOTOS[0], PHOTOS[1]}
        assert keeper.writer.waiting_kept_spare(), "a tester's second pick waited in memory only"
        holder.execute("ROLLBACK")
        holder.close()
        assert keeper.writer.finish(15)
        assert not spare_path(shoot).exists()
        keeper.apply([PHOTOS[0]], lambda d: set_rating(d, 4))
    finally:
        keeper.catalog.close()
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS, spare=True)
    try:
        assert keeper.decisions()[PHOTOS[0]] == Decision(REJECT, 4)
        assert keeper.decisions()[PHOTOS[1]] == Decision(rating=2)
    finally:
        keeper.catalog.close()


def test_a_frame_renamed_while_its_decision_waits_is_kept_under_its_new_name(shoot):
    """Tether software renames capture_tmp_0001.JPG to Smith_0001.JPG: a pick kept under
    the old name would be the next capture's landing there after a crash."""
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS, spare=True)
    try:
        holder = another_program_holding(keeper.catalog.path)
        keeper.apply([PHOTOS[2]], lambda d: set_flag(d, PICK))
        keeper.writer.rename(Rename(PHOTOS[2], "Smith_0001.jpg", "", lambda: None))
        assert not keeper.writer.waiting_kept_spare(), "the rename itself waits, in memory only"
        time.sleep(0.6)                     # the retries have run meanwhile: the row stays renamed
        spare = Catalog(spare_path(shoot), read_only="a test looks")
        try:
            assert spare.decisions() == {"Smith_0001.jpg": Decision(PICK)}
        finally:
            spare.close()
        holder.execute("ROLLBACK")
        holder.close()
        assert keeper.writer.finish(15)
    finally:
        keeper.catalog.close()


def test_a_newer_decision_kept_in_the_spare_wins_over_an_older_one_committed_later(shoot_of, tmp_path):
    """A reviewer's order: a pick waits; the retries take it to the catalog slowly while
    the photographer turns it into a reject, which waits in the spare; the pick commits
    last. After a crash the spare's reject must win: each row keeps the time its change
    was made, not the time it reached the disk (before, the pick came back)."""
    shoot = shoot_of(PHOTOS[:2])
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS, spare=True)
    catalog = keeper.catalog
    original = catalog.save_decisions
    state = {"mode": "held"}
    entered, proceed, committed = threading.Event(), threading.Event(), threading.Event()

    def save(decisions, wait=5.0, written_ns=None):
        if state["mode"] == "held":           # another program holds the catalog
            time.sleep(min(wait, 0.05))
            raise CatalogBusy("held by another program")
        if state["mode"] == "slow":           # the retry got the catalog's turn, commits slowly
            state["mode"] = "held"
            entered.set()
            proceed.wait(10)
            original(decisions, wait, written_ns)
            committed.set()                   # ... and the other program takes it again
            return
        return original(decisions, wait, written_ns)

    catalog.save_decisions = save
    try:
        X = PHOTOS[0]
        keeper.apply([X], lambda d: set_flag(d, PICK))
        assert keeper.waiting() == {X}
        assert keeper.writer.waiting_kept_spare()
        state["mode"] = "slow"
        assert entered.wait(10)                       # the retry took {X: PICK}
        keeper.apply([X], lambda d: set_flag(d, REJECT))   # the photographer changes her mind
        assert keeper.writer.waiting_kept_spare()      # "a copy is kept": says the bar
        proceed.set()
        assert committed.wait(10)
        time.sleep(0.3)
        assert keeper.waiting() == {X}                # REJECT still waits
        # crash now: copy what is on disk, and open it as the next session would
        copy = tmp_path / "after_crash"
        copy.mkdir()
        shutil.copy(catalog.path, copy / "catalog.sqlite")
        shutil.copy(spare_path(shoot), copy / "spare.sqlite")
    finally:
        state["mode"] = "normal"
        keeper.writer.finish(5)
        catalog.close()
    reopened = Catalog(copy / "catalog.sqlite")
    try:
        merge_stray_catalog(reopened, copy / "spare.sqlite")
        assert reopened.decisions()[X] == Decision(REJECT), "the photographer's last decision"
    finally:
        reopened.close()


def test_a_waiting_rename_is_not_said_to_be_kept(shoot_of):
    """The spare keeps decisions, not a rename's note of what the old name left: while a
    rename waits, closing must not be offered as safe (before, "a copy is kept")."""
    shoot = shoot_of(PHOTOS[:2])
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS, spare=True)
    try:
        keeper.apply([PHOTOS[0]], lambda d: set_flag(d, PICK))          # saved
        holder = sqlite3.connect(keeper.catalog.path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN EXCLUSIVE")
        keeper.writer.rename(Rename(PHOTOS[0], "Smith_0001.jpg", "", lambda: None))
        assert keeper.waiting() == {"Smith_0001.jpg"}
        assert not keeper.writer.waiting_kept_spare(), "says 'a copy is kept' with no copy of the rename"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        keeper.writer.finish(10)
        keeper.catalog.close()
