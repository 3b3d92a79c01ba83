"""Why a frame's XMP sidecar could not be written, in words that point at what to fix.

A tester locked one sidecar, the folder still writable, and was told "the folder is
read-only". A sidecar file that cannot be replaced in a folder that can be written
(Windows' read-only attribute, the Finder's Locked, `chattr +i`, another user's file in
a shared folder) is named as that file; only a folder that cannot be written is called
read-only. The decision keeper and the sitters' names both say it this way.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from shotkind_desktop.core.decisions.sidecar_lock import SidecarsBusy
from shotkind_desktop.core.files.pairing import FrameFiles, on_disk


def sidecar_refusal(files: FrameFiles, error: OSError) -> str:
    """The reason, as a clause that can open a message (a status bar cuts the end of a
    long one): "the sidecar IMG_0060.xmp is locked or read-only, though its folder is not"."""
    if isinstance(error, SidecarsBusy):
        return "another ShotKind program was changing the folder's sidecars"
    if isinstance(error, PermissionError) or error.errno == errno.EROFS:
        locked = _locked_sidecar(files)
        if locked is not None:
            return f"the sidecar {locked.name} is locked or read-only, though its folder is not"
        return "the folder is read-only"
    return (error.strerror or str(error)).lower()


def _locked_sidecar(files: FrameFiles) -> Path | None:
    """The frame's first sidecar on disk that may not be written while its folder may."""
    for name in files.sidecars():
        found = on_disk(name)
        if (found is not None and os.access(found.parent, os.W_OK | os.X_OK)
                and not os.access(found, os.W_OK)):
            return found
    return None
