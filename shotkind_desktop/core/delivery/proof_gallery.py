"""A proof gallery the client opens anywhere: one folder with an index.html and web-size
JPEGs, nothing loaded from the internet, no server. It works from a USB stick, a shared
drive (file://) or any static host, and on a phone.

The client hearts frames and presses "Send my choice": the list is copied and downloaded
as a small text file in the form `shotkind select` and File ▸ Import Client Selection
read (choice_list.py). Each frame is shown by its label: the file stem, which the
photographer also sees in the grid and in Lightroom; when two frames share a stem, the
frame's name within the shoot. What the client gets holds nothing else of the shoot: no
scores, no reasons, no folder paths, no capture EXIF (camera serial numbers), and no
manifest (export.py leaves it out of a gallery): the page itself is the list.

The page takes sections (one per sitter, when a headshot day names them); today a shoot
is one untitled section.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from PIL import Image, ImageDraw

from shotkind_desktop.core.files.decode import FrameError
from shotkind_desktop.core.atomic_write import write_atomically
from shotkind_desktop.core.delivery.choice_matching import folded_name
from shotkind_desktop.core.delivery.export_image import load_source, output_exif, render, write_jpeg
from shotkind_desktop.core.delivery.export_names import NameBook, safe_stem
from shotkind_desktop.core.delivery.fonts import text_font
from shotkind_desktop.core.delivery.manifest import FAILED, NOT_REACHED_NOTE, ExportItem
from shotkind_desktop.core.delivery.out_of_room import DISK_FULL_NOTE, room_note

GALLERY_PRESET = "proof-gallery"
PAGE = "index.html"
PHOTOS, SMALL = "photos", "photos/small"
LARGE_SIDE = 2048       # px, long side: sharp full-screen on a laptop or a phone's retina screen
SMALL_SIDE = 640        # px: a grid cell at two columns on a 3x phone screen
QUALITY = 82            # proofs travel by mail and phone: small files, no visible loss at this size
TEMPLATE = Path(__file__).with_name("proof_gallery.html")


@dataclass(frozen=True)
class GallerySettings:
    """What the photographer says about the gallery (the export's other settings apply)."""

    title: str = ""
    limit: int | None = None        # "choose 3"; None: as many as they like
    watermark: str = ""             # drawn on every picture; "" for none


@dataclass(frozen=True)
class Section:
    """A part of the gallery (one sitter on a headshot day); no title: the whole shoot."""

    title: str | None
    names: list[str]                # frame names within the shoot


def frame_labels(names: list[str], shoot: list[str] | None = None) -> dict[str, str]:
    """Frame name -> the label the client sees and sends back: the stem, or the name
    within the shoot when another frame of the shoot (`shoot`: every frame's name; the
    gallery's alone when not given) has the same stem, folded as the import of the
    client's choice folds names (folded_name), which would find two frames for it."""
    stems = Counter(folded_name(PurePosixPath(name).stem) for name in dict.fromkeys([*names, *(shoot or ())]))
    return {name: PurePosixPath(name).stem if stems[folded_name(PurePosixPath(name).stem)] == 1 else name
            for name in names}


def write_gallery(out: Path, sections: list[Section], paths: dict[str, Path], settings: GallerySettings,
                  overwrite: bool = False, xmp: bytes | None = None,
                  progress: Callable[[int, int, str], None] | None = None,
                  cancel: threading.Event | None = None, shoot: list[str] | None = None) -> list[ExportItem]:
    """The gallery of these sections in `out`: an item per frame (exported or failed, with
    the reason), then index.html of the frames exported. `paths`: frame name -> the file
    its pixels come from; `xmp`: the photographer's copyright and name for every picture.
    OSError when the page cannot be written. When the disk fills, no page: one showing
    the frames that fitted would look complete to the client (an earlier page is kept,
    unless this run may have replaced its pictures)."""
    cancel = cancel or threading.Event()
    names = [name for section in sections for name in section.names]
    labels = frame_labels(names, shoot)
    (out / SMALL).mkdir(parents=True, exist_ok=True)
    book, items, shown = NameBook(), [], {}
    for number, name in enumerate(names):
        if cancel.is_set():
            break
        if progress:
            progress(number, len(names), f"proof of {labels[name]}")
        item = ExportItem(name, GALLERY_PRESET)
        items.append(item)
        try:
            entry = _write_frame(out, paths[name], labels[name], book.claim(safe_stem(labels[name]), ".jpg"),
                                 settings, overwrite, xmp)
        except FileExistsError as error:
            item.status, item.notes = FAILED, [f"{error} (allow overwriting to replace it)"]
            continue
        except (FrameError, OSError, ValueError, MemoryError) as error:
            item.status = FAILED
            room = room_note(error) if isinstance(error, OSError) else None
            if room == DISK_FULL_NOTE:
                item.notes = [room]
                items += [ExportItem(later, GALLERY_PRESET, FAILED, notes=[NOT_REACHED_NOTE])
                          for later in names[number + 1:]]
                if overwrite:
                    (out / PAGE).unlink(missing_ok=True)
                return items
            item.notes = [room or f"not written: {getattr(error, 'strerror', None) or error}"]
            continue
        item.output, item.output_size = entry["photo"], (entry["width"], entry["height"])
        shown[name] = entry
    page = page_text([{"title": s.title, "frames": [shown[n] for n in s.names if n in shown]}
                      for s in sections], settings)
    write_atomically(out / PAGE, page.encode("utf-8"), overwrite=True)
    if overwrite and not cancel.is_set():
        _remove_earlier_pictures(out, {entry[key] for entry in shown.values() for key in ("photo", "small")})
    return items


def _remove_earlier_pictures(out: Path, kept: set[str]) -> None:
    """A gallery written over an earlier one leaves none of the earlier one's pictures:
    the client is given the frames chosen this time, not the last time's too."""
    for folder in (PHOTOS, SMALL):
        for picture in (out / folder).glob("*.jpg"):
            if f"{folder}/{picture.name}" not in kept:
                picture.unlink(missing_ok=True)


def page_text(sections: list[dict], settings: GallerySettings) -> str:
    """index.html for these sections of frame entries (label, photo, small, width, height)."""
    title = settings.title.strip() or "Proofs"
    labels = [frame["label"] for section in sections for frame in section["frames"]]
    gallery = {"id": hashlib.sha256(json.dumps([title, labels]).encode("utf-8")).hexdigest()[:16],
               "title": title, "limit": settings.limit or None,
               "file": f"my-choice-{_plain_letters(title) or 'proofs'}.txt",
               "sections": [section for section in sections if section["frames"]]}
    data = json.dumps(gallery, ensure_ascii=False).replace("</", "<\\/")
    page = TEMPLATE.read_text(encoding="utf-8")
    return page.replace("__TITLE__", html.escape(title)).replace("/*GALLERY*/null", data)


def _plain_letters(title: str) -> str:
    """The title as a file name any phone keeps: ASCII letters and digits joined by -."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def _write_frame(out: Path, path: Path, label: str, file_name: str, settings: GallerySettings,
                 overwrite: bool, xmp: bytes | None) -> dict:
    source = load_source(path)
    entry = {"label": label}
    for folder, side, key in ((PHOTOS, LARGE_SIDE, "photo"), (SMALL, SMALL_SIDE, "small")):
        scale = min(1.0, side / max(source.image.size))
        size = (max(1, round(source.image.width * scale)), max(1, round(source.image.height * scale)))
        image = render(source, None, size, sharpen=scale < 0.95)
        if settings.watermark:
            image = watermarked(image, settings.watermark)
        write_jpeg(image, out / folder / file_name, QUALITY, output_exif(None, False, size), xmp, overwrite)
        entry[key] = f"{folder}/{file_name}"
        if key == "photo":
            entry["width"], entry["height"] = size
    return entry


def watermarked(image: Image.Image, text: str) -> Image.Image:
    """`text` in the lower right corner, white at two-thirds opacity with a dark edge, so
    it reads on a white backdrop and on a dark one."""
    size = max(12, round(min(image.size) * 0.045))
    font = text_font(size)
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    margin = round(size * 0.8)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font, stroke_width=max(1, size // 16))
    position = (image.width - margin - (right - left), image.height - margin - (bottom - top))
    draw.text(position, text, font=font, fill=(255, 255, 255, 170), stroke_width=max(1, size // 16),
              stroke_fill=(0, 0, 0, 110))
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")
