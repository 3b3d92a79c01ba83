"""Clearing the rejects out of a delivered shoot: every rejected frame's files (its RAW+JPEG
partners and XMP sidecars included) go to the system trash, never deleted outright.

This is the one place ShotKind removes a photographer's files, so it is built to be
undoable and to be asked for: `rejected_files` says exactly which files would go (the
CLI and the app show the count and ask before anything moves), and `send_to_trash` hands
them to the operating system's trash (send2trash: the Recycle Bin, the macOS Trash, the
freedesktop.org trash), from where they can be put back. A frame with a file that is
not the shoot's own (a link to a file elsewhere) stays whole where it is, and is named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from shotkind_desktop.core.delivery.export import open_existing_catalog, shoot_decisions
from shotkind_desktop.core.delivery.export_originals import frame_files
from shotkind_desktop.core.safe_files import not_own_file
from shotkind_desktop.core.shoot import scan_frames


@dataclass
class RejectedFiles:
    """The rejected frames of a shoot and every file that belongs to them."""

    frames: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    left: dict[str, str] = field(default_factory=dict)   # rejected frames that stay, and why

    def question(self) -> str:
        """The confirmation to ask, with the numbers."""
        frames = f"{len(self.frames)} rejected frame{'s' * (len(self.frames) != 1)}"
        files = f"{len(self.files)} file{'s' * (len(self.files) != 1)}"
        return f"Send {files} ({frames}, with their sidecars and RAW+JPEG partners) to the trash?"


def rejected_files(folder: Path) -> RejectedFiles:
    """What sending the rejects to the trash would move; nothing is written."""
    shoot = scan_frames(Path(folder))
    catalog = open_existing_catalog(Path(folder))
    try:
        decisions = shoot_decisions(Path(folder), catalog, shoot.frames)
    finally:
        if catalog:
            catalog.close()
    found = RejectedFiles()
    for frame in shoot.frames:
        if decisions[frame.name].is_reject:
            files = frame_files(frame.on_disk)
            problem = next(filter(None, map(not_own_file, files)), None)
            if problem:
                found.left[frame.name] = problem
                continue
            found.frames.append(frame.name)
            found.files.extend(path for path in files if path not in found.files)
    return found


def send_to_trash(files: list[Path]) -> dict[Path, str]:
    """Move each file to the system trash; the files that could not go, with the reason."""
    from send2trash import send2trash   # loaded only when asked

    failed = {}
    for path in files:
        try:
            send2trash(str(path))
        except OSError as error:   # TrashPermissionError is an OSError too
            failed[path] = error.strerror or str(error)
    return failed
