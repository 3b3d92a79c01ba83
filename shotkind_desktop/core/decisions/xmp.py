"""XMP sidecars: how a decision made in ShotKind reaches Lightroom Classic, Capture One,
darktable, digiKam and Photo Mechanic, and how their decisions reach ShotKind.

There is no property every application reads for everything, so ShotKind writes the one
each application reads, and reads them all back:

| decision  | property written                           | read by                               |
|-----------|--------------------------------------------|---------------------------------------|
| stars     | xmp:Rating 0..5                            | all of them                           |
| reject    | xmp:Rating -1                              | Lightroom Classic and Bridge (Reject), |
|           |                                            | darktable (rejected)                  |
| pick, rej | digiKam:PickLabel 3 / 1 (0 none, 2 pending) | digiKam                              |
| pick, rej | xmpDM:pick 1/-1/0, xmpDM:good True/False   | Lightroom Classic 13.2 and later;     |
|           |                                            | older ones keep flags in their catalog |
| pick      | photomechanic:Tagged True / False          | Photo Mechanic                        |
| label     | xmp:Label Red/Yellow/Green/Blue/Purple     | Lightroom, Bridge, Capture One;       |
|           |                                            | darktable and digiKam fall back to it |
| label     | digiKam:ColorLabel 1 red, 3 yellow,        | digiKam reads it BEFORE xmp:Label     |
|           | 4 green, 5 blue, 6 magenta, 0 none         |                                       |
| label     | darktable:colorlabels 0 red .. 4 purple,   | darktable, when there is no xmp:Label |
|           | kept in step only when the sidecar has it  |                                       |
| all       | shotkind:Pick -1/0/1, shotkind:Rating 0..5 | ShotKind: a rejected frame's stars    |
|           | shotkind:LabelName (a label or "none")     | survive; which label property another |
|           |                                            | application changed                   |
| sitter    | Iptc4xmpExt:PersonInImage, a bag of names  | Lightroom Classic (IPTC Extension:    |
|           |                                            | Person Shown), Photo Mechanic,        |
|           |                                            | digiKam, exiftool                     |
| sitter    | shotkind:Person, the name ShotKind put in  | ShotKind: a renamed sitter replaces   |
|           | the bag                                    | only its own name                     |

Sources: digiKam's dmetadata_labels.cpp, darktable's common/exif.cc, exiftool's tag tables
(Photo Mechanic, xmpDM:good); xmpDM:pick as culling tools that round-trip with Lightroom
Classic 13.2+ describe it (no Adobe document found). Capture One has no pick or reject
in XMP.

Names: Lightroom, Bridge and Capture One look for IMG_0001.xmp (extension replaced);
darktable and digiKam also read IMG_0001.JPG.xmp (extension kept). Lightroom reads
sidecars of camera raw files only: for JPEG, TIFF and DNG it reads the XMP inside the
file, which ShotKind never writes (originals are never written to). Which names are a
frame's (a RAW+JPEG pair shares IMG_0001.xmp; frames with the same stem each get
IMG_0001.HEIC.xmp) is pairing.FrameFiles's to say, nobody else's. Every sidecar name of
the frame's files that exists is updated too.

Merging: the sidecar is parsed into xmp_tree's lossless tree and only the properties
above change. Labels ShotKind cannot show (a custom Lightroom label set, digiKam's
orange) are left alone unless the photographer chose a label in ShotKind.

Reading a label: ShotKind's own label, unless another application changed one of the
label properties written beside it (Lightroom's custom "Approved", Bridge taking
xmp:Label off, darktable adding its colour label): the change wins, as with flags. A
sidecar without ShotKind's label (an older ShotKind's, another application's) is read
xmp:Label first, then darktable's, then digiKam's.

Reading is defensive: a sidecar xmp_tree refuses (a document type declaration, broken
XML, not XMP, over 16 MB) is logged and read as "no decision"; a name that is not a
regular file in the frame's folder (a FIFO, a link out of it) is not the frame's sidecar
and is never read or written through (safe_files). An unreadable sidecar in the way of
a write is renamed to .unreadable (-2, -3 and on when taken) as it is, never copied.
One change at a time, across threads and ShotKind processes (sidecar_lock). Writing is
atomic (core.atomic_write): a crash or a power cut at any moment leaves the old or the new
sidecar, never half of one. The temporary name is short, not derived from the
sidecar's: a photo named with 242-255 bytes has a sidecar name at the file system's
limit, with no room for more.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Callable

from shotkind_desktop.core.decisions.decisions import LABELS, PICK, REJECT, UNFLAGGED, Decision
from shotkind_desktop.core.atomic_write import sync_folder, write_atomically
from shotkind_desktop.core.decisions.sidecar_lock import changing_sidecar
from shotkind_desktop.core.files.pairing import FrameFiles, on_disk
from shotkind_desktop.core.decisions.xmp_tree import (LI, NEW_SIDECAR, Document, Node, frame_descriptions,
                                            get_array, get_value, load, occurrences, parse,
                                            parse_logged, put_array, put_value, read_sidecar_bytes,
                                            xmp_key)

log = logging.getLogger(__name__)

RATING, LABEL, METADATA_DATE = xmp_key("xmp", "Rating"), xmp_key("xmp", "Label"), xmp_key("xmp", "MetadataDate")
OWN_PICK, OWN_RATING, OWN_LABEL = (xmp_key("shotkind", "Pick"), xmp_key("shotkind", "Rating"),
                                   xmp_key("shotkind", "LabelName"))
DM_PICK, DM_GOOD = xmp_key("xmpDM", "pick"), xmp_key("xmpDM", "good")
DK_PICK, DK_COLOR = xmp_key("digiKam", "PickLabel"), xmp_key("digiKam", "ColorLabel")
PM_TAGGED, DT_LABELS = xmp_key("photomechanic", "Tagged"), xmp_key("darktable", "colorlabels")
PERSON_IN_IMAGE, OWN_PERSON = xmp_key("Iptc4xmpExt", "PersonInImage"), xmp_key("shotkind", "Person")
DECISION_KEYS = (RATING, LABEL, OWN_PICK, OWN_RATING, OWN_LABEL, DM_PICK, DM_GOOD, DK_PICK, DK_COLOR, PM_TAGGED)
NO_LABEL = "none"           # shotkind:LabelName of a frame without one (not "Label":
                            # exiftool's XMP:Label would find it beside xmp:Label)
FOREIGN = "foreign"         # a label property's value ShotKind cannot show

DIGIKAM_COLORS = {"Red": 1, "Yellow": 3, "Green": 4, "Blue": 5, "Purple": 6}
DARKTABLE_COLORS = {"Red": 0, "Yellow": 1, "Green": 2, "Blue": 3, "Purple": 4}
DIGIKAM_PICKS = {PICK: 3, REJECT: 1, UNFLAGGED: 0}


@dataclass(frozen=True)
class SidecarDecision:
    decision: Decision
    path: Path
    modified_ns: int            # st_mtime_ns of the sidecar
    knows_flag: bool = False    # a pick/reject property was there (not just stars or a label)
    shared: bool = False        # IMG_0001.xmp of a stem other frames have too (pairing.py)
    from_shotkind: bool = False  # ShotKind's own properties are in it: written by ShotKind, or
                                 # by a program that kept what ShotKind wrote


def read_sidecar(frame: FrameFiles | Path,
                 changed: Callable[[SidecarDecision], bool] | None = None) -> SidecarDecision | None:
    """The decision in the frame's own sidecars (the newest when several names exist, a
    pair's RAW sidecar included), else in the shared sidecar of its stem; None when no
    sidecar holds one. `changed` (DecisionKeeper's: the sidecar says other than what
    ShotKind wrote to all of them) picks, of several, the newest it is true of: the
    file's time does not say which one another program changed (`exiftool -P` keeps it).
    A bare Path is a lone file. Never raises: a broken sidecar is logged and skipped."""
    frame = _as_frame(frame)
    own = _read_newest([p for p in map(on_disk, frame.sidecars()) if p is not None], changed)
    shared = frame.shared_sidecar() and on_disk(frame.shared_sidecar())
    if own is None and shared is not None:
        found = _read_newest([shared])
        return replace(found, shared=True) if found else None
    return own


def own_sidecar_decisions(frame: FrameFiles | Path) -> list[Decision]:
    """What each of the frame's own sidecars on disk says (the shared one of its stem not
    included; one that holds no decision, a tether program's with keywords only, says
    none): whether they all say the same."""
    return [sidecar.decision if sidecar is not None else Decision() for _, sidecar in _each_own_sidecar(frame)]


def sidecars_without_shotkind(frame: FrameFiles | Path) -> list[Path]:
    """The frame's own sidecars on disk that hold none of ShotKind's own properties:
    made by a program that never read ShotKind's, or rewritten by one that dropped them."""
    return [path for path, sidecar in _each_own_sidecar(frame) if sidecar is None or not sidecar.from_shotkind]


def _each_own_sidecar(frame: FrameFiles | Path) -> list[tuple[Path, SidecarDecision | None]]:
    """Each of the frame's own sidecars on disk, read on its own (None: no decision in it)."""
    paths = dict.fromkeys(p for p in map(on_disk, _as_frame(frame).sidecars()) if p is not None)
    return [(path, _read_newest([path])) for path in paths]


def write_sidecar(frame: FrameFiles | Path, decision: Decision, keep_extension: bool = False,
                  folder_sync: bool = True) -> Path:
    """Write the decision into the frame's sidecars (pairing.FrameFiles says which),
    merged into what is there, atomically: each of its sidecars that exists is updated,
    and the names it should have are made when missing (IMG_0001.xmp, shared by a
    RAW+JPEG pair as Lightroom expects; with keep_extension IMG_0001.JPG.xmp and
    IMG_0001.CR2.xmp, as darktable and digiKam expect). Returns the first written.
    Raises OSError when the folder is not writable. Without `folder_sync` each file is
    synced but not its folder's entry: a writer of many sidecars syncs the folder once
    after them (atomic_write.sync_folder)."""
    frame = _as_frame(frame)
    existing = [p for p in map(on_disk, frame.sidecars()) if p is not None]
    wanted = [on_disk(p) or p for p in frame.sidecars_to_write(keep_extension)]
    targets = list(dict.fromkeys([*wanted, *existing]))
    for target in targets:
        _merge_into(target, decision, create=target in wanted, folder_sync=folder_sync)
    return targets[0]


def write_person(frame: FrameFiles | Path, person: str | None, keep_extension: bool = False) -> list[Path]:
    """Put the sitter's name in the frame's sidecars as the person shown, where
    write_sidecar puts decisions; the name ShotKind wrote before is replaced, names other
    applications added stay. None takes ShotKind's name out. Returns the sidecars
    written (none when there was nothing to change); OSError as for write_sidecar."""
    frame = _as_frame(frame)
    existing = [p for p in map(on_disk, frame.sidecars()) if p is not None]
    wanted = [on_disk(p) or p for p in frame.sidecars_to_write(keep_extension)] if person else []
    written = []
    for target in dict.fromkeys([*wanted, *existing]):
        with changing_sidecar(target):
            document = parse_logged(read_sidecar_bytes(target), target) if os.path.lexists(target) else None
            if document is None and os.path.lexists(target):
                continue       # unreadable: write_sidecar sets it aside with the next decision
            document = document or parse(NEW_SIDECAR)
            if _put_person(frame_descriptions(document, create=True), person):
                # the folder is synced after the lock is let go: a key waits for no sync of this
                write_atomically(target, document.to_bytes(), kind=".xmp", folder_sync=False)
                written.append(target)
    for folder in dict.fromkeys(target.parent for target in written):
        sync_folder(folder)
    return written


def read_person(frame: FrameFiles | Path) -> list[str]:
    """The people shown, as the frame's newest sidecar lists them."""
    frame = _as_frame(frame)
    for path in sorted((p for p in map(on_disk, frame.sidecars()) if p is not None),
                       key=lambda p: p.stat().st_mtime_ns, reverse=True):
        document = load(path)
        if document is not None:
            return get_array(frame_descriptions(document), PERSON_IN_IMAGE) or []
    return []


def _put_person(descriptions: list[Node], person: str | None) -> bool:
    """Whether anything changed."""
    shown = get_array(descriptions, PERSON_IN_IMAGE) or []
    own = get_value(descriptions, OWN_PERSON)
    wanted = [name for name in shown if name != own]
    if person and person not in wanted:
        wanted.insert(0, person)
    if wanted == shown and own == person:
        return False
    put_array(descriptions, PERSON_IN_IMAGE, wanted)
    put_value(descriptions, OWN_PERSON, person)
    return True


def _as_frame(frame: FrameFiles | Path) -> FrameFiles:
    return frame if isinstance(frame, FrameFiles) else FrameFiles(Path(frame))


def _read_newest(paths: list[Path], changed: Callable[[SidecarDecision], bool] | None = None
                 ) -> SidecarDecision | None:
    """The newest of the sidecars at `paths` that holds a decision; with `changed`, the
    newest such that `changed` is true of, else the newest."""
    found = []
    for path in dict.fromkeys(paths):
        try:
            found.append((path.stat().st_mtime_ns, path))
        except OSError as error:
            log.warning("cannot read sidecar %s: %s", path, error.strerror or error)
    newest = None
    for modified_ns, path in sorted(found, reverse=True):
        document = load(path)
        read = _read_decision(frame_descriptions(document)) if document else None
        if read is None:
            continue
        decision, knows_flag, from_shotkind = read
        sidecar = SidecarDecision(decision, path, modified_ns, knows_flag, from_shotkind=from_shotkind)
        if changed is None or len(found) == 1 or changed(sidecar):
            return sidecar
        newest = newest or sidecar
    return newest


def _merge_into(path: Path, decision: Decision, create: bool, folder_sync: bool = True) -> None:
    """OSError, nothing written, when the name is taken by something that is not the
    frame's sidecar: a FIFO or device, a link out of its folder, a file over 16 MB."""
    with changing_sidecar(path):
        _merge_decision(path, decision, create, folder_sync)


def _merge_decision(path: Path, decision: Decision, create: bool, folder_sync: bool) -> None:
    document = None
    if os.path.lexists(path):
        document = parse_logged(read_sidecar_bytes(path), path)
        if document is None:
            if not create:
                return
            aside = _set_aside_name(path)
            os.replace(path, aside)   # as it was, mode and all
            log.warning("sidecar %s could not be read; kept as %s and written anew", path, aside.name)
    document = document or parse(NEW_SIDECAR)
    _write_decision(document, decision)
    write_atomically(path, document.to_bytes(), kind=".xmp", folder_sync=folder_sync)


def _set_aside_name(path: Path) -> Path:
    """A name no file has for a damaged sidecar set aside: `.unreadable`, then
    `.unreadable-2` and on, so a second damaged copy never takes the first's place."""
    aside, number = path.with_name(path.name + ".unreadable"), 1
    while os.path.lexists(aside):
        number += 1
        aside = path.with_name(f"{path.name}.unreadable-{number}")
    return aside


# ---- decision <-> properties ----------------------------------------------------------

def _read_decision(descriptions: list[Node]) -> tuple[Decision, bool, bool] | None:
    """The decision, whether a pick/reject property said the flag, and whether ShotKind's
    own properties are there."""
    values = {key: get_value(descriptions, key) for key in DECISION_KEYS}
    darktable = _darktable_labels(descriptions)
    if all(value is None for value in values.values()) and darktable is None:
        return None
    rating, own_rating = _number(values[RATING]), _number(values[OWN_RATING])
    picks = _pick_evidence(values)
    stars_say = [] if rating is None else [{REJECT} if rating < 0 else {PICK, UNFLAGGED}]
    flag = _flag(_number(values[OWN_PICK]), picks + stars_say)
    stars = rating if rating is not None and rating >= 0 else (own_rating or 0)
    from_shotkind = any(values[key] is not None for key in (OWN_PICK, OWN_RATING, OWN_LABEL))
    decision = Decision(flag, max(0, min(5, stars)), _label(values, darktable))
    return decision, values[OWN_PICK] is not None or bool(picks), from_shotkind


def _pick_evidence(values: dict) -> list[set[int]]:
    """The flags each other application's pick property allows, most specific first."""
    evidence = []
    pick = _number(values[DM_PICK])
    if pick in (PICK, UNFLAGGED, REJECT):
        evidence.append({pick})
    digikam = _number(values[DK_PICK])
    if digikam in (0, 1, 2, 3):
        evidence.append({0: {UNFLAGGED}, 1: {REJECT}, 2: {UNFLAGGED}, 3: {PICK}}[digikam])
    for key, yes, no in ((DM_GOOD, {PICK}, {REJECT}), (PM_TAGGED, {PICK}, {UNFLAGGED, REJECT})):
        truth = _truth(values[key])
        if truth is not None:
            evidence.append(yes if truth else no)
    return evidence


def _flag(own: int | None, evidence: list[set[int]]) -> int:
    """ShotKind's own flag unless another application changed one of the properties it
    wrote alongside (they then disagree with it): the change wins."""
    own = own if own in (PICK, UNFLAGGED, REJECT) else None
    changed = [allowed for allowed in evidence if own not in allowed]
    if not changed:
        return UNFLAGGED if own is None else own
    singles = [next(iter(allowed)) for allowed in changed if len(allowed) == 1]
    loose = [allowed for allowed in changed if len(allowed) > 1]
    agreed = [flag for flag in singles if all(flag in allowed for allowed in loose)]
    if agreed or singles:
        return (agreed or singles)[0]
    common = set.intersection(*loose) - {own}       # e.g. stars given to a rejected frame
    return UNFLAGGED if UNFLAGGED in common or not common else common.pop()


def _label(values: dict, darktable: list[int] | None) -> str | None:
    """ShotKind's own label unless a label property written beside it now says another
    (the change wins: xmp:Label first, then darktable's, then digiKam's); without it, the
    first of those that names a label. A label ShotKind cannot show is no label."""
    own = values[OWN_LABEL]
    if own is not None:
        mine = _lightroom_label(own)
        said = _labels_said(values, darktable, absent_is_none=True)
        label = next((label for label in said if label != mine), mine)
    else:
        label = next((label for label in _labels_said(values, darktable, absent_is_none=False)
                      if label is not None), None)
    return None if label == FOREIGN else label


def _labels_said(values: dict, darktable: list[int] | None, absent_is_none: bool) -> list[str | None]:
    """What each label property there says, xmp:Label first: a label, None (no label) or
    FOREIGN. ShotKind writes xmp:Label only beside a label, so on its sidecar
    (`absent_is_none`) xmp:Label missing says "no label"."""
    said: list[str | None] = []
    text = (values[LABEL] or "").strip()
    if text:
        said.append(_lightroom_label(text) or FOREIGN)
    elif absent_is_none:
        said.append(None)
    if darktable is not None:
        said.append(_darktable_label(darktable))
    digikam = _number(values[DK_COLOR])
    if digikam is not None:
        said.append(next((label for label, number in DIGIKAM_COLORS.items() if number == digikam),
                         None if digikam == 0 else FOREIGN))
    return said


def _darktable_label(indices: list[int]) -> str | None:
    """darktable allows several labels; ShotKind shows the first it knows."""
    names = {number: label for label, number in DARKTABLE_COLORS.items()}
    return next((names[index] for index in indices if index in names), None)


def _lightroom_label(value: str | None) -> str | None:
    text = (value or "").strip().lower()
    return next((label for label in LABELS if label.lower() == text), None)


def _write_decision(document: Document, decision: Decision) -> None:
    descriptions = frame_descriptions(document, create=True)
    flag, label = decision.flag, decision.label
    put_value(descriptions, RATING, str(-1 if flag == REJECT else decision.rating))
    current = get_value(descriptions, LABEL)
    foreign = bool(current and current.strip()) and _lightroom_label(current) is None
    if _lightroom_label(current) != label and not (foreign and label is None):
        put_value(descriptions, LABEL, label)
    put_value(descriptions, OWN_PICK, str(flag))
    put_value(descriptions, OWN_RATING, str(decision.rating))
    put_value(descriptions, OWN_LABEL, label or NO_LABEL)
    put_value(descriptions, DM_PICK, str(flag))
    put_value(descriptions, DM_GOOD, {PICK: "True", REJECT: "False"}.get(flag))
    same = {0, 2} if flag == UNFLAGGED else {DIGIKAM_PICKS[flag]}   # digiKam's "pending" is unflagged
    if _number(get_value(descriptions, DK_PICK)) not in same:
        put_value(descriptions, DK_PICK, str(DIGIKAM_PICKS[flag]))
    current = _number(get_value(descriptions, DK_COLOR))
    if label is not None or current in (None, 0, *DIGIKAM_COLORS.values()):
        put_value(descriptions, DK_COLOR, str(DIGIKAM_COLORS.get(label, 0)))
    put_value(descriptions, PM_TAGGED, "True" if flag == PICK else "False")
    darktable = _darktable_labels(descriptions)
    if darktable is not None and _darktable_label(darktable) != label:
        _set_darktable_labels(descriptions, label)
    put_value(descriptions, METADATA_DATE, datetime.now().astimezone().isoformat(timespec="seconds"))


def _number(value: str | None) -> int | None:
    try:
        return round(float(value)) if value is not None else None
    except (ValueError, OverflowError):
        return None


def _truth(value: str | None) -> bool | None:
    text = (value or "").strip().lower()
    return True if text in ("true", "yes", "1") else False if text in ("false", "no", "0") else None


def _darktable_labels(descriptions: list[Node]) -> list[int] | None:
    for _description, element in occurrences(descriptions, DT_LABELS):
        if element is None:      # darktable always writes an rdf:Seq; anything else is not its
            continue
        items = [item for array in element.elements() for item in array.elements() if item.tag == LI]
        values = ["".join(c for c in item.children if isinstance(c, str)).strip() for item in items]
        return [int(value) for value in values if value.isdigit()]
    return None


def _set_darktable_labels(descriptions: list[Node], label: str | None) -> None:
    """The label ShotKind shows (darktable's first) becomes `label`; darktable's other
    labels stay (a frame can be red and green there). No labels left: no property."""
    for description, element in occurrences(descriptions, DT_LABELS):
        if element is None:
            continue
        current = _darktable_labels(descriptions) or []
        others = [index for index in current if index != (current[0] if current else None)]
        wanted = ([DARKTABLE_COLORS[label]] if label is not None else []) + \
            [index for index in others if label is None or index != DARKTABLE_COLORS[label]]
        if not wanted:
            description.remove(element)
            return
        arrays = element.elements()
        if not arrays:
            arrays = [Node(xmp_key("rdf", "Seq"))]
            element.children = arrays[:]
        array = arrays[0]
        for extra in arrays[1:]:
            element.remove(extra)
        space = [c for c in array.children if isinstance(c, str) and not c.strip()]
        inner = space[0] if space else ""
        items = [Node(LI, children=[str(index)]) for index in wanted]
        array.children = [part for item in items for part in (inner, item)] + ([space[-1]] if space else [])
        return
