"""The XMP tree: a sidecar parsed, edited and written back without losing anything.

Other applications keep much more in a sidecar than a decision (Lightroom's develop
settings, keywords, history), so xmp.py changes only its few properties and this module
keeps the rest: expat builds a small tree that holds every element, attribute,
namespace declaration (where it was declared, with its prefix), comment, processing
instruction and text, so nothing another application wrote is lost. Only the bytes
before and after the root element (the XML declaration, the `<?xpacket?>` wrapper and
its padding) are kept byte for byte. Inside the root the tree is written anew: the same
content, not the same bytes (double quotes around attributes, namespace declarations
before attributes, four or more of them one per line as the Adobe XMP Toolkit lays them
out, `<a></a>` as `<a/>`, character references and CDATA as plain escaped text, UTF-8).
A property is read and updated where it is, as an rdf:Description attribute
(Lightroom) or as a child element (exiftool, digiKam); a new one becomes an attribute
of the rdf:Description already using its namespace, else of the first.

Reading is defensive: a document type declaration (billion laughs, external entities),
broken XML, a non-XMP document or a sidecar over 16 MB is refused (Broken), and the
caller reads it as "no decision".
"""

from __future__ import annotations

import errno
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from shotkind_desktop.core.safe_files import leaves_folder, read_file

log = logging.getLogger("shotkind_desktop.core.decisions.xmp")   # one logger for sidecars

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
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
}
PREFIXES = {uri: prefix for prefix, uri in NAMESPACES.items()}


def xmp_key(prefix: str, name: str) -> str:
    """A property's name as the tree holds it: "{namespace uri}local"."""
    return f"{{{NAMESPACES[prefix]}}}{name}"


RDF, DESCRIPTION, LI = xmp_key("rdf", "RDF"), xmp_key("rdf", "Description"), xmp_key("rdf", "li")

NEW_SIDECAR = ("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
               "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"ShotKind\">\n"
               " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
               "  <rdf:Description rdf:about=\"\"/>\n"
               " </rdf:RDF>\n"
               "</x:xmpmeta>\n"
               "<?xpacket end=\"w\"?>\n").encode()

XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
XMPMETA = (xmp_key("x", "xmpmeta"), "{adobe:ns:meta/}xapmeta")
RESOURCE = xmp_key("rdf", "resource")


class Broken(Exception):
    """Not a sidecar ShotKind can safely read."""


@dataclass(eq=False)
class Node:
    tag: str                                   # "{uri}local", or "local" outside any namespace
    attributes: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)                    # Node, str, Markup
    declarations: list[tuple[str | None, str]] = field(default_factory=list)  # xmlns here

    def elements(self) -> list[Node]:
        return [child for child in self.children if isinstance(child, Node)]

    def remove(self, child: Node) -> None:
        """Drop a child element and the indentation before it."""
        index = self.children.index(child)
        del self.children[index]
        if index and isinstance(self.children[index - 1], str) and not self.children[index - 1].strip():
            del self.children[index - 1]


@dataclass(frozen=True)
class Markup:
    """A comment or processing instruction inside the root, kept as written."""
    text: str


@dataclass
class Document:
    before: bytes      # XML declaration, <?xpacket begin?>, whitespace: verbatim
    root: Node
    after: bytes       # padding and <?xpacket end?>: verbatim

    def to_bytes(self) -> bytes:
        out: list[str] = []
        _serialise(self.root, {"xml": XML_NAMESPACE}, out, "")
        return self.before + "".join(out).encode("utf-8") + self.after


def load(path: Path) -> Document | None:
    try:
        return parse_logged(read_sidecar_bytes(path), path)
    except OSError as error:
        log.warning("cannot read sidecar %s: %s", path, error.strerror or error)
        return None


def read_sidecar_bytes(path: Path) -> bytes:
    """A sidecar's bytes: a regular file in its frame's folder, at most MAX_SIDECAR_BYTES;
    OSError for a FIFO, a device, a link out of the folder or a bigger file."""
    if leaves_folder(path):
        raise OSError(errno.EXDEV, "a link to a file outside the shoot's folder: not read", str(path))
    return read_file(path, MAX_SIDECAR_BYTES)


def parse_logged(data: bytes, path: Path) -> Document | None:
    try:
        return parse(data)
    except Broken as error:
        log.warning("unreadable sidecar %s: %s", path, error)
        return None


def parse(data: bytes) -> Document:
    """The document; Broken for anything that is not plain, well-formed XMP."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Node] = []
    pending: list[tuple[str | None, str]] = []
    found: dict = {}

    def refuse(*_):
        raise Broken("it has a document type declaration, which XMP never has")

    def start(name, attributes):
        if len(stack) >= MAX_DEPTH:
            raise Broken(f"elements nest more than {MAX_DEPTH} deep")
        node = Node(_clark(name), {_clark(k): v for k, v in attributes.items()}, [], pending[:])
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
            stack[-1].children.append(Markup(text))

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
        raise Broken(f"not well-formed XML ({expat.ErrorString(error.code)})") from None
    if "root" not in found:
        raise Broken("no XML in it")
    _rdf(found["root"])
    end = data.index(b">", found["end"]) + 1
    before, after = data[:found["start"]], data[end:]
    if b"\x00" in before + after or _declares_other_encoding(before):
        before, after = NEW_SIDECAR[:NEW_SIDECAR.index(b"<x:")], b"\n<?xpacket end=\"w\"?>\n"
    return Document(before, found["root"], after)


def _declares_other_encoding(prologue: bytes) -> bool:
    """Written back as UTF-8, a prologue naming another encoding would lie."""
    declared = re.search(rb"encoding\s*=\s*[\"']([A-Za-z0-9._-]+)", prologue)
    return bool(declared) and declared.group(1).lower() not in (b"utf-8", b"utf8")


def _clark(name: str) -> str:
    uri, _, local = name.rpartition(" ")
    return f"{{{uri}}}{local}" if uri else local


def _rdf(root: Node) -> Node:
    if root.tag == RDF:
        return root
    if root.tag in XMPMETA:
        for child in root.elements():
            if child.tag == RDF:
                return child
    raise Broken("not an XMP packet (no rdf:RDF)")


def frame_descriptions(document: Document, create: bool = False) -> list[Node]:
    """The top-level rdf:Description elements, where properties of the frame live."""
    rdf = _rdf(document.root)
    found = [child for child in rdf.elements() if child.tag == DESCRIPTION]
    if not found and create:
        found = [Node(DESCRIPTION, {xmp_key("rdf", "about"): ""})]
        rdf.children[-1:-1] = ["\n  ", found[0]] if rdf.children else ["\n  ", found[0], "\n "]
    return found


def occurrences(descriptions: list[Node], key: str) -> list[tuple[Node, Node | None]]:
    """(description, None) for an attribute, (description, element) for an element."""
    found = []
    for description in descriptions:
        if key in description.attributes:
            found.append((description, None))
        found += [(description, child) for child in description.elements() if child.tag == key]
    return found


def get_value(descriptions: list[Node], key: str) -> str | None:
    for description, element in occurrences(descriptions, key):
        if element is None:
            return description.attributes[key]
        if RESOURCE in element.attributes:
            return element.attributes[RESOURCE]
        if not element.elements():
            return "".join(child for child in element.children if isinstance(child, str)).strip()
    return None


def put_value(descriptions: list[Node], key: str, value: str | None) -> None:
    """Set a simple property where it already is (attribute or element), or as an
    attribute of the first description; None removes it."""
    found = occurrences(descriptions, key)
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


def get_array(descriptions: list[Node], key: str) -> list[str] | None:
    """The items of an array property (rdf:Bag, rdf:Seq or rdf:Alt), or of a simple one
    written where an array belongs; None when the property is not there."""
    for description, element in occurrences(descriptions, key):
        if element is None:
            return [description.attributes[key]]
        arrays = element.elements()
        if not arrays:
            text = "".join(c for c in element.children if isinstance(c, str)).strip()
            return [text] if text else []
        return ["".join(c for c in item.children if isinstance(c, str)).strip()
                for item in arrays[0].elements() if item.tag == LI]
    return None


def put_array(descriptions: list[Node], key: str, values: list[str], kind: str = "Bag") -> None:
    """Set an array property to `values` (an rdf:Bag by default) where it is, else in
    the description holding its namespace; an empty list removes it."""
    found = occurrences(descriptions, key)
    home = found[0][0] if found else _home_of(descriptions, key)
    for description, element in found:
        if element is None:
            del description.attributes[key]
        else:
            description.remove(element)
    if not values:
        return
    array = Node(xmp_key("rdf", kind), children=[part for value in values
                                                 for part in ("\n     ", Node(LI, children=[value]))] + ["\n    "])
    tail = home.children[-1] if home.children and isinstance(home.children[-1], str) else None
    if tail is not None and not tail.strip():
        home.children[-1:] = ["\n   ", Node(key, children=["\n    ", array, "\n   "]), tail]
    else:
        home.children += ["\n   ", Node(key, children=["\n    ", array, "\n   "]), "\n  "]


def _home_of(descriptions: list[Node], key: str) -> Node:
    """The description already holding the key's namespace (exiftool writes one per
    namespace), else the first."""
    namespace = key[:key.index("}") + 1]
    for description in descriptions:
        names = [*description.attributes, *(child.tag for child in description.elements())]
        if any(name.startswith(namespace) for name in names):
            return description
    return descriptions[0]

def _serialise(node: Node, bindings: dict, out: list[str], indent: str) -> None:
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
        elif isinstance(child, Markup):
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
