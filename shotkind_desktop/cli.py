"""`shotkind`: open the app (optionally on a shoot) or `shotkind analyze FOLDER`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (the full usage stays in --help)."""

    def error(self, message: str):
        self.exit(USAGE_ERROR, f"{self.prog}: {message} (see --help)\n")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "analyze":
        return analyze_command(argv[1:])
    return gui_command(argv)


def gui_command(argv: list[str]) -> int:
    parser = _Parser(prog="shotkind", description="Cull a portrait or headshot shoot.",
                     epilog="Also: shotkind analyze FOLDER --help")
    parser.add_argument("folder", nargs="?", type=Path, help="shoot folder to open")
    args = parser.parse_args(argv)
    from shotkind_desktop.ui.app import run_app   # Qt loads only for the GUI
    return run_app(args.folder)


def analyze_command(argv: list[str]) -> int:
    from shotkind_desktop.core.faces import DETECTORS, make_detector

    parser = _Parser(prog="shotkind analyze",
                     description="Score every frame of a shoot for headshot suitability.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--json", default="-", metavar="PATH", help="JSON report (default: stdout)")
    parser.add_argument("--csv", metavar="PATH", help="also write a CSV report")
    parser.add_argument("--detector", choices=DETECTORS, default="mtcnn")
    parser.add_argument("--model", type=Path, help="YuNet model file (or $SHOTKIND_YUNET_MODEL)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--recursive", action="store_true", help="include sub-folders")
    args = parser.parse_args(argv)

    if not args.folder.is_dir():
        return _usage_error(f"not a folder: {args.folder}")
    if args.jobs < 1:
        return _usage_error("--jobs must be at least 1")
    for option, target in (("--json", args.json), ("--csv", args.csv)):
        if target and target != "-" and not Path(target).parent.is_dir():   # before the long work
            return _usage_error(f"{option}: no folder to write {target} in")
    try:
        make_detector(args.detector, args.model)   # fail now, not in every worker
    except (ValueError, FileNotFoundError) as error:
        return _usage_error(str(error))
    from shotkind_desktop.core.analysis import analyze_shoot
    from shotkind_desktop.core.report import csv_report, json_report
    from shotkind_desktop.core.scan import scan_shoot

    paths = scan_shoot(args.folder, args.recursive)
    progress = _progress_bar if sys.stderr.isatty() else None
    results = analyze_shoot(args.folder, paths, args.detector, args.model, args.jobs, progress)
    if progress:
        sys.stderr.write("\n")
    _write(args.json, json_report(str(args.folder), args.detector, results))
    if args.csv:
        _write(args.csv, csv_report(results))
    return 0


def _write(target: str, text: str) -> None:
    if target == "-":
        sys.stdout.write(text)
        return
    Path(target).write_text(text, encoding="utf-8")


def _usage_error(message: str) -> int:
    print(f"shotkind analyze: {message}", file=sys.stderr)
    return USAGE_ERROR


def _progress_bar(done: int, total: int) -> None:
    width = 30
    filled = round(width * done / total) if total else width
    sys.stderr.write(f"\ranalysing {done}/{total} [{'#' * filled}{'.' * (width - filled)}]")
    sys.stderr.flush()
