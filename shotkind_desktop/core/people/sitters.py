"""Sitters: the shoot grouped by the person in front of the camera.

On a corporate headshot day people sit one after another before the same backdrop and
light: a sitting lasts two to ten minutes with frames seconds apart, and the next sitter
starts a minute or more later (one stands up, the next sits down, is posed and lit). So
a new sitter is where two things agree: the time between frames is long enough for a
change of sitter, and the person looks different (measures.appearance: clothes, hair,
skin, the face's shape), more so the shorter the pause. A frame and the two taken right
after it are compared with the sitter so far (the medians of their looks), not one frame
with the one before: one odd frame (a hand in the hair, a turned head) does not split a
sitting, and a new sitter's first frames count together. Frames without a face (a test
shot of the backdrop, a grey card) go with the nearer frame in time.

The photographer corrects what this gets wrong with three gestures (SitterEdits): split
at a frame, merge a sitter with the previous one, rename. They are kept by frame name,
so they survive analysing the shoot again. Plain Python, no image library: the window,
the CLI and the export all group the same way from the stored records.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Mapping, Sequence

from shotkind_desktop.core.files.capture import capture_order_key
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.people.roster import Roster, RosterRow

# ---- how a headshot day runs: the one place for these numbers -----------------------
# How much each appearance number moves within one sitting (the standard deviation over
# frames of one person: crops moved, exposure changed by up to ±0.4 stop, on the shared
# headshots, per measures.appearance field and component). Differences are counted in
# these units, so every field weighs the same; floors keep real sittings' turns and
# expressions, which move colours more than the measured crops did, from counting as a
# new person.
SPREAD = {
    "shape": (0.016, 0.012, 0.011, 0.006, 0.006, 0.005, 0.010, 0.008),
    "skin": (None, 3.0, 3.0),            # a*, b* (L* moves with exposure: not compared)
    "clothes": (5.0, 3.0, 3.0),          # L* relative to the skin, a*, b*
    "hair": (5.0, 3.0, 3.0),
    "head_width": (0.03,),
    "hair_height": (0.03,),
}
# The face's shape counts as much as three of the others: clothes, hair and skin can be
# alike from one sitter to the next (a company's dress code, one light on everyone), the
# face's proportions rarely are, and they alone do not move with the light. With it
# weighed so, 95% of pairs of one sitter's frames differ by under 1.7 and 95% of pairs of
# different people by over 2.6 on the shared photos facing the camera (benchmarks/sitters.py).
WEIGHT = {"shape": 3.0}
# How different (in SPREAD units, see `difference`) a frame and those right after it must
# look from the sitter so far to start a new sitter, by the pause before it; WEIGHT gives
# the figures these sit between. Under CHANGE_SECONDS no sitter can have changed (stand
# up, sit down, pose: half a minute at the quickest), so only a very different look
# counts (someone else stepped in); from there a clear change; after PAUSE_SECONDS a
# sitting has usually ended, so a smaller change is enough; after NEW_SITTING_SECONDS
# (longer than any pause within one sitting) a new sitter starts whatever they look
# like. Without capture times, only the look decides. On days made of the shared photos
# (benchmarks/sitters.py) these miss no sitter and split no sitting when the frames have
# capture times, and split about 5 sittings in 100 when they have none.
CHANGE_SECONDS, PAUSE_SECONDS, NEW_SITTING_SECONDS = 20.0, 120.0, 15 * 60.0
LOOK_AFTER_QUICK, LOOK_AFTER_CHANGE, LOOK_AFTER_PAUSE = 4.0, 2.2, 1.6
MEMORY = 5                  # the sitter so far: the median of their last frames
FOLLOWING = 2               # a new sitter is judged on the frame and this many after it


@dataclass(frozen=True)
class SitterFrame:
    """What grouping needs of a frame."""

    name: str
    time: float | None = None            # capture time, seconds since the epoch
    appearance: Mapping | None = None    # measures["appearance"]; None without a face


@dataclass(frozen=True)
class SitterEdits:
    """The photographer's corrections, by frame name."""

    starts: frozenset[str] = frozenset()     # a sitter starts at this frame (split)
    joined: frozenset[str] = frozenset()     # no sitter starts at this frame (merged)
    names: Mapping[str, str] = field(default_factory=dict)   # first frame -> name typed


@dataclass(frozen=True)
class Sitter:
    number: int                      # 1, 2, ... in shoot order
    frames: tuple[str, ...]          # frame names in capture order
    name: str | None = None          # typed, else the roster's, else None
    row: RosterRow | None = None     # the roster row matched to this sitter

    @property
    def label(self) -> str:
        """What the photographer reads: the name, else "Sitter 3"."""
        return self.name or f"Sitter {self.number}"

    @property
    def first(self) -> str:
        return self.frames[0]


def sitter_frames(results: Sequence[FrameResult]) -> list[SitterFrame]:
    """Analysis records (in capture order) as grouping's input."""
    return [SitterFrame(r.file, _seconds(r.captured), (r.measures or {}).get("appearance"))
            for r in results]


def group_sitters(frames: Sequence[SitterFrame], edits: SitterEdits = SitterEdits(),
                  roster: Roster | None = None) -> list[Sitter]:
    """The sitters of frames in capture order, with the photographer's edits and the
    roster's names (rows in order to the sitters without a typed name; a typed name that
    is a roster name takes that row)."""
    if not frames:
        return []
    starts = set(found_starts(frames))
    starts |= {i for i, f in enumerate(frames) if f.name in edits.starts}
    starts -= {i for i, f in enumerate(frames) if f.name in edits.joined and i > 0}
    starts.add(0)
    bounds = sorted(starts) + [len(frames)]
    groups = [tuple(f.name for f in frames[a:b]) for a, b in zip(bounds, bounds[1:])]
    return _named(groups, edits, roster)


def found_starts(frames: Sequence[SitterFrame]) -> list[int]:
    """Indices of the frames where a new sitter starts, from times and looks alone."""
    faces = [i for i, f in enumerate(frames) if f.appearance]
    starts = [0] if frames else []
    if not faces:
        return starts
    face_starts = [faces[0]]
    sitter = [frames[faces[0]].appearance]
    for k, i in enumerate(faces[1:], 1):
        frame, before = frames[i], frames[faces[k - 1]]
        limit = _look_limit(_pause(before, frame))
        new = limit == 0.0
        if not new:
            # this frame and the few taken right after it, against the sitter so far: one
            # odd frame among them does not move their median; and this frame must look
            # more like them than like the sitter (not the sitter's last frame before
            # someone else sits down)
            coming = [frame.appearance] + _following(frames, faces, k)
            new = (difference(sitter, coming) > limit
                   and difference(coming, [frame.appearance]) < difference(sitter, [frame.appearance]))
        if new:
            face_starts.append(i)
            sitter = []
        sitter = (sitter + [frame.appearance])[-MEMORY:]
    # frames without a face go with the nearer face frame in time (the earlier on a tie)
    owner = {}
    for i, frame in enumerate(frames):
        if frame.appearance:
            owner[i] = i
            continue
        before = max((j for j in faces if j < i), default=None)
        after = min((j for j in faces if j > i), default=None)
        if before is None or (after is not None and _pause_or_never(frame, frames[after])
                              < _pause_or_never(frames[before], frame)):
            owner[i] = after
        else:
            owner[i] = before
    first_of = {}
    for i in range(len(frames)):
        first_of.setdefault(owner[i], i)
    return sorted({0} | {first_of[j] for j in face_starts if j in first_of})


def _following(frames: Sequence[SitterFrame], faces: list[int], k: int) -> list[Mapping]:
    """The looks of up to FOLLOWING face frames after faces[k], each taken within
    CHANGE_SECONDS of the one before (after a longer pause someone else may sit)."""
    found = []
    for j in range(k + 1, min(len(faces), k + 1 + FOLLOWING)):
        pause = _pause(frames[faces[j - 1]], frames[faces[j]])
        if pause is not None and pause >= CHANGE_SECONDS:
            break
        found.append(frames[faces[j]].appearance)
    return found


def difference(one: Sequence[Mapping], other: Sequence[Mapping]) -> float:
    """How different two groups of frames look: the distance between their medians, per
    appearance field in SPREAD units, the root mean square over the fields both have,
    weighed by WEIGHT (0.0 when none). It is scaled by how much such medians vary within
    one sitting, so a limit means the same for one frame against one and for a sitter's
    five frames against three (a median of n frames varies about π/2n as much as one
    frame, a mean of two half as much)."""
    squares, weights = [], []
    for key, spread in SPREAD.items():
        groups = [[c for c in (_components(a.get(key)) for a in group) if c is not None]
                  for group in (one, other)]
        if not all(groups) or any(len(c) != len(spread) for group in groups for c in group):
            continue
        first, second = ([statistics.median(values) for values in zip(*group)] for group in groups)
        noise = sum(_median_noise(len(group)) for group in groups)
        terms = [((a - b) / s) ** 2 for a, b, s in zip(first, second, spread) if s]
        weight = WEIGHT.get(key, 1.0)
        squares.append(weight * sum(terms) / len(terms) / noise)
        weights.append(weight)
    return math.sqrt(sum(squares) / sum(weights)) if squares else 0.0


def _median_noise(count: int) -> float:
    """The variance of the median of `count` frames, in units of one frame's."""
    return 1.0 / count if count <= 2 else math.pi / (2 * count)


def _components(value) -> list[float] | None:
    if value is None:
        return None
    return [float(v) for v in value] if isinstance(value, (list, tuple)) else [float(value)]


def _look_limit(pause: float | None) -> float:
    """How different a frame must look to start a sitter after this pause; 0.0: always."""
    if pause is None:
        return LOOK_AFTER_CHANGE
    if pause >= NEW_SITTING_SECONDS:
        return 0.0
    if pause < CHANGE_SECONDS:
        return LOOK_AFTER_QUICK
    return LOOK_AFTER_PAUSE if pause >= PAUSE_SECONDS else LOOK_AFTER_CHANGE


def _pause(earlier: SitterFrame, later: SitterFrame) -> float | None:
    if earlier.time is None or later.time is None:
        return None
    return abs(later.time - earlier.time)


def _pause_or_never(earlier: SitterFrame, later: SitterFrame) -> float:
    pause = _pause(earlier, later)
    return math.inf if pause is None else pause


def _seconds(captured: str | None) -> float | None:
    if not captured:
        return None
    try:
        seconds = capture_order_key(datetime.fromisoformat(captured))
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) else None


def _named(groups: list[tuple[str, ...]], edits: SitterEdits, roster: Roster | None) -> list[Sitter]:
    rows = list(roster.rows) if roster else []
    typed = {i: edits.names[g[0]] for i, g in enumerate(groups) if edits.names.get(g[0], "").strip()}
    claimed = {i: roster.find(name) for i, name in typed.items()} if roster else {}
    free = iter(row for row in rows if all(row is not taken for taken in claimed.values()))
    sitters = []
    for i, group in enumerate(groups):
        row = claimed.get(i) if i in typed else next(free, None)
        name = typed.get(i) or (row.name if row else None)
        sitters.append(Sitter(i + 1, group, name, row))
    return sitters


# ---- the photographer's corrections ---------------------------------------------------

def sitter_of(sitters: Sequence[Sitter], frame: str) -> Sitter | None:
    return next((s for s in sitters if frame in s.frames), None)


def split_at(edits: SitterEdits, frame: str) -> SitterEdits:
    """A new sitter starts at `frame` (it and the frames after it in its sitter)."""
    return replace(edits, starts=edits.starts | {frame}, joined=edits.joined - {frame})


def merge_with_previous(edits: SitterEdits, sitters: Sequence[Sitter], frame: str) -> SitterEdits:
    """The sitter holding `frame` becomes part of the one before it (which keeps its
    name); unchanged for the first sitter."""
    sitter = sitter_of(sitters, frame)
    if sitter is None or sitter.number == 1:
        return edits
    names = {k: v for k, v in edits.names.items() if k != sitter.first}
    return SitterEdits(edits.starts - {sitter.first}, edits.joined | {sitter.first}, names)


def rename(edits: SitterEdits, sitters: Sequence[Sitter], frame: str, name: str,
           shown: Sequence[str] | None = None) -> SitterEdits:
    """The sitter holding `frame` is called `name` ("" clears it: back to the roster's).
    Naming a sitter also keeps where it starts, so analysing again cannot move the name
    to someone else. The same name lost with its frame (lost_names: `shown` are the
    shoot's frames, the sitters' when not given) is then found again, however cased."""
    sitter = sitter_of(sitters, frame)
    if sitter is None:
        return edits
    names = dict(edits.names)
    if name.strip():
        name = " ".join(name.split())
        frames = shown if shown is not None else [f for s in sitters for f in s.frames]
        for gone in lost_names(edits, frames):
            if names[gone].casefold() == name.casefold():
                del names[gone]
        names[sitter.first] = name
    else:
        names.pop(sitter.first, None)
    starts = edits.starts | {sitter.first} if sitter.number > 1 else edits.starts
    return SitterEdits(starts, edits.joined - {sitter.first}, names)


def lost_names(edits: SitterEdits, frames: Sequence[str]) -> dict[str, str]:
    """Names typed on a frame no longer in the shoot (frame -> name): a name is kept on
    its sitter's first frame, and when that frame goes (trashed as a reject, deleted)
    the name has no sitter. The roster's rows, given in order to the sitters without a
    typed name, would then shift onto the wrong people: a tester's walk-in sitter was
    delivered under the next roster name, and everyone after under the wrong one."""
    present = set(frames)
    return {frame: name for frame, name in edits.names.items() if frame not in present}


def lost_names_problem(lost: Mapping[str, str]) -> str:
    """What to do about lost names, in a photographer's words ("" when there are none)."""
    if not lost:
        return ""
    said = ", ".join(f"{name} (named on {frame})" for frame, name in sorted(lost.items()))
    return (f"a sitter's name lost its frame: {said} is no longer in the shoot. Name "
            f"that sitter again (Sitters panel, F2) before delivering by person")


def people(sitters: Sequence[Sitter]) -> dict[str, str | None]:
    """Frame name -> the person shown (the sitter's name; None when not named)."""
    return {frame: sitter.name for sitter in sitters for frame in sitter.frames}
