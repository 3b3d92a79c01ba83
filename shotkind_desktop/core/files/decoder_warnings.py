"""Hearing libjpeg say a JPEG is damaged, so a garbled frame is not scored as a fine one.

libjpeg decodes damaged entropy data to the end, filling what it lost with grey or
garbage, and says so only as a warning printed to stderr ("Corrupt JPEG data: premature
end of data segment", "Premature end of JPEG file"); OpenCV (like Pillow) passes no
warning back. So while a frame is decoded for analysis, the process's stderr is sent to
a temporary file and read afterwards: the damage warnings become the frame's error and
anything else printed meanwhile is passed on unchanged. Analysis decodes in worker
processes of one thread each; a lock keeps two threads from swapping stderr at once.
The same capture keeps the model runtime's start-up chatter off the terminal (core.judgement.models).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import warnings
from contextlib import AbstractContextManager, contextmanager
from typing import Iterator

DAMAGE_WARNINGS = ("Corrupt JPEG data", "Premature end of JPEG file",
                   "Invalid SOS parameters")
# Pillow's notes about a damaged metadata tag ("Tag data larger than file. Skipping tag")
# name no file and change nothing a photographer can act on: the tag is skipped.
warnings.filterwarnings("ignore", module=r"PIL\.TiffImagePlugin")
_stderr_lock = threading.RLock()   # re-entrant: a capture may hold an inner one


@contextmanager
def native_stderr(keep_back: tuple[str, ...]) -> Iterator[list[str]]:
    """What C code prints to the process's stderr while the block runs: lines starting
    with one of `keep_back` land in the list (filled when the block ends), every other
    line is passed on unchanged."""
    heard: list[str] = []
    with _stderr_lock, tempfile.TemporaryFile() as sink:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield heard
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text = sink.read().decode("utf-8", "replace")
            others = []
            for line in text.splitlines():
                (heard if line.startswith(keep_back) else others).append(line)
            if others:
                sys.stderr.write("\n".join(others) + "\n")


def damage_warnings() -> AbstractContextManager[list[str]]:
    """The damage warnings C decoders print while the block runs, in a list filled when
    the block ends."""
    return native_stderr(DAMAGE_WARNINGS)
