"""Similar-frame groups: consecutive frames of one pose, which a photographer culls as one
choice ("which of these six?") rather than six.

A headshot session is a few hundred frames of one person in a few dozen poses. Within a
pose the photographer shoots single frames in the rhythm of the conversation, one every
second or three, or a burst at 3-10 frames a second, waiting for the expression; between
poses the sitter is directed, moves, and the light or the framing changes. So a frame
joins the group of the frame before it when both hold:

- **Close in time**: taken at most `gap` seconds after it (EXIF capture time, sub-seconds
  included). Re-posing takes longer than the pause between frames of one pose; 5 s by
  default, and the photographer can set it (Preferences, `--group-gap`). A frame without
  a capture time is a group of its own: nothing says when it was taken.
- **Alike** (`Likeness`): the same picture give or take what changes within a pose — the
  framing moving by a few percent, a third of a stop, a little blur, another expression:
  the tones and colours of the whole frame (core.judgement.look), and, when both have a face, the
  main face in about the same place and size, turned about the same way. A frame with a
  face never joins one without: the sitter left, or a detail shot came in between.

Alike is judged against the frame before, and also, more loosely, against the group's
first frame, so a sitter turning a little with every frame (each step alike) still ends a
group once the pose has really changed. The rule only looks at neighbours, so a group is
the same whatever else is in the shoot, and analysing one more frame can only change the
groups next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from shotkind_desktop.core.files.capture import capture_order_key
from shotkind_desktop.core.judgement.look import Look, colours_alike, parse_look, tones_alike
from shotkind_desktop.core.records import FrameResult

DEFAULT_GAP_SECONDS = 5.0
GAP_LIMITS = (1, 60)       # seconds a photographer can choose between (Preferences)


@dataclass(frozen=True)
class Likeness:
    """How far two frames of one pose can differ. On made bursts of the shared photos
    (benchmarks/burst_shoot.py: framing moved by up to 5%, ±1/3 stop, motion blur up to
    1.4% of the width) neighbours stay under half the tone limit and three quarters of
    the colour limit, over twelve made sessions; the same sitter in another pose goes
    past both, and unrelated photos past one or the other: of the 7,260 pairs of the 121
    shared photos 19 pass both, plain-backdrop headshots framed alike, which the face's
    place, size and turn, and the time between them, then tell apart
    (benchmarks/groups.py prints the spread)."""

    tones: float = 0.25      # 1 - correlation of the 16 × 16 tones, framing aligned (another pose: 0.45 and up)
    colours: float = 25.0    # mean CIELAB distance of quarter-frame cells (another backdrop or outfit: 30 and up)
    shift: float = 0.12      # the face's centre moves by this share of the frame's width or height
    zoom: float = 1.3        # the face grows or shrinks by this factor: a new framing
    yaw: float = 15.0        # degrees the head turns: a three-quarter pose is 30-45° away
    pitch: float = 15.0      # chin up or down
    roll: float = 12.0       # head tilt
    drift: float = 1.5       # the group's first frame may differ this many times as much


LIKENESS = Likeness()


@dataclass(frozen=True)
class Appearance:
    """What grouping reads of an analysed frame."""

    moment: float | None                         # capture time, seconds since the epoch
    look: Look | None
    face: tuple[float, float, float] | None      # main face centre x, y and height, as shares of the frame
    pose: tuple[float, float, float] | None      # yaw, pitch, roll in degrees


NOTHING = Appearance(None, None, None, None)


def appearance(result: FrameResult | None) -> Appearance:
    """The frame's capture time, look and main face (the one the analysis judged, marked
    with its measured yaw; a frame whose faces were all too small to judge has none);
    NOTHING for a frame not analysed or unreadable."""
    if result is None or result.error or not result.width or not result.height:
        return NOTHING
    measures = result.measures or {}
    face = next((face for face in result.faces if "yaw" in face), None)
    where = pose = None
    if face is not None:
        x, y, w, h = face["box"]
        where = ((x + w / 2) / result.width, (y + h / 2) / result.height, h / result.height)
        angles = tuple(measures.get(key) for key in ("yaw", "pitch", "roll"))
        pose = angles if None not in angles else None
    return Appearance(_moment(result.captured), parse_look(measures.get("look")), where, pose)


def _moment(text: str | None) -> float | None:
    if not text:
        return None
    try:
        moment = capture_order_key(datetime.fromisoformat(text))
    except (TypeError, ValueError):
        return None
    return moment if moment != float("inf") else None


def alike(a: Appearance, b: Appearance, limits: Likeness = LIKENESS, slack: float = 1.0) -> bool:
    """Whether two frames show the same pose (times aside); `slack` widens every limit.
    The face is looked at first: it costs nothing, and another pose usually shows there."""
    if a.look is None or b.look is None or (a.face is None) != (b.face is None):
        return False
    if a.face is not None and not _same_face(a, b, limits, slack):
        return False
    return (tones_alike(a.look, b.look, limits.tones * slack)
            and colours_alike(a.look, b.look, limits.colours * slack))


def _same_face(a: Appearance, b: Appearance, limits: Likeness, slack: float) -> bool:
    (ax, ay, ah), (bx, by, bh) = a.face, b.face
    if max(abs(ax - bx), abs(ay - by)) > limits.shift * slack:
        return False
    if max(ah, bh) > min(ah, bh) * limits.zoom ** slack:
        return False
    if a.pose is None or b.pose is None:
        return a.pose is None and b.pose is None
    turns = (abs(p - q) for p, q in zip(a.pose, b.pose))
    return all(turn <= limit * slack for turn, limit in zip(turns, (limits.yaw, limits.pitch, limits.roll)))


Compare = Callable[[Appearance, Appearance, Likeness, float], bool]


def group_frames(frames: list[Appearance], gap: float = DEFAULT_GAP_SECONDS,
                 limits: Likeness = LIKENESS, compare: Compare = alike) -> list[int]:
    """Each frame's group number (1, 2, ... in capture order); `frames` in capture order.
    `compare` is `alike` or one that remembers its answers (core.people.shoot_groups)."""
    numbers: list[int] = []
    first = 0                      # index of the current group's first frame
    for index, frame in enumerate(frames):
        previous = frames[index - 1] if index else None
        if previous is not None and _joins(previous, frames[first], frame, gap, limits, compare):
            numbers.append(numbers[-1])
            continue
        first = index
        numbers.append(numbers[-1] + 1 if numbers else 1)
    return numbers


def _joins(previous: Appearance, first: Appearance, frame: Appearance, gap: float,
           limits: Likeness, compare: Compare) -> bool:
    if frame.moment is None or previous.moment is None:
        return False
    if abs(frame.moment - previous.moment) > gap:
        return False
    return compare(previous, frame, limits, 1.0) and (
        first is previous or compare(first, frame, limits, limits.drift))
