"""Edit ▸ Preferences: the few choices a photographer makes once — which face detector,
where catalogs live, how sidecars are named, export defaults — and the thumbnail cache.
Everything is stored in settings.py's INI file when OK is pressed; choices that change the
analysis apply to the next analysis, as the dialog says."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QRadioButton, QSpinBox, QVBoxLayout)

from shotkind_desktop.core.catalog import Catalog
from shotkind_desktop.core.decode import WORKING_LONG_SIDE
from shotkind_desktop.core.export_image import DEFAULT_QUALITY
from shotkind_desktop.core.export_names import DEFAULT_TEMPLATE
from shotkind_desktop.core.paths import data_dir
from shotkind_desktop.ui import settings
from shotkind_desktop.ui.model_download import YUNET_2023MAR, DownloadError, ModelRelease, download_model
from shotkind_desktop.ui.thumbnail_cache import cache_catalogs, clear_thumbnails, size_text, thumbnail_bytes

EXPORT = settings.EXPORT_PREFIX    # what is set here is what the export dialog opens with


class PreferencesDialog(QDialog):
    """The preferences; OK stores them, Cancel forgets changes (a download or a cleared
    cache has happened either way).

    Signals:
        download_finished(str error): "" when the YuNet model was downloaded and chosen.
    """

    download_finished = Signal(str)
    _downloaded = Signal(object, str)   # (Path or None, error): from the download thread

    def __init__(self, parent=None, catalog: Catalog | None = None,
                 release: ModelRelease = YUNET_2023MAR) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.catalog_path = catalog.path if catalog is not None else None
        self.release = release
        self._downloaded.connect(self._download_done)
        layout = QVBoxLayout(self)
        layout.addWidget(self._detector_group())
        layout.addWidget(self._files_group())
        layout.addWidget(self._export_group())
        layout.addWidget(self._cache_group())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._load()

    # ---- building ----------------------------------------------------------------------

    def _detector_group(self) -> QGroupBox:
        box = QGroupBox("Face detection")
        self.mtcnn = QRadioButton("Built-in detector (MTCNN): works offline, no setup")
        self.yunet = QRadioButton("YuNet: finds faces in half the time, and more of them in groups")
        group = QButtonGroup(box)
        group.addButton(self.mtcnn)
        group.addButton(self.yunet)
        self.model_path = QLineEdit()
        self.model_path.setPlaceholderText("YuNet model file (.onnx)")
        self.model_path.setClearButtonEnabled(True)
        choose = QPushButton("Choose File…")
        choose.clicked.connect(self._choose_model)
        self.download_button = QPushButton("Download YuNet")
        self.download_button.setToolTip(f"{self.release.url}\nchecked against SHA-256 "
                                        f"{self.release.sha256[:16]}… before it is kept")
        self.download_button.clicked.connect(self.download)
        row = QHBoxLayout()
        row.addWidget(self.model_path, 1)
        row.addWidget(choose)
        row.addWidget(self.download_button)
        self.model_status = QLabel()
        self.model_status.setObjectName("modelStatus")
        self.model_status.setWordWrap(True)
        # notes are broken by hand: wrapped labels in group boxes get clipped heights
        self.working_size = QComboBox()
        for size in settings.WORKING_SIZES:
            self.working_size.addItem(f"{size} px" + ("  (standard)" if size == WORKING_LONG_SIDE else ""), size)
        self.working_size.setToolTip("The long side frames are analysed at. Larger sees small faces "
                                     "in groups better and takes longer; scores are measured "
                                     "relative to the face, so they hold across these sizes.")
        size_row = QHBoxLayout()
        size_row.addWidget(QLabel("Analysis working size"))
        size_row.addWidget(self.working_size)
        size_row.addStretch(1)
        note = QLabel("Detector and size changes apply to the next analysis: frames already\n"
                      "analysed keep their scores until their files change.")
        note.setObjectName("note")
        column = QVBoxLayout(box)
        for widget in (self.mtcnn, self.yunet):
            column.addWidget(widget)
        column.addLayout(row)
        column.addWidget(self.model_status)
        column.addLayout(size_row)
        column.addWidget(note)
        self.yunet.toggled.connect(self._update_model_row)
        self.model_path.textChanged.connect(self._update_model_row)
        return box

    def _files_group(self) -> QGroupBox:
        box = QGroupBox("Catalogs and sidecars")
        self.catalog_in_shoot = QRadioButton("Catalog in the shoot folder (.shotkind): travels with the folder")
        self.catalog_in_data = QRadioButton(f"Catalogs in ShotKind's data folder: {data_dir() / 'catalogs'}")
        group = QButtonGroup(box)
        group.addButton(self.catalog_in_shoot)
        group.addButton(self.catalog_in_data)
        self.keep_extension = QCheckBox("Sidecars keep the file extension: IMG_0001.CR2.xmp "
                                        "(darktable, digiKam)\ninstead of IMG_0001.xmp (Lightroom, "
                                        "Capture One, Photo Mechanic)")
        self.keep_extension.setToolTip("Lightroom, Capture One and Photo Mechanic read IMG_0001.xmp")
        note = QLabel("A shoot folder that cannot be written always keeps its catalog in the data\n"
                      "folder. The catalog location applies to the next shoot opened.")
        note.setObjectName("note")
        column = QVBoxLayout(box)
        for widget in (self.catalog_in_shoot, self.catalog_in_data, self.keep_extension, note):
            column.addWidget(widget)
        return box

    def _export_group(self) -> QGroupBox:
        box = QGroupBox("Export defaults (the export dialog opens with these)")
        self.creator = QLineEdit()
        self.copyright = QLineEdit()
        self.copyright.setPlaceholderText("© 2026 Your Name")
        self.template = QLineEdit()
        self.quality = QSpinBox()
        self.quality.setRange(1, 100)
        form = QFormLayout(box)
        form.addRow("Creator", self.creator)
        form.addRow("Copyright", self.copyright)
        form.addRow("File names", self.template)
        form.addRow("JPEG quality", self.quality)
        return box

    def _cache_group(self) -> QGroupBox:
        box = QGroupBox("Thumbnail cache")
        self.cache_size = QLabel()
        self.cache_size.setObjectName("cacheSize")
        self.cache_size.setWordWrap(True)
        self.clear_button = QPushButton("Clear Thumbnails")
        self.clear_button.setToolTip("Delete cached thumbnails (decisions and analysis are kept); "
                                     "they are made again when a shoot opens")
        self.clear_button.clicked.connect(self.clear_cache)
        row = QHBoxLayout(box)
        row.addWidget(self.cache_size, 1)
        row.addWidget(self.clear_button)
        return box

    # ---- values --------------------------------------------------------------------------

    def _load(self) -> None:
        choice = settings.detector_choice()
        (self.yunet if choice.name == "yunet" else self.mtcnn).setChecked(True)
        self.model_path.setText(str(choice.model) if choice.model else "")
        size = settings.number(settings.WORKING_SIZE, WORKING_LONG_SIDE)
        self.working_size.setCurrentIndex(max(0, self.working_size.findData(size)))
        in_data = settings.flag(settings.CATALOG_IN_DATA_FOLDER)
        (self.catalog_in_data if in_data else self.catalog_in_shoot).setChecked(True)
        self.keep_extension.setChecked(settings.flag(settings.SIDECAR_KEEPS_EXTENSION))
        store = settings.settings()
        self.creator.setText(store.value(EXPORT + "creator", "", type=str))
        self.copyright.setText(store.value(EXPORT + "copyright", "", type=str))
        self.template.setText(store.value(EXPORT + "template", DEFAULT_TEMPLATE, type=str))
        self.quality.setValue(store.value(EXPORT + "quality", DEFAULT_QUALITY, type=int))
        self._update_model_row()
        self._show_cache_size()

    def accept(self) -> None:
        """Store everything; refuses (with the reason shown) YuNet without a model file."""
        model = self._model()
        if self.yunet.isChecked() and (model is None or not model.is_file()):
            self.model_status.setText("Choose the YuNet model file, download it, or pick the "
                                      "built-in detector.")
            self.model_status.show()
            return
        settings.set_detector_choice(settings.DetectorChoice(
            "yunet" if self.yunet.isChecked() else "mtcnn", model))
        settings.set_number(settings.WORKING_SIZE, self.working_size.currentData())
        settings.set_flag(settings.CATALOG_IN_DATA_FOLDER, self.catalog_in_data.isChecked())
        settings.set_flag(settings.SIDECAR_KEEPS_EXTENSION, self.keep_extension.isChecked())
        store = settings.settings()
        store.setValue(EXPORT + "creator", self.creator.text().strip())
        store.setValue(EXPORT + "copyright", self.copyright.text().strip())
        store.setValue(EXPORT + "template", self.template.text().strip() or DEFAULT_TEMPLATE)
        store.setValue(EXPORT + "quality", self.quality.value())
        store.sync()
        super().accept()

    def _model(self) -> Path | None:
        text = self.model_path.text().strip()
        return Path(text).expanduser() if text else None

    def _update_model_row(self, *args) -> None:
        model = self._model()
        if model is None:
            text = "No YuNet model chosen." if self.yunet.isChecked() else ""
        elif model.is_file():
            text = f"Model file found ({model.stat().st_size:,} bytes)."
        else:
            text = f"Model file not found: {model}"
        self.model_status.setText(text)
        self.model_status.setVisible(bool(text))

    def _choose_model(self) -> None:
        start = str(self._model().parent if self._model() else Path.home())
        chosen, _ = QFileDialog.getOpenFileName(self, "YuNet Model File", start, "ONNX models (*.onnx)")
        if chosen:
            self.model_path.setText(chosen)
            self.yunet.setChecked(True)

    # ---- download and cache --------------------------------------------------------------

    def download(self) -> None:
        """Fetch YuNet on a thread; download_finished tells how it went."""
        self.download_button.setEnabled(False)
        self.model_status.setText(f"Downloading {self.release.filename}…")
        self.model_status.show()
        threading.Thread(target=self._fetch, name="model-download", daemon=True).start()

    def _fetch(self) -> None:
        try:
            self._downloaded.emit(download_model(self.release), "")
        except DownloadError as error:
            self._downloaded.emit(None, str(error))

    def _download_done(self, path: Path | None, error: str) -> None:
        self.download_button.setEnabled(True)
        if path is not None:
            self.model_path.setText(str(path))
            self.yunet.setChecked(True)
            self.model_status.setText(f"Downloaded and checked (SHA-256 matches): {path}")
        else:
            self.model_status.setText(error)
        self.model_status.show()
        self.download_finished.emit(error)

    def clear_cache(self) -> None:
        removed = clear_thumbnails(cache_catalogs(self.catalog_path))
        self._show_cache_size(f"Removed {removed:,} thumbnails. ")

    def _show_cache_size(self, prefix: str = "") -> None:
        catalogs = cache_catalogs(self.catalog_path)
        if not catalogs:
            self.cache_size.setText(prefix + "No thumbnails cached: no shoot is open and the "
                                    "data folder holds no catalogs.")
            return
        self.cache_size.setText(f"{prefix}{size_text(thumbnail_bytes(catalogs))} in "
                                f"{len(catalogs)} catalog{'s' if len(catalogs) != 1 else ''} "
                                "(the open shoot's and the data folder's)")
