"""Two sitters with one name: delivered under names a client can tell apart, and said.

A roster of a few hundred people often has two Alex Kims. Named by person, their files
went into one folder, or became `Alex Kim_linkedin.jpg` and `Alex Kim_linkedin-2.jpg`,
which read as two photos of one person (as `Ana Ruiz_linkedin-2.jpg` is), and the
client's IT put one Alex's photo on the other's profile. Here each namesake's delivered
name carries what tells them apart: the roster's email where it has one that differs,
else an ID column, else the first other column that differs (a department), else the
sitter's number, which at least says it is a different person. The metadata keeps the
name as it is (the person shown), and the photographer is told before delivering.
"""

from __future__ import annotations

from typing import Sequence

from shotkind_desktop.core.people.roster import (EMAIL_HEADERS, FIRST_HEADERS, LAST_HEADERS, NAME_HEADERS,
                                                 header_key)
from shotkind_desktop.core.people.sitters import Sitter

ID_HEADERS = ("id", "employeeid", "employeenumber", "staffid", "staffnumber", "personnelnumber", "badge",
              "badgenumber", "userid", "username", "login")
_NAME_KEYS = {header_key(h) for h in NAME_HEADERS + FIRST_HEADERS + LAST_HEADERS}


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())


def namesakes(sitters: Sequence[Sitter]) -> list[list[Sitter]]:
    """The groups of two or more named sitters with the same name (case and spacing
    ignored), in shoot order."""
    by_name: dict[str, list[Sitter]] = {}
    for sitter in sitters:
        if sitter.name:
            by_name.setdefault(_folded(sitter.name), []).append(sitter)
    return [group for group in by_name.values() if len(group) > 1]


def _telling_column(group: list[Sitter]) -> str | None:
    """The roster column whose values tell every sitter of `group` apart, or None."""
    if any(sitter.row is None for sitter in group):
        return None
    columns = list(dict.fromkeys(header for sitter in group for header in sitter.row.fields))
    keys = {column: header_key(column) for column in columns}
    ranked = ([c for c in columns if keys[c] in EMAIL_HEADERS] + [c for c in columns if keys[c] in ID_HEADERS]
              + [c for c in columns if keys[c] not in EMAIL_HEADERS + ID_HEADERS and keys[c] not in _NAME_KEYS])
    for column in ranked:
        values = [(sitter.row.column(column) or "").strip() for sitter in group]
        if all(values) and len({value.casefold() for value in values}) == len(values):
            return column
    return None


def told_apart(sitters: Sequence[Sitter]) -> dict[int, str]:
    """Sitter number -> the name to deliver a namesake under ("Alex Kim (alex.kim@acme.com)",
    else "Alex Kim (sitter 5)"); sitters with a name of their own are not in it."""
    names: dict[int, str] = {}
    for group in namesakes(sitters):
        column = _telling_column(group)
        for sitter in group:
            telling = sitter.row.column(column) if column else f"sitter {sitter.number}"
            names[sitter.number] = f"{sitter.name} ({telling.strip()})"
    return names


def namesake_lines(sitters: Sequence[Sitter]) -> list[str]:
    """One line a name shared, for the export's summary and the Sitters panel."""
    told = told_apart(sitters)
    lines = []
    for group in namesakes(sitters):
        numbers = [str(sitter.number) for sitter in group]
        who = ", ".join(numbers[:-1]) + f" and {numbers[-1]}"
        delivered = ", ".join(told[sitter.number] for sitter in group)
        lines.append(f"sitters {who} are different people named {group[0].name}: delivered by person "
                     f"as {delivered}")
    return lines
