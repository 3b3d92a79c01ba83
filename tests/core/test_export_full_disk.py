"""Every file written is complete: `shotkind export` under a real kernel limit on file
size (RLIMIT_FSIZE, which any user can set), where write() takes part of a buffer and
then refuses, as on a disk that fills mid-file. A truncated JPEG must never be left
under its name nor counted as exported, and the manifest says what was delivered."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from shotkind_desktop.core.delivery.manifest import read_manifest

CHECKOUT = Path(__file__).resolve().parents[2]


def export_with_file_limit(folder: Path, out: Path, limit: int | None) -> subprocess.CompletedProcess:
    """`shotkind export` with writes over `limit` bytes refused (None: no limit)."""
    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # write() then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "shotkind_desktop", "export", str(folder),
                           "--out", str(out), "--preset", "original", "--select", "all",
                           "--jobs", "1"],
                          capture_output=True, text=True, env=environment, timeout=300,
                          preexec_fn=limited if limit is not None else None)


@pytest.fixture
def shoot(shoot_of) -> Path:
    """df_img11 exports to about 70 KB, df_img12 to about 35 KB."""
    return shoot_of(("df_img11.jpg", "df_img12.jpg"))


def test_a_short_write_is_reported_and_leaves_no_file(shoot, tmp_path):
    out = tmp_path / "out"
    run = export_with_file_limit(shoot, out, 60_000)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "exported 1 file from 2 frames" in run.stdout
    assert sorted(p.name for p in out.iterdir()) == \
        ["df_img12_original.jpg", "manifest.csv", "manifest.json"]      # no partial, no .tmp
    Image.open(out / "df_img12_original.jpg").load()
    rows = {row["source"]: row for row in read_manifest(out)}
    assert rows["df_img12.jpg"]["status"] == "exported"
    assert (rows["df_img11.jpg"]["status"], rows["df_img11.jpg"]["output"]) == ("failed", "")


def test_a_file_too_large_is_said_with_its_frame_what_was_delivered_and_what_to_do(shoot, tmp_path):
    """A tester's export under `ulimit -f` said "not written: File too large" and no
    more: not why, what the delivery holds, nor that running it again finishes it."""
    out = tmp_path / "out"
    run = export_with_file_limit(shoot, out, 60_000)
    assert run.returncode == 1, run.stderr
    assert ("df_img11.jpg: original not written: File too large for the disk or the file-size "
            "limit (ulimit -f)") in run.stderr.splitlines()
    assert ("shotkind export: 1 file was too large for the disk or the file-size limit (ulimit -f) and "
            "not written: df_img11.jpg was not delivered; 1 file delivered, each complete. Raise the "
            "limit and run the same export again: it keeps the files already in the folder and writes "
            "the rest (or choose a folder on another disk)") in run.stderr.splitlines()
    kept = (out / "df_img12_original.jpg").read_bytes()
    again = export_with_file_limit(shoot, out, None)                 # the limit raised: as it says
    assert again.returncode == 0, again.stderr
    assert "exported 2 files from 2 frames" in again.stdout
    assert (out / "df_img12_original.jpg").read_bytes() == kept
    Image.open(out / "df_img11_original.jpg").load()


def test_a_manifest_that_cannot_be_written_is_one_line_not_a_traceback(shoot, tmp_path):
    out = tmp_path / "out"
    run = export_with_file_limit(shoot, out, 1_000)      # no JPEG fits, nor manifest.json
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert ("shotkind export: manifest not written: the file is too large for the disk or the file-size "
            "limit (ulimit -f)") in run.stderr
    assert "exported 0 files from 2 frames" in run.stdout
    assert list(out.iterdir()) == []


def test_move_originals_on_a_full_disk_never_parts_a_frame_from_its_sidecar(shoot_of, tmp_path):
    """The photo does not fit, its sidecar would: the frame stays whole in the shoot, and
    nothing of it is left at the destination. (Failed before: the photo stayed, the
    sidecar with its decision was moved away.)"""
    from shotkind_desktop.core.decisions.decisions import PICK, Decision
    from shotkind_desktop.core.decisions.xmp import write_sidecar
    folder = shoot_of(("df_img11.jpg",))
    write_sidecar(folder / "df_img11.jpg", Decision(PICK, 5))
    sidecar = (folder / "df_img11.xmp").read_bytes()
    limit = (folder / "df_img11.jpg").stat().st_size // 2        # more than a sidecar, less than the photo

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    run = subprocess.run([sys.executable, "-m", "shotkind_desktop", "export", str(folder),
                          "--out", str(tmp_path / "out"), "--preset", "linkedin=200x200",
                          "--move-originals", str(tmp_path / "moved"), "--jobs", "1"],
                         capture_output=True, text=True, timeout=300, preexec_fn=limited,
                         env={**os.environ, "PYTHONPATH": str(CHECKOUT), "PYTHONDONTWRITEBYTECODE": "1"})
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert ("df_img11.jpg: not moved: the file is too large for the disk or the file-size limit "
            "(ulimit -f)") in run.stderr
    assert "df_img11.xmp: not moved: kept with df_img11.jpg" in run.stderr
    assert (folder / "df_img11.xmp").read_bytes() == sidecar and (folder / "df_img11.jpg").is_file()
    assert not [p for p in (tmp_path / "moved").rglob("*") if p.is_file()]
