"""Killing `shotkind analyze`, or the window while it analyses, leaves no worker process
behind (issue 14, item 12). (Failed before: the two workers and the resource tracker
lived on.) The workers are forks of a fork server, itself a child of the command."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]


def children_of(pid: int) -> set[int]:
    """Every live descendant of `pid`, from /proc."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                pass
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        for child, parent in parents.items():
            if parent == current and child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("command", ["analyze", "window"])
def test_killing_the_app_leaves_no_worker(shared_dir, tmp_path, command):
    shoot = tmp_path / "shoot"
    shoot.mkdir()
    for number, photo in enumerate(sorted((shared_dir / "photos").glob("*.jpg"))[:12] * 3):
        shutil.copy(photo, shoot / f"{number:03d}_{photo.name}")
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT), "QT_QPA_PLATFORM": "offscreen",
                   "HOME": str(tmp_path / "home")}
    arguments = (["analyze", str(shoot), "--jobs", "2", "--json", str(tmp_path / "report.json")]
                 if command == "analyze" else [str(shoot)])
    analyze = subprocess.Popen([sys.executable, "-m", "shotkind_desktop", *arguments],
                               env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(children_of(analyze.pid)) < 3 and time.monotonic() < deadline:   # 2 workers + tracker
            time.sleep(0.1)
        workers = children_of(analyze.pid)
        assert len(workers) >= 3, "the workers should have started"
        time.sleep(1)                                   # working, not starting
        workers |= children_of(analyze.pid)
        analyze.send_signal(signal.SIGKILL)
        analyze.wait(10)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in workers if alive(pid)] == []
    finally:
        analyze.kill()
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
