"""RAW+JPEG pairs: a camera set to RAW+JPEG writes IMG_0001.CR2 and IMG_0001.JPG for one
press of the shutter, and the photographer culls one frame, not two.

A pair is a RAW file and one camera picture (JPEG or HEIC) with the same stem in the same
folder. The picture serves previews and analysis (it is fast and developed the way the
camera showed it); the decision applies to both files, whose sidecars xmp.py writes. Any
other clash of stems (two RAWs, a JPEG and a PNG, two JPEGs) is left as separate frames:
there is no telling which file the photographer means.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from shotkind_desktop.core import filetypes
from shotkind_desktop.core.scan import image_files, in_capture_order


@dataclass(frozen=True)
class FrameFiles:
    """The files of one frame: the one read for pictures, and its RAW partner if any."""

    path: Path                 # what previews and analysis read: the JPEG of a pair
    raw: Path | None = None    # the RAW of a RAW+JPEG pair; None for a lone file

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file of the frame, the one read for pictures first."""
        return (self.path,) if self.raw is None else (self.path, self.raw)


def pair_files(paths: list[Path]) -> list[FrameFiles]:
    """The frames `paths` make, in their order, a pair at its first file's place."""
    groups: dict[tuple[Path, str], list[Path]] = {}
    for path in paths:
        groups.setdefault((path.parent, _stem(path)), []).append(path)
    frames, placed = [], set()
    for path in paths:
        key = (path.parent, _stem(path))
        if key in placed:
            continue
        pair = _pair(groups[key])
        if pair is None:
            frames.append(FrameFiles(path))
        else:
            placed.add(key)
            frames.append(pair)
    return frames


def scan_pairs(folder: Path, recursive: bool = False) -> list[FrameFiles]:
    """scan_shoot's files with each RAW+JPEG pair as one frame, in capture order. Only the
    JPEG of a pair has its EXIF read for the order: both carry the same capture time."""
    return in_capture_order(folder, pair_files(image_files(folder, recursive)), lambda frame: frame.path)


def raw_partners(folder: Path, names: list[str]) -> dict[str, Path]:
    """Frame name -> the RAW beside it with the same stem, for frames that are the picture
    of a pair; each folder is listed once, so a big shoot costs one listing."""
    by_folder: dict[Path, list[Path]] = {}
    for name in names:
        path = Path(folder) / name
        if is_pair_picture(path):
            by_folder.setdefault(path.parent, []).append(path)
    partners = {}
    for parent, pictures in by_folder.items():
        try:
            entries = [parent / entry for entry in os.listdir(parent)]
        except OSError:
            continue
        raws: dict[str, list[Path]] = {}
        for entry in entries:
            if filetypes.is_raw(entry) and not entry.name.startswith("."):
                raws.setdefault(_stem(entry), []).append(entry)
        stems: dict[str, int] = {}
        for entry in entries:
            if filetypes.is_image(entry) and not filetypes.is_raw(entry):
                stems[_stem(entry)] = stems.get(_stem(entry), 0) + 1
        for picture in pictures:
            found = raws.get(_stem(picture), [])
            if len(found) == 1 and stems.get(_stem(picture)) == 1:
                partners[picture.relative_to(folder).as_posix()] = found[0]
    return partners


def _stem(path: Path) -> str:
    """Stems match whatever their case (IMG_0001.CR2 with img_0001.jpg after a copy through
    a case-insensitive disk), as export's hand-over of originals matches them."""
    return path.stem.casefold()


def is_pair_picture(path: Path) -> bool:
    """A file that can be the picture half of a RAW+JPEG pair."""
    return filetypes.is_jpeg(path) or filetypes.is_heif(path)


def _pair(group: list[Path]) -> FrameFiles | None:
    """The pair a group of same-stem files makes, or None when it is not exactly one RAW
    and one picture (and nothing else of that stem)."""
    raws = [path for path in group if filetypes.is_raw(path)]
    others = [path for path in group if not filetypes.is_raw(path)]
    if len(raws) == 1 and len(others) == 1 and is_pair_picture(others[0]):
        return FrameFiles(others[0], raws[0])
    return None
