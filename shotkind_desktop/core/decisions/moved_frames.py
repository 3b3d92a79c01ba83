"""Frames that took another name while ShotKind was closed: what the catalog keeps under
the old name (decision, adjusted crops, client choices, sitter corrections) follows them.

Three moves are told apart without doubt, and only these are followed:
- the same name in another Unicode form (core.files.name_forms: a copy through a Mac disk);
- a RAW whose JPEG arrived while ShotKind was closed: the pair is named by its JPEG;
- a file renamed with nothing else changed (`mv`, a tether program's naming): a name
  the catalog knows is gone, and exactly one new name holds a file of the same size
  and modification time, and the same capture time in its EXIF.
A tester's pick and 5 stars were lost on a `mv`; a crop adjusted on a RAW stayed under
the RAW's name once its JPEG had landed. (The sidecar, when moved with the file, brought
the stars back, but nothing else.)
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Callable, Mapping

from shotkind_desktop.core.files.name_forms import moved_forms

if TYPE_CHECKING:
    from shotkind_desktop.core.decisions.catalog import FileIdentity


def moved_frames(kept: Mapping[str, FileIdentity | None], present: Mapping[str, FileIdentity | None],
                 files: Mapping[str, tuple[str, ...]],
                 same_picture: Callable[[str, str], bool] = lambda old, new: True) -> dict[str, str]:
    """Old name -> name now. `kept`: the names the catalog keeps rows under, with the
    identity their analysis was cached for (None: not known); `present`: the shoot's
    frame names with their picture file's identity now; `files`: frame name -> the
    names of all its files (a pair's RAW among them); `same_picture(old, new)` confirms
    a match by identity (a card keeps times to 2 s or 10 ms, and a fixed-size RAW or
    TIFF of another picture can share both: a review put a trashed reject on a second
    camera's frame that way)."""
    gone = {name: identity for name, identity in kept.items() if name not in present}
    moves = moved_forms(gone, [name for name in present if name not in kept])
    for frame, names in files.items():
        for name in names:
            if name != frame and name in gone and name not in moves:
                moves[name] = frame                    # a RAW joined by its JPEG
    arrived = {name: identity for name, identity in present.items()
               if name not in kept and name not in moves.values() and identity is not None}
    counts = Counter(arrived.values())
    by_identity = {identity: name for name, identity in arrived.items() if counts[identity] == 1}
    left = Counter(identity for name, identity in gone.items() if name not in moves and identity is not None)
    for name, identity in gone.items():
        if name not in moves and identity is not None and left[identity] == 1 and identity in by_identity \
                and same_picture(name, by_identity[identity]):
            moves[name] = by_identity[identity]
    return moves
