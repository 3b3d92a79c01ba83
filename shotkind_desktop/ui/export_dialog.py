"""The export dialog (Ctrl+E): the same export as `shotkind export`, set up with the mouse,
remembering what was chosen last time, run off the GUI thread with progress and Cancel.

A photographer exports for the same client the same way again and again, so every field
comes back as it was left (QSettings, under export/). The work is an ExportRun
(export_run.py): progress, Cancel after the file being written, and the report.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QProgressBar, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from shotkind_desktop.core.judgement.crops import RATIOS
from shotkind_desktop.core.decisions.decisions import LABELS
from shotkind_desktop.core.delivery.export import ExportReport, ExportSettings, check_settings, export_concerns
from shotkind_desktop.core.delivery.export_image import DEFAULT_QUALITY
from shotkind_desktop.core.delivery.export_names import (DEFAULT_TEMPLATE, TOKENS, NameFields,
                                                check_template, render_name)
from shotkind_desktop.core.delivery.export_presets import MAX_SIDE, PRESETS, Preset, resized_preset
from shotkind_desktop.core.delivery.export_trash import rejected_files, send_to_trash
from shotkind_desktop.core.delivery.out_of_room import out_of_room_lines
from shotkind_desktop.core.decisions.selection import FrameFilter, parse_selection
from shotkind_desktop.ui import settings as app_settings
from shotkind_desktop.ui.export_run import ExportRun
from shotkind_desktop.core.words import counted

log = logging.getLogger(__name__)

KEY = app_settings.EXPORT_PREFIX
CHOICES = (("selected", "Selected frames"), ("picks", "Picks"), ("headshots", "Headshots"),
           ("rating", "Rated at least"), ("label", "Colour label"),
           ("best-of-group", "Best of each group of similar frames"), ("all", "All frames"))
ORIGINALS = (("", "Leave the originals"), ("copy", "Copy the originals to"),
             ("move", "Move the originals to"))


EXAMPLE_PERSON = "Alex Kim"


class ExportDialog(QDialog):
    """Choose presets, frames, names, quality and metadata; export; read what happened.

    Signals:
        exported(object): an export ended (finished or cancelled); carries its ExportReport.
        rejects_trashed(list): files were sent to the trash (their Paths): the shoot on
            screen should read its folder again.
    """

    exported = Signal(object)
    rejects_trashed = Signal(list)

    def __init__(self, parent: QWidget | None, folder: Path, selected_names: list[str],
                 saved: Callable[[], bool] | None = None):
        super().__init__(parent)
        self.folder, self.selected_names = Path(folder), list(selected_names)
        self.saved = saved       # whether the window's decisions are all on disk (trash_rejects)
        self.run = ExportRun(self)
        self.run.progress.connect(self._on_progress)
        self.run.finished.connect(self._on_finished)
        self.run.failed.connect(self._on_failed)
        self.report: ExportReport | None = None
        self._close_when_done = False
        self.setWindowTitle(f"Export — {self.folder.name}")
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_presets())
        layout.addWidget(self._build_frames())
        layout.addWidget(self._build_files())
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.summary = QPlainTextEdit(readOnly=True)
        self.summary.setMaximumHeight(140)
        self.summary.hide()
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.trash_button = buttons.addButton("Send rejects to trash…",
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.trash_button.clicked.connect(self._trash_rejects)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self._close_clicked)
        for widget in (self.progress, self.status, self.summary, buttons):
            layout.addWidget(widget)
        self.progress.hide()
        self._restore()
        self._update_choice()
        self._update_example()

    # ---- building ----------------------------------------------------------------------

    def _build_presets(self) -> QGroupBox:
        box = QGroupBox("Presets")
        grid = QGridLayout(box)
        self.preset_checks: dict[str, QCheckBox] = {}
        self.preset_sizes: dict[str, tuple[QSpinBox, QSpinBox]] = {}
        for row, preset in enumerate(PRESETS.values()):
            check = QCheckBox(preset.label)
            self.preset_checks[preset.name] = check
            grid.addWidget(check, row, 0)
            if preset.width is None:
                grid.addWidget(QLabel(preset.size_text), row, 1, 1, 3)
                continue
            width, height = QSpinBox(), QSpinBox()
            for spin, value in ((width, preset.width), (height, preset.height)):
                spin.setRange(16, MAX_SIDE)
                spin.setValue(value)
                spin.setSuffix(" px")
            width.valueChanged.connect(lambda value, name=preset.name: self._keep_ratio(name, value))
            height.setReadOnly(True)   # follows the width: the ratio picks the crop guide
            height.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
            self.preset_sizes[preset.name] = (width, height)
            grid.addWidget(width, row, 1)
            grid.addWidget(QLabel("×"), row, 2)
            grid.addWidget(height, row, 3)
        grid.setColumnStretch(4, 1)   # the sizes stay beside their preset
        return box

    def _build_frames(self) -> QGroupBox:
        box = QGroupBox("Frames")
        row = QHBoxLayout(box)
        self.choice = QComboBox()
        for value, text in CHOICES:
            if value == "selected":
                if not self.selected_names:
                    continue
                text = f"{text} ({len(self.selected_names)})"
            self.choice.addItem(text, value)
        self.min_rating = QSpinBox()
        self.min_rating.setRange(1, 5)
        self.min_rating.setSuffix(" ★")
        self.label_choice = QComboBox()
        self.label_choice.addItems(LABELS)
        self.choice.currentIndexChanged.connect(self._update_choice)
        for widget in (self.choice, self.min_rating, self.label_choice):
            row.addWidget(widget)
        row.addStretch(1)
        return box

    def _build_files(self) -> QGroupBox:
        box = QGroupBox("Files")
        form = QFormLayout(box)
        self.template = QLineEdit()
        self.template.setToolTip("Tokens: " + ", ".join("{" + t + "}" for t in TOKENS))
        self.template.textChanged.connect(self._update_example)
        self.example = QLabel()
        self.quality = QSpinBox()
        self.quality.setRange(1, 100)
        self.keep_exif = QCheckBox("Keep the capture EXIF (GPS is always removed)")
        self.sharpen = QCheckBox("Light output sharpening")
        # flags, stars and scores under each frame: the photographer's sheet. The client's
        # (names, no scores) is Sitters ▸ Client Contact Sheet; a tester sent this one
        self.contact_sheet = QCheckBox("Contact sheet (PDF) with flags, stars and scores")
        self.contact_sheet.setToolTip("A sheet of the exported frames for you; for the client, "
                                      "use Sitters ▸ Client Contact Sheet… (names, no scores)")
        self.overwrite = QCheckBox("Replace files already in the folder")
        self.copyright, self.creator, self.client = QLineEdit(), QLineEdit(), QLineEdit()
        self.copyright.setPlaceholderText("© 2026 Your Name")
        self.client.textChanged.connect(self._update_example)
        self.out = QLineEdit()
        self.originals_mode = QComboBox()
        for value, text in ORIGINALS:
            self.originals_mode.addItem(text, value)
        self.originals = QLineEdit()
        self.originals_mode.currentIndexChanged.connect(
            lambda: self.originals.setEnabled(bool(self.originals_mode.currentData())))
        form.addRow("Export to", self._with_chooser(self.out, "Choose the export folder"))
        form.addRow("File names", self.template)
        form.addRow("", self.example)
        form.addRow("JPEG quality", self.quality)
        form.addRow("Copyright", self.copyright)
        form.addRow("Creator", self.creator)
        form.addRow("Client", self.client)
        for check in (self.keep_exif, self.sharpen, self.contact_sheet, self.overwrite):
            form.addRow("", check)
        form.addRow(self.originals_mode, self._with_chooser(self.originals, "Choose a folder for the originals"))
        return box

    def _with_chooser(self, line: QLineEdit, title: str) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        button = QPushButton("Choose…")
        button.clicked.connect(lambda: self._choose_folder(line, title))
        row.addWidget(line, 1)
        row.addWidget(button)
        return holder

    def _choose_folder(self, line: QLineEdit, title: str) -> None:
        chosen = QFileDialog.getExistingDirectory(self, title, line.text() or str(self.folder.parent))
        if chosen:
            line.setText(chosen)

    # ---- reacting ----------------------------------------------------------------------

    def _keep_ratio(self, name: str, width: int) -> None:
        ratio_w, ratio_h = RATIOS[PRESETS[name].ratio]
        self.preset_sizes[name][1].setValue(round(width * ratio_h / ratio_w))

    def _update_choice(self) -> None:
        value = self.choice.currentData()
        self.min_rating.setVisible(value == "rating")
        self.label_choice.setVisible(value == "label")

    def _update_example(self) -> None:
        try:
            check_template(self.template.text())
        except ValueError as error:
            self.example.setText(str(error))
            return
        name = Path(self.selected_names[0]).stem if self.selected_names else "IMG_0001"
        # every token filled, the person's too: "{person}_{preset}" read "e.g. linkedin.jpg"
        fields = NameFields(name, 1, "linkedin", "2026-01-31", 5, "Green", self.client.text(),
                            person=EXAMPLE_PERSON, first=EXAMPLE_PERSON.split()[0],
                            last=EXAMPLE_PERSON.split()[-1])
        self.example.setText(f"e.g. {render_name(self.template.text(), fields)}.jpg")

    # ---- settings ----------------------------------------------------------------------

    def settings(self) -> ExportSettings:
        """The export the dialog describes; ValueError for a field that cannot work."""
        presets: list[Preset] = []
        for name, check in self.preset_checks.items():
            if check.isChecked():
                preset = PRESETS[name]
                if name in self.preset_sizes:
                    width, height = (spin.value() for spin in self.preset_sizes[name])
                    preset = resized_preset(preset, width, height)
                presets.append(preset)
        if not self.out.text().strip():
            raise ValueError("choose a folder to export to")
        value, only = self.choice.currentData(), None
        if value == "selected":
            selection, only = FrameFilter(), list(self.selected_names)
        elif value == "rating":
            selection = parse_selection(f"rating>={self.min_rating.value()}")
        elif value == "label":
            selection = parse_selection(f"label={self.label_choice.currentText()}")
        else:
            selection = parse_selection(value)
        mode = self.originals_mode.currentData()
        if mode and not self.originals.text().strip():
            raise ValueError("choose a folder for the originals")
        return ExportSettings(
            out=Path(self.out.text().strip()).expanduser(), presets=presets, selection=selection,
            only=only, template=self.template.text(), quality=self.quality.value(),
            keep_exif=self.keep_exif.isChecked(), copyright=self.copyright.text().strip(),
            creator=self.creator.text().strip(), client=self.client.text().strip(),
            sharpen=self.sharpen.isChecked(), contact_sheet=self.contact_sheet.isChecked(),
            overwrite=self.overwrite.isChecked(),
            originals=Path(self.originals.text().strip()).expanduser() if mode else None,
            move_originals=mode == "move", group_gap=app_settings.group_gap())

    def _restore(self) -> None:
        store = app_settings.settings()
        chosen = store.value(KEY + "presets", "linkedin,web-4x5", type=str).split(",")
        for name, check in self.preset_checks.items():
            check.setChecked(name in chosen)
            if name in self.preset_sizes:
                width = store.value(f"{KEY}width/{name}", PRESETS[name].width, type=int)
                self.preset_sizes[name][0].setValue(width)
                self._keep_ratio(name, width)
        choice = store.value(KEY + "frames", "picks", type=str)
        if self.selected_names and len(self.selected_names) > 1:
            choice = "selected"   # several frames selected in the grid: most likely those
        index = self.choice.findData(choice)
        self.choice.setCurrentIndex(max(index, 0))
        self.min_rating.setValue(store.value(KEY + "min_rating", 3, type=int))
        self.label_choice.setCurrentText(store.value(KEY + "label", LABELS[0], type=str))
        self.template.setText(store.value(KEY + "template", DEFAULT_TEMPLATE, type=str))
        self.quality.setValue(store.value(KEY + "quality", DEFAULT_QUALITY, type=int))
        for name, check, default in self._checks():
            check.setChecked(store.value(KEY + name, default, type=bool))
        for name, line in self._lines():
            line.setText(store.value(KEY + name, "", type=str))
        self.originals_mode.setCurrentIndex(max(0, self.originals_mode.findData(
            store.value(KEY + "originals_mode", "", type=str))))
        self.originals.setEnabled(bool(self.originals_mode.currentData()))
        if not self.out.text():
            self.out.setText(str(self.folder.parent / f"{self.folder.name} export"))

    def _save(self) -> None:
        store = app_settings.settings()
        store.setValue(KEY + "presets", ",".join(n for n, c in self.preset_checks.items() if c.isChecked()))
        for name, (width, _height) in self.preset_sizes.items():
            store.setValue(f"{KEY}width/{name}", width.value())
        store.setValue(KEY + "frames", self.choice.currentData())
        store.setValue(KEY + "min_rating", self.min_rating.value())
        store.setValue(KEY + "label", self.label_choice.currentText())
        store.setValue(KEY + "template", self.template.text())
        store.setValue(KEY + "quality", self.quality.value())
        for name, check, _default in self._checks():
            store.setValue(KEY + name, check.isChecked())
        for name, line in self._lines():
            store.setValue(KEY + name, line.text())
        store.setValue(KEY + "originals_mode", self.originals_mode.currentData())
        store.sync()

    def _checks(self):
        return (("keep_exif", self.keep_exif, True), ("sharpen", self.sharpen, False),
                ("contact_sheet", self.contact_sheet, False), ("overwrite", self.overwrite, False))

    def _lines(self):
        return (("copyright", self.copyright), ("creator", self.creator), ("client", self.client),
                ("out", self.out), ("originals", self.originals))

    # ---- running -----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.run.running

    def start_export(self) -> None:
        if self.running:
            return
        try:
            settings = self.settings()
            check_settings(self.folder, settings)
            accepted = self._concerns_accepted(settings)
        except ValueError as error:
            self.status.setText(f"<b>Cannot export:</b> {error}")
            return
        if not accepted:
            self.status.setText("Not exported: change the choice or the sizes, or export anyway")
            return
        self._save()
        self.summary.hide()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText("Starting…")
        self.export_button.setEnabled(False)
        self.trash_button.setEnabled(False)
        self.close_button.setText("Cancel")
        self.run.start(self.folder, settings)

    def _concerns_accepted(self, settings: ExportSettings) -> bool:
        """Ask before frames are scaled up beyond their pixels (a soft headshot is a
        reject), frames with a warning on them are delivered (a blink, soft eyes, a hand
        over the face) or a crop leaves some of a frame's people out; True when
        there are none, or the photographer says export anyway."""
        concerns = export_concerns(self.folder, settings)
        upscaled, to_check, namesakes, cut = (concerns.upscaled, concerns.to_check,
                                              concerns.namesakes, concerns.cut_people)
        if not upscaled and not to_check and not namesakes and not cut:
            return True
        said, shown = [], []
        if namesakes:      # two Alex Kims: their files must not read as one person's
            said.append("Different sitters share a name; each one's files say which they are.")
            shown += [line[0].upper() + line[1:] for line in namesakes]
        if to_check:
            said.append(f"{len(to_check)} frame{'s' if len(to_check) != 1 else ''} chosen "
                        f"{'have' if len(to_check) != 1 else 'has'} something a client should not get.")
            shown += _first_lines([f"{name}: {warned}" for name, warned in to_check])
        if cut:
            said.append(f"{len(cut)} crop{'s' if len(cut) != 1 else ''} of a frame of several people "
                        f"would leave some of them out.")
            shown += ([""] if shown else []) + _first_lines(
                [f"{name} ({preset}): keeps {kept} of {people} people" for name, preset, kept, people in cut])
        if upscaled:
            largest = max(factor for _, _, factor in upscaled)
            said.append(f"{len(upscaled)} output{'s' if len(upscaled) != 1 else ''} would be scaled up "
                        f"beyond the frame's pixels (up to {largest:.2f}×) and look soft.")
            shown += ([""] if shown else []) + _first_lines(
                [f"{name} ({preset}): {factor:.2f}×" for name, preset, factor in upscaled])
            shown += ["", "Smaller preset sizes avoid scaling up."]
        title = ("Export — frames to look at first" if to_check or cut else
                 "Export — sitters with the same name" if namesakes else "Export — frames would be scaled up")
        box = QMessageBox(QMessageBox.Icon.Warning, title, " ".join(said), parent=self)
        box.setInformativeText("\n".join(shown))
        export = box.addButton("Export Anyway", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.exec()
        return box.clickedButton() is export

    def cancel_export(self) -> None:
        if self.running:
            self.run.cancel()
            self.status.setText("Cancelling after the file being written…")

    def _trash_rejects(self) -> None:
        sent: list[Path] = []
        self.status.setText(trash_rejects(self, self.folder, sent, self.saved))
        if sent:
            self.rejects_trashed.emit(sent)

    def _close_clicked(self) -> None:
        """Cancel while exporting (the dialog stays, to show what was done), else close."""
        if self.running:
            self.cancel_export()
        else:
            self.reject()

    def reject(self) -> None:
        """Close, or while exporting, cancel (and close once the last file is complete)."""
        if self.running:
            self._close_when_done = True
            self.cancel_export()
            return
        super().reject()

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if not self.run.cancelling:
            self.status.setText(f"{text[:1].upper()}{text[1:]} ({done} of {total})")

    def _on_finished(self, report: ExportReport) -> None:
        self._end_run()
        self.report = report
        self.status.setText(_headline(report))
        not_reached = set(report.not_reached)
        lines = [f"{item.source} ({item.preset}): {item.notes[-1] if item.notes else item.status}"
                 for item in report.problems       # its reason: the crop's notes no longer matter
                 if item.source not in not_reached]
        if not_reached:
            lines.append(report.not_reached_line())
        lines += [f"{copy.file}: {copy.error}" for copy in report.originals if copy.error]
        lines += [f"{sitter}: no frame to deliver" for sitter in report.undelivered]
        lines += [line[0].upper() + line[1:] for line in report.namesakes]
        lines += [f"{name}: delivered with {warned}" for name, warned in report.to_check]
        if report.rejects_left_out:      # the summary scrolls: every reject, not "and 4 more"
            line = report.rejects_left_out_line(shown=len(report.rejects_left_out))
            lines.append(line[0].upper() + line[1:])
        if report.earlier:
            lines.append(report.earlier_line())
        if report.crops_left:
            line = report.crops_left_line()
            lines.append(line[0].upper() + line[1:])
        lines += [line[0].upper() + line[1:] + "." for line in out_of_room_lines(report.items)]
        if lines:
            self.summary.setPlainText("\n".join(lines))
            self.summary.show()
        self.exported.emit(report)
        if self._close_when_done:
            super().reject()

    def _on_failed(self, message: str) -> None:
        self._end_run()
        self.status.setText(f"<b>The export stopped:</b> {message}")
        if self._close_when_done:
            super().reject()

    def _end_run(self) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.trash_button.setEnabled(True)
        self.close_button.setText("Close")


def _first_lines(lines: list[str], shown: int = 8) -> list[str]:
    """At most `shown` lines, and how many more."""
    return lines[:shown] + ([f"and {len(lines) - shown} more"] if len(lines) > shown else [])


def _headline(report: ExportReport) -> str:
    text = f"Exported {counted(len(report.exported), 'file')} from {counted(report.frames, 'frame')}"
    if report.cancelled:
        text = f"Cancelled: {text[0].lower()}{text[1:]} (every file written is complete)"
    if report.disk_full:
        text = (f"The disk is full: the export stopped after {counted(len(report.exported), 'file')} "
                "(every file written is complete). Free some space or choose another folder")
    if report.problems:
        text += f"; {len(report.problems)} not exported (below)"
    copied = [copy for copy in report.originals if not copy.error]
    if copied:
        text += f"; {len(copied)} original files handed over"
    for problem in report.unwritten:
        text += f"; {problem}"
    if report.rejects_left_out:
        count = len(report.rejects_left_out)
        text += f"; {count} rejected frame{'s' if count != 1 else ''} left out (below)"
    if report.undelivered:
        count = len(report.undelivered)
        text += f"; {count} sitter{'s' if count != 1 else ''} without a frame (below)"
    return text + "."


def trash_rejects(parent: QWidget | None, folder: Path, sent: list[Path] | None = None,
                  saved: Callable[[], bool] | None = None) -> str:
    """Ask (saying how many files) and send the shoot's rejected frames to the system
    trash; what happened, in a sentence (the files that went are added to `sent`).
    Nothing moves unless the answer is Yes, nor while `saved()` says the window's
    decisions are not all on disk: the trash goes by the decisions there, and an
    un-reject still waiting would be trashed by the old reject (a review)."""
    if saved is not None and not saved():
        return ("Nothing was sent to the trash: some decisions are still waiting to be saved; "
                "try again once they are.")
    found = rejected_files(Path(folder))
    left = "".join(f"\n{name} stays: {reason}." for name, reason in found.left.items())
    if not found.files:
        return "There are no rejected frames." + left.replace("\n", " ")
    answer = QMessageBox.question(
        parent, "Send rejects to trash", found.question() + "\n\nThey can be restored from "
        "the trash." + ("\n" + left if left else ""), QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return "Nothing was sent to the trash."
    failed = send_to_trash(found.files)
    if sent is not None:
        sent.extend(path for path in found.files if path not in failed)
    if failed:
        first, reason = next(iter(failed.items()))
        return (f"Sent {len(found.files) - len(failed)} of {len(found.files)} files to the trash; "
                f"{first.name} and {len(failed) - 1} more stayed ({reason}).")
    frames = len(found.frames)
    return (f"Sent {counted(len(found.files), 'file')} of {counted(frames, 'rejected frame')} "
            "to the trash.")
