"""The face close-ups in the real main window on copies of the shared photos: a single
sitter's eyes (a group's faces) at 100% from the full-resolution file, cut off the GUI
thread, with the analysis's eye state; a click zooms the loupe there; the next frame's
close-ups are there as soon as the frame is."""

from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from shotkind_desktop.core.judgement.closeups import eye_states
from shotkind_desktop.ui.closeup_loader import CloseupLoader
from shotkind_desktop.ui.closeup_panel import spot_caption
from tests.ui.screenshots import save_screenshot
from tests.ui.window_support import CULLING_SIZE, go_to, open_shoot, press, shown_names

Key = Qt.Key
HEADSHOT = "df_img13.jpg"        # one sitter, 2048 px wide, eyes well inside the frame
COUPLE = "df_couple.jpg"         # two people side by side
BLINK = "mm_onehand10k_9.jpg"    # the shared set's photo labelled with closed eyes
NO_FACE = "sk_rocket.jpg"


def rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return pixels[:, :image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


@pytest.fixture
def loupe_with_closeups(main_window, qtbot, shoot):
    open_shoot(main_window, qtbot, shoot, CULLING_SIZE)
    press(qtbot, main_window, Key.Key_E)
    qtbot.keyClick(main_window, Key.Key_Z, Qt.KeyboardModifier.ShiftModifier)
    assert main_window.actions_by_name["closeups"].isChecked()
    assert main_window.workspace.closeups.isVisible()
    return main_window


def test_a_single_sitters_eyes_at_100_percent_from_the_full_file(loupe_with_closeups, qtbot, shoot,
                                                                  monkeypatch, tmp_path):
    window = loupe_with_closeups
    workspace, panel = window.workspace, window.workspace.closeups
    threads = []
    cut = CloseupLoader.cut
    monkeypatch.setattr(CloseupLoader, "cut",
                        staticmethod(lambda job: threads.append(threading.current_thread()) or cut(job)))
    go_to(window, HEADSHOT)
    assert [spot.label for spot in panel.spots] == ["Right eye", "Left eye"]
    result = window.model.frame(HEADSHOT).result
    assert [spot.eyes for spot in panel.spots] == list(eye_states(result)) == ["open", "open"]
    qtbot.waitUntil(lambda: len(panel.closeups) == 2, timeout=10_000)
    assert threads and threading.main_thread() not in threads, "decoded off the GUI thread"

    full = cv2.cvtColor(cv2.imread(str(shoot / HEADSHOT)), cv2.COLOR_BGR2RGB).astype(int)
    assert full.shape[1] == result.width > 2 * panel.width() / 2, "a frame larger than its tiles"
    face = result.faces[0]
    assert face["eyes"] != face["landmarks"][:2], "the mesh's eyes, not the detector's points"
    for spot, eye in zip(panel.spots, face["eyes"]):
        closeup = panel.closeups[spot]
        x, y, w, h = closeup.box
        assert spot.centre == tuple(eye)
        assert x < eye[0] < x + w and y < eye[1] < y + h
        pixels = rgb(closeup.image)
        assert pixels.shape[:2] == (h, w), "one file pixel per close-up pixel"
        assert np.abs(pixels - full[y:y + h, x:x + w]).mean() < 2, "the file's own pixels there"

    # drawn at 100%: the tile shows frame pixels one for one, the eye in its middle
    tile = panel.tile_rects()[0]
    closeup = panel.closeups[panel.spots[0]]
    shown = panel.image_rect(tile, closeup)
    assert shown.width() * panel.devicePixelRatioF() == pytest.approx(closeup.image.width())
    drawn = rgb(panel.grab().toImage())
    cx, cy = panel.spots[0].centre
    u, v = round(tile.center().x()), round(tile.center().y())
    # the tile's middle is the spot to within a pixel's rounding (an eye's edges leave no
    # slack for more)
    assert min(np.abs(drawn[v - 3:v + 4, u - 3:u + 4] - full[round(cy) + dy - 3:round(cy) + dy + 4,
                                                            round(cx) + dx - 3:round(cx) + dx + 4]).mean()
               for dx in (-1, 0, 1) for dy in (-1, 0, 1)) < 6
    qtbot.waitUntil(lambda: workspace.previews.cached(HEADSHOT) is not None, timeout=10_000)
    qtbot.wait(50)
    save_screenshot(window, tmp_path, "closeups")

    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton, pos=tile.center().toPoint())
    loupe = workspace.loupe
    assert loupe.scale() == pytest.approx(loupe.actual_pixels_scale())
    assert abs(loupe.centre().x() - cx) < 2 and abs(loupe.centre().y() - cy) < 2, "100% on that eye"
    qtbot.waitUntil(lambda: loupe.image() is not None and loupe.image().width() == result.width,
                    timeout=10_000)


def test_the_next_frames_closeups_are_there_with_it(loupe_with_closeups, qtbot):
    window = loupe_with_closeups
    workspace, panel = window.workspace, window.workspace.closeups
    names = shown_names(window)
    start = next(i for i in range(len(names) - 1)
                 if all(window.model.frame(n).result.faces for n in names[i:i + 2]))
    go_to(window, names[start])
    following = window.model.frame(names[start + 1])
    qtbot.waitUntil(lambda: workspace.closeup_loader.cached(following) is not None
                    and workspace.previews.cached(following.name) is not None, timeout=15_000)
    press(qtbot, window, Key.Key_Right)
    assert panel.name == following.name
    assert panel.spots and set(panel.closeups) == set(panel.spots), "prefetched: no waiting"


def test_the_next_frame_comes_ready_to_draw(loupe_with_closeups, qtbot, monkeypatch):
    """A step with the close-ups open does no image work on the GUI thread: the preview
    arrives shrunk to the loupe's fitted view by its worker, the close-ups in the window's
    pixel format, so painting copies pixels instead of scaling or converting them."""
    window = loupe_with_closeups
    workspace, loupe, panel = window.workspace, window.workspace.loupe, window.workspace.closeups
    names = shown_names(window)
    start = next(i for i in range(len(names) - 1)
                 if all(window.model.frame(n).result.faces for n in names[i:i + 2]))
    go_to(window, names[start])
    following = window.model.frame(names[start + 1])
    qtbot.waitUntil(lambda: workspace.closeup_loader.cached(following) is not None
                    and workspace.previews.cached(following.name) is not None, timeout=15_000)
    preview = workspace.previews.cached(following.name)
    width, height, dpr = loupe.fit_box()
    assert preview.fitted is not None and preview.fitted.devicePixelRatio() == dpr
    fitted = (preview.fitted.width(), preview.fitted.height())
    assert fitted[0] <= width and fitted[1] <= height and (fitted[0] == width or fitted[1] == height)
    assert fitted[0] < preview.image.width(), "smaller than the preview: the loupe would scale it"

    scaled_here = []
    original = QImage.scaled
    monkeypatch.setattr(QImage, "scaled", lambda image, *args: scaled_here.append(args) or original(image, *args))
    press(qtbot, window, Key.Key_Right)
    loupe.repaint()
    panel.repaint()
    assert panel.name == following.name and set(panel.closeups) == set(panel.spots)
    assert scaled_here == [], "the loupe drew the worker's picture"
    assert {c.image.format() for c in panel.closeups.values()} == {QImage.Format.Format_RGB32}

    # and it is the frame, as large as the view allows
    shown = loupe.mapping().rect((0, 0, *loupe.full_size()))
    assert abs(shown.width() * dpr - fitted[0]) <= 1 and abs(shown.height() * dpr - fitted[1]) <= 1
    drawn = rgb(loupe.grab(shown.toAlignedRect()).toImage().scaled(96, 96))
    source = rgb(preview.image.scaled(96, 96))
    assert np.median(np.abs(drawn - source)) <= 2, "the preview's picture, not another frame's"


def test_a_group_shows_each_face_and_a_blink_says_which_eyes(loupe_with_closeups, qtbot, tmp_path):
    window = loupe_with_closeups
    panel = window.workspace.closeups
    go_to(window, COUPLE)
    assert [spot.label for spot in panel.spots] == ["Face 1", "Face 2"]
    xs = [spot.centre[0] for spot in panel.spots]
    assert xs == sorted(xs), "left to right, as in the picture"
    assert [spot.main for spot in panel.spots].count(True) == 1
    main = next(spot for spot in panel.spots if spot.main)
    assert main.eyes == "open" and spot_caption(main).endswith("eyes open")
    qtbot.waitUntil(lambda: len(panel.closeups) == 2 and window.workspace.previews.cached(COUPLE) is not None,
                    timeout=10_000)       # (None would pass: waitUntil takes it for an assert-style callback)
    qtbot.wait(50)
    assert window.grab().save(str(tmp_path / "closeups-group.png"))          # to look at

    go_to(window, BLINK)
    result = window.model.frame(BLINK).result
    assert result.criteria["eyes"] == "closed"
    assert [spot.eyes for spot in panel.spots] == list(eye_states(result))
    assert "closed" in [spot.eyes for spot in panel.spots]
    assert any(spot_caption(spot).endswith("closed") for spot in panel.spots)

    go_to(window, NO_FACE)
    assert panel.spots == [] and panel.message == "No face in this frame"


def test_in_compare_the_closeups_follow_the_active_side(main_window, qtbot, shoot):
    open_shoot(main_window, qtbot, shoot, CULLING_SIZE)
    workspace = main_window.workspace
    go_to(main_window, HEADSHOT)
    press(qtbot, main_window, Key.Key_C)
    main_window.actions_by_name["closeups"].trigger()
    select, candidate = workspace.sets.compared()
    assert workspace.closeups.name == select.name
    qtbot.mouseClick(workspace.compare.right_caption, Qt.MouseButton.LeftButton)
    assert workspace.closeups.name == candidate.name
    press(qtbot, main_window, Key.Key_G)
    assert not workspace.closeups.isVisible(), "the grid has no large view to go with them"
