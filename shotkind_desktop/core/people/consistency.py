"""One consistent look for a headshot day: each sitter's chosen frame against the team.

A company puts its forty headshots side by side on one page, so a sitter whose backdrop
is a stop darker, warmer, or whose head is smaller or lower in the crop stands out. For
the frame each sitter delivers (their best pick, else their best-ranked frame:
sitter_book.best_frames), this takes the backdrop's tone and colour as the analysis
measured them outside the person (measures["backdrop"]) and the head's size and eye line
in the delivery crop (the photographer's adjusted crop where there is one), compares each
with the team's median and says what to change in numbers a photographer acts on:
"backdrop 0.7 stop darker than the team", "head 14% smaller in the 1:1 crop",
"eyes 6% lower". Plain Python: the window and tests use it alike.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Mapping, Sequence

from shotkind_desktop.core.judgement.crops import Box, FacePlacement, crop_guides
from shotkind_desktop.core.judgement.face_record import main_face_record
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.people.sitters import Sitter

# How far from the team a sitter may be before it shows on a page of headshots: a third
# of a stop of backdrop tone (what a photographer corrects in a batch), 3 units of a* or
# b* (just past a noticeable colour difference of about 2.3), a head 10% larger or smaller,
# an eye line 4% of the crop's height higher or lower.
TONE_STOPS = 1 / 3
COLOUR_UNITS = 3.0
HEAD_SHARE = 0.10
EYE_SHARE = 0.04
MIN_SITTERS = 3          # with fewer, the "team" is one of the two: nothing to compare with


@dataclass(frozen=True)
class Look:
    """What one sitter's chosen frame looks like; None where it could not be measured."""

    sitter: Sitter
    frame: str
    crop: Box | None           # the delivery crop, upright full-resolution pixels
    stops: float | None        # backdrop tone, stops below white
    a_star: float | None       # backdrop colour
    b_star: float | None
    head: float | None         # face height / crop height
    eyes: float | None         # eye line below the crop's top / crop height


@dataclass(frozen=True)
class Difference:
    """A sitter's look against the team, with what to change."""

    look: Look
    notes: tuple[str, ...]     # "backdrop 0.7 stop darker than the team", ...


@dataclass(frozen=True)
class TeamLook:
    ratio: str
    team: Look | None                      # the medians (sitter and frame of the first look)
    differences: tuple[Difference, ...]    # every sitter with a chosen frame, in order

    @property
    def outliers(self) -> list[Difference]:
        return [d for d in self.differences if d.notes]


def look_of(sitter: Sitter, frame: str, result: FrameResult, ratio: str = "1:1",
            framing: FacePlacement | None = None, adjusted: Box | None = None) -> Look:
    """The look of `frame` delivered at `ratio` (with `framing`, a preset's, or the usual
    one), or in the photographer's `adjusted` crop."""
    backdrop = (result.measures or {}).get("backdrop") or {}
    crop = head = eyes = None
    face = main_face_record(result.faces, result.width, result.height) if result.faces and result.width else None
    if face is not None:
        guide = crop_guides(face, result.width, result.height, {ratio: framing} if framing else None)[ratio]
        crop = tuple(adjusted) if adjusted else guide.box
        _, top, _, crop_h = crop
        head = face["box"][3] / crop_h
        eyes = (guide.eye_y - top) / crop_h
    return Look(sitter, frame, crop, backdrop.get("stops"), backdrop.get("a_star"),
                backdrop.get("b_star"), head, eyes)


def team_look(sitters: Sequence[Sitter], chosen: Mapping[int, str | None],
              results: Mapping[str, FrameResult], ratio: str = "1:1", framing: FacePlacement | None = None,
              adjustments: Mapping[str, Mapping[str, Box]] | None = None) -> TeamLook:
    """Each sitter's chosen frame (`chosen`: sitter number -> frame, as best_frames gives)
    against the team's median; `adjustments`: frame -> ratio -> the photographer's crop."""
    looks = [look_of(sitter, name, results[name], ratio, framing, (adjustments or {}).get(name, {}).get(ratio))
             for sitter in sitters if (name := chosen.get(sitter.number)) and name in results]
    if not looks:
        return TeamLook(ratio, None, ())
    team = Look(looks[0].sitter, looks[0].frame, None, *(
        _median([getattr(look, key) for look in looks])
        for key in ("stops", "a_star", "b_star", "head", "eyes")))
    enough = len(looks) >= MIN_SITTERS
    return TeamLook(ratio, team, tuple(Difference(look, tuple(notes(look, team, ratio)) if enough else ())
                                       for look in looks))


def notes(look: Look, team: Look, ratio: str) -> list[str]:
    """What sets `look` apart from `team`, in words and numbers to act on."""
    found = []
    if _both(look.stops, team.stops) and abs(d := look.stops - team.stops) >= TONE_STOPS:
        found.append(f"backdrop {abs(d):.1f} stop {'darker' if d < 0 else 'brighter'} than the team")
    if _both(look.b_star, team.b_star) and abs(d := look.b_star - team.b_star) >= COLOUR_UNITS:
        found.append(f"backdrop {'warmer' if d > 0 else 'cooler'} than the team (b* {d:+.0f})")
    if _both(look.a_star, team.a_star) and abs(d := look.a_star - team.a_star) >= COLOUR_UNITS:
        found.append(f"backdrop {'more magenta' if d > 0 else 'greener'} than the team (a* {d:+.0f})")
    if _both(look.head, team.head) and team.head and abs(d := look.head / team.head - 1) >= HEAD_SHARE:
        found.append(f"head {abs(d):.0%} {'larger' if d > 0 else 'smaller'} in the {ratio} crop")
    if _both(look.eyes, team.eyes) and abs(d := look.eyes - team.eyes) >= EYE_SHARE:
        found.append(f"eyes {abs(d):.0%} {'lower' if d > 0 else 'higher'} in the {ratio} crop")
    return found


def _both(one: float | None, other: float | None) -> bool:
    return one is not None and other is not None


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None
