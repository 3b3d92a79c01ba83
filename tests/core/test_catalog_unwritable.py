"""A shoot's catalog whose disk turns read-only while the shoot is open (a card or USB
disk the kernel remounts after errors; a tester stood in for it with `chattr +i` on the
.shotkind folder and its files): ShotKind is told by an error, never killed by a signal.

It died with a Bus error (SIGBUS, exit 135, no message): in WAL mode SQLite writes the
log's index through a memory map of catalog.sqlite-shm, and once the file is immutable
the kernel (ext4, xfs) answers a write into a clean page of that map with SIGBUS. Which
statement writes into the map depends on what came before (a read after the last commit
had already moved the index on), so it looked like chance: a shoot opened and closed once
before died, one opened fresh was said. No map, no SIGBUS: the catalog keeps a rollback
journal and maps nothing (catalog._journal_without_maps).

The crash itself needs `chattr`, which needs root with CAP_LINUX_IMMUTABLE on a file
system that keeps the attribute (ext4, xfs, btrfs); where that is missing (a container)
the test says so and is skipped, and the test of the map itself, which any Linux runs,
still fails on a catalog that maps a file.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision, set_flag

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
    report = {"refused": None}
except Exception as error:
    report = {"refused": f"{type(error).__name__}: {error}"}
finally:
    subprocess.run(["chattr", "-i", *locked], check=True)
report["shown"] = {name: decision.flag for name, decision in keeper.decisions().items()}
print(json.dumps(report))
"""


@pytest.fixture
def shoot(shoot_of) -> Path:
    return shoot_of(PHOTOS)


@pytest.fixture
def chattr(tmp_path):
    """`chattr(flag, *paths)`; the test is skipped where files cannot be made immutable."""
    probe = tmp_path / "probe"
    probe.touch()
    try:
        tried = subprocess.run(["chattr", "+i", str(probe)], capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("no chattr here (e2fsprogs): a file cannot be made immutable under an open catalog")
    if tried.returncode != 0:
        pytest.skip(f"chattr +i is refused here ({tried.stderr.strip()}): it needs root with "
                    "CAP_LINUX_IMMUTABLE on ext4, xfs or btrfs, which this machine does not give")
    subprocess.run(["chattr", "-i", str(probe)], check=True)
    yield lambda flag, *paths: subprocess.run(["chattr", flag, *map(str, paths)], check=True)
    subprocess.run(["chattr", "-R", "-i", str(tmp_path)], capture_output=True)   # whatever a crash left locked


def mapped_under(folder: Path) -> list[str]:
    """Files under `folder` this process has mapped into memory."""
    lines = Path("/proc/self/maps").read_text().splitlines()
    return sorted({line.split(maxsplit=5)[5] for line in lines
                   if len(line.split(maxsplit=5)) == 6 and line.split(maxsplit=5)[5].startswith(f"{folder}/")})


def test_a_catalog_locked_under_the_open_shoot_is_refused_with_words_not_a_bus_error(shoot, chattr):
    """(Failed before: the process died of SIGBUS at the reject, exit 135, its report never printed.)"""
    run = subprocess.run([sys.executable, "-c", LOCKED_UNDER_THE_OPEN_SHOOT, str(shoot), *PHOTOS],
                         capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(CHECKOUT)})
    assert run.returncode != -signal.SIGBUS, "killed by SIGBUS: the catalog wrote through a memory map"
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.splitlines()[-1])
    assert report["refused"] and "disk I/O error" in report["refused"]
    assert report["shown"] == {PHOTOS[0]: PICK, PHOTOS[1]: PICK, PHOTOS[2]: 0}
    with Catalog.open(shoot) as catalog:
        assert catalog.decisions() == {PHOTOS[0]: Decision(PICK), PHOTOS[1]: Decision(PICK)}


@pytest.mark.skipif(not Path("/proc/self/maps").is_file(), reason="no /proc/self/maps: not Linux")
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
