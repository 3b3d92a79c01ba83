"""A small region of a JPEG at full resolution (or 1/2, 1/4), without decoding the rest.

Focus on the eyes is judged on the file's own pixels, but a whole 24 MP decode costs
more than the rest of a frame's analysis. JPEG data is one Huffman-coded stream, so a
region can only be reached by reading what comes before it, unless the camera wrote
restart markers (DRI): then the stream is cut into independent segments, the segments
that cover the region are found by scanning for their markers (a few milliseconds,
nothing decoded) and put into a small JPEG of their own with the file's tables, which
libjpeg decodes in a millisecond or two. Most phones and many cameras and editors
write one segment per row of blocks. Without restart markers, the file's height is
patched in its header to end just below the region, so libjpeg stops there: what lies
below is never decoded. Only the luma is decoded (focus needs no colour).

Boxes are in the upright picture's pixels; the file's EXIF orientation maps them to the
pixels as stored. Progressive JPEGs (one pass over the whole picture per scan) are
decoded whole at the reduced size asked for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.files.decoder_warnings import native_stderr
from shotkind_desktop.core.files.orientation import stored_box, upright, upright_box

_REDUCED = {1: cv2.IMREAD_GRAYSCALE, 2: cv2.IMREAD_REDUCED_GRAYSCALE_2,
            4: cv2.IMREAD_REDUCED_GRAYSCALE_4, 8: cv2.IMREAD_REDUCED_GRAYSCALE_8}
_LIBJPEG_WARNINGS = ("Corrupt JPEG data", "Premature end of JPEG file", "Invalid SOS parameters")
_SCAN_CHUNK = 1 << 20      # restart markers are looked for a megabyte at a time


@dataclass(frozen=True)
class Layout:
    """Where the parts of a baseline JPEG are, read from its header alone."""

    width: int                 # as stored (before EXIF orientation)
    height: int
    block_width: int           # one MCU, in pixels
    block_height: int
    restart_interval: int      # MCUs between restart markers; 0: none
    progressive: bool
    sof_at: int                # offset of the SOF marker
    scan_at: int               # offset of the first entropy-coded byte

    @property
    def blocks_across(self) -> int:
        return math.ceil(self.width / self.block_width)

    @property
    def blocks_down(self) -> int:
        return math.ceil(self.height / self.block_height)


@dataclass(frozen=True)
class LumaRegion:
    """Luma of part of the upright picture: `box` (x, y, width, height) in full-resolution
    upright pixels, sampled at `scale` pixels of `luma` per full-resolution pixel."""

    luma: np.ndarray
    box: tuple[int, int, int, int]
    scale: float
    how: str                   # "restart segments", "rows above decoded", "whole picture"


class JpegSource:
    """One JPEG held in memory (a camera JPEG, or a RAW's full-size preview), read by
    region. `orientation`: the EXIF orientation that turns it upright."""

    def __init__(self, data: bytes, orientation: int = 1) -> None:
        self.data = data
        self.orientation = orientation
        self.layout = read_layout(data)

    @property
    def cuts_cheaply(self) -> bool:
        """Restart markers that fall on rows of blocks: any region costs milliseconds."""
        layout = self.layout
        interval, across = layout.restart_interval, layout.blocks_across
        return not layout.progressive and interval > 0 and (interval % across == 0 or across % interval == 0)

    @property
    def upright_size(self) -> tuple[int, int]:
        w, h = self.layout.width, self.layout.height
        return (h, w) if self.orientation in (5, 6, 7, 8) else (w, h)

    def luma(self, box: tuple[float, float, float, float], scale: float = 1.0) -> LumaRegion | None:
        """The luma of `box` (upright pixels of this JPEG, clipped to it) at the coarsest
        of libjpeg's scales (1, 1/2, 1/4, 1/8) that is at least `scale`; None when the box
        misses the picture or the data cannot be decoded there."""
        return self.read_luma(box, max(f for f in _REDUCED if 1 / f >= min(1.0, scale) - 1e-9))

    def read_luma(self, box: tuple[float, float, float, float], reduction: int = 1) -> LumaRegion | None:
        """The luma of `box` decoded at 1/`reduction` (1, 2, 4 or 8)."""
        if reduction not in _REDUCED:
            raise ValueError(f"reduction must be 1, 2, 4 or 8, not {reduction}")
        layout = self.layout
        x0, y0, x1, y1 = stored_box(box, self.orientation, layout.width, layout.height)
        x0, y0 = max(0, math.floor(x0)), max(0, math.floor(y0))
        x1, y1 = min(layout.width, math.ceil(x1)), min(layout.height, math.ceil(y1))
        if x1 <= x0 or y1 <= y0:
            return None
        rows = (y0 // layout.block_height, math.ceil(y1 / layout.block_height))
        cols = (x0 // layout.block_width, math.ceil(x1 / layout.block_width))
        if layout.progressive:
            cut, origin, how = self.data, (0, 0), "whole picture"
        else:
            cut, origin = _restart_cut(self.data, layout, rows, cols) or (None, None)
            how = "restart segments"
            if cut is None:
                cut, origin, how = _rows_above(self.data, layout, rows[1]), (0, 0), "rows above decoded"
        with native_stderr(_LIBJPEG_WARNINGS) as heard:
            decoded = cv2.imdecode(np.frombuffer(cut, np.uint8),
                                   _REDUCED[reduction] | cv2.IMREAD_IGNORE_ORIENTATION)
        # the rows-above cut leaves the rest of the stream unread: libjpeg says so, harmlessly
        trouble = [line for line in heard if "extraneous bytes" not in line]
        if decoded is None or trouble:
            return None
        ox, oy = origin
        top, left = (y0 - oy) // reduction, (x0 - ox) // reduction
        bottom, right = math.ceil((y1 - oy) / reduction), math.ceil((x1 - ox) / reduction)
        stored = decoded[top:bottom, left:right]
        if stored.size == 0:
            return None
        # the stored pixels actually covered, at full resolution, turned upright
        covered = (left * reduction + ox, top * reduction + oy,
                   min(layout.width, right * reduction + ox), min(layout.height, bottom * reduction + oy))
        ux0, uy0, ux1, uy1 = upright_box(covered, self.orientation, layout.width, layout.height)
        return LumaRegion(luma=upright(np.ascontiguousarray(stored), self.orientation),
                          box=(round(ux0), round(uy0), round(ux1 - ux0), round(uy1 - uy0)),
                          scale=1 / reduction, how=how)


def read_layout(data: bytes) -> Layout:
    """The header of a JPEG up to its first scan; ValueError when it is not one ShotKind
    can cut (lossless, arithmetic-coded, or no frame header)."""
    position, restart, frame = 2, 0, None
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise ValueError("not a JPEG marker where one should be")
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        length = int.from_bytes(data[position + 2:position + 4], "big")
        if marker == 0xDD:
            restart = int.from_bytes(data[position + 4:position + 6], "big")
        elif marker in (0xC0, 0xC1, 0xC2):
            height = int.from_bytes(data[position + 5:position + 7], "big")
            width = int.from_bytes(data[position + 7:position + 9], "big")
            count = data[position + 9]
            sampling = [data[position + 11 + 3 * i] for i in range(count)]
            frame = (position, width, height, 8 * max(s >> 4 for s in sampling),
                     8 * max(s & 15 for s in sampling), marker == 0xC2)
        elif 0xC3 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            raise ValueError("a lossless or arithmetic-coded JPEG")
        elif marker == 0xDA:
            if frame is None or not frame[1] or not frame[2]:
                raise ValueError("no frame size before the scan")
            sof_at, width, height, block_width, block_height, progressive = frame
            return Layout(width, height, block_width, block_height, restart, progressive,
                          sof_at, position + 2 + length)
        position += 2 + length
    raise ValueError("no scan in the JPEG")


def _restart_cut(data: bytes, layout: Layout, rows: tuple[int, int],
                 cols: tuple[int, int]) -> tuple[bytes, tuple[int, int]] | None:
    """A JPEG of just the restart segments covering MCU `rows` × `cols`, and where its
    top-left corner sits in the stored picture; None without markers aligned to rows."""
    interval, across, bw, bh = (layout.restart_interval, layout.blocks_across,
                                layout.block_width, layout.block_height)
    if interval == 0:
        return None
    if interval % across == 0:             # each segment is one or more whole rows
        rows_each = interval // across
        first, last = rows[0] // rows_each, math.ceil(rows[1] / rows_each)
        segments = list(range(first, last))
        x_block, y_block = 0, first * rows_each
        width = layout.width
        height = min(layout.height - y_block * bh, len(segments) * rows_each * bh)
    elif across % interval == 0:            # each row is several segments
        per_row = across // interval
        left, right = cols[0] // interval, math.ceil(cols[1] / interval)
        segments = [row * per_row + j for row in range(*rows) for j in range(left, right)]
        x_block, y_block = left * interval, rows[0]
        width = min(layout.width - x_block * bw, (right - left) * interval * bw)
        height = min(layout.height - y_block * bh, (rows[1] - rows[0]) * bh)
    else:
        return None
    total = math.ceil(across * layout.blocks_down / interval)
    markers = _restart_markers(data, layout.scan_at, min(segments[-1] + 1, total - 1))
    if markers is None:
        return None
    starts = [layout.scan_at] + [m + 2 for m in markers]
    ends = markers + [data.rfind(b"\xff\xd9") if segments[-1] == total - 1 else -1]
    if ends[segments[-1]] < starts[segments[-1]]:
        return None
    parts = [_patched_header(data, layout, width, height)]
    for n, segment in enumerate(segments):
        if n:
            parts.append(bytes((0xFF, 0xD0 + (n - 1) % 8)))
        parts.append(data[starts[segment]:ends[segment]])
    parts.append(b"\xff\xd9")
    return b"".join(parts), (x_block * bw, y_block * bh)


def _restart_markers(data: bytes, start: int, need: int) -> list[int] | None:
    """Offsets of the first `need` restart markers after `start`, scanning no further
    than that; None when the stream does not hold them in order (damaged data)."""
    found: list[int] = []
    view = np.frombuffer(data, np.uint8)
    position = start
    while len(found) < need and position < len(data) - 1:
        chunk = view[position:min(len(data), position + _SCAN_CHUNK + 1)]
        hits = np.flatnonzero(chunk[:-1] == 0xFF)
        following = chunk[hits + 1]
        found.extend((hits[(following & 0xF8) == 0xD0] + position).tolist())
        position += _SCAN_CHUNK
    found = found[:need]
    if len(found) < need or any(data[m + 1] != 0xD0 + n % 8 for n, m in enumerate(found)):
        return None
    return found


def _rows_above(data: bytes, layout: Layout, last_row: int) -> bytes:
    """The JPEG with its height cut to `last_row` rows of MCUs: libjpeg decodes those and
    stops, never touching what is below."""
    height = min(layout.height, last_row * layout.block_height)
    return _patched_header(data, layout, layout.width, height) + data[layout.scan_at:]


def _patched_header(data: bytes, layout: Layout, width: int, height: int) -> bytes:
    """Everything before the entropy-coded data, with the frame header's size replaced."""
    at = layout.sof_at
    return (data[:at + 5] + height.to_bytes(2, "big") + width.to_bytes(2, "big")
            + data[at + 9:layout.scan_at])
