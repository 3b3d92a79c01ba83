"""Writing a frame into a folder the ways tether software does, for the live-session
tests: in chunks, with the file held open between them; under a temporary name that is
renamed into place at the end (gphoto2's hooks, Capture One's downloads); or in place,
closed and opened again for each piece."""

from __future__ import annotations

import os
from pathlib import Path

CHUNK = 64 * 1024       # a photo of the shared set is 50-900 KB: several pieces each


def chunks(data: bytes, size: int = CHUNK) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)] or [b""]


def write_renamed(source: Path, target: Path, between=None) -> None:
    """`source`'s bytes to a hidden temporary name beside `target`, in chunks, then
    renamed into place. `between()` runs after each chunk but the last (a test looks)."""
    temporary = target.with_name(f".{target.name}.part")
    pieces = chunks(source.read_bytes())
    with open(temporary, "wb") as handle:
        for n, piece in enumerate(pieces):
            handle.write(piece)
            handle.flush()
            if between is not None and n < len(pieces) - 1:
                between()
    os.replace(temporary, target)


def write_in_place(source: Path, target: Path, between=None, reopen: bool = False) -> None:
    """`source`'s bytes to `target` itself in chunks: held open throughout, or closed and
    opened again for each chunk (`reopen`)."""
    pieces = chunks(source.read_bytes())
    if reopen:
        for n, piece in enumerate(pieces):
            with open(target, "ab") as handle:
                handle.write(piece)
            if between is not None and n < len(pieces) - 1:
                between()
        return
    with open(target, "wb") as handle:
        for n, piece in enumerate(pieces):
            handle.write(piece)
            handle.flush()
            if between is not None and n < len(pieces) - 1:
                between()
