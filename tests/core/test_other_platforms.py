"""The core's paths for macOS and Windows, run here on real files: how a folder's disk
compares names (asked of the folder, the platform only when nothing can be asked), the
live folder watch without inotify, and how background work lowers its priority. The
folders (core.paths) and the atomic writer's folder sync have their own tests
(test_paths, test_atomic_write)."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from shotkind_desktop.core import priority
from shotkind_desktop.core.judgement.shoot_pool import worker_context
from shotkind_desktop.core.live.live_folder import SETTLE_SECONDS, LiveFolder
from shotkind_desktop.core.files.name_case import ignores_case, name_key, platform_ignores_case
from shotkind_desktop.core.files.pairing import on_disk, scan_pairs
from tests.core.tether import write_renamed

CHECKOUT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_a_folder_with_files_is_asked_not_the_platform(tmp_path, photos, monkeypatch, platform):
    """This disk tells IMG_0001.JPG from img_0001.jpg, whatever the platform says."""
    shutil.copy(photos / "df_img11.jpg", tmp_path / "IMG_0001.JPG")
    monkeypatch.setattr(sys, "platform", platform)
    asked = ignores_case(tmp_path), ignores_case(tmp_path, ["img_9999.jpg", "IMG_0001.JPG"])
    monkeypatch.undo()
    assert asked == (False, False)


@pytest.mark.parametrize("platform, ignored", [("linux", False), ("darwin", True), ("win32", True)])
def test_an_empty_folder_is_compared_as_the_platform_s_disks(tmp_path, monkeypatch, platform, ignored):
    (tmp_path / "1234").mkdir()            # a name without letters cannot be asked either
    monkeypatch.setattr(sys, "platform", platform)
    answer = ignores_case(tmp_path), platform_ignores_case()
    monkeypatch.undo()
    assert answer == (ignored, ignored)


def test_a_link_spelled_in_the_other_case_is_not_the_disk_ignoring_case(tmp_path, photos):
    shutil.copy(photos / "df_img11.jpg", tmp_path / "IMG_0001.JPG")
    os.symlink(tmp_path / "IMG_0001.JPG", tmp_path / "img_0001.jpg")
    assert not ignores_case(tmp_path, ["IMG_0001.JPG"])


def test_a_non_ascii_first_name_does_not_make_a_case_ignoring_disk_look_case_sensitive(
        tmp_path, photos, monkeypatch):
    """A disk that ignores case (NTFS, APFS: letter by letter, so "Straße" is "STRASSE"
    on none of them) is stood in for by looking names up letter-case-blind in this real
    folder. "Straße.jpg" swapped is "sTRASSE.JPG", found nowhere: asked first, it made
    the disk look case-sensitive (failed before: False)."""
    for name in ("Straße.jpg", "IMG_0001.JPG"):
        shutil.copy(photos / "df_img11.jpg", tmp_path / name)
    real_lstat = os.lstat

    def lstat_ignoring_case(path):
        path = os.fspath(path)
        folder, name = os.path.split(path)
        same = [entry for entry in os.listdir(folder) if entry.lower() == name.lower()]
        return real_lstat(os.path.join(folder, same[0]) if same else path)
    only_non_ascii = tmp_path / "only"
    only_non_ascii.mkdir()
    shutil.copy(photos / "df_img11.jpg", only_non_ascii / "Straße.jpg")
    monkeypatch.setattr(os, "lstat", lstat_ignoring_case)
    asked = ignores_case(tmp_path, ["Straße.jpg", "IMG_0001.JPG"]), ignores_case(tmp_path, ["Straße.jpg"])
    monkeypatch.setattr(sys, "platform", "win32")        # nothing to ask: the platform says
    unasked = ignores_case(only_non_ascii)
    monkeypatch.undo()
    assert asked == (True, True) and unasked is True


def test_names_are_compared_as_the_disk_compares_them():
    assert name_key("IMG_0001", True) == name_key("img_0001", True)
    assert name_key("IMG_0001", False) != name_key("img_0001", False)


def test_a_camera_s_upper_case_sidecar_is_found_and_the_lower_case_one_comes_first(tmp_path, photos):
    """IMG_0001.XMP (cameras, some card readers) is the frame's sidecar on any disk; where
    both spellings are there (only on a disk that tells them apart), .xmp is read."""
    shutil.copy(photos / "df_img11.jpg", tmp_path / "IMG_0001.JPG")
    (tmp_path / "IMG_0001.XMP").write_bytes(b"")
    [frame] = scan_pairs(tmp_path)
    assert on_disk(frame.sidecars()[0]) == tmp_path / "IMG_0001.XMP"
    (tmp_path / "IMG_0001.xmp").write_bytes(b"")
    assert on_disk(frame.sidecars()[0]) == tmp_path / "IMG_0001.xmp"


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_without_inotify_a_finished_frame_arrives_once_its_size_is_stable(tmp_path, photos, monkeypatch,
                                                                          platform):
    now = [1000.0]
    monkeypatch.setattr(sys, "platform", platform)
    watch = LiveFolder(tmp_path, clock=lambda: now[0])      # asks for inotify; gets a poll
    monkeypatch.undo()
    try:
        assert not watch.uses_events
        write_renamed(photos / "fr_obama.jpg", tmp_path / "IMG_0001.JPG")
        assert watch.poll() == ([], [])
        now[0] += SETTLE_SECONDS + 0.01
        arrived, gone = watch.poll()
        assert [arrival.path.name for arrival in arrived] == ["IMG_0001.JPG"] and gone == []
    finally:
        watch.close()


def test_background_work_yields_on_linux_per_process_and_per_thread(tmp_path):
    """Here, for real: an analysis worker's process and a pool's thread each get the nice
    value they ask for (in a child process, so the test run keeps its own)."""
    script = (
        "import os, threading\n"
        "from shotkind_desktop.core.priority import lower_process_priority, lower_thread_priority\n"
        "start = os.getpriority(os.PRIO_PROCESS, 0)\n"
        "seen = []\n"
        "def pool_thread():\n"
        "    lower_thread_priority(7)\n"
        "    seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))\n"
        "worker = threading.Thread(target=pool_thread); worker.start(); worker.join()\n"
        "main_thread = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())\n"
        "lower_process_priority(5)\n"
        "print(start, seen[0], main_thread, os.getpriority(os.PRIO_PROCESS, 0))\n")
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    start, thread, main_thread, process = map(int, done.stdout.split())
    assert thread == min(19, start + 7) and main_thread == start      # one thread, not the process
    assert process == min(19, start + 5)


class Kernel32:
    """Windows' kernel32 as ctypes.windll shows it, recording the calls made to it."""

    def __init__(self):
        self.calls = []

    def GetCurrentProcess(self):
        return "process"

    def GetCurrentThread(self):
        return "thread"

    def SetPriorityClass(self, handle, priority):
        self.calls.append(("SetPriorityClass", handle, priority))
        return 1

    def SetThreadPriority(self, handle, priority):
        self.calls.append(("SetThreadPriority", handle, priority))
        return 1


@pytest.mark.parametrize("nice, process_class, thread_priority", [
    (5, priority.BELOW_NORMAL_PRIORITY_CLASS, priority.THREAD_PRIORITY_BELOW_NORMAL),
    (12, priority.IDLE_PRIORITY_CLASS, priority.THREAD_PRIORITY_LOWEST)])
def test_background_work_yields_on_windows_through_kernel32(monkeypatch, nice, process_class, thread_priority):
    """Windows has no nice: the worker's process and a pool's thread ask kernel32 instead
    (this machine has no kernel32; the calls are what Windows would be asked), and never
    touch os.nice, which Windows lacks."""
    kernel32 = Kernel32()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=kernel32), raising=False)
    monkeypatch.delattr(os, "nice")
    priority.lower_process_priority(nice)
    priority.lower_thread_priority(nice)
    priority.lower_thread_priority(0)
    assert kernel32.calls == [("SetPriorityClass", "process", process_class),
                              ("SetThreadPriority", "thread", thread_priority)]


def test_a_thread_on_macos_keeps_the_apps_priority(monkeypatch):
    """macOS keeps no nice value per thread: nothing is asked (a thread id there is no pid,
    and setpriority would aim at some process)."""
    asked = []
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(os, "setpriority", lambda *args: asked.append(args))
    priority.lower_thread_priority(5)
    assert asked == []


@pytest.mark.parametrize("platform, method", [("linux", "forkserver"), ("darwin", "spawn"), ("win32", "spawn")])
def test_analysis_workers_fork_from_a_server_on_linux_only(monkeypatch, platform, method):
    """macOS has a fork server too, but a fork after its system libraries start threads can
    crash the child; Windows has none."""
    monkeypatch.setattr(sys, "platform", platform)
    assert worker_context().get_start_method() == method
