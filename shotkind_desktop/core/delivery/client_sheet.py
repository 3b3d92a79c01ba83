"""A contact sheet for the client of a headshot day: per sitter, their frames as the
client will receive them (the delivery crop, with the frame's name and the sitter's
name under each), a title and the photographer's name, and nothing internal (no scores,
flags or stars: those are the photographer's).

The client must be able to search for a name and copy it into an e-mail, so the PDF is
written by hand with real text (core.delivery.pdf_pages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from PIL import Image

from shotkind_desktop.core.judgement.crops import Box, FacePlacement, crop_guides
from shotkind_desktop.core.decisions.decisions import REJECT, Decision
from shotkind_desktop.core.files.decode import FrameError
from shotkind_desktop.core.atomic_write import write_atomically
from shotkind_desktop.core.delivery.pdf_pages import FAINT, PAGE_H, PAGE_W, Pdf
from shotkind_desktop.core.delivery.export_image import load_source, render
from shotkind_desktop.core.judgement.face_record import main_face_record
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.people.sitters import Sitter

MARGIN = 48.0
COLUMNS = 3
GAP = 16.0
CAPTION = 30.0                       # points under each picture: frame, then person
PIXELS = 480                         # long side of each picture: ~200 dpi at its size
QUALITY = 85


@dataclass
class SitterFrames:
    """One sitter on the sheet: their name and their frames, cropped as delivered."""

    person: str
    frames: list[tuple[str, Image.Image]] = field(default_factory=list)   # frame name, picture


def client_frames(sitters: Sequence[Sitter], paths: dict[str, Path], results: dict[str, FrameResult],
                  decisions: dict[str, Decision], ratio: str = "1:1", framing: FacePlacement | None = None,
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


def _delivery_crop(result: FrameResult | None, ratio: str, framing: FacePlacement | None,
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
    pdf = Pdf()
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


def _page(pdf: Pdf, sitter: SitterFrames | None, frames, continued: bool, title: str,
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
            page.image(pdf.add_jpeg(image, PIXELS, QUALITY), x, y - shown, cell, shown)
            page.text(x, y - height - 12, 9, _fitted(name, cell, 9))
            page.text(x, y - height - 23, 8, _fitted(sitter.person, cell, 8), colour=FAINT)
        y -= height + CAPTION + GAP
    page.text(MARGIN, MARGIN - 20, 8, " · ".join(p for p in (title, photographer) if p), colour=FAINT)
    page.text(PAGE_W - MARGIN - 60, MARGIN - 20, 8, f"page {number} of {count}", colour=FAINT)


def _fitted(text: str, width: float, size: float) -> str:
    """Shortened with "..." to about `width` (Helvetica's average letter: half its size)."""
    most = max(4, int(width / (size * 0.5)))
    return text if len(text) <= most else text[:most - 3] + "..."
