"""The README's three data-safety promises, each a named test on real photos:
"originals are never modified", "every decision is committed before the next key",
"every file written is complete". Other tests probe each promise's corners (kill -9,
full disk, bulk decisions); these state the promise itself."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from PIL import Image

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, set_flag, set_rating, toggle_label

CHECKOUT = Path(__file__).resolve().parents[2]
PHOTOS = ["df_img11.jpg", "df_img12.jpg", "df_img13.jpg"]


def fingerprint(folder: Path) -> dict[str, tuple]:
    """Bytes, modification time and mode of every photo."""
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns, p.stat().st_mode)
            for p in sorted(folder.glob("*.jpg"))}


def export(folder: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    return subprocess.run([sys.executable, "-m", "shotkind_desktop", "export", str(folder), "--out", str(out),
                           "--preset", "original", "--select", "all", "--jobs", "1", *extra],
                          capture_output=True, text=True, env=environment, timeout=300)


def test_originals_are_never_modified(shoot_of, tmp_path):
    shoot = shoot_of(PHOTOS)
    before = fingerprint(shoot)
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    keeper.apply(PHOTOS, lambda d: set_rating(set_flag(d, PICK), 4))
    keeper.apply(PHOTOS[:1], lambda d: toggle_label(d, "Red"))
    keeper.undo()
    keeper.catalog.close()
    run = export(shoot, tmp_path / "out", "--copy-originals", str(tmp_path / "originals"))
    assert run.returncode == 0, run.stderr
    assert fingerprint(shoot) == before
    assert fingerprint(tmp_path / "originals").keys() == before.keys()


def test_every_decision_is_committed_before_the_next_key(shoot_of):
    """After each key, another connection (another process would see the same) finds the
    decision in the catalog."""
    shoot = shoot_of(PHOTOS)
    keeper = DecisionKeeper(shoot, Catalog.open(shoot, exclusive=True), PHOTOS)
    keys = [lambda d: set_flag(d, PICK), lambda d: set_rating(d, 3), lambda d: set_flag(d, REJECT)]
    for number, key in enumerate(keys):
        changed = keeper.apply(PHOTOS[number:number + 2], key)
        with sqlite3.connect(keeper.catalog.path) as other:
            rows = dict(((name, (flag, rating)) for name, flag, rating in
                         other.execute("SELECT name, flag, rating FROM decisions")))
        assert {name: rows[name] for name in changed} == {name: (d.flag, d.rating) for name, d in changed.items()}
        assert keeper.waiting() == set()
    keeper.catalog.close()


def test_every_file_written_is_complete(shoot_of, tmp_path):
    """Every JPEG an export leaves decodes to its end; no temporary file is left."""
    shoot = shoot_of(PHOTOS)
    out = tmp_path / "out"
    run = export(shoot, out)
    assert run.returncode == 0, run.stderr
    written = sorted(out.iterdir())
    assert [p.name for p in written if p.suffix == ".jpg"] == sorted(f"{Path(n).stem}_original.jpg" for n in PHOTOS)
    assert not [p for p in written if p.name.startswith(".") or p.name.endswith(".tmp")]
    for path in written:
        if path.suffix == ".jpg":
            with Image.open(path) as image:
                image.load()                      # raises on a truncated file
            assert path.read_bytes().endswith(b"\xff\xd9")
