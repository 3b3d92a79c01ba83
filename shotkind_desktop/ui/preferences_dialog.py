"""Edit ▸ Preferences: the few choices a photographer makes once — which face detector,
how far apart frames of one pose may be, where catalogs live, how sidecars are named,
export defaults — and the thumbnail cache.
Everything is stored in settings.py's INI file when OK is pressed; choices that change the
analysis apply to the next analysis, as the dialog says."""

from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox,
                               QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout)

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.files.decode import WORKING_LONG_SIDE
from shotkind_desktop.core.delivery.export_image import DEFAULT_QUALITY
from shotkind_desktop.core.delivery.export_names import DEFAULT_TEMPLATE
from shotkind_desktop.core.people.groups import DEFAULT_GAP_SECONDS, GAP_LIMITS
from shotkind_desktop.core.paths import data_dir
from shotkind_desktop.ui import settings
from shotkind_desktop.ui.thumbnail_cache import cache_catalogs, clear_thumbnails, size_text, thumbnail_bytes

EXPORT = settings.EXPORT_PREFIX    # what is set here is what the export dialog opens with


class PreferencesDialog(QDialog):
    """The preferences; OK stores them, Cancel forgets changes (a cleared cache has
    happened either way).

    Signals: QDialog's own.
    """

    def __init__(self, parent=None, catalog: Catalog | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.catalog_path = catalog.path if catalog is not None else None
        layout = QVBoxLayout(self)
        layout.addWidget(self._detector_group())
        layout.addWidget(self._groups_group())
        layout.addWidget(self._files_group())
        layout.addWidget(self._export_group())
        layout.addWidget(self._cache_group())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._load()
        # Never shorter than every line needs: Qt 6.11 opened the window 6 px under its own
        # size hint (the wrapping cache label makes it size by height-for-width), which
        # cut the second lines of the two-line check box and note.
        self.setMinimumHeight(self.sizeHint().height())

    # ---- building ----------------------------------------------------------------------

    def _detector_group(self) -> QGroupBox:
        box = QGroupBox("Face detection")
        self.yunet = QRadioButton("YuNet (built in): fast, and finds the small faces in groups")
        self.mtcnn = QRadioButton("MTCNN: the detector of earlier ShotKind versions")
        group = QButtonGroup(box)
        group.addButton(self.yunet)
        group.addButton(self.mtcnn)
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
        # notes are broken by hand: wrapped labels in group boxes get clipped heights
        note = QLabel("Detector and size changes apply to the next analysis: frames already\n"
                      "analysed keep their scores until their files change.")
        note.setObjectName("note")
        column = QVBoxLayout(box)
        for widget in (self.yunet, self.mtcnn):
            column.addWidget(widget)
        column.addLayout(size_row)
        column.addWidget(note)
        return box

    def _groups_group(self) -> QGroupBox:
        box = QGroupBox("Similar frames")
        self.group_gap = QDoubleSpinBox()
        self.group_gap.setRange(*GAP_LIMITS)
        self.group_gap.setDecimals(1)
        self.group_gap.setSingleStep(0.5)
        self.group_gap.setSuffix(" s")
        self.group_gap.setToolTip("Frames of one pose taken at most this far apart, and alike, "
                                  f"form a group (standard: {DEFAULT_GAP_SECONDS:g} s). Raise it "
                                  "when you pause between frames of a pose.")
        row = QHBoxLayout(box)
        row.addWidget(QLabel("Group alike frames taken at most"))
        row.addWidget(self.group_gap)
        row.addWidget(QLabel("apart"))
        row.addStretch(1)
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
        (self.mtcnn if settings.detector() == "mtcnn" else self.yunet).setChecked(True)
        size = settings.number(settings.WORKING_SIZE, WORKING_LONG_SIDE)
        self.working_size.setCurrentIndex(max(0, self.working_size.findData(size)))
        self.group_gap.setValue(settings.group_gap())
        in_data = settings.flag(settings.CATALOG_IN_DATA_FOLDER)
        (self.catalog_in_data if in_data else self.catalog_in_shoot).setChecked(True)
        self.keep_extension.setChecked(settings.flag(settings.SIDECAR_KEEPS_EXTENSION))
        store = settings.settings()
        self.creator.setText(store.value(EXPORT + "creator", "", type=str))
        self.copyright.setText(store.value(EXPORT + "copyright", "", type=str))
        self.template.setText(store.value(EXPORT + "template", DEFAULT_TEMPLATE, type=str))
        self.quality.setValue(store.value(EXPORT + "quality", DEFAULT_QUALITY, type=int))
        self._show_cache_size()

    def accept(self) -> None:
        """Store everything."""
        settings.set_detector("mtcnn" if self.mtcnn.isChecked() else "yunet")
        settings.set_number(settings.WORKING_SIZE, self.working_size.currentData())
        settings.set_group_gap(self.group_gap.value())
        settings.set_flag(settings.CATALOG_IN_DATA_FOLDER, self.catalog_in_data.isChecked())
        settings.set_flag(settings.SIDECAR_KEEPS_EXTENSION, self.keep_extension.isChecked())
        store = settings.settings()
        store.setValue(EXPORT + "creator", self.creator.text().strip())
        store.setValue(EXPORT + "copyright", self.copyright.text().strip())
        store.setValue(EXPORT + "template", self.template.text().strip() or DEFAULT_TEMPLATE)
        store.setValue(EXPORT + "quality", self.quality.value())
        store.sync()
        super().accept()

    # ---- cache ---------------------------------------------------------------------------

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
