"""Counts in a photographer's words: "1 frame", "2 frames". One function, because a
tester found "1 sitters", "would mark 1 frames" and "exported 1 files" where each
message had made its own plural, or none."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and the noun, singular for one: counted(1, "frame") is "1 frame"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
