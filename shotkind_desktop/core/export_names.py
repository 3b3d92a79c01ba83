"""Names of delivered files: from a template the photographer writes, safe on every disk.

Clients open deliveries on Windows, macOS and Linux, from zip files and shared drives, so
a name must survive all of them: no characters Windows forbids, no names it reserves
(CON, NUL, COM1...), no trailing dot or space, and not so long that a path breaks.
Two frames that render to the same name get -2, -3...: nothing is ever overwritten by
its own export.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

TOKENS = ("name", "seq", "preset", "date", "rating", "label", "client")
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


def check_template(template: str) -> None:
    """ValueError naming the problem when the template cannot render."""
    if not template.strip():
        raise ValueError("the name template is empty")
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]
    except ValueError as error:
        raise ValueError(f"name template {template!r}: {error} (write braces as {{{{ and }}}})") from None
    unknown = [field for field in fields if field not in TOKENS]
    if unknown:
        raise ValueError(f"name template {template!r}: unknown token {{{unknown[0]}}}; "
                         f"use {', '.join('{' + t + '}' for t in TOKENS)}")
    try:      # a format spec or conversion ({rating:d}, {name!x}) fails only when rendered
        render_name(template, NameFields("IMG_0001", 1, "linkedin", "2026-01-31", 5, "Green", "Acme"))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        raise ValueError(f"name template {template!r}: {error}; tokens are plain text, "
                         "write them without a format, e.g. {rating}") from None


def render_name(template: str, fields: NameFields, seq_width: int = 3) -> str:
    """The file stem (no extension) for these fields, sanitised."""
    values = {"name": fields.name, "seq": f"{fields.seq:0{seq_width}d}", "preset": fields.preset,
              "date": fields.date, "rating": str(fields.rating), "label": fields.label,
              "client": fields.client}
    return safe_stem(template.format(**values))


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
