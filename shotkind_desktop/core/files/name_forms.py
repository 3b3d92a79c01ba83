"""The same file name in another Unicode form: é as one character (NFC, what Linux and
Windows keep as typed) or as e and a combining accent (NFD, what a Mac's HFS+ disk and
some copy tools write). A shoot copied through such a disk comes back with names that
look the same and compare different, and whatever was kept by name (adjusted crops,
client rounds, sitter corrections) no longer finds its frame.
"""

from __future__ import annotations

import unicodedata
from typing import Iterable


def moved_forms(known: Iterable[str], present: Iterable[str]) -> dict[str, str]:
    """Old name -> name now: each name of `known` that is not `present` but is, in another
    Unicode form, exactly one present name that `known` does not hold already."""
    known, present = set(known), set(present)
    arrived: dict[str, list[str]] = {}
    for name in present - known:
        arrived.setdefault(unicodedata.normalize("NFC", name), []).append(name)
    gone: dict[str, list[str]] = {}
    for name in known - present:
        gone.setdefault(unicodedata.normalize("NFC", name), []).append(name)
    return {old[0]: new[0] for form, old in gone.items()
            if len(old) == 1 and len(new := arrived.get(form, [])) == 1}
