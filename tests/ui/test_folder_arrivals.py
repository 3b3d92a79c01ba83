"""Pictures that come into an open shoot's folder (not a live session): the rest of a card
still being copied when culling began, a frame renamed in a file manager. A data-safety
tester found both seen only after the shoot was opened again, and the renamed frame's
stars left on a "file not found" row until then."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.decisions.xmp import read_sidecar
from tests.core.tether import write_in_place
from tests.ui.window_support import go_to, press

Key = Qt.Key
WAIT_MS = 60_000     # worker processes start on a shared 2-core machine
FIRST = ["df_img13.jpg", "df_img20.jpg"]
COPIED_LATER = ["df_img11.jpg", "fr_obama.jpg"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def opened(window, qtbot, folder: Path) -> None:
    with qtbot.waitSignal(window.shoot_opened):
        assert window.open_shoot(folder)
    qtbot.waitUntil(lambda: all(frame.result is not None for frame in window.model.frames()), timeout=WAIT_MS)


def test_pictures_copied_in_while_culling_join_the_shoot_analysed_and_the_view_stays(
        main_window, qtbot, shoot_of, shared_dir):
    """Each copied piece by piece, as a card reader's copy writes them: no frame is made
    of half a file, each new frame is analysed, and the photographer stays where they were."""
    window, folder = main_window, shoot_of(FIRST)
    opened(window, qtbot, folder)
    go_to(window, FIRST[0])
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
    assert window.workspace.mode == "loupe" and window.workspace.current_frame().name == FIRST[0]
    assert "new pictures in the folder are in the shoot" in window.notice.text() \
        or "is new in the folder" in window.notice.text()
    assert all(digest(folder / name) == digest(shared_dir / "photos" / name) for name in FIRST + COPIED_LATER)


def test_a_decided_frame_renamed_in_a_file_manager_keeps_its_row_and_decision(main_window, qtbot, shoot_of):
    """Renamed while the shoot is open, and its old name found missing before the new one
    is seen (the folder's watch looks at known files first): the same row, the pick and
    the analysis under the new name, in the catalog and the sidecar."""
    window, folder = main_window, shoot_of(FIRST)
    opened(window, qtbot, folder)
    go_to(window, FIRST[1])
    press(qtbot, window, Key.Key_P)
    rows = window.model.rowCount()
    (folder / FIRST[1]).rename(folder / "Smith_0002.jpg")
    assert window.recheck_files() == [FIRST[1]]                 # "file not found" first
    qtbot.waitUntil(lambda: window.model.frame("Smith_0002.jpg") is not None, timeout=WAIT_MS)
    renamed = window.model.frame("Smith_0002.jpg")
    assert window.model.frame(FIRST[1]) is None and window.model.rowCount() == rows
    assert renamed.decision == Decision(PICK)
    assert renamed.result is not None and not renamed.result.error and renamed.result.file == "Smith_0002.jpg"
    assert window.session.catalog.decisions()["Smith_0002.jpg"] == Decision(PICK)
    assert read_sidecar(folder / "Smith_0002.jpg").decision == Decision(PICK)
    assert window.workspace.current_frame().name == "Smith_0002.jpg"
