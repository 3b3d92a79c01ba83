"""A shoot that grows while it is open (a live session): which frame an arriving file
makes or joins, by the one pairing rule (pairing.pair_files), and the analysis a RAW
hands on to the JPEG that joins it.

A camera tethered in RAW+JPEG sends both files of one press of the shutter, seconds
apart, in either order. Each file is shown and analysed as soon as it is complete, so a
RAW that lands first is a frame of its own (named by the RAW) until its JPEG comes; then
the two are one frame named by the JPEG, as when the folder is opened, and the frame
keeps its place, its decision and its analysis: the camera made both files from one
exposure, so the JPEG is not analysed again unless its picture is not the RAW's (another
shape: a camera set to crop its JPEGs).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from PIL import Image

from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.files.capture import read_capture_info
from shotkind_desktop.core.files.name_case import ignores_case, name_key
from shotkind_desktop.core.files.orientation import upright_size
from shotkind_desktop.core.files.pairing import FrameFiles, pair_files
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.safe_files import read_head

HEAD_BYTES = 128 * 1024       # EXIF (at most 64 KB) and the frame header
SAME_SHAPE = 0.01             # a JPEG within 1% of the RAW's aspect ratio shows the same picture


@dataclass(frozen=True)
class FrameChange:
    """What an arrival does to one frame: `old` is the name of the frame it continues
    (None: a new frame); `files` are the frame's files now, named by `files.path`."""

    old: str | None
    files: FrameFiles


def frame_name(folder: Path, files: FrameFiles) -> str:
    return files.path.relative_to(folder).as_posix()


def changes_for_arrival(folder: Path, frames: Mapping[str, FrameFiles], arrived: Path) -> list[FrameChange]:
    """The frames that change when `arrived` joins the shoot whose frames (name -> files)
    are `frames`: the new frame, or the frame it joins (a RAW's JPEG: renamed to the
    JPEG), and any frame of the same name stem whose sidecar rule changes with it.
    Nothing when the file is a frame's already."""
    case_ignored = ignores_case(arrived.parent, [arrived.name])
    arrived_name = frame_name(folder, FrameFiles(arrived))
    key = _stem_key(arrived_name, case_ignored)
    whole = _whole_key(arrived_name, case_ignored)
    # a frame's files share its name's stem (pairing pairs by stem): compare names, which
    # is strings only (a day's thousands of frames at each arrival). A frame whose whole
    # name is the arrival's stem, or whose stem is the arrival's whole name, is looked at
    # again too: one of the two may no longer use its stem's sidecar name
    # (pairing.FrameFiles.stem_sidecar_taken: portrait.jpg.jpg beside portrait.jpg)
    group = {name: files for name, files in frames.items()
             if key in (_stem_key(name, case_ignored), _whole_key(name, case_ignored))
             or _stem_key(name, case_ignored) == whole}
    paths = [f for files in group.values() for f in files.files]
    if arrived in paths:
        return []
    changes, continued = [], set()
    for files in pair_files(paths + [arrived]):
        name = frame_name(folder, files)
        old = name if name in group else next(
            (other for other, before in group.items()
             if other not in continued and set(before.files) & set(files.files)), None)
        if old is not None:
            continued.add(old)
            if group[old] == files and old == name:
                continue
        changes.append(FrameChange(old, files))
    return changes


def _whole_key(name: str, case_ignored: bool) -> tuple[str, str]:
    """(folder, whole file name) of a frame name, as _stem_key's compare."""
    head, _, tail = name.rpartition("/")
    return head, name_key(tail, case_ignored)


def changes_for_arrivals(folder: Path, frames: Mapping[str, FrameFiles], arrived: list[Path]) -> list[FrameChange]:
    """changes_for_arrival for several files at once (a RAW and its JPEG that finished in
    the same moment make one new frame), each change against the frames as they were."""
    current = dict(frames)
    origins: dict[str, str | None] = {name: name for name in frames}
    touched: dict[str, None] = {}
    for path in arrived:
        for change in changes_for_arrival(folder, current, path):
            origin = None
            if change.old is not None:
                origin = origins.pop(change.old)
                del current[change.old]
            name = frame_name(folder, change.files)
            current[name], origins[name] = change.files, origin
            touched[name] = None
    return [FrameChange(origins[name], current[name]) for name in touched if name in current]


def _stem_key(name: str, case_ignored: bool) -> tuple[str, str]:
    """(folder, stem) of a frame name, as pairing compares them: as the disk compares names."""
    head, _, tail = name.rpartition("/")
    stem = tail.rsplit(".", 1)[0] if "." in tail[1:] else tail
    return head, name_key(stem, case_ignored)


def picture_size(path: Path) -> tuple[int, int] | None:
    """The upright pixel size a JPEG or HEIC says it has, from its head; None for
    anything else or a header that cannot be read."""
    if not (filetypes.is_jpeg(path) or filetypes.is_heif(path)):
        return None
    try:
        head = read_head(path, HEAD_BYTES)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(head)) as header:
                width, height = header.size
        orientation = read_capture_info(head).orientation if filetypes.is_jpeg(path) else 1
    except Exception:        # unreadable here: analysis reads it and says why
        return None
    return upright_size(width, height, orientation)


def adopted_result(result: FrameResult, name: str, raw: str, size: tuple[int, int] | None) -> FrameResult | None:
    """The RAW's analysis for the pair its JPEG completes, in the JPEG's pixels (faces,
    landmarks, eyes and the hair's top scaled); None when the JPEG must be analysed
    itself: the RAW could not be read, the JPEG's size is unknown, or its shape is not
    the RAW's."""
    if result.error or size is None or not result.width or not result.height:
        return None
    width, height = size
    if abs((width / height) / (result.width / result.height) - 1) > SAME_SHAPE:
        return None
    sx, sy = width / result.width, height / result.height
    faces = [{**face,
              "box": [round(v * s, 1) for v, s in zip(face["box"], (sx, sy, sx, sy))],
              **{points: [[round(x * sx, 1), round(y * sy, 1)] for x, y in face[points]]
                 for points in ("landmarks", "eyes") if points in face},
              **({"head_top": round(face["head_top"] * sy, 1)} if "head_top" in face else {})}
             for face in result.faces]
    return replace(result, file=name, raw=raw, width=width, height=height, faces=faces)
