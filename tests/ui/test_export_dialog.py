"""The export dialog driven as a photographer drives it: presets and a size changed, the
grid's selection exported in a worker thread with progress, the result summarised, the
settings remembered for next time; and Cancel leaving only complete files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from shotkind_desktop.core.files.decode import has_end_of_image
from shotkind_desktop.ui.export_dialog import ExportDialog
from tests.ui.screenshots import save_screenshot


@pytest.fixture
def small_shoot(shared_dir, tmp_path) -> Path:
    """Three real photos, never opened: the export finds their faces itself."""
    folder = tmp_path / "Acme board"
    folder.mkdir()
    for name in ("df_img11.jpg", "df_img13.jpg", "dlib_horses.jpg"):
        shutil.copy2(shared_dir / "photos" / name, folder / name)
    return folder


def _dialog(qtbot, folder: Path, names: list[str]) -> ExportDialog:
    dialog = ExportDialog(None, folder, names)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def questions_answered(monkeypatch) -> tuple[list, list]:
    """Every message box the dialog shows, as (title, text, informative text), each
    answered with the button named last in the second list."""
    from PySide6.QtWidgets import QMessageBox

    asked, answer = [], []

    def exec_(box):
        asked.append((box.windowTitle(), box.text(), box.informativeText()))
        next(button for button in box.buttons() if button.text() == answer[-1]).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked, answer


def _linkedin_dialog(qtbot, folder: Path, names: list[str], out: Path) -> ExportDialog:
    dialog = _dialog(qtbot, folder, names)
    for name, check in dialog.preset_checks.items():
        check.setChecked(name == "linkedin")
    dialog.out.setText(str(out))
    return dialog


def _cancelled_at_the_question(qtbot, monkeypatch, folder: Path, names: list[str], out: Path):
    """A LinkedIn export of `names` at a size that scales nothing up, cancelled at the
    question asked before it: the dialog, the questions asked and the answers to give."""
    asked, answer = questions_answered(monkeypatch)
    dialog = _linkedin_dialog(qtbot, folder, names, out)
    dialog.preset_sizes["linkedin"][0].setValue(200)
    answer.append("Cancel")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return dialog, asked, answer


def test_export_from_the_dialog_and_settings_remembered(qtbot, small_shoot, tmp_path):
    out = tmp_path / "delivery"
    dialog = _dialog(qtbot, small_shoot, ["df_img11.jpg", "dlib_horses.jpg"])
    assert dialog.choice.currentData() == "selected"       # two frames selected in the grid
    for name, check in dialog.preset_checks.items():
        check.setChecked(name in ("linkedin", "original"))
    dialog.preset_sizes["linkedin"][0].setValue(800)
    assert dialog.preset_sizes["linkedin"][1].value() == 800  # the height follows the ratio
    dialog.out.setText(str(out))
    dialog.template.setText("{client}_{name}_{preset}")
    dialog.client.setText("Acme")
    assert dialog.example.text() == "e.g. Acme_df_img11_linkedin.jpg"
    dialog.copyright.setText("© 2026 Jane Doe")
    dialog.contact_sheet.setChecked(True)

    with qtbot.waitSignal(dialog.exported, timeout=120_000) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert dialog.running and not dialog.export_button.isEnabled()
        assert dialog.close_button.text() == "Cancel"
    report = finished.args[0]
    assert not dialog.running and dialog.export_button.isEnabled()
    assert sorted(item.output for item in report.exported) == [
        "Acme_df_img11_linkedin.jpg", "Acme_df_img11_original.jpg", "Acme_dlib_horses_original.jpg"]
    with Image.open(out / "Acme_df_img11_linkedin.jpg") as image:
        assert image.size == (800, 800)
    assert (out / "contact-sheet.pdf").is_file() and (out / "manifest.csv").is_file()
    assert "Exported 3 files from 2 frames" in dialog.status.text()
    assert "1 not exported" in dialog.status.text()
    assert "dlib_horses.jpg (linkedin): no face found" in dialog.summary.toPlainText()
    assert dialog.summary.isVisible()
    dialog.close()

    again = _dialog(qtbot, small_shoot, ["df_img13.jpg"])
    assert again.out.text() == str(out)
    assert again.copyright.text() == "© 2026 Jane Doe" and again.client.text() == "Acme"
    assert again.preset_sizes["linkedin"][0].value() == 800
    assert [n for n, c in again.preset_checks.items() if c.isChecked()] == ["linkedin", "original"]
    assert again.contact_sheet.isChecked() and again.template.text() == "{client}_{name}_{preset}"


def test_problems_in_the_fields_are_said_in_the_dialog(qtbot, small_shoot):
    dialog = _dialog(qtbot, small_shoot, [])
    assert dialog.choice.findData("selected") == -1       # nothing selected: no such choice
    dialog.out.setText(str(small_shoot))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert not dialog.running and "shoot folder itself" in dialog.status.text()
    dialog.template.setText("{persona}")
    assert "unknown token" in dialog.example.text()


def test_cancel_leaves_only_complete_files(qtbot, small_shoot, tmp_path):
    out = tmp_path / "cancelled"
    dialog = _dialog(qtbot, small_shoot, [])
    dialog.choice.setCurrentIndex(dialog.choice.findData("all"))
    for name, check in dialog.preset_checks.items():
        check.setChecked(name == "original")
    dialog.out.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=120_000) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)   # "Cancel"
        assert dialog.isVisible() and "Cancelling" in dialog.status.text()
    report = finished.args[0]
    assert report.cancelled and "Cancelled" in dialog.status.text()
    written = sorted(out.glob("*.jpg"))
    assert len(written) < 3
    assert all(has_end_of_image(path.read_bytes()) for path in written)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_send_rejects_to_trash_asks_with_the_count_first(qtbot, small_shoot, private_trash, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from shotkind_desktop.core.decisions.decisions import REJECT, Decision
    from shotkind_desktop.core.decisions.xmp import write_sidecar

    trash_home = private_trash
    write_sidecar(small_shoot / "dlib_horses.jpg", Decision(REJECT))
    asked = []
    answers = iter((QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *args: asked.append(text) or next(answers))
    dialog = _dialog(qtbot, small_shoot, [])

    qtbot.mouseClick(dialog.trash_button, Qt.MouseButton.LeftButton)
    assert asked[0].startswith("Send 2 files (1 rejected frame,")
    assert (small_shoot / "dlib_horses.jpg").exists() and "Nothing" in dialog.status.text()
    with qtbot.waitSignal(dialog.rejects_trashed) as trashed:
        qtbot.mouseClick(dialog.trash_button, Qt.MouseButton.LeftButton)
    assert sorted(p.name for p in trashed.args[0]) == ["dlib_horses.jpg", "dlib_horses.xmp"]
    assert not (small_shoot / "dlib_horses.jpg").exists()
    assert not (small_shoot / "dlib_horses.xmp").exists()
    assert (trash_home / "Trash" / "files" / "dlib_horses.jpg").is_file()
    assert dialog.status.text() == "Sent 2 files of 1 rejected frame to the trash."


def test_the_dialogs_trash_waits_for_the_windows_decisions(qtbot, small_shoot, private_trash, monkeypatch):
    """The dialog's "Send rejects to trash" goes by the decisions on disk, as Ctrl+Backspace
    does: while the window's are still waiting to be saved it sends nothing and asks
    nothing (an un-reject just pressed would be trashed by the old reject)."""
    from PySide6.QtWidgets import QMessageBox

    from shotkind_desktop.core.decisions.decisions import REJECT, Decision
    from shotkind_desktop.core.decisions.xmp import write_sidecar

    write_sidecar(small_shoot / "dlib_horses.jpg", Decision(REJECT))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args: asked.append(args) or QMessageBox.StandardButton.Yes)
    dialog = ExportDialog(None, small_shoot, [], saved=lambda: False)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.trash_button, Qt.MouseButton.LeftButton)
    assert not asked and "still waiting" in dialog.status.text()
    assert (small_shoot / "dlib_horses.jpg").exists()


def test_the_dialog_asks_before_scaling_frames_up(qtbot, shoot, tmp_path, monkeypatch):
    """An analysed 600 × 800 frame at LinkedIn's 1200 × 1200: asked first, with the same
    factors the export then writes in its notes; nothing written unless the photographer
    says export anyway. (Before, only manifest.csv said 2.00×, afterwards.)"""
    import re

    asked, answer = questions_answered(monkeypatch)
    out = tmp_path / "delivery"
    dialog = _linkedin_dialog(qtbot, shoot, ["df_img11.jpg", "df_img13.jpg"], out)
    answer.append("Cancel")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and re.search(r"df_img11\.jpg \(linkedin\): [2-9]\.\d\d×", asked[0][2]), asked
    assert not dialog.running and not list(out.glob("*.jpg"))

    answer[0] = "Export Anyway"
    with qtbot.waitSignal(dialog.exported, timeout=120_000) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    report = finished.args[0]
    assert sorted(item.source for item in report.exported) == ["df_img11.jpg", "df_img13.jpg"]
    written = set()
    for item in report.exported:
        for note in item.notes:
            if upscaled := re.match(r"upscaled ([\d.]+)×", note):
                written.add(f"{item.source} ({item.preset}): {upscaled.group(1)}×")
    listed = set(re.findall(r"^\S+ \(\S+\): [\d.]+×$", asked[1][2], re.M))
    assert written and listed == written, "asked about exactly what the export scaled up"

    dialog.preset_sizes["linkedin"][0].setValue(200)
    dialog.overwrite.setChecked(True)
    with qtbot.waitSignal(dialog.exported, timeout=120_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2, "nothing scaled up: nothing asked"


def test_an_export_that_stops_on_a_system_error_says_it_in_words(qtbot, small_shoot, tmp_path, monkeypatch):
    """(Failed before: "PermissionError: [Errno 13] Permission denied: '/…/delivery/x.jpg'".)"""
    from shotkind_desktop.ui import export_run

    def refused(folder, settings, progress, cancel):
        raise PermissionError(13, "Permission denied", str(settings.out / "df_img11_linkedin.jpg"))

    monkeypatch.setattr(export_run, "run_export", refused)
    dialog = _dialog(qtbot, small_shoot, ["df_img11.jpg"])
    dialog.out.setText(str(tmp_path / "delivery"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert dialog.status.text() == "<b>The export stopped:</b> permission denied: df_img11_linkedin.jpg"


def test_the_dialog_asks_before_delivering_a_blink_or_a_hand_over_the_face(qtbot, shoot, tmp_path, monkeypatch):
    """A tester's picked blink went to LinkedIn without a word, though its thumbnail
    carries the closed-eyes badge: the badge's words are asked about first, and the
    export's notes and report keep them when the photographer exports anyway."""
    out = tmp_path / "delivery"
    dialog, asked, answer = _cancelled_at_the_question(qtbot, monkeypatch, shoot,
                                                       ["mm_onehand10k_9.jpg", "df_img13.jpg"], out)
    title, text, listed = asked[0]
    assert title == "Export — frames to look at first"
    assert text == "1 frame chosen has something a client should not get."
    assert listed.splitlines()[0].startswith("mm_onehand10k_9.jpg: eyes closed")
    assert "df_img13" not in listed and not list(out.glob("*.jpg"))

    answer[0] = "Export Anyway"
    with qtbot.waitSignal(dialog.exported, timeout=120_000) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    report = finished.args[0]
    assert [name for name, _ in report.to_check] == ["mm_onehand10k_9.jpg"]
    blink = next(item for item in report.exported if item.source == "mm_onehand10k_9.jpg")
    assert any(note.startswith("delivered with eyes closed") for note in blink.notes)


def test_the_dialog_asks_before_cropping_a_frame_of_several_people_to_one_face(qtbot, shoot, tmp_path,
                                                                                monkeypatch):
    """A tester's picked crew photo went to a LinkedIn crop without a word and came out
    as one astronaut and a neighbour's shoulder: a crop that leaves some of a frame's
    people out is named before the export, and not when the export keeps whole frames."""
    out = tmp_path / "delivery"
    dialog, asked, _ = _cancelled_at_the_question(qtbot, monkeypatch, shoot, ["df_couple.jpg", "df_img13.jpg"], out)
    title, text, listed = asked[0]
    assert title == "Export — frames to look at first"
    assert text == "1 crop of a frame of several people would leave some of them out."
    assert listed == "df_couple.jpg (linkedin): keeps 1 of 2 people"
    assert not list(out.glob("*.jpg"))

    for name, check in dialog.preset_checks.items():
        check.setChecked(name == "original")
    with qtbot.waitSignal(dialog.exported, timeout=120_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1, "whole frames: nothing to ask"


def test_the_name_example_shows_the_person_and_every_person_token(qtbot, small_shoot, tmp_path):
    """A tester (D8): "{person}_{preset}" read "e.g. linkedin.jpg", the person missing."""
    dialog = _dialog(qtbot, small_shoot, ["df_img11.jpg"])
    dialog.template.setText("{person}_{preset}")
    assert dialog.example.text() == "e.g. Alex Kim_linkedin.jpg"
    dialog.template.setText("{person}/{last}_{first}_{person_seq}")
    assert dialog.example.text() == "e.g. Alex Kim/Kim_Alex_1.jpg"
    dialog.show()
    qtbot.waitExposed(dialog)
    save_screenshot(dialog, tmp_path, "export-dialog-person-example")


def test_the_dialogs_rated_choice_leaves_a_reject_out_and_says_so(qtbot, small_shoot, tmp_path):
    """A tester's "Rated at least" delivered a frame rejected with five stars, with no
    word: the reject stays home, and the summary says why (test_export_rejects.py)."""
    from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
    from shotkind_desktop.core.decisions.xmp import write_sidecar

    write_sidecar(small_shoot / "df_img11.jpg", Decision(REJECT, 5))
    write_sidecar(small_shoot / "df_img13.jpg", Decision(PICK, 4))
    out = tmp_path / "delivery"
    dialog = _dialog(qtbot, small_shoot, [])
    for name, check in dialog.preset_checks.items():
        check.setChecked(name == "original")
    dialog.out.setText(str(out))
    dialog.template.setText("{name}_{preset}")
    dialog.choice.setCurrentIndex(dialog.choice.findData("rating"))
    dialog.min_rating.setValue(4)
    with qtbot.waitSignal(dialog.exported, timeout=120_000) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    report = finished.args[0]
    assert [item.source for item in report.exported] == ["df_img13.jpg"]
    assert [p.name for p in out.glob("*.jpg")] == ["df_img13_original.jpg"]
    assert "1 rejected frame left out (below)" in dialog.status.text()
    assert ("1 rejected frame left out (df_img11.jpg): a reject is delivered only when the selection "
            "names rejects (rejects or all)") in dialog.summary.toPlainText()
    dialog.show()
    qtbot.waitExposed(dialog)
    save_screenshot(dialog, tmp_path, "export-dialog-reject-left-out")


def test_the_dialogs_summary_names_every_reject_left_out(qtbot, shared_dir, tmp_path):
    """The summary, a box that scrolls, said "A, B, C and 2 more" where it used to name
    every reject left out: the photographer had to open manifest.json to learn the rest.
    The command's one line keeps the short form (test_export_rejects.py)."""
    from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
    from shotkind_desktop.core.decisions.xmp import write_sidecar

    names = ["df_img11.jpg", "df_img12.jpg", "df_img13.jpg", "df_img14.jpg", "df_img15.jpg", "df_img7.jpg"]
    folder = tmp_path / "Acme board"
    folder.mkdir()
    for name in names:
        shutil.copy2(shared_dir / "photos" / name, folder / name)
        write_sidecar(folder / name, Decision(PICK if name == "df_img7.jpg" else REJECT, 5))
    dialog = _dialog(qtbot, folder, [])
    for name, check in dialog.preset_checks.items():
        check.setChecked(name == "original")
    dialog.out.setText(str(tmp_path / "delivery"))
    dialog.choice.setCurrentIndex(dialog.choice.findData("rating"))
    dialog.min_rating.setValue(5)
    with qtbot.waitSignal(dialog.exported, timeout=120_000) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    left_out = finished.args[0].rejects_left_out
    assert len(left_out) == 5
    assert (f"5 rejected frames left out ({', '.join(left_out)}): a reject is delivered only when "
            "the selection names rejects (rejects or all)") in dialog.summary.toPlainText()
