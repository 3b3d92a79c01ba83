"""Questions asked of a stored record's sub-score grades (`measures["subscores"]`), read
without the engine: the live verdict, the keeper and the grid's warnings ask the same
ones and must agree."""

from __future__ import annotations

from shotkind_desktop.core.judgement.parameters import PASS


def overexposed(measures: dict | None) -> bool:
    """The face burnt out past the headshot limit (scoring._highlights). A record from
    before the highlights grade (engine 10 and older) has none: exposed well."""
    return ((measures or {}).get("subscores") or {}).get("highlights", 1.0) < PASS
