"""Preferences: each choice stored and read back, the detector choice (YuNet built in by
default, MTCNN the alternative) reaching the next analysis, a setting stored by an earlier
ShotKind (YuNet with a model file) still working, the catalog location, the thumbnail
cache cleared, and how the dialog looks at 100% and 200%."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLineEdit, QPushButton

from shotkind_desktop.core.decisions.catalog import fallback_path
from shotkind_desktop.ui import settings
from shotkind_desktop.ui.preferences_dialog import PreferencesDialog
from tests.ui.screenshots import clipped_texts, grey_fraction, save_screenshot


def open_dialog(qtbot, parent=None, **kwargs) -> PreferencesDialog:
    dialog = PreferencesDialog(parent, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_every_choice_is_stored_and_read_back(qtbot):
    dialog = open_dialog(qtbot)
    assert dialog.yunet.isChecked() and dialog.catalog_in_shoot.isChecked()
    assert dialog.quality.value() == 92 and dialog.template.text() == "{name}_{preset}"
    dialog.mtcnn.setChecked(True)
    dialog.catalog_in_data.setChecked(True)
    dialog.keep_extension.setChecked(True)
    dialog.creator.setText("Jane Doe")
    dialog.copyright.setText("© 2026 Jane Doe")
    dialog.quality.setValue(88)
    assert dialog.working_size.currentData() == 1600
    dialog.working_size.setCurrentIndex(dialog.working_size.findData(2000))
    dialog.accept()

    assert settings.detector() == "mtcnn"
    assert settings.flag(settings.CATALOG_IN_DATA_FOLDER) and settings.flag(settings.SIDECAR_KEEPS_EXTENSION)
    again = open_dialog(qtbot)
    assert again.mtcnn.isChecked() and not again.yunet.isChecked()
    assert again.catalog_in_data.isChecked() and again.keep_extension.isChecked()
    assert (again.creator.text(), again.copyright.text(), again.quality.value()) == \
        ("Jane Doe", "© 2026 Jane Doe", 88)
    assert again.working_size.currentData() == 2000
    again.yunet.setChecked(True)
    again.accept()
    assert settings.detector() == "yunet"


def test_yunet_is_built_in_nothing_to_download_or_choose(qtbot):
    dialog = open_dialog(qtbot)
    assert "built in" in dialog.yunet.text()
    buttons = {button.text() for button in dialog.findChildren(QPushButton)}
    assert not any("Download" in text or "Choose" in text for text in buttons), buttons
    assert not any("onnx" in edit.placeholderText() for edit in dialog.findChildren(QLineEdit))


def test_a_yunet_model_file_stored_by_an_earlier_version_still_works(qtbot, tmp_path):
    store = settings.settings()
    store.setValue(settings.DETECTOR, "yunet")
    store.setValue("analysis/yunet_model", str(tmp_path / "moved" / "yunet.onnx"))
    store.sync()
    assert settings.detector() == "yunet"
    dialog = open_dialog(qtbot)
    assert dialog.yunet.isChecked()
    dialog.accept()
    assert settings.detector() == "yunet"


def test_an_unknown_detector_in_the_file_means_the_default(qtbot):
    settings.set_detector("retinaface")
    assert settings.detector() == "yunet"
    store = settings.settings()
    store.setValue(settings.DETECTOR, "retinaface")
    store.sync()
    assert settings.detector() == "yunet"
    assert open_dialog(qtbot).yunet.isChecked()


def test_export_defaults_reach_the_export_dialog(qtbot, shoot):
    from shotkind_desktop.ui.export_dialog import ExportDialog

    dialog = open_dialog(qtbot)
    dialog.copyright.setText("© 2026 Studio North")
    dialog.template.setText("{client}_{name}")
    dialog.quality.setValue(95)
    dialog.accept()
    export = ExportDialog(None, shoot, [])
    qtbot.addWidget(export)
    assert export.copyright.text() == "© 2026 Studio North"
    assert export.template.text() == "{client}_{name}" and export.quality.value() == 95


def test_cancel_forgets_changes(qtbot):
    dialog = open_dialog(qtbot)
    dialog.keep_extension.setChecked(True)
    dialog.catalog_in_data.setChecked(True)
    dialog.reject()
    assert not settings.flag(settings.SIDECAR_KEEPS_EXTENSION)
    assert not settings.flag(settings.CATALOG_IN_DATA_FOLDER)


def test_ctrl_comma_opens_preferences_and_the_sidecar_menu_follows(main_window, qtbot, monkeypatch):
    seen = []

    def exec_(dialog):
        seen.append(dialog)
        dialog.keep_extension.setChecked(True)
        dialog.accept()
        return 1

    monkeypatch.setattr(PreferencesDialog, "exec", exec_)
    action = main_window.actions_by_name["preferences"]
    assert action.shortcut().toString() == "Ctrl+,"
    action.trigger()
    assert len(seen) == 1
    assert main_window.actions_by_name["sidecar_keeps_extension"].isChecked()
    main_window.actions_by_name["sidecar_keeps_extension"].setChecked(False)   # the menu item
    assert not open_dialog(qtbot).keep_extension.isChecked(), "both places show one setting"


def test_catalog_in_the_data_folder_applies_to_the_next_shoot(main_window, qtbot, fresh_shoot):
    settings.set_flag(settings.CATALOG_IN_DATA_FOLDER, True)
    assert main_window.open_shoot(fresh_shoot)
    assert main_window.session.catalog.path == fallback_path(fresh_shoot)
    assert not (fresh_shoot / ".shotkind").exists()
    main_window.cancel_analysis()


def test_clear_thumbnails_empties_the_cache(main_window, qtbot, shoot):
    assert main_window.open_shoot(shoot)
    qtbot.waitUntil(lambda: not main_window.session.thumbnails.is_busy(), timeout=60_000)
    path = main_window.session.catalog.path
    def count() -> int:
        return sqlite3.connect(path).execute("SELECT COUNT(*) FROM thumbnails").fetchone()[0]
    frames = count()
    assert frames == len(main_window.model.frames())
    dialog = open_dialog(qtbot, main_window, catalog=main_window.session.catalog)
    assert "KB" in dialog.cache_size.text() or "MB" in dialog.cache_size.text()
    dialog.clear_button.click()
    assert count() == 0
    assert dialog.cache_size.text().startswith(f"Removed {frames:,} thumbnails. 0 bytes in 1 catalog")
    assert main_window.session.catalog.results(), "analysis is kept"


def test_preferences_screenshot(qtbot, tmp_path):
    dialog = open_dialog(qtbot)
    dialog.adjustSize()
    image = save_screenshot(dialog, tmp_path, "preferences")
    assert clipped_texts(dialog) == []
    assert grey_fraction(image) > 0.97


SCALED = """
import json, sys
from PySide6.QtWidgets import QApplication
from shotkind_desktop.ui.theme import apply_theme
from shotkind_desktop.ui.preferences_dialog import PreferencesDialog
from shotkind_desktop.ui.about_dialog import AboutDialog
from shotkind_desktop.ui.shortcut_sheet import ShortcutSheet
from shotkind_desktop.ui.welcome_view import WelcomeView
from tests.ui.screenshots import clipped_texts
app = QApplication([])
apply_theme(app)
welcome = WelcomeView()
welcome.resize(640, 420)
seen = {}
for name, dialog in (("preferences", PreferencesDialog()), ("about", AboutDialog()),
                     ("shortcuts", ShortcutSheet()), ("welcome", welcome)):
    dialog.show()                      # at the size the app opens it with
    app.processEvents()
    pixmap = dialog.grab()
    pixmap.save(sys.argv[1] + f"/{name}-{sys.argv[2]}.png")
    seen[name] = {"ratio": pixmap.devicePixelRatio(), "clipped": clipped_texts(dialog)}
print(json.dumps(seen))
"""


@pytest.mark.parametrize("scale", ["1", "2"])
def test_no_text_is_cut_in_the_dialogs_at_100_and_200_percent(tmp_path, scale):
    """Every label and button of Preferences, About, the shortcut sheet and the welcome
    page shows its whole text, drawn at the screen's scale (QT_SCALE_FACTOR must be set
    before Qt starts: a separate process). (The test used to compare image sizes only.)"""
    env = {**os.environ, "QT_SCALE_FACTOR": scale, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", SCALED, str(tmp_path), scale], env=env, capture_output=True,
                         text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(seen) == {"preferences", "about", "shortcuts", "welcome"}
    for name, found in seen.items():
        assert found["ratio"] == float(scale), name
        assert found["clipped"] == [], name
        if scale == "2" and (keep := os.environ.get("SHOTKIND_SCREENSHOTS")):
            QImage(str(tmp_path / f"{name}-2.png")).save(str(Path(keep) / f"{name}-200.png"))


def test_the_working_size_reaches_the_next_analysis(main_window, qtbot, fresh_shoot):
    settings.set_number(settings.WORKING_SIZE, 1200)
    with qtbot.waitSignal(main_window.shoot_opened):
        main_window.open_shoot(fresh_shoot)
    qtbot.waitUntil(lambda: main_window.session.analysis.is_running(), timeout=10_000)
    assert main_window.session.analysis.working_size == 1200
    main_window.cancel_analysis()
