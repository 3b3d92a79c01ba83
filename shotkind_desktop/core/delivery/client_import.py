"""Bringing a client's choice back into the shoot: the frames their list names are marked
in one undoable step, and the list is kept as a client round in the catalog.

The mark is the photographer's to choose: a colour label (purple, "client", by default,
which Lightroom, Capture One, darktable and digiKam read from the sidecars), a pick, or
a number of stars. The round ("first choice", "final choice") is what the client said,
kept apart from the marks: undoing the marks leaves the round to filter on. A new import
is a new round unless the photographer names one already kept; then the list replaces
that round (a corrected list) or is added to it, and a replace that would drop frames
the client chose before is never made without the photographer's say: a tester's
import of a second list silently took a frame out of the client's "final choice".
The CLI's `shotkind select` and the import dialog both call `round_change` to ask and
`import_choice` to do it.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from shotkind_desktop.core.decisions.catalog import BACKGROUND_WAIT, Catalog
from shotkind_desktop.core.delivery.choice_list import read_choice_list
from shotkind_desktop.core.delivery.choice_matching import ChoiceMatch, FrameIndex, match_choices
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import LABELS, MAX_RATING, PICK, REJECT, Decision
from shotkind_desktop.core.delivery.manifest import CSV_NAME, read_manifest
from shotkind_desktop.core.words import counted, first_names

DEFAULT_MARK = "label=purple"
DEFAULT_ROUND = "first choice"
ROUND_SUGGESTIONS = ("first choice", "final choice")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
REPLACE, ADD = "replace", "add"      # what an import does to a round already kept


@dataclass(frozen=True)
class Mark:
    """What a chosen frame gets."""

    text: str                                  # as written: label=purple, pick, stars=3
    change: Callable[[Decision], Decision]
    words: str                                 # for messages: "the purple label"


def parse_mark(text: str) -> Mark:
    """`label=COLOUR`, `pick` or `stars=N`; ValueError says what is wrong."""
    spoken = text.strip().lower()
    if spoken == "pick":
        return Mark("pick", lambda d: replace(d, flag=PICK), "a pick")
    if spoken.startswith("label="):
        colour = spoken[len("label="):].capitalize()
        if colour not in LABELS:
            raise ValueError(f"{text!r}: the label is one of {', '.join(LABELS)}")
        return Mark(f"label={colour.lower()}", lambda d: replace(d, label=colour),
                    f"the {colour.lower()} label")
    if spoken.startswith("stars="):
        stars = spoken[len("stars="):]
        if not stars.isdigit() or not 1 <= int(stars) <= MAX_RATING:
            raise ValueError(f"{text!r}: stars are 1 to {MAX_RATING}")
        count = int(stars)
        return Mark(f"stars={count}", lambda d: replace(d, rating=count),
                    f"{count} star{'s' if count > 1 else ''}")
    raise ValueError(f"unknown mark {text!r}: use label=COLOUR, pick or stars=N")


def delivered_names(places: list[Path]) -> dict[str, str]:
    """Delivered file name -> the frame it came from, from the manifests of exports
    (a folder holding manifest.csv, or the manifest.csv or .json itself). OSError or
    ValueError when one cannot be read."""
    found: dict[str, str] = {}
    for place in places:
        place = Path(place)
        if place.is_dir():
            place = place / CSV_NAME
        if place.name.lower().endswith(".json"):
            rows = json.loads(place.read_text(encoding="utf-8")).get("items", [])
        else:
            rows = read_manifest(place.parent) if place.name == CSV_NAME else _csv_rows(place)
        for row in rows:
            if row.get("output") and row.get("source"):
                found[row["output"]] = row["source"]
    return found


def _csv_rows(path: Path) -> list[dict]:
    import csv
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def new_round_name(rounds) -> str:
    """A round name not among `rounds` (the names kept): "first choice", then "second
    choice"…, then "choice 7"."""
    count = len(rounds)
    for word in _ORDINALS[count:]:
        if f"{word} choice" not in rounds:
            return f"{word} choice"
    number = count + 1
    while f"choice {number}" in rounds:
        number += 1
    return f"choice {number}"


@dataclass(frozen=True)
class RoundChange:
    """What an import does to a round: the frames it held before (none for a new round)
    and after."""

    round: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    how: str = REPLACE

    @property
    def dropped(self) -> list[str]:
        """Frames the client chose in the round before that it would no longer hold."""
        return [name for name in self.before if name not in self.after]

    @property
    def needs_asking(self) -> bool:
        """A replace that would drop frames the client chose: the photographer decides."""
        return bool(self.dropped)

    def words(self) -> str:
        """The change in a photographer's words, or "" for a new round."""
        if not self.before:
            return ""
        held = f"{self.round!r} already holds {_frames(len(self.before))} from an earlier import"
        if self.dropped:
            return (f"{held}; this list replaces it, and {_frames(len(self.dropped))} "
                    f"the client chose then {'drops' if len(self.dropped) == 1 else 'drop'} "
                    f"out of it: {', '.join(self.dropped)}")
        added = len(self.after) - len(self.before)
        return f"{held}; {'all stay in it' if not added else f'all stay, and {added} more join them'}"


def round_change(rounds: dict[str, list[str]], round_: str, chosen: list[str],
                 how: str = REPLACE) -> RoundChange:
    """What importing `chosen` into `round_` does, given the rounds kept
    (catalog.client_rounds): REPLACE takes the list as the round, ADD adds its frames
    to those the round holds."""
    before = tuple(rounds.get(round_, ()))
    after = tuple(chosen) if how == REPLACE else before + tuple(n for n in chosen if n not in before)
    return RoundChange(round_, before, after, how)


def _frames(count: int) -> str:
    return f"{count} frame{'s' if count != 1 else ''}"


def chosen_rejects(chosen: list[str], decisions: dict[str, Decision]) -> list[str]:
    """The frames the client chose that the photographer rejected, in the list's order."""
    return [name for name in chosen if decisions.get(name, Decision()).is_reject]


def chosen_rejects_words(rejected: list[str], mark: Mark) -> str:
    """The client's choices the photographer rejected, named, and what the mark does to
    them, or "" for none: a tester's client chose two rejects, the import said only "2
    newly given the purple label", and the export then left both out without a word to
    the client. Said before the marks are made and after, so the photographer decides."""
    if not rejected:
        return ""
    one = len(rejected) == 1
    said = (f"The client chose {_frames(len(rejected))} you rejected ({first_names(rejected)}): ")
    if mark.change(Decision(REJECT)).is_reject:
        return said + (f"{'it stays' if one else 'they stay'} rejected, so an export leaves "
                       f"{'it' if one else 'them'} out unless you unflag or pick {'it' if one else 'them'}")
    return said + (f"{mark.words} takes the place of your reject, so an export delivers "
                   f"{'it' if one else 'them'}: look again first")


@dataclass
class ImportOutcome:
    """What an import did."""

    match: ChoiceMatch
    changed: dict[str, Decision]         # frames whose decision changed (the undo step)
    round: str
    mark: Mark
    replaced: dict[str, str] = field(default_factory=dict)   # frame -> the photographer's own
                                                             # mark the client's took the place of
    round_change: RoundChange | None = None                  # None: nothing chosen, no round kept
    rejected: list[str] = field(default_factory=list)        # chosen, and rejected by the photographer

    def summary(self) -> str:
        """One line for a status bar or a terminal."""
        chosen = len(self.match.chosen)
        change = self.round_change
        if change is not None and change.before and change.how == ADD:
            text = (f"{chosen} frame{'s' if chosen != 1 else ''} added to {self.round!r} "
                    f"(now {_frames(len(change.after))}): {len(self.changed)} newly given {self.mark.words}")
        else:
            text = (f"{chosen} frame{'s' if chosen != 1 else ''} chosen in {self.round!r}: "
                    f"{len(self.changed)} newly given {self.mark.words}")
        if self.replaced:
            had = Counter(self.replaced.values())
            text += (f", {len(self.replaced)} of them in place of "
                     + ", ".join(f"{what}{f' ({count})' if count > 1 else ''}" for what, count in sorted(had.items())))
        if self.match.unmatched:
            text += f"; {len(self.match.unmatched)} name{'s' if len(self.match.unmatched) != 1 else ''} matched nothing"
        if self.match.ambiguous:
            text += f"; {len(self.match.ambiguous)} matched more than one frame (not marked)"
        if self.match.in_sentence:
            text += f"; {counted(len(self.match.in_sentence), 'number')} within a sentence not marked"
        if change is not None and change.dropped:
            text += (f". It replaced the earlier {self.round!r}: {', '.join(change.dropped)} "
                     f"{'is' if len(change.dropped) == 1 else 'are'} no longer in it")
        if self.rejected:
            text += ". " + chosen_rejects_words(self.rejected, self.mark)
        return text


def read_match(text: str, frames: dict[str, tuple[Path, ...]],
               delivered: dict[str, str] | None = None) -> ChoiceMatch:
    """What `text` (a list in any form choice_list reads) means for these frames."""
    return match_choices(read_choice_list(text), FrameIndex(frames, delivered))


def import_choice(keeper: DecisionKeeper, catalog: Catalog, match: ChoiceMatch, round_: str,
                  mark: Mark, wait: float = BACKGROUND_WAIT, how: str = REPLACE) -> ImportOutcome:
    """Mark the chosen frames (one undoable step) and keep the round: `how` REPLACE or
    ADD when it is kept already (ask first: round_change). The outcome's summary says
    which frames a replace dropped from the round. Raises CatalogReadOnly (nothing
    done) or CatalogBusy (the marks wait in the keeper, the round is not saved)."""
    round_ = round_.strip() or DEFAULT_ROUND
    before = keeper.decisions()
    change = round_change(catalog.client_rounds(), round_, match.chosen, how) if match.chosen else None
    changed = keeper.apply(match.chosen, mark.change)
    if change is not None:      # a list that named no frame is a mistake to fix, not a round
        catalog.save_client_round(round_, list(change.after), wait)
    replaced = {name: said for name, after in changed.items()
                if (said := _replaced(before.get(name, Decision()), after)) is not None}
    return ImportOutcome(match, changed, round_, mark, replaced, change, chosen_rejects(match.chosen, before))


def _replaced(before: Decision, after: Decision) -> str | None:
    """The photographer's own label or stars a client's mark took the place of, in words,
    or None: a tester's red, yellow and blue labels became purple and the summary did
    not say. A reject a pick replaced is named apart (chosen_rejects_words)."""
    if before.label is not None and before.label != after.label:
        return f"the {before.label.lower()} label"
    if before.rating and before.rating != after.rating:
        return f"{before.rating} star{'s' if before.rating > 1 else ''}"
    return None
