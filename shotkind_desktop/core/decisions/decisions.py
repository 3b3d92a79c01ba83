"""The photographer's decision on a frame: a pick or reject flag, 0-5 stars and a colour
label, as in Lightroom. A plain frozen record with small pure helpers, so the keys, the
undo history, the catalog and the XMP sidecars all pass the same value around.

A rejected frame keeps its stars: un-rejecting it brings them back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

LABELS = ("Red", "Yellow", "Green", "Blue", "Purple")   # Lightroom's label names (keys 6-9 use the first four)
PICK, UNFLAGGED, REJECT = 1, 0, -1
FLAGS = (PICK, UNFLAGGED, REJECT)
MAX_RATING = 5


@dataclass(frozen=True)
class Decision:
    flag: int = UNFLAGGED        # PICK / UNFLAGGED / REJECT
    rating: int = 0              # 0..5
    label: str | None = None     # one of LABELS or None

    def __post_init__(self):
        if self.flag not in FLAGS:
            raise ValueError(f"flag must be PICK (1), UNFLAGGED (0) or REJECT (-1), not {self.flag!r}")
        if isinstance(self.rating, bool) or not isinstance(self.rating, int) \
                or not 0 <= self.rating <= MAX_RATING:
            raise ValueError(f"rating must be a whole number of stars 0..5, not {self.rating!r}")
        if self.label is not None and self.label not in LABELS:
            raise ValueError(f"label must be one of {', '.join(LABELS)} or None, not {self.label!r}")

    @property
    def is_pick(self) -> bool:
        return self.flag == PICK

    @property
    def is_reject(self) -> bool:
        return self.flag == REJECT


def set_flag(decision: Decision, flag: int) -> Decision:
    """Pick (P), reject (X) or unflag (U)."""
    return replace(decision, flag=flag)


def toggle_flag(decision: Decision, flag: int) -> Decision:
    """The flag, or no flag when the frame already has it (Lightroom's backtick key)."""
    return replace(decision, flag=UNFLAGGED if decision.flag == flag else flag)


def set_rating(decision: Decision, stars: int) -> Decision:
    """0-5 stars (keys 0-5)."""
    return replace(decision, rating=stars)


def set_label(decision: Decision, label: str | None) -> Decision:
    return replace(decision, label=label)


def toggle_label(decision: Decision, label: str) -> Decision:
    """The label, or none when the frame already has it: pressing the same label key again
    clears it, as in Lightroom."""
    return replace(decision, label=None if decision.label == label else label)


def cleared(decision: Decision) -> Decision:
    """No flag, no stars, no label."""
    return Decision()
