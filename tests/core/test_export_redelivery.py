"""Delivering again into the same folder after a pick changed: nothing is replaced, and
the manifest says exactly what is in the folder and why. A tester unpicked a frame and
exported again: the manifest still called its files "exported, pick", the frame refused
its new name (the unpicked frame's file holds it) had no row, and the command counted 2
files from an earlier export where the manifest marked 4."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.decisions.xmp import write_sidecar
from shotkind_desktop.core.delivery.client_import import delivered_names
from shotkind_desktop.core.delivery.manifest import read_manifest

CHECKOUT = Path(__file__).resolve().parents[2]
FRAMES = ("df_img11.jpg", "df_img13.jpg", "df_img7.jpg")


def shotkind_export(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shotkind_desktop", "export", *map(str, args)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(CHECKOUT)})


@pytest.fixture
def shoot(shoot_of) -> Path:
    """Two picks with four stars (named Acme_4_original, -2), one with five."""
    folder = shoot_of(FRAMES)
    for name, stars in zip(FRAMES, (4, 4, 5)):
        write_sidecar(folder / name, Decision(PICK, stars))
    return folder


def test_a_second_delivery_after_an_unpick_describes_every_file_and_every_refusal(shoot, tmp_path):
    out = tmp_path / "out"
    args = ("--out", out, "--select", "picks", "--preset", "original", "--name", "{client}_{rating}_{preset}",
            "--client", "Acme", "--jobs", "1")
    first = shotkind_export(shoot, *args)
    assert first.returncode == 0, first.stderr
    held = {row["output"]: row["source"] for row in read_manifest(out)}
    assert set(held) == {"Acme_4_original.jpg", "Acme_4_original-2.jpg", "Acme_5_original.jpg"}
    unpicked, moved_up = held["Acme_4_original.jpg"], held["Acme_4_original-2.jpg"]
    write_sidecar(shoot / unpicked, Decision(rating=4))          # no longer a pick
    on_disk = {p.name: p.read_bytes() for p in out.glob("*.jpg")}

    again = shotkind_export(shoot, *args)
    assert again.returncode == 1                     # the moved-up pick's new name is taken
    assert {p.name: p.read_bytes() for p in out.glob("*.jpg")} == on_disk, "a file was replaced"
    rows = read_manifest(out)
    files = {row["output"]: row for row in rows if row["output"]}
    assert set(files) == set(on_disk), "one row a file, every file a row"
    assert {name: row["source"] for name, row in files.items()} == held
    assert delivered_names([out]) == held

    stale = files["Acme_4_original.jpg"]
    assert (stale["status"], stale["flag"], stale["rating"]) == ("exported", "unflagged", "4")
    assert (f"not chosen by this export: {unpicked} is now unflagged, 4 stars (delivered as a pick, "
            "4 stars)") in stale["notes"]
    kept = files["Acme_4_original-2.jpg"]
    assert kept["flag"] == "pick" and "delivered by an earlier export" in kept["notes"]
    assert "not chosen" not in kept["notes"]
    assert "not chosen" not in files["Acme_5_original.jpg"]["notes"]

    refused = [row for row in rows if row["status"] == "failed"]
    assert [(row["source"], row["output"]) for row in refused] == [(moved_up, "")]
    assert ("Acme_4_original.jpg already exists in the output folder" in refused[0]["notes"]
            and f"it holds {unpicked} (original), delivered by an earlier export" in refused[0]["notes"])
    items = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["items"]
    assert [item["refused"] for item in items if item["status"] == "failed"] == ["Acme_4_original.jpg"]

    # the command counts what the manifest marks
    marked = [row for row in rows if "not chosen by this export" in row["notes"]]
    assert len(marked) == 1
    assert "1 file from an earlier export is still in the folder, not chosen by this export" in again.stderr
    assert f"{moved_up}: original not written: Acme_4_original.jpg already exists" in again.stderr

    # a third run recomputes the notes rather than piling them up
    write_sidecar(shoot / unpicked, Decision(PICK, 4))
    third = shotkind_export(shoot, *args)
    rows = read_manifest(out)
    files = {row["output"]: row for row in rows if row["output"]}
    assert files["Acme_4_original.jpg"]["flag"] == "pick"
    assert not any("not chosen" in row["notes"] for row in rows), third.stderr
    assert "from an earlier export" not in third.stderr
    assert third.returncode == 0, third.stderr


def test_the_shoot_spelled_another_way_is_the_same_shoot(shoot, tmp_path):
    """A re-tester delivered with the shoot's absolute path, then again with a relative
    one: the earlier files lost their rows, and stderr said no earlier export of this
    shoot listed them."""
    out = tmp_path / "out"
    args = ("--out", out, "--select", "picks", "--preset", "original", "--name", "{name}_{preset}", "--jobs", "1")
    first = shotkind_export(shoot.resolve(), *args)
    assert first.returncode == 0, first.stderr
    unpicked = FRAMES[0]
    write_sidecar(shoot / unpicked, Decision(rating=4))
    again = subprocess.run([sys.executable, "-m", "shotkind_desktop", "export", shoot.name, *map(str, args)],
                           capture_output=True, text=True, timeout=300, cwd=shoot.parent,
                           env={**os.environ, "PYTHONPATH": str(CHECKOUT)})
    assert again.returncode == 0, again.stderr
    files = {row["output"]: row for row in read_manifest(out) if row["output"]}
    assert set(files) == {p.name for p in out.glob("*.jpg")}, "one row a file, every file a row"
    assert "not chosen by this export" in files[f"{Path(unpicked).stem}_original.jpg"]["notes"]
    assert "1 file from an earlier export is still in the folder, not chosen by this export" in again.stderr
