"""Coverage while shooting: how many usable frames (eyes open, eyes sharp, a headshot:
verdict.Verdict.usable) the sitter in the chair has so far, so the photographer knows
when to move on.

Who is in the chair: the newest frame's sitter, when frames carry sitter numbers (the
headshot day's grouping); until then, every frame since the last long pause, which is
how a headshot day runs: one sitter's frames come seconds apart, and the next sitter
starts after standing up, sitting down and being posed and lit. LONG_PAUSE_SECONDS is
the pause after which a sitting has usually ended on such a day (two minutes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

LONG_PAUSE_SECONDS = 120.0


@dataclass(frozen=True)
class CoverageFrame:
    time: float | None           # when it was taken (seconds; a tethered file's time will do)
    usable: bool | None          # None: not analysed yet
    sitter: int | None = None    # the headshot day's sitter number, when known


@dataclass(frozen=True)
class Coverage:
    frames: int                  # frames of the current sitter (or since the long pause)
    usable: int
    waiting: int                 # not analysed yet
    since: float | None          # time of its first frame
    sitter: int | None = None


def current_sitting(frames: Sequence[CoverageFrame],
                    long_pause: float = LONG_PAUSE_SECONDS) -> Coverage:
    """Coverage of the sitter of the newest frame (`frames` in capture order, newest last)."""
    if not frames:
        return Coverage(0, 0, 0, None)
    newest = frames[-1]
    if newest.sitter is not None:
        sitting = [frame for frame in frames if frame.sitter == newest.sitter]
    else:
        start = len(frames) - 1
        while start > 0 and not _long_pause(frames[start - 1], frames[start], long_pause):
            start -= 1
        sitting = list(frames[start:])
    times = [frame.time for frame in sitting if frame.time is not None]
    return Coverage(frames=len(sitting), usable=sum(1 for f in sitting if f.usable),
                    waiting=sum(1 for f in sitting if f.usable is None),
                    since=min(times) if times else None, sitter=newest.sitter)


def _long_pause(earlier: CoverageFrame, later: CoverageFrame, long_pause: float) -> bool:
    if earlier.time is None or later.time is None:
        return False
    return later.time - earlier.time >= long_pause
