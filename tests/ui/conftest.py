"""UI fixtures: a main window that the test closes whatever happens, and a copy of the
shared photos already analysed once per session (so each test opens it instantly from
its catalog, as a photographer reopening a shoot would)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
from shotkind_desktop.core.decisions.catalog import Catalog, FileIdentity
from shotkind_desktop.core.files.scan import scan_shoot
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from shotkind_desktop.ui.main_window import MainWindow
from shotkind_desktop.ui.theme import apply_theme


@pytest.fixture(autouse=True)
def no_unanswered_questions(monkeypatch):
    """A message box nobody answers waits forever offscreen: a test that expects one
    answers it by patching QMessageBox.exec itself; any other fails at once."""
    from PySide6.QtWidgets import QMessageBox

    def unexpected(box):
        raise AssertionError(f"a message box nobody answers: {box.text()}")
    monkeypatch.setattr(QMessageBox, "exec", unexpected)


@pytest.fixture
def main_window(qtbot):
    apply_theme(QApplication.instance())   # as run_app does: screenshots show the real look
    window = MainWindow(analysis_jobs=2)
    qtbot.addWidget(window)   # pytest-qt closes and deletes it after the test
    window.show()
    qtbot.waitExposed(window)
    _release_held_modifiers(window)
    yield window
    window.close()


def _release_held_modifiers(window) -> None:
    """A test whose Ctrl+E or Shift+click opened or closed a window before the key came up
    leaves Qt believing the modifier still held, and the next test's clicks and current-frame
    moves then extend the selection (Shift) or toggle it (Ctrl): each test starts with none."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    for modifier, key in ((Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Control),
                          (Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Shift),
                          (Qt.KeyboardModifier.AltModifier, Qt.Key.Key_Alt),
                          (Qt.KeyboardModifier.MetaModifier, Qt.Key.Key_Meta)):
        if QGuiApplication.keyboardModifiers() & modifier:
            QTest.keyRelease(window, key)
    assert QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier


@pytest.fixture(scope="session")
def analysed_photos(tmp_path_factory, shared_dir) -> Path:
    """The shared photos copied once, with a catalog holding every frame's analysis."""
    folder = tmp_path_factory.mktemp("analysed") / "photos"
    shutil.copytree(shared_dir / "photos", folder)
    paths = scan_shoot(folder)
    results = analyze_shoot(folder, paths, "yunet", jobs=2)    # the app's default detector
    catalog = Catalog.open(folder)
    catalog.save_results([(path.relative_to(folder).as_posix(), FileIdentity.of(path), result)
                          for path, result in zip(paths, results)])
    catalog.close()
    return folder


@pytest.fixture
def shoot(analysed_photos, tmp_path) -> Path:
    """A private copy of the analysed shoot (times kept, so the catalog still matches)."""
    folder = tmp_path / "shoot"
    shutil.copytree(analysed_photos, folder, copy_function=shutil.copy2)
    return folder


@pytest.fixture
def fresh_shoot(shared_dir, tmp_path) -> Path:
    """A copy of the shared photos that has never been opened."""
    folder = tmp_path / "fresh"
    shutil.copytree(shared_dir / "photos", folder)
    return folder


@pytest.fixture
def private_trash(tmp_path, monkeypatch) -> Path:
    """The system trash moved into the test's folder: sending to the trash never touches
    the real ~/.local/share/Trash. Returns the folder the trash is in."""
    import os

    from send2trash import plat_other

    trash_home = tmp_path / "data"
    trash_home.mkdir()
    for name, value in (("XDG_DATA_HOME", os.fsencode(trash_home)),
                        ("HOMETRASH_B", os.fsencode(trash_home / "Trash")),
                        ("HOMETRASH", str(trash_home / "Trash"))):
        monkeypatch.setattr(plat_other, name, value)
    return trash_home
