"""File ▸ Import Client Selection: the client's list (opened from the file they sent,
or pasted from their mail) read as `shotkind select` reads it, with what it means shown
before anything is marked: how many frames it finds, and each name that matched nothing
or more than one frame. The window applies the result (core.delivery.client_import), as one step
Ctrl+Z takes back.

The Round box starts on a new round, never on one kept already: a tester's second list
silently replaced the client's "final choice". When the round named is kept and the
list would drop frames from it, the dialog names them and asks what to do (replace,
add, or keep it and make a new round); Mark waits for the answer.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QRadioButton, QVBoxLayout, QWidget)

from shotkind_desktop.core.files.text_file import decode_text
from shotkind_desktop.core.delivery.choice_matching import ChoiceMatch
from shotkind_desktop.core.delivery.client_import import (ADD, DEFAULT_MARK, DEFAULT_ROUND, REPLACE,
                                                 ROUND_SUGGESTIONS, Mark, RoundChange, chosen_rejects,
                                                 chosen_rejects_words, delivered_names, new_round_name,
                                                 parse_mark, read_match, round_change)
from shotkind_desktop.core.decisions.decisions import LABELS, MAX_RATING, Decision
from shotkind_desktop.core.words import counted
from shotkind_desktop.ui import settings as app_settings

KEY = "client_import/"
MARKS = ([("label=purple", "Purple label (client)")]
         + [(f"label={label.lower()}", f"{label} label") for label in LABELS if label != "Purple"]
         + [("pick", "Pick")]
         + [(f"stars={n}", f"{n} star{'s' if n > 1 else ''}") for n in range(1, MAX_RATING + 1)])
PREVIEW_DELAY_MS = 150     # typing or pasting: the list is read again once it rests


class ClientImportDialog(QDialog):
    """The list, the round, the mark, and what they mean for the shoot. No signals: after
    exec(), `match`, `round_name`, `how` and `mark` say what to apply. `rounds`: the
    rounds kept (catalog.client_rounds); `decisions`: the frames' decisions now, so the
    client's choices the photographer rejected are named before anything is marked."""

    def __init__(self, parent: QWidget | None, frames: dict[str, tuple[Path, ...]],
                 rounds: dict[str, list[str]], decisions: dict[str, Decision]):
        super().__init__(parent)
        self.setWindowTitle("Import Client Selection")
        self.frames = frames
        self.decisions = decisions
        self.rounds = dict(rounds)
        self.new_round = new_round_name(self.rounds)
        self.match = ChoiceMatch()
        self._delivered: dict[str, str] = {}
        self._delivered_problem = ""
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Paste the client's list here, or open the file they sent: file "
                                     "names or numbers separated by commas, spaces or new lines, "
                                     "Lightroom's \"IMG_1 OR IMG_2\", a gallery's CSV, or the proof "
                                     "gallery's my-choice file.")
        self.text.setMinimumHeight(140)
        open_button = QPushButton("Open List…")
        open_button.clicked.connect(self._open_list)
        self.delivery = QLineEdit(placeholderText="optional: an export folder, for delivered file names")
        self.delivery.setToolTip("A folder ShotKind exported to: its manifest maps the delivered "
                                 "names (acme_001.jpg) back to frames")
        delivery_button = QPushButton("Choose…")
        delivery_button.clicked.connect(self._choose_delivery)
        self.round = QComboBox(editable=True)
        self.round.addItems(list(dict.fromkeys([self.new_round, *self.rounds, *ROUND_SUGGESTIONS])))
        self.round.setCurrentText(self.new_round)
        self.round.setToolTip("Kept in the catalog to filter on; a round kept already is replaced or "
                              "added to only as you choose")
        self.round_note = QLabel(wordWrap=True)
        self.replace_round = QRadioButton()
        self.add_to_round = QRadioButton()
        self.as_new_round = QRadioButton()
        self._round_answer = QButtonGroup(self)
        for button in (self.replace_round, self.add_to_round, self.as_new_round):
            self._round_answer.addButton(button)
        self._round_answers = _column(self.round_note, self.replace_round, self.add_to_round,
                                      self.as_new_round)
        self._round_answers.hide()
        self.mark_choice = QComboBox()
        for value, text in MARKS:
            self.mark_choice.addItem(text, value)
        stored = app_settings.settings().value(KEY + "mark", DEFAULT_MARK, type=str)
        self.mark_choice.setCurrentIndex(max(0, self.mark_choice.findData(stored)))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = QPlainTextEdit(readOnly=True)
        self.problems.setMaximumHeight(110)
        self.problems.hide()

        form = QFormLayout()
        form.addRow("Round", self.round)
        form.addRow("Mark the chosen frames with", self.mark_choice)
        form.addRow("Delivered files", _row(self.delivery, delivery_button))
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("Mark", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_row(QLabel("The client's choice"), open_button))
        layout.addWidget(self.text, 1)
        layout.addLayout(form)
        layout.addWidget(self._round_answers)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)
        self._preview = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS, timeout=self.update_preview)
        self.text.textChanged.connect(self._preview.start)
        self.delivery.editingFinished.connect(self._read_delivery)
        self.mark_choice.currentIndexChanged.connect(self.update_preview)
        self.round.currentTextChanged.connect(self._round_named)
        self._round_answer.buttonToggled.connect(lambda *_: self._show_round_change())
        self.update_preview()

    @property
    def mark(self) -> Mark:
        return parse_mark(self.mark_choice.currentData())

    @property
    def round_name(self) -> str:
        """The round the list is kept as: the Round box's, or the new one when the
        photographer chose to keep that one as it is."""
        if self.round_change().needs_asking and self.as_new_round.isChecked():
            return self.new_round
        return self.round.currentText().strip() or DEFAULT_ROUND

    @property
    def how(self) -> str:
        """REPLACE or ADD: what the import does to a round kept already."""
        return ADD if self.round_change().needs_asking and self.add_to_round.isChecked() else REPLACE

    def round_change(self, how: str = REPLACE) -> RoundChange:
        """What the import would do to the round named in the Round box."""
        return round_change(self.rounds, self.round.currentText().strip() or DEFAULT_ROUND,
                            self.match.chosen, how)

    def load_file(self, path: Path) -> None:
        """The list from a file the client sent (as Open List does)."""
        try:
            text = decode_text(Path(path).read_bytes())
        except (OSError, ValueError) as error:
            self.summary.setText(f"<b>{Path(path).name} cannot be read:</b> "
                                 f"{getattr(error, 'strerror', None) or error}")
            return
        self.text.setPlainText(text)
        self.update_preview()

    def set_delivery_folder(self, folder: Path) -> None:
        self.delivery.setText(str(folder))
        self._read_delivery()

    def update_preview(self) -> None:
        """Read the list again and say what it means."""
        self._preview.stop()
        self.match = read_match(self.text.toPlainText(), self.frames, self._delivered)
        found = len(self.match.chosen)
        if not (found or self.match.unmatched or self.match.ambiguous or self.match.in_sentence):
            text = "No names yet."
        else:
            text = f"<b>{found} frame{'s' if found != 1 else ''} found</b>"
            unmatched, ambiguous = len(self.match.unmatched), len(self.match.ambiguous)
            if unmatched:
                text += f"; {unmatched} name{' matches' if unmatched == 1 else 's match'} nothing"
            if ambiguous:
                text += (f"; {ambiguous} name{' matches' if ambiguous == 1 else 's match'} more than "
                         "one frame and will not be marked")
            if self.match.in_sentence:
                text += f"; {counted(len(self.match.in_sentence), 'number')} within a sentence will not be marked"
            text += "." if self.match.problems else " — every name matches one frame" + (
                "; the other words are listed below." if self.match.prose else ".")
        rejected = chosen_rejects_words(chosen_rejects(self.match.chosen, self.decisions), self.mark)
        self.summary.setText(text + (f" {self._delivered_problem}" if self._delivered_problem else "")
                             + (f"<br><b>{html.escape(rejected)}.</b>" if rejected else ""))
        lines = self.match.problem_lines()
        self.problems.setPlainText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        self.import_button.setText(f"Mark {found} Frame{'s' if found != 1 else ''}" if found else "Mark")
        self._show_round_change()

    def _round_named(self) -> None:
        """Another round named: the answer given for the last one does not carry over."""
        self._round_answer.setExclusive(False)
        for button in self._round_answer.buttons():
            button.setChecked(False)
        self._round_answer.setExclusive(True)
        self._show_round_change()

    def _show_round_change(self) -> None:
        """Say what the import does to a round kept already, and ask when it would drop
        frames the client chose; Mark waits for the answer."""
        change = self.round_change()
        asking = change.needs_asking
        name = change.round
        self._round_answers.setVisible(bool(change.before) and bool(self.match.chosen))
        for button in (self.replace_round, self.add_to_round, self.as_new_round):
            button.setVisible(asking)
        if asking:
            dropped = change.dropped
            self.round_note.setText(f"<b>{name!r} is kept already</b>, from an earlier import of "
                                    f"{len(change.before)} frame{'s' if len(change.before) != 1 else ''}. "
                                    f"This list leaves out {', '.join(dropped)}. What should happen to it?")
            self.replace_round.setText(f"Replace {name!r}: {', '.join(dropped)} "
                                       f"{'drops' if len(dropped) == 1 else 'drop'} out of it")
            added = len(self.round_change(ADD).after)
            self.add_to_round.setText(f"Add this list to {name!r} ({added} frames then)")
            self.as_new_round.setText(f"Keep {name!r} as it is; make a new round, {self.new_round!r}")
        elif change.before:
            self.round_note.setText(change.words()[0].upper() + change.words()[1:] + ".")
        answered = not asking or self._round_answer.checkedButton() is not None
        self.import_button.setEnabled(bool(self.match.chosen) and answered)

    def accept(self) -> None:
        if self.match.chosen and self.import_button.isEnabled():
            app_settings.settings().setValue(KEY + "mark", self.mark_choice.currentData())
            super().accept()

    def _open_list(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "The client's list", str(Path.home()),
                                                "Lists (*.txt *.csv *.tsv);;All files (*)")
        if chosen:
            self.load_file(Path(chosen))

    def _choose_delivery(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "A folder ShotKind exported to", self.delivery.text())
        if chosen:
            self.set_delivery_folder(Path(chosen))

    def _read_delivery(self) -> None:
        folder = self.delivery.text().strip()
        self._delivered, self._delivered_problem = {}, ""
        if folder:
            try:
                self._delivered = delivered_names([Path(folder).expanduser()])
            except (OSError, ValueError, KeyError) as error:
                self._delivered_problem = (f"The delivered files' manifest cannot be read "
                                           f"({getattr(error, 'strerror', None) or error}).")
        self.update_preview()


def _column(*widgets: QWidget) -> QWidget:
    """Widgets one below the other."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return column


def _row(*widgets: QWidget) -> QWidget:
    """Widgets side by side, the first taking the room."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for number, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if number == 0 else 0)
    return row
