"""Preferences: each choice stored and read back, the detector choice reaching the next
analysis, the YuNet download checked by its SHA-256 (served from a local HTTP server, as
this machine has no internet) and saying so plainly when offline, the catalog location,
the thumbnail cache cleared, and how the dialog looks at 100% and 200%."""

from __future__ import annotations

import hashlib
import http.server
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from shotkind_desktop.core.catalog import fallback_path
from shotkind_desktop.ui import settings
from shotkind_desktop.ui.model_download import YUNET_2023MAR, ModelRelease, models_dir
from shotkind_desktop.ui.preferences_dialog import PreferencesDialog
from tests.ui.screenshots import grey_fraction, save_screenshot


def open_dialog(qtbot, parent=None, **kwargs) -> PreferencesDialog:
    dialog = PreferencesDialog(parent, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def model_server(shared_dir):
    """A local HTTP server handing out the shared YuNet file; yields its base URL."""
    folder = shared_dir / "models"

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def shared_release(shared_dir, base_url: str) -> ModelRelease:
    """The shared test copy of YuNet as a release: its real hash and size."""
    body = (shared_dir / "models" / "face_detection_yunet.onnx").read_bytes()
    return ModelRelease(f"{base_url}/face_detection_yunet.onnx", "face_detection_yunet_test.onnx",
                        hashlib.sha256(body).hexdigest(), len(body))


def test_every_choice_is_stored_and_read_back(qtbot, shared_dir):
    model = shared_dir / "models" / "face_detection_yunet.onnx"
    dialog = open_dialog(qtbot)
    assert dialog.mtcnn.isChecked() and dialog.catalog_in_shoot.isChecked()
    assert dialog.quality.value() == 92 and dialog.template.text() == "{name}_{preset}"
    dialog.yunet.setChecked(True)
    dialog.model_path.setText(str(model))
    assert "Model file found (229,738 bytes)" in dialog.model_status.text()
    dialog.catalog_in_data.setChecked(True)
    dialog.keep_extension.setChecked(True)
    dialog.creator.setText("Jane Doe")
    dialog.copyright.setText("© 2026 Jane Doe")
    dialog.quality.setValue(88)
    assert dialog.working_size.currentData() == 1600
    dialog.working_size.setCurrentIndex(dialog.working_size.findData(2000))
    dialog.accept()

    assert settings.detector_choice() == settings.DetectorChoice("yunet", model)
    assert settings.flag(settings.CATALOG_IN_DATA_FOLDER) and settings.flag(settings.SIDECAR_KEEPS_EXTENSION)
    again = open_dialog(qtbot)
    assert again.yunet.isChecked() and again.model_path.text() == str(model)
    assert again.catalog_in_data.isChecked() and again.keep_extension.isChecked()
    assert (again.creator.text(), again.copyright.text(), again.quality.value()) == \
        ("Jane Doe", "© 2026 Jane Doe", 88)
    assert again.working_size.currentData() == 2000


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


def test_yunet_without_a_model_file_is_refused_with_the_reason(qtbot, tmp_path):
    dialog = open_dialog(qtbot)
    dialog.yunet.setChecked(True)
    assert dialog.model_status.text() == "No YuNet model chosen."
    dialog.model_path.setText(str(tmp_path / "gone.onnx"))
    assert dialog.model_status.text().startswith("Model file not found")
    dialog.accept()
    assert dialog.isVisible(), "the dialog stays open"
    assert "Choose the YuNet model file" in dialog.model_status.text()
    assert settings.detector_choice().name == "mtcnn"


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


def test_download_keeps_the_file_only_when_its_sha256_matches(qtbot, shared_dir, model_server):
    release = shared_release(shared_dir, model_server)
    dialog = open_dialog(qtbot, release=release)
    with qtbot.waitSignal(dialog.download_finished, timeout=20_000) as done:
        dialog.download_button.click()
    assert done.args == [""]
    saved = models_dir() / release.filename
    assert saved.read_bytes() == (shared_dir / "models" / "face_detection_yunet.onnx").read_bytes()
    assert dialog.yunet.isChecked() and dialog.model_path.text() == str(saved)
    assert "SHA-256 matches" in dialog.model_status.text()
    dialog.accept()
    assert settings.detector_choice() == settings.DetectorChoice("yunet", saved)


def test_a_download_with_the_wrong_hash_is_not_kept(qtbot, shared_dir, model_server):
    # the shared copy is a different YuNet build than the official 2023mar release
    release = replace(YUNET_2023MAR, url=f"{model_server}/face_detection_yunet.onnx")
    dialog = open_dialog(qtbot, release=release)
    with qtbot.waitSignal(dialog.download_finished, timeout=20_000) as done:
        dialog.download()
    assert "is not the expected face_detection_yunet_2023mar.onnx" in done.args[0]
    assert "It was not kept" in dialog.model_status.text()
    assert not (models_dir() / release.filename).exists()
    assert list(models_dir().glob(".download-*")) == []
    assert dialog.mtcnn.isChecked()


def test_a_missing_file_on_the_server_is_explained(qtbot, model_server):
    release = replace(YUNET_2023MAR, url=f"{model_server}/moved.onnx")
    dialog = open_dialog(qtbot, release=release)
    with qtbot.waitSignal(dialog.download_finished, timeout=20_000) as done:
        dialog.download()
    assert "404" in done.args[0] and "Choose File" in done.args[0]


def test_offline_says_so_plainly(qtbot):
    with socket.socket() as probe:           # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    release = replace(YUNET_2023MAR, url=f"http://127.0.0.1:{port}/face_detection_yunet_2023mar.onnx")
    dialog = open_dialog(qtbot, release=release)
    with qtbot.waitSignal(dialog.download_finished, timeout=20_000) as done:
        dialog.download()
    assert done.args[0].startswith("No connection to 127.0.0.1")
    assert "built-in detector" in dialog.model_status.text()
    assert dialog.download_button.isEnabled()


def test_the_official_download_here(qtbot):
    """The real URL: this machine has no internet, so the offline message; were it online,
    the official file with the published hash."""
    dialog = open_dialog(qtbot)
    with qtbot.waitSignal(dialog.download_finished, timeout=40_000) as done:
        dialog.download()
    if done.args[0]:
        assert done.args[0].startswith("No connection to github.com")
    else:
        body = (models_dir() / YUNET_2023MAR.filename).read_bytes()
        assert hashlib.sha256(body).hexdigest() == YUNET_2023MAR.sha256


def test_catalog_in_the_data_folder_applies_to_the_next_shoot(main_window, qtbot, fresh_shoot):
    settings.set_flag(settings.CATALOG_IN_DATA_FOLDER, True)
    assert main_window.open_shoot(fresh_shoot)
    assert main_window.catalog.path == fallback_path(fresh_shoot)
    assert not (fresh_shoot / ".shotkind").exists()
    main_window.cancel_analysis()


def test_clear_thumbnails_empties_the_cache(main_window, qtbot, shoot):
    assert main_window.open_shoot(shoot)
    qtbot.waitUntil(lambda: not main_window.thumbnails.is_busy(), timeout=60_000)
    path = main_window.catalog.path
    count = lambda: sqlite3.connect(path).execute("SELECT COUNT(*) FROM thumbnails").fetchone()[0]
    frames = count()
    assert frames == len(main_window.model.frames())
    dialog = open_dialog(qtbot, main_window, catalog=main_window.catalog)
    assert "KB" in dialog.cache_size.text() or "MB" in dialog.cache_size.text()
    dialog.clear_button.click()
    assert count() == 0
    assert dialog.cache_size.text().startswith(f"Removed {frames:,} thumbnails. 0 bytes in 1 catalog")
    assert main_window.catalog.results(), "analysis is kept"


def test_preferences_screenshot(qtbot, tmp_path):
    dialog = open_dialog(qtbot)
    dialog.adjustSize()
    image = save_screenshot(dialog, tmp_path, "preferences")
    assert image.width() >= 500
    assert grey_fraction(image) > 0.97


SCALED = """
import sys
from PySide6.QtWidgets import QApplication
from shotkind_desktop.ui.theme import apply_theme
from shotkind_desktop.ui.preferences_dialog import PreferencesDialog
from shotkind_desktop.ui.about_dialog import AboutDialog
from shotkind_desktop.ui.welcome_view import WelcomeView
app = QApplication([])
apply_theme(app)
welcome = WelcomeView()
welcome.resize(640, 420)
for name, dialog in (("preferences", PreferencesDialog()), ("about", AboutDialog()), ("welcome", welcome)):
    if name != "welcome":
        dialog.adjustSize()
    dialog.show()
    app.processEvents()
    pixmap = dialog.grab()
    print(name, dialog.width(), dialog.height(), pixmap.devicePixelRatio())
    pixmap.save(sys.argv[1] + f"/{name}-200.png")
"""


def test_dialogs_at_200_percent(tmp_path):
    """QT_SCALE_FACTOR must be set before Qt starts: a separate process."""
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", SCALED, str(tmp_path)], env=env, capture_output=True,
                         text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == 3
    for line in run.stdout.splitlines():
        name, width, height, ratio = line.split()
        image = QImage(str(tmp_path / f"{name}-200.png"))
        assert float(ratio) == 2.0
        assert (image.width(), image.height()) == (2 * int(width), 2 * int(height)), "drawn at 2×, not stretched"
        if keep := os.environ.get("SHOTKIND_SCREENSHOTS"):
            image.save(str(Path(keep) / f"{name}-200.png"))


def test_the_working_size_reaches_the_next_analysis(main_window, qtbot, fresh_shoot):
    settings.set_number(settings.WORKING_SIZE, 1200)
    with qtbot.waitSignal(main_window.shoot_opened):
        main_window.open_shoot(fresh_shoot)
    qtbot.waitUntil(lambda: main_window.analysis.is_running(), timeout=10_000)
    assert main_window.analysis.working_size == 1200
    main_window.cancel_analysis()
