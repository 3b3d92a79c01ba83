"""The client's list of who sits, as a CSV: names matched to sitters in order.

HR departments export these from whatever they use, so the reader takes what comes:
UTF-8 with or without a byte-order mark, UTF-16 (Excel's "Unicode Text"), else
Windows-1252 (Excel's "CSV" on Windows), as core.files.text_file reads them; commas,
semicolons (Excel where the decimal mark is a comma) or tabs; a name column found
by its header ("Name", "Full name", "Employee", ...) or built from first and last name
columns. Every other column (email, department, ...) is kept as it is, for export names
(`{roster:department}`). Rows without a name are skipped, as blank lines are.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from shotkind_desktop.core.files.text_file import decode_text

MAX_ROSTER_BYTES = 8 * 1024 * 1024     # a few hundred thousand people: no real roster is bigger

# Headers, compared in lower case with spaces, dots, dashes and underscores removed.
NAME_HEADERS = ("name", "fullname", "displayname", "employeename", "employee", "person",
                "personname", "sitter", "participant", "attendee", "nom", "nombre")
FIRST_HEADERS = ("firstname", "first", "givenname", "forename", "preferredname", "vorname", "prenom",
                 "prénom")
LAST_HEADERS = ("lastname", "last", "surname", "familyname", "nachname", "nomdefamille", "apellido",
                "apellidos")
EMAIL_HEADERS = ("email", "emailaddress", "mail", "workemail")


@dataclass(frozen=True)
class RosterRow:
    name: str                    # as the photographer and the client read it
    first: str
    last: str
    fields: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # header -> value

    @property
    def email(self) -> str:
        return next((v for k, v in self.fields.items() if _key(k) in EMAIL_HEADERS), "")

    def column(self, header: str) -> str | None:
        """A column's value by its header, case and spacing ignored; None when no such column."""
        wanted = _key(header)
        return next((v for k, v in self.fields.items() if _key(k) == wanted), None)


@dataclass(frozen=True)
class Roster:
    columns: tuple[str, ...]
    rows: tuple[RosterRow, ...]

    def find(self, name: str) -> RosterRow | None:
        """The first row with this name (case and spacing ignored)."""
        wanted = _folded(name)
        return next((row for row in self.rows if _folded(row.name) == wanted), None)

    def has_column(self, header: str) -> bool:
        return any(_key(c) == _key(header) for c in self.columns)


def read_roster(path: Path) -> Roster:
    """The roster in a CSV file; ValueError in the photographer's words when it cannot be
    one (no name column, no rows), OSError when it cannot be read."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_ROSTER_BYTES + 1)
    if len(data) > MAX_ROSTER_BYTES:
        raise ValueError(f"{Path(path).name} is over {MAX_ROSTER_BYTES // 2 ** 20} MB: not a roster")
    try:
        text = decode_text(data, save_as="the roster as CSV (UTF-8)")
    except ValueError as error:
        raise ValueError(f"{Path(path).name}: {error}") from None
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    table = [row for row in csv.reader(io.StringIO(text), dialect) if any(cell.strip() for cell in row)]
    if not table:
        raise ValueError(f"{Path(path).name} is empty: a roster needs a header row and a row per person")
    return roster_from_table(table[0], table[1:], Path(path).name)


def roster_from_table(header: list[str], rows: list[list[str]], source: str = "the roster") -> Roster:
    columns = [cell.strip() or f"column {i + 1}" for i, cell in enumerate(header)]
    keys = [_key(c) for c in columns]
    name_at = _find(keys, NAME_HEADERS)
    first_at, last_at = _find(keys, FIRST_HEADERS), _find(keys, LAST_HEADERS)
    if name_at is None and first_at is None and last_at is None:
        raise ValueError(f"{source} has no name column: its headers are {', '.join(columns)}; "
                         "name one of them Name (or First name and Last name)")
    people = []
    for cells in rows:
        cells = [c.strip() for c in cells] + [""] * (len(columns) - len(cells))
        fields = dict(zip(columns, cells))
        first = cells[first_at] if first_at is not None else ""
        last = cells[last_at] if last_at is not None else ""
        name = " ".join(cells[name_at].split()) if name_at is not None else ""
        if not name:
            name = " ".join(" ".join(part for part in (first, last) if part).split())
        if not name:
            continue
        if not (first or last):
            first, last = split_name(name)
            if "," in name:           # "Ruiz, Ana" is read and delivered as Ana Ruiz
                name = f"{first} {last}".strip()
        people.append(RosterRow(name, first, last, fields))
    if not people:
        raise ValueError(f"{source} names nobody: every row's name is empty")
    return Roster(tuple(columns), tuple(people))


def split_name(name: str) -> tuple[str, str]:
    """First and last name from a full name: "Ruiz, Ana" is explicit; otherwise the first
    word is the first name and the rest the last ("Ana Ruiz García": Ana, Ruiz García),
    which is right for most rosters (a middle name is rarer on them than a two-word
    surname); give First name and Last name columns where it is not."""
    if "," in name:
        last, _, first = name.partition(",")
        return " ".join(first.split()), " ".join(last.split())
    words = name.split()
    return (words[0], " ".join(words[1:])) if words else ("", "")


def header_key(header: str) -> str:
    """A column header as compared: lower case, without spaces, dots, dashes, underscores."""
    return re.sub(r"[\s._\-]+", "", header.strip().lower())


_key = header_key


def _find(keys: list[str], wanted: tuple[str, ...]) -> int | None:
    for candidate in wanted:
        key = _key(candidate)
        if key in keys:
            return keys.index(key)
    return None


def _folded(name: str) -> str:
    return " ".join(name.casefold().split())
