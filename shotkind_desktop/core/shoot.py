"""A shoot as the workspace sees it: its frames in capture order, each with its file
identity, the photographer's decision and the analysis cached in the catalog."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.decisions.catalog import Catalog, FileIdentity
from shotkind_desktop.core.decisions.decisions import Decision
from shotkind_desktop.core.files.pairing import FrameFiles, scan_pairs


@dataclass
class Frame:
    name: str                          # path within the shoot folder, with forward slashes
    on_disk: FrameFiles                # its files and sidecars (pairing.py decides them)
    order: int                         # position in capture order
    identity: FileIdentity | None      # None when the file cannot be stat'ed
    decision: Decision = field(default_factory=Decision)
    result: FrameResult | None = None  # None until analysed

    @property
    def path(self) -> Path:
        """What previews, analysis and export read: the JPEG of a RAW+JPEG pair."""
        return self.on_disk.path

    @property
    def raw(self) -> Path | None:
        """The RAW of a RAW+JPEG pair; None for a lone file."""
        return self.on_disk.raw

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file of the frame: `path`, then its RAW."""
        return self.on_disk.files


@dataclass
class Shoot:
    folder: Path
    frames: list[Frame]

    def names(self) -> list[str]:
        return [frame.name for frame in self.frames]


def scan_frames(folder: Path, recursive: bool = False) -> Shoot:
    """The shoot's frames in capture order, nothing read beyond their EXIF heads; a
    RAW+JPEG pair is one frame named by its JPEG."""
    frames = []
    for order, found in enumerate(scan_pairs(folder, recursive)):
        try:
            identity = FileIdentity.of(found.path)
        except OSError:
            identity = None
        frames.append(Frame(found.path.relative_to(folder).as_posix(), found, order, identity))
    return Shoot(folder, frames)


def folder_identity(folder: Path) -> tuple[int, int] | None:
    """Which folder `folder` names now (device and inode), None when none: a shoot renamed
    while open, with another folder made under its old name (the next card copied in),
    is still a folder there, but not the shoot."""
    try:
        status = os.stat(folder)
    except OSError:
        return None
    return (status.st_dev, status.st_ino) if stat.S_ISDIR(status.st_mode) else None


def attach_cached_results(shoot: Shoot, catalog: Catalog) -> list[Frame]:
    """Gives each frame its cached analysis when the file is unchanged; returns the frames
    that still need analysing."""
    cached = catalog.results()
    pending = []
    for frame in shoot.frames:
        hit = cached.get(frame.name)
        if hit is not None and frame.identity is not None and hit[0] == frame.identity:
            frame.result = hit[1]
        else:
            pending.append(frame)
    return pending


def recheck(frame: Frame) -> bool:
    """Look at the frame's file again. True when it changed on disk since it was scanned
    (edited, replaced or deleted): its identity is then the new one (None when the file
    is gone) and its analysis is dropped, so it is read anew and a deleted file gets
    "file not found" as its error. Cached thumbnails and results are keyed by identity,
    so the old ones no longer match."""
    try:
        identity = FileIdentity.of(frame.path)
    except OSError:
        identity = None
    if identity == frame.identity:
        return False
    frame.identity = identity
    frame.result = None
    return True
