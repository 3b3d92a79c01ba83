"""A print of a photo's picture, not of its file: what tells the frame an adjusted crop was
made on from another photo copied over it under the same name.

The file's size and time will not do: Photo Mechanic or Lightroom writing captions into a
JPEG changes both, and a copy to a card's exFAT loses the time's nanoseconds, yet the
picture and the photographer's crop on it are the same. A JPEG's entropy-coded data is
the picture; those tools copy it byte for byte, and Photo Mechanic's own data goes after
its end-of-image marker. So the print is the frame's size, its EXIF orientation (a crop
is kept in upright pixels) and a hash of 16 samples spread evenly from the first scan to
the end-of-image marker: two high-key headshots on a white blown out to the same bytes
differ where the faces are, not in the first rows. Other formats have no such data to
find cheaply; their print is the file's size and time.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.files.capture import read_capture_info
from shotkind_desktop.core.files.jpeg_region import read_layout
from shotkind_desktop.core.safe_files import read_head

SAMPLES, SAMPLE_BYTES = 16, 4096
TAIL_BYTES = 65536                    # where the end-of-image marker is looked for
HEADER_READS = (1 << 17, 1 << 23)     # the headers before the scan: usually under 128 KB
                                      # (EXIF, its thumbnail, XMP), up to 8 MB (a big preview)


def picture_print(path: Path) -> str | None:
    """"6000x4000:o1:<hash>" for a JPEG, "file:<size>:<mtime_ns>" for another format; None
    for a file that cannot be read, or a JPEG whose header does not parse."""
    if not filetypes.is_jpeg(path):
        try:
            status = os.stat(path)
        except OSError:
            return None
        return f"file:{status.st_size}:{status.st_mtime_ns}"
    try:
        return _jpeg_print(path)
    except (OSError, ValueError, IndexError):      # damaged or cut headers: no print
        return None


def _jpeg_print(path: Path) -> str | None:
    for size in HEADER_READS:
        header = read_head(path, size)
        try:
            layout = read_layout(header)
        except ValueError:
            if len(header) < size:     # the whole file, and no scan in it
                return None
            continue
        orientation = read_capture_info(header).orientation
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            length = handle.seek(0, os.SEEK_END)
            tail_at = max(layout.scan_at, length - TAIL_BYTES)
            handle.seek(tail_at)
            end = handle.read().rfind(b"\xff\xd9")
            end = tail_at + end + 2 if end >= 0 else length
            span = max(0, end - layout.scan_at - SAMPLE_BYTES)
            for number in range(SAMPLES):
                handle.seek(layout.scan_at + span * number // (SAMPLES - 1))
                digest.update(handle.read(min(SAMPLE_BYTES, end - layout.scan_at)))
        return f"{layout.width}x{layout.height}:o{orientation}:{digest.hexdigest()[:32]}"
    return None
