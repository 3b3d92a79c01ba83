"""Mutation fuzzing of the EXIF reader and the decoders, run as its own process by
test_fuzz.py (so a hang can be killed and memory capped with RLIMIT_AS).

usage: fuzz_mangle.py SEED SECONDS WORKDIR SAMPLE...

Mangles the real samples (bit flips, truncation, corrupted segment lengths and TIFF
fields, duplicated segments, impossible frame sizes), seeded, until SECONDS have passed,
and feeds each to read_capture_info, decode_for_analysis, decode_preview and
embedded_thumbnail. Prints
"case N DESCRIPTION" before each case (the parent names a case that hangs or kills the
process) and "fail N FUNCTION ERROR" for anything but a result or a FrameError; ends with
"done N".
"""

from __future__ import annotations

import random
import resource
import sys
import time
import traceback
from pathlib import Path

MEMORY_LIMIT = 2 * 1024 ** 3     # address space: imports take ~0.5 GB, the largest honest decode ~0.4 GB


def segments(data: bytes) -> list[tuple[int, int]]:
    """(offset, total length) of the JPEG marker segments before the first scan."""
    found, position = [], 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        length = int.from_bytes(data[position + 2:position + 4], "big")
        found.append((position, 2 + length))
        if marker == 0xDA:
            break
        position += 2 + length
    return found


def tiff_start(data: bytes) -> int | None:
    """Where the TIFF structure starts: 0 for TIFF/DNG, inside APP1 for a JPEG's EXIF."""
    for signature in (b"II*\x00", b"MM\x00*"):
        index = data.find(signature, 0, 256 * 1024)
        if index != -1:
            return index
    return None


def ifd_entries(data: bytes, start: int) -> list[int]:
    """Offsets of the 12-byte entries of IFD0."""
    little = data[start:start + 2] == b"II"
    order = "little" if little else "big"
    ifd = start + int.from_bytes(data[start + 4:start + 8], order)
    if ifd + 2 > len(data):
        return []
    count = int.from_bytes(data[ifd:ifd + 2], order)
    return [ifd + 2 + 12 * i for i in range(min(count, 200)) if ifd + 14 + 12 * i <= len(data)]


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One mutation of `data`, and what it was."""
    data = bytearray(data)
    head = min(len(data), 64 * 1024)      # headers and EXIF live here
    kind = rng.choice(["flip", "flip", "truncate", "length", "duplicate", "tiff", "size", "splice"])
    if kind == "flip":
        flips = rng.randint(1, 16)
        for _ in range(flips):
            at = rng.randrange(head if rng.random() < 0.8 else len(data))
            data[at] ^= 1 << rng.randrange(8)
        return bytes(data), f"flip {flips} bits"
    if kind == "truncate":
        cut = rng.randrange(1, head if rng.random() < 0.7 else len(data))
        return bytes(data[:cut]), f"truncate at {cut}"
    found = segments(data)
    if kind == "length" and found:
        offset, _ = rng.choice(found)
        value = rng.choice([0, 1, 2, 3, 0xFFFF, rng.randrange(0x10000)])
        data[offset + 2:offset + 4] = value.to_bytes(2, "big")
        return bytes(data), f"segment at {offset} length {value}"
    if kind == "duplicate" and found:
        offset, length = rng.choice(found[:-1] or found)
        times = rng.choice([2, 3, 50])
        data[offset:offset] = data[offset:offset + length] * (times - 1)
        return bytes(data), f"segment at {offset} x{times}"
    start = tiff_start(data)
    if kind == "tiff" and start is not None:
        entries = ifd_entries(data, start)
        if entries:
            entry = rng.choice(entries)
            field = rng.choice([(2, 2), (4, 4), (8, 4)])     # type, count, value/offset
            value = rng.choice([0, 0xFFFFFFFF, 0x7FFFFFFF, rng.randrange(1 << 32), entry - start])
            data[entry + field[0]:entry + field[0] + field[1]] = value.to_bytes(4, "big")[-field[1]:]
            return bytes(data), f"IFD entry at {entry} field {field[0]} = {value:#x}"
        data[start + 4:start + 8] = rng.randrange(1 << 32).to_bytes(4, "big")
        return bytes(data), "IFD0 offset"
    if kind == "size":
        for offset, _ in found:
            if data[offset + 1] in (0xC0, 0xC1, 0xC2):
                width, height = rng.choice([(0, 0), (65535, 65535), (1, 65535), (65500, 1)])
                data[offset + 5:offset + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
                return bytes(data), f"frame size {width}x{height}"
    start = rng.randrange(head)
    chunk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    data[start:start + len(chunk)] = chunk
    return bytes(data), f"splice {len(chunk)} random bytes at {start}"


def main(seed: int, seconds: float, workdir: Path, samples: list[Path]) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    import cv2
    cv2.setNumThreads(1)
    from shotkind_desktop.core.files.capture import read_capture_info
    from shotkind_desktop.core.files.decode import FrameError, decode_for_analysis
    from shotkind_desktop.core.files.previews import decode_preview, embedded_thumbnail

    originals = [(path.suffix, path.read_bytes()) for path in samples]
    rng = random.Random(seed)
    calls = (("read_capture_info", lambda data, path: read_capture_info(data)),
             ("decode_for_analysis", lambda data, path: decode_for_analysis(path)),
             ("decode_preview", lambda data, path: decode_preview(path, 256)),
             ("embedded_thumbnail", lambda data, path: embedded_thumbnail(path)))
    deadline, case = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        case += 1
        suffix, data = rng.choice(originals)
        described = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            data, description = mutate(data, rng)
            described.append(description)
        print(f"case {case} {suffix} {'; '.join(described)}", flush=True)
        path = workdir / f"case{suffix}"
        path.write_bytes(data)
        for name, call in calls:
            try:
                call(data, path)
            except FrameError:
                pass
            except BaseException as error:   # MemoryError under the cap counts too
                detail = "".join(traceback.format_exception_only(type(error), error)).strip()
                where = traceback.extract_tb(error.__traceback__)[-1]
                kept = workdir / f"fail-{case}{suffix}"
                kept.write_bytes(data)
                print(f"fail {case} {name} {detail} at {Path(where.filename).name}:{where.lineno} "
                      f"(bytes kept in {kept})", flush=True)
    print(f"done {case}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3]), [Path(p) for p in sys.argv[4:]])
