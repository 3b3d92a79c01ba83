"""A shoot as the workspace sees it: its frames in capture order, each with its file
identity, the photographer's decision and the analysis cached in the catalog."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from shotkind_desktop.core.analysis import FrameResult
from shotkind_desktop.core.catalog import Catalog, FileIdentity
from shotkind_desktop.core.decisions import Decision
from shotkind_desktop.core.scan import scan_shoot


@dataclass
class Frame:
    name: str                          # path within the shoot folder, with forward slashes
    path: Path
    order: int                         # position in capture order
    identity: FileIdentity | None      # None when the file cannot be stat'ed
    decision: Decision = field(default_factory=Decision)
    result: FrameResult | None = None  # None until analysed


@dataclass
class Shoot:
    folder: Path
    frames: list[Frame]

    def names(self) -> list[str]:
        return [frame.name for frame in self.frames]


def scan_frames(folder: Path, recursive: bool = False) -> Shoot:
    """The shoot's frames in capture order, nothing read beyond their EXIF heads."""
    frames = []
    for order, path in enumerate(scan_shoot(folder, recursive)):
        try:
            identity = FileIdentity.of(path)
        except OSError:
            identity = None
        frames.append(Frame(path.relative_to(folder).as_posix(), path, order, identity))
    return Shoot(folder, frames)


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
