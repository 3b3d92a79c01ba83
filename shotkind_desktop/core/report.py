"""The analysis of a shoot as JSON (the full record) and CSV (one row a frame, for a
spreadsheet)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from shotkind_desktop.core.analysis import FrameResult

REPORT_VERSION = 1
CSV_COLUMNS = ["file", "width", "height", "kind", "headshot_score", "portrait_score", "faces",
               "face_fraction", "yaw", "pitch", "roll", "lighting_evenness",
               "backdrop_plainness", "sharpness", "people", "framing", "frontal", "backdrop",
               "lighting", "reasons", "error"]


def json_report(folder: str, detector: str, results: list[FrameResult]) -> str:
    document = {"version": REPORT_VERSION, "folder": folder, "detector": detector,
                "frames": [asdict(result) for result in results]}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def csv_report(results: list[FrameResult]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in results:
        m = r.measures
        writer.writerow({
            "file": r.file, "width": r.width, "height": r.height, "kind": r.kind,
            "headshot_score": r.headshot_score, "portrait_score": r.portrait_score,
            "faces": len(r.faces), **{k: m.get(k) for k in
                                      ("face_fraction", "yaw", "pitch", "roll", "lighting_evenness",
                                       "backdrop_plainness", "sharpness", "people")},
            **{k: r.criteria.get(k) for k in ("framing", "frontal", "backdrop", "lighting")},
            "reasons": "; ".join(r.reasons), "error": r.error,
        })
    return out.getvalue()
