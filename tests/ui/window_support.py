"""Shared by the tests that drive the main window: open a shoot as a photographer does,
press keys where they land, see and choose frames in the grid."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from shotkind_desktop.ui.main_window import MainWindow
from shotkind_desktop.ui.shoot_model import ShootModel


# a laptop's window, where the loupe and side panel have room (the views' screenshots)
CULLING_SIZE = (1400, 900)


def open_shoot(window: MainWindow, qtbot, folder: Path, size: tuple[int, int] | None = None) -> None:
    """Open `folder` (in a window of `size`, if given) and wait until it is shown with the
    grid taking the keys (or in the loupe, where it was left: window_state.restore_place)."""
    if size is not None:
        window.resize(*size)
    with qtbot.waitSignal(window.shoot_opened):
        assert window.open_shoot(folder)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.workspace.grid.hasFocus() or window.workspace.mode != "grid")


def press(qtbot, window: MainWindow, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key on the view in front (the window, before one is shown)."""
    target = window.workspace.stack.currentWidget()
    qtbot.keyClick(target if target.isVisible() else window, key, modifier)


def shown_names(window: MainWindow) -> list[str]:
    """The frames the grid shows, in its order."""
    proxy = window.proxy
    return [proxy.index(row, 0).data(ShootModel.NameRole) for row in range(proxy.rowCount())]


def go_to(window: MainWindow, name: str) -> None:
    """Make the frame `name` the current one, as a click in the grid does."""
    model = window.model
    window.workspace.grid.setCurrentIndex(window.proxy.mapFromSource(model.index(model.row_of(name))))
