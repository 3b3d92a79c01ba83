"""Names of delivered files: from a template the photographer writes, safe on every disk.

Clients open deliveries on Windows, macOS and Linux, from zip files and shared drives, so
a name must survive all of them: no characters Windows forbids, no names it reserves
(CON, NUL, COM1...), no trailing dot or space, and not so long that a path breaks.
Two frames that render to the same name get -2, -3...: nothing is ever overwritten by
its own export. A "/" in the template makes folders ("{person}/{person}_{preset}": one
folder per sitter); a "/" in a token's value never does.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping

TOKENS = ("name", "seq", "preset", "date", "rating", "label", "client", "person", "first", "last",
          "person_seq", "roster:COLUMN")
PERSON_TOKENS = ("person", "first", "last", "person_seq", "roster")   # need the shoot's sitters
DEFAULT_TEMPLATE = "{name}_{preset}"
MAX_STEM = 150          # characters: leaves room for the folder in Windows' 260-character paths
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}


@dataclass(frozen=True)
class NameFields:
    """What a template can say about one output file."""

    name: str               # the original's stem
    seq: int                # 1-based position among the exported frames
    preset: str
    date: str = ""          # capture date, YYYY-MM-DD
    rating: int = 0
    label: str = ""
    client: str = ""
    person: str = ""        # the sitter's name, else "Sitter 3"
    first: str = ""
    last: str = ""
    person_seq: int = 1     # 1-based position among the sitter's exported frames
    roster: Mapping[str, str] = field(default_factory=dict)   # the sitter's roster row


def check_template(template: str) -> None:
    """ValueError naming the problem when the template cannot render."""
    if not template.strip():
        raise ValueError("the name template is empty")
    try:
        tokens = template_tokens(template)
    except ValueError as error:
        raise ValueError(f"name template {template!r}: {error} (write braces as {{{{ and }}}})") from None
    unknown = [token for token, _ in tokens if token not in TOKENS + ("roster",)]
    if unknown:
        raise ValueError(f"name template {template!r}: unknown token {{{unknown[0]}}}; "
                         f"use {', '.join('{' + t + '}' for t in TOKENS)}")
    if any(token == "roster" and not column.strip() for token, column in tokens):
        raise ValueError(f"name template {template!r}: {{roster}} needs a column, e.g. {{roster:department}}")
    try:      # a format spec or conversion ({rating:d}, {name!x}) fails only when rendered
        render_name(template, NameFields("IMG_0001", 1, "linkedin", "2026-01-31", 5, "Green", "Acme"))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise ValueError(f"name template {template!r}: {error}; tokens are plain text, "
                         "write them without a format, e.g. {rating}") from None


def template_tokens(template: str) -> list[tuple[str, str]]:
    """(token, its column for {roster:COLUMN}, else "") for each token; ValueError for
    unbalanced braces."""
    return [(name, spec if name == "roster" else "")
            for _, name, spec, _ in string.Formatter().parse(template) if name is not None]


def needs_sitters(template: str) -> bool:
    return any(token in PERSON_TOKENS for token, _ in template_tokens(template))


def render_name(template: str, fields: NameFields, seq_width: int = 3) -> str:
    """The file's path within the export folder, without extension: each "/"-separated
    part of the template rendered and made safe."""
    values = {"name": fields.name, "seq": f"{fields.seq:0{seq_width}d}", "preset": fields.preset,
              "date": fields.date, "rating": str(fields.rating), "label": fields.label,
              "client": fields.client, "person": fields.person, "first": fields.first,
              "last": fields.last, "person_seq": str(fields.person_seq)}
    parts = [safe_stem(_rendered(part, values, fields.roster)) for part in template.split("/")
             if part.strip() and part.strip(". ")]      # "." and ".." never lead out of it
    return "/".join(parts) or "frame"


def _rendered(template: str, values: dict[str, str], roster: Mapping[str, str]) -> str:
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        out.append(literal)
        if name is None:
            continue
        if name == "roster":
            wanted = _column_key(spec)
            out.append(next((v for k, v in roster.items() if _column_key(k) == wanted), ""))
            continue
        if spec or conversion:
            raise ValueError(f"{{{name}}} is written with a format")
        out.append(values[name])
    return "".join(out)


def _column_key(header: str) -> str:
    return re.sub(r"[\s._\-]+", "", header.strip().lower())


def safe_stem(text: str) -> str:
    """A file stem every common file system accepts."""
    text = unicodedata.normalize("NFC", text)
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"_{2,}", "_", text).strip(" ._") or "frame"
    text = text[:MAX_STEM].rstrip(" .")
    if text.split(".")[0].upper() in _RESERVED:
        text = f"{text}_"
    return text


class NameBook:
    """Hands out unique file names within one export (case-insensitively, for the
    disks that fold case)."""

    def __init__(self):
        self._taken: set[str] = set()

    def claim(self, stem: str, suffix: str) -> str:
        candidate, number = f"{stem}{suffix}", 1
        while candidate.lower() in self._taken:
            number += 1
            candidate = f"{stem}-{number}{suffix}"
        self._taken.add(candidate.lower())
        return candidate
