"""Writing a file so that it is whole or absent, even across a power cut: the one way
ShotKind puts a file on disk (sidecars, exported JPEGs, manifests, contact sheets, the
proof gallery, reports, handed-over originals).

The bytes go into a hidden temporary file in the target's folder (core.leftovers names
it and removes what a kill leaves), every byte written and counted back, flushed to the
disk with fsync, then renamed over the target with os.replace, and the folder is synced
so the rename itself survives a power cut. Windows cannot open a folder to sync it;
NTFS's journal keeps the rename there, so that step is skipped (`os.name == "nt"`).
A replaced file keeps its permissions; a new one gets the umask's, as any program's.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from shotkind_desktop.core.leftovers import temporary_beside

_CREATE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
                 | getattr(os, "O_CLOEXEC", 0))   # O_BINARY: Windows would turn \n into \r\n
FOLDERS_SYNC = os.name != "nt"      # Windows cannot open a folder as a file


def write_atomically(target: Path, data: bytes, overwrite: bool = True, kind: str = "",
                     folder_sync: bool = True) -> None:
    """Put `data` at `target` whole, or leave `target` as it was. Without `overwrite` an
    existing target is never replaced (FileExistsError, also when it appears meanwhile).
    On any failure (a full disk included) the temporary file is removed and OSError
    raised. `kind` marks the temporary's name (".xmp" for a sidecar, see leftovers).
    Without `folder_sync` the caller calls sync_folder itself, once after a batch of
    files, before anything relies on the renames having reached the disk."""
    target = Path(target)
    if not overwrite and target.exists():
        raise FileExistsError(f"{target.name} already exists (overwrite not allowed)")
    temporary = temporary_beside(target, kind)
    descriptor = os.open(temporary, _CREATE_FLAGS, 0o666)
    try:
        try:
            _write_all(descriptor, data)
            os.fsync(descriptor)
            on_disk = os.fstat(descriptor).st_size
        finally:
            os.close(descriptor)
        if on_disk != len(data):
            raise OSError(errno.EIO, f"only {on_disk} of {len(data)} bytes reached the disk")
        _put_in_place(temporary, target, overwrite, folder_sync)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def holds(target: Path, data: bytes) -> bool:
    """Whether `target` is a file (not a link) holding exactly `data`: what an interrupted
    run of the same export already wrote there, which a rerun counts as written."""
    try:
        if target.is_symlink() or target.stat().st_size != len(data):
            return False
        return target.read_bytes() == data
    except OSError:
        return False


def same_content(source: Path, target: Path) -> bool:
    """Whether `target` is another file (not a link, nor `source` itself reached by another
    path, as through a bind mount: that is no copy of it) byte for byte the same as
    `source`, read a megabyte at a time: a RAW is tens of megabytes."""
    try:
        if target.is_symlink() or source.stat().st_size != target.stat().st_size:
            return False
        if os.path.samefile(source, target):
            return False
        with open(source, "rb") as one, open(target, "rb") as other:
            while True:
                block = one.read(1 << 20)
                if block != other.read(1 << 20):
                    return False
                if not block:
                    return True
    except OSError:
        return False


def one_folder(one: Path, other: Path) -> bool:
    """Whether two paths are one folder however reached. A link or a bind mount shows as
    the same device and inode (os.path.samefile); the same NFS or SMB share mounted twice
    does not, so a hidden empty file is made in `one` and looked for in `other` (a mount
    that caches its listings, as rclone and some cloud drives do, can still miss it:
    nothing that removes an original relies on this). A folder where nothing can be
    made is not the other: nothing will be written there either."""
    try:
        if os.path.samefile(one, other):
            return True
    except OSError:
        return False
    probe = temporary_beside(Path(one) / "probe")
    try:
        os.close(os.open(probe, _CREATE_FLAGS, 0o600))
    except OSError:
        return False
    try:
        return (Path(other) / probe.name).exists()
    finally:
        probe.unlink(missing_ok=True)


def copy_atomically(source: Path, target: Path, overwrite: bool = True) -> None:
    """Copy `source` to `target` with its times and mode, whole or not at all, on the
    disk before it returns: a move removes the original next, and a power cut must not
    leave neither. Without `overwrite` an existing target is never replaced
    (FileExistsError, also when it appears during the copy). The bytes are synced before
    the mode is copied: a camera's protected (read-only) original would make the copy
    read-only before it could be opened to sync it."""
    target = Path(target)
    temporary = temporary_beside(target)
    try:
        shutil.copyfile(source, temporary)
        with open(temporary, "rb+") as copied:
            os.fsync(copied.fileno())
        shutil.copystat(source, temporary)
        _put_in_place(temporary, target, overwrite)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _put_in_place(temporary: Path, target: Path, overwrite: bool, folder_sync: bool = True) -> None:
    """Rename the complete temporary to `target`, keeping a replaced file's mode, then
    sync the folder's entry (unless the caller does it for a batch)."""
    if overwrite:
        try:
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        except FileNotFoundError:
            pass
        os.replace(temporary, target)
    else:
        _rename_no_clobber(temporary, target)
    if folder_sync:
        sync_folder(target.parent)


def sync_folder(folder: Path) -> None:
    """The folder's entries on the disk. Skipped on Windows, where a folder cannot be
    opened as a file and NTFS's journal keeps renames; a file system that refuses (some
    network shares) is left to its own journal too."""
    if not FOLDERS_SYNC:
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _write_all(descriptor: int, data: bytes) -> None:
    """os.write until every byte is taken; a write that takes none is a full disk."""
    view = memoryview(data)
    while view:
        count = os.write(descriptor, view)
        if count <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[count:]


def _rename_no_clobber(temporary: Path, target: Path) -> None:
    """A hard link fails if the target appeared meanwhile; disks without links (FAT,
    some shares) get an existence check and a rename."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise FileExistsError(f"{target.name} already exists (overwrite not allowed)") from None
    except OSError:
        if target.exists():
            raise FileExistsError(f"{target.name} already exists (overwrite not allowed)") from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)
