"""Pictures that come into an open shoot's folder (not a live session): the rest of a card
still being copied when culling began, a frame renamed in a file manager. A data-safety
tester found both seen only after the shoot was opened again, and the renamed frame's
stars left on a "file not found" row until then."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.decisions.xmp import read_sidecar
from tests.core.other_program import another_program_writing
from tests.core.tether import write_in_place
from tests.ui.window_support import go_to, press

Key = Qt.Key
WAIT_MS = 60_000     # worker processes start on a shared 2-core machine
FIRST = ["df_img13.jpg", "df_img20.jpg"]
COPIED_LATER = ["df_img11.jpg", "fr_obama.jpg"]
RENAMED = "Smith_0002.jpg"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def opened(window, qtbot, folder: Path) -> None:
    with qtbot.waitSignal(window.shoot_opened):
        assert window.open_shoot(folder)
    qtbot.waitUntil(lambda: all(frame.result is not None for frame in window.model.frames()), timeout=WAIT_MS)


def analysed(window, name: str) -> bool:
    frame = window.model.frame(name)
    return frame is not None and frame.result is not None


def test_pictures_copied_in_while_culling_join_the_shoot_analysed_and_the_view_stays(
        main_window, qtbot, shoot_of, shared_dir):
    """Each copied piece by piece, as a card reader's copy writes them: no frame is made
    of half a file, each new frame is analysed, and the photographer stays on the frame
    they were on, the newest before the copy (a live session's loupe would follow)."""
    window, folder = main_window, shoot_of(FIRST)
    opened(window, qtbot, folder)
    newest = window.model.frames()[-1].name
    go_to(window, newest)
    press(qtbot, window, Key.Key_E)                       # culling in the loupe
    for name in COPIED_LATER:
        write_in_place(shared_dir / "photos" / name, folder / name,
                       between=lambda: (QApplication.processEvents(), qtbot.wait(30)))
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: all(frame.result is not None for frame in window.model.frames()), timeout=WAIT_MS)
    frames = {frame.name: frame for frame in window.model.frames()}
    assert set(frames) == set(FIRST + COPIED_LATER)
    assert all(not frames[name].result.error for name in COPIED_LATER), \
        [frames[name].result.error for name in COPIED_LATER]
    assert window.workspace.mode == "loupe" and window.workspace.current_frame().name == newest
    assert "new pictures in the folder are in the shoot" in window.notice.text() \
        or "is new in the folder" in window.notice.text()
    assert all(digest(folder / name) == digest(shared_dir / "photos" / name) for name in FIRST + COPIED_LATER)


@pytest.mark.parametrize("inotify", [True, False], ids=["kernel events", "polled folder"])
def test_a_frame_renamed_in_a_file_manager_keeps_its_row_decision_crop_and_undo(main_window, qtbot, shoot_of,
                                                                                 inotify):
    """Renamed while the shoot is open, and its old name found missing before the new one
    is seen (the folder's recheck is quicker than a file's arrival): the same row, the
    pick, the adjusted crop and the analysis under the new name, in the catalog and the
    sidecar; Ctrl+Z takes the pick back on it. Polled, as where inotify is missing."""
    window, folder = main_window, shoot_of(FIRST)
    window.arrivals.watcher.use_inotify = inotify
    opened(window, qtbot, folder)
    assert window.arrivals.watcher.uses_events() == inotify
    go_to(window, FIRST[1])
    window.session.save_guide(FIRST[1], "1:1", (10, 20, 300, 300))
    press(qtbot, window, Key.Key_P)
    rows = window.model.rowCount()
    (folder / FIRST[1]).rename(folder / RENAMED)
    assert window.recheck_files() == [FIRST[1]]                 # "file not found" first
    qtbot.waitUntil(lambda: window.model.frame(RENAMED) is not None, timeout=WAIT_MS)
    renamed = window.model.frame(RENAMED)
    assert window.model.frame(FIRST[1]) is None and window.model.rowCount() == rows
    assert renamed.decision == Decision(PICK)
    assert renamed.result is not None and not renamed.result.error and renamed.result.file == RENAMED
    assert window.workspace.adjustments[RENAMED]["1:1"] == (10, 20, 300, 300)
    assert window.session.catalog.decisions()[RENAMED] == Decision(PICK)
    assert window.session.catalog.crop_records(RENAMED)
    assert read_sidecar(folder / RENAMED).decision == Decision(PICK)
    assert window.workspace.current_frame().name == RENAMED
    press(qtbot, window, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.model.frame(RENAMED).decision == Decision()
    assert window.workspace.current_frame().name == RENAMED


def test_a_rename_seen_after_the_missing_files_analysis_keeps_the_files_analysis(main_window, qtbot, shoot_of):
    """A reviewer's order: the old name's "file not found" came back from the workers
    before the rename was seen, and the renamed frame took that error for its analysis,
    into the catalog too, though its file was there."""
    window, folder = main_window, shoot_of(FIRST)
    opened(window, qtbot, folder)
    go_to(window, FIRST[1])
    press(qtbot, window, Key.Key_P)
    arrivals, held = window.arrivals, []

    def hold(items: list) -> None:
        held.extend(items)
    arrivals.watcher.arrived.disconnect(arrivals._files_arrived)       # the rename seen late
    arrivals.watcher.arrived.connect(hold)
    (folder / FIRST[1]).rename(folder / RENAMED)
    assert window.recheck_files() == [FIRST[1]]
    qtbot.waitUntil(lambda: analysed(window, FIRST[1]) and bool(held), timeout=WAIT_MS)
    assert window.model.frame(FIRST[1]).result.error
    arrivals.watcher.arrived.disconnect(hold)
    arrivals.watcher.arrived.connect(arrivals._files_arrived)
    arrivals._files_arrived(held)
    renamed = window.model.frame(RENAMED)
    assert renamed.decision == Decision(PICK) and renamed.result is not None and not renamed.result.error
    assert not window.session.catalog.result(RENAMED, renamed.identity).error


def test_a_deleted_frame_does_not_hand_its_pick_to_another_picture_of_its_size_and_time(
        main_window, qtbot, shoot_of, shared_dir):
    """A reviewer's case: a picked frame deleted in the file manager, then another picture
    written with the same size and time (a camera's fixed-size RAWs, two seconds apart on a
    card) arrived picked, in the deleted frame's row."""
    window, folder = main_window, shoot_of(FIRST)
    opened(window, qtbot, folder)
    go_to(window, FIRST[1])
    press(qtbot, window, Key.Key_P)
    gone = window.model.frame(FIRST[1]).identity
    (folder / FIRST[1]).unlink()
    assert window.recheck_files() == [FIRST[1]]
    other = (shared_dir / "photos" / "df_img11.jpg").read_bytes()
    assert len(other) <= gone.size
    new = folder / "IMG_0101.jpg"
    new.write_bytes(other + b"\0" * (gone.size - len(other)))
    os.utime(new, ns=(gone.mtime_ns,) * 2)
    qtbot.waitUntil(lambda: analysed(window, "IMG_0101.jpg"), timeout=WAIT_MS)
    assert window.model.frame("IMG_0101.jpg").decision == Decision()
    assert window.model.frame(FIRST[1]).decision == Decision(PICK)     # "file not found", kept
    assert read_sidecar(new) is None


def test_a_picture_arriving_while_another_program_holds_the_catalog_joins_once_it_is_free(
        main_window, qtbot, shoot_of, shared_dir):
    """A reviewer's case: the arrival read the catalog for a decision kept there, gave up,
    and the picture never joined the shoot (the watch reports each picture once)."""
    window, folder = main_window, shoot_of(FIRST)
    opened(window, qtbot, folder)
    holder, done = another_program_writing(window.session.catalog.path, 2.5)
    try:
        shutil.copy(shared_dir / "photos" / "df_img11.jpg", folder / "df_img11.jpg")
        qtbot.waitUntil(lambda: analysed(window, "df_img11.jpg"), timeout=WAIT_MS)
    finally:
        done.join()
        holder.close()
    assert window.model.rowCount() == 3


@pytest.mark.parametrize("first", ["JPG", "DNG", None], ids=["jpeg first", "raw first", "together"])
def test_a_raw_jpeg_pair_renamed_keeps_its_row_and_decision(main_window, qtbot, shoot_of, shared_dir, first):
    """A tester's renaming tool added a client's prefix to a picked, starred RAW+JPEG
    pair: the pick stayed on a "file not found" row and the pair came back undecided,
    lost at the next opening. Its two files are renamed one after the other, in either
    order, or at once."""
    window, folder = main_window, shoot_of(FIRST)
    shutil.copy2(shared_dir / "photos" / "df_img11.jpg", folder / "IMG_0002.JPG")
    shutil.copy2(shared_dir / "raw" / "canon_eos_6d.dng", folder / "IMG_0002.DNG")
    opened(window, qtbot, folder)
    rows = window.model.rowCount()
    go_to(window, "IMG_0002.JPG")
    press(qtbot, window, Key.Key_P)
    press(qtbot, window, Key.Key_4)
    halves = ["JPG", "DNG"] if first != "DNG" else ["DNG", "JPG"]
    for n, extension in enumerate(halves):
        (folder / f"IMG_0002.{extension}").rename(folder / f"Smith_0002.{extension}")
        if first is not None and n == 0:
            qtbot.wait(500)                     # the first half's arrival is seen alone
    qtbot.waitUntil(lambda: window.model.frame("Smith_0002.JPG") is not None
                    and window.model.frame("Smith_0002.JPG").raw is not None, timeout=WAIT_MS)
    renamed = window.model.frame("Smith_0002.JPG")
    assert renamed.decision == Decision(PICK, 4)
    assert renamed.raw == folder / "Smith_0002.DNG"
    assert window.model.frame("IMG_0002.JPG") is None and window.model.rowCount() == rows
    assert window.session.catalog.decisions()["Smith_0002.JPG"] == Decision(PICK, 4)
    assert read_sidecar(folder / "Smith_0002.JPG").decision == Decision(PICK, 4)


def test_a_polled_folder_s_deleted_frame_does_not_hand_its_pick_to_the_next_file(
        main_window, qtbot, shoot_of, shared_dir):
    """A reviewer's case, without inotify: a picked frame deleted for good and the card
    copy's next picture written before the next listing, which took the freed inode (ext4
    gives it at once) and so read as the deleted frame renamed, pick and all."""
    window, folder = main_window, shoot_of(FIRST)
    window.arrivals.watcher.use_inotify = False
    opened(window, qtbot, folder)
    go_to(window, FIRST[1])
    press(qtbot, window, Key.Key_P)
    (folder / FIRST[1]).unlink()
    shutil.copy(shared_dir / "photos" / "df_img11.jpg", folder / "IMG_0101.jpg")
    assert window.recheck_files() == [FIRST[1]]
    qtbot.waitUntil(lambda: analysed(window, "IMG_0101.jpg"), timeout=WAIT_MS)
    assert window.model.frame("IMG_0101.jpg").decision == Decision()
    assert window.model.frame(FIRST[1]).decision == Decision(PICK)


@pytest.mark.parametrize("first", ["DNG", "JPG"], ids=["raw first", "jpeg first"])
def test_a_raw_jpeg_pair_copied_in_is_analysed(main_window, qtbot, shoot_of, shared_dir, first):
    """A reviewer's card copy: the second file of a pair landed while the first waited for
    the next analysis batch; the frame it joined was dropped from the batch as gone, and
    the pair was never analysed."""
    window, folder = main_window, shoot_of(FIRST)
    opened(window, qtbot, folder)
    files = {"DNG": shared_dir / "raw" / "canon_eos_6d.dng", "JPG": shared_dir / "photos" / "df_img11.jpg"}
    for extension in [first] + [other for other in files if other != first]:
        shutil.copy2(files[extension], folder / f"IMG_0009.{extension}")
        qtbot.wait(400)
    qtbot.waitUntil(lambda: analysed(window, "IMG_0009.JPG") and window.model.frame("IMG_0009.JPG").raw is not None,
                    timeout=WAIT_MS)
    assert not window.model.frame("IMG_0009.JPG").result.error
