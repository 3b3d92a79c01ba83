"""`shotkind select FOLDER --from FILE|-`: the client's choice marked in the shoot, as
File ▸ Import Client Selection does it, for a script or a terminal.

Without --round the list is kept as a new client round. A round already kept that the
list would take frames out of is replaced only with --replace (or added to with --add):
a tester's second import silently dropped a frame from the client's "final choice".

Exit status: 0 when every name in the list meant exactly one frame (all marked); 1 when
some names meant no frame or several, or a number stood among a sentence's words (each
named on stderr; the others are marked all the same); 2 when nothing was marked: a
usage error, a list that cannot be read (not text) or in which no name matches a frame,
a round that would lose frames without --replace or --add, or a shoot another ShotKind
window holds (its catalog is then read-only). --dry-run exits as the same command
without it would.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shotkind_desktop.cli import NOT_DONE, _usage_error, folder_argument, shown
from shotkind_desktop.core.delivery.client_import import ADD, DEFAULT_MARK, REPLACE
from shotkind_desktop.core.words import counted

BUSY_WAIT = 10.0   # seconds the marks may wait for a catalog another program holds


def add_select_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Mark the frames a client chose (a list of file names, stems or frame numbers "
                          "separated by commas, spaces, new lines or ' OR ', a CSV with a file-name column, "
                          "or a proof gallery's choice file).")
    parser.add_argument("folder", type=folder_argument, help="the shoot folder")
    parser.add_argument("--from", dest="source", required=True, metavar="FILE",
                        help="the client's list; - reads it from standard input")
    parser.add_argument("--round", default=None,
                        help="the client round it is kept as (default: a new round, 'first choice', "
                             "then 'second choice'…)")
    kept = parser.add_mutually_exclusive_group()
    kept.add_argument("--replace", dest="how", action="store_const", const=REPLACE,
                      help="when --round names a round already kept: the list replaces it, even if "
                           "frames the client chose then drop out")
    kept.add_argument("--add", dest="how", action="store_const", const=ADD,
                      help="when --round names a round already kept: add the list's frames to it")
    parser.add_argument("--mark", default=DEFAULT_MARK,
                        help=f"label=COLOUR, pick or stars=N (default {DEFAULT_MARK})")
    parser.add_argument("--manifest", action="append", default=[], type=Path, metavar="PATH",
                        help="an export's folder or manifest, to map delivered file names back "
                             "(repeatable)")
    parser.add_argument("--dry-run", action="store_true", help="say what would be marked, mark nothing")


def select_command(args: argparse.Namespace) -> int:
    from shotkind_desktop.core.decisions.catalog import Catalog, CatalogBusy, CatalogReadOnly
    from shotkind_desktop.core.files.text_file import decode_text
    from shotkind_desktop.core.delivery.client_import import (chosen_rejects, chosen_rejects_words, delivered_names,
                                                              import_choice, parse_mark, read_match)
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
        data = sys.stdin.buffer.read() if args.source == "-" else Path(args.source).read_bytes()
        text = decode_text(data)
        delivered = delivered_names(args.manifest)
    except (OSError, ValueError, KeyError) as error:
        reason = getattr(error, "strerror", None) or error
        return usage(f"cannot read {getattr(error, 'filename', None) or args.source}: {reason}")
    shoot = scan_frames(args.folder)
    match = read_match(text, {frame.name: frame.files for frame in shoot.frames}, delivered)
    if not (match.chosen or match.unmatched or match.ambiguous or match.in_sentence):
        return usage(f"{args.source}: the list names no frames")
    for line in match.problem_lines():
        print(shown(line), file=sys.stderr)
    if not match.chosen:
        return usage("nothing marked: no name in the list matches exactly one frame of the shoot")
    if args.dry_run:
        rounds, decisions = _kept(args.folder, shoot.frames)
        change = _round_change(args, rounds, match.chosen)
        if change.needs_asking and args.how is None:
            return usage(_would_drop(change))
        for name in match.chosen:
            print(shown(name))
        print(f"would mark {counted(len(match.chosen), 'frame')} with {mark.words} in {change.round!r}"
              + (f" ({shown(change.words())})" if change.before else ""))
        rejected = chosen_rejects(match.chosen, decisions)
        if rejected:
            print(shown(chosen_rejects_words(rejected, mark)))
        return NOT_DONE if match.problems else 0
    from shotkind_desktop.ui import settings      # where Preferences keep catalogs: the window's catalog
    catalog = Catalog.open(args.folder, exclusive=True, in_data_folder=settings.flag(settings.CATALOG_IN_DATA_FOLDER))
    try:
        change = _round_change(args, catalog.client_rounds(), match.chosen)
        if change.needs_asking and args.how is None:
            return usage(_would_drop(change))
        keeper = DecisionKeeper(args.folder, catalog, shoot.names(),
                                files={frame.name: frame.on_disk for frame in shoot.frames})
        outcome = import_choice(keeper, catalog, match, change.round, mark, how=change.how)
        if not keeper.writer.finish(BUSY_WAIT):
            held_up = keeper.writer.held_up
            return usage(f"{held_up.reason if held_up else 'the catalog cannot be written'}: "
                         f"{counted(len(keeper.waiting()), 'mark')} could not be saved; try again when it can be")
        for message in keeper.sidecar_errors:
            print(shown(message), file=sys.stderr)
    except CatalogReadOnly as error:
        return usage(f"nothing marked: the catalog is read-only ({error})")
    except CatalogBusy as error:      # the round's save; the marks may still wait in the keeper
        unsaved = 0 if keeper.writer.finish(BUSY_WAIT) else len(keeper.waiting())
        marks = f"; nor {'was' if unsaved == 1 else 'were'} {counted(unsaved, 'mark')}" if unsaved else ""
        return usage(f"the client round was not saved ({error.reason}){marks}: try again when it can be written")
    finally:
        catalog.close()
    print(outcome.summary())
    return NOT_DONE if match.problems else 0


def _kept(folder: Path, frames: list) -> tuple[dict[str, list[str]], dict]:
    """The client rounds of the shoot's catalog and its decisions as the window shows
    them (merged with the sidecars), read without creating a catalog (a dry run)."""
    from shotkind_desktop.core.delivery.export import open_existing_catalog, shoot_decisions
    catalog = open_existing_catalog(folder)
    try:
        return (catalog.client_rounds() if catalog else {}), shoot_decisions(folder, catalog, frames)
    finally:
        if catalog is not None:
            catalog.close()


def _round_change(args: argparse.Namespace, rounds: dict[str, list[str]], chosen: list[str]):
    """What the import does to its round: --round, else a new one."""
    from shotkind_desktop.core.delivery.client_import import new_round_name, round_change
    round_ = (args.round or "").strip() or new_round_name(rounds)
    return round_change(rounds, round_, chosen, args.how or REPLACE)


def _would_drop(change) -> str:
    """The refusal when a round kept would lose frames the client chose."""
    dropped = change.dropped
    return (f"nothing marked: {change.round!r} already holds frames the client chose in an earlier "
            f"import, and this list leaves out {', '.join(dropped)}; give --replace to replace "
            "the round, --add to add the list to it, or another --round")
