"""A contact sheet for the client of a headshot day: per sitter, their frames as the
client will receive them (the delivery crop, with the frame's name and the sitter's
name under each), a title and the photographer's name, and nothing internal (no scores,
flags or stars: those are the photographer's).

The PDF is written here by hand, because the client must be able to search for a name
and copy it into an e-mail: the text is real PDF text in Helvetica (one of the fonts
every PDF reader has, so nothing is embedded), the pictures are the JPEGs themselves
(DCTDecode). Helvetica's encoding (WinAnsi, Windows-1252) covers the accents of Western
European names; a character outside it is printed as "?".
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from PIL import Image

from shotkind_desktop.core.judgement.crops import Box, Framing, crop_guides
from shotkind_desktop.core.decisions.decisions import REJECT, Decision
from shotkind_desktop.core.files.decode import FrameError
from shotkind_desktop.core.atomic_write import write_atomically
from shotkind_desktop.core.delivery.export_image import load_source, render
from shotkind_desktop.core.judgement.faces import main_face_record
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.people.sitters import Sitter

PAGE_W, PAGE_H = 595.0, 842.0        # A4 in points
MARGIN = 48.0
COLUMNS = 3
GAP = 16.0
CAPTION = 30.0                       # points under each picture: frame, then person
PIXELS = 480                         # long side of each picture: ~200 dpi at its size
QUALITY = 85
INK, FAINT = (0.08, 0.08, 0.08), (0.45, 0.45, 0.45)


@dataclass
class SitterFrames:
    """One sitter on the sheet: their name and their frames, cropped as delivered."""

    person: str
    frames: list[tuple[str, Image.Image]] = field(default_factory=list)   # frame name, picture


def client_frames(sitters: Sequence[Sitter], paths: dict[str, Path], results: dict[str, FrameResult],
                  decisions: dict[str, Decision], ratio: str = "1:1", framing: Framing | None = None,
                  adjustments: dict[str, dict[str, Box]] | None = None) -> tuple[list[SitterFrames], list[str]]:
    """Each sitter's frames the client may choose from (every frame not rejected), cut
    at the delivery crop (`ratio` with `framing`, or the photographer's adjusted crop),
    from the full-resolution picture as export makes it; and a line for each frame that
    could not be read (left off the sheet, the rest goes on)."""
    found, problems = [], []
    for sitter in sitters:
        entry = SitterFrames(sitter.label)
        for name in sitter.frames:
            if decisions.get(name, Decision()).flag == REJECT or name not in paths:
                continue
            try:
                source = load_source(paths[name])
            except (FrameError, OSError) as error:
                problems.append(f"{name}: {error}")
                continue
            box = _delivery_crop(results.get(name), ratio, framing, (adjustments or {}).get(name, {}).get(ratio),
                                 source.image.size)
            entry.frames.append((name, render(source, box, _fit(box, PIXELS), sharpen=True)))
        found.append(entry)
    return found, problems


def _delivery_crop(result: FrameResult | None, ratio: str, framing: Framing | None,
                   adjusted: Box | None, size: tuple[int, int]) -> Box:
    """The photographer's crop, else the guide's; the whole frame without a face."""
    if adjusted:
        return tuple(adjusted)
    face = (main_face_record(result.faces, *size) if result is not None and result.faces else None)
    if face is None or (result.width, result.height) != size:
        return (0.0, 0.0, float(size[0]), float(size[1]))
    return crop_guides(face, *size, {ratio: framing} if framing else None)[ratio].box


def _fit(box: Box, side: int) -> tuple[int, int]:
    _, _, w, h = box
    scale = min(1.0, side / max(w, h))
    return max(1, round(w * scale)), max(1, round(h * scale))


def write_client_sheet(target: Path, sitters: Sequence[SitterFrames], title: str,
                       photographer: str = "") -> int:
    """The sheet as a PDF at `target` (atomically): each sitter from a new page; returns
    the number of pages."""
    pdf = _Pdf()
    layouts = [page for sitter in sitters for page in _pages_of(sitter)] or [(None, [], False)]
    count = len(layouts)
    for number, (sitter, frames, continued) in enumerate(layouts, 1):
        _page(pdf, sitter, frames, continued, title, photographer, number, count)
    write_atomically(target, pdf.bytes(title, photographer), overwrite=True)
    return count


def _pages_of(sitter: SitterFrames) -> list[tuple[SitterFrames, list, bool]]:
    cell = (PAGE_W - 2 * MARGIN - (COLUMNS - 1) * GAP) / COLUMNS
    tallest = max((cell * image.height / image.width for _, image in sitter.frames), default=cell)
    rows = max(1, int((PAGE_H - 2 * MARGIN - 110 - 30) // (tallest + CAPTION + GAP)))
    per_page = rows * COLUMNS
    frames = sitter.frames or [None]
    return [(sitter, [f for f in frames[i:i + per_page] if f is not None], i > 0)
            for i in range(0, len(frames), per_page)]


def _page(pdf: _Pdf, sitter: SitterFrames | None, frames, continued: bool, title: str,
          photographer: str, number: int, count: int) -> None:
    page = pdf.page()
    top = PAGE_H - MARGIN
    page.text(MARGIN, top - 16, 16, title, bold=True)
    if photographer:
        page.text(MARGIN, top - 34, 10, f"Photographs by {photographer}", colour=FAINT)
    page.line(MARGIN, top - 46, PAGE_W - MARGIN, top - 46)
    if sitter is not None:
        page.text(MARGIN, top - 76, 20, sitter.person + (" (continued)" if continued else ""), bold=True)
        frames_text = f"{len(sitter.frames)} frame{'s' if len(sitter.frames) != 1 else ''}"
        page.text(MARGIN, top - 94, 10, frames_text if sitter.frames else "no frame to show yet", colour=FAINT)
    cell = (PAGE_W - 2 * MARGIN - (COLUMNS - 1) * GAP) / COLUMNS
    y = top - 110
    for row_start in range(0, len(frames), COLUMNS):
        row = frames[row_start:row_start + COLUMNS]
        height = max(cell * image.height / image.width for _, image in row)
        for column, (name, image) in enumerate(row):
            x = MARGIN + column * (cell + GAP)
            shown = cell * image.height / image.width
            page.image(pdf.add_jpeg(image), x, y - shown, cell, shown)
            page.text(x, y - height - 12, 9, _fitted(name, cell, 9))
            page.text(x, y - height - 23, 8, _fitted(sitter.person, cell, 8), colour=FAINT)
        y -= height + CAPTION + GAP
    page.text(MARGIN, MARGIN - 20, 8, " · ".join(p for p in (title, photographer) if p), colour=FAINT)
    page.text(PAGE_W - MARGIN - 60, MARGIN - 20, 8, f"page {number} of {count}", colour=FAINT)


def _fitted(text: str, width: float, size: float) -> str:
    """Shortened with "..." to about `width` (Helvetica's average letter: half its size)."""
    most = max(4, int(width / (size * 0.5)))
    return text if len(text) <= most else text[:most - 3] + "..."


class _Page:
    def __init__(self) -> None:
        self.ops: list[str] = []
        self.images: list[int] = []

    def text(self, x: float, y: float, size: float, text: str, bold: bool = False,
             colour: tuple[float, float, float] = INK) -> None:
        font = "F2" if bold else "F1"
        self.ops.append(f"BT {_rgb(colour)} rg /{font} {size:g} Tf {x:.2f} {y:.2f} Td ({_literal(text)}) Tj ET")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.ops.append(f"{_rgb(FAINT)} RG 0.5 w {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")

    def image(self, number: int, x: float, y: float, w: float, h: float) -> None:
        if number not in self.images:
            self.images.append(number)
        self.ops.append(f"q {w:.2f} 0 0 {h:.2f} {x:.2f} {y:.2f} cm /Im{number} Do Q")


class _Pdf:
    """The few PDF objects a contact sheet needs, written out with their cross-reference table."""

    def __init__(self) -> None:
        self.pages: list[_Page] = []
        self.jpegs: list[tuple[bytes, int, int]] = []

    def page(self) -> _Page:
        self.pages.append(_Page())
        return self.pages[-1]

    def add_jpeg(self, image: Image.Image) -> int:
        small = image.convert("RGB")
        if max(small.size) > PIXELS:
            scale = PIXELS / max(small.size)
            small = small.resize((max(1, round(small.width * scale)), max(1, round(small.height * scale))),
                                 Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        small.save(buffer, "JPEG", quality=QUALITY)
        self.jpegs.append((buffer.getvalue(), small.width, small.height))
        return len(self.jpegs) - 1

    def bytes(self, title: str, author: str) -> bytes:
        objects: list[bytes] = []

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        catalog, pages = add(b""), add(b"")          # filled in once the pages are known
        regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
        images = [add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                      b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n%s\nendstream"
                      % (w, h, len(data), data)) for data, w, h in self.jpegs]
        kids = []
        for page in self.pages:
            content = "\n".join(page.ops).encode("latin-1")
            stream = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
            xobjects = " ".join(f"/Im{i} {images[i]} 0 R" for i in page.images)
            kids.append(add((f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {PAGE_W:g} {PAGE_H:g}] "
                             f"/Resources << /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> "
                             f"/XObject << {xobjects} >> >> /Contents {stream} 0 R >>").encode("latin-1")))
        objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages} 0 R >>".encode()
        objects[pages - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                              f"/Count {len(kids)} >>").encode()
        info = add(f"<< /Title {_unicode(title)} /Author {_unicode(author)} /Creator (ShotKind) >>".encode())
        out = io.BytesIO()
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, 1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
        out.write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                  % (len(objects) + 1, catalog, info, xref))
        return out.getvalue()


def _literal(text: str) -> str:
    """A PDF string's inside in WinAnsi: its bytes as latin-1 characters, with the
    parentheses and backslash escaped and control characters dropped."""
    encoded = "".join(c if c.isprintable() else " " for c in text).encode("cp1252", errors="replace")
    return (encoded.decode("latin-1").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)"))


def _unicode(text: str) -> str:
    """A document-information string (title, author) in UTF-16, which PDF readers show whole."""
    return "<" + ("\ufeff" + text).encode("utf-16-be").hex().upper() + ">"


def _rgb(colour: tuple[float, float, float]) -> str:
    return " ".join(f"{c:g}" for c in colour)
