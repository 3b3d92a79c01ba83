"""Issue 19 in the window: File ▸ Import Client Selection shows what a list means before
marking, marks in one step Ctrl+Z takes back, and the round appears in the filter bar
(which still fits a 1280 px window); Export Proof Gallery writes the client's folder."""

from __future__ import annotations

import codecs
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog

from shotkind_desktop.core.decisions.decisions import PICK, REJECT, set_flag
from shotkind_desktop.core.delivery.client_import import ADD, REPLACE
from shotkind_desktop.core.delivery.proof_gallery import PAGE
from shotkind_desktop.ui.client_import_dialog import ClientImportDialog
from shotkind_desktop.ui.gallery_dialog import GalleryDialog
from tests.ui.screenshots import save_screenshot
from tests.ui.window_support import open_shoot

CHOSEN = ("df_img11.jpg", "df_img13.jpg", "fr_obama.jpg")


def import_dialog(window) -> ClientImportDialog:
    frames = {frame.name: frame.files for frame in window.model.frames()}
    return ClientImportDialog(window, frames, window.session.catalog.client_rounds(),
                              window.session.keeper.decisions())


def test_the_dialog_says_what_the_list_means_before_marking(main_window, qtbot, shoot, tmp_path):
    open_shoot(main_window, qtbot, shoot)
    dialog = import_dialog(main_window)
    qtbot.addWidget(dialog)
    sent = tmp_path / "my-choice-acme.txt"
    sent.write_text("# Acme\n# 4 chosen\ndf_img11\nDF_IMG13.JPG OR fr_obama\nIMG_4242\n")
    dialog.load_file(sent)
    assert "3 frames found" in dialog.summary.text() and "1 name matches nothing" in dialog.summary.text()
    assert dialog.problems.toPlainText() == "IMG_4242: matches no frame of the shoot"
    assert dialog.import_button.text() == "Mark 3 Frames" and dialog.import_button.isEnabled()
    assert dialog.round.currentText() == "first choice"
    assert dialog.mark.text == "label=purple"
    dialog.show()
    qtbot.waitExposed(dialog)
    save_screenshot(dialog, tmp_path, "import-client-selection")
    dialog.text.setPlainText("nothing, here")
    dialog.update_preview()
    assert not dialog.import_button.isEnabled()


def test_the_dialog_names_the_clients_choices_the_photographer_rejected(main_window, qtbot, shoot, tmp_path):
    """A tester's client chose two rejects; the import said nothing of it and the export
    left both out. The dialog names them before Mark, with what the chosen mark does."""
    open_shoot(main_window, qtbot, shoot)
    main_window.session.decide(["df_img13.jpg"], lambda d: set_flag(d, REJECT))
    dialog = import_dialog(main_window)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText(", ".join(CHOSEN))
    dialog.update_preview()
    said = dialog.summary.text()
    assert "3 frames found" in said
    assert ("The client chose 1 frame you rejected (df_img13.jpg): it stays rejected, so an export "
            "leaves it out unless you unflag or pick it.") in said
    dialog.show()
    qtbot.waitExposed(dialog)
    save_screenshot(dialog, tmp_path, "import-client-selection-rejected")
    dialog.mark_choice.setCurrentIndex(dialog.mark_choice.findData("pick"))
    assert "a pick takes the place of your reject, so an export delivers it" in dialog.summary.text()
    main_window.session.decide(["df_img13.jpg"], lambda d: set_flag(d, PICK))
    again = import_dialog(main_window)
    qtbot.addWidget(again)
    again.text.setPlainText(", ".join(CHOSEN))
    again.update_preview()
    assert "3 frames found" in again.summary.text() and "rejected" not in again.summary.text()


def test_the_dialog_reads_frame_numbers_and_names_those_it_will_not_mark(main_window, qtbot, shared_dir,
                                                                         tmp_path):
    """Clients write frame numbers: one frame's number is that frame; a number two cameras
    share, or one among a sentence's words, is named with its frames, not marked."""
    import shutil
    shoot = tmp_path / "cameras"
    shoot.mkdir()
    for name, source in (("IMG_0012.JPG", "df_img11.jpg"), ("IMG_0045.JPG", "df_img12.jpg"),
                         ("IMG_0103.JPG", "df_img13.jpg"), ("DSC_0103.JPG", "df_img14.jpg")):
        shutil.copy2(shared_dir / "photos" / source, shoot / name)
    open_shoot(main_window, qtbot, shoot)
    dialog = import_dialog(main_window)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("0012, 103\nAlso 45 please")
    dialog.update_preview()
    assert dialog.summary.text() == ("<b>1 frame found</b>; 1 name matches more than one frame and will not "
                                     "be marked; 1 number within a sentence will not be marked.")
    assert dialog.problems.toPlainText().splitlines()[:2] == [
        "103: matches 2 frames (DSC_0103.JPG, IMG_0103.JPG); not marked",
        "45: a number within a sentence, where a count or a date reads the same; IMG_0045.JPG carries it; "
        "not marked"]
    assert dialog.import_button.text() == "Mark 1 Frame"
    dialog.show()
    qtbot.waitExposed(dialog)
    save_screenshot(dialog, tmp_path, "import-client-selection-numbers")


def test_import_marks_in_one_undoable_step_and_the_round_filters_the_grid(main_window, qtbot, shoot, tmp_path):
    open_shoot(main_window, qtbot, shoot)
    bar = main_window.workspace.filter_bar
    assert bar.label.count() == 6                     # any label and the five colours
    dialog = import_dialog(main_window)
    dialog.text.setPlainText(", ".join(CHOSEN))
    dialog.update_preview()
    QTimer.singleShot(0, dialog.accept)
    main_window.import_client_selection(dialog)
    labels = {frame.name: frame.decision.label for frame in main_window.model.frames()}
    assert {name for name, label in labels.items() if label == "Purple"} == set(CHOSEN)
    assert "3 frames chosen in 'first choice'" in main_window.notice.text()
    assert all('xmp:Label="Purple"' in (shoot / name).with_suffix(".xmp").read_text() for name in CHOSEN)

    bar.label.setCurrentIndex(bar.label.findData("round:first choice"))    # below the colours
    assert bar.label.currentText() == "♥ first choice (3)"
    assert main_window.proxy.rowCount() == 3
    main_window.resize(1280, 820)
    qtbot.wait(50)
    grid = main_window.workspace.grid
    assert bar.rows() == 1 and bar.width() == grid.width(), "the filter bar fits in one row above the grid"
    save_screenshot(main_window, tmp_path, "client-round-filter")

    main_window.undo()                                 # the marks, all three, in one step
    assert not any(frame.decision.label == "Purple" for frame in main_window.model.frames())
    assert main_window.proxy.rowCount() == 3          # the client's round stays to filter on
    bar.label.setCurrentIndex(0)
    assert main_window.proxy.rowCount() == main_window.model.rowCount()


def test_the_menu_opens_the_dialog_and_cancel_marks_nothing(main_window, qtbot, shoot, monkeypatch):
    open_shoot(main_window, qtbot, shoot)
    seen = []
    monkeypatch.setattr(ClientImportDialog, "exec", lambda self: seen.append(self) or 0)
    main_window.actions_by_name["import_client_selection"].trigger()
    assert len(seen) == 1
    assert not any(frame.decision.label for frame in main_window.model.frames())


def test_the_gallery_dialog_exports_the_picks_folder(main_window, qtbot, shoot, tmp_path, monkeypatch):
    open_shoot(main_window, qtbot, shoot)
    main_window.workspace.select_first()
    main_window.decide(lambda d: set_flag(d, PICK))       # one pick
    picked = [frame.name for frame in main_window.model.frames() if frame.decision.is_pick]
    dialog = GalleryDialog(main_window, shoot, [])
    qtbot.addWidget(dialog)
    out = tmp_path / "acme proofs"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(out))
    dialog._choose_folder()
    dialog.title.setText("Acme headshots")
    dialog.limit.setValue(3)
    dialog.watermark.setText("© Jane Doe")
    dialog.show()
    qtbot.waitExposed(dialog)
    save_screenshot(dialog, tmp_path, "proof-gallery-dialog")
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60000)
    assert dialog.status.text() == f"1 frame in the gallery in {out}"
    assert (out / PAGE).is_file()
    assert [p.stem for p in (out / "photos").glob("*.jpg")] == [Path(picked[0]).stem]
    assert dialog.open_button.isVisible()


def test_a_second_list_starts_a_new_round_and_a_replace_that_drops_frames_asks(main_window, qtbot, shoot, tmp_path):
    """A tester (D4): the Round box came up on the last round, "final choice", and Mark
    replaced it; a frame the client chose dropped out of "♥ final choice" without a word."""
    open_shoot(main_window, qtbot, shoot)
    main_window.session.catalog.save_client_round("final choice", ["df_img11.jpg", "df_img12.jpg"])
    dialog = import_dialog(main_window)
    qtbot.addWidget(dialog)
    sent = tmp_path / "unicode.txt"                      # Notepad's "Unicode": UTF-16 with its mark
    sent.write_bytes(codecs.BOM_UTF16_LE + "df_img11\r\ndf_img13\r\n".encode("utf-16-le"))
    dialog.load_file(sent)
    assert "2 frames found" in dialog.summary.text()
    assert dialog.round.currentText() == "second choice" and dialog.import_button.isEnabled()

    dialog.round.setCurrentText("final choice")
    assert not dialog.import_button.isEnabled(), "Mark waits for the photographer's answer"
    assert "df_img12.jpg" in dialog.round_note.text() and "df_img12.jpg" in dialog.replace_round.text()
    dialog.show()
    qtbot.waitExposed(dialog)
    save_screenshot(dialog, tmp_path, "import-client-selection-round-kept")
    dialog.add_to_round.setChecked(True)
    assert dialog.import_button.isEnabled() and dialog.how == ADD
    dialog.as_new_round.setChecked(True)
    assert dialog.round_name == "second choice" and dialog.how == REPLACE
    dialog.replace_round.setChecked(True)
    QTimer.singleShot(0, dialog.accept)
    main_window.import_client_selection(dialog)
    assert main_window.session.catalog.client_rounds()["final choice"] == ["df_img11.jpg", "df_img13.jpg"]
    assert "df_img12.jpg is no longer in it" in main_window.notice.text()


def test_a_file_that_is_not_text_is_refused_in_the_dialog(main_window, qtbot, shoot, tmp_path, shared_dir):
    open_shoot(main_window, qtbot, shoot)
    dialog = import_dialog(main_window)
    qtbot.addWidget(dialog)
    dialog.load_file(shared_dir / "photos" / "df_img11.jpg")
    assert "cannot be read" in dialog.summary.text() and "not a text file" in dialog.summary.text()
    assert dialog.text.toPlainText() == "" and not dialog.import_button.isEnabled()
