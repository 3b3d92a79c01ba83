"""A decision on thousands of frames at once (Ctrl+A, P) cut by a crash is applied whole
or not at all: the catalog takes it in one transaction before any sidecar is written,
and on reopening the catalog wins over the sidecars the crash left older, which are
then rewritten. (Failed before: sidecars were written first, so a kill half-way left
half the frames picked after reopening.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.decisions.xmp import read_sidecar

CHECKOUT = Path(__file__).resolve().parents[2]
FRAMES = 3000

BULK_PICK = """
import sys; sys.path.insert(0, {checkout!r})
from pathlib import Path
from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import Decision
shoot = Path({shoot!r})
names = sorted(p.name for p in shoot.glob("*.jpg"))
keeper = DecisionKeeper(shoot, Catalog.open(shoot), names)
print("open", flush=True)
keeper.apply(names, lambda d: Decision(1, 3))
print("done", flush=True)
"""


def shoot_of_many(shared_dir: Path, folder: Path) -> list[str]:
    """FRAMES real photos: hard links of one shared JPEG (the same bytes, separate names)."""
    folder.mkdir()
    source = shared_dir / "photos" / "df_img11.jpg"
    names = [f"IMG_{number:05d}.jpg" for number in range(FRAMES)]
    for name in names:
        os.link(source, folder / name)
    return names


def test_a_bulk_pick_cut_by_a_kill_is_whole_after_reopening(shared_dir, tmp_path):
    shoot = tmp_path / "shoot"
    names = shoot_of_many(shared_dir, shoot)
    script = BULK_PICK.format(checkout=str(CHECKOUT), shoot=str(shoot))
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "open"
    deadline = time.monotonic() + 60
    while len(list(shoot.glob("*.xmp"))) < FRAMES // 5 and time.monotonic() < deadline:
        time.sleep(0.002)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    written = len(list(shoot.glob("*.xmp")))
    assert 0 < written < FRAMES, "the kill should land while sidecars are being written"

    keeper = DecisionKeeper(shoot, Catalog.open(shoot), names)
    assert set(keeper.decisions().values()) == {Decision(PICK, 3)}
    sidecars = {read_sidecar(shoot / name).decision for name in names}
    assert sidecars == {Decision(PICK, 3)}, "sidecars left behind are rewritten from the catalog"
    keeper.catalog.close()
    assert set(DecisionKeeper(shoot, Catalog.open(shoot), names).decisions().values()) == {Decision(PICK, 3)}


def test_a_bulk_decision_is_one_catalog_transaction(shared_dir, tmp_path):
    """Every frame's decision carries the same time of writing: one commit."""
    shoot = tmp_path / "shoot"
    names = shoot_of_many(shared_dir, shoot)[:500]
    keeper = DecisionKeeper(shoot, Catalog.open(shoot), names)
    keeper.apply(names, lambda d: Decision(PICK))
    assert len(set(keeper.catalog.decision_times().values())) == 1
