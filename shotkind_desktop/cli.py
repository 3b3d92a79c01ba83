"""`shotkind`: the app and its commands, one argparse sub-command each with its own
--help: `shotkind [FOLDER]` or `shotkind open [FOLDER]` (the app, on a shoot),
`shotkind live FOLDER` (a live session on a tethered camera's folder), `shotkind
analyze FOLDER`, `shotkind export FOLDER --out DIR`, `shotkind select FOLDER --from
FILE` and `shotkind trash-rejects FOLDER`. Exit status 2 is a usage error, always one
line on stderr; progress goes to stderr as one bar, and only to a terminal."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from shotkind_desktop.core.words import counted

USAGE_ERROR = 2
NOT_DONE = 1


def folder_argument(text: str) -> Path:
    """A folder named on the command line; "" is refused, never taken as the current
    folder (`trash-rejects "" --yes` once trashed the current folder's rejects)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty folder name; give the folder (. for the current one)")
    return Path(text)


def shown(name: str) -> str:
    """A file name as one line of a terminal: a newline or a tab as \\n, \\t, and bytes that
    are not UTF-8 as \\xff, so each problem stays one line naming its file."""
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in name)


def gap_argument(text: str) -> float:
    """--group-gap: seconds between two frames of one pose (core.people.groups)."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds <= 3600:      # nan fails too
        raise argparse.ArgumentTypeError(f"{text!r}: give the seconds between frames of one pose, "
                                         "more than 0 (default 5)")
    return seconds


def _add_group_gap(parser: argparse.ArgumentParser) -> None:
    from shotkind_desktop.core.people.groups import DEFAULT_GAP_SECONDS
    parser.add_argument("--group-gap", type=gap_argument, default=DEFAULT_GAP_SECONDS, metavar="SECONDS",
                        help="frames taken at most this far apart and alike form a similar-frame "
                             f"group (default {DEFAULT_GAP_SECONDS:g})")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (the full usage stays in --help)."""

    def error(self, message: str):
        self.exit(USAGE_ERROR, f"{self.prog}: {message} (see --help)\n")


COMMAND_HELP = {
    "open": "open the app, on FOLDER when given (the default: shotkind FOLDER)",
    "live": "cull while shooting tethered: each new frame analysed and its verdict shown",
    "analyze": "score every frame of a shoot (JSON or CSV report)",
    "export": "export the headshot set: cropped sRGB JPEGs with a manifest",
    "select": "mark the frames a client chose",
    "trash-rejects": "send the rejected frames to the system trash, after asking",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = command_parser()
    if not argv or _names_a_folder(argv[0]):
        argv = ["open", *argv]            # `shotkind FOLDER`, as before there were commands
    elif argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        # only --help comes before a command: anything else is an option nobody takes there
        parser.error(f"unrecognized option {argv[0]}: options go after the command "
                     f"(shotkind COMMAND --help)")
    elif argv[0] not in COMMAND_HELP and not argv[0].startswith("-"):
        parser.error(f"{argv[0]!r} is not a command ({', '.join(COMMAND_HELP)}) nor a folder")
    args, unknown = parser.parse_known_args(argv)
    if unknown:                           # said by the command's parser: "shotkind analyze: ..."
        args.parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    return args.run(args)


def command_parser() -> _Parser:
    """`shotkind` with one sub-parser per command, each with its own options and --help."""
    from shotkind_desktop.select_command import add_select_arguments, select_command

    parser = _Parser(prog="shotkind", usage="shotkind [FOLDER]\n       shotkind COMMAND [options] FOLDER",
                     description="Cull a portrait or headshot shoot.",
                     epilog="shotkind FOLDER opens the app on a shoot; shotkind COMMAND --help "
                            "says what a command does and takes.")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command", required=True)
    for name, add_arguments, run in (("open", _add_open_arguments, gui_command),
                                      ("live", _add_live_arguments, live_command),
                                      ("analyze", _add_analyze_arguments, analyze_command),
                                      ("export", _add_export_arguments, export_command),
                                      ("select", add_select_arguments, select_command),
                                      ("trash-rejects", _add_trash_rejects_arguments, trash_rejects_command)):
        summary = COMMAND_HELP[name]
        command = commands.add_parser(name, prog=f"shotkind {name}", help=summary,
                                      description=summary[:1].upper() + summary[1:] + ".")
        add_arguments(command)
        command.set_defaults(run=run, parser=command)
    return parser


def _names_a_folder(word: str) -> bool:
    """The first word is the app's folder, not a command, when it is no command's name
    and names something on disk or has a path separator in it (a folder not there yet
    is then the app's to refuse in words, where a typed `shotkind analyse` gets the list
    of commands)."""
    if word in COMMAND_HELP or word.startswith("-"):
        return False
    separators = {"/", os.sep, os.altsep} - {None}
    return any(separator in word for separator in separators) or os.path.lexists(word)


def _add_open_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", nargs="?", type=folder_argument, help="shoot folder to open")


def gui_command(args: argparse.Namespace) -> int:
    from shotkind_desktop.ui.app import run_app   # Qt loads only for the GUI
    return run_app(args.folder)


def _add_live_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Cull while shooting tethered: each frame the tether software writes "
                          "into FOLDER is analysed at once and its verdict shown large.")
    parser.add_argument("folder", type=folder_argument,
                        help="the folder the tether software writes to (it may be empty)")


def live_command(args: argparse.Namespace) -> int:
    """`shotkind live FOLDER`: the app on a live session (File ▸ Live Session)."""
    from shotkind_desktop.ui.app import run_app   # Qt loads only for the GUI
    return run_app(args.folder, live=True)


def _add_analyze_arguments(parser: argparse.ArgumentParser) -> None:
    from shotkind_desktop.core.judgement.faces import DETECTORS

    parser.description = "Score every frame of a shoot for headshot suitability."
    parser.add_argument("folder", type=folder_argument)
    parser.add_argument("--json", default="-", metavar="PATH", help="JSON report (default: stdout)")
    parser.add_argument("--csv", metavar="PATH", help="also write a CSV report")
    parser.add_argument("--detector", choices=DETECTORS, default=DETECTORS[0])
    parser.add_argument("--model", type=Path,
                        help="another YuNet model file than the built-in one (or $SHOTKIND_YUNET_MODEL)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--recursive", action="store_true", help="include sub-folders")
    parser.add_argument("--roster", type=Path, metavar="FILE.csv",
                        help="name the sitters from this CSV, in order (a name column; others kept)")
    parser.add_argument("--tag-people", action="store_true",
                        help="also write each frame's sitter's name into its XMP sidecar "
                             "(Iptc4xmpExt:PersonInImage, which Lightroom and Photo Mechanic show)")
    _add_group_gap(parser)


def analyze_command(args: argparse.Namespace) -> int:
    import cv2

    from shotkind_desktop.core.judgement.faces import make_detector
    from shotkind_desktop.core.files.scan import folder_problem

    if folder_problem(args.folder):
        return _usage_error(folder_problem(args.folder))
    if args.jobs < 1:
        return _usage_error("--jobs must be at least 1")
    try:
        roster = _roster_argument(args.roster)
    except ValueError as error:
        return _usage_error(str(error))
    for option, target in (("--json", args.json), ("--csv", args.csv)):
        problem = _report_target_problem(target)       # before the long work, not after it
        if problem:
            return _usage_error(f"{option} {target}: {problem}")
    try:
        make_detector(args.detector, args.model)   # fail now, not in every worker
    except (ValueError, OSError, cv2.error) as error:
        detail = error.err if isinstance(error, cv2.error) else error
        return _usage_error(f"the {args.detector} detector cannot load: {detail}".strip())
    from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
    from shotkind_desktop.core.report import csv_report, json_report
    from shotkind_desktop.core.files.pairing import scan_pairs

    from shotkind_desktop.ctrl_c import INTERRUPTED

    paths = scan_pairs(args.folder, args.recursive)   # a RAW+JPEG pair is one frame
    if not paths:     # an empty report is still written; the terminal says why it is empty
        print(f"shotkind analyze: no pictures in {args.folder}"
              + ("" if args.recursive else " (add --recursive for its sub-folders)"), file=sys.stderr)
    done = [0]

    def progress(count: int, total: int) -> None:
        done[0] = count
        progress_bar(count, total, "analysing")
    try:
        results = analyze_shoot(args.folder, paths, args.detector, args.model, args.jobs, progress)
        end_progress(bool(paths))
        sitters = _shoot_sitters(args.folder, results, roster)
        _write(args.json, json_report(str(args.folder), args.detector, results, sitters, args.group_gap))
        if args.csv:
            _write(args.csv, csv_report(results, sitters, args.group_gap))
    except KeyboardInterrupt:         # shotkind_desktop.ctrl_c says why this is clean
        end_progress(done[0] > 0)
        print(f"shotkind analyze: stopped (Ctrl+C) after "
              f"{done[0]} of {counted(len(paths), 'frame')}; no report written", file=sys.stderr)
        return INTERRUPTED
    except OSError as error:
        print(f"shotkind analyze: the report could not be written: {error.strerror or error}",
              file=sys.stderr)
        return NOT_DONE
    if args.tag_people:
        problem = _lost_names_problem(args.folder, [result.file for result in results])
        if problem:       # the roster's names would fall on the wrong people
            print(f"shotkind analyze: no person written: {problem}", file=sys.stderr)
            return NOT_DONE
        return _tag_people(paths, results, sitters)
    return 0


def _lost_names_problem(folder: Path, names: list[str]) -> str:
    """sitters.lost_names_problem for the shoot's catalog ("" when none, or no catalog)."""
    from shotkind_desktop.core.delivery.export import open_existing_catalog
    from shotkind_desktop.core.people.sitters import lost_names, lost_names_problem

    catalog = open_existing_catalog(folder)
    if catalog is None:
        return ""
    try:
        return lost_names_problem(lost_names(catalog.sitter_edits(), names))
    finally:
        catalog.close()


def _roster_argument(path: Path | None):
    """The roster named with --roster, read now (before the long work); ValueError says why not."""
    if path is None:
        return None
    from shotkind_desktop.core.people.roster import read_roster
    try:
        return read_roster(path)
    except OSError as error:
        raise ValueError(f"--roster {path}: {error.strerror or error}") from None
    except ValueError as error:
        raise ValueError(f"--roster: {error}") from None


def _shoot_sitters(folder: Path, results: list, roster):
    """The shoot's sitters with the corrections and roster its catalog holds (read only)."""
    from shotkind_desktop.core.delivery.export import open_existing_catalog
    from shotkind_desktop.core.decisions.sitter_book import shoot_sitters

    catalog = open_existing_catalog(folder)
    try:
        return shoot_sitters(results, catalog, roster)
    finally:
        if catalog is not None:
            catalog.close()


def _tag_people(frames: list, results: list, sitters: list) -> int:
    """Each frame's person into its sidecars; 1 when some could not be written."""
    from shotkind_desktop.core.people.sitters import people
    from shotkind_desktop.core.decisions.xmp import write_person

    person_of, failed = people(sitters), 0
    for files, result in zip(frames, results):
        try:
            write_person(files, person_of.get(result.file))
        except OSError as error:
            failed += 1
            print(f"shotkind analyze: {shown(result.file)}: the person could not be written to "
                  f"its sidecar: {error.strerror or error}", file=sys.stderr)
    return NOT_DONE if failed else 0


def _report_target_problem(target: str | None) -> str | None:
    """Why a report cannot be written at `target` ("-" is stdout), or None."""
    if not target or target == "-":
        return None
    path = Path(target)
    if path.is_dir():
        return "is a folder; give a file name"
    if not path.parent.is_dir():
        return "no folder to write it in"
    if not os.access(path.parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return "cannot be written (read-only)"
    return None


def _write(target: str, text: str) -> None:
    """A report file is complete or absent (a temporary name, then a rename); anything
    else named (/dev/stdout, a pipe, a device) is written to, never replaced."""
    path = Path(target)
    if target == "-":
        sys.stdout.write(text)
    elif path.exists() and not path.is_file():
        path.write_text(text, encoding="utf-8")
    else:
        from shotkind_desktop.core.atomic_write import write_atomically
        write_atomically(path, text.encode("utf-8"), overwrite=True)


def _usage_error(message: str, command: str = "analyze") -> int:
    print(f"shotkind {command}: {message}", file=sys.stderr)
    return USAGE_ERROR


def progress_bar(done: int, total: int, what: str) -> None:
    """The commands' one progress bar, redrawn in place on stderr: `what` (the work, or
    the file at hand) in 40 columns, the count and a 30-column bar. Only a terminal gets
    it: a log or a pipe gets the commands' lines and not a stream of carriage returns."""
    if not sys.stderr.isatty():
        return
    width = 30
    filled = round(width * done / total) if total else width
    sys.stderr.write(f"\r{what[:40]:<40} {done}/{total} [{'#' * filled}{'.' * (width - filled)}]")
    sys.stderr.flush()


def end_progress(drawn: bool) -> None:
    """End the bar's line, when one was drawn, so the next line starts clean."""
    if drawn and sys.stderr.isatty():
        sys.stderr.write("\n")
        sys.stderr.flush()


def _add_export_arguments(parser: argparse.ArgumentParser) -> None:
    from shotkind_desktop.core.delivery.export_names import DEFAULT_TEMPLATE, TOKENS
    from shotkind_desktop.core.delivery.export_presets import PRESETS
    from shotkind_desktop.core.decisions.selection import SELECTIONS

    parser.description = ("Export the headshot set: each chosen frame cut to each preset's crop "
                          "guide, as sRGB JPEGs with a manifest.")
    parser.epilog = ("Presets: " + ", ".join(f"{p.name} ({p.size_text})" for p in PRESETS.values())
                     + "; proof-gallery (a web page for the client to choose from, alone)")
    parser.add_argument("folder", type=folder_argument, help="the shoot folder")
    parser.add_argument("--out", type=folder_argument, required=True, metavar="DIR", help="folder for the exports")
    parser.add_argument("--preset", action="append", metavar="NAME[=WxH]",
                        help="repeatable; default linkedin. A size keeps the preset's ratio")
    parser.add_argument("--select", default="picks",
                        help=f"{', '.join(SELECTIONS)} (comma: all must hold); default picks")
    parser.add_argument("--name", default=DEFAULT_TEMPLATE, metavar="TEMPLATE",
                        help=f"file names from {', '.join('{' + t + '}' for t in TOKENS)}; "
                             f"default {DEFAULT_TEMPLATE}")
    parser.add_argument("--quality", type=int, default=92, help="JPEG quality 1-100 (default 92)")
    exif = parser.add_mutually_exclusive_group()
    exif.add_argument("--keep-exif", dest="keep_exif", action="store_true", default=True,
                      help="keep the capture EXIF (default; GPS is always removed)")
    exif.add_argument("--strip-exif", dest="keep_exif", action="store_false")
    parser.add_argument("--copyright", default="", help="written to EXIF Copyright and XMP dc:rights")
    parser.add_argument("--creator", default="", help="written to EXIF Artist and XMP dc:creator")
    parser.add_argument("--client", default="", help="for the {client} name token and the contact sheet")
    parser.add_argument("--roster", type=Path, metavar="FILE.csv",
                        help="name the sitters from this CSV, in order (for {person}, {first}, "
                             "{last}, {roster:COLUMN} and the files' metadata)")
    parser.add_argument("--sharpen", action="store_true", help="light output sharpening after downscaling")
    parser.add_argument("--contact-sheet", action="store_true", help="also write contact-sheet.pdf")
    parser.add_argument("--overwrite", action="store_true", help="replace files already in --out")
    originals = parser.add_mutually_exclusive_group()
    originals.add_argument("--copy-originals", type=folder_argument, metavar="DIR",
                           help="also copy the chosen frames' originals (RAW+JPEG, sidecars) to DIR")
    originals.add_argument("--move-originals", type=folder_argument, metavar="DIR",
                           help="also move them to DIR (never over an existing file)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes for frames not analysed yet")
    gallery = parser.add_argument_group("proof gallery (--preset proof-gallery)")
    gallery.add_argument("--title", default="", help="the gallery's heading (default: Proofs)")
    gallery.add_argument("--limit", type=int, help="how many frames the client may choose")
    gallery.add_argument("--watermark", default="", metavar="TEXT", help="drawn on every picture")
    _add_group_gap(parser)


def export_command(args: argparse.Namespace) -> int:
    """`shotkind export`: 0 when everything chosen was exported, 1 when some frames were
    not (each named with its reason on stderr), 2 for a usage error."""
    try:
        settings = _export_settings(args)
        from shotkind_desktop.core.delivery.export import check_settings
        check_settings(args.folder, settings)
    except ValueError as error:
        return _usage_error(str(error), "export")
    import threading

    from shotkind_desktop.core.delivery.export import run_export
    from shotkind_desktop.core.delivery.out_of_room import out_of_room_lines
    from shotkind_desktop.core.files.filetypes import SIDECAR_EXTENSIONS
    from shotkind_desktop.ctrl_c import INTERRUPTED, on_ctrl_c

    drawn = []

    def progress(done: int, total: int, text: str) -> None:
        drawn.append(True)
        progress_bar(done, total, text)
    cancel = threading.Event()
    try:
        with on_ctrl_c(cancel.set):
            report = run_export(args.folder, settings, progress, cancel)
    except KeyboardInterrupt:        # a second Ctrl+C: every file written is still complete
        end_progress(bool(drawn))
        print("shotkind export: stopped (Ctrl+C); no manifest written", file=sys.stderr)
        return INTERRUPTED
    end_progress(bool(drawn))
    if cancel.is_set():
        print(f"shotkind export: stopped (Ctrl+C) after {counted(len(report.exported), 'file')} from "
              f"{counted(report.frames, 'frame')}; every file written is complete"
              + ("; the manifest lists them" if report.manifest else ""), file=sys.stderr)
        return INTERRUPTED
    not_reached = set(report.not_reached)
    for source, line, whole in _frame_lines([item for item in report.items if item.source not in not_reached]):
        print(f"{shown(source)}: {line}", file=sys.stdout if whole else sys.stderr)
    if not_reached:
        print(report.not_reached_line()
              + (f" (the manifest lists {'it' if len(not_reached) == 1 else 'them'})" if report.manifest else ""),
              file=sys.stderr)
    for copy in report.originals:
        if copy.error:
            print(f"{shown(copy.file)}: {copy.error}", file=sys.stderr)
    handed = [Path(copy.file) for copy in report.originals if not copy.error]
    pictures = sum(1 for path in handed if path.suffix.lower() not in SIDECAR_EXTENSIONS)
    # a photographer reads "4 originals" as four photos: the sidecars are counted apart
    originals = counted(pictures, "original") + (f" and {counted(len(handed) - pictures, 'sidecar')}"
                                                  if len(handed) > pictures else "")
    what = counted(len(report.exported), "proof" if settings.gallery else "file")
    what += " in a gallery" if settings.gallery else ""
    print(f"exported {what} from {counted(report.frames, 'frame')} to {settings.out}"
          + (f", {originals} {'moved' if args.move_originals else 'copied'}" if report.originals else "")
          + (f"; {len(report.problems)} not exported" if report.problems else ""))
    for name, warned in report.to_check:
        print(f"shotkind export: {shown(name)} was delivered with {warned}: check it before the client does",
              file=sys.stderr)
    for name, preset, kept, people in report.cut_people:
        print(f"shotkind export: {shown(name)} ({preset}): the crop keeps {kept} of {people} people",
              file=sys.stderr)
    for line in report.namesakes:
        print(f"shotkind export: {line}", file=sys.stderr)
    if report.rejects_left_out:
        print(f"shotkind export: {report.rejects_left_out_line()}", file=sys.stderr)
    if report.earlier:
        print(f"shotkind export: {report.earlier_line()}", file=sys.stderr)
    if report.crops_left:
        print(f"shotkind export: {report.crops_left_line()}", file=sys.stderr)
    for problem in report.unwritten:
        print(f"shotkind export: {problem}", file=sys.stderr)
    for sitter in report.undelivered:
        print(f"shotkind export: {sitter}: no frame to deliver", file=sys.stderr)
    for line in out_of_room_lines(report.items):
        print(f"shotkind export: {line}", file=sys.stderr)
    return report.exit_code


def _frame_lines(items) -> list[tuple[str, str, bool]]:
    """One line per frame saying what happened to each of its presets: (frame, line, every
    preset exported). An export with the nearest crop the frame holds is an export, with its
    note; a file already in the output folder is said as such, not as a failure."""
    from shotkind_desktop.core.delivery.manifest import EXPORTED, NOT_REACHED_NOTE, SKIPPED

    frames: dict[str, list] = {}
    for item in items:
        frames.setdefault(item.source, []).append(item)
    lines = []
    for source, outputs in frames.items():
        said = []
        for item in outputs:
            if item.status == EXPORTED:
                notes = "; ".join(" ".join(note.split()) for note in item.notes)   # one line
                said.append(f"{item.preset} -> {shown(item.output or '')}" + (f" ({notes})" if notes else ""))
            elif item.notes == [NOT_REACHED_NOTE]:     # a full disk stopped the export before it
                said.append(f"{item.preset} not tried")
            else:      # the reason is the last note; the crop's notes before it no longer matter
                reason = " ".join(item.notes[-1].removeprefix("not written: ").split()) if item.notes \
                    else "no reason given"
                said.append(f"{item.preset} {'skipped' if item.status == SKIPPED else 'not written'}: {reason}")
        lines.append((source, "; ".join(said), all(item.status == EXPORTED for item in outputs)))
    return lines


def _export_settings(args):
    """The parsed options as ExportSettings; ValueError for a bad preset, selection or number."""
    from shotkind_desktop.core.delivery.export import ExportSettings
    from shotkind_desktop.core.delivery.export_presets import parse_preset
    from shotkind_desktop.core.decisions.selection import parse_selection

    if args.jobs < 1:
        raise ValueError("--jobs must be at least 1")
    roster = _roster_argument(args.roster)
    from shotkind_desktop.core.delivery.proof_gallery import GALLERY_PRESET, GallerySettings

    wanted = [text.strip().lower() for text in (args.preset or ["linkedin"])]
    gallery = None
    if GALLERY_PRESET in wanted:
        if len(wanted) > 1 or args.copy_originals or args.move_originals or args.contact_sheet:
            raise ValueError(f"--preset {GALLERY_PRESET} goes alone: no other preset, contact sheet "
                             "or originals (the folder is for the client)")
        if args.limit is not None and args.limit < 1:
            raise ValueError("--limit must be at least 1")
        gallery = GallerySettings(args.title, args.limit, args.watermark)
    elif args.title or args.limit is not None or args.watermark:
        raise ValueError(f"--title, --limit and --watermark are for --preset {GALLERY_PRESET}")
    presets = [] if gallery else [parse_preset(text) for text in wanted]
    names = [preset.name for preset in presets]
    if len(set(names)) != len(names):
        raise ValueError("--preset: each preset once")
    if gallery:
        from shotkind_desktop.core.delivery.export_presets import Preset
        presets = [Preset(GALLERY_PRESET, None, None, None, "Proof gallery")]
    return ExportSettings(
        out=args.out, presets=presets, selection=parse_selection(args.select), template=args.name,
        quality=args.quality, keep_exif=args.keep_exif, copyright=args.copyright,
        creator=args.creator, client=args.client, sharpen=args.sharpen,
        contact_sheet=args.contact_sheet, overwrite=args.overwrite,
        originals=args.copy_originals or args.move_originals,
        move_originals=args.move_originals is not None, jobs=args.jobs, gallery=gallery,
        roster=roster, group_gap=args.group_gap)


def _add_trash_rejects_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Send the rejected frames (with their sidecars and RAW+JPEG partners) "
                          "to the system trash, after asking.")
    parser.add_argument("folder", type=folder_argument, help="the shoot folder")
    parser.add_argument("--yes", action="store_true", help="do not ask (for scripts)")


def trash_rejects_command(args: argparse.Namespace) -> int:
    """`shotkind trash-rejects`: the rejected frames' files to the system trash, after a
    confirmation that says how many. 0 done (or declined), 1 some files stayed, 2 usage."""
    from shotkind_desktop.core.files.scan import folder_problem
    from shotkind_desktop.core.delivery.export_trash import rejected_files, send_to_trash

    if folder_problem(args.folder):
        return _usage_error(folder_problem(args.folder), "trash-rejects")

    found = rejected_files(args.folder)
    for name, reason in found.left.items():
        print(f"{shown(name)}: left where it is: {reason}", file=sys.stderr)
    if not found.files:
        print("nothing to send to the trash" if found.left else "no rejected frames")
        return 1 if found.left else 0
    for path in found.files:
        print(shown(path.relative_to(args.folder).as_posix()))
    if not args.yes:
        if not sys.stdin.isatty():
            return _usage_error(f"{found.question()} Not without confirmation: run it in a "
                                "terminal or pass --yes", "trash-rejects")
        answer = input(f"{found.question()} [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing sent to the trash")
            return 0
    failed = send_to_trash(found.files)
    for path, reason in failed.items():
        print(f"{shown(path.relative_to(args.folder).as_posix())}: not sent to the trash: {reason}",
              file=sys.stderr)
    print(f"sent {counted(len(found.files) - len(failed), 'file')} of "
          f"{counted(len(found.frames), 'rejected frame')} "
          "to the trash")
    return 1 if failed or found.left else 0
