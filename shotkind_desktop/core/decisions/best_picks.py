"""Pick the best of every group: the one command that turns a shoot's similar-frame groups
into picks, without ever overriding what the photographer already decided.

The rule, group by group:
- Only groups of two frames or more: a frame alone is no choice between frames, and picking
  every lone frame would pick what the photographer never compared.
- A group is left alone when any of its frames already carries a decision of the
  photographer's: a pick, a reject, stars or a colour label. Each says they looked at the
  group (a reject of the best frame, stars on another), and a pick beside it would
  contradict or double their choice.
- Its best frame (core.people.keeper, rank 1) is picked, unless it was not analysed, could not be
  read, has its eyes closed or its focus missed: then every frame of the group blinked, or
  none is sharper than a miss (the best has the sharpest open eyes), and a photographer
  never delivers either. A tester's Pick Best picked 24 missed frames of two soft sitters.

The picks are applied as one step (DecisionKeeper.apply on every name at once: one
transaction in the catalog, one undo).
"""

from __future__ import annotations

from shotkind_desktop.core.decisions.decisions import Decision
from shotkind_desktop.core.judgement.focus_words import MISSED
from shotkind_desktop.core.judgement.verdict import focus_state
from shotkind_desktop.core.people.keeper import Keeper
from shotkind_desktop.core.records import FrameResult


def best_of_groups(names: list[str], decisions: dict[str, Decision],
                   results: list[FrameResult | None], ranked: list[Keeper]) -> list[str]:
    """The names to pick, in capture order; `names`, `results` and `ranked` are the shoot's
    frames in capture order (ranked: core.people.keeper.keepers)."""
    decided = {keeper.group for name, keeper in zip(names, ranked)
               if decisions.get(name, Decision()) != Decision()}
    chosen = []
    for name, result, keeper in zip(names, results, ranked):
        if keeper.rank != 1 or keeper.size < 2 or keeper.group in decided:
            continue
        if result is None or result.error or (result.criteria or {}).get("eyes") == "closed":
            continue
        if focus_state(result) == MISSED:
            continue
        chosen.append(name)
    return chosen
