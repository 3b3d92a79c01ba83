"""The analysis of a shoot as JSON (the full record) and CSV (one row a frame, for a
spreadsheet).

A RAW+JPEG pair is one record: `file` is the JPEG that was analysed, `raw` its RAW. Each
record also says its similar-frame group (`group`, the same number for every frame of a
group; a frame alone is a group of one) and its place in it (`keeper_rank`, 1 = the best,
with `keeper_reason` on the best of a group of two or more): core.people.keeper.

File names that are not valid UTF-8 (os.fsdecode gives them as lone surrogates, which no
UTF-8 file can hold) are written as JSON \\udcXX escapes, which json.loads turns back into
the same name, and in the CSV as \\xXX, the bytes a terminal would show.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import fields
from typing import TYPE_CHECKING, Sequence

from shotkind_desktop.core.people.groups import DEFAULT_GAP_SECONDS
from shotkind_desktop.core.people.keeper import Keeper, keepers
from shotkind_desktop.core.records import CRITERIA, SUMMARY_MEASURES, FrameResult

if TYPE_CHECKING:
    from shotkind_desktop.core.people.sitters import Sitter

REPORT_VERSION = 1
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
ESCAPED_BYTE = re.compile("[\udc80-\udcff]")     # os.fsdecode's stand-in for byte 0x80-0xFF
CSV_COLUMNS = ["file", "width", "height", "kind", "headshot_score", "portrait_score", "faces",
               "captured", "group", "keeper_rank", *SUMMARY_MEASURES, *CRITERIA, "reasons",
               "keeper_reason", "error", "raw", "sitter", "person"]


def json_report(folder: str, detector: str, results: list[FrameResult],
                sitters: Sequence[Sitter] = (), group_gap: float = DEFAULT_GAP_SECONDS) -> str:
    """`results` in capture order; frames at most `group_gap` seconds apart may group.
    Each frame's record with its `sitter` (1, 2, ... in shoot order) and, when any
    sitter is named (a roster, or names typed in the window), its `person`."""
    numbers, names = _sitters_of(sitters)
    named = any(sitter.name for sitter in sitters)
    frames = []
    for result, keeper in zip(results, keepers(results, group_gap)):
        # the fields as they are (plain JSON values already): asdict's deep copy took 65
        # of the 116 ms a 200-frame report took, on one core after the workers are done
        record = {**{f.name: getattr(result, f.name) for f in fields(result)}, **_keeper_fields(keeper)}
        record["sitter"] = numbers.get(result.file)
        if named:
            record["person"] = names.get(result.file)
        frames.append(record)
    document = {"version": REPORT_VERSION, "folder": folder, "detector": detector,
                "group_gap": group_gap, "frames": frames}
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    return LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def csv_report(results: list[FrameResult], sitters: Sequence[Sitter] = (),
               group_gap: float = DEFAULT_GAP_SECONDS) -> str:
    numbers, names = _sitters_of(sitters)
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r, keeper in zip(results, keepers(results, group_gap)):
        m = r.measures
        writer.writerow({
            "file": r.file, "width": r.width, "height": r.height, "kind": r.kind,
            "headshot_score": r.headshot_score, "portrait_score": r.portrait_score,
            "faces": len(r.faces), "captured": r.captured, **_keeper_fields(keeper),
            **{k: m.get(k) for k in SUMMARY_MEASURES},
            **{k: r.criteria.get(k) for k in CRITERIA},
            "reasons": "; ".join(r.reasons), "error": r.error, "raw": r.raw,
            "sitter": numbers.get(r.file), "person": names.get(r.file),
        })
    text = ESCAPED_BYTE.sub(lambda match: f"\\x{ord(match.group()) - 0xDC00:02x}", out.getvalue())
    return LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _sitters_of(sitters: Sequence[Sitter]) -> tuple[dict[str, int], dict[str, str | None]]:
    """Frame name -> its sitter's number, and -> its sitter's name."""
    numbers = {frame: s.number for s in sitters for frame in s.frames}
    names = {frame: s.name for s in sitters for frame in s.frames}
    return numbers, names


def _keeper_fields(keeper: Keeper) -> dict:
    return {"group": keeper.group, "keeper_rank": keeper.rank, "keeper_reason": keeper.reason}
