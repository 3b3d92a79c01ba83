"""Decisions the shoot's catalog refuses for now survive a crash: while another program
holds the catalog, a pick waited in memory only, and a crash (or "Close and Lose Them")
lost it. Now it is kept in a spare catalog in the data folder at once, and the next
opening saves it to the shoot's catalog and its sidecar."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog, spare_path
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
keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), {photos!r})
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

    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
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
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
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
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    try:
        assert keeper.decisions()[PHOTOS[0]] == Decision(REJECT, 4)
        assert keeper.decisions()[PHOTOS[1]] == Decision(rating=2)
    finally:
        keeper.catalog.close()


def test_a_frame_renamed_while_its_decision_waits_is_kept_under_its_new_name(shoot):
    """Tether software renames capture_tmp_0001.JPG to Smith_0001.JPG: a pick kept under
    the old name would be the next capture's landing there after a crash."""
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    try:
        holder = another_program_holding(keeper.catalog.path)
        keeper.apply([PHOTOS[2]], lambda d: set_flag(d, PICK))
        keeper.writer.rename(Rename(PHOTOS[2], "Smith_0001.jpg", "", lambda: None))
        assert keeper.writer.waiting_kept_spare()
        time.sleep(0.6)                     # a retry keeps the waiting ones again, under the new name
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
