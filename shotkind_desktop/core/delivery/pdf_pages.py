"""The few PDF objects ShotKind's sheets need, written by hand: pages with JPEG pictures
(DCTDecode, the bytes as encoded), lines and real text in Helvetica, one of the fonts
every PDF reader has, so nothing is embedded and the client can search for a name and
copy it. Helvetica's encoding (WinAnsi, Windows-1252) covers the accents of Western
European names; a character outside it is written as "?".
"""

from __future__ import annotations

import io

from PIL import Image

PAGE_W, PAGE_H = 595.0, 842.0        # A4 in points
INK, FAINT = (0.08, 0.08, 0.08), (0.45, 0.45, 0.45)


class PdfPage:
    """One page's drawing, in points from the bottom left."""

    def __init__(self) -> None:
        self.ops: list[str] = []
        self.images: list[int] = []

    def text(self, x: float, y: float, size: float, text: str, bold: bool = False,
             colour: tuple[float, float, float] = INK, invisible: bool = False) -> None:
        """`invisible`: found and copied by a reader but not drawn (a name over its own
        picture on a page drawn as an image)."""
        font = "F2" if bold else "F1"
        mode = "3 Tr " if invisible else ""
        self.ops.append(f"BT {mode}{_rgb(colour)} rg /{font} {size:g} Tf {x:.2f} {y:.2f} Td ({_literal(text)}) Tj ET")

    def line(self, x1: float, y1: float, x2: float, y2: float, colour: tuple[float, float, float] = FAINT) -> None:
        self.ops.append(f"{_rgb(colour)} RG 0.5 w {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")

    def image(self, number: int, x: float, y: float, w: float, h: float) -> None:
        if number not in self.images:
            self.images.append(number)
        self.ops.append(f"q {w:.2f} 0 0 {h:.2f} {x:.2f} {y:.2f} cm /Im{number} Do Q")


class Pdf:
    """A document of A4 pages, written out with its cross-reference table."""

    def __init__(self) -> None:
        self.pages: list[PdfPage] = []
        self.jpegs: list[tuple[bytes, int, int]] = []

    def page(self) -> PdfPage:
        self.pages.append(PdfPage())
        return self.pages[-1]

    def add_jpeg(self, image: Image.Image, long_side: int | None, quality: int) -> int:
        """The picture as a JPEG the pages can draw (shrunk to `long_side` pixels first,
        when given and smaller); its number for PdfPage.image."""
        small = image.convert("RGB")
        if long_side is not None and max(small.size) > long_side:
            scale = long_side / max(small.size)
            small = small.resize((max(1, round(small.width * scale)), max(1, round(small.height * scale))),
                                 Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        small.save(buffer, "JPEG", quality=quality)
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
