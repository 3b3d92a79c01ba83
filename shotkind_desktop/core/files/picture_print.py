"""A print of a photo's picture, not of its file: what tells the frame an adjusted crop was
made on from another photo copied over it under the same name.

The file's size and time will not do: Photo Mechanic or Lightroom writing captions into a
JPEG changes both, and a copy to a card's exFAT loses the time's nanoseconds, yet the
picture and the photographer's crop on it are the same. A JPEG's entropy-coded data is
the picture; those tools copy it byte for byte. So the print is the frame size and a
hash of the first 64 KB of the scan (a different photo differs within its first blocks).
Other formats have no such print: their crops are taken as they are.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.files.jpeg_region import read_layout
from shotkind_desktop.core.safe_files import read_head

SCAN_BYTES = 65536
HEADER_READS = (1 << 19, 1 << 23)     # the headers before the scan: usually under 512 KB
                                       # (EXIF, its thumbnail, XMP), up to 8 MB (a big preview)


def picture_print(path: Path) -> str | None:
    """"6000x4000:<hash>" for a JPEG; None for another format, or a file that cannot be read."""
    if not filetypes.is_jpeg(path):
        return None
    for size in HEADER_READS:
        try:
            data = read_head(path, size + SCAN_BYTES)
        except OSError:
            return None
        try:
            layout = read_layout(data)
        except ValueError:
            if len(data) < size + SCAN_BYTES:     # the whole file, and no scan in it
                return None
            continue
        scan = data[layout.scan_at:layout.scan_at + SCAN_BYTES]
        return f"{layout.width}x{layout.height}:{hashlib.sha256(scan).hexdigest()[:32]}"
    return None
