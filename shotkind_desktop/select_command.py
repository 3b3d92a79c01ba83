"""`shotkind select FOLDER --from FILE|-`: the client's choice marked in the shoot, as
File ▸ Import Client Selection does it, for a script or a terminal.

Exit status: 0 when every name in the list meant exactly one frame (all marked); 1 when
some names meant no frame or several (each named on stderr; the others are marked all
the same); 2 when nothing was done: a usage error, a list that cannot be read or names
nothing, or a shoot another ShotKind window holds (its catalog is then read-only).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shotkind_desktop.cli import NOT_DONE, _usage_error, folder_argument, shown
from shotkind_desktop.core.delivery.client_import import DEFAULT_MARK, DEFAULT_ROUND

BUSY_WAIT = 10.0   # seconds the marks may wait for a catalog another program holds


def add_select_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Mark the frames a client chose (a list of file names or stems separated "
                          "by commas, spaces, new lines or ' OR ', a CSV with a file-name column, "
                          "or a proof gallery's choice file).")
    parser.add_argument("folder", type=folder_argument, help="the shoot folder")
    parser.add_argument("--from", dest="source", required=True, metavar="FILE",
                        help="the client's list; - reads it from standard input")
    parser.add_argument("--round", default=DEFAULT_ROUND,
                        help=f"the client round it is kept as (default {DEFAULT_ROUND!r}; "
                             "the same round again replaces it)")
    parser.add_argument("--mark", default=DEFAULT_MARK,
                        help=f"label=COLOUR, pick or stars=N (default {DEFAULT_MARK})")
    parser.add_argument("--manifest", action="append", default=[], type=Path, metavar="PATH",
                        help="an export's folder or manifest, to map delivered file names back "
                             "(repeatable)")
    parser.add_argument("--dry-run", action="store_true", help="say what would be marked, mark nothing")


def select_command(args: argparse.Namespace) -> int:
    from shotkind_desktop.core.decisions.catalog import Catalog, CatalogBusy, CatalogReadOnly
    from shotkind_desktop.core.delivery.client_import import (delivered_names, import_choice, parse_mark,
                                                     read_match)
    from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
    from shotkind_desktop.core.files.scan import folder_problem
    from shotkind_desktop.core.shoot import scan_frames

    def usage(message: str) -> int:
        return _usage_error(message, "select")

    if folder_problem(args.folder):
        return usage(folder_problem(args.folder))
    try:
        mark = parse_mark(args.mark)
    except ValueError as error:
        return usage(f"--mark {error}")
    try:
        text = sys.stdin.read() if args.source == "-" else Path(args.source).read_text(
            encoding="utf-8-sig", errors="replace")
        delivered = delivered_names(args.manifest)
    except (OSError, ValueError, KeyError) as error:
        reason = getattr(error, "strerror", None) or error
        return usage(f"cannot read {getattr(error, 'filename', None) or args.source}: {reason}")
    shoot = scan_frames(args.folder)
    match = read_match(text, {frame.name: frame.files for frame in shoot.frames}, delivered)
    if not (match.chosen or match.unmatched or match.ambiguous):
        return usage(f"{args.source}: the list names no frames")
    for line in match.problem_lines():
        print(shown(line), file=sys.stderr)
    if args.dry_run:
        for name in match.chosen:
            print(shown(name))
        print(f"would mark {len(match.chosen)} frames with {mark.words} in {args.round.strip()!r}")
        return NOT_DONE if match.problems else 0
    from shotkind_desktop.ui import settings      # where Preferences keep catalogs: the window's catalog
    catalog = Catalog.open(args.folder, exclusive=True, in_data_folder=settings.flag(settings.CATALOG_IN_DATA_FOLDER))
    try:
        keeper = DecisionKeeper(args.folder, catalog, shoot.names(),
                                files={frame.name: frame.on_disk for frame in shoot.frames})
        outcome = import_choice(keeper, catalog, match, args.round, mark)
        if not keeper.writer.finish(BUSY_WAIT):
            held_up = keeper.writer.held_up
            return usage(f"{held_up.reason if held_up else 'the catalog cannot be written'}: "
                         f"{len(keeper.waiting())} marks could not be saved; try again when it can be")
        for message in keeper.sidecar_errors:
            print(shown(message), file=sys.stderr)
    except CatalogReadOnly as error:
        return usage(f"nothing marked: the catalog is read-only ({error})")
    except CatalogBusy as error:      # the round's save; the marks may still wait in the keeper
        unsaved = 0 if keeper.writer.finish(BUSY_WAIT) else len(keeper.waiting())
        marks = f"; nor were {unsaved} marks" if unsaved else ""
        return usage(f"the client round was not saved ({error.reason}){marks}: try again when it can be written")
    finally:
        catalog.close()
    print(outcome.summary())
    return NOT_DONE if match.problems else 0
