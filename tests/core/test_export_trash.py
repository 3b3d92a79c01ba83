"""Rejects to the system trash: which files go (partners and sidecars with their frame),
nothing moved without a confirmation, and what moved can be found in the trash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.delivery.export_trash import rejected_files
from shotkind_desktop.core.decisions.xmp import write_sidecar

CHECKOUT = Path(__file__).resolve().parents[2]


@pytest.fixture
def culled(photos, raw_dir, tmp_path) -> Path:
    """A shoot culled in another application: a rejected RAW+JPEG pair, a rejected JPEG,
    a pick, all decided in XMP sidecars (no ShotKind catalog)."""
    folder = tmp_path / "culled"
    folder.mkdir()
    shutil.copy2(raw_dir / "canon_eos_6d.dng", folder / "IMG_0001.dng")
    shutil.copy2(photos / "df_img11.jpg", folder / "IMG_0001.jpg")
    shutil.copy2(photos / "df_img13.jpg", folder / "IMG_0002.jpg")
    shutil.copy2(photos / "df_img7.jpg", folder / "IMG_0003.jpg")
    write_sidecar(folder / "IMG_0001.jpg", Decision(REJECT))
    write_sidecar(folder / "IMG_0002.jpg", Decision(REJECT))
    write_sidecar(folder / "IMG_0003.jpg", Decision(PICK, 5))
    return folder


def trash_cli(folder: Path, home: Path, *args: str, **options) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT), "XDG_DATA_HOME": str(home),
                   "HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "shotkind_desktop", "trash-rejects",
                           str(folder), *args], capture_output=True, text=True,
                          env=environment, timeout=120, **options)


def test_rejected_files_are_every_file_of_each_rejected_frame(culled):
    before = sorted(p.name for p in culled.iterdir())
    found = rejected_files(culled)
    assert sorted(p.name for p in found.files) == [
        "IMG_0001.dng", "IMG_0001.jpg", "IMG_0001.xmp", "IMG_0002.jpg", "IMG_0002.xmp"]
    assert found.question().startswith("Send 5 files (2 rejected frames")
    assert sorted(p.name for p in culled.iterdir()) == before   # only looked


def test_nothing_moves_without_a_confirmation(culled, tmp_path):
    before = sorted(p.name for p in culled.iterdir())
    refused = trash_cli(culled, tmp_path / "home", stdin=subprocess.DEVNULL)
    assert refused.returncode == 2 and "Send 5 files" in refused.stderr
    assert sorted(p.name for p in culled.iterdir()) == before


def test_rejects_go_to_the_trash_and_can_be_restored(culled, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    done = trash_cli(culled, home, "--yes")
    assert done.returncode == 0, done.stderr
    assert "sent 5 files of 2 rejected frames" in done.stdout
    assert sorted(p.name for p in culled.iterdir()) == ["IMG_0003.jpg", "IMG_0003.xmp"]
    trash = home / "Trash"
    assert sorted(p.name for p in (trash / "files").iterdir()) == [
        "IMG_0001.dng", "IMG_0001.jpg", "IMG_0001.xmp", "IMG_0002.jpg", "IMG_0002.xmp"]
    info = (trash / "info" / "IMG_0002.jpg.trashinfo").read_text()
    assert f"Path={culled / 'IMG_0002.jpg'}" in info   # where "Restore" puts it back
    again = trash_cli(culled, home, "--yes")
    assert again.returncode == 0 and "no rejected frames" in again.stdout
