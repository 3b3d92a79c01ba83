"""Finding the frames of a shoot in a folder, in the order they were taken."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Callable

from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.files.capture import capture_order_key, read_capture_info
from shotkind_desktop.core.safe_files import read_head

EXIF_HEAD_BYTES = 256 * 1024   # EXIF sits at the start of JPEG, TIFF and TIFF-based RAW


def scan_shoot(folder: Path, recursive: bool = False) -> list[Path]:
    """Image files under `folder`, hidden files and sidecars skipped, ordered by capture
    time (file time when a frame has none) and then by name. Times with a zone and
    without one order together (capture.capture_order_key). Names that are not valid
    UTF-8 come as os.fsdecode gives them (surrogate escapes), so each Path still opens.
    RAW+JPEG pairs are two files here; pairing.scan_pairs makes them one frame."""
    return in_capture_order(folder, image_files(folder, recursive))


def folder_problem(folder: Path) -> str | None:
    """Why the shoot folder cannot be worked on, in one line, or None: a folder that
    cannot be listed is not a shoot without frames."""
    if not folder.is_dir():
        return f"not a folder: {folder}"
    try:
        os.listdir(folder)
    except OSError as error:
        return f"cannot read the folder {folder}: {error.strerror or error}"
    return None


def image_files(folder: Path, recursive: bool = False) -> list[Path]:
    """The shoot's image files in the order the folders list them; OSError when the
    shoot folder itself cannot be listed."""
    return list(_image_files(folder, recursive))


def in_capture_order(folder: Path, items: list, path_of: Callable = lambda item: item) -> list:
    """`items` sorted by the capture time of `path_of(item)` (EXIF head read once each),
    then by its name within `folder`."""
    return sorted(items, key=lambda item: (_capture_moment(path_of(item)),
                                           str(path_of(item).relative_to(folder)).lower()))


def _image_files(folder: Path, recursive: bool):
    """Links to folders are never followed: one that leaves the shoot would pull in
    another folder's frames (../.. pulled in thousands; / never ends), and one that
    stays inside lists frames already walked. A shoot folder that cannot be listed
    raises its OSError: it is not an empty shoot (a sub-folder that cannot is skipped)."""
    def unlisted(error: OSError) -> None:
        if error.filename is not None and Path(error.filename) == Path(folder):
            raise error
    for root, dirs, files in os.walk(folder, onerror=unlisted, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if recursive else []
        for name in files:
            path = Path(root) / name
            if not name.startswith(".") and filetypes.is_image(path):
                yield path


def capture_time(path: Path) -> datetime | None:
    """When the file's EXIF says it was taken (None without one); OSError when it cannot
    be read."""
    return read_capture_info(read_head(path, EXIF_HEAD_BYTES)).capture_time


def _capture_moment(path: Path) -> float:
    try:
        moment = capture_time(path)
        return capture_order_key(moment) if moment else path.stat().st_mtime
    except OSError:
        return float("inf")
