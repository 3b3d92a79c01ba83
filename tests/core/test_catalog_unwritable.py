"""A shoot's catalog whose disk turns read-only while the shoot is open (a card or USB
disk the kernel remounts after errors; a tester stood in for it with `chattr +i` on the
.shotkind folder and its files): ShotKind is told by an error, never killed by a signal,
and the decision the catalog refused waits on screen and is saved once the disk can be
written again, like one held up by a full disk.

It died with a Bus error (SIGBUS, exit 135, no message): in WAL mode SQLite writes the
log's index through a memory map of catalog.sqlite-shm, and once the file is immutable
the kernel (ext4, xfs) answers a write into a clean page of that map with SIGBUS. Which
statement writes into the map depends on what came before (a read after the last commit
had already moved the index on), so it looked like chance: a shoot opened and closed once
before died, one opened fresh was said. No map, no SIGBUS: the catalog keeps a rollback
journal and maps nothing (catalog._journal_without_maps).

The crash itself needs `chattr`, which needs root with CAP_LINUX_IMMUTABLE on a file
system that keeps the attribute (ext4, xfs, btrfs); where that is missing (a container)
the test says so and is skipped. Two tests run everywhere: the test of the map itself,
which fails on a catalog that maps a file, and the refused decision kept, with the
refusal made unprivileged (the journal SQLite opens anew for each write made read-only,
as a read-only disk refuses it: SQLite meets the same "disk I/O error").
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog, CatalogUnwritable, FileIdentity
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision, set_flag

from tests.memory_maps import MAPS, mapped_under
from unprivileged import run_unprivileged, shared_folder

PHOTOS = ["df_img11.jpg", "df_img13.jpg", "df_couple.jpg"]
CHECKOUT = Path(__file__).resolve().parents[2]

# The tester's run, without the window: the shoot opened and closed once in the process,
# opened again, a pick saved, the catalog locked, then a reject.
LOCKED_UNDER_THE_OPEN_SHOOT = """
import json, subprocess, sys
from pathlib import Path
from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, set_flag
from shotkind_desktop.core.decisions.xmp import read_sidecar

shoot, names = Path(sys.argv[1]), sys.argv[2:]
first = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), names)
first.apply(names[:1], lambda d: set_flag(d, PICK))
first.catalog.close()
keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), names)
keeper.apply(names[1:2], lambda d: set_flag(d, PICK))
folder = keeper.catalog.path.parent
locked = [str(folder), *map(str, folder.iterdir())]
subprocess.run(["chattr", "+i", *locked], check=True)
try:
    keeper.apply(names[2:3], lambda d: set_flag(d, REJECT))
    report = {"waiting": sorted(keeper.waiting()), "held up": keeper.writer.held_up.reason,
              "sidecar while locked": read_sidecar(shoot / names[2]) is not None}
finally:
    subprocess.run(["chattr", "-i", *locked], check=True)
report["shown"] = {name: decision.flag for name, decision in keeper.decisions().items()}
report["saved once unlocked"] = keeper.writer.finish(15)
report["sidecar"] = read_sidecar(shoot / names[2]).decision.flag
print(json.dumps(report))
"""


# The same refusal without privileges: run as nobody, who owns the catalog, the journal
# SQLite opens anew for each transaction is made read-only, in a folder it cannot be
# made again in; each write is then refused with SQLite's "disk I/O error"
# (SQLITE_IOERR_WRITE), the answer chattr +i and a read-only disk give too.
JOURNAL_REFUSED = """
shoot = Path(shoot)
keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), names)
keeper.apply(names[:1], lambda d: set_flag(d, PICK))
folder = keeper.catalog.path.parent
journal = folder / "catalog.sqlite-journal"
journal.chmod(0o444)
folder.chmod(0o555)
changed = keeper.apply(names[1:2], lambda d: set_flag(d, REJECT))
report = {"changed": {name: decision.flag for name, decision in changed.items()},
          "waiting": sorted(keeper.waiting()), "held up": keeper.writer.held_up.reason,
          "sidecar while refused": read_sidecar(shoot / names[1]) is not None}
folder.chmod(0o755)
journal.chmod(0o644)
report["saved once writable"] = keeper.writer.finish(15)
report["catalog"] = {name: decision.flag for name, decision in keeper.catalog.decisions().items()}
report["sidecar"] = read_sidecar(shoot / names[1]).decision.flag
keeper.catalog.close()
"""


@pytest.fixture
def shoot(shoot_of) -> Path:
    return shoot_of(PHOTOS)


def test_a_catalog_locked_under_the_open_shoot_keeps_the_decision_waiting_not_a_bus_error(shoot, chattr):
    """The reject waits, shown, until the catalog is unlocked, then goes to the catalog and
    its sidecar. (Failed before: the process died of SIGBUS at the reject, exit 135; after
    the SIGBUS alone was fixed, the reject was refused and taken back.)"""
    run = subprocess.run([sys.executable, "-c", LOCKED_UNDER_THE_OPEN_SHOOT, str(shoot), *PHOTOS],
                         capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(CHECKOUT)})
    assert run.returncode != -signal.SIGBUS, "killed by SIGBUS: the catalog wrote through a memory map"
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.splitlines()[-1])
    assert report["waiting"] == [PHOTOS[2]] and report["held up"] == CatalogUnwritable.reason
    assert not report["sidecar while locked"], "a sidecar is never ahead of the catalog"
    assert report["shown"] == {PHOTOS[0]: PICK, PHOTOS[1]: PICK, PHOTOS[2]: REJECT}
    assert report["saved once unlocked"] and report["sidecar"] == REJECT
    with Catalog.open(shoot) as catalog:
        assert catalog.decisions() == {PHOTOS[0]: Decision(PICK), PHOTOS[1]: Decision(PICK),
                                       PHOTOS[2]: Decision(REJECT)}


def test_a_decision_the_catalog_refuses_to_write_waits_and_is_saved_once_it_can_be(shared_dir):
    """(Failed before: the reject was refused with 'disk I/O error' and taken back.)"""
    shoot, home = shared_folder("shotkind-refusing-"), shared_folder("shotkind-home-")
    try:
        for name in PHOTOS:
            shutil.copy(shared_dir / "photos" / name, shoot / name)
        report = run_unprivileged(JOURNAL_REFUSED, home, shoot=str(shoot), names=PHOTOS)
    finally:
        shutil.rmtree(shoot)
        shutil.rmtree(home)
    assert report["changed"] == {PHOTOS[1]: REJECT}
    assert report["waiting"] == [PHOTOS[1]] and report["held up"] == CatalogUnwritable.reason
    assert not report["sidecar while refused"], "a sidecar is never ahead of the catalog"
    assert report["saved once writable"]
    assert report["catalog"] == {PHOTOS[0]: PICK, PHOTOS[1]: REJECT} and report["sidecar"] == REJECT


@pytest.mark.skipif(not MAPS.is_file(), reason="no /proc/self/maps: not Linux")
def test_nothing_of_an_open_catalog_is_mapped_into_memory(shoot):
    """A map of a file on the shoot's disk is what a disk turning read-only or going away
    turns into a SIGBUS; writes and reads of every kind leave none. (Failed before:
    catalog.sqlite-shm was mapped from the first write to the close.)"""
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    try:
        keeper.apply(PHOTOS[:2], lambda d: set_flag(d, PICK))
        keeper.apply(PHOTOS[1:], lambda d: set_flag(d, REJECT))
        keeper.undo()
        assert keeper.catalog.decisions()[PHOTOS[1]] == Decision(PICK)
        assert mapped_under(shoot) == []
    finally:
        keeper.catalog.close()


HOLD_IN_WAL_MODE = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("INSERT OR REPLACE INTO decisions (name, flag, rating, label, written_ns) "
           "VALUES ('df_couple.jpg', -1, 0, NULL, 1)")
print("held", flush=True)
sys.stdin.readline()
"""


def test_a_catalog_an_earlier_shotkind_left_in_wal_mode_is_changed_over_when_it_can_be(shoot, caplog):
    """While another program has a catalog open in WAL mode it is used as it is, in the
    shoot (not taken for a read-only folder, decisions sent to the data folder). Once that
    program is gone, killed with decisions only in the log, the next opening changes the
    catalog over with every decision."""
    with Catalog.open(shoot) as catalog:
        catalog.save_decisions({PHOTOS[0]: Decision(PICK)})
        path = catalog.path
    holder = subprocess.Popen([sys.executable, "-c", HOLD_IN_WAL_MODE, str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with caplog.at_level(logging.WARNING, logger="shotkind_desktop.core.decisions.catalog"):
            with Catalog.open(shoot, exclusive=True) as catalog:
                assert catalog.path == path and catalog.read_only is None
                assert catalog.decisions() == {PHOTOS[0]: Decision(PICK), PHOTOS[2]: Decision(REJECT)}
                catalog.save_decisions({PHOTOS[1]: Decision(PICK)})
        assert "stays in WAL mode" in caplog.text
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert (path.parent / "catalog.sqlite-wal").stat().st_size > 0
    with Catalog.open(shoot) as catalog:
        assert catalog.decisions() == {PHOTOS[0]: Decision(PICK), PHOTOS[1]: Decision(PICK),
                                       PHOTOS[2]: Decision(REJECT)}
        assert sorted(p.name for p in path.parent.iterdir()) == ["catalog.sqlite", "catalog.sqlite-journal",
                                                                 "catalog.sqlite.lock"]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"    # not WAL, which a file keeps


# Another program's write killed half-way: its journal holds the pages it changed, some
# already written to the database; SQLite must roll it back before the next read or write.
KILLED_MID_WRITE = """
import os, signal, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size = 2")         # changed pages spill into the database at once
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE thumbnails SET jpeg = randomblob(3000)")
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_write_the_locked_disk_cannot_roll_back_leaves_the_next_decision_waiting(shoot, chattr):
    """A write cut half-way leaves a journal that must be rolled back first; on a disk that
    refuses writes it cannot be, and SQLite refuses the next decision at its start
    ('unable to open database file'). It waits like the others and is saved, the cut write
    rolled back, once the disk can be written. (Failed before: the decision was taken back.)"""
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    catalog = keeper.catalog
    jpegs = {f"IMG_{i:04}.jpg": (FileIdentity(i, i), os.urandom(3000)) for i in range(200)}
    for name, (identity, jpeg) in jpegs.items():
        catalog.save_thumbnail(name, identity, jpeg)
    killed = subprocess.run([sys.executable, "-c", KILLED_MID_WRITE, str(catalog.path)], timeout=60)
    assert killed.returncode == -signal.SIGKILL
    journal = catalog.path.with_name("catalog.sqlite-journal")
    assert journal.stat().st_size > 0
    folder = catalog.path.parent
    chattr("+i", folder, *folder.iterdir())
    try:
        changed = keeper.apply(PHOTOS[:1], lambda d: set_flag(d, REJECT))
        assert changed == {PHOTOS[0]: Decision(REJECT)} and keeper.waiting() == {PHOTOS[0]}
        assert isinstance(keeper.writer.held_up, CatalogUnwritable)
    finally:
        chattr("-i", folder, *folder.iterdir())
    assert keeper.writer.finish(15)
    assert catalog.decisions() == {PHOTOS[0]: Decision(REJECT)}
    assert catalog.thumbnails({name: identity for name, (identity, _) in jpegs.items()}) == \
        {name: jpeg for name, (_, jpeg) in jpegs.items()}
    catalog.close()
