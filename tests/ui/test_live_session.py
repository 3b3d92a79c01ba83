"""A live session in the real main window: frames written into the folder the ways
tether software writes them (in chunks, under a temporary name then renamed, in place;
a RAW then its JPEG seconds later), each analysed once, shown in the loupe and judged in
the banner, while the photographer's decisions stay on the frames they were made on."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import cv2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from shotkind_desktop import cli
from shotkind_desktop.core.decisions.catalog import Catalog, FileIdentity
from shotkind_desktop.core.files.decode import decode_frame
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.decisions.xmp import read_sidecar
from shotkind_desktop.ui import settings
from shotkind_desktop.ui.main_window import MainWindow
from tests.core.tether import write_in_place, write_renamed
from tests.ui.screenshots import save_screenshot
from tests.ui.window_support import press

Key = Qt.Key
WAIT_MS = 60_000     # worker processes start on a shared 2-core machine


@pytest.fixture
def tethered(tmp_path, shared_dir) -> Path:
    """The folder a tether session writes to, with the session's first frame in it."""
    folder = tmp_path / "tethered"
    folder.mkdir()
    shutil.copy(shared_dir / "photos" / "df_img13.jpg", folder / "IMG_0001.JPG")
    return folder


def go_live(window: MainWindow, qtbot, folder: Path) -> Counter:
    """Start a live session; returns a running count of analyses per frame name."""
    analysed: Counter = Counter()
    window.session.analysis.results_ready.connect(lambda results: analysed.update(list(results)))
    assert window.open_live(folder)
    window.activateWindow()
    qtbot.waitUntil(window.session.analysis.workers_ready, timeout=WAIT_MS)
    return analysed


def lands(qtbot, window: MainWindow, name: str) -> None:
    """Wait until frame `name` is in the shoot with its verdict in the banner."""
    qtbot.waitUntil(lambda: window.live.panel.name == name and window.model.frame(name) is not None
                    and window.model.frame(name).result is not None, timeout=WAIT_MS)




def current(window: MainWindow) -> str:
    return window.workspace.current_frame().name


def test_frames_written_like_tether_software_are_analysed_once_shown_and_decisions_stay_put(
        main_window, qtbot, tethered, shared_dir, tmp_path, qtmodeltester):
    window, photos = main_window, shared_dir / "photos"
    analysed = go_live(window, qtbot, tethered)
    assert window.windowTitle() == "tethered — Live — ShotKind"
    assert window.workspace.mode == "loupe" and current(window) == "IMG_0001.JPG"
    lands(qtbot, window, "IMG_0001.JPG")

    # in chunks under a temporary name, then renamed: the loupe follows (it was on the newest)
    write_renamed(photos / "fr_obama.jpg", tethered / "IMG_0002.JPG", between=lambda: qtbot.wait(5))
    lands(qtbot, window, "IMG_0002.JPG")
    assert current(window) == "IMG_0002.JPG"
    assert window.workspace.loupe.isVisible()
    qtbot.waitUntil(lambda: window.workspace.loupe.image() is not None
                    and window.workspace.previews.cached("IMG_0002.JPG") is not None, timeout=WAIT_MS)

    # the photographer goes back a frame and picks it while the next frame is being written
    press(qtbot, window, Key.Key_Left)
    assert current(window) == "IMG_0001.JPG"

    def pick_meanwhile(done=[]):
        if not done:
            press(qtbot, window, Key.Key_P)
            done.append(True)
        qtbot.wait(5)
    write_in_place(photos / "df_img18.jpg", tethered / "IMG_0003.JPG", between=pick_meanwhile)
    lands(qtbot, window, "IMG_0003.JPG")
    assert current(window) == "IMG_0001.JPG", "the loupe stays on the frame being judged"
    assert window.model.frame("IMG_0001.JPG").decision == Decision(PICK)
    assert window.model.frame("IMG_0003.JPG").decision == Decision()
    assert window.live.panel.newest.text().startswith("2 Newer")

    # End: back to the newest, and following again
    press(qtbot, window, Key.Key_End)
    assert current(window) == "IMG_0003.JPG"

    # a RAW, then seconds later its JPEG: one frame, named by the JPEG, analysed once
    write_renamed(shared_dir / "raw" / "canon_eos_6d.dng", tethered / "IMG_0004.DNG")
    lands(qtbot, window, "IMG_0004.DNG")
    assert current(window) == "IMG_0004.DNG"
    press(qtbot, window, Key.Key_P)
    press(qtbot, window, Key.Key_3)
    row = window.model.row_of("IMG_0004.DNG")
    camera_jpeg = tmp_path / "camera.jpg"        # the camera's JPEG of the same exposure
    picture = decode_frame(tethered / "IMG_0004.DNG", None).image
    assert cv2.imwrite(str(camera_jpeg), picture, [cv2.IMWRITE_JPEG_QUALITY, 92])
    write_renamed(camera_jpeg, tethered / "IMG_0004.JPG")
    qtbot.waitUntil(lambda: window.model.frame("IMG_0004.JPG") is not None, timeout=WAIT_MS)
    lands(qtbot, window, "IMG_0004.JPG")
    pair = window.model.frame("IMG_0004.JPG")
    assert window.model.frame("IMG_0004.DNG") is None and window.model.row_of("IMG_0004.JPG") == row
    assert pair.raw == tethered / "IMG_0004.DNG"
    assert pair.decision == Decision(PICK, 3) and current(window) == "IMG_0004.JPG"
    assert (pair.result.width, pair.result.height) == picture.shape[1::-1]

    # the JPEG first, then its RAW: the frame keeps its name and its analysis
    write_renamed(photos / "df_img14.jpg", tethered / "IMG_0005.JPG")
    lands(qtbot, window, "IMG_0005.JPG")
    write_in_place(shared_dir / "raw" / "canon_eos_6d.dng", tethered / "IMG_0005.DNG")
    qtbot.waitUntil(lambda: window.model.frame("IMG_0005.JPG").raw is not None, timeout=WAIT_MS)

    assert window.model.rowCount() == 5
    qtbot.waitUntil(lambda: not window.session.analysing(), timeout=WAIT_MS)
    assert {name: analysed[name] for name in ("IMG_0001.JPG", "IMG_0002.JPG", "IMG_0003.JPG",
                                              "IMG_0005.JPG")} == dict.fromkeys(
        ["IMG_0001.JPG", "IMG_0002.JPG", "IMG_0003.JPG", "IMG_0005.JPG"], 1)
    assert analysed["IMG_0004.DNG"] + analysed["IMG_0004.JPG"] == 1, "the pair is analysed once"
    assert sum(analysed.values()) == 5
    qtbot.waitUntil(lambda: all(window.model.thumbnail(frame.name) is not None
                                for frame in window.model.frames()), timeout=WAIT_MS)
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.proxy)

    # what a crash would leave: the catalog holds every decision and analysis by frame
    window.close()
    catalog = Catalog.open(tethered)
    assert catalog.decisions() == {"IMG_0001.JPG": Decision(PICK), "IMG_0004.JPG": Decision(PICK, 3)}
    cached = catalog.results()
    assert cached["IMG_0004.JPG"][0] == FileIdentity.of(tethered / "IMG_0004.JPG")
    assert {"IMG_0001.JPG", "IMG_0002.JPG", "IMG_0003.JPG", "IMG_0004.JPG", "IMG_0005.JPG"} <= set(cached)
    catalog.close()
    again = MainWindow(analysis_jobs=2)
    qtbot.addWidget(again)
    assert again.open_shoot(tethered)
    assert again.model.rowCount() == 5 and not again.session.analysing(), "reopened: nothing analysed again"
    assert again.model.frame("IMG_0004.JPG").decision == Decision(PICK, 3)
    again.close()


def test_a_frame_the_tether_software_takes_away_leaves_unless_decided_on(main_window, qtbot, tethered, shared_dir):
    window, photos = main_window, shared_dir / "photos"
    go_live(window, qtbot, tethered)
    for name, source in (("IMG_0002.JPG", "df_img20.jpg"), ("IMG_0003.JPG", "df_img21.jpg")):
        write_renamed(photos / source, tethered / name)
        lands(qtbot, window, name)
    press(qtbot, window, Key.Key_P)                      # on IMG_0003, the newest
    (tethered / "IMG_0002.JPG").unlink()
    (tethered / "IMG_0003.JPG").rename(tethered.parent / "IMG_0003.JPG")
    qtbot.waitUntil(lambda: window.model.frame("IMG_0002.JPG") is None, timeout=WAIT_MS)
    assert window.model.frame("IMG_0003.JPG") is not None, "a decided frame stays"
    assert window.model.frame("IMG_0001.JPG") is not None, "frames of the shoot before stay"


def test_a_blink_on_the_newest_frame_is_said_large_and_beeps_twice_when_asked(
        main_window, qtbot, tethered, shared_dir, monkeypatch, tmp_path):
    beeps = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    window = main_window
    window.resize(1400, 900)
    go_live(window, qtbot, tethered)
    lands(qtbot, window, "IMG_0001.JPG")
    panel = window.live.panel
    assert not panel.sound.isChecked(), "sound is off by default"
    write_renamed(shared_dir / "photos" / "df_img7.jpg", tethered / "IMG_0002.JPG")
    lands(qtbot, window, "IMG_0002.JPG")
    assert beeps == []
    panel.sound.click()
    assert settings.flag(settings.LIVE_SOUND)
    write_renamed(shared_dir / "photos-more" / "arash_eyes_closed.jpg", tethered / "IMG_0003.JPG")
    lands(qtbot, window, "IMG_0003.JPG")
    assert panel.headline.text() == "Blink"
    assert panel.eyes.text() == "Closed" and "closed" in panel.reason.text()
    qtbot.waitUntil(lambda: len(beeps) == 2, timeout=2000)
    # three different people: the sitter in the chair has one frame, the blink; named as
    # the window's sitters (grouped off the GUI thread) name them once they have it
    qtbot.waitUntil(lambda: panel.coverage.text() == "0 of 1", timeout=WAIT_MS)
    assert panel.coverage_title.text() in ("Usable, this sitter", "Usable, Sitter 3")
    qtbot.waitUntil(lambda: panel.coverage_title.text() == "Usable, Sitter 3", timeout=WAIT_MS)
    assert panel.coverage.text() == "0 of 1"
    # readable from two metres: the headline is at least 40 px tall on a 96-dpi screen
    assert panel.headline.fontMetrics().capHeight() >= 20 and panel.headline.height() >= 40
    qtbot.waitUntil(lambda: window.workspace.loupe.image() is not None, timeout=WAIT_MS)
    qtbot.wait(200)
    save_screenshot(window, tmp_path, "live")


def test_live_session_from_the_file_menu_starts_on_an_empty_folder_and_ends(main_window, qtbot, tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not main_window.open_shoot(empty), "an empty folder is no shoot to cull"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(empty))
    action = main_window.actions_by_name["live_session"]
    action.trigger()
    assert main_window.live.active and action.isChecked() and main_window.live.panel.isVisible()
    assert main_window.live.panel.headline.text() == "Waiting for the first frame"
    assert main_window.actions_by_name["newest_frame"].isEnabled()
    action.trigger()
    assert not main_window.live.active and not action.isChecked()
    assert not main_window.live.panel.isVisible() and main_window.model.shoot.folder == empty
    assert not main_window.actions_by_name["newest_frame"].isEnabled()
    assert main_window.windowTitle() == "empty — ShotKind"


def test_live_command_refuses_a_missing_folder(tmp_path, capsys):
    assert cli.main(["live", str(tmp_path / "no-such-folder")]) == 2
    assert "not a folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        cli.main(["live", ""])
    assert stopped.value.code == 2 and "empty folder name" in capsys.readouterr().err


def test_the_grid_keeps_the_newest_frame_in_view_unless_the_photographer_looks_elsewhere(
        main_window, qtbot, shoot, shared_dir):
    """A day's 60 frames in the grid: at the end of it, each new frame comes into view;
    scrolled back to the first frames, the grid stays where the photographer put it."""
    window, photos = main_window, shared_dir / "photos"
    window.resize(1400, 900)
    go_live(window, qtbot, shoot)
    window.set_mode("grid")
    grid = window.workspace.grid
    press(qtbot, window, Key.Key_End)
    qtbot.waitUntil(lambda: current(window) == window.model.frames()[-1].name, timeout=WAIT_MS)
    write_renamed(photos / "df_img24.jpg", shoot / "LIVE_0001.JPG")
    lands(qtbot, window, "LIVE_0001.JPG")
    assert current(window) == "LIVE_0001.JPG"
    qtbot.waitUntil(lambda: "LIVE_0001.JPG" in grid.visible_names(), timeout=5000)

    qtbot.keyClick(grid, Key.Key_Home)
    first = window.model.frames()[0].name
    assert current(window) == first
    write_renamed(photos / "df_img25.jpg", shoot / "LIVE_0002.JPG")
    lands(qtbot, window, "LIVE_0002.JPG")
    assert current(window) == first and first in grid.visible_names()
    assert "LIVE_0002.JPG" not in grid.visible_names()


def test_a_decided_frame_the_tether_software_renames_keeps_its_decision(main_window, qtbot, tethered, shared_dir):
    """A tester's IMG_0005.JPG got 2 stars and was then renamed Smith_0005.JPG, as Capture
    One's naming does: the stars stayed on a "file not found" row beside a new undecided
    frame, and were gone after reopening."""
    window = main_window
    go_live(window, qtbot, tethered)
    write_renamed(shared_dir / "photos" / "df_img20.jpg", tethered / "IMG_0005.JPG")
    lands(qtbot, window, "IMG_0005.JPG")
    press(qtbot, window, Key.Key_2)
    rows = window.model.rowCount()
    (tethered / "IMG_0005.JPG").rename(tethered / "Smith_0005.JPG")
    qtbot.waitUntil(lambda: window.model.frame("Smith_0005.JPG") is not None, timeout=WAIT_MS)
    renamed = window.model.frame("Smith_0005.JPG")
    assert window.model.frame("IMG_0005.JPG") is None and window.model.rowCount() == rows
    assert renamed.decision.rating == 2 and renamed.result is not None and renamed.result.file == "Smith_0005.JPG"
    assert window.session.catalog.decisions()["Smith_0005.JPG"].rating == 2
    assert read_sidecar(tethered / "Smith_0005.JPG").decision.rating == 2


def test_a_frame_renamed_before_its_verdict_is_analysed_under_its_new_name(main_window, qtbot, tethered, shared_dir,
                                                                            monkeypatch):
    """A review found a frame renamed while its analysis ran left without a verdict: the
    result came back under the old name, and no frame had it."""
    window = main_window
    go_live(window, qtbot, tethered)
    live = window.live
    held = []
    monkeypatch.setattr(live, "_analyse_first", lambda frames: held.extend(frames))   # the verdict not in yet
    write_renamed(shared_dir / "photos" / "df_img20.jpg", tethered / "IMG_0006.JPG")
    qtbot.waitUntil(lambda: window.model.frame("IMG_0006.JPG") is not None, timeout=WAIT_MS)
    press(qtbot, window, Key.Key_3)
    monkeypatch.undo()
    (tethered / "IMG_0006.JPG").rename(tethered / "Smith_0006.JPG")
    qtbot.waitUntil(lambda: window.model.frame("Smith_0006.JPG") is not None
                    and window.model.frame("Smith_0006.JPG").result is not None, timeout=WAIT_MS)
    assert window.model.frame("Smith_0006.JPG").decision.rating == 3


def test_the_next_capture_under_a_renamed_frames_temporary_name_arrives_undecided(main_window, qtbot, tethered,
                                                                                  shared_dir):
    """A tester (D1): capture_tmp_0001.JPG rejected, renamed Smith_0001.JPG by the tether
    software, then the next capture landed as capture_tmp_0001.JPG and arrived rejected,
    reading the sidecar left behind: "2 of 2, 2 rejects"."""
    window, photos = main_window, shared_dir / "photos"
    go_live(window, qtbot, tethered)
    write_renamed(photos / "df_img13.jpg", tethered / "capture_tmp_0001.JPG")
    lands(qtbot, window, "capture_tmp_0001.JPG")
    press(qtbot, window, Key.Key_X)
    assert window.model.frame("capture_tmp_0001.JPG").decision == Decision(REJECT)
    (tethered / "capture_tmp_0001.JPG").rename(tethered / "Smith_0001.JPG")
    qtbot.waitUntil(lambda: window.model.frame("Smith_0001.JPG") is not None, timeout=WAIT_MS)
    assert not (tethered / "capture_tmp_0001.xmp").exists()
    write_renamed(photos / "fr_obama.jpg", tethered / "capture_tmp_0001.JPG")   # the next capture
    lands(qtbot, window, "capture_tmp_0001.JPG")
    assert window.model.frame("capture_tmp_0001.JPG").decision == Decision()
    assert window.model.frame("Smith_0001.JPG").decision == Decision(REJECT)
    assert window.session.keeper.decisions()["capture_tmp_0001.JPG"] == Decision()
    assert read_sidecar(tethered / "Smith_0001.JPG").decision == Decision(REJECT)
    assert read_sidecar(tethered / "capture_tmp_0001.JPG") is None


def test_a_capture_landing_under_the_temporary_name_before_the_rename_is_seen_arrives_undecided(
        main_window, qtbot, tethered, shared_dir):
    """A re-tester deciding fast (D1): the tether software renamed capture_tmp_0001.JPG and
    landed the next capture under that name before the window had seen the rename. The
    rename was missed: Smith_0001.JPG came in undecided, and the new capture, never judged,
    kept the reject (in one run, a pick with five stars)."""
    window, photos = main_window, shared_dir / "photos"
    go_live(window, qtbot, tethered)
    write_renamed(photos / "df_img13.jpg", tethered / "capture_tmp_0001.JPG")
    lands(qtbot, window, "capture_tmp_0001.JPG")
    press(qtbot, window, Key.Key_X)
    (tethered / "capture_tmp_0001.JPG").rename(tethered / "Smith_0001.JPG")
    write_renamed(photos / "fr_obama.jpg", tethered / "capture_tmp_0001.JPG")     # before any event is seen
    new = FileIdentity.of(tethered / "capture_tmp_0001.JPG")
    qtbot.waitUntil(lambda: window.model.frame("Smith_0001.JPG") is not None
                    and window.model.frame("capture_tmp_0001.JPG") is not None
                    and window.model.frame("capture_tmp_0001.JPG").identity == new, timeout=WAIT_MS)
    assert window.model.frame("Smith_0001.JPG").decision == Decision(REJECT)
    assert window.model.frame("capture_tmp_0001.JPG").decision == Decision()
    decisions = window.session.keeper.decisions()
    assert (decisions["Smith_0001.JPG"], decisions["capture_tmp_0001.JPG"]) == (Decision(REJECT), Decision())
