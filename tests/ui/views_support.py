"""Shared by the loupe, compare/survey and side panel tests: real photos analysed once per
session, frames built the way the integrator will build them, and the app's grey palette
on the widget under test (without restyling the whole test application)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QWidget

from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.shoot import Frame, Shoot
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.judgement.crops import crop_guides
from shotkind_desktop.core.judgement.face_record import main_face_record
from shotkind_desktop.core.judgement.faces import make_detector
from shotkind_desktop.ui.filter_bar import FilterBar
from shotkind_desktop.ui.frame_proxy import FrameProxy
from shotkind_desktop.ui.grid_view import FrameListView
from shotkind_desktop.ui.loupe_view import FrameView, make_caption
from shotkind_desktop.ui.shoot_model import ShootModel
from shotkind_desktop.ui.theme import COLOURS

PHOTOS = Path(__file__).resolve().parents[2].parent / "shared" / "photos"
SHOTS = os.environ.get("SHOTKIND_SCREENSHOTS")   # a folder to copy screenshots to, to look at


@functools.lru_cache(maxsize=1)
def _detector():
    return make_detector("yunet")     # the default: the bundled YuNet 2023mar


@functools.lru_cache(maxsize=None)
def analysed(name: str) -> FrameResult:
    """analyze_frame on a shared photo, once per test session (about a second each)."""
    result = analyze_frame(PHOTOS / name, _detector())
    assert result.error is None, result.error
    return result


def photo(name: str, scale: float = 1.0) -> QImage:
    """The photo as a worker would hand it over: a QImage, optionally a smaller preview."""
    image = QImage(str(PHOTOS / name))
    assert not image.isNull(), name
    if scale != 1.0:
        image = image.scaledToWidth(round(image.width() * scale))
    return image


def frame_view(name: str, scale: float = 1.0, rating: int = 0, flag: str = "") -> FrameView:
    result = analysed(name)
    main = main_face_record(result.faces, result.width, result.height)
    guides = crop_guides(main, result.width, result.height) if main else {}
    return FrameView(name, photo(name, scale), (result.width, result.height), result.faces, guides,
                     caption=make_caption(name, rating, flag, result.headshot_score))


def themed(widget: QWidget) -> QWidget:
    """The app's grey palette on this widget only."""
    palette = QPalette(widget.palette())
    for role, colour in COLOURS.items():
        palette.setColor(role, QColor(colour))
    widget.setPalette(palette)
    return widget


def shown(qtbot, widget: QWidget, width: int, height: int) -> QWidget:
    """The widget themed, at this size, on screen; pytest-qt closes it after the test."""
    themed(widget)
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def save_shot(widget: QWidget, tmp_path: Path, name: str) -> Path:
    """A screenshot in tmp_path, and in $SHOTKIND_SCREENSHOTS when set."""
    image = widget.grab()
    path = tmp_path / name
    assert image.save(str(path))
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(SHOTS) / name))
    return path


def warning_grid(qtbot, results: dict[str, FrameResult], files: dict[str, Path], cell: int,
                 spare: int = 4) -> tuple[FrameListView, FrameProxy]:
    """A one-row grid of these frames (name -> result, in order; `files` gives each its
    file), thumbnails loaded, shown `spare` pixels wider than its cells."""
    names = list(results)
    frames = [Frame(name, FrameFiles(files[name]), order, None, result=results[name])
              for order, name in enumerate(names)]
    model = ShootModel()
    model.load(Shoot(PHOTOS, frames))
    for name in names:
        image = QImage(str(files[name]))
        model.set_thumbnail(name, image.scaled(384, 256, Qt.AspectRatioMode.KeepAspectRatio,
                                               Qt.TransformationMode.SmoothTransformation))
    proxy = FrameProxy(model)
    view = FrameListView(cell)
    view.setModel(proxy)
    shown(qtbot, view, cell * len(names) + spare, cell + 4)
    qtbot.wait(100)          # the model's batched dataChanged
    return view, proxy


def proxy_names(proxy: FrameProxy) -> list[str]:
    """The frames a grid's proxy shows, in its order."""
    return [proxy.index(row, 0).data(ShootModel.NameRole) for row in range(proxy.rowCount())]


def filter_bar_on(qtbot, proxy: FrameProxy) -> FilterBar:
    """A filter bar whose choices filter `proxy`, as the workspace wires it."""
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.filter_changed.connect(proxy.set_filter)
    return bar
