"""Coverage while shooting: how many usable frames (eyes open, eyes sharp, a headshot, not overexposed:
verdict.Verdict.usable) the sitter in the chair has so far, so the photographer knows
when to move on.

Who is in the chair: the newest frame's sitter as the window's sitters have it (grouped
over the whole shoot off the GUI thread, named from the roster) once they include it;
until then (it arrived a moment ago) as core.people.sitters groups the last SITTER_LOOK_BACK
frames (the time between frames and how the person looks, with the photographer's
corrections): a sitting is two to ten minutes of frames seconds apart, so the sitter's
first frame is among them and grouping stays cheap enough to run after every frame
(grouping a whole 1,000-frame day took 0.2 s). When the records carry no appearance (no
face in any of them), every frame since the last pause of LONG_PAUSE_SECONDS counts
instead: the pause after which, on a headshot day, a sitting has usually ended
(core.people.sitters.PAUSE_SECONDS).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.people.sitters import PAUSE_SECONDS, Sitter, SitterEdits, group_sitters, sitter_frames
from shotkind_desktop.core.judgement.verdict import verdict

LONG_PAUSE_SECONDS = PAUSE_SECONDS
SITTER_LOOK_BACK = 120     # a long sitting: ten minutes at a frame every five seconds


@dataclass(frozen=True)
class CoverageFrame:
    name: str
    time: float | None           # when it was taken (seconds; a tethered file's time will do)
    result: FrameResult | None   # None: not analysed yet


@dataclass(frozen=True)
class Coverage:
    frames: int                  # frames of the current sitter (or since the long pause)
    usable: int
    waiting: int                 # not analysed yet
    since: float | None          # time of its first frame
    by_sitter: bool = False      # grouped by sitter (else by the last long pause)
    sitter: str | None = None    # the sitter's name or number, when the window's sitters have them


def current_sitting(frames: Sequence[CoverageFrame], edits: SitterEdits = SitterEdits(),
                    known: Sequence[Sitter] = (), long_pause: float = LONG_PAUSE_SECONDS) -> Coverage:
    """Coverage of the sitter of the newest frame (`frames` in capture order, newest last);
    `known`: the shoot's sitters as grouped so far."""
    if not frames:
        return Coverage(0, 0, 0, None)
    newest = frames[-1].name
    sitter = next((sitter for sitter in known if newest in sitter.frames), None)
    tail = list(frames[-SITTER_LOOK_BACK:])
    records = [frame.result or FrameResult(file=frame.name) for frame in tail]
    if sitter is not None:
        members = set(sitter.frames)
        sitting, by_sitter = [frame for frame in frames if frame.name in members], True
    elif any((record.measures or {}).get("appearance") for record in records):
        members = set(group_sitters(sitter_frames(records), edits)[-1].frames)
        sitting, by_sitter = [frame for frame in tail if frame.name in members], True
    else:
        start = len(tail) - 1
        while start > 0 and not _long_pause(tail[start - 1], tail[start], long_pause):
            start -= 1
        sitting, by_sitter = tail[start:], False
    usable = [None if frame.result is None else verdict(frame.result).usable for frame in sitting]
    times = [frame.time for frame in sitting if frame.time is not None]
    return Coverage(frames=len(sitting), usable=usable.count(True), waiting=usable.count(None),
                    since=min(times) if times else None, by_sitter=by_sitter,
                    sitter=sitter.label if sitter is not None else None)


def _long_pause(earlier: CoverageFrame, later: CoverageFrame, long_pause: float) -> bool:
    if earlier.time is None or later.time is None:
        return False
    return later.time - earlier.time >= long_pause
