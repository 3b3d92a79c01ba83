"""The manifest beside a delivery: which file came from which frame, cut where, and why.

A client asks "which original is this?" months later, and a second export must be able
to say what the first did; so every output (and every frame that was skipped or failed,
with its reason) gets a row in manifest.csv for spreadsheets and in manifest.json for
scripts. Both describe the export that wrote them, and are replaced by the next one; the
next export of the same shoot carries over the rows of files delivered earlier that are
still in the folder and that it did not write, so a second export into the same folder
(a new preset, two more picks) never leaves the first one's files described by nothing.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from shotkind_desktop.core.atomic_write import write_atomically

EXPORTED, SKIPPED, FAILED = "exported", "skipped", "failed"
# a frame a full disk stopped the export before: failed, though nothing of it was tried
NOT_REACHED_NOTE = ("not written: the export stopped before it when the disk was full; free "
                    "some space or choose another folder, then export again")
CSV_NAME, JSON_NAME = "manifest.csv", "manifest.json"
# set_aside's: an overwriting run's earlier rows, under the temporary names the clean-up
# of a killed run removes (core.leftovers)
ASIDE_NAME, ASIDE_CSV_NAME = ".shotkind-manifest-before-overwrite.tmp", ".shotkind-manifest-csv-before-overwrite.tmp"


@dataclass
class ExportItem:
    """One output of one frame (or why there is none)."""

    source: str                                    # frame name within the shoot
    preset: str
    status: str = EXPORTED                         # EXPORTED / SKIPPED / FAILED
    output: str | None = None                      # file name in the output folder
    pixels_from: str | None = None                 # the file the pixels came from
    crop_box: tuple[int, int, int, int] | None = None   # left, top, width, height in source px
    output_size: tuple[int, int] | None = None
    headshot_score: float | None = None
    portrait_score: float | None = None
    kind: str | None = None
    flag: str = "unflagged"                        # pick / unflagged / reject
    rating: int = 0
    label: str | None = None
    notes: list[str] = field(default_factory=list)  # the reason when skipped or failed
    sitter: int | None = None                      # the sitter's number (core.people.sitters)
    person: str | None = None                      # the sitter's name
    refused: str | None = None                     # a file already there this one was not written over


CSV_COLUMNS = ("source", "output", "preset", "status", "crop_left", "crop_top", "crop_width",
               "crop_height", "output_width", "output_height", "headshot_score",
               "portrait_score", "kind", "flag", "rating", "label", "pixels_from", "notes",
               "sitter", "person")


def manifest_paths(folder: Path) -> list[Path]:
    """manifest.csv and manifest.json of an export into `folder`."""
    return [folder / CSV_NAME, folder / JSON_NAME]


def write_manifest(folder: Path, items: list[ExportItem], summary: dict) -> list[Path]:
    """manifest.csv and manifest.json in `folder` (each written atomically)."""
    rows = io.StringIO(newline="")
    writer = csv.writer(rows)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        box = item.crop_box or (None,) * 4
        size = item.output_size or (None, None)
        writer.writerow(_named([item.source, item.output or "", item.preset, item.status, *_cells(box),
                         *_cells(size), _cell(item.headshot_score), _cell(item.portrait_score),
                         item.kind or "", item.flag, item.rating, item.label or "",
                         item.pixels_from or "", "; ".join(item.notes),
                         _cell(item.sitter), item.person or ""]))
    document = _named({**summary, "items": [asdict(item) for item in items]})
    targets = manifest_paths(folder)
    texts = [rows.getvalue(), json.dumps(document, indent=2, ensure_ascii=False) + "\n"]
    # the JSON first: the larger file fails first on a full disk, leaving both as they were
    for target, text in reversed(list(zip(targets, texts))):
        write_atomically(target, text.encode("utf-8"), overwrite=True)
    return targets


EARLIER_NOTE = "delivered by an earlier export into this folder"


def set_aside(folder: Path) -> Path | None:
    """Before an export that may replace files in `folder`: its manifest moved out of
    the way (select reads manifest.json only), to be read for the earlier rows at the end
    (earlier_deliveries' `source`). A killed run then leaves no manifest naming the old
    source of a file it replaced: a tester's client choice of 001.jpg, replaced by F05's
    picture, marked F01. An aside a killed run left is dropped: its rows may name files
    that run replaced. Returns the aside, None when there was no manifest."""
    aside, csv_aside = folder / ASIDE_NAME, folder / ASIDE_CSV_NAME
    drop_aside(aside)
    try:
        os.rename(folder / JSON_NAME, aside)    # moves, not writes: the asides are gone already
    except FileNotFoundError:
        return None
    try:
        os.rename(folder / CSV_NAME, csv_aside)
    except FileNotFoundError:
        pass
    return aside


def put_back(aside: Path) -> None:
    """The manifest set aside back in place, when the run wrote nothing that could make
    it untrue (a review: an overwriting export of another shoot, cancelled at once, had
    replaced a first shoot's correct manifest with an empty one)."""
    os.rename(aside, aside.with_name(JSON_NAME))
    csv_aside = aside.with_name(ASIDE_CSV_NAME)
    if csv_aside.exists():
        os.rename(csv_aside, aside.with_name(CSV_NAME))


def drop_aside(aside: Path) -> None:
    """The manifest set aside at `aside` (and its CSV) removed."""
    aside.unlink(missing_ok=True)
    aside.with_name(ASIDE_CSV_NAME).unlink(missing_ok=True)


def earlier_deliveries(folder: Path, shoot: str, items: list[ExportItem],
                       source: Path | None = None) -> list[ExportItem]:
    """The rows of the manifest.json already in `folder` (or at `source`, set_aside's),
    written by an export of the same `shoot`, for files it delivered that are still
    there and that `items` did not write. None when there is no such manifest; a row
    with a field of the wrong type (an older or hand-edited manifest) is left out."""
    try:
        document = json.loads((source or folder / JSON_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(document, dict) or not same_shoot(document.get("shoot"), shoot) \
            or not isinstance(document.get("items"), list):
        return []
    written = {item.output.casefold() for item in items if item.output}
    kept = []
    for row in document["items"]:
        item = _delivered(row)
        if item is None or item.output.casefold() in written or not _still_there(folder, item.output):
            continue
        if EARLIER_NOTE not in item.notes:
            item.notes.append(EARLIER_NOTE)
        kept.append(item)
        written.add(item.output.casefold())         # one row a file
    return kept


def manifest_of_shoot(folder: Path, shoot: str, source: Path | None = None) -> bool:
    """Whether the manifest.json in `folder` (or at `source`) was written by an export of
    `shoot`, so its rows can be carried into the next one (earlier_deliveries)."""
    try:
        document = json.loads((source or folder / JSON_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(document, dict) and same_shoot(document.get("shoot"), shoot)


def same_shoot(recorded, shoot: str) -> bool:
    """Whether a manifest's "shoot" is the folder `shoot`, however either was spelled (a
    re-tester delivered from the window, then again with a relative path on the
    command line: the earlier files lost their rows, and stderr said no earlier export
    of this shoot listed them)."""
    if not isinstance(recorded, str):
        return False
    if recorded == shoot:
        return True
    try:
        return os.path.samefile(recorded, shoot)
    except (OSError, ValueError):       # gone, or not a path here
        return Path(recorded).resolve() == Path(shoot).resolve()


def _delivered(row) -> ExportItem | None:
    """An exported row of a manifest.json as an ExportItem, or None."""
    if not isinstance(row, dict) or row.get("status") != EXPORTED:
        return None
    try:
        item = ExportItem(**{f.name: row[f.name] for f in fields(ExportItem) if f.name in row})
    except TypeError:
        return None
    texts = (item.source, item.preset, item.output, item.flag)
    optional_texts = (item.pixels_from, item.kind, item.label, item.person, item.refused)
    scores = (item.headshot_score, item.portrait_score)
    if not (all(isinstance(value, str) for value in texts)
            and all(value is None or isinstance(value, str) for value in optional_texts)
            and all(value is None or _number(value) for value in scores)
            and _whole(item.rating) and (item.sitter is None or _whole(item.sitter))
            and isinstance(item.notes, list) and all(isinstance(note, str) for note in item.notes)
            and _box(item.crop_box, 4) and _box(item.output_size, 2)):
        return None
    item.crop_box = tuple(item.crop_box) if item.crop_box else None     # JSON gives lists
    item.output_size = tuple(item.output_size) if item.output_size else None
    return item


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _box(value, length: int) -> bool:
    return value is None or (isinstance(value, list) and len(value) == length and all(map(_whole, value)))


def _still_there(folder: Path, output: str) -> bool:
    """`output` names a file inside `folder` (a folder per person allowed, never a way out)."""
    relative = Path(output)
    if relative.is_absolute() or not relative.parts or ".." in relative.parts:
        return False
    place = folder / relative
    return place.is_file() and place.resolve().is_relative_to(folder.resolve())


def read_manifest(folder: Path) -> list[dict]:
    """The rows of a manifest.csv, as dicts of strings."""
    with (folder / CSV_NAME).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _named(value):
    """`value` with every string valid UTF-8: a name's bytes that are not UTF-8 (os.fsdecode's
    surrogate escapes) are written as \\xef, so a spreadsheet still opens the manifest."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if isinstance(value, (list, tuple)):
        return [_named(item) for item in value]
    if isinstance(value, dict):
        return {_named(key): _named(item) for key, item in value.items()}
    return value


def _cells(values) -> list:
    return [_cell(v) for v in values]


def _cell(value) -> str:
    if value is None:
        return ""
    return f"{value:.1f}" if isinstance(value, float) else str(value)
