"""The core's paths for macOS and Windows, run here on real files: how a folder's disk
compares names (asked of the folder, the platform only when nothing can be asked), and
the live folder watch without inotify. The folders (core.paths) and the atomic writer's
folder sync have their own tests (test_paths, test_atomic_write)."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

from shotkind_desktop.core.live.live_folder import SETTLE_SECONDS, LiveFolder
from shotkind_desktop.core.files.name_case import ignores_case, name_key, platform_ignores_case
from shotkind_desktop.core.files.pairing import on_disk, scan_pairs
from tests.core.tether import write_renamed


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
