"""The one atomic writer: whole files synced before the rename, the rename synced after,
a replaced file's mode kept, nothing clobbered when asked, and Windows' path (no folder
sync, chosen from os.name at import) run on real files here."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from shotkind_desktop.core import atomic_write
from shotkind_desktop.core.atomic_write import copy_atomically, write_atomically
from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.decisions.xmp import read_sidecar, write_sidecar
from shotkind_desktop.core.delivery.export_originals import hand_over
from shotkind_desktop.core.files.pairing import scan_pairs
from unprivileged import run_unprivileged, shared_folder


@pytest.fixture
def disk_calls(monkeypatch):
    """fsync, replace and link as they happen: ("fsync", "file" or "folder"), ("replace",)."""
    calls = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor):
        kind = "folder" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "file"
        calls.append(("fsync", kind))
        return real_fsync(descriptor)

    def replace(source, target):
        calls.append(("replace",))
        return real_replace(source, target)

    monkeypatch.setattr(atomic_write.os, "fsync", fsync)
    monkeypatch.setattr(atomic_write.os, "replace", replace)
    return calls


def test_a_sidecar_is_synced_then_renamed_then_its_folder_synced(photos, tmp_path, disk_calls):
    shutil.copy(photos / "df_img11.jpg", tmp_path / "IMG_0001.jpg")
    write_sidecar(tmp_path / "IMG_0001.jpg", Decision(PICK, 4))
    assert disk_calls == [("fsync", "file"), ("replace",), ("fsync", "folder")]
    assert read_sidecar(tmp_path / "IMG_0001.jpg").decision.rating == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["IMG_0001.jpg", "IMG_0001.xmp"]


def test_a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path):
    target = tmp_path / "IMG_0001.xmp"
    target.write_bytes(b"old")
    target.chmod(0o600)                     # a photographer's private sidecar
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o600
    umask = os.umask(0o022)
    os.umask(umask)
    fresh = tmp_path / "fresh.jpg"
    write_atomically(fresh, b"\xff\xd8")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_without_overwrite_an_existing_file_stays(tmp_path):
    target = tmp_path / "headshot.jpg"
    target.write_bytes(b"delivered yesterday")
    with pytest.raises(FileExistsError, match="already exists"):
        write_atomically(target, b"today", overwrite=False)
    assert target.read_bytes() == b"delivered yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["headshot.jpg"]     # no temporary left


def test_a_copy_keeps_the_times_and_is_synced_before_it_counts(photos, tmp_path, disk_calls):
    source = photos / "df_img11.jpg"
    copy_atomically(source, tmp_path / "IMG_0001.jpg")
    assert (tmp_path / "IMG_0001.jpg").read_bytes() == source.read_bytes()
    assert (tmp_path / "IMG_0001.jpg").stat().st_mtime_ns == source.stat().st_mtime_ns
    assert disk_calls == [("fsync", "file"), ("replace",), ("fsync", "folder")]


def test_on_windows_the_folder_is_not_opened_to_sync_it(photos, tmp_path, monkeypatch, disk_calls):
    """Windows cannot open a folder as a file: the write is whole all the same."""
    opened = []
    real_open = os.open
    monkeypatch.setattr(atomic_write.os, "open", lambda path, *rest: opened.append(Path(path)) or
                        real_open(path, *rest))
    monkeypatch.setattr(atomic_write, "FOLDERS_SYNC", False)
    shutil.copy(photos / "df_img11.jpg", tmp_path / "IMG_0001.jpg")
    write_sidecar(tmp_path / "IMG_0001.jpg", Decision(PICK, 2))
    monkeypatch.undo()
    assert opened and tmp_path not in opened
    assert disk_calls == [("fsync", "file"), ("replace",)]
    assert read_sidecar(tmp_path / "IMG_0001.jpg").decision.rating == 2


HAND_OVER_PROTECTED = """
from shotkind_desktop.core.delivery.export_originals import hand_over
from shotkind_desktop.core.files.pairing import scan_pairs
done = hand_over(Path(shoot), scan_pairs(Path(shoot)), Path(target))
report = {"uid": os.geteuid(), "done": [[copy.file, copy.target, copy.error] for copy in done]}
"""


def test_a_protected_original_is_handed_over_read_only(photos, tmp_path):
    """A camera's "protect" leaves an original read-only (0444): its copy must still be
    synced and handed over, and stay protected. As root permissions are not checked, so
    the hand-over runs as an unprivileged user."""
    shoot, home = shared_folder("shotkind-protected-"), shared_folder("shotkind-home-")
    target = shoot.parent / f"{shoot.name}-copies"
    try:
        shutil.copy2(photos / "df_img11.jpg", shoot / "IMG_0001.jpg")
        (shoot / "IMG_0001.jpg").chmod(0o444)
        target.mkdir(mode=0o777)
        target.chmod(0o777)
        report = run_unprivileged(HAND_OVER_PROTECTED, home, shoot=str(shoot), target=str(target))
        assert report["uid"] != 0
        assert report["done"] == [["IMG_0001.jpg", str(target / "IMG_0001.jpg"), None]]
        copied = target / "IMG_0001.jpg"
        assert copied.read_bytes() == (photos / "df_img11.jpg").read_bytes()
        assert stat.S_IMODE(copied.stat().st_mode) == 0o444
        assert copied.stat().st_mtime_ns == (shoot / "IMG_0001.jpg").stat().st_mtime_ns
        assert [p.name for p in target.iterdir()] == ["IMG_0001.jpg"]        # no temporary left
    finally:
        shutil.rmtree(shoot)
        shutil.rmtree(target, ignore_errors=True)
        shutil.rmtree(home)


def test_a_hand_over_never_replaces_a_file_that_appears_during_the_copy(photos, tmp_path, monkeypatch):
    """export_originals looks before it copies; a file written at the destination
    meanwhile (another export, a sync client) must still not be replaced."""
    shoot, copies = tmp_path / "shoot", tmp_path / "copies"
    shoot.mkdir()
    shutil.copy2(photos / "df_img11.jpg", shoot / "IMG_0001.jpg")
    real_copyfile = shutil.copyfile

    def copy_while_another_writes(source, destination, **options):
        (copies / "IMG_0001.jpg").write_bytes(b"written meanwhile")
        return real_copyfile(source, destination, **options)
    monkeypatch.setattr(atomic_write.shutil, "copyfile", copy_while_another_writes)
    (done,) = hand_over(shoot, scan_pairs(shoot), copies)
    assert done.target is None and "already exists" in done.error
    assert (copies / "IMG_0001.jpg").read_bytes() == b"written meanwhile"
    assert [p.name for p in copies.iterdir()] == ["IMG_0001.jpg"]          # no temporary left


def test_the_same_bytes_are_recognised_but_never_the_same_file(photos, tmp_path):
    """A rerun counts a file a killed run wrote (the same bytes) as done; the same file
    reached by another name (a hard link here; a bind mount the same way) is not a copy,
    or a move would remove its one picture."""
    original = shutil.copy2(photos / "df_img11.jpg", tmp_path / "a.jpg")
    copy = shutil.copy2(original, tmp_path / "b.jpg")
    linked = tmp_path / "c.jpg"
    os.link(original, linked)
    data = original.read_bytes()
    assert atomic_write.same_content(original, copy) and atomic_write.holds(copy, data)
    assert not atomic_write.same_content(original, linked)
    other = tmp_path / "d.jpg"
    other.write_bytes(data[:-1] + b"\0")                 # one byte other, same size
    assert not atomic_write.same_content(original, other) and not atomic_write.holds(other, data)
    (tmp_path / "e.jpg").symlink_to(copy)
    assert not atomic_write.same_content(original, tmp_path / "e.jpg")
    assert not atomic_write.holds(tmp_path / "e.jpg", data)
    assert not atomic_write.same_content(original, tmp_path / "absent.jpg")


def test_one_folder_is_found_through_a_second_mount(tmp_path, monkeypatch):
    """The same share mounted twice has other device numbers, so samefile says two
    folders: a move to it then found each original "already there" and removed the one
    copy (a review). A hidden probe made in one is looked for in the other."""
    shoot, other = tmp_path / "shoot", tmp_path / "other"
    shoot.mkdir()
    other.mkdir()
    (tmp_path / "mounted again").symlink_to(shoot)
    monkeypatch.setattr(atomic_write.os.path, "samefile", lambda one, two: False)
    assert atomic_write.one_folder(tmp_path / "mounted again", shoot)
    assert not atomic_write.one_folder(other, shoot)
    assert not atomic_write.one_folder(tmp_path / "absent", shoot)
    assert not list(shoot.iterdir()) and not list(other.iterdir())       # no probe left
