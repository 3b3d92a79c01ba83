"""Ctrl+C in `shotkind analyze` and `shotkind export`, sent as a terminal sends it (SIGINT
to every process of the command, workers included): one line, exit status 130, no
traceback, no worker left, and nothing half-written — analyze writes no report, export
keeps every file complete and a manifest of what it delivered. Real shared photos."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

CHECKOUT = Path(__file__).resolve().parents[2]


@pytest.fixture
def big_shoot(shared, tmp_path) -> Path:
    """Every shared photo, twice: long enough to be interrupted."""
    folder = tmp_path / "shoot"
    folder.mkdir()
    for copy in ("a", "b"):
        for photo in sorted((shared / "photos").glob("*.jpg")):
            shutil.copy2(photo, folder / f"{copy}_{photo.name}")
    return folder


class Command:
    """A shotkind command in its own process group, its stderr a terminal (so it shows
    progress, as for a photographer); SIGINT goes to the whole group, as Ctrl+C does."""

    def __init__(self, *args: str):
        self.terminal, stderr = pty.openpty()
        # Ctrl+C as a terminal's foreground command gets it: a suite started as a background
        # job (`./test &`) passes SIGINT on ignored, and the command would rightly ignore it
        self.process = subprocess.Popen([sys.executable, "-m", "shotkind_desktop", *args],
                                        start_new_session=True, stdout=subprocess.PIPE, stderr=stderr,
                                        env={**os.environ, "PYTHONPATH": str(CHECKOUT)},
                                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        os.close(stderr)
        self.seen = b""

    def ctrl_c_when(self, ready) -> str:
        """SIGINT once `ready(stderr so far)` holds; stderr's last line at the end."""
        deadline = time.monotonic() + 120
        while not ready(self.seen.decode(errors="replace")) and time.monotonic() < deadline:
            self._read(0.1)
        assert self.process.poll() is None, "finished before it could be interrupted"
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=60)
        while self._read(0.2):
            pass
        os.close(self.terminal)
        for _ in range(100):            # the resource tracker ends once its pipe closes
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            pytest.fail("a worker was left behind")
        text = self.seen.decode(errors="replace").replace("\r\n", "\n")
        assert "Traceback" not in text, text
        return text.split("\r")[-1].strip()

    def _read(self, seconds: float) -> bool:
        if not select.select([self.terminal], [], [], seconds)[0]:
            return False
        try:
            chunk = os.read(self.terminal, 65536)
        except OSError:
            return False
        self.seen += chunk
        return bool(chunk)


def test_ctrl_c_stops_analyze_without_a_traceback_or_a_report(big_shoot, tmp_path):
    report = tmp_path / "report.json"
    command = Command("analyze", str(big_shoot), "--jobs", "2", "--json", str(report))
    last = command.ctrl_c_when(lambda seen: re.search(r"analysing +[1-9]\d*/", seen))
    assert command.process.returncode == 130, last
    assert re.fullmatch(r"shotkind analyze: stopped \(Ctrl\+C\) after \d+ of 104 frames; "
                        r"no report written", last.splitlines()[-1]), last
    assert not report.exists() and not list(tmp_path.glob(".report.json*"))


@pytest.mark.slow
def test_ctrl_c_while_export_finds_faces_keeps_a_manifest(big_shoot, tmp_path):
    out_dir = tmp_path / "out"
    command = Command("export", str(big_shoot), "--out", str(out_dir), "--select", "all", "--jobs", "2")
    last = command.ctrl_c_when(lambda seen: re.search(r"finding faces +[1-9]\d*/", seen))
    assert command.process.returncode == 130, last
    assert last.splitlines()[-1] == ("shotkind export: stopped (Ctrl+C) after 0 files from 104 "
                                     "frames; every file written is complete; the manifest lists them")
    manifest = json.loads((out_dir / "manifest.json").read_text())
    assert manifest["cancelled"] is True and manifest["exported"] == 0


@pytest.mark.slow
def test_ctrl_c_while_export_writes_keeps_every_file_complete(big_shoot, tmp_path):
    out_dir = tmp_path / "out"
    command = Command("export", str(big_shoot), "--out", str(out_dir), "--select", "all",
                      "--preset", "original", "--preset", "print-2x3=4000x6000", "--quality", "100")
    last = command.ctrl_c_when(lambda seen: re.search(r"exporting .* [2-9]\d*/", seen))
    assert command.process.returncode == 130, last
    assert last.splitlines()[-1].endswith("every file written is complete; the manifest lists them")
    manifest = json.loads((out_dir / "manifest.json").read_text())
    written = sorted(p.name for p in out_dir.glob("*.jpg"))
    assert manifest["cancelled"] is True
    assert sorted(item["output"] for item in manifest["items"] if item["output"]) == written
    assert 0 < len(written) < 2 * 104
    for name in written:
        with Image.open(out_dir / name) as image:
            image.load()                  # a half-written JPEG raises here
    assert not [p for p in out_dir.iterdir() if p.name.startswith(".")]
