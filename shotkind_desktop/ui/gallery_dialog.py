"""File ▸ Export Proof Gallery: the same gallery as `shotkind export --preset
proof-gallery`, set up with the mouse, run off the GUI thread (an ExportRun,
as the export dialog's) and opened in the browser when it is done, to look at what the client gets.

The title, limit, watermark and folder come back as they were left (QSettings, under
gallery/); the creator and copyright are the export's (Preferences ▸ export defaults).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from shotkind_desktop.core.delivery.export import ExportReport, ExportSettings, check_settings
from shotkind_desktop.core.delivery.export_presets import Preset
from shotkind_desktop.core.delivery.proof_gallery import GALLERY_PRESET, PAGE, GallerySettings
from shotkind_desktop.core.decisions.selection import FrameFilter, parse_selection
from shotkind_desktop.ui import settings as app_settings
from shotkind_desktop.ui.export_run import ExportRun

KEY = "gallery/"
FRAMES = (("picks", "Picks"), ("selected", "Selected frames"), ("all", "All frames"))


class GalleryDialog(QDialog):
    """Settings, progress and the result of one proof gallery export. No signals."""

    def __init__(self, parent: QWidget | None, folder: Path, selected_names: list[str]):
        super().__init__(parent)
        self.folder, self.selected_names = Path(folder), list(selected_names)
        self.run = ExportRun(self)
        self.run.progress.connect(self._on_progress)
        self.run.finished.connect(self._on_finished)
        self.run.failed.connect(self._on_failed)
        self.report: ExportReport | None = None
        self.setWindowTitle(f"Proof Gallery — {self.folder.name}")
        self.frames = QComboBox()
        for value, text in FRAMES:
            self.frames.addItem(text, value)
        self.title = QLineEdit(placeholderText="Proofs")
        self.limit = QSpinBox(minimum=0, maximum=999, specialValueText="As many as they like")
        self.limit.setToolTip("The page says \"Choose N\" and stops at N hearts")
        self.watermark = QLineEdit(placeholderText="none")
        self.out = QLineEdit()
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_folder)
        where = QHBoxLayout()
        where.setContentsMargins(0, 0, 0, 0)
        where.addWidget(self.out, 1)
        where.addWidget(browse)
        where_widget = QWidget()
        where_widget.setLayout(where)
        self.overwrite = QCheckBox("Replace the files of an earlier gallery in that folder")
        form = QFormLayout()
        form.addRow("Frames", self.frames)
        form.addRow("Title", self.title)
        form.addRow("The client chooses", self.limit)
        form.addRow("Watermark", self.watermark)
        form.addRow("Folder", where_widget)
        form.addRow("", self.overwrite)
        note = QLabel("A folder with index.html and web-size pictures: it opens from a USB stick, "
                      "a shared drive or any web host, with nothing loaded from the internet. "
                      "The client hearts frames and sends the list back; File ▸ Import Client "
                      "Selection reads it. No scores, reasons or file paths go into it.")
        note.setWordWrap(True)
        note.setObjectName("hint")
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.open_button = buttons.addButton("Open in Browser", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.hide()
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start_export)
        self.open_button.clicked.connect(self._open_page)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (note, self.progress, self.status, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(560)
        self._restore()

    def settings(self) -> ExportSettings:
        """The gallery the dialog describes; ValueError for a field that cannot work."""
        if not self.out.text().strip():
            raise ValueError("choose a folder for the gallery")
        value = self.frames.currentData()
        # "all" names the rejects too; the grid's selection leaves them out (delivers_rejects)
        selection = parse_selection(value) if value in ("picks", "all") else FrameFilter()
        store = app_settings.settings()
        return ExportSettings(
            out=Path(self.out.text().strip()).expanduser(),
            presets=[Preset(GALLERY_PRESET, None, None, None, "Proof gallery")], selection=selection,
            only=list(self.selected_names) if value == "selected" else None,
            copyright=store.value(app_settings.EXPORT_PREFIX + "copyright", "", type=str).strip(),
            creator=store.value(app_settings.EXPORT_PREFIX + "creator", "", type=str).strip(),
            overwrite=self.overwrite.isChecked(),
            gallery=GallerySettings(self.title.text().strip(), self.limit.value() or None,
                                    self.watermark.text().strip()))

    @property
    def running(self) -> bool:
        return self.run.running

    def start_export(self) -> None:
        if self.running:
            return
        try:
            settings = self.settings()
            check_settings(self.folder, settings)
        except ValueError as error:
            self.status.setText(f"<b>Cannot export:</b> {error}")
            return
        self._save()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.open_button.hide()
        self.status.setText("Starting…")
        self.export_button.setEnabled(False)
        self.run.start(self.folder, settings)

    def reject(self) -> None:
        """Close; while exporting, cancel first (every picture written is whole)."""
        if self.running:
            self.run.cancel()
            self.run.wait()
        super().reject()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.status.setText(f"{text[:1].upper()}{text[1:]} ({done} of {total})")

    def _on_finished(self, report: ExportReport) -> None:
        self._end_run()
        self.report = report
        count = len(report.exported)
        text = f"{count} frame{'s' if count != 1 else ''} in the gallery in {self.out.text().strip()}"
        if not report.frames:
            text = "No frames to show: choose other frames"
        problems = [f"{item.source}: {'; '.join(item.notes)}" for item in report.problems]
        problems += report.unwritten
        if report.rejects_left_out:
            problems.append(report.rejects_left_out_line())
        if problems:
            text += ". Not in it: " + "; ".join(problems)
        self.status.setText(text)
        self.open_button.setVisible(bool(report.exported) and not report.unwritten)

    def _on_failed(self, message: str) -> None:
        self._end_run()
        self.status.setText(f"<b>The export stopped:</b> {message}")

    def _end_run(self) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)

    def _open_page(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.out.text().strip()).expanduser() / PAGE)))

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the proof gallery", self.out.text())
        if chosen:
            self.out.setText(chosen)

    def _restore(self) -> None:
        store = app_settings.settings()
        choice = "selected" if len(self.selected_names) > 1 else store.value(KEY + "frames", "picks", type=str)
        self.frames.setCurrentIndex(max(0, self.frames.findData(choice)))
        self.title.setText(store.value(KEY + "title", "", type=str))
        self.limit.setValue(store.value(KEY + "limit", 0, type=int))
        self.watermark.setText(store.value(KEY + "watermark", "", type=str))
        self.out.setText(str(self.folder.parent / f"{self.folder.name} proofs"))

    def _save(self) -> None:
        store = app_settings.settings()
        store.setValue(KEY + "frames", self.frames.currentData())
        store.setValue(KEY + "title", self.title.text())
        store.setValue(KEY + "limit", self.limit.value())
        store.setValue(KEY + "watermark", self.watermark.text())
        store.sync()
