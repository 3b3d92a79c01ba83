"""Agreement of the engine with the labelled photos in ../shared/photos and
../shared/photos-more.

Prints, for each set and both together, the agreement per column of labels.csv (kind,
faces, frontal, backdrop, lighting, framing, eyes, expression), headshot precision and
recall, and the frames each criterion disagrees on. `--tune` chooses the parameters
marked CV in parameters.Parameters by 5-fold cross-validation over both sets and prints the
held-out folds' figure beside the figure with the shipped parameters, so a number fitted
to these files shows as a gap between the two.

Run: .venv/bin/python benchmarks/accuracy.py [--detector yunet|mtcnn|both] [--tune]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from shotkind_desktop.core.judgement.frame_pipeline import finer_pixels
from shotkind_desktop.core.files.decode import decode_for_analysis
from shotkind_desktop.core.judgement.faces import make_detector
from shotkind_desktop.core.judgement.measures import measure_frame
from shotkind_desktop.core.judgement.perception import perceive
from shotkind_desktop.core.judgement.parameters import PARAMETERS, Parameters
from shotkind_desktop.core.judgement.scoring import judge

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SETS = ("photos", "photos-more")
KINDS = ("headshot", "portrait", "none")
COLUMNS = ("kind", "faces", "frontal", "backdrop", "lighting", "framing", "eyes", "expression")
GOALS = {"headshot_vs_not": 92, "precision": 85, "recall": 85, "faces": 92, "frontal": 85,
         "backdrop": 88, "lighting": 85, "framing": 82, "eyes": 95, "expression": 75}
# What cross-validation may choose, each with the column it is chosen for and its grid.
TUNED = {
    "edge_limit": ("backdrop", [0.01, 0.0125, 0.015, 0.0175, 0.02, 0.025, 0.03]),
    "change_limit": ("backdrop", [0.1, 0.12, 0.14, 0.16, 0.18, 0.2, 0.22, 0.25, 0.3]),
    "yaw_limit": ("frontal", [20.0, 22.5, 25.0, 27.5, 30.0]),
    "away_limit": ("frontal", [22.5, 25.0, 27.5, 30.0, 32.5, 35.0]),
    "closeup_max_below": ("framing", [0.0, 0.04, 0.08, 0.12, 0.16, 0.2, 0.25, 0.3]),
    "closeup_min_face_area": ("framing", [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6]),
    "closeup_face_height": ("framing", [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]),
    "closeup_max_cut": ("framing", [1.8, 2.0, 2.2, 2.4, 2.6, 99.0]),
    "head_shoulders_max_below": ("framing", [0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8]),
    "half_body_max_below": ("framing", [3.0, 3.6, 4.0, 4.4, 5.0, 5.5, 6.0, 7.0]),
    "blink_closed": ("eyes", [0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65]),
    "blink_one": ("eyes", [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 1.01]),
    "squint_per_smile": ("eyes", [0.0, 0.25, 0.5]),
    "lid_gap_closed": ("eyes", [0.0, 0.1, 0.12, 0.14, 0.16, 0.18, 0.2]),
    "eye_min_width": ("eyes", [4.0, 5.0, 6.0, 7.0, 8.0, 10.0, 12.0]),
    "smile_from": ("expression", [0.2, 0.3, 0.4, 0.5]),
    "laugh_open": ("expression", [0.15, 0.2, 0.25, 0.3]),
    "talk_open": ("expression", [0.2, 0.3, 0.4, 0.5]),
    "shout_open": ("expression", [0.35, 0.4, 0.45, 0.5, 1.0]),
    "backdrop_min_area": ("backdrop", [0.0, 0.05, 0.1, 0.15, 0.2]),
    "sliver_change_limit": ("backdrop", [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]),
}


def measure_all(photos: Path, detector) -> list[dict]:
    """Per labelled photo: its labels, the faces found and the measures (NoFaceMeasures: no face)."""
    rows = []
    for label in csv.DictReader((photos / "labels.csv").open()):
        frame = decode_for_analysis(photos / label["file"])
        seen = perceive(frame.image, detector)
        measures = measure_frame(seen, finer_pixels(frame, seen))
        rows.append({"label": label, "set": photos.name, "faces": seen.faces, "measures": measures})
    return rows


def predictions(row: dict, p: Parameters = PARAMETERS) -> dict:
    judgement = judge(row["measures"], p)
    return {"kind": judgement.kind, "faces": str(row["measures"].people), **judgement.criteria,
            "headshot_score": judgement.headshot_score}


def agreement(rows: list[dict], p: Parameters = PARAMETERS) -> dict:
    """Figures for one run: per column agreement, headshot precision/recall, confusion,
    and per column the frames that disagree."""
    predicted = [predictions(row, p) for row in rows]
    labels = [row["label"] for row in rows]
    figures, misses = {}, {}
    for column in COLUMNS:
        pairs = [(lab["file"], lab[column], pred[column]) for lab, pred in zip(labels, predicted)
                 if lab.get(column, "") != "" and not (column in ("frontal", "eyes") and pred[column] == "")]
        figures[column] = (sum(a == b for _, a, b in pairs), len(pairs))
        misses[column] = [(f, a, b) for f, a, b in pairs if a != b]
    truth = [lab["kind"] == "headshot" for lab in labels]
    said = [pred["kind"] == "headshot" for pred in predicted]
    hits = sum(t and s for t, s in zip(truth, said))
    figures["headshot_vs_not"] = (sum(t == s for t, s in zip(truth, said)), len(truth))
    figures["precision"] = (hits, sum(said))
    figures["recall"] = (hits, sum(truth))
    figures["confusion"] = Counter((lab["kind"], pred["kind"]) for lab, pred in zip(labels, predicted))
    figures["misses"] = misses
    figures["scores"] = [(lab["file"], pred["kind"], pred["headshot_score"])
                         for lab, pred in zip(labels, predicted)]
    with_face = [row for row in rows if int(row["label"]["faces"] or 0) > 0]
    figures["main_face_found"] = (sum(bool(row["faces"]) for row in with_face), len(with_face))
    without = [row for row in rows if row["label"]["kind"] == "none"]
    figures["no_face_on_none"] = (sum(not row["faces"] for row in without), len(without))
    return figures


def share(pair: tuple[int, int]) -> float:
    done, total = pair
    return done / total if total else 0.0


def percent(pair: tuple[int, int]) -> str:
    done, total = pair
    return f"{100 * done / total:5.1f}% ({done}/{total})" if total else "  n/a"


def tune(rows: list[dict], base: Parameters = PARAMETERS, tuned: dict = TUNED) -> Parameters:
    """Each CV parameter in turn (`tuned`: name -> its column and grid), the grid value
    that agrees best with its column on `rows`; where several agree as well, the middle
    one of them (not the shipped value, which would hand back what is already there
    whenever the column is flat)."""
    chosen = base
    for name, (column, grid) in tuned.items():
        scores = {v: share(agreement(rows, replace(chosen, **{name: v}))[column]) for v in grid}
        best = sorted(v for v in grid if scores[v] == max(scores.values()))
        chosen = replace(chosen, **{name: best[len(best) // 2]})
    return chosen


def cross_validate(rows: list[dict], folds: int = 5, seed: int = 7, base: Parameters = PARAMETERS,
                   tuned: dict = TUNED) -> tuple[dict, list[Parameters]]:
    """Held-out figures: each fold judged with parameters tuned on the other folds."""
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    held_out, chosen = [], []
    for fold in range(folds):
        test = [rows[i] for i in order[fold::folds]]
        train = [rows[i] for i in order if i not in set(order[fold::folds])]
        params = tune(train, base, tuned)
        chosen.append(params)
        held_out += [(row, params) for row in test]
    # agreement over all held-out rows, each judged with its own fold's parameters
    totals: dict = {}
    for row, params in held_out:
        for key, value in agreement([row], params).items():
            if isinstance(value, tuple):
                done, total = totals.get(key, (0, 0))
                totals[key] = (done + value[0], total + value[1])
    return totals, chosen


def report(title: str, rows: list[dict], p: Parameters = PARAMETERS, details: bool = True) -> dict:
    figures = agreement(rows, p)
    print(f"\n== {title} ({len(rows)} photos) ==")
    for column in ("headshot_vs_not", "precision", "recall", *COLUMNS[1:], "main_face_found",
                   "no_face_on_none"):
        goal = GOALS.get(column)
        mark = "" if goal is None or 100 * share(figures[column]) >= goal else "   BELOW GOAL"
        print(f"  {column:18s} {percent(figures[column])}" + (f"   goal {goal}%{mark}" if goal else ""))
    print("  kind confusion (rows: label, columns: predicted)")
    print("  " + " " * 10 + "".join(f"{k:>10s}" for k in KINDS))
    for truth in KINDS:
        print(f"  {truth:10s}" + "".join(f"{figures['confusion'][(truth, k)]:10d}" for k in KINDS))
    if details:
        for column, misses in figures["misses"].items():
            if misses:
                print(f"  {column} disagrees on: " + ", ".join(f"{f} ({a}→{b or '—'})" for f, a, b in misses))
        headshots = sorted((s, f) for f, k, s in figures["scores"] if k == "headshot")
        print(f"  headshot scores of frames called headshots: {[s for s, _ in headshots]}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detector", choices=("yunet", "mtcnn", "both"), default="yunet")
    parser.add_argument("--tune", action="store_true", help="cross-validate the CV parameters")
    parser.add_argument("--photos", type=Path, action="append", default=[],
                        help="another folder of photos with a labels.csv like ../shared/photos', "
                             "reported on its own (benchmarks/outside_check/first and second)")
    args = parser.parse_args(argv)
    names = ("yunet", "mtcnn") if args.detector == "both" else (args.detector,)
    for name in names:
        detector = make_detector(name)
        rows = {s: measure_all(SHARED / s, detector) for s in SETS}
        for s in SETS:
            report(f"{name}: {s}", rows[s])
        everything = rows[SETS[0]] + rows[SETS[1]]
        report(f"{name}: both sets", everything, details=False)
        for folder in args.photos:
            report(f"{name}: {folder}", measure_all(folder, detector))
        if args.tune:
            held, chosen = cross_validate(everything)
            print(f"\n== {name}: 5-fold cross-validation over both sets (held-out folds) ==")
            tuned_columns = [column for column in COLUMNS if any(c == column for c, _ in TUNED.values())]
            for column in ("headshot_vs_not", "precision", "recall", *tuned_columns):
                print(f"  {column:18s} held out {percent(held[column])}")
            for parameter in TUNED:
                print(f"  {parameter:18s} chosen per fold: {[getattr(c, parameter) for c in chosen]}"
                      f"  shipped {getattr(PARAMETERS, parameter)}")
            whole = tune(everything)
            print("  tuned on all: " + ", ".join(f"{k}={getattr(whole, k)}" for k in TUNED))
    return 0


if __name__ == "__main__":
    sys.exit(main())
