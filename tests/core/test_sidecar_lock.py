"""The lock around a sidecar's read-change-write: kept outside the shoot, and never a
reason for the window to hang."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest

from shotkind_desktop.core.decisions import sidecar_lock
from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.decisions.xmp import read_sidecar, write_sidecar

HOLDING = """
import sys, time
from pathlib import Path
from shotkind_desktop.core.decisions.sidecar_lock import changing_sidecar
with changing_sidecar(Path(sys.argv[1])):
    print("holding", flush=True)
    sys.stdin.readline()
"""


@contextmanager
def held_elsewhere(photo):
    """Another ShotKind process holding the sidecar lock of `photo`'s folder meanwhile."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDING, str(photo)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        yield
    finally:
        holder.communicate("\n", timeout=30)


def test_a_stuck_shotkind_process_makes_a_sidecar_write_fail_not_hang(tmp_path, photos, monkeypatch):
    """Another ShotKind process stopped while it holds the folder's lock (in a debugger,
    by Ctrl+Z): a key's sidecar write gives up with a plain error after a wait (the
    decision is in the catalog; the next opening writes it), and goes through once the
    other lets go."""
    photo = shutil.copy2(photos / "df_img11.jpg", tmp_path / "IMG_0001.jpg")
    monkeypatch.setattr(sidecar_lock, "WAIT_SECONDS", 0.3)
    others = [shutil.copy2(photo, tmp_path / f"IMG_{n:04d}.jpg") for n in range(2, 22)]
    with held_elsewhere(photo):
        with pytest.raises(OSError, match="Another ShotKind program"):
            write_sidecar(photo, Decision(PICK, 3))
        assert read_sidecar(photo) is None
        # a 20-frame reject beside it waits no more: the folder is known busy
        started = time.monotonic()
        for other in others:
            with pytest.raises(OSError):
                write_sidecar(other, Decision(PICK, 3))
        assert time.monotonic() - started < 0.3
    write_sidecar(photo, Decision(PICK, 3))
    assert read_sidecar(photo).decision == Decision(PICK, 3)


def test_a_folder_held_elsewhere_does_not_hold_up_another(tmp_path, photos, monkeypatch):
    """The sidecars of one shoot held by another program; a key on a frame of another
    folder goes through at once."""
    monkeypatch.setattr(sidecar_lock, "WAIT_SECONDS", 1.0)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    held = shutil.copy2(photos / "df_img11.jpg", tmp_path / "a" / "IMG_0001.jpg")
    free = shutil.copy2(photos / "df_img11.jpg", tmp_path / "b" / "IMG_0001.jpg")
    with held_elsewhere(held):
        started = time.monotonic()
        write_sidecar(free, Decision(PICK, 4))
        assert time.monotonic() - started < 0.5
        assert read_sidecar(free).decision == Decision(PICK, 4)


def test_the_lock_file_is_never_in_the_shoot(tmp_path, photos):
    shoot = tmp_path / "shoot"
    shoot.mkdir()
    photo = shutil.copy2(photos / "df_img11.jpg", shoot / "IMG_0001.jpg")
    write_sidecar(photo, Decision(PICK, 3))
    assert sorted(p.name for p in shoot.iterdir()) == ["IMG_0001.jpg", "IMG_0001.xmp"]
