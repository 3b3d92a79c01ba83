"""The words for problems a photographer can act on, in one place: each is a (title,
what to do) pair for the window's message bar, saying what happened and the next step,
never a traceback."""

from __future__ import annotations

from pathlib import Path

from shotkind_desktop.core.decisions.catalog_errors import CatalogBusy, CatalogFull, CatalogReplaced, CatalogUnwritable
from shotkind_desktop.core.files.filetypes import READABLE_EXTENSIONS
from shotkind_desktop.core.plain_errors import plain

Problem = tuple[str, str]
# named when a folder holds no pictures (the full list is long and mostly RAW)
COMMON_EXTENSIONS = (".jpg", ".heic", ".png", ".tif", ".dng", ".cr2", ".cr3", ".nef", ".arw",
                     ".raf", ".orf", ".rw2")


def folder_missing(folder: Path) -> Problem:
    return (f"“{folder.name or folder}” is not there",
            f"{folder} could not be found. If it is on a memory card or an external disk, "
            "connect it and open the shoot again.")


def no_photos(folder: Path) -> Problem:
    kinds = ", ".join(e for e in COMMON_EXTENSIONS if e in READABLE_EXTENSIONS)
    return (f"No photos in “{folder.name}”",
            f"ShotKind opens folders of JPEG, HEIC, PNG, TIFF and camera RAW files ({kinds} and "
            "more). Sub-folders are not searched: open the folder that holds the pictures themselves.")


def unreadable(folder: Path, error: OSError) -> Problem:
    return (f"Could not open “{folder.name}”",
            f"{error.strerror or error}. Check that the folder can be read.")


def catalog_unreadable(folder: Path, error: OSError, kept_at: Path) -> Problem:
    return (f"The catalog of “{folder.name}” cannot be read: {error.strerror or error}",
            f"Its folder .shotkind belongs to another user or is locked. Decisions come from the "
            f"sidecars and are kept at {kept_at} until it can be read; they are then merged into it.")


def catalog_elsewhere(folder: Path, kept_at: Path) -> Problem:
    """The shoot folder cannot hold the catalog, and Preferences did not ask for the data folder."""
    return (f"Decisions for “{folder.name}” are kept in ShotKind's data folder",
            f"ShotKind's catalog cannot be written in the shoot folder (its .shotkind folder, or the "
            f"folder itself: a locked memory card, a read-only share, a full disk, or no permission "
            f"to write there). Flags, stars and labels are safe in {kept_at}; "
            "XMP sidecars are written beside the photos only where the folder allows it. Open the "
            "shoot again once its folder can be written, and they move into it.")


def shoot_gone(folder: Path) -> Problem:
    return (f"The shoot folder “{folder.name}” has gone",
            f"{folder} was moved, renamed or deleted, or its disk was disconnected. Decisions "
            "made so far are in its sidecars and catalog; open it again when it is back.")


def detector_unavailable(error: Exception) -> Problem:
    reason = str(error)
    return ("The built-in YuNet face detector cannot be loaded: analysing with MTCNN",
            f"{reason[:1].upper()}{reason[1:]}. MTCNN finds fewer of the small faces in groups.")


def decision_not_saved(folder: Path, error: Exception) -> Problem:
    """The catalog refused a decision outright: the window takes it back."""
    return (f"A decision on “{folder.name}” was not saved: {plain(error)}",
            "It is taken back on screen, and nothing of it was written. Make it again once the "
            "disk holding the catalog works; the decisions saved before are untouched.")


def read_only_catalog(folder: Path, reason: str) -> Problem:
    """Decisions cannot be changed: another window has the shoot, or a newer ShotKind
    made its catalog (catalog.IN_USE, catalog.NEWER)."""
    if "another" in reason:
        what = ("Decisions, thumbnails and analysis are shown as they are; to change them, close "
                "the other window (or the other computer's ShotKind) and open the shoot again.")
    else:
        what = ("Everything it holds is shown, and nothing is written to it or to the sidecars, so "
                "the newer version loses nothing. Update ShotKind to change decisions.")
    return f"“{folder.name}” is open read-only: {reason}", what


def catalog_busy(folder: Path, waiting: int, held_up: CatalogBusy | None = None,
                 failure: str | None = None, kept_spare: bool = False) -> Problem:
    """Decisions shown but not on disk yet: another program holds the catalog, the disk
    holding it is full or refuses to write it, or writing it failed (decision_writer
    keeps them and keeps trying); `held_up`: what holds them up; `failure`: the last
    error, in words; `kept_spare`: a copy of them is safe in the data folder (spare_catalog)."""
    title, detail, keep_open = _catalog_busy(folder, waiting, held_up, failure)
    if kept_spare:
        detail += (" A copy of them is kept in ShotKind's data folder: should ShotKind close first, "
                   "they are saved when the shoot is next opened.")
    elif keep_open:
        detail += " Keep ShotKind open until this bar goes."
    return title, detail


def _catalog_busy(folder: Path, waiting: int, held_up: CatalogBusy | None,
                  failure: str | None) -> tuple[str, str, bool]:
    """catalog_busy's title and words, and whether closing now would lose the decisions
    unless the spare has them (all but a catalog merely busy, which passes by itself)."""
    count = f"{waiting} decision{'' if waiting == 1 else 's'} not saved yet"
    if failure:
        return (f"The catalog of “{folder.name}” cannot be written: {count}",
                f"{failure[:1].upper()}{failure[1:]}. Your decisions are shown, and ShotKind keeps trying to "
                "save them with their sidecars (a disk over its quota or a share that dropped out comes "
                "back).", True)
    if isinstance(held_up, CatalogReplaced):
        return (f"The catalog of “{folder.name}” was replaced or deleted by another program: {count}",
                "A sync or backup tool may have put another copy in its place, or its .shotkind folder "
                "was deleted. ShotKind opens the catalog now there (a new one if it is gone) and saves "
                "your decisions to it and to their sidecars; ShotKind keeps trying.", True)
    if isinstance(held_up, CatalogUnwritable):
        return (f"The catalog of “{folder.name}” cannot be written: {count}",
                "The disk holding it refuses to write; it may have turned read-only (a card or disk "
                "with errors, a locked folder). Your decisions are shown, and are saved with their "
                "sidecars as soon as it can be written again; ShotKind keeps trying.", True)
    if isinstance(held_up, CatalogFull):
        return (f"The disk holding the catalog of “{folder.name}” is full: {count}",
                "Make room on it (empty the trash, move other files off). Your decisions are shown "
                "and are saved, with their sidecars, as soon as there is room; ShotKind keeps "
                "trying.", True)
    return (f"The catalog of “{folder.name}” is busy: {count}",
            "Another program is using it (a backup or sync tool, perhaps). Your decisions are "
            "shown and are saved, with their sidecars, as soon as it is free; ShotKind keeps trying.", False)


def catalog_saved_again(held_up: CatalogBusy | None) -> str:
    """The waiting decisions are saved: said once, in the words of what held them up."""
    if isinstance(held_up, CatalogReplaced):
        return ("The catalog was replaced or deleted by another program: every decision is saved to "
                "the one now in its place and to the sidecars")
    if isinstance(held_up, CatalogUnwritable):
        return "The catalog can be written again: every decision is saved"
    if isinstance(held_up, CatalogFull):
        return "There is room on the disk again: every decision is saved"
    return "The catalog is free again: every decision is saved"
