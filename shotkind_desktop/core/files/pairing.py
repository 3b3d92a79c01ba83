"""Which files make a frame, and which XMP sidecars are each frame's: the one place that
says so, because when five functions each decided, two photos with the same stem shared
a sidecar and a reject given to one spread to the other.

A RAW+JPEG pair (a camera set to RAW+JPEG writes IMG_0001.CR2 and IMG_0001.JPG for one
press of the shutter) is one frame: exactly one RAW and one camera picture (JPEG or
HEIC) with the same stem in the same folder, the stem compared as the folder's disk
compares names (core.files.name_case: IMG_0001 is img_0001 on macOS and Windows, not on
Linux's disks). The picture serves previews, analysis and
export pixels; the decision applies to both files. Any other clash of stems (JPEG and
HEIC, a CR2 beside a converted DNG, JPEG + PNG + TIFF) is separate frames: there is no
telling which file the photographer means.

Sidecars: a lone frame or a pair reads and keeps in step IMG_0001.xmp (Lightroom,
Capture One, Photo Mechanic) and IMG_0001.JPG.xmp (darktable, digiKam) of each of its
files. Frames that share a stem cannot share IMG_0001.xmp, so each has its own
IMG_0001.HEIC.xmp; IMG_0001.xmp is the stem's single proprietary RAW's when there is
one (Lightroom reads it for that RAW; a DNG keeps its XMP inside), and otherwise
belongs to none: each reads it until it has a sidecar of its own, none writes it (a
frame that comes later does not read it once another has a decision: decision_keeper).

A stem's name can be another file's whole name: portrait.jpg.jpg (a double extension,
common in downloads) beside portrait.jpg, or IMG_0001.CR2.jpg (a converted copy) beside
IMG_0001.CR2. Then portrait.jpg.xmp is the darktable name of portrait.jpg's sidecar and
the Lightroom name of portrait.jpg.jpg's; given to both, a reject written for one became
the other's on reopening. A file's whole name plus .xmp says which file it is for
without doubt, so it stays that file's, and the other frame neither reads nor writes it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.files.name_case import ignores_case, name_key
from shotkind_desktop.core.safe_files import leaves_folder
from shotkind_desktop.core.files.scan import image_files, in_capture_order


@dataclass(frozen=True)
class FrameFiles:
    """The files of one frame: the one read for pictures, and its RAW partner if any."""

    path: Path                 # what previews, analysis and export read: the JPEG of a pair
    raw: Path | None = None    # the RAW of a RAW+JPEG pair; None for a lone file
    shares_stem: bool = False  # another frame in its folder has the same stem
    owns_stem_sidecar: bool = False   # ... and IMG_0001.xmp is this frame's nonetheless
    stem_sidecar_taken: bool = False  # IMG_0001.xmp is a file named IMG_0001's darktable sidecar
    case_ignored: bool = field(default=False, compare=False)   # its folder's disk (name_case)

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file of the frame, the one read for pictures first."""
        return (self.path,) if self.raw is None else (self.path, self.raw)

    def sidecars(self) -> tuple[Path, ...]:
        """Every sidecar name that is this frame's own: read, newest first, and kept in step."""
        names = []
        for file in self.files:
            if self._may_use_stem_name():
                names.append(file.with_suffix(".xmp"))
            names.append(file.with_name(file.name + ".xmp"))
        return self._distinct(names)

    def shared_sidecar(self) -> Path | None:
        """IMG_0001.xmp of a frame whose stem another frame has and which does not own it:
        read when the frame has no sidecar of its own, never written."""
        if self._may_use_stem_name() or self.stem_sidecar_taken:
            return None
        return self.path.with_suffix(".xmp")

    def sidecars_to_write(self, keep_extension: bool) -> tuple[Path, ...]:
        """Where a decision goes when no sidecar exists yet: IMG_0001.xmp (shared by a
        pair), IMG_0001.JPG.xmp for each file when extensions are kept or the stem is
        another frame's too."""
        kept = keep_extension or not self._may_use_stem_name()
        names = [file.with_name(file.name + ".xmp") if kept else file.with_suffix(".xmp")
                 for file in self.files]
        return self._distinct(names)

    def _distinct(self, names: list[Path]) -> tuple[Path, ...]:
        """Each sidecar once, as the disk tells names apart: img_0001.xmp of the JPEG is
        IMG_0001.xmp of its RAW where case is ignored, and is written once."""
        distinct: dict[str, Path] = {}
        for name in names:
            distinct.setdefault(name_key(str(name), self.case_ignored), name)
        return tuple(distinct.values())

    def _may_use_stem_name(self) -> bool:
        return not self.stem_sidecar_taken and (not self.shares_stem or self.owns_stem_sidecar)


def pair_files(paths: list[Path]) -> list[FrameFiles]:
    """The frames `paths` make, in their order, a pair at its first file's place. The one
    rule for which files make a frame."""
    by_folder: dict[Path, list[str]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, []).append(path.name)
    case_ignored = {folder: ignores_case(folder, names) for folder, names in by_folder.items()}
    groups: dict[tuple[Path, str], list[Path]] = {}
    for path in paths:
        groups.setdefault(_stem_key(path, case_ignored[path.parent]), []).append(path)
    frames, placed = [], set()
    for path in paths:
        ignored = case_ignored[path.parent]
        key = _stem_key(path, ignored)
        group = groups[key]
        if key in placed:
            continue
        pair = _pair(group, ignored)
        if pair is not None:
            placed.add(key)
            frames.append(pair)
        elif len(group) == 1:
            frames.append(FrameFiles(path, case_ignored=ignored))
        else:
            frames.append(FrameFiles(path, shares_stem=True, owns_stem_sidecar=_owns_stem_sidecar(path, group),
                                     case_ignored=ignored))
    whole_names = {(path.parent, name_key(path.name, case_ignored[path.parent])) for path in paths}
    return [replace(frame, stem_sidecar_taken=True) if any(
                (file.parent, name_key(file.stem, frame.case_ignored)) in whole_names for file in frame.files)
            else frame for frame in frames]


def scan_pairs(folder: Path, recursive: bool = False) -> list[FrameFiles]:
    """scan_shoot's files with each RAW+JPEG pair as one frame, in capture order. Only the
    JPEG of a pair has its EXIF read for the order: both carry the same capture time."""
    return in_capture_order(folder, pair_files(image_files(folder, recursive)), lambda frame: frame.path)


def frames_by_name(folder: Path, names: list[str]) -> dict[str, FrameFiles]:
    """Frame name (path within `folder`) -> its files, from one listing of each folder the
    names are in; a name whose file is gone is a lone frame."""
    folder = Path(folder)
    found: dict[str, FrameFiles] = {}
    for parent in {(folder / name).parent for name in names}:
        try:
            listed = [parent / entry for entry in os.listdir(parent)]
        except OSError:
            continue
        images = [path for path in listed if not path.name.startswith(".") and filetypes.is_image(path)]
        for frame in pair_files(images):
            found[frame.path.relative_to(folder).as_posix()] = frame
    return {name: found.get(name) or FrameFiles(folder / name) for name in names}


def on_disk(path: Path) -> Path | None:
    """The sidecar as it is spelled on disk (cameras and some tools write IMG_0001.XMP);
    None when it is not there, or is not a regular file in the frame's folder (a FIFO,
    a link to a file elsewhere)."""
    for candidate in (path, path.with_suffix(".XMP")):
        try:
            if candidate.is_file() and not leaves_folder(candidate):
                return candidate
        except OSError:          # a folder we may not search: as good as absent
            pass
    return None


def _stem_key(path: Path, case_ignored: bool) -> tuple[Path, str]:
    """(folder, stem) as the folder's disk compares names: IMG_0001.CR2 pairs with
    img_0001.jpg where case is ignored (they could not both be IMG_0001 there), and not
    on a disk where they are two names any program may give to two different photos."""
    return path.parent, name_key(path.stem, case_ignored)


def is_pair_picture(path: Path) -> bool:
    """A file that can be the picture half of a RAW+JPEG pair."""
    return filetypes.is_jpeg(path) or filetypes.is_heif(path)


def _pair(group: list[Path], case_ignored: bool) -> FrameFiles | None:
    """The pair a group of same-stem files makes, or None when it is not exactly one RAW
    and one picture (and nothing else of that stem)."""
    raws = [path for path in group if filetypes.is_raw(path)]
    others = [path for path in group if not filetypes.is_raw(path)]
    if len(raws) == 1 and len(others) == 1 and is_pair_picture(others[0]):
        return FrameFiles(others[0], raws[0], case_ignored=case_ignored)
    return None


def _owns_stem_sidecar(path: Path, group: list[Path]) -> bool:
    """IMG_0001.xmp is the stem's only RAW that keeps its metadata beside it (not a DNG)."""
    keepers = [p for p in group if filetypes.is_raw(p) and filetypes.extension(p) != ".dng"]
    return keepers == [path]
