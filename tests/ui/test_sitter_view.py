"""The headshot day in the window, on a day arranged from the shared photos (five
sitters, two of them in similar clothes 40 seconds apart): the sitters' dock and its
coverage, one sitter's frames in the grid, the status bar, split / merge / rename, and a
roster imported from a CSV."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
from shotkind_desktop.core.decisions.catalog import Catalog, FileIdentity
from shotkind_desktop.core.judgement.crops import LINKEDIN_FRAMING, CropGuide, crop_guides
from shotkind_desktop.core.judgement.face_record import main_face_record
from shotkind_desktop.core.decisions.decisions import PICK, set_flag
from shotkind_desktop.core.files.scan import scan_shoot
from shotkind_desktop.ui.client_sheet_dialog import ClientSheetDialog
from shotkind_desktop.ui.grid_view import select_row
from shotkind_desktop.ui.overlays import OverlaySet
from tests.core.sittings import DAY, PEOPLE, ROSTER, make_day
from tests.ui.screenshots import save_screenshot
from tests.ui.window_support import open_shoot

SHOTS = Path(tempfile.gettempdir()) / "shotkind-test-shots"     # a look at what a change built, never in the checkout


@pytest.fixture(scope="module")
def analysed_day(tmp_path_factory, shared_dir) -> tuple[Path, list[list[str]]]:
    """The day's frames with a catalog holding their analysis, and the sitters as arranged."""
    folder = tmp_path_factory.mktemp("analysed-day") / "day"
    arranged = make_day(shared_dir / "photos", folder)
    paths = scan_shoot(folder)
    results = analyze_shoot(folder, paths, "yunet", jobs=2)
    with Catalog.open(folder) as catalog:
        catalog.save_results([(path.relative_to(folder).as_posix(), FileIdentity.of(path), result)
                              for path, result in zip(paths, results)])
    return folder, arranged


@pytest.fixture
def day(analysed_day, tmp_path) -> tuple[Path, list[list[str]]]:
    folder, arranged = analysed_day
    copy = tmp_path / "day"
    shutil.copytree(folder, copy, copy_function=shutil.copy2)
    return copy, arranged


def sitters_shown(window, qtbot, count: int):
    qtbot.waitUntil(lambda: len(window.sitters.coverage) == count, timeout=10000)
    return window.sitters.coverage


def shown_names(window) -> list[str]:
    proxy = window.proxy
    return [proxy.index(row, 0).data(Qt.ItemDataRole.DisplayRole) for row in range(proxy.rowCount())]


def go_to(window, name: str) -> None:
    proxy = window.proxy
    row = next(r for r in range(proxy.rowCount())
               if window.model.frames()[proxy.mapToSource(proxy.index(r, 0)).row()].name == name)
    select_row(window.workspace.grid, row)


def test_the_dock_lists_the_sitters_as_arranged_and_shows_one_at_a_time(main_window, qtbot, day, tmp_path):
    folder, arranged = day
    open_shoot(main_window, qtbot, folder)
    found = sitters_shown(main_window, qtbot, len(DAY))
    assert [list(c.sitter.frames) for c in found] == arranged
    assert [c.frames for c in found] == [s.frames for s in DAY]
    assert all(c.picks == 0 and c.warning == "no pick" for c in found)
    panel = main_window.sitters.panel
    main_window.sitters.dock.show()                              # Sitters > Sitters Panel
    assert panel.summary.text() == "5 sitters, 5 with something to do"

    third = panel.tree.topLevelItem(3)
    panel.tree.itemClicked.emit(third, 0)                     # as a click on sitter 3
    assert main_window.proxy.rowCount() == len(arranged[2])
    go_to(main_window, arranged[2][1])
    assert main_window.sitters.status.text() == "Sitter 3 of 5 — 0 picks"
    assert main_window.counts.text().startswith(f"{len(arranged[2])} of {sum(s.frames for s in DAY)}")

    main_window.decide(lambda d: set_flag(d, PICK))             # P on the second frame of sitter 3
    qtbot.waitUntil(lambda: main_window.sitters.coverage[2].picks == 1, timeout=5000)
    assert main_window.sitters.coverage[2].warning is None
    assert main_window.sitters.status.text() == "Sitter 3 of 5 — 1 pick"
    assert panel.tree.topLevelItem(3).text(3) == ""
    assert panel.summary.text() == "5 sitters, 4 with something to do"
    save_screenshot(main_window, tmp_path, "sitters")

    panel.tree.itemClicked.emit(panel.tree.topLevelItem(0), 0)  # "All sitters"
    assert main_window.proxy.rowCount() == sum(s.frames for s in DAY)


def test_a_sitter_clicked_gives_the_keys_back_and_the_list_never_disagrees_with_the_grid(
        main_window, qtbot, day):
    """A tester clicked "Sitter 2" in the dock: three presses of → did nothing (the list
    kept the keys), then ↓ highlighted Sitter 3 while the grid still showed Sitter 2."""
    folder, arranged = day
    open_shoot(main_window, qtbot, folder)
    sitters_shown(main_window, qtbot, len(DAY))
    main_window.sitters.dock.show()
    panel, grid = main_window.sitters.panel, main_window.workspace.grid
    tree = panel.tree
    qtbot.waitUntil(tree.isVisible)

    def click_sitter(row: int) -> None:
        rect = tree.visualItemRect(tree.topLevelItem(row))
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    def key(key) -> None:                      # where the keyboard is, as a photographer's
        qtbot.keyClick(QApplication.focusWidget(), key)

    def current() -> str:
        return main_window.workspace.current_frame().name

    click_sitter(2)
    assert shown_names(main_window) == arranged[1]
    assert grid.hasFocus()
    key(Qt.Key.Key_Right)
    assert current() == arranged[1][1]

    main_window.set_mode("loupe")
    click_sitter(3)
    assert shown_names(main_window) == arranged[2] and current() == arranged[2][0]
    assert not tree.hasFocus()
    key(Qt.Key.Key_Right)
    key(Qt.Key.Key_Right)
    assert current() == arranged[2][2]
    key(Qt.Key.Key_4)
    assert main_window.model.frame(arranged[2][2]).decision.rating == 4

    tree.setFocus(Qt.FocusReason.TabFocusReason)      # the list taken by the keyboard keeps it
    key(Qt.Key.Key_Down)
    assert tree.hasFocus()
    assert tree.currentItem() is tree.topLevelItem(4)
    assert panel.chosen().number == 4 and shown_names(main_window) == arranged[3]
    assert main_window.sitters.status.text().startswith("Sitter 4 of 5")
    for _ in range(4):
        key(Qt.Key.Key_Up)
    assert tree.currentItem() is tree.topLevelItem(0) and panel.chosen() is None
    assert len(shown_names(main_window)) == sum(s.frames for s in DAY)
    key(Qt.Key.Key_Down)
    assert panel.chosen().number == 1 and shown_names(main_window) == arranged[0]
    SHOTS.mkdir(exist_ok=True)
    qtbot.waitUntil(lambda: main_window.workspace.previews.cached(current()) is not None, timeout=10000)
    assert main_window.grab().save(str(SHOTS / "d6_sitter_chosen_by_keyboard_in_the_loupe.png"))


def type_sitter_name(window, qtbot, row: int, name: str) -> None:
    """F2 on the current frame, the name typed over the one shown, Enter; until the
    sitter at `row` carries it."""
    window.actions_by_name["rename_sitter"].trigger()
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, name)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.sitters.coverage[row].sitter.name == name, timeout=5000)


def test_split_merge_and_rename_are_one_gesture_each_and_reach_the_sidecars(main_window, qtbot, day):
    folder, arranged = day
    open_shoot(main_window, qtbot, folder)
    sitters_shown(main_window, qtbot, 5)
    act = main_window.actions_by_name

    go_to(main_window, arranged[0][2])
    act["split_sitter"].trigger()                      # Shift+S: a new sitter from the third frame
    found = sitters_shown(main_window, qtbot, 6)
    assert [list(c.sitter.frames) for c in found[:2]] == [arranged[0][:2], arranged[0][2:]]
    assert main_window.sitters.status.text() == "Sitter 2 of 6 — 0 picks"

    act["merge_sitter"].trigger()                      # Shift+M: back into sitter 1
    found = sitters_shown(main_window, qtbot, 5)
    assert [list(c.sitter.frames) for c in found] == arranged

    go_to(main_window, arranged[3][0])
    grid = main_window.workspace.grid
    grid.setFocus()
    type_sitter_name(main_window, qtbot, 3, "Dana Weiß")           # F2, then typing
    main_window.sitters.work.wait()
    assert main_window.sitters.status.text() == "Sitter 4 of 5: Dana Weiß — 0 picks"
    assert QApplication.focusWidget() is grid, "Enter gives the keys back to the frames"
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert main_window.workspace.current_frame().name == arranged[3][1]

    type_sitter_name(main_window, qtbot, 3, "Dana Weiss")
    assert "Two people?" not in main_window.notice.text(), "a mended spelling is the same person"
    type_sitter_name(main_window, qtbot, 3, "Ana Ruiz")             # another name typed over hers: said
    assert main_window.notice.text() == \
        f"Renamed Dana Weiss to Ana Ruiz ({len(arranged[3])} frames). Two people? Shift+S splits at a frame."
    type_sitter_name(main_window, qtbot, 3, "Dana Weiß")            # and back, for the sidecars below
    main_window.sitters.work.wait()
    for name in arranged[3]:
        assert "Dana Weiß" in (folder / name).with_suffix(".xmp").read_text(encoding="utf-8")
    assert not (folder / arranged[2][0]).with_suffix(".xmp").exists() or \
        "Dana" not in (folder / arranged[2][0]).with_suffix(".xmp").read_text(encoding="utf-8")

    main_window.close()                                # the name is in the catalog: it comes back
    with Catalog.open(folder) as catalog:
        assert "Dana Weiß" in catalog.sitter_edits().names.values()


def test_a_roster_names_the_sitters_in_order_and_a_bad_one_is_explained(main_window, qtbot, day,
                                                                         tmp_path, monkeypatch):
    folder, _ = day
    roster = tmp_path / "acme staff.csv"
    roster.write_text(ROSTER, encoding="utf-8-sig")
    open_shoot(main_window, qtbot, folder)
    sitters_shown(main_window, qtbot, 5)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kw: (str(roster), ""))
    main_window.actions_by_name["import_roster"].trigger()
    qtbot.waitUntil(lambda: [c.sitter.name for c in main_window.sitters.coverage] == PEOPLE, timeout=5000)
    assert main_window.sitters.dock.isVisible()                  # a roster means a headshot day
    tree = main_window.sitters.panel.tree
    assert tree.topLevelItem(3).text(0) == "Chidi Okafor"
    # a re-tester's dock, narrowed (a saved layout, a drag), cut every name to "Al…": a
    # name is read whole beside the counts however narrow it is asked to be
    main_window.resizeDocks([main_window.sitters.dock], [120], Qt.Orientation.Horizontal)
    QApplication.processEvents()
    header = tree.header()
    room = tree.viewport().width() - sum(header.sectionSize(column) for column in (1, 2, 3))
    assert room >= QFontMetricsF(tree.font()).horizontalAdvance("Chidi Okafor") + 8, room

    bad = tmp_path / "wrong.csv"
    bad.write_text("Email,Department\nana@acme.example,Sales\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kw: (str(bad), ""))
    main_window.actions_by_name["import_roster"].trigger()
    qtbot.waitUntil(lambda: "no name column" in main_window.notice.text(), timeout=5000)
    assert [c.sitter.name for c in main_window.sitters.coverage] == PEOPLE   # the good one stays


def test_the_consistency_view_lists_who_differs_and_lines_the_sitters_up(main_window, qtbot, day, tmp_path):
    folder, arranged = day
    open_shoot(main_window, qtbot, folder)
    sitters_shown(main_window, qtbot, 5)
    qtbot.waitUntil(lambda: all(main_window.model.thumbnail(f.name) is not None
                                for f in main_window.model.frames()), timeout=20000)
    main_window.actions_by_name["consistency"].trigger()          # Shift+C
    view = main_window.sitters.consistency
    qtbot.waitExposed(view)
    look = view.look
    assert [d.look.sitter.number for d in look.differences] == [1, 2, 3, 4, 5]
    assert view.list.topLevelItemCount() == 5
    # the five sitters are five different photos: their backdrops are not one team's
    assert look.outliers and all(d.notes for d in look.outliers)
    texts = [view.list.topLevelItem(i).text(2) for i in range(view.list.topLevelItemCount())]
    assert any("than the team" in text or "crop" in text for text in texts)
    assert view.tile_grid.count() == 5
    save_screenshot(view, tmp_path, "consistency")

    # a crop adjusted in the loupe changes the figures at once
    difference = look.differences[0]
    x, y, w, h = difference.look.crop
    view.crop.setCurrentText("1:1")
    before = view.look.differences[0].look.head
    go_to(main_window, difference.look.frame)
    grown = CropGuide("1:1", (x - w / 4, y, w * 1.5, h * 1.5), 0.0, True, True)
    main_window.workspace.loupe.guide_adjusted.emit("1:1", grown)      # as a drag in the loupe
    assert view.look.differences[0].look.head == pytest.approx(before / 1.5, rel=0.01)

    view.list.itemDoubleClicked.emit(view.list.topLevelItem(0), 0)   # go to that sitter's frame
    assert main_window.workspace.current_frame().name == view.list.topLevelItem(0).text(1)


def test_the_linkedin_preview_frames_the_square_for_linkedin_and_shows_its_circle(main_window, qtbot, day, tmp_path):
    folder, arranged = day
    open_shoot(main_window, qtbot, folder)
    go_to(main_window, arranged[1][0])
    main_window.set_mode("loupe")
    loupe = main_window.workspace.loupe
    qtbot.waitUntil(lambda: loupe.image() is not None, timeout=10000)
    main_window.workspace.set_overlays(OverlaySet())
    plain = loupe.grab().toImage()

    main_window.actions_by_name["linkedin_preview"].trigger()         # Shift+L
    result = main_window.workspace.current_frame().result
    face = main_face_record(result.faces, result.width, result.height)
    expected = crop_guides(face, result.width, result.height, {"1:1": LINKEDIN_FRAMING})["1:1"]
    guide = loupe.guides()["1:1"]
    assert guide.box == expected.box
    assert face["box"][3] / guide.box[3] == pytest.approx(LINKEDIN_FRAMING.face_fraction, abs=0.02)
    assert main_window.workspace.overlays.describe() == "1:1 guide · LinkedIn circle"
    shown = save_screenshot(loupe, tmp_path, "linkedin-circle")

    rect = loupe.mapping().rect(guide.box)
    corner = (round(rect.left() + rect.width() * 0.06), round(rect.top() + rect.height() * 0.94))
    inside = (round(rect.left() + rect.width() * 0.55), round(rect.top() + rect.height() * 0.8))
    assert shown.pixelColor(*corner).lightness() < plain.pixelColor(*corner).lightness() - 40
    assert abs(shown.pixelColor(*inside).lightness() - plain.pixelColor(*inside).lightness()) <= 2

    main_window.actions_by_name["linkedin_preview"].trigger()         # off: the usual square
    assert loupe.guides()["1:1"].box == crop_guides(face, result.width, result.height)["1:1"].box


def test_the_client_contact_sheet_is_made_in_the_background_with_the_names(main_window, qtbot, day, tmp_path,
                                                                              monkeypatch):
    folder, arranged = day
    roster = tmp_path / "acme staff.csv"
    roster.write_text(ROSTER, encoding="utf-8-sig")
    open_shoot(main_window, qtbot, folder)
    sitters_shown(main_window, qtbot, 5)
    main_window.sitters.work.import_roster(roster)
    qtbot.waitUntil(lambda: [c.sitter.name for c in main_window.sitters.coverage] == PEOPLE, timeout=5000)
    target = tmp_path / "acme contact sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kw: (str(target), ""))
    dialog = ClientSheetDialog(main_window, "Acme — headshot day")
    dialog.photographer.setText("Jo Lens")
    monkeypatch.setattr(dialog, "exec", lambda: QDialog.DialogCode.Accepted)
    main_window.sitters.client_sheet(dialog)
    qtbot.waitUntil(lambda: main_window.notice.text().startswith("Client contact sheet saved"), timeout=60000)
    assert "(5 sitters, 5 pages)" in main_window.notice.text()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(target), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert all(person in text for person in PEOPLE) and "Photographs by Jo Lens" in text
    if shutil.which("pdftoppm"):                # the sheet's first page, for a look and the README
        subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", "-f", "1", "-l", "1",
                        str(target), str(tmp_path / "client-contact-sheet")], check=True)
        if keep := os.environ.get("SHOTKIND_SCREENSHOTS"):
            shutil.copy(tmp_path / "client-contact-sheet.png", Path(keep) / "client-contact-sheet.png")


def test_the_export_dialog_names_the_sitters_left_without_a_frame(qtbot, day, tmp_path, monkeypatch):
    """A tester exported the first sitters' picks by person and the dialog said only
    "Exported 30 files from 15 frames": the sitters left without a photo were in the
    manifest alone (the command line names them)."""
    from shotkind_desktop.ui.export_dialog import ExportDialog
    folder, arranged = day
    dialog = ExportDialog(None, folder, list(arranged[0]))      # only the first sitter's frames
    qtbot.addWidget(dialog)
    dialog.show()
    for name, check in dialog.preset_checks.items():
        check.setChecked(name == "linkedin")
    dialog.out.setText(str(tmp_path / "delivery"))
    dialog.template.setText("{person}_{preset}")
    from PySide6.QtWidgets import QMessageBox        # the shared photos are small: scale them up
    monkeypatch.setattr(QMessageBox, "exec", lambda box: next(
        button for button in box.buttons() if button.text() == "Export Anyway").click())
    with qtbot.waitSignal(dialog.exported, timeout=120_000) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    report = finished.args[0]
    assert len(report.undelivered) == len(arranged) - 1
    assert f"{len(arranged) - 1} sitters without a frame" in dialog.status.text()
    shown = dialog.summary.toPlainText()
    assert dialog.summary.isVisible() and all(f"{sitter}: no frame to deliver" in shown
                                              for sitter in report.undelivered)


def test_the_sitters_menu_hides_and_shows_the_dock(main_window, qtbot):
    menu = next(a.menu() for a in main_window.menuBar().actions() if a.text() == "&Sitters")
    toggle = menu.actions()[0]
    assert toggle.text() == "Sitters &Panel" and not toggle.isChecked()   # most shoots are no headshot day
    toggle.trigger()
    assert main_window.sitters.dock.isVisible()
    toggle.trigger()
    assert not main_window.sitters.dock.isVisible()


def test_the_dock_says_when_two_sitters_are_different_people_of_one_name(qtbot):
    """A tester's dock listed two "Alex Kim" rows without a word; a delivery by person
    then merged them (tests/core/test_export_namesakes.py)."""
    from shotkind_desktop.core.decisions.sitter_book import Coverage
    from shotkind_desktop.core.people.roster import roster_from_table
    from shotkind_desktop.core.people.sitters import Sitter
    from shotkind_desktop.ui.sitter_panel import SitterPanel

    roster = roster_from_table(["Name", "Email"], [["Alex Kim", "alex.kim@acme.example"], ["Bo Lind", "bo@x"],
                                                   ["Alex Kim", "akim@acme.example"]])
    sitters = [Sitter(i + 1, (f"IMG_{i}.jpg",), row.name, row) for i, row in enumerate(roster.rows)]
    panel = SitterPanel()
    qtbot.addWidget(panel)
    panel.show_coverage([Coverage(sitter, 1, 1, None) for sitter in sitters])
    assert panel.summary.text() == "3 sitters, each with a pick; 2 different people named Alex Kim"
    assert panel.tree.topLevelItem(1).text(3) == "same name as sitter 3"
    assert panel.tree.topLevelItem(3).text(3) == "same name as sitter 1"
    assert panel.tree.topLevelItem(2).text(3) == ""
    assert "delivered as Alex Kim (akim@acme.example)" in panel.tree.topLevelItem(3).toolTip(0)
