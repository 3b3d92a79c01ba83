"""Agreement of the engine with the labelled photos in ../shared/photos.

Prints, for each detector, the agreement per column of labels.csv, the confusion table
for `kind`, headshot precision and recall, face counts, and a robustness check: every
threshold of the scoring table moved by ±20% in turn, to show the figures do not hang
on a number fitted to these files. Run: .venv/bin/python benchmarks/accuracy.py
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from shotkind_desktop.core import scoring
from shotkind_desktop.core.decode import decode_for_analysis
from shotkind_desktop.core.analysis import judge_frame
from shotkind_desktop.core.faces import find_faces, make_detector

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
KINDS = ("headshot", "portrait", "none")


def measure_all(photos: Path, detector) -> list[dict]:
    """Per labelled photo: its labels, the faces found and the measures (None: no face)."""
    rows = []
    for label in csv.DictReader((photos / "labels.csv").open()):
        frame = decode_for_analysis(photos / label["file"])
        faces = find_faces(detector, frame.image)
        measures, judgement = judge_frame(frame.image, faces)
        rows.append({"label": label, "faces": faces, "measures": measures, "empty": judgement})
    return rows


def predictions(row: dict) -> dict:
    judgement = scoring.judge(row["measures"]) if row["measures"] else row["empty"]
    people = row["measures"].people if row["measures"] else 0
    return {"kind": judgement.kind, "faces": str(people), **judgement.criteria,
            "headshot_score": judgement.headshot_score}


def agreement(rows: list[dict]) -> dict:
    """Figures for one run: per column agreement, headshot precision/recall, confusion."""
    predicted = [predictions(row) for row in rows]
    labels = [row["label"] for row in rows]
    figures = {}
    for column in ("kind", "faces", "frontal", "backdrop", "lighting", "framing"):
        pairs = [(lab[column], pred[column]) for lab, pred in zip(labels, predicted)
                 if lab[column] != "" and not (column == "frontal" and pred[column] == "")]
        figures[column] = (sum(a == b for a, b in pairs), len(pairs))
    truth = [lab["kind"] == "headshot" for lab in labels]
    said = [pred["kind"] == "headshot" for pred in predicted]
    hits = sum(t and s for t, s in zip(truth, said))
    figures["headshot_vs_not"] = (sum(t == s for t, s in zip(truth, said)), len(truth))
    figures["precision"] = (hits, sum(said))
    figures["recall"] = (hits, sum(truth))
    figures["confusion"] = Counter((lab["kind"], pred["kind"]) for lab, pred in zip(labels, predicted))
    figures["misses"] = [(lab["file"], lab["kind"], pred["kind"], pred["headshot_score"])
                         for lab, pred in zip(labels, predicted) if lab["kind"] != pred["kind"]]
    with_face = [row for row in rows if int(row["label"]["faces"] or 0) > 0]
    figures["main_face_found"] = (sum(bool(row["faces"]) for row in with_face), len(with_face))
    without = [row for row in rows if row["label"]["kind"] == "none"]
    figures["no_face_on_none"] = (sum(not row["faces"] for row in without), len(without))
    return figures


def percent(pair: tuple[int, int]) -> str:
    done, total = pair
    return f"{100 * done / total:5.1f}% ({done}/{total})" if total else "  n/a"


@contextmanager
def table_changed(key: str, factor: float):
    saved = scoring.TABLE[key]
    scoring.TABLE[key] = saved * factor
    try:
        yield
    finally:
        scoring.TABLE[key] = saved


def robustness(rows: list[dict]) -> list[tuple[str, float, float]]:
    """Headshot-vs-not accuracy with each numeric threshold moved by -20% and +20%."""
    out = []
    for key, value in scoring.TABLE.items():
        if not isinstance(value, float) or key.endswith("weights"):
            continue
        results = []
        for factor in (0.8, 1.2):
            with table_changed(key, factor):
                done, total = agreement(rows)["headshot_vs_not"]
                results.append(done / total)
        out.append((key, *results))
    return out


def report(name: str, rows: list[dict], show_robustness: bool) -> dict:
    figures = agreement(rows)
    print(f"\n== detector: {name} ==")
    for column, goal in (("headshot_vs_not", 90), ("precision", 80), ("recall", 80), ("kind", None),
                         ("faces", 90), ("frontal", 85), ("backdrop", 85), ("lighting", 80),
                         ("framing", 80), ("main_face_found", 100), ("no_face_on_none", 100)):
        goal_text = f"   goal {goal}%" if goal else ""
        print(f"  {column:18s} {percent(figures[column])}{goal_text}")
    print("  kind confusion (rows: label, columns: predicted)")
    print("  " + " " * 10 + "".join(f"{k:>10s}" for k in KINDS))
    for truth in KINDS:
        print(f"  {truth:10s}" + "".join(f"{figures['confusion'][(truth, p)]:10d}" for p in KINDS))
    print("  disagreements on kind:", ", ".join(f"{f} ({l}→{p} {s:.0f})" for f, l, p, s in figures["misses"]))
    if show_robustness:
        print("  robustness: headshot-vs-not accuracy with one threshold at ×0.8 / ×1.2")
        for key, low, high in robustness(rows):
            print(f"    {key:26s} {low:6.1%} {high:6.1%}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=Path, default=SHARED / "photos")
    parser.add_argument("--model", type=Path, default=SHARED / "models" / "face_detection_yunet.onnx")
    parser.add_argument("--robustness", action="store_true", help="also move each threshold ±20%%")
    args = parser.parse_args(argv)
    for name in ("mtcnn", "yunet"):
        detector = make_detector(name, args.model if name == "yunet" else None)
        report(name, measure_all(args.photos, detector), args.robustness)
    return 0


if __name__ == "__main__":
    sys.exit(main())
