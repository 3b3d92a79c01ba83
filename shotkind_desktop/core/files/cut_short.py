"""Whether a picture file is whole: a failed card copy leaves a file cut short.

A JPEG cut short still decodes (libjpeg fills the rest with grey), and so does a RAW: its
embedded preview sits near the start, so a tester's DNG cut at 300 of 411 kB culled as a
normal frame and only the export's demosaic found out. So the file's own structure is
read, not the decoder's luck: a JPEG must reach its end-of-image marker, a TIFF-based RAW
(DNG, CR2, NEF, ARW, ORF, RW2, PEF…) every strip and tile its directories point to, a
CR3 its last box, a RAF the blocks its header names. Bytes that are none of these are
"not a readable RAW file", never blamed on the camera.
"""

from __future__ import annotations

import struct
from pathlib import Path

from shotkind_desktop.core.files import filetypes

CUT_SHORT_ADVICE = "copy it again from the card"
NOT_A_RAW = ("not a readable RAW file: its bytes are not those of any RAW format "
             "(a damaged file, or another kind of file with a RAW name)")
_TIFF_MAGIC = {42, 0x4F52, 0x5352, 0x55}      # TIFF/DNG/CR2/NEF…, Olympus ORF (2), Panasonic RW2
_POINTER_PAIRS = ((273, 279), (324, 325), (513, 514))   # strips, tiles, a JPEG preview
_SUB_IFDS = 330
_TYPE_SIZES = {3: 2, 4: 4, 13: 4, 16: 8}
_MAX_DIRECTORIES = 64


def has_end_of_image(data: bytes) -> bool:
    """True when an end-of-image marker follows the first scan.

    libjpeg silently fills a truncated file with grey, so we check ourselves. Inside
    entropy-coded data 0xFF is always stuffed, so an FF D9 after the first start-of-scan
    is the real end marker (bytes appended after it, as in phone motion photos, are fine).
    """
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return False
        marker = data[position + 1]
        if marker == 0xFF:          # fill byte
            position += 1
            continue
        if marker == 0xDA:          # start of scan
            # from the end: the marker is there in a whole file (a forward search
            # would read all the entropy-coded data first: 7 ms of a 24 MP frame)
            return data.rfind(b"\xff\xd9", position) != -1
        length = int.from_bytes(data[position + 2:position + 4], "big")
        position += 2 + length
    return False


def looks_like_raw(data: bytes) -> bool:
    """Whether the bytes begin as a RAW container does (TIFF-based, CR3, RAF, CRW, X3F, MRW)."""
    return (_tiff_order(data) is not None or data[4:12] == b"ftypcrx " or data.startswith(b"FUJIFILMCCD-RAW")
            or data[6:14] == b"HEAPCCDR" or data.startswith((b"FOVb", b"\x00MRM", b"IIII")))


def raw_cut_short(data: bytes) -> str | None:
    """Why a RAW file's bytes stop before its own structure says they do, in words, or None
    (whole, or a container this module does not read)."""
    needed = _tiff_needs(data) or _bmff_needs(data) or _raf_needs(data)
    if needed is None or needed <= len(data):
        return None
    return (f"truncated RAW file: the file ends before its image data does ({len(data):,} of at "
            f"least {needed:,} bytes: a copy that did not finish?); {CUT_SHORT_ADVICE}")


def picture_damage(path: Path, data: bytes) -> str | None:
    """Why a picture file is known to be damaged, in words, or None: a RAW (by its
    extension) cut short or whose bytes are no RAW's, a JPEG (by its bytes) cut short."""
    if filetypes.is_raw(Path(path)):
        return raw_cut_short(data) if looks_like_raw(data) else NOT_A_RAW
    if data.startswith(b"\xff\xd8\xff") and not has_end_of_image(data):
        return f"truncated JPEG: the file ends before the image data does; {CUT_SHORT_ADVICE}"
    return None


def _tiff_order(data: bytes) -> str | None:
    if data[:2] not in (b"II", b"MM") or len(data) < 8:
        return None
    order = "<" if data[:2] == b"II" else ">"
    return order if struct.unpack(order + "H", data[2:4])[0] in _TIFF_MAGIC else None


def _tiff_needs(data: bytes) -> int | None:
    """The bytes a TIFF-based RAW's directories point into, or None when it is no TIFF."""
    order = _tiff_order(data)
    if order is None:
        return None
    needed = 8
    queue, seen = [struct.unpack(order + "I", data[4:8])[0]], set()
    while queue and len(seen) < _MAX_DIRECTORIES:
        offset = queue.pop(0)
        if offset == 0 or offset in seen:
            continue
        seen.add(offset)
        if offset + 2 > len(data):
            return max(needed, offset + 2)
        count = struct.unpack(order + "H", data[offset:offset + 2])[0]
        end = offset + 2 + 12 * count + 4
        if end > len(data):
            return max(needed, end)
        values: dict[int, list[int]] = {}
        for entry in range(offset + 2, offset + 2 + 12 * count, 12):
            tag, kind, number = struct.unpack(order + "HHI", data[entry:entry + 8])
            size = _TYPE_SIZES.get(kind)
            if size is None or number == 0 or number > 1 << 20:
                continue
            place = entry + 8 if size * number <= 4 else struct.unpack(order + "I", data[entry + 8:entry + 12])[0]
            if place + size * number > len(data):
                needed = max(needed, place + size * number)
                continue
            code = {2: "H", 4: "I", 8: "Q"}[size]
            values[tag] = list(struct.unpack(f"{order}{number}{code}", data[place:place + size * number]))
        for starts, lengths in _POINTER_PAIRS:
            for start, length in zip(values.get(starts, ()), values.get(lengths, ())):
                needed = max(needed, start + length)
        queue += values.get(_SUB_IFDS, [])
        queue.append(struct.unpack(order + "I", data[end - 4:end])[0])
    return needed


def _bmff_needs(data: bytes) -> int | None:
    """Where a CR3's (ISO BMFF) last top-level box ends, or None when it is no CR3."""
    if data[4:12] != b"ftypcrx ":
        return None
    position = 0
    while position + 8 <= len(data):
        size = struct.unpack(">I", data[position:position + 4])[0]
        if size == 1 and position + 16 <= len(data):
            size = struct.unpack(">Q", data[position + 8:position + 16])[0]
        if size == 0:              # "to the end of the file"
            return len(data)
        if size < 8:
            return None            # not a box: leave it to LibRaw
        position += size
    return position


def _raf_needs(data: bytes) -> int | None:
    """Where the blocks a RAF's header names end, or None when it is no RAF."""
    if not data.startswith(b"FUJIFILMCCD-RAW") or len(data) < 108:
        return None
    return max(start + length for start, length in
               (struct.unpack(">II", data[place:place + 8]) for place in (84, 92, 100)))
