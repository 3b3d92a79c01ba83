"""Which frames a photographer wants to see, and in what order: the filter and sort keys
the grid uses, in plain Python so the export's `--select` can share them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.decisions.decisions import LABELS, MAX_RATING, PICK, REJECT, UNFLAGGED, Decision

FLAGS = {"picks": PICK, "unflagged": UNFLAGGED, "rejects": REJECT}
KINDS = ("headshot", "portrait", "none")


@dataclass(frozen=True)
class FrameFilter:
    """Every criterion is optional; a frame must meet all that are set."""

    flags: frozenset[int] | None = None      # PICK / UNFLAGGED / REJECT
    min_rating: int = 0
    label: str | None = None                 # one of decisions.LABELS
    kind: str | None = None                  # one of KINDS
    min_headshot_score: float = 0.0
    errors_only: bool = False
    best_per_person: bool = False            # export: each sitter's best frame (core.decisions.sitter_book)
    best_of_group: bool = False              # only the keeper of each similar-frame group

    @property
    def active(self) -> bool:
        return self != FrameFilter()

    def matches(self, decision: Decision, result: FrameResult | None,
                keeper_rank: int | None = None) -> bool:
        """`keeper_rank`: the frame's place in its similar-frame group (core.people.keeper), which
        only `best_of_group` reads; a frame not ranked is not a best."""
        if self.best_of_group and keeper_rank != 1:
            return False
        if self.flags is not None and decision.flag not in self.flags:
            return False
        if decision.rating < self.min_rating:
            return False
        if self.label is not None and decision.label != self.label:
            return False
        if self.errors_only and not (result and result.error):
            return False
        if self.kind is not None and (result is None or result.kind != self.kind):
            return False
        if self.min_headshot_score > 0:
            # a frame not analysed yet has no score to meet the minimum with
            score = result.headshot_score if result else None
            if score is None or score < self.min_headshot_score:
                return False
        return True


SORT_KEYS = {
    "capture": "Capture time",
    "name": "File name",
    "headshot": "Headshot score",
    "portrait": "Portrait score",
    "rating": "Rating",
    "sharpness": "Sharpness",
}
DESCENDING_BY_DEFAULT = frozenset({"headshot", "portrait", "rating", "sharpness"})


def sort_value(key: str, order: int, name: str, decision: Decision,
               result: FrameResult | None) -> tuple:
    """A comparable value for `key`; frames without the value (not analysed, unreadable)
    sort after those with it whichever the direction, then by capture order."""
    if key == "capture":
        return (order,)
    if key == "name":
        return (name.lower(), order)
    if key == "rating":
        return (decision.rating, -order)
    value = None
    if result is not None and not result.error:
        if key == "headshot":
            value = result.headshot_score
        elif key == "portrait":
            value = result.portrait_score
        elif key == "sharpness":
            return focus_sort_value(result, order)
    if value is None:
        return (float("-inf"), -order)
    return (float(value), -order)


def focus_sort_value(result: FrameResult, order: int) -> tuple:
    """The measured focus, never the sharpness sub-score (clipped to 1 from "crisp", so
    the sharp frames of a burst tie). Focus on the eyes (`eye_focus`) where the analysis
    measured it, else on the face (`focus`). The two are different measures, so they are
    never compared with each other: frames whose eyes were measured rank among
    themselves, above those judged on the face alone (eyes closed or hidden), which rank
    among themselves; frames without either come last."""
    measures = result.measures or {}
    for tier, key in ((2, "eye_focus"), (1, "focus")):
        value = measures.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return (tier, float(value), -order)
    return (0, float("-inf"), -order)


SELECTIONS = ("all", "picks", "unflagged", "rejects", "headshots", "portraits", "rating>=N",
              "label=COLOR", "best-of-group", "best-per-person")


def parse_selection(text: str) -> FrameFilter:
    """The export's `--select`: all, picks, headshots, rating>=N, label=COLOR (or
    unflagged, rejects, portraits), best-of-group (the best frame of each similar-frame
    group), several joined with commas, all of which must hold; best-per-person then
    keeps one frame per sitter. `all` names every flag, rejects included (delivers_rejects);
    a flag given with it narrows it. ValueError says what is wrong."""
    chosen = FrameFilter()
    for part in (p.strip().lower() for p in text.split(",")):
        if part == "all":
            if chosen.flags is None:
                chosen = replace(chosen, flags=frozenset(FLAGS.values()))
            continue
        if part == "best-per-person":
            chosen = replace(chosen, best_per_person=True)
            continue
        if part == "best-of-group":
            chosen = replace(chosen, best_of_group=True)
            continue
        if part in FLAGS:
            chosen = replace(chosen, flags=frozenset({FLAGS[part]}))
        elif part in ("headshots", "portraits"):
            chosen = replace(chosen, kind=part[:-1])
        elif part.startswith("rating>="):
            stars = part[len("rating>="):]
            if not stars.isdigit() or not 0 <= int(stars) <= MAX_RATING:
                raise ValueError(f"{part!r}: the rating is a number of stars from 0 to {MAX_RATING}")
            chosen = replace(chosen, min_rating=int(stars))
        elif part.startswith("label="):
            colour = part[len("label="):].capitalize()
            if colour not in LABELS:
                raise ValueError(f"{part!r}: the label is one of {', '.join(LABELS)}")
            chosen = replace(chosen, label=colour)
        else:
            raise ValueError(f"unknown selection {part!r}: use {', '.join(SELECTIONS)}")
    return chosen


def delivers_rejects(selection: FrameFilter) -> bool:
    """Whether an export with this selection may deliver a rejected frame: only when the
    selection names rejects (`rejects`, or `all`). A reject is the photographer's "never
    deliver this", and keeps its stars and label: a tester's `headshots` and `rating>=4`
    delivered rejected frames without a word. The one rule, for the CLI and the dialogs
    (core.delivery.export applies it)."""
    return selection.flags is not None and REJECT in selection.flags
