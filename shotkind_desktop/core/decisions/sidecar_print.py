"""What a frame's sidecars hold, in a few bytes: how ShotKind knows another application
changed them.

A file's modification time cannot say it: `exiftool -P` changes a sidecar and keeps its
time, and a sidecar on a file server carries the server's clock, not this machine's. So
after each write ShotKind keeps a digest of the frame's sidecars' contents in the
catalog; a sidecar whose digest differs was changed by someone else, whatever its time.
The digest without some sidecars says whether they are all that changed: sidecars
another program made beside ShotKind's since its last write (decision_keeper).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from pathlib import Path

from shotkind_desktop.core.files.pairing import FrameFiles, on_disk
from shotkind_desktop.core.decisions.xmp_tree import read_sidecar_bytes


def sidecar_print(frame: FrameFiles, leaving_out: Collection[Path] = ()) -> str:
    """A digest of the names and contents of the frame's own sidecars that exist ("" when
    there are none; an unreadable one counts by name only), but those `leaving_out`."""
    digest = hashlib.blake2b(digest_size=12)
    found = False
    for path in dict.fromkeys(p for p in map(on_disk, frame.sidecars()) if p is not None and p not in leaving_out):
        found = True
        digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(read_sidecar_bytes(path))
        except OSError:
            digest.update(b"\0unreadable")
        digest.update(b"\0")
    return digest.hexdigest() if found else ""
