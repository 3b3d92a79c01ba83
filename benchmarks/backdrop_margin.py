"""How far from the person's outline the backdrop is read: Parameters.backdrop_fringe.

Loose hair and the person mask's blur reach past the head by a share of the head, so the
backdrop is read clear of the outline by a share of the face's height (or by the
preview's own 1% where that is more). This runs the models once on both labelled sets, then for each share
measures again, chooses the backdrop's limits (`accuracy.TUNED`'s backdrop parameters)
on the whole of both sets and by 5-fold cross-validation, and prints the backdrop's and
the kind's agreement with each. `--photos FOLDER` (repeatable) adds a labelled folder
that is only judged, with the limits chosen on the shared sets: a check set, never tuned on.

    .venv/bin/python benchmarks/backdrop_margin.py [--photos ../my-labelled-photos]
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accuracy  # noqa: E402

from shotkind_desktop.core.files.decode import decode_for_analysis  # noqa: E402
from shotkind_desktop.core.judgement.faces import make_detector  # noqa: E402
from shotkind_desktop.core.judgement.frame_pipeline import finer_pixels  # noqa: E402
from shotkind_desktop.core.judgement.measures import measure_frame  # noqa: E402
from shotkind_desktop.core.judgement.parameters import PARAMETERS, Parameters  # noqa: E402
from shotkind_desktop.core.judgement.perception import perceive  # noqa: E402

FRINGES = (0.0, 0.02, 0.03, 0.035, 0.04, 0.045, 0.05, 0.06, 0.075)
BACKDROP_LIMITS = {name: tuning for name, tuning in accuracy.TUNED.items() if tuning[0] == "backdrop"}


def seen_all(folder: Path, detector) -> list[tuple[dict, object, object]]:
    """Per labelled photo: its labels, what the models see and its finer pixels."""
    out = []
    for label in csv.DictReader((folder / "labels.csv").open()):
        frame = decode_for_analysis(folder / label["file"])
        seen = perceive(frame.image, detector)
        out.append((label, seen, finer_pixels(frame, seen)))
    return out


def rows_for(seen: list, p: Parameters) -> list[dict]:
    return [{"label": label, "faces": s.faces, "measures": measure_frame(s, finer, p)}
            for label, s, finer in seen]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=Path, action="append", default=[],
                        help="a labelled folder judged with the limits chosen on the shared sets")
    args = parser.parse_args(argv)
    detector = make_detector()
    shared = [item for name in accuracy.SETS for item in seen_all(accuracy.SHARED / name, detector)]
    checks = {folder.name: seen_all(folder, detector) for folder in args.photos}

    def figure(pair):
        return f"{100 * accuracy.share(pair):5.1f}%"
    for fringe in FRINGES:
        base = replace(PARAMETERS, backdrop_fringe=fringe)
        rows = rows_for(shared, base)
        chosen = accuracy.tune(rows, base, BACKDROP_LIMITS)
        whole = accuracy.agreement(rows, chosen)
        cv, _ = accuracy.cross_validate(rows, base=base, tuned=BACKDROP_LIMITS)
        limits = ", ".join(f"{name} {getattr(chosen, name)}" for name in BACKDROP_LIMITS)
        line = (f"fringe {fringe:5.3f}: both sets backdrop {figure(whole['backdrop'])}, headshot or not "
                f"{figure(whole['headshot_vs_not'])}; held out {figure(cv['backdrop'])}, "
                f"{figure(cv['headshot_vs_not'])}")
        for name, seen in checks.items():
            judged = accuracy.agreement(rows_for(seen, chosen), chosen)
            line += f"; {name} {figure(judged['backdrop'])}, {figure(judged['headshot_vs_not'])}"
        print(f"{line}   ({limits})", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
