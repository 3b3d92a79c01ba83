"""Counts and names in a photographer's words: "1 frame", "2 frames", "IMG_0004.JPG,
IMG_0212.JPG and 3 more". One function each, because a tester found "1 sitters",
"would mark 1 frames" and "exported 1 files" where each message had made its own
plural, or none."""

from __future__ import annotations

NAMES_SHOWN = 3      # a message names this many and counts the rest: it must stay one line


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and the noun, singular for one: counted(1, "frame") is "1 frame"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def first_names(names: list[str], shown: int = NAMES_SHOWN) -> str:
    """The first `shown` names and how many more ("A, B, C and 4 more"); every name when
    only one more would be left over, since naming it takes no more room than counting it."""
    if len(names) <= shown + 1:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"
