"""A PDF contact sheet for the client: every exported frame as a thumbnail with its file
name, flag, stars and headshot score, so they can choose by name.

Each page is drawn with Pillow (so the command line needs no Qt), at A4 and 150 dpi:
sharp enough to judge expression and focus on screen or paper, and a 60-frame sheet
stays a few megabytes. Over the drawn page lies the same text, invisible
(core.delivery.pdf_pages), so the client can search for a file name and copy it into
the e-mail that says which frames they chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from shotkind_desktop.core.atomic_write import write_atomically
from shotkind_desktop.core.delivery.fonts import text_font
from shotkind_desktop.core.delivery.pdf_pages import PAGE_H, PAGE_W, Pdf

DPI = 150
PAGE = (1240, 1754)             # A4 at 150 dpi
POINTS = 72 / DPI               # PDF points per page pixel
PAGE_QUALITY = 90               # JPEG quality of a drawn page: thumbnails and small type
COLUMNS, ROWS = 4, 5            # 20 frames a page
MARGIN, GAP = 60, 24
CAPTION = 70                    # px under each thumbnail: name, then flag, stars, score
TITLE_SIZE, NAME_SIZE, SMALL_SIZE = 30, 18, 16   # px: the page's title, a frame's name, the rest
THUMBNAIL_SIDE = 400            # px kept per frame until the sheet is drawn
INK, FAINT, PICK_GREEN, REJECT_RED = (20, 20, 20), (120, 120, 120), (30, 130, 60), (190, 40, 40)


@dataclass
class SheetEntry:
    """One frame on the sheet."""

    name: str                   # what the client sees and quotes back
    thumbnail: Image.Image      # RGB, at most THUMBNAIL_SIDE on its long side
    flag: str = "unflagged"
    rating: int = 0
    headshot_score: float | None = None


def thumbnail_of(image: Image.Image) -> Image.Image:
    small = image.copy() if max(image.size) <= THUMBNAIL_SIDE else image.resize(
        _fit(image.size, THUMBNAIL_SIDE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return small.convert("RGB")


def write_contact_sheet(target: Path, entries: list[SheetEntry], title: str) -> int:
    """The sheet as a PDF at `target` (atomically); returns its number of pages."""
    per_page = COLUMNS * ROWS
    pdf = Pdf()
    starts = range(0, max(len(entries), 1), per_page)
    for number, start in enumerate(starts):
        drawn, words = _page(entries[start:start + per_page], title, number + 1, len(starts))
        page = pdf.page()
        page.image(pdf.add_jpeg(drawn, None, PAGE_QUALITY), 0, 0, PAGE_W, PAGE_H)
        for text, x, y, size in words:          # top-left corner and size in page pixels
            page.text(x * POINTS, PAGE_H - (y + 0.8 * size) * POINTS, size * POINTS, text, invisible=True)
    write_atomically(target, pdf.bytes(title, ""), overwrite=True)
    return len(starts)


def _page(entries: list[SheetEntry], title: str, number: int, count: int
          ) -> tuple[Image.Image, list[tuple[str, int, int, int]]]:
    """The page drawn, and the words on it a reader should find: (text, x, y, size)."""
    page = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(page)
    heading, text, small = text_font(TITLE_SIZE), text_font(NAME_SIZE), text_font(SMALL_SIZE)
    words = [(title, MARGIN, MARGIN // 2, TITLE_SIZE)]
    draw.text((MARGIN, MARGIN // 2), printable(title), fill=INK, font=heading)
    draw.text((PAGE[0] - MARGIN, MARGIN // 2 + 8), f"page {number} of {count}", fill=FAINT,
              font=small, anchor="ra")
    top = MARGIN + 40
    cell_w = (PAGE[0] - 2 * MARGIN - (COLUMNS - 1) * GAP) // COLUMNS
    cell_h = (PAGE[1] - top - MARGIN - (ROWS - 1) * GAP) // ROWS
    picture_h = cell_h - CAPTION
    for index, entry in enumerate(entries):
        x = MARGIN + (index % COLUMNS) * (cell_w + GAP)
        y = top + (index // COLUMNS) * (cell_h + GAP)
        thumb = entry.thumbnail.resize(_fit_box(entry.thumbnail.size, cell_w, picture_h),
                                       Image.Resampling.LANCZOS)
        page.paste(thumb, (x + (cell_w - thumb.width) // 2, y + (picture_h - thumb.height) // 2))
        draw.text((x, y + picture_h + 8), _shortened(draw, printable(entry.name), text, cell_w),
                  fill=INK, font=text)
        words.append((entry.name, x, y + picture_h + 8, NAME_SIZE))    # whole, where the shown one starts
        _draw_decision(draw, entry, x, y + picture_h + 36, cell_w, small)
    return page, words


def _draw_decision(draw: ImageDraw.ImageDraw, entry: SheetEntry, x: int, y: int, width: int,
                   font) -> None:
    if entry.flag == "pick":
        draw.text((x, y), "PICK", fill=PICK_GREEN, font=font)
    elif entry.flag == "reject":
        draw.text((x, y), "REJECT", fill=REJECT_RED, font=font)
    for star in range(5):
        _star(draw, x + 66 + star * 17, y + 9, 7, filled=star < entry.rating)
    if entry.headshot_score is not None:
        draw.text((x + width, y), f"headshot {entry.headshot_score:.0f}", fill=FAINT, font=font,
                  anchor="ra")


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float, filled: bool) -> None:
    import math
    points = []
    for corner in range(10):
        r = radius if corner % 2 == 0 else radius * 0.45
        angle = math.pi / 2 + corner * math.pi / 5
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle)))
    draw.polygon(points, fill=INK if filled else None, outline=INK if filled else FAINT)


def printable(name: str) -> str:
    """A file name as one line of text: a newline, a tab or a byte that is not UTF-8
    (a surrogate escape) is shown as "?" (Pillow cannot measure two lines)."""
    return "".join(character if character.isprintable() else "?" for character in name)


def _shortened(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    scale = side / max(size)
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _fit_box(size: tuple[int, int], width: int, height: int) -> tuple[int, int]:
    scale = min(width / size[0], height / size[1])
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))
