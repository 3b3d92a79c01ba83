"""Keeping the photographer's decisions on a shoot: every change goes to the catalog and
to the frames' XMP sidecars before apply() returns (unless another program holds the
catalog or its disk is full or refuses to write it: then decision_writer retries in the
background), and can be undone and redone.

Order of writing (decision_writer.py): the catalog first, a whole change in one
transaction, then the sidecars, then a print of what the sidecars now hold
(sidecar_print.py). So a change cut by a crash is in the catalog whole or not at all.

On opening, the catalog and the sidecars are merged. A sidecar whose contents differ
from the print ShotKind kept after its last write was changed by another application:
it gives the frame its stars, label and reject, and the pick when it carries a pick
property (ShotKind's own, Lightroom's, digiKam's, Photo Mechanic's); its sidecars are
then written again where they do not all say the merged decision (a pick dropped by a
program that rewrote the file, the frame's other sidecar name). Of several sidecars, the
one another program changed is the one that says other than ShotKind wrote to all of
them, not the newest (`exiftool -P` keeps a file's time). A frame the catalog
has a decision for but no print (a write cut by a crash, a catalog merged from the data
folder) has its sidecars rewritten from the catalog. Catalogs from before prints fall
back to comparing the sidecar's time with the catalog's.

A sidecar that appeared beside ShotKind's since its last write (ShotKind's own as it
left them) without ShotKind's properties was made by a program that never read
ShotKind's decision: darktable, importing a folder, writes IMG_0001.JPG.xmp (and
IMG_0001.CR2.xmp for a pair) with its default 1 star and no label. Its stars and a
label or flag it does not have are that program's defaults, indistinguishable from a
choice made there (a tester's rejects came back unflagged with 1 star and were
delivered); what no program sets by default is a choice: a reject, a pick property, a
label. So ShotKind's decision stands with those taken in (came_without_shotkind), and
is written into that sidecar; a later change to it is a change as any other.

Before a frame is changed its sidecars are looked at again: another application's
change since ShotKind's last write is merged in first, so the photographer's newest
change wins for the property it sets and the other application's for the rest. Undo and
redo are such changes too: they set back, or again, only the properties their step set.

A read-only catalog (another window holds the shoot, or a newer ShotKind made it) is
read and merged but never written, and apply() raises CatalogReadOnly.

What the catalog keeps under a name that moved while ShotKind was closed (another Unicode
form, a RAW joined by its JPEG, a file renamed) goes to the name now, first
(core.decisions.moved_frames).

Which files and sidecars are each frame's is pairing.FrameFiles's to say (a RAW+JPEG pair
is one frame named by its JPEG, its decision in the sidecars of both files; frames with
the same stem each have their own). They come from the shoot (`files`) or, when not
given, from one listing of each folder (pairing.frames_by_name).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import fields, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from shotkind_desktop.core.atomic_write import sync_folder
from shotkind_desktop.core.decisions.catalog import Catalog, CatalogBusy, CatalogReadOnly, FileIdentity
from shotkind_desktop.core.decisions.decision_writer import GUI_WAIT, DecisionWriter, Rename
from shotkind_desktop.core.decisions.spare_catalog import SpareCatalog
from shotkind_desktop.core.decisions.card_copies import card_catalogs, take_card_decisions
from shotkind_desktop.core.decisions.decisions import REJECT, UNFLAGGED, Decision
from shotkind_desktop.core.decisions.moved_frames import moved_frames
from shotkind_desktop.core.decisions.renamed_sidecars import take_own_sidecars
from shotkind_desktop.core.files.name_case import name_key
from shotkind_desktop.core.files.scan import capture_time
from shotkind_desktop.core.files.pairing import FrameFiles, frames_by_name, on_disk
from shotkind_desktop.core.decisions.sidecar_print import sidecar_print
from shotkind_desktop.core.decisions.sidecar_refusal import sidecar_refusal
from shotkind_desktop.core.decisions.xmp import (SidecarDecision, own_sidecar_decisions, read_sidecar,
                                                sidecars_without_shotkind, write_sidecar)

log = logging.getLogger(__name__)

Step = dict[str, tuple[Decision, Decision]]     # name -> (before, after)


class DecisionKeeper:
    """Applies decisions to a shoot: catalog and sidecars written before apply() returns, with undo/redo."""

    def __init__(self, folder: Path, catalog: Catalog, names: list[str], keep_extension: bool = False,
                 files: dict[str, FrameFiles] | None = None, spare: bool = False):
        """`files`: frame name -> its files (found on disk when None). `spare`: decisions
        that wait for the catalog are kept in a spare catalog meanwhile (spare_catalog;
        the window, where they show as made: a command that cannot save says so and
        exits, and its marks must not come back at the next opening)."""
        self.folder = Path(folder)
        self.catalog = catalog
        self.keep_extension = keep_extension
        self.files = frames_by_name(self.folder, names) if files is None else dict(files)
        self.sidecar_errors: list[str] = []
        self._lock = threading.RLock()
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._prints: dict[str, str] = {}
        self.writer = DecisionWriter(catalog, self._write_sidecars, SpareCatalog(self.folder) if spare else None)
        self.from_card = 0      # decisions a copy of a write-protected card took from it
        self._unfollowed: set[str] = set()      # old and new names of moves the busy catalog missed
        if catalog.read_only is None:
            self._follow_moved_frames(names)
            candidates = card_catalogs(self.folder, catalog)
            if candidates:
                self.from_card = take_card_decisions(catalog, candidates, _identities(names, self._files))
        self._decisions = self._merged(names, opening=True)

    @property
    def read_only(self) -> str | None:
        """Why decisions cannot be changed here (Catalog.read_only), or None."""
        return self.catalog.read_only

    def waiting(self) -> set[str]:
        """Frames whose decision waits for the catalog, busy or on a full disk (shown, not
        yet on disk)."""
        return self.writer.waiting()

    def decisions(self) -> dict[str, Decision]:
        """Every frame's decision (Decision() when it has none)."""
        with self._lock:
            return dict(self._decisions)

    def apply(self, names: list[str], change: Callable[[Decision], Decision]) -> dict[str, Decision]:
        """Change every named frame as one undoable step; the frames that changed, with
        their new decisions ({} and no undo step when nothing changed)."""
        if self.read_only is not None:
            raise CatalogReadOnly(self.read_only)
        with self._lock:
            step = {}
            waiting = self.writer.waiting()
            for name in dict.fromkeys(names):
                before = self._decisions.get(name, Decision())
                if name not in waiting:
                    before = self._as_on_disk(name, before)
                after = change(before)
                if after != self._decisions.get(name, Decision()):
                    step[name] = (before, after)
            if not step:
                return {}
            written = self._write({name: after for name, (_before, after) in step.items()})
            self._undo.append(step)
            self._redo.clear()
            return written

    def undo(self) -> dict[str, Decision]:
        """Take back the last step; {} when there is nothing to undo."""
        with self._lock:
            if not self._undo:
                return {}
            step = self._undo.pop()
            try:
                written = self._write(self._stepped(step, back=True))
            except BaseException:           # not taken back: still there to undo
                self._undo.append(step)
                raise
            self._redo.append(step)
            return written

    def redo(self) -> dict[str, Decision]:
        """Apply again the last step undone; {} when there is nothing to redo."""
        with self._lock:
            if not self._redo:
                return {}
            step = self._redo.pop()
            try:
                written = self._write(self._stepped(step, back=False))
            except BaseException:           # not made again: still there to redo
                self._redo.append(step)
                raise
            self._undo.append(step)
            return written

    def next_step(self, back: bool) -> Step | None:
        """The step undo() (`back`) or redo() would take, without taking it."""
        with self._lock:
            stack = self._undo if back else self._redo
            return dict(stack[-1]) if stack else None

    def _stepped(self, step: Step, back: bool) -> dict[str, Decision]:
        """Each frame of `step` with what the step changed taken back (or made again) on
        its decision as it is now: another application's change to a sidecar since the
        step is merged in first and kept, as apply() keeps it."""
        waiting = self.writer.waiting()
        changes = {}
        for name, (before, after) in step.items():
            now = self._decisions.get(name, Decision())
            if name not in waiting:
                now = self._as_on_disk(name, now)
            wanted = before if back else after
            changes[name] = replace(now, **{field.name: getattr(wanted, field.name) for field in fields(Decision)
                                            if getattr(before, field.name) != getattr(after, field.name)})
        return changes

    def add(self, files: dict[str, FrameFiles]) -> dict[str, Decision]:
        """Frames that came into the shoot while it is open (a live session): their
        decisions, from the catalog and their sidecars as at opening (tether software
        may have written a sidecar already)."""
        with self._lock:
            self.files.update(files)
            merged = self._merged(list(files))
            self._decisions.update(merged)
            return merged

    def rename(self, old: str, new: str, files: FrameFiles) -> Decision:
        """The frame `old` is now `new` with `files` (a RAW joined by its JPEG is named by
        the JPEG; a frame that got a partner has more files): its decision, undo steps
        and adjusted crops follow it, and its decision is written to the sidecars of all
        its files. Returns its decision."""
        with self._lock:
            before = self._files(old)
            self.files.pop(old, None)
            self.files[new] = files
            decision = self._decisions.pop(old, Decision())
            self._decisions[new] = decision
            written = self._prints.pop(old, None)
            if written is not None:
                self._prints[new] = written
            for step in self._undo + self._redo:
                if old in step:
                    step[new] = step.pop(old)
            if self.read_only is not None:
                return decision
            if old != new:
                # what is left under the old name now is the old picture's, whoever wrote
                # it: noted, so the next capture landing there does not read it (D1)
                left = sidecar_print(before) if before.path not in files.files else ""

                def take_own() -> None:     # run by the writer once the note is committed
                    if left and left == written and sidecar_print(before) == left:
                        self._take_own_sidecars(old, before, files)
                if not self.writer.rename(Rename(old, new, left, take_own)):
                    log.info("catalog busy: %s is kept under its new name %s when it is free", old, new)
            if decision != Decision():
                self.writer.write({new: decision})
            return decision

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_depth(self) -> int:
        """How many steps undo() can take back: the window's history counts on it to stay
        in step with the keeper's, whoever applied the step."""
        return len(self._undo)

    def _write(self, changes: dict[str, Decision]) -> dict[str, Decision]:
        """Kept and written, or waiting for the catalog; a write that failed otherwise
        leaves the decisions as they were, so what is kept is what the window shows."""
        before = {name: self._decisions.get(name) for name in changes}
        self._decisions.update(changes)
        try:
            self.writer.write(changes)
        except BaseException:
            for name, decision in before.items():
                if decision is None:
                    self._decisions.pop(name, None)
                else:
                    self._decisions[name] = decision
            raise
        return dict(changes)

    def _as_on_disk(self, name: str, known: Decision) -> Decision:
        """The frame's decision with another application's change to its sidecars since
        ShotKind's last write merged in."""
        kept = self._prints.get(name)
        files = self._files(name)
        if kept is None or sidecar_print(files) == kept:
            return known
        sidecar = read_sidecar(files, changed_from(known))
        if sidecar is None or sidecar.shared:
            return known
        log.info("sidecar of %s was changed by another application: merged", name)
        return merged_decision(sidecar, known, files, kept)

    def _write_sidecars(self, changes: dict[str, Decision]) -> dict[str, str]:
        """Write each frame's sidecars; the prints of those written (decision_writer).
        Each file is synced as it is written, each folder once after all of them and
        before the prints are returned to be committed: a 1,000-frame reject costs 1,001
        syncs on the GUI thread, not 2,000, and a crash before the folder sync leaves
        sidecars without prints, which the next opening rewrites from the catalog."""
        prints, folders = {}, set()
        for name, decision in changes.items():
            files = self._files(name)
            folders.add(files.path.parent)     # a frame's sidecars are beside its files
            try:
                write_sidecar(files, decision, self.keep_extension, folder_sync=False)
            except OSError as error:
                self.sidecar_errors.append(_sidecar_message(name, files, error))
                log.warning("sidecar for %s not written: %s", name, error)
                continue
            prints[name] = self._prints[name] = sidecar_print(self._files(name))
        for folder in folders:
            sync_folder(folder)
        return prints

    def _merged(self, names: list[str], opening: bool = False) -> dict[str, Decision]:
        """The catalog's decisions, overruled where another application changed a sidecar;
        what sidecars changed is saved to the catalog and sidecars the catalog is newer
        than are rewritten, so the two agree."""
        # renamed away while the catalog is busy: noted here until it commits the rename
        pending = self.writer.renamed_away()
        if opening and self._unfollowed:    # the busy catalog missed them: read as export reads
            known, times, kept_prints = kept_decisions(self.catalog, names, self._files, renamed_away=pending)
        else:
            known, times, kept_prints = kept_decisions(self.catalog, renamed_away=pending)
        claimed = claimed_stem_sidecars(self._files(name) for name in known)
        merged, updates, stale, prints = {}, {}, {}, {}
        for name in names:
            decision = known.get(name)
            files, kept = self._files(name), kept_prints.get(name)
            now = sidecar_print(files)
            if decision is not None and kept is not None and kept == now:
                merged[name], prints[name] = decision, now      # as ShotKind left them: nothing to read
                continue
            sidecar = read_sidecar(files, changed_from(decision))
            if sidecar_counts(sidecar, decision, times.get(name, 0), kept, now, stem_claimed(sidecar, files, claimed)):
                newer = merged_decision(sidecar, decision, files, kept)
                if newer != decision:
                    updates[name] = newer
                if not sidecar.shared and any(said != newer for said in own_sidecar_decisions(files)):
                    # the pick another program's sidecar does not carry (darktable wrote
                    # it again without), or the frame's other sidecar still saying the
                    # old: every sidecar is to say the merged decision, or Lightroom and
                    # digiKam never see the pick
                    stale[name] = newer
                decision = newer
            elif decision is not None and any(said != decision
                                              for said in own_sidecar_decisions(files) or [Decision()]):
                # written to the catalog, not to the sidecar (no print: a crash between the
                # two), or the sidecar since replaced by one that says nothing of it (a
                # tether program's, with keywords only) or deleted: written again
                stale[name] = decision
            merged[name] = decision or Decision()
            if decision is not None:
                prints[name] = now
        for name in pending.keys() | self._unfollowed:      # saved once the catalog has the move
            updates.pop(name, None)
            stale.pop(name, None)
            prints.pop(name, None)
        self._prints.update(prints)
        if self.read_only is None:
            self._settle(updates, stale, prints)
        return merged

    def _settle(self, updates: dict[str, Decision], stale: dict[str, Decision],
                prints: dict[str, str]) -> None:
        """Save what opening found: sidecars' changes to the catalog, the catalog's to
        stale sidecars, and every print. A busy catalog leaves it for the next opening."""
        try:
            if updates:
                self.catalog.save_decisions(updates, GUI_WAIT)
            prints.update(self._write_sidecars(stale))
            self.catalog.save_sidecar_prints(prints, GUI_WAIT)
        except CatalogBusy:
            log.info("catalog busy while opening: merged decisions are saved later")

    def _follow_moved_frames(self, names: list[str]) -> None:
        """What the catalog keeps under names that moved while ShotKind was closed goes to
        the names now (frame_moves), before the decisions are read; what is left under
        an old name is noted (Catalog.rename_frames), then ShotKind's own sidecars go
        with their picture. A busy catalog takes none of it: the decisions are then read
        as export reads them (kept_decisions with the names), and nothing of those
        frames is saved until an opening that finds the catalog free."""
        moves = frame_moves(self.catalog, names, self._files)
        if not moves:
            return
        left = left_prints(moves, names, self._files)
        written = self.catalog.sidecar_prints()
        try:
            self.catalog.rename_frames(moves, GUI_WAIT, left)
        except CatalogBusy:
            log.info("catalog busy: %d frames that took other names are followed next time", len(moves))
            self._unfollowed = set(moves) | set(moves.values())
            return
        log.info("followed %d frames that took other names: %s", len(moves), moves)
        for old, print_ in left.items():
            if print_ == written.get(old):
                self._take_own_sidecars(old, self._files(old), self._files(moves[old]))

    def _take_own_sidecars(self, old: str, before: FrameFiles, after: FrameFiles) -> None:
        """ShotKind's sidecars left under `old` go with their picture (renamed_sidecars),
        then the catalog's note of them is forgotten; any left keep the note."""
        try:
            take_own_sidecars(before, after)
            if not sidecar_print(before):
                self.catalog.forget_left(old, GUI_WAIT)
        except CatalogBusy:
            log.info("catalog busy: the note of the sidecars moved from %s is kept", old)
        except OSError as error:    # the note keeps them from a picture under the name
            log.warning("sidecars of %s left under its old name: %s", old, error)

    def _files(self, name: str) -> FrameFiles:
        return self.files.get(name) or FrameFiles(self.folder / name)


def kept_decisions(catalog: Catalog, names: list[str] | None = None,
                   files_of: Callable[[str], FrameFiles] | None = None,
                   renamed_away: dict[str, str] | None = None
                   ) -> tuple[dict[str, Decision], dict[str, int], dict[str, str]]:
    """The catalog's decisions, their times and sidecar prints, to merge with the frames'
    sidecars: DecisionKeeper's and export's (shoot_decisions, the trash) one reading, so
    they never give a decision to different pictures. With `names` (a reader that does
    not write: export), frames that moved while ShotKind was closed (frame_moves) are
    followed here as DecisionKeeper follows them in the catalog at opening, and the
    sidecars their pictures left are noted; `renamed_away`: old name -> the print left
    there by a rename the catalog has not committed yet. A noted name is undecided, with
    the print of what was left: that sidecar is not read, a later one is."""
    known, times, prints = catalog.decisions(), catalog.decision_times(), catalog.sidecar_prints()
    notes = dict(renamed_away or {})
    if names is not None and files_of is not None:
        moves = frame_moves(catalog, names, files_of)
        for old, new in moves.items():        # as Catalog.rename_frames moves them
            if old in known:
                known[new], times[new] = known.pop(old), times.pop(old, 0)
                prints.pop(new, None)
            prints.pop(old, None)
        notes.update(left_prints(moves, names, files_of))
    for name, print_ in notes.items():
        known[name], times[name], prints[name] = Decision(), 0, print_
    return known, times, prints


def frame_moves(catalog: Catalog, names: list[str], files_of: Callable[[str], FrameFiles]) -> dict[str, str]:
    """Old name -> name now, of frames that took other names while ShotKind was closed
    (core.decisions.moved_frames): for DecisionKeeper, which follows them in the
    catalog, and for export and the trash, which read the shoot the same way.

    A name the catalog keeps that holds another picture now counts as gone too: its file
    has changed (not the size and time analysed) and has a capture time that differs, to
    the second, from the one its analysis read. It only moves where its picture is found
    under a new name (the size, time and capture time of its analysis): a tester's
    capture_tmp_0001.JPG renamed Smith_0001.JPG and a new capture landed as
    capture_tmp_0001.JPG. A picture changed in place (re-saved without EXIF, a caption
    written into it, a restore that set new times) has no capture time or the same one:
    it keeps its decision, and a copy of it under another name never takes it."""
    kept, shown = catalog.kept_names(), set(names)
    arrived = [name for name in names if name not in kept]
    if all(name in shown for name in kept) and not arrived:
        return {}                                   # the usual opening: no name has gone or come
    changed = [name for name in names if kept.get(name) is not None] if arrived else []
    identities = _identities(arrived + changed, files_of)

    def other_picture(name: str) -> bool:
        """The file now under `name` has a known capture time other than its analysis's."""
        try:
            then, now = _to_second(catalog.captured(name)), capture_time(files_of(name).path)
        except OSError:
            return False
        return then is not None and now is not None and then != _to_second(now.isoformat())

    replaced = {name for name in changed
                if identities[name] not in (None, kept[name]) and other_picture(name)}
    if all(name in shown for name in kept) and not replaced:
        return {}
    present = {name: identities[name] for name in arrived}
    present.update({name: None for name in names if name in kept and name not in replaced})
    files = {name: tuple((PurePosixPath(name).parent / path.name).as_posix() for path in files_of(name).files)
             for name in names if files_of(name).raw is not None}

    def same_picture(old: str, new: str) -> bool:
        """The file now at `new` has the capture time the analysis of `old` read (EXIF, to
        the second or finer); False when either is not known."""
        captured = catalog.captured(old)
        try:
            now = capture_time(files_of(new).path) if captured is not None else None
        except OSError:
            return False
        return now is not None and now.isoformat() == captured

    return moved_frames(kept, present, files, same_picture)


def _to_second(iso: str | None) -> datetime | None:
    """A capture time as the camera's clock showed it, to the second (an offset written
    into the file later does not make it another moment); None when not known."""
    try:
        return datetime.fromisoformat(iso).replace(tzinfo=None, microsecond=0) if iso else None
    except ValueError:
        return None


def left_prints(moves: dict[str, str], names: list[str], files_of: Callable[[str], FrameFiles]) -> dict[str, str]:
    """Old name -> the print of the sidecars its picture left there (Catalog.rename_frames),
    where there are some and the name holds another picture now or none: not a RAW joined
    by its JPEG (its sidecars are the pair's), nor a name in another Unicode form that
    the disk takes for the same."""
    shown, left = set(names), {}
    for old, new in moves.items():
        before = files_of(old)
        if before.path in files_of(new).files or (old not in shown and on_disk(before.path) is not None):
            continue
        print_ = sidecar_print(before)
        if print_:
            left[old] = print_
    return left


def _identities(names: list[str], files_of: Callable[[str], FrameFiles]) -> dict[str, FileIdentity | None]:
    """Frame name -> the identity of its picture file now (None: cannot be read)."""
    found: dict[str, FileIdentity | None] = {}
    for name in names:
        try:
            found[name] = FileIdentity.of(files_of(name).path)
        except OSError:
            found[name] = None
    return found


def sidecar_counts(sidecar: SidecarDecision | None, known: Decision | None, saved_ns: int,
                   kept_print: str | None = None, print_now: str | None = None,
                   claimed: bool = False) -> bool:
    """Whether a sidecar's decision overrules the catalog's: its contents differ from what
    ShotKind last wrote (`kept_print`), or, for a catalog without a print, it is newer than
    the catalog's last write of the frame. A stem's shared sidecar (pairing.py) counts
    only for a frame the catalog knows nothing of (another frame may have changed it),
    and not when `claimed` (stem_claimed): a frame with a decision reads it, so it holds
    that frame's decision."""
    if sidecar is None:
        return False
    if known is None:
        return not (sidecar.shared and claimed)
    if sidecar.shared:
        return False
    if kept_print is not None and print_now is not None:
        return kept_print != print_now
    return sidecar.modified_ns > saved_ns


def merged_decision(sidecar: SidecarDecision, known: Decision | None, files: FrameFiles,
                    kept_print: str | None) -> Decision:
    """The frame's decision with a sidecar that counts read in: merged_with_sidecar, or,
    for one made without ShotKind's decision (came_without_shotkind), ShotKind's with
    only what no program sets by default taken from it: a reject or pick, a label."""
    if known is None or not came_without_shotkind(sidecar, files, kept_print):
        return merged_with_sidecar(sidecar, known)
    found = sidecar.decision
    chosen = found.flag == REJECT or (sidecar.knows_flag and found.flag != UNFLAGGED)
    log.info("%s was made without ShotKind's decision: only its choices are taken", sidecar.path.name)
    return replace(known, flag=found.flag if chosen else known.flag, label=found.label or known.label)


def came_without_shotkind(sidecar: SidecarDecision, files: FrameFiles, kept_print: str | None) -> bool:
    """Whether `sidecar` appeared since ShotKind last wrote the frame's sidecars
    (`kept_print`: those with ShotKind's properties are as it left them) and holds none
    of ShotKind's properties: its maker never read ShotKind's decision."""
    if sidecar.from_shotkind or sidecar.shared or kept_print is None:
        return False
    return sidecar_print(files, leaving_out=set(sidecars_without_shotkind(files))) == kept_print


def changed_from(known: Decision | None) -> Callable[[SidecarDecision], bool] | None:
    """For read_sidecar: a sidecar that says other than `known`, what ShotKind last wrote
    to all the frame's sidecars, is the one another program changed."""
    if known is None:
        return None
    return lambda sidecar: merged_with_sidecar(sidecar, known) != known


def claimed_stem_sidecars(decided: Iterable[FrameFiles]) -> set[str]:
    """The stem sidecars (IMG_0001.xmp) on disk that frames the catalog has a decision for
    read, as their disk compares names (pairing's name_key): a JPEG rejected while alone
    had its decision written there, and a retouched IMG_0001.tif saved beside it later
    must not open rejected too (a tester's trash offered the TIFF)."""
    claimed = set()
    for files in decided:
        if files.shares_stem:
            for name in (*files.sidecars(), files.shared_sidecar()):
                found = on_disk(name) if name is not None else None
                if found is not None:
                    claimed.add(name_key(str(found), files.case_ignored))
    return claimed


def stem_claimed(sidecar: SidecarDecision | None, files: FrameFiles, claimed: set[str]) -> bool:
    """Whether `sidecar`, read for the frame `files`, is a stem sidecar in `claimed`."""
    return sidecar is not None and sidecar.shared and name_key(str(sidecar.path), files.case_ignored) in claimed


def merged_with_sidecar(sidecar: SidecarDecision, known: Decision | None) -> Decision:
    """Stars, label and reject from the sidecar; the pick from it only when it says."""
    found = sidecar.decision
    if sidecar.knows_flag or found.flag == REJECT or known is None:
        return found
    flag = UNFLAGGED if known.flag == REJECT else known.flag    # un-rejected elsewhere
    return replace(found, flag=flag)


def _sidecar_message(name: str, files: FrameFiles, error: OSError) -> str:
    """The cause first: the status bar cuts the end of a long message (a tester's read
    "…could not be written (the folder is re…")."""
    reason = sidecar_refusal(files, error)
    return (f"{reason[:1].upper()}{reason[1:]}: the decision on {name} is kept in the catalog, but not "
            "in its XMP sidecar, so other applications will not see it.")
