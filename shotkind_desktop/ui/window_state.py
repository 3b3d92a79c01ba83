"""What the window remembers between runs: its size and place, the splitter between the
views and the side panel, whether the side panel and the face close-ups show, the
grid's cell size and the loupe's marks (face boxes, crop guides), and where each recent
shoot was left. Saved on close, restored on start, all in settings.py's INI file."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData

from shotkind_desktop.ui import settings
from shotkind_desktop.ui.grid_view import CELL_SIZES, DEFAULT_CELL
from shotkind_desktop.ui.overlays import OverlaySet


def save_layout(window) -> None:
    """`window` is the MainWindow."""
    if not window.isFullScreen():   # F is a moment's choice; the next start is windowed
        settings.set_blob(settings.WINDOW_GEOMETRY, window.saveGeometry())
    settings.set_blob(settings.WINDOW_STATE, window.saveState())
    sizes = window.workspace.splitter.sizes()
    if window.workspace.side_panel.isVisible() and all(sizes):
        settings.set_numbers(settings.SPLITTER, sizes)   # a hidden panel's 0 is not a size
    settings.set_flag(settings.SIDE_PANEL, window.actions_by_name["side_panel"].isChecked())
    settings.set_flag(settings.CLOSEUPS, window.actions_by_name["closeups"].isChecked())
    settings.set_number(settings.CELL_SIZE, window.workspace.grid.cell_size())
    settings.set_text(settings.OVERLAYS, json.dumps(window.workspace.overlays.record()))


def restore_layout(window) -> None:
    """Put back what save_layout() saved; anything missing or garbled keeps its default."""
    if (geometry := settings.blob(settings.WINDOW_GEOMETRY)) is not None:
        window.restoreGeometry(geometry)
    if (state := settings.blob(settings.WINDOW_STATE)) is not None:
        window.restoreState(state)
    window.actions_by_name["side_panel"].setChecked(settings.flag(settings.SIDE_PANEL, True))
    window.actions_by_name["closeups"].setChecked(settings.flag(settings.CLOSEUPS, False))
    cell = settings.number(settings.CELL_SIZE, DEFAULT_CELL)
    if CELL_SIZES[0] <= cell <= CELL_SIZES[-1]:
        window.workspace.grid.set_cell_size(cell)
        window.workspace.filter_bar.set_cell_size(cell)
    try:
        marks = json.loads(settings.text(settings.OVERLAYS) or "{}")
    except ValueError:
        marks = {}
    if isinstance(marks, dict) and marks:
        window.workspace.set_overlays(OverlaySet.from_record(marks))


def save_place(window) -> None:
    """Where the photographer leaves the open shoot: the frame they were on, the sort, and
    grid or loupe, for the next opening (a tester came back to the first frame by capture
    time after culling half a day sorted by headshot score)."""
    shoot, workspace = window.model.shoot, window.workspace
    if shoot is None:
        return
    frame = workspace.current_frame()
    bar = workspace.filter_bar
    settings.set_shoot_place(shoot.folder, {
        "frame": frame.name if frame is not None else None,
        "sort": bar.sort.currentData(), "descending": bar.descending.isChecked(),
        "view": "grid" if workspace.mode == "grid" else "loupe"})


def restore_place(window, folder: Path) -> None:
    """Put the shoot back as save_place left it: the sort, the view, and the frame if it
    is still there. Filters are not kept: a frame hidden at the next opening reads as lost."""
    place = settings.shoot_place(folder)
    if not place:
        return
    workspace = window.workspace
    if isinstance(place.get("sort"), str):
        workspace.filter_bar.show_sort(place["sort"], bool(place.get("descending")))
    row = window.model.row_of(place["frame"]) if isinstance(place.get("frame"), str) else None
    if row is not None:
        workspace.grid.setCurrentIndex(window.proxy.mapFromSource(window.model.index(row)))
        workspace.grid.scrollTo(workspace.grid.currentIndex())
    if place.get("view") == "loupe":
        window.set_mode("loupe")


def restore_splitter(window) -> None:
    """The splitter between views and side panel, once the workspace is on screen at the
    window's final size (sizes set earlier are redistributed by the first layout)."""
    sizes = settings.numbers(settings.SPLITTER)
    if len(sizes) == 2 and all(size > 0 for size in sizes):
        window.workspace.splitter.setSizes(sizes)


def dropped_folder(mime: QMimeData) -> Path | None:
    """The shoot folder a drag carries: a dropped folder, or the folder of a dropped
    photo; None for anything else (text, web links, several folders)."""
    if not mime.hasUrls():
        return None
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    folders = {path if path.is_dir() else path.parent for path in paths if path.exists()}
    return folders.pop() if len(folders) == 1 else None
