"""The similar-frame groups of an open shoot, kept current as results arrive.

Analysis hands results back a few at a time, and the groups must follow (the grid
collapses by them, Pick Best reads them). Working them out from nothing costs 0.14 ms a
frame (benchmarks/groups.py), 0.7 s for 5,000 frames: too long to repeat on the GUI
thread after every batch. So the appearance of each result, every comparison of two
appearances and every group's ranking are remembered, keyed by the result objects
themselves (a frame analysed again has a new result, so nothing stale is reused): a
new result costs its own comparisons and its group's ranking, plus one pass over the
shoot's frames, 20-50 ms for 5,000 on a loaded 2-core machine.
"""

from __future__ import annotations

from shotkind_desktop.core.people.groups import DEFAULT_GAP_SECONDS, LIKENESS, Appearance, Likeness, alike, appearance
from shotkind_desktop.core.people.keeper import Keeper, keepers, rank_group
from shotkind_desktop.core.records import FrameResult


class ShootGroups:
    """Keepers of a shoot's frames, with what was worked out before kept for the next time."""

    def __init__(self, gap: float = DEFAULT_GAP_SECONDS) -> None:
        self.gap = gap
        self._appearances: dict[int, tuple[FrameResult | None, Appearance]] = {}
        self._compared: dict[tuple[int, int, float], bool] = {}
        self._ranked: dict[tuple[int, ...], tuple[list[int], str]] = {}
        self._held: list = []      # the results keyed by id above, so no id is reused

    def keepers(self, results: list[FrameResult | None]) -> list[Keeper]:
        """core.people.keeper.keepers of `results` (in capture order), reusing earlier work."""
        self._forget({id(r) for r in results})
        self._held = list(results)
        return keepers(results, self.gap, self._appearance, self._compare, self._rank)

    def _appearance(self, result: FrameResult | None) -> Appearance:
        known = self._appearances.get(id(result))
        if known is None or known[0] is not result:
            known = self._appearances[id(result)] = (result, appearance(result))
        return known[1]

    def _compare(self, a: Appearance, b: Appearance, limits: Likeness = LIKENESS, slack: float = 1.0) -> bool:
        key = (id(a), id(b), slack)
        if key not in self._compared:
            self._compared[key] = alike(a, b, limits, slack)
        return self._compared[key]

    def _rank(self, results: list[FrameResult | None]) -> tuple[list[int], str]:
        key = tuple(id(r) for r in results)
        if key not in self._ranked:
            self._ranked[key] = rank_group(results)
        return self._ranked[key]

    def _forget(self, current: set[int]) -> None:
        """Drop what belongs to results no longer in the shoot (analysed again, removed).
        While a shoot is analysed, frames only go from no result (None, one id) to a
        result, so nothing is dropped and this costs one set difference."""
        gone = self._appearances.keys() - current
        if not gone:
            return
        dropped = {id(self._appearances.pop(key)[1]) for key in gone}
        self._compared = {k: v for k, v in self._compared.items()
                          if k[0] not in dropped and k[1] not in dropped}
        self._ranked = {k: v for k, v in self._ranked.items() if gone.isdisjoint(k)}
