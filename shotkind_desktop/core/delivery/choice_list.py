"""Reading a client's list of chosen frames in the forms it actually arrives in.

Proofing galleries, e-mails and photographers' own habits produce: file names or stems
separated by commas, spaces or new lines; Lightroom's Library filter text
(`IMG_0001 OR IMG_0002`); a CSV export with a file-name column (Pixieset, ShootProof,
Pic-Time, ShotKind's own manifest); and ShotKind's proof gallery's "my choice" file (one
name a line, `#` comment lines above). This module only cuts the text into phrases;
choice_matching.py decides what each phrase means, because a phrase with a space in it
may be one file name ("Anna Smith 01.jpg") or several stems.

A list arrives as bytes in the encoding its program chose: core.files.text_file reads it.
"""

from __future__ import annotations

import csv
import io
import re

# Header cells that name the file column of a CSV, the most specific first.
FILE_COLUMNS = ("source", "original filename", "original file name", "original name",
                "file name", "filename", "file_name", "file", "image name", "photo name",
                "image filename", "name", "image", "photo", "output")
_SEPARATORS = re.compile(r"\s+OR\s+|[,;\t\r\n]+")
_QUOTES = "\"'`“”‘’"
_COMMENT = re.compile(r"\s*#(?![0-9])")     # "# 3 chosen" is the proof gallery's comment


def read_choice_list(text: str) -> list[str]:
    """The phrases of a list, in order, blank ones and `#` comment lines left out. A `#`
    before a number is a client's way of writing a frame number ("#12, #45"), not a
    comment: read as one, the whole line of choices went without a word."""
    text = text.lstrip("\ufeff")
    lines = [line for line in text.splitlines() if not _COMMENT.match(line)]
    column = _csv_column(lines)
    if column is not None:
        return column
    return [phrase for phrase in (_clean(piece) for piece in _SEPARATORS.split("\n".join(lines)))
            if phrase]


def _csv_column(lines: list[str]) -> list[str] | None:
    """The file-name column of a CSV whose first line is a header naming one; else None."""
    body = [line for line in lines if line.strip()]
    if not body:
        return None
    try:
        dialect = csv.Sniffer().sniff(body[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO("\n".join(body)), dialect))
    header = [cell.strip().lower() for cell in rows[0]]
    for wanted in FILE_COLUMNS:
        if wanted in header:
            index = header.index(wanted)
            cells = (row[index] if index < len(row) else "" for row in rows[1:])
            return [phrase for phrase in map(_clean, cells) if phrase]
    return None


def _clean(piece: str) -> str:
    return piece.strip().strip(_QUOTES).strip()
