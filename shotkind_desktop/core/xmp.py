"""XMP sidecars: how a decision made in ShotKind reaches Lightroom Classic, Capture One,
darktable, digiKam and Photo Mechanic, and how their decisions reach ShotKind.

There is no property every application reads for everything, so ShotKind writes the one
each application reads, and reads them all back:

| decision  | property written                         | read by                                  |
|-----------|------------------------------------------|------------------------------------------|
| stars     | xmp:Rating 0..5                          | all of them                              |
| reject    | xmp:Rating -1                            | Lightroom Classic and Bridge (Reject), darktable (rejected) |
| pick, rej | digiKam:PickLabel 3 / 1 (0 none, 2 pending) | digiKam                               |
| pick, rej | xmpDM:pick 1/-1/0, xmpDM:good True/False | Lightroom Classic 13.2 and later; older versions keep flags in their catalog only |
| pick      | photomechanic:Tagged True / False        | Photo Mechanic                           |
| label     | xmp:Label Red/Yellow/Green/Blue/Purple   | Lightroom, Bridge, Capture One; darktable and digiKam fall back to it |
| label     | digiKam:ColorLabel 1 red, 3 yellow, 4 green, 5 blue, 6 magenta, 0 none | digiKam reads it BEFORE xmp:Label |
| label     | darktable:colorlabels 0 red .. 4 purple, kept in step only when the sidecar has it | darktable, when there is no xmp:Label |
| all       | shotkind:Pick -1/0/1, shotkind:Rating 0..5 | ShotKind: a rejected frame's stars survive |

Sources: digiKam's dmetadata_labels.cpp, darktable's common/exif.cc, exiftool's tag tables
(Photo Mechanic, xmpDM:good); xmpDM:pick as culling tools that round-trip with Lightroom
Classic 13.2+ describe it (no Adobe document found). Capture One has no pick or reject
in XMP.

Names: Lightroom, Bridge and Capture One look for IMG_0001.xmp (extension replaced);
darktable and digiKam also read IMG_0001.JPG.xmp (extension kept). Lightroom reads
sidecars of camera raw files only: for JPEG, TIFF and DNG it reads the XMP inside the
file, which ShotKind never writes (originals are never written to). A RAW+JPEG pair
shares IMG_0001.xmp, as Lightroom expects. When both names exist both are updated.

Merging: the sidecar is parsed with expat into a small tree that keeps every element,
attribute, namespace declaration (where it was declared, with its prefix), comment,
processing instruction and text, and the bytes before and after the root element (the
`<?xpacket?>` wrapper and its padding) verbatim; only the properties above change. A
property is read and updated where it is, as an rdf:Description attribute (Lightroom) or
as a child element (exiftool, digiKam); a new one becomes an attribute of the
rdf:Description already using its namespace, else of the first. Labels ShotKind cannot show (a custom Lightroom label set, digiKam's
orange) are left alone unless the photographer chose a label in ShotKind.

Reading is defensive: a document type declaration (billion laughs, external entities),
broken XML, a non-XMP document or a sidecar over 16 MB is logged and read as "no
decision". Writing is atomic: a temporary file in the same folder, then os.replace, so
an application crash at any moment leaves the old or the new sidecar, never half of one.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.parsers import expat

from shotkind_desktop.core.decisions import LABELS, PICK, REJECT, UNFLAGGED, Decision

log = logging.getLogger(__name__)

MAX_SIDECAR_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 100                      # real XMP nests about 10 deep

NAMESPACES = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpDM": "http://ns.adobe.com/xmp/1.0/DynamicMedia/",
    "digiKam": "http://www.digikam.org/ns/1.0/",
    "photomechanic": "http://ns.camerabits.com/photomechanic/1.0/",
    "darktable": "http://darktable.sf.net/",
    "shotkind": "http://ns.shotkind.app/1.0/",
}
PREFIXES = {uri: prefix for prefix, uri in NAMESPACES.items()}


def _key(prefix: str, name: str) -> str:
    return f"{{{NAMESPACES[prefix]}}}{name}"


RDF, DESCRIPTION, LI = _key("rdf", "RDF"), _key("rdf", "Description"), _key("rdf", "li")
RATING, LABEL, METADATA_DATE = _key("xmp", "Rating"), _key("xmp", "Label"), _key("xmp", "MetadataDate")
OWN_PICK, OWN_RATING = _key("shotkind", "Pick"), _key("shotkind", "Rating")
DM_PICK, DM_GOOD = _key("xmpDM", "pick"), _key("xmpDM", "good")
DK_PICK, DK_COLOR = _key("digiKam", "PickLabel"), _key("digiKam", "ColorLabel")
PM_TAGGED, DT_LABELS = _key("photomechanic", "Tagged"), _key("darktable", "colorlabels")
DECISION_KEYS = (RATING, LABEL, OWN_PICK, OWN_RATING, DM_PICK, DM_GOOD, DK_PICK, DK_COLOR, PM_TAGGED)

DIGIKAM_COLORS = {"Red": 1, "Yellow": 3, "Green": 4, "Blue": 5, "Purple": 6}
DARKTABLE_COLORS = {"Red": 0, "Yellow": 1, "Green": 2, "Blue": 3, "Purple": 4}
DIGIKAM_PICKS = {PICK: 3, REJECT: 1, UNFLAGGED: 0}

NEW_SIDECAR = ("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
               "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"ShotKind\">\n"
               " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
               "  <rdf:Description rdf:about=\"\"/>\n"
               " </rdf:RDF>\n"
               "</x:xmpmeta>\n"
               "<?xpacket end=\"w\"?>\n").encode()


@dataclass(frozen=True)
class SidecarDecision:
    decision: Decision
    path: Path
    modified_ns: int            # st_mtime_ns of the sidecar
    knows_flag: bool = False    # a pick/reject property was there (not just stars or a label)


def sidecar_paths(frame: Path) -> tuple[Path, Path]:
    """(IMG_0001.xmp [extension replaced], IMG_0001.CR2.xmp [extension kept])."""
    return frame.with_suffix(".xmp"), frame.with_name(frame.name + ".xmp")


def read_sidecar(frame: Path, raw: Path | None = None) -> SidecarDecision | None:
    """The decision in the frame's sidecar (the newest one when several names exist, the
    RAW partner's IMG_0001.CR2.xmp included for a pair); None when no sidecar holds one.
    Never raises: a broken sidecar is logged and skipped."""
    found = []
    for path in {p for p in map(_on_disk, _names(frame, raw)) if p is not None}:
        try:
            found.append((path.stat().st_mtime_ns, path))
        except OSError as error:
            log.warning("cannot read sidecar %s: %s", path, error.strerror or error)
    for modified_ns, path in sorted(found, reverse=True):
        document = _load(path)
        read = _read_decision(_descriptions(document)) if document else None
        if read is not None:
            return SidecarDecision(read[0], path, modified_ns, read[1])
    return None


def write_sidecar(frame: Path, decision: Decision, keep_extension: bool = False,
                  raw: Path | None = None) -> Path:
    """Write the decision into IMG_0001.xmp (IMG_0001.JPG.xmp when keep_extension),
    merged into what is there, atomically; a sidecar under another name of the frame is
    updated too, so every application sees the same decision. For a RAW+JPEG pair (`raw`
    given) the RAW's sidecar is written as well: IMG_0001.xmp is shared by the pair as
    Lightroom expects; with keep_extension both IMG_0001.JPG.xmp and IMG_0001.CR2.xmp,
    as darktable and digiKam expect. Returns the frame's own sidecar. Raises OSError
    when the folder is not writable."""
    targets = [_target(frame, keep_extension)]
    if raw is not None:
        targets.append(_target(raw, keep_extension))
    others = [p for p in map(_on_disk, _names(frame, raw)) if p is not None and p not in targets]
    for target in dict.fromkeys(targets):
        _merge_into(target, decision, create=True)
    for other in dict.fromkeys(others):
        _merge_into(other, decision, create=False)
    return targets[0]


def _target(file: Path, keep_extension: bool) -> Path:
    replaced, kept = sidecar_paths(file)
    wanted = kept if keep_extension else replaced
    return _on_disk(wanted) or wanted


def _names(frame: Path, raw: Path | None) -> list[Path]:
    """Every sidecar name the frame's files may have."""
    return [*sidecar_paths(frame), *(sidecar_paths(raw) if raw is not None else ())]


def _on_disk(path: Path) -> Path | None:
    """The sidecar as it is spelled on disk: cameras and some tools write IMG_0001.XMP."""
    for candidate in (path, path.with_suffix(".XMP")):
        try:
            if candidate.is_file():
                return candidate
        except OSError:          # a folder we may not search: as good as absent
            pass
    return None


def _merge_into(path: Path, decision: Decision, create: bool) -> None:
    document = None
    if path.exists():
        data = path.read_bytes()
        document = _parse_logged(data, path)
        if document is None:
            if not create:
                return
            _write_atomically(path.with_name(path.name + ".unreadable"), data)
            log.warning("sidecar %s could not be read; kept as %s.unreadable and written anew",
                        path, path.name)
    document = document or _parse(NEW_SIDECAR)
    _write_decision(document, decision)
    _write_atomically(path, document.to_bytes())


def _write_atomically(path: Path, data: bytes) -> None:
    """A hidden temporary file beside `path`, then os.replace: the old file or the new one,
    never half. No fsync: once write() returns the kernel holds the bytes, so an
    application crash (even SIGKILL) cannot lose them; only power loss could."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        try:
            os.chmod(temporary, path.stat().st_mode & 0o7777)   # keep a sidecar's mode
        except FileNotFoundError:
            pass
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


# ---- decision <-> properties ----------------------------------------------------------

def _read_decision(descriptions: list[_Node]) -> tuple[Decision, bool] | None:
    values = {key: _get(descriptions, key) for key in DECISION_KEYS}
    darktable = _darktable_labels(descriptions)
    if all(value is None for value in values.values()) and darktable is None:
        return None
    rating, own_rating = _number(values[RATING]), _number(values[OWN_RATING])
    picks = _pick_evidence(values)
    stars_say = [] if rating is None else [{REJECT} if rating < 0 else {PICK, UNFLAGGED}]
    flag = _flag(_number(values[OWN_PICK]), picks + stars_say)
    stars = rating if rating is not None and rating >= 0 else (own_rating or 0)
    decision = Decision(flag, max(0, min(5, stars)), _label(values, darktable))
    return decision, values[OWN_PICK] is not None or bool(picks)


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
    """xmp:Label first (every application reads it), then darktable's, then digiKam's."""
    digikam = _number(values[DK_COLOR])
    return (_lightroom_label(values[LABEL]) or _darktable_label(darktable or [])
            or next((label for label, number in DIGIKAM_COLORS.items() if number == digikam), None))


def _darktable_label(indices: list[int]) -> str | None:
    """darktable allows several labels; ShotKind shows the first it knows."""
    names = {number: label for label, number in DARKTABLE_COLORS.items()}
    return next((names[index] for index in indices if index in names), None)


def _lightroom_label(value: str | None) -> str | None:
    text = (value or "").strip().lower()
    return next((label for label in LABELS if label.lower() == text), None)


def _write_decision(document: _Document, decision: Decision) -> None:
    descriptions = _descriptions(document, create=True)
    flag, label = decision.flag, decision.label
    _put(descriptions, RATING, str(-1 if flag == REJECT else decision.rating))
    current = _get(descriptions, LABEL)
    foreign = bool(current and current.strip()) and _lightroom_label(current) is None
    if _lightroom_label(current) != label and not (foreign and label is None):
        _put(descriptions, LABEL, label)
    _put(descriptions, OWN_PICK, str(flag))
    _put(descriptions, OWN_RATING, str(decision.rating))
    _put(descriptions, DM_PICK, str(flag))
    _put(descriptions, DM_GOOD, {PICK: "True", REJECT: "False"}.get(flag))
    same = {0, 2} if flag == UNFLAGGED else {DIGIKAM_PICKS[flag]}   # digiKam's "pending" is unflagged
    if _number(_get(descriptions, DK_PICK)) not in same:
        _put(descriptions, DK_PICK, str(DIGIKAM_PICKS[flag]))
    current = _number(_get(descriptions, DK_COLOR))
    if label is not None or current in (None, 0, *DIGIKAM_COLORS.values()):
        _put(descriptions, DK_COLOR, str(DIGIKAM_COLORS.get(label, 0)))
    _put(descriptions, PM_TAGGED, "True" if flag == PICK else "False")
    darktable = _darktable_labels(descriptions)
    if darktable is not None and _darktable_label(darktable) != label:
        _set_darktable_labels(descriptions, label)
    _put(descriptions, METADATA_DATE, datetime.now().astimezone().isoformat(timespec="seconds"))


def _number(value: str | None) -> int | None:
    try:
        return round(float(value)) if value is not None else None
    except (ValueError, OverflowError):
        return None


def _truth(value: str | None) -> bool | None:
    text = (value or "").strip().lower()
    return True if text in ("true", "yes", "1") else False if text in ("false", "no", "0") else None


# ---- the XMP tree: parsed, edited and written back without losing anything ------------

XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
XMPMETA = (_key("x", "xmpmeta"), "{adobe:ns:meta/}xapmeta")
RESOURCE = _key("rdf", "resource")


class _Broken(Exception):
    """Not a sidecar ShotKind can safely read."""


@dataclass(eq=False)
class _Node:
    tag: str                                   # "{uri}local", or "local" outside any namespace
    attributes: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)                    # _Node, str, _Markup
    declarations: list[tuple[str | None, str]] = field(default_factory=list)  # xmlns here

    def elements(self) -> list[_Node]:
        return [child for child in self.children if isinstance(child, _Node)]

    def remove(self, child: _Node) -> None:
        """Drop a child element and the indentation before it."""
        index = self.children.index(child)
        del self.children[index]
        if index and isinstance(self.children[index - 1], str) and not self.children[index - 1].strip():
            del self.children[index - 1]


@dataclass(frozen=True)
class _Markup:
    """A comment or processing instruction inside the root, kept as written."""
    text: str


@dataclass
class _Document:
    before: bytes      # XML declaration, <?xpacket begin?>, whitespace: verbatim
    root: _Node
    after: bytes       # padding and <?xpacket end?>: verbatim

    def to_bytes(self) -> bytes:
        out: list[str] = []
        _serialise(self.root, {"xml": XML_NAMESPACE}, out, "")
        return self.before + "".join(out).encode("utf-8") + self.after


def _load(path: Path) -> _Document | None:
    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            log.warning("sidecar %s is over %d MB: not read", path, MAX_SIDECAR_BYTES >> 20)
            return None
        return _parse_logged(path.read_bytes(), path)
    except OSError as error:
        log.warning("cannot read sidecar %s: %s", path, error.strerror or error)
        return None


def _parse_logged(data: bytes, path: Path) -> _Document | None:
    try:
        return _parse(data)
    except _Broken as error:
        log.warning("unreadable sidecar %s: %s", path, error)
        return None


def _parse(data: bytes) -> _Document:
    """The document; _Broken for anything that is not plain, well-formed XMP."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Node] = []
    pending: list[tuple[str | None, str]] = []
    found: dict = {}

    def refuse(*_):
        raise _Broken("it has a document type declaration, which XMP never has")

    def start(name, attributes):
        if len(stack) >= MAX_DEPTH:
            raise _Broken(f"elements nest more than {MAX_DEPTH} deep")
        node = _Node(_clark(name), {_clark(k): v for k, v in attributes.items()}, [], pending[:])
        pending.clear()
        if stack:
            stack[-1].children.append(node)
        else:
            found["root"], found["start"] = node, parser.CurrentByteIndex
        stack.append(node)

    def end(_name):
        stack.pop()
        if not stack:
            found["end"] = parser.CurrentByteIndex

    def text(data):
        if stack:
            children = stack[-1].children
            if children and isinstance(children[-1], str):
                children[-1] += data
            else:
                children.append(data)

    def markup(text):
        if stack:
            stack[-1].children.append(_Markup(text))

    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartNamespaceDeclHandler = lambda prefix, uri: pending.append((prefix, uri))
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    parser.CommentHandler = lambda data: markup(f"<!--{data}-->")
    parser.ProcessingInstructionHandler = lambda target, data: markup(
        f"<?{target} {data}?>" if data else f"<?{target}?>")
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise _Broken(f"not well-formed XML ({expat.ErrorString(error.code)})") from None
    if "root" not in found:
        raise _Broken("no XML in it")
    _rdf(found["root"])
    end = data.index(b">", found["end"]) + 1
    before, after = data[:found["start"]], data[end:]
    if b"\x00" in before + after or _declares_other_encoding(before):
        before, after = NEW_SIDECAR[:NEW_SIDECAR.index(b"<x:")], b"\n<?xpacket end=\"w\"?>\n"
    return _Document(before, found["root"], after)


def _declares_other_encoding(prologue: bytes) -> bool:
    """Written back as UTF-8, a prologue naming another encoding would lie."""
    declared = re.search(rb"encoding\s*=\s*[\"']([A-Za-z0-9._-]+)", prologue)
    return bool(declared) and declared.group(1).lower() not in (b"utf-8", b"utf8")


def _clark(name: str) -> str:
    uri, _, local = name.rpartition(" ")
    return f"{{{uri}}}{local}" if uri else local


def _rdf(root: _Node) -> _Node:
    if root.tag == RDF:
        return root
    if root.tag in XMPMETA:
        for child in root.elements():
            if child.tag == RDF:
                return child
    raise _Broken("not an XMP packet (no rdf:RDF)")


def _descriptions(document: _Document, create: bool = False) -> list[_Node]:
    """The top-level rdf:Description elements, where properties of the frame live."""
    rdf = _rdf(document.root)
    found = [child for child in rdf.elements() if child.tag == DESCRIPTION]
    if not found and create:
        found = [_Node(DESCRIPTION, {_key("rdf", "about"): ""})]
        rdf.children[-1:-1] = ["\n  ", found[0]] if rdf.children else ["\n  ", found[0], "\n "]
    return found


def _occurrences(descriptions: list[_Node], key: str) -> list[tuple[_Node, _Node | None]]:
    """(description, None) for an attribute, (description, element) for an element."""
    found = []
    for description in descriptions:
        if key in description.attributes:
            found.append((description, None))
        found += [(description, child) for child in description.elements() if child.tag == key]
    return found


def _get(descriptions: list[_Node], key: str) -> str | None:
    for description, element in _occurrences(descriptions, key):
        if element is None:
            return description.attributes[key]
        if RESOURCE in element.attributes:
            return element.attributes[RESOURCE]
        if not element.elements():
            return "".join(child for child in element.children if isinstance(child, str)).strip()
    return None


def _put(descriptions: list[_Node], key: str, value: str | None) -> None:
    """Set a simple property where it already is (attribute or element), or as an
    attribute of the first description; None removes it."""
    found = _occurrences(descriptions, key)
    if value is not None and not found:
        _home_of(descriptions, key).attributes[key] = value
    for index, (description, element) in enumerate(found):
        if value is not None and index == 0:
            if element is None:
                description.attributes[key] = value
            else:
                element.attributes.pop(RESOURCE, None)
                element.children = [value]
        elif element is None:
            del description.attributes[key]
        else:
            description.remove(element)


def _home_of(descriptions: list[_Node], key: str) -> _Node:
    """The description already holding the key's namespace (exiftool writes one per
    namespace), else the first."""
    namespace = key[:key.index("}") + 1]
    for description in descriptions:
        names = [*description.attributes, *(child.tag for child in description.elements())]
        if any(name.startswith(namespace) for name in names):
            return description
    return descriptions[0]


def _darktable_labels(descriptions: list[_Node]) -> list[int] | None:
    for _description, element in _occurrences(descriptions, DT_LABELS):
        if element is None:      # darktable always writes an rdf:Seq; anything else is not its
            continue
        items = [item for array in element.elements() for item in array.elements() if item.tag == LI]
        values = ["".join(c for c in item.children if isinstance(c, str)).strip() for item in items]
        return [int(value) for value in values if value.isdigit()]
    return None


def _set_darktable_labels(descriptions: list[_Node], label: str | None) -> None:
    for description, element in _occurrences(descriptions, DT_LABELS):
        if element is None:
            continue
        if label is None:
            description.remove(element)
            return
        arrays = element.elements()
        if not arrays:
            arrays = [_Node(_key("rdf", "Seq"))]
            element.children = arrays[:]
        array = arrays[0]
        for extra in arrays[1:]:
            element.remove(extra)
        space = [c for c in array.children if isinstance(c, str) and not c.strip()]
        item = _Node(LI, children=[str(DARKTABLE_COLORS[label])])
        array.children = [space[0], item, space[-1]] if space else [item]
        return


def _serialise(node: _Node, bindings: dict, out: list[str], indent: str) -> None:
    bindings = {**bindings, **dict(node.declarations)}
    declarations = list(node.declarations)
    tag = _qualified(node.tag, bindings, declarations, element=True)
    attributes = [f'{_qualified(name, bindings, declarations, element=False)}="{_escape(value, True)}"'
                  for name, value in node.attributes.items()]
    namespaces = [f'xmlns:{prefix}="{_escape(uri, True)}"' if prefix else f'xmlns="{_escape(uri, True)}"'
                  for prefix, uri in declarations]
    if len(namespaces) + len(attributes) < 4:
        out.append("".join([f"<{tag}", *(" " + part for part in namespaces + attributes)]))
    else:       # the Adobe XMP Toolkit's layout: rdf:about, namespaces, then one per line
        about = [a for a in attributes[:1] if a.startswith("rdf:about=")]
        out.append("".join([f"<{tag}", *(" " + a for a in about),
                            *(f"\n{indent}  {n}" for n in namespaces),
                            *(f"\n{indent} {a}" for a in attributes[len(about):])]))
    if not node.children:
        out.append("/>")
        return
    out.append(">")
    child_indent = indent
    for child in node.children:
        if isinstance(child, str):
            out.append(_escape(child, False))
            last_line = child.rsplit("\n", 1)[-1]
            child_indent = last_line if "\n" in child and not last_line.strip() else child_indent
        elif isinstance(child, _Markup):
            out.append(child.text)
        else:
            _serialise(child, bindings, out, child_indent)
    out.append(f"</{tag}>")


def _qualified(name: str, bindings: dict, declarations: list, element: bool) -> str:
    """prefix:local for a "{uri}local" name, declaring the namespace here when needed."""
    if not name.startswith("{"):
        if element and bindings.get(None):        # undo a default namespace in scope
            declarations.append((None, ""))
            bindings[None] = ""
        return name
    uri, local = name[1:].split("}", 1)
    for prefix, bound in bindings.items():
        if bound == uri and (prefix or element):
            return f"{prefix}:{local}" if prefix else local
    prefix = base = PREFIXES.get(uri, "ns")
    number = 0
    while prefix in bindings:
        number += 1
        prefix = f"{base}{number}"
    declarations.append((prefix, uri))
    bindings[prefix] = uri
    return f"{prefix}:{local}"


def _escape(text: str, attribute: bool) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text
