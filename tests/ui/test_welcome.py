"""First run: the welcome view, recent shoots, a folder dropped on the window, and the
window's layout and view choices coming back on the next start."""

from __future__ import annotations

import shutil

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from shotkind_desktop.core.files.scan import scan_shoot
from shotkind_desktop.ui import settings
from shotkind_desktop.ui.main_window import MainWindow
from shotkind_desktop.ui.overlays import OverlaySet
from tests.ui.screenshots import clipped_texts, grey_fraction, save_screenshot


def new_window(qtbot) -> MainWindow:
    window = MainWindow(analysis_jobs=1)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def drop(window: MainWindow, urls: list[QUrl] | None = None, text: str = "") -> bool:
    """Drag `urls` (or text) onto the window and drop them; True when the drag was accepted."""
    mime = QMimeData()
    if urls:
        mime.setUrls(urls)
    if text:
        mime.setText(text)
    point = QPoint(window.width() // 2, window.height() // 2)
    actions = Qt.DropAction.CopyAction | Qt.DropAction.LinkAction
    enter = QDragEnterEvent(point, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(window, QDropEvent(point.toPointF(), actions, mime, Qt.MouseButton.LeftButton,
                                              Qt.KeyboardModifier.NoModifier))
    return True


def test_welcome_view_offers_open_and_recent_shoots(main_window, qtbot, shoot, tmp_path, monkeypatch):
    welcome = main_window.welcome
    assert welcome.isVisible() and welcome.open_button.isVisible()
    assert not welcome.recent.isVisible(), "no recent list on the very first run"
    chosen = []
    monkeypatch.setattr(main_window, "choose_shoot", lambda: chosen.append(True))
    welcome.open_clicked.disconnect()
    welcome.open_clicked.connect(main_window.choose_shoot)
    qtbot.mouseClick(welcome.open_button, Qt.MouseButton.LeftButton)
    assert chosen == [True]

    second = tmp_path / "second shoot"
    shutil.copytree(shoot, second, copy_function=shutil.copy2)
    assert main_window.open_shoot(shoot) and main_window.open_shoot(second)
    assert settings.recent_shoots() == [second.resolve(), shoot.resolve()], "newest first"
    assert main_window.open_shoot(shoot)
    assert settings.recent_shoots() == [shoot.resolve(), second.resolve()], "no duplicates"


def test_recent_shoots_survive_a_restart_and_open_with_one_activation(qtbot, shoot, tmp_path):
    first = new_window(qtbot)
    assert first.open_shoot(shoot)
    first.close()

    window = new_window(qtbot)
    assert window.welcome.recent.isVisible()
    assert window.welcome.recent_folders() == [shoot.resolve()]
    item = window.welcome.recent.item(0)
    assert shoot.name in item.text() and "not found" not in item.text()
    with qtbot.waitSignal(window.shoot_opened) as opened:
        window.welcome.recent.itemActivated.emit(item)
    assert opened.args == [shoot.resolve()]
    assert window.model.rowCount() == len(window.model.frames()) > 0
    window.close()


def test_a_recent_shoot_that_has_gone_is_marked_and_explained(main_window, qtbot, shoot, tmp_path):
    moved = tmp_path / "elsewhere"
    assert main_window.open_shoot(shoot)
    shutil.move(shoot, moved)
    main_window.welcome.set_recent(settings.recent_shoots())
    item = main_window.welcome.recent.item(0)
    assert "not found" in item.text()
    assert not main_window.open_shoot(item.data(Qt.ItemDataRole.UserRole))
    assert main_window.message.isVisible()
    assert "is not there" in main_window.message.text() and str(shoot.resolve()) in main_window.message.text()
    main_window.welcome.forget_requested.emit(shoot.resolve())
    assert settings.recent_shoots() == [] and main_window.welcome.recent_folders() == []


def test_open_recent_menu_lists_the_recent_shoots(main_window, qtbot, shoot):
    main_window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in main_window.recent_menu.actions()] == ["No recent shoots"]
    assert main_window.open_shoot(shoot)
    main_window.recent_menu.aboutToShow.emit()
    actions = main_window.recent_menu.actions()
    assert [a.text() for a in actions] == [str(shoot.resolve())] and actions[0].isEnabled()


def test_a_folder_dropped_on_the_window_opens(main_window, qtbot, shoot):
    with qtbot.waitSignal(main_window.shoot_opened) as opened:
        assert drop(main_window, [QUrl.fromLocalFile(str(shoot))])
    assert opened.args == [shoot]
    assert main_window.workspace.isVisible()
    assert main_window.model.rowCount() == len(scan_shoot(shoot)) > 0


def test_a_photo_dropped_opens_its_folder_and_other_drops_are_refused(main_window, qtbot, shoot, tmp_path):
    photo = sorted(shoot.glob("*.jpg"))[0]
    assert not drop(main_window, text="just some text")
    assert not drop(main_window, [QUrl("https://example.com/shoot")])
    assert not drop(main_window, [QUrl.fromLocalFile(str(tmp_path / "no such folder"))])
    other = tmp_path / "other"
    other.mkdir()
    assert not drop(main_window, [QUrl.fromLocalFile(str(shoot)), QUrl.fromLocalFile(str(other))]), \
        "two folders at once: which one would the photographer mean?"
    assert main_window.welcome.isVisible()
    with qtbot.waitSignal(main_window.shoot_opened) as opened:
        assert drop(main_window, [QUrl.fromLocalFile(str(photo))])
    assert opened.args == [shoot]


def test_layout_and_view_choices_come_back(qtbot, shoot):
    window = new_window(qtbot)
    window.resize(1333, 700)   # the default is 1280 x 820
    assert window.open_shoot(shoot)
    window.workspace.splitter.setSizes([700, 411])
    sizes = window.workspace.splitter.sizes()
    window.actions_by_name["smaller_thumbnails"].trigger()   # the - key
    cell = window.workspace.grid.cell_size()
    size = (window.width(), window.height())
    window.close()
    assert cell != 180, "smaller thumbnails changed the cell size"

    again = new_window(qtbot)
    # the offscreen screen is 800 px wide, so Qt clamps a restored width; the height shows it
    assert again.height() == size[1] != 820, (again.size(), size)
    assert again.workspace.grid.cell_size() == cell
    assert again.workspace.filter_bar.size.value() == cell
    again.resize(*size)   # as wide as the first (the offscreen screen clamped it)
    assert again.open_shoot(shoot)
    assert again.workspace.splitter.sizes() == sizes
    again.actions_by_name["side_panel"].setChecked(False)
    assert again.workspace.overlays == OverlaySet()          # no marks until asked for
    again.actions_by_name["overlays"].trigger()               # O: face boxes
    again.actions_by_name["overlays"].trigger()               # O: and the 4:5 guide
    again.actions_by_name["guide_ratio"].trigger()            # the next ratio, 2:3
    marks = again.workspace.overlays
    assert marks.faces and marks.guides == {"2:3"}
    again.close()

    third = new_window(qtbot)
    assert not third.actions_by_name["side_panel"].isChecked()
    assert third.workspace.overlays == marks                  # the loupe's marks as they were left
    assert third.workspace.loupe.overlays == marks
    assert third.open_shoot(shoot)
    assert not third.workspace.side_panel.isVisible()
    third.close()


def test_garbled_layout_settings_fall_back_to_defaults(qtbot):
    store = settings.settings()
    for key, value in ((settings.WINDOW_GEOMETRY, "nonsense"), (settings.SPLITTER, "a,b"),
                       (settings.CELL_SIZE, "huge"), (settings.RECENT_SHOOTS, 42), (settings.OVERLAYS, "{faces")):
        store.setValue(key, value)
    store.sync()
    window = new_window(qtbot)
    assert window.workspace.grid.cell_size() == 180
    assert window.welcome.recent_folders() == []
    assert window.workspace.overlays == OverlaySet()
    window.close()


def test_welcome_view_screenshot_is_neutral_grey(main_window, qtbot, shoot, tmp_path):
    named = [tmp_path / "2026-11-18 Acme board headshots", tmp_path / "2026-11-20 Lee family"]
    for folder in named:
        shutil.copytree(shoot, folder, copy_function=shutil.copy2)
        assert main_window.open_shoot(folder)
    shutil.rmtree(named[0])      # a card since unplugged
    main_window.close()
    window = new_window(qtbot)   # a second start: the recent shoots are listed
    window.resize(1280, 720)
    qtbot.wait(50)
    assert window.welcome.recent_folders() == [f.resolve() for f in reversed(named)]
    assert "not found" in window.welcome.recent.item(1).text()
    image = save_screenshot(window, tmp_path, "welcome")
    assert clipped_texts(window) == []
    assert grey_fraction(image) > 0.97, "the welcome page stays neutral grey"
    window.close()
