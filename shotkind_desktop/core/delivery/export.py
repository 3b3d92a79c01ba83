"""Exporting the headshot set a client asked for: the chosen frames, cut to each preset's
crop guide, scaled, coloured, named and described, into a folder of the photographer's.

The end of a cull is a delivery, and it must say what the cull said: the decisions are
the catalog's merged with the XMP sidecars (so stars given in Lightroom count), and the
crops are the guides the loupe draws, moved where the photographer moved them. Nothing
is written to the shoot: a shoot without a catalog gets none, and the frames that need
faces are analysed in memory. The CLI and the export dialog both call `run_export`.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
from shotkind_desktop.core.decisions.catalog import (CATALOG_FOLDER, CATALOG_NAME, Catalog, fallback_path,
                                                     last_written, shoot_catalog_is_its_own)
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.delivery.contact_sheet import SheetEntry, thumbnail_of, write_contact_sheet
from shotkind_desktop.core.judgement.crops import CropGuide, FacePlacement, adjusted_guide, crop_guides
from shotkind_desktop.core.decisions.decision_keeper import (changed_from, claimed_stem_sidecars, kept_decisions,
                                                             merged_decision, sidecar_counts, stem_claimed)
from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.files.decode import FrameError
from shotkind_desktop.core.files.picture_print import picture_print
from shotkind_desktop.core.delivery.export_image import (DEFAULT_QUALITY, SourceImage, load_source,
                                                output_exif, output_xmp, render, write_jpeg)
from shotkind_desktop.core.delivery.export_names import (DEFAULT_TEMPLATE, NameBook, NameFields,
                                                check_template, needs_sitters, render_name,
                                                template_tokens)
from shotkind_desktop.core.delivery.export_originals import OriginalCopy, hand_over
from shotkind_desktop.core.delivery.export_presets import PRESETS, Preset
from shotkind_desktop.core.judgement.face_record import main_face_record
from shotkind_desktop.core.judgement.frame_warnings import warning_words
from shotkind_desktop.core.people.groups import DEFAULT_GAP_SECONDS
from shotkind_desktop.core.people.keeper import keepers
from shotkind_desktop.core.atomic_write import one_folder
from shotkind_desktop.core.leftovers import remove_leftovers
from shotkind_desktop.core.delivery.proof_gallery import PAGE, GallerySettings, Section, write_gallery
from shotkind_desktop.core.delivery.manifest import (EXPORTED, FAILED, NOT_REACHED_NOTE, SKIPPED, ExportItem,
                                                     drop_aside, earlier_deliveries, manifest_of_shoot,
                                                     manifest_paths, put_back, set_aside, write_manifest)
from shotkind_desktop.core.delivery.out_of_room import DISK_FULL_NOTE, room_note, write_refusal
from shotkind_desktop.core.delivery.redelivery import NOT_CHOSEN_NOTE, FrameMarks, folder_rows
from shotkind_desktop.core.decisions.sidecar_print import sidecar_print
from shotkind_desktop.core.files.scan import folder_problem
from shotkind_desktop.core.people.roster import Roster, split_name
from shotkind_desktop.core.decisions.selection import FrameFilter, delivers_rejects
from shotkind_desktop.core.shoot import Frame, attach_cached_results, scan_frames
from shotkind_desktop.core.decisions.sitter_book import best_frames, shoot_sitters
from shotkind_desktop.core.people.sitters import Sitter, lost_names, lost_names_problem
from shotkind_desktop.core.people.namesakes import namesake_lines, told_apart
from shotkind_desktop.core.decisions.xmp import read_sidecar
from shotkind_desktop.core.words import NAMES_SHOWN, counted, first_names

log = logging.getLogger(__name__)

CONTACT_SHEET_NAME = "contact-sheet.pdf"
UPSCALE_SAID = 1.01         # an output more than 1% larger than its crop is said to be scaled up
Progress = Callable[[int, int, str], None]    # done, total, what is happening


@dataclass
class ExportSettings:
    """Everything an export needs to know; the CLI's options and the dialog's fields."""

    out: Path
    presets: list[Preset] = field(default_factory=lambda: [PRESETS["linkedin"]])
    selection: FrameFilter = FrameFilter(flags=frozenset({PICK}))
    only: list[str] | None = None        # frame names (the grid's selection); None: all frames
    template: str = DEFAULT_TEMPLATE
    quality: int = DEFAULT_QUALITY
    keep_exif: bool = True
    copyright: str = ""
    creator: str = ""
    client: str = ""
    sharpen: bool = False
    contact_sheet: bool = False
    overwrite: bool = False
    originals: Path | None = None        # copy (or move) the chosen frames' originals here
    move_originals: bool = False
    jobs: int = max(1, os.cpu_count() or 1)   # processes for analysing frames not analysed yet
    gallery: GallerySettings | None = None   # a proof gallery instead of the presets' files
    roster: Roster | None = None         # names the sitters (else the catalog's roster, if any)
    group_gap: float = DEFAULT_GAP_SECONDS    # similar-frame groups, for selection.best_of_group


EXPORT_READS = "an export only reads the shoot's catalog"
# a rerun after a killed export finds the files it had written: the same bytes, so
# delivered, not "already exists" failures that only --overwrite would clear
ALREADY_THERE_NOTE = "already in the output folder, byte for byte: an earlier run wrote it"


@dataclass
class ExportReport:
    """What an export did: an item per frame and preset, with the reasons for what it did not."""

    frames: int                                   # frames chosen
    items: list[ExportItem]
    originals: list[OriginalCopy] = field(default_factory=list)
    manifest: list[Path] = field(default_factory=list)
    contact_sheet: Path | None = None
    cancelled: bool = False
    disk_full: bool = False                       # stopped: the output disk ran out of space
    unwritten: list[str] = field(default_factory=list)   # the manifest or sheet, and why not
    seconds: float = 0.0
    undelivered: list[str] = field(default_factory=list)  # sitters without a frame to deliver
    earlier: list[str] = field(default_factory=list)      # files an earlier export left there, not chosen now
    to_check: list[tuple[str, str]] = field(default_factory=list)  # (frame, warnings) delivered all the same
    cut_people: list[tuple[str, str, int, int]] = field(default_factory=list)  # (frame, preset, kept, people)
    rejects_left_out: list[str] = field(default_factory=list)  # rejected frames the selection matched
    namesakes: list[str] = field(default_factory=list)    # different sitters of one name, told apart how
    crops_left: list[str] = field(default_factory=list)   # frames handed over whose adjusted crops stay here
    originals_moved: bool = False                 # the originals were moved, not copied

    @property
    def exported(self) -> list[ExportItem]:
        return [item for item in self.items if item.status == EXPORTED]

    @property
    def problems(self) -> list[ExportItem]:
        """Items skipped or failed, each with its reason in `notes`."""
        return [item for item in self.items if item.status != EXPORTED]

    @property
    def not_reached(self) -> list[str]:
        """The frames a full disk stopped the export before, none of their files tried, in
        order: said in one line ("15 frames not tried"), not one each."""
        untried: dict[str, bool] = {}
        for item in self.items:
            untried[item.source] = untried.get(item.source, True) and item.notes == [NOT_REACHED_NOTE]
        return [source for source, none_tried in untried.items() if none_tried]

    def earlier_line(self) -> str:
        """The files an earlier export delivered into the folder that this one did not
        choose: still there (a tester's since-rejected frame was left beside the new
        delivery without a word). The manifest's rows saying NOT_CHOSEN_NOTE are these."""
        count = len(self.earlier)
        return (f"{count} file{'s' if count != 1 else ''} from an earlier export "
                f"{'are' if count != 1 else 'is'} still in the folder, {NOT_CHOSEN_NOTE} (the manifest "
                f"says so on {'each' if count != 1 else 'it'}, and why): remove what the client should not get")

    def rejects_left_out_line(self, shown: int = NAMES_SHOWN) -> str:
        """The rejected frames the selection would have taken and the export left out,
        named, and why (delivers_rejects): a client asked for three frames, two of them
        rejects, and a bare count did not tell the photographer which two stayed home.
        `shown` names: the first few on a one-line message, every one where there is room."""
        return (f"{counted(len(self.rejects_left_out), 'rejected frame')} left out "
                f"({first_names(self.rejects_left_out, shown)}): a reject is delivered only when the "
                "selection names rejects (rejects or all)")

    def crops_left_line(self) -> str:
        """The handed-over frames whose adjusted crops stay in this shoot's catalog (a
        tester reopened a moved set and delivered the computed square in place of the
        photographer's, exit 0): the files carry stars, labels and names, not crops."""
        count = len(self.crops_left)
        return (f"the adjusted crops of {counted(count, 'frame')} ({first_names(self.crops_left)}) stay in this "
                f"shoot's catalog: opened from the {'moved' if self.originals_moved else 'copied'} originals, "
                f"{'they get' if count != 1 else 'it gets'} the computed crops")

    def not_reached_line(self) -> str:
        return (f"{counted(len(self.not_reached), 'frame')} not tried ({first_names(self.not_reached)}): "
                "the export stopped when the disk was full")

    @property
    def exit_code(self) -> int:
        """0: everything chosen was exported; 1: something was not (or it was cancelled)."""
        failed_originals = any(copy.error for copy in self.originals)
        return 1 if (self.problems or failed_originals or self.cancelled or self.disk_full
                     or self.unwritten or self.undelivered) else 0


def check_settings(folder: Path, settings: ExportSettings) -> None:
    """ValueError, in words for the photographer, for settings that cannot work."""
    problem = folder_problem(Path(folder))
    if problem:
        raise ValueError(problem)
    if not settings.presets:
        raise ValueError("choose at least one preset")
    if not 1 <= settings.quality <= 100:
        raise ValueError(f"quality must be 1 to 100, not {settings.quality}")
    check_template(settings.template)
    _check_roster_columns(folder, settings)
    for target in (settings.out, settings.originals):
        if target is not None and one_folder(target, folder):     # a link to it too
            raise ValueError(f"{target} is the shoot folder itself: choose another folder")
    if settings.out.exists() and not settings.out.is_dir():
        raise ValueError(f"not a folder: {settings.out}")
    try:      # now, not after the frames are analysed
        settings.out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ValueError(f"cannot create the output folder {settings.out}: "
                         f"{error.strerror or error}") from None
    if not os.access(settings.out, os.W_OK | os.X_OK):
        raise ValueError(f"cannot write in the output folder {settings.out}: it is read-only")
    if settings.gallery is not None and (settings.out / PAGE).exists() and not settings.overwrite:
        raise ValueError(f"{settings.out} already holds a proof gallery: allow overwriting to "
                         "replace it, or choose another folder")


def _check_roster_columns(folder: Path, settings: ExportSettings) -> None:
    """{roster:COLUMN} needs a roster with that column: said now, not after the analysis."""
    columns = [column for token, column in template_tokens(settings.template) if token == "roster"]
    if not columns:
        return
    roster = settings.roster
    if roster is None:
        catalog = open_existing_catalog(Path(folder))
        if catalog is not None:
            try:
                roster = catalog.roster()
            finally:
                catalog.close()
    if roster is None:
        raise ValueError(f"{{roster:{columns[0]}}} needs a roster: give one with --roster FILE.csv")
    missing = [column for column in columns if not roster.has_column(column)]
    if missing:
        raise ValueError(f"the roster has no column {missing[0]!r}; its columns are "
                         f"{', '.join(roster.columns)}")


def by_person(settings: ExportSettings) -> bool:
    """A delivery by person: one frame each (best-per-person), a roster, or files named
    after the person shown."""
    return settings.selection.best_per_person or settings.roster is not None or needs_sitters(settings.template)


def run_export(folder: Path, settings: ExportSettings, progress: Progress | None = None,
               cancel: threading.Event | None = None) -> ExportReport:
    """Export the chosen frames of the shoot in `folder`. `progress(done, total, text)` is
    called as frames are analysed and exported; setting `cancel` stops after the file
    being written (every file is complete or absent). Raises ValueError for bad settings."""
    started = time.perf_counter()
    folder = Path(folder)
    check_settings(folder, settings)
    cancel = cancel or threading.Event()
    report = lambda done, total, text: progress and progress(done, total, text)   # noqa: E731
    for written_to in (settings.out, settings.originals):   # what a killed export left
        if written_to is not None:
            remove_leftovers(written_to)
    frames, decisions, crops, sitters, left_out = _chosen_frames(folder, settings, report, cancel)
    settings.out.mkdir(parents=True, exist_ok=True)
    if settings.gallery is not None:
        # `decisions` names every frame of the shoot (shoot_decisions): no second listing
        done = _export_gallery(frames, settings, report, cancel, started, list(decisions))
        done.rejects_left_out = left_out
        return done
    aside = set_aside(settings.out) if settings.overwrite else None
    items: list[ExportItem] = []
    checked: list[tuple[str, str]] = []        # frames delivered with a warning on them
    cut: list[tuple[str, str, int, int]] = []  # crops delivered without some of a frame's people
    by_name = {preset.name: preset for preset in settings.presets}
    sheet: list[SheetEntry] = []
    names = NameBook()
    seq_width = max(3, len(str(len(frames))))
    sitter_of = {name: sitter for sitter in sitters for name in sitter.frames}
    told = told_apart(sitters)           # namesakes' names, each with what tells them apart
    person_seq: dict[int, int] = {}
    probed: dict[Path, bool] = {}        # a folder of the name template's, probed once a run

    def into_shoot(where: Path) -> bool:
        if where not in probed:
            probed[where] = one_folder(where, folder)
        return probed[where]
    for number, frame in enumerate(frames, 1):
        if cancel.is_set():
            break
        report(number - 1, len(frames), f"exporting {frame.name}")
        decision = decisions.get(frame.name, Decision())
        sitter = sitter_of.get(frame.name)
        if sitter is not None:
            person_seq[sitter.number] = person_seq.get(sitter.number, 0) + 1
        frame_items, source = _export_frame(frame, decision, crops.get(frame.name, {}),
                                            settings, number, seq_width, names, into_shoot,
                                            sitter, person_seq.get(sitter.number, 1) if sitter else 1, told)
        warned = warning_words(frame.result)
        if warned and any(item.status == EXPORTED for item in frame_items):
            checked.append((frame.name, warned))
            for item in frame_items:
                if item.status == EXPORTED:
                    item.notes.append(f"delivered with {warned}")
        for item in frame_items:
            preset = by_name[item.preset]
            if item.status == EXPORTED and preset.crops and frame.result is not None:
                guide = crop_for(frame.result, preset.ratio, crops.get(frame.name, {}), preset.framing)
                if guide is not None and (kept := people_kept(frame.result, guide)) is not None:
                    cut.append((frame.name, preset.name, *kept))
                    item.notes.append(f"the crop keeps {kept[0]} of {kept[1]} people")
        items.extend(frame_items)
        if any(DISK_FULL_NOTE in item.notes for item in frame_items):
            # every further frame would fail the same way: stop, say what to do, and name
            # each frame left out, so the summary counts it and the manifest lists it
            for later in frames[number:]:
                for preset in settings.presets:
                    item = _item(later, preset, decisions.get(later.name, Decision()))
                    item.status, item.notes = FAILED, [NOT_REACHED_NOTE]
                    items.append(item)
            report(len(frames), len(frames), "stopped: the disk is full")
            done = ExportReport(len(frames), items, disk_full=True, rejects_left_out=left_out)
            done.seconds = time.perf_counter() - started
            _deliver_manifest(folder, settings, done, decisions, [f.name for f in frames], aside)
            return done
        if source is not None and settings.contact_sheet:
            sheet.append(SheetEntry(frame.name, thumbnail_of(source.image), _flag(decision),
                                    decision.rating, _score(frame.result)))
    cancelled = cancel.is_set()
    report(len(frames), len(frames), "writing the manifest")
    done = ExportReport(len(frames), items, cancelled=cancelled, to_check=checked, cut_people=cut,
                        rejects_left_out=left_out)
    if by_person(settings):
        done.namesakes = namesake_lines(sitters)
        # each sitter is owed a frame. Picks exported while the catalog names a sitter
        # (so each file carries its person) owe nothing to the rest: a tester's listed
        # 143 "no frame to deliver" lines and failed
        chosen = {frame.name for frame in frames}
        done.undelivered = [_sitter_text(s) for s in sitters if not chosen.intersection(s.frames)]
    if sheet:
        title = " – ".join(part for part in (settings.client, folder.name) if part)
        try:
            write_contact_sheet(settings.out / CONTACT_SHEET_NAME, sheet, f"{title} – {len(sheet)} frames")
            done.contact_sheet = settings.out / CONTACT_SHEET_NAME
        except OSError as error:
            done.unwritten.append(f"{CONTACT_SHEET_NAME} not written: {write_refusal(error)}")
    if settings.originals is not None and not cancelled:
        done.originals = hand_over(folder, [frame.on_disk for frame in frames], settings.originals,
                                   settings.move_originals)
        done.originals_moved = settings.move_originals
        failed = {copy.file for copy in done.originals if copy.error}
        done.crops_left = [frame.name for frame in frames if crops.get(frame.name) and frame.name not in failed]
    done.seconds = time.perf_counter() - started
    _deliver_manifest(folder, settings, done, decisions, [f.name for f in frames], aside)
    return done


def _export_gallery(frames: list[Frame], settings: ExportSettings, report, cancel: threading.Event,
                    started: float, shoot: list[str]) -> ExportReport:
    """A proof gallery of the chosen frames (proof_gallery.py). No manifest: the folder
    goes to the client, and a manifest holds the shoot's paths and scores. `shoot`: every
    frame's name, so a label the client sends back names one frame of the shoot."""
    done = ExportReport(len(frames), [])
    try:
        done.items = write_gallery(settings.out, [Section(None, [frame.name for frame in frames])],
                                   {frame.name: frame.path for frame in frames}, settings.gallery,
                                   settings.overwrite, output_xmp(settings.copyright, settings.creator),
                                   report, cancel, shoot)
    except OSError as error:
        done.unwritten.append(f"index.html not written: {write_refusal(error)}")
    done.cancelled = cancel.is_set()
    done.disk_full = any("the disk is full" in note for item in done.items for note in item.notes)
    if done.disk_full:
        done.unwritten.append("index.html not written: the disk is full, and a gallery without "
                              "the frames left out would look complete to the client")
    report(len(frames), len(frames), "gallery written")
    done.seconds = time.perf_counter() - started
    return done


def _deliver_manifest(folder: Path, settings: ExportSettings, done: ExportReport,
                      decisions: dict[str, Decision], chosen: list[str], aside: Path | None = None) -> None:
    """The manifest of what is in the folder and why (redelivery.folder_rows): what was
    delivered, with the rows of the earlier one (read from `aside` when an overwriting
    run set it aside at its start: manifest.set_aside), the frames' `decisions` as they
    are now and the frames `chosen` (a cancelled run chose those it did not reach).
    When it cannot be written (the same full disk) the report says so, and an earlier
    manifest not set aside is kept, still true of the files it names. A run that
    delivered nothing leaves a manifest of another shoot alone: its rows are not
    carried, and a new one would describe none of the folder's files."""
    try:
        _write_delivery_manifest(folder, settings, done, decisions, chosen, aside)
    finally:
        if aside is not None:
            drop_aside(aside)


def _write_delivery_manifest(folder: Path, settings: ExportSettings, done: ExportReport,
                             decisions: dict[str, Decision], chosen: list[str], aside: Path | None) -> None:
    ours = manifest_of_shoot(settings.out, str(folder), source=aside)
    earlier = earlier_deliveries(settings.out, str(folder), done.items, source=aside)
    marks = {name: FrameMarks(_flag(decision), decision.rating, decision.label)
             for name, decision in decisions.items()}
    described = folder_rows(done.items, earlier, marks,
                            {(name, preset.name) for name in chosen for preset in settings.presets})
    done.earlier = described.not_chosen
    if not done.exported and not done.originals and aside is not None:
        put_back(aside)                 # nothing replaced: the earlier manifest is still true
        aside = None
    if (not done.exported and not done.originals and not ours
            and any(path.exists() for path in manifest_paths(settings.out))):
        done.unwritten.append("manifest not rewritten: nothing new was exported, and the earlier "
                              "manifest still describes the folder")
        return
    rows = described.rows
    try:
        done.manifest = write_manifest(settings.out, rows, _summary(folder, settings, done))
    except OSError as error:
        said = f"manifest not written: {write_refusal(error)}"
        if not settings.overwrite:   # it still describes the files it names, all there
            said += "; an earlier manifest, if any, is kept and describes the files delivered before"
        done.unwritten.append(said)


def open_existing_catalog(folder: Path) -> Catalog | None:
    """The shoot's catalog when it has one (in the folder or, for a read-only shoot, in the
    data folder), opened only to read; None otherwise: an export never creates one, nor
    upgrades an older ShotKind's (a tester's export left a schema-2 catalog at schema 4,
    which the older ShotKind then opened read-only), nor sets a damaged one aside."""
    local = Path(folder) / CATALOG_FOLDER / CATALOG_NAME
    places = ([local] if shoot_catalog_is_its_own(folder) else []) + [fallback_path(Path(folder))]
    # False, not PermissionError, for one we may not see; of two, the one written last is
    # the window's (Preferences may keep it in the data folder beside an older own one)
    for path in sorted((p for p in places if os.path.isfile(p)), key=last_written, reverse=True):
        try:
            return Catalog(path, read_only=EXPORT_READS)
        except (OSError, sqlite3.Error) as error:
            log.info("catalog %s cannot be opened for export: %s", path, error)
    return None


def shoot_decisions(folder: Path, catalog: Catalog | None, frames: list[Frame]) -> dict[str, Decision]:
    """The photographer's decisions as the workspace shows them (catalog, overruled by newer
    sidecars, a RAW+JPEG pair's RAW sidecar included, frames renamed while ShotKind was
    closed followed: decision_keeper.kept_decisions), read only: unlike DecisionKeeper,
    nothing is saved back."""
    on_disk = {frame.name: frame.on_disk for frame in frames}
    known, times, prints = ({}, {}, {}) if catalog is None else kept_decisions(
        catalog, list(on_disk), lambda name: on_disk.get(name) or FrameFiles(Path(folder) / name))
    claimed = claimed_stem_sidecars(frame.on_disk for frame in frames if frame.name in known)
    merged = {}
    for frame in frames:
        name = frame.name
        decision = known.get(name)
        sidecar = read_sidecar(frame.on_disk, changed_from(decision))
        if sidecar_counts(sidecar, decision, times.get(name, 0), prints.get(name),
                          sidecar_print(frame.on_disk) if name in prints else None,
                          stem_claimed(sidecar, frame.on_disk, claimed)):
            decision = merged_decision(sidecar, decision, frame.on_disk, prints.get(name))
        merged[name] = decision or Decision()
    return merged


def crop_for(result: FrameResult, ratio: str, adjusted: dict,
             framing: FacePlacement | None = None) -> CropGuide | None:
    """The frame's guide for `ratio` around its main face (with a preset's own framing),
    moved where the photographer moved it; None when it has no face."""
    main = main_face_record(result.faces, result.width, result.height)
    if main is None:
        return None
    framings = {ratio: framing} if framing else None
    guide = crop_guides(main, result.width, result.height, framings)[ratio]
    if ratio in adjusted:
        guide = adjusted_guide(guide, adjusted[ratio], result.width, result.height)
    return guide


@dataclass
class ExportConcerns:
    """What to ask the photographer before an export, known from the catalog's analysis
    before anything is decoded or analysed (frames not analysed yet are left out)."""

    upscaled: list[tuple[str, str, float]] = field(default_factory=list)  # (frame, preset, factor)
    to_check: list[tuple[str, str]] = field(default_factory=list)         # (frame, its warnings)
    namesakes: list[str] = field(default_factory=list)                    # namesakes.namesake_lines
    cut_people: list[tuple[str, str, int, int]] = field(default_factory=list)  # (frame, preset, kept, people)


def export_concerns(folder: Path, settings: ExportSettings) -> ExportConcerns:
    """Each output the export would scale up by more than 1%, each chosen frame a
    photographer would not deliver as it is (frame_warnings: a blink, soft eyes, a hand
    over the face, a burnt-out face; a tester's picked blink went to LinkedIn unasked),
    and each crop of a frame of several people that leaves some of them out (a tester's
    picked crew photo became one astronaut and a neighbour's shoulder)."""
    analyse_nothing = threading.Event()
    analyse_nothing.set()
    frames, _, crops, sitters, _ = _chosen_frames(folder, settings, None, analyse_nothing)
    found = ExportConcerns(namesakes=namesake_lines(sitters) if by_person(settings) else [])
    for frame in frames:
        result = frame.result
        if result is None or result.error or not result.width:
            continue
        warned = warning_words(result)
        if warned:
            found.to_check.append((frame.name, warned))
        for preset in settings.presets:
            guide = crop_for(result, preset.ratio, crops.get(frame.name, {}), preset.framing) if preset.crops else None
            if guide is not None and (kept := people_kept(result, guide)) is not None:
                found.cut_people.append((frame.name, preset.name, *kept))
            if not preset.width:
                continue                    # the original, or the crop's own resolution
            if preset.crops and guide is None:
                continue                    # no face: skipped, not scaled
            factor = preset.width / (guide.box[2] if guide else result.width)
            if factor > UPSCALE_SAID:
                found.upscaled.append((frame.name, preset.name, factor))
    return found


def people_kept(result: FrameResult, guide: CropGuide) -> tuple[int, int] | None:
    """(people inside, people in the frame) when the crop `guide` (as adjusted) leaves
    some of the frame's people out: the analysis's `people` largest faces, each counted
    in where its centre is; None when it keeps them all."""
    people = (result.measures or {}).get("people") or 0
    if people < 2:
        return None
    x, y, w, h = guide.box
    subjects = sorted((face["box"] for face in result.faces), key=lambda box: -box[3])[:people]
    inside = sum(x <= fx + fw / 2 <= x + w and y <= fy + fh / 2 <= y + h for fx, fy, fw, fh in subjects)
    return (inside, people) if inside < people else None


def _chosen_frames(folder: Path, settings: ExportSettings, report,
                   cancel: threading.Event) -> tuple[list[Frame], dict, dict, list[Sitter], list[str]]:
    """The frames to export in capture order, with their decisions, adjusted crops, the
    shoot's sitters (none when the export does not name people) and the rejected frames
    the selection matched and left out (delivers_rejects); frames whose analysis is
    needed and not cached are analysed now (until `cancel`)."""
    shoot = scan_frames(folder)
    catalog = open_existing_catalog(folder)
    try:
        pending = attach_cached_results(shoot, catalog) if catalog else list(shoot.frames)
        decisions = shoot_decisions(folder, catalog, shoot.frames)
        crops = _crops_on_these_pictures(catalog, shoot.frames) if catalog else {}
        named = catalog is not None and (catalog.roster() is not None or bool(catalog.sitter_edits().names))
        chooser = settings.selection
        sitters: list[Sitter] = []
        if (chooser.best_per_person or settings.roster is not None or named
                or needs_sitters(settings.template)):
            # sitters are found in the whole shoot, so every frame needs its analysis
            _analyse(folder, [f for f in shoot.frames if f.result is None], settings.jobs, report, cancel)
            results = [f.result or FrameResult(f.name, error="not analysed") for f in shoot.frames]
            sitters = shoot_sitters(results, catalog, settings.roster)
            if by_person(settings) and catalog is not None:
                problem = lost_names_problem(lost_names(catalog.sitter_edits(), shoot.names()))
                if problem:      # the roster's names would go to the wrong people
                    raise ValueError(problem)
    finally:
        if catalog:
            catalog.close()
    frames = shoot.frames
    if settings.only is not None:
        wanted = set(settings.only)
        frames = [frame for frame in frames if frame.name in wanted]
    ranks: dict[str, int] = {}
    if chooser.best_of_group:      # groups are the whole shoot's, whatever is exported
        _analyse(folder, [f for f in shoot.frames if f.result is None], settings.jobs, report, cancel)
        ranked = keepers([frame.result for frame in shoot.frames], settings.group_gap)
        ranks = {frame.name: keeper.rank for frame, keeper in zip(shoot.frames, ranked)}
    elif chooser.kind or chooser.min_headshot_score or chooser.errors_only:
        waiting = {id(frame) for frame in pending}
        _analyse(folder, [f for f in frames if id(f) in waiting], settings.jobs, report, cancel)
    frames = [f for f in frames
              if chooser.matches(decisions.get(f.name, Decision()), f.result, ranks.get(f.name))]
    left_out: list[str] = []
    if not delivers_rejects(chooser):
        left_out = [f.name for f in frames if decisions.get(f.name, Decision()).flag == REJECT]
        frames = [f for f in frames if decisions.get(f.name, Decision()).flag != REJECT]
        if chooser.best_per_person:
            left_out = []             # one frame a sitter never is a reject (best_frames)
    if chooser.best_per_person:
        candidates = {frame.name for frame in frames}
        best = best_frames(sitters, decisions, {f.name: f.result for f in shoot.frames if f.result},
                           lambda name: name in candidates)
        frames = [frame for frame in frames if frame.name in set(best.values())]
    if any(preset.crops for preset in settings.presets):
        _analyse(folder, [f for f in frames if f.result is None], settings.jobs, report, cancel)
    return frames, decisions, crops, sitters, left_out


def _crops_on_these_pictures(catalog: Catalog, frames: list[Frame]) -> dict[str, dict]:
    """The adjusted crops made on the pictures as they are now: not on a photo since
    copied over the file under the same name (a tester's LinkedIn crop cut the new face
    below the eyes)."""
    paths = {frame.name: frame.path for frame in frames}
    adjusted = [name for name in catalog.crop_records() if name in paths]
    return catalog.all_crops({name: picture_print(paths[name]) for name in adjusted})


def _sitter_text(sitter: Sitter) -> str:
    return f"Sitter {sitter.number}" + (f" ({sitter.name})" if sitter.name else "")


class _Cancelled(Exception):
    pass


def _analyse(folder: Path, frames: list[Frame], jobs: int, report, cancel: threading.Event) -> None:
    """Faces for `frames`; a cancel stops at the next result (frames not started are
    dropped, the few under way finish)."""
    if not frames or cancel.is_set():
        return

    def step(done: int, total: int) -> None:
        if cancel.is_set():
            raise _Cancelled
        report(done, total, "finding faces")
    try:
        results = analyze_shoot(folder, [frame.path for frame in frames], jobs=min(jobs, len(frames)),
                                on_result=step)
    except _Cancelled:
        return
    for frame, result in zip(frames, results):
        frame.result = result


def _export_frame(frame: Frame, decision: Decision, adjusted: dict, settings: ExportSettings,
                  seq: int, seq_width: int, names: NameBook, into_shoot: Callable[[Path], bool],
                  sitter: Sitter | None = None, person_seq: int = 1,
                  told: dict[int, str] | None = None) -> tuple[list[ExportItem], SourceImage | None]:
    """Every preset of one frame; the source is decoded once. `into_shoot(folder)`:
    whether a folder is the shoot's, where nothing is ever written. `told`: the names
    namesakes are delivered under (namesakes.told_apart)."""
    items = [_item(frame, preset, decision) for preset in settings.presets]
    for item in items:
        item.sitter, item.person = (sitter.number, sitter.name) if sitter else (None, None)
    try:
        source = load_source(frame.path)
    except (FrameError, MemoryError) as error:
        message = "not enough memory to decode it" if isinstance(error, MemoryError) else str(error)
        for item in items:
            item.status, item.notes = FAILED, [message]
        return items, None
    date = source.capture.capture_time.strftime("%Y-%m-%d") if source.capture.capture_time else ""
    for number, (preset, item) in enumerate(zip(settings.presets, items)):
        item.pixels_from = source.path.name
        box = _source_box(frame, preset, adjusted, source, item)
        if item.status != EXPORTED:
            continue
        fields = NameFields(Path(frame.name).stem, seq, preset.name, date, decision.rating,
                            decision.label or "", settings.client, *_person_fields(sitter, told or {}),
                            person_seq, sitter.row.fields if sitter and sitter.row else {})
        item.output = names.claim(render_name(settings.template, fields, seq_width), ".jpg")
        parent = (settings.out / item.output).parent
        if parent != settings.out and into_shoot(parent):
            # a name's folder part leading back into the shoot ("acme/{name}" exported
            # beside the shoot "acme") would replace the originals, or become a frame
            item.status, item.output = FAILED, None
            item.notes.append(f"not written: the name {settings.template} puts the file in the "
                              "shoot folder itself, among the originals; choose another name")
            continue
        try:
            _write_output(source, box, preset, settings, item)
        except FileExistsError:
            item.status, item.refused = FAILED, item.output
            item.notes.append(f"{item.output} already exists in the output folder "
                              "(allow overwriting to replace it)")
        except OSError as error:
            item.status = FAILED
            item.notes.append(room_note(error) or f"not written: {error.strerror or error}")
        except (ValueError, MemoryError) as error:
            item.status = FAILED
            item.notes.append(f"not written: {error}")
        if item.status == FAILED:
            item.output = None          # the manifest names only files that were delivered
            if DISK_FULL_NOTE in item.notes:
                # the frame's other presets are not tried either: not delivered, and said
                # so (a tester's report counted them exported, with no file)
                for later in items[number + 1:]:
                    later.status, later.notes = FAILED, [NOT_REACHED_NOTE]
                return items, source
    return items, source


def _person_fields(sitter: Sitter | None, told: dict[int, str]) -> tuple[str, str, str]:
    """{person}, {first}, {last}: the roster's first and last name when it has them; a
    namesake's {person} says which of them it is (`told`)."""
    if sitter is None:
        return "", "", ""
    if sitter.number in told:
        first, last = ((sitter.row.first, sitter.row.last) if sitter.row is not None and sitter.name == sitter.row.name
                       else split_name(sitter.name or ""))
        return told[sitter.number], first, last
    if sitter.row is not None and sitter.name == sitter.row.name:
        return sitter.name, sitter.row.first, sitter.row.last
    if sitter.name:
        return (sitter.name, *split_name(sitter.name))
    return sitter.label, "", ""


def _source_box(frame: Frame, preset: Preset, adjusted: dict, source: SourceImage,
                item: ExportItem) -> tuple[float, float, float, float] | None:
    """The crop in the source's pixels, or None for the whole frame; a skipped item says why."""
    if not preset.crops:
        return None
    result = frame.result
    if result is None or result.error or not result.width:
        item.status = SKIPPED
        item.notes.append(f"not analysed: {result.error if result and result.error else 'no result'}")
        return None
    guide = crop_for(result, preset.ratio, adjusted, preset.framing)
    if guide is None:
        item.status = SKIPPED
        item.notes.append(f"no face found to place the {preset.ratio} crop from")
        return None
    if guide.adjusted:
        item.notes.append(f"{preset.ratio} crop as adjusted by the photographer")
    elif not guide.fits:
        item.notes.append(f"frame too tight for the {preset.ratio} headshot crop: "
                          "the nearest crop the frame holds")
    scale_x, scale_y = source.image.width / result.width, source.image.height / result.height
    if abs(scale_x - scale_y) > 0.01 * scale_x:
        item.notes.append(f"{source.path.name} is not shaped like the analysed frame: crop scaled")
    x, y, w, h = guide.box
    x, y, w, h = x * scale_x, y * scale_y, w * scale_x, h * scale_y
    x, y = min(max(x, 0.0), source.image.width - w), min(max(y, 0.0), source.image.height - h)
    return max(x, 0.0), max(y, 0.0), min(w, source.image.width), min(h, source.image.height)


def _write_output(source: SourceImage, box, preset: Preset, settings: ExportSettings,
                  item: ExportItem) -> None:
    size = (preset.width, preset.height) if preset.width else None
    image = render(source, box, size, settings.sharpen)
    crop = box or (0, 0, source.image.width, source.image.height)
    item.crop_box = tuple(round(v) for v in crop)
    item.output_size = image.size
    if image.width > crop[2] * UPSCALE_SAID:
        item.notes.append(f"upscaled {image.width / crop[2]:.2f}× (the crop has "
                          f"{round(crop[2])} × {round(crop[3])} pixels)")
    exif = output_exif(source.exif, settings.keep_exif, image.size, settings.copyright,
                       settings.creator)
    target = settings.out / item.output
    if target.parent != settings.out and not target.parent.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)       # a folder per person
        remove_leftovers(target.parent)
    if not write_jpeg(image, target, settings.quality, exif,
                      output_xmp(settings.copyright, settings.creator, item.person or ""), settings.overwrite):
        item.notes.append(ALREADY_THERE_NOTE)


def _item(frame: Frame, preset: Preset, decision: Decision) -> ExportItem:
    result = frame.result
    return ExportItem(frame.name, preset.name,
                      headshot_score=_score(result),
                      portrait_score=result.portrait_score if result else None,
                      kind=result.kind if result else None, flag=_flag(decision),
                      rating=decision.rating, label=decision.label)


def _score(result: FrameResult | None) -> float | None:
    return result.headshot_score if result is not None else None


def _flag(decision: Decision) -> str:
    return {PICK: "pick", REJECT: "reject"}.get(decision.flag, "unflagged")


def _summary(folder: Path, settings: ExportSettings, report: ExportReport) -> dict:
    return {"shoot": str(folder), "client": settings.client, "frames": report.frames,
            "exported": len(report.exported), "problems": len(report.problems),
            "cancelled": report.cancelled, "seconds": round(report.seconds, 2),
            "presets": {p.name: {"ratio": p.ratio, "width": p.width, "height": p.height}
                        for p in settings.presets},
            "quality": settings.quality, "keep_exif": settings.keep_exif,
            "template": settings.template,
            "undelivered": report.undelivered,
            "namesakes": report.namesakes,
            "rejects_left_out": report.rejects_left_out,
            "originals": [vars(copy) for copy in report.originals]}
