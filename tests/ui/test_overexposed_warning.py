"""An overexposed face in the grid, filmstrip and loupe, on a real headshot exposed 0.7
stops over: the warning in words (tooltip and side panel), the zebra badge beside the
others, the "Overexposed" filter, and the bar that still fits a 1280-px window with the
side panel open."""

from __future__ import annotations

import shutil
from dataclasses import replace

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from benchmarks.photo_changes import exposed
from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.judgement.parameters import PASS
from shotkind_desktop.ui.frame_proxy import GridFilter
from shotkind_desktop.core.judgement.frame_warnings import frame_warnings
from shotkind_desktop.ui.shoot_model import ShootModel
from shotkind_desktop.ui.score_bars import ScoreBar
from shotkind_desktop.ui.side_panel import SidePanel, criteria_text
from shotkind_desktop.ui.warning_badges import WARNING_COLOUR, badge_icon, paint_badges
from tests.ui.screenshots import clipped_texts
from test_grid_badges import amber, paint_cell
from views_support import PHOTOS, _detector, analysed, filter_bar_on, proxy_names, save_shot, shown, warning_grid
from tests.ui.window_support import open_shoot

CLEAN = "df_img13.jpg"
BLINK_AND_HAND = "mm_onehand10k_9.jpg"
OVER = "df_img13_over.jpg"        # df_img13 exposed 0.7 stops over, made below
STOPS = 0.7
CELL = 180


@pytest.fixture(scope="module")
def over(tmp_path_factory):
    """(path, result) of df_img13 0.7 stops over, written as a JPEG and analysed."""
    path = tmp_path_factory.mktemp("over") / OVER
    assert cv2.imwrite(str(path), exposed(cv2.imread(str(PHOTOS / CLEAN)), STOPS),
                       [cv2.IMWRITE_JPEG_QUALITY, 92])
    result = analyze_frame(path, _detector())
    assert result.error is None, result.error
    return path, result


@pytest.fixture
def grid(qtbot, over):
    path, over_result = over
    results = {CLEAN: analysed(CLEAN), BLINK_AND_HAND: analysed(BLINK_AND_HAND), OVER: over_result}
    files = {CLEAN: PHOTOS / CLEAN, BLINK_AND_HAND: PHOTOS / BLINK_AND_HAND, OVER: path}
    view, proxy = warning_grid(qtbot, results, files, CELL, spare=24)   # room for the scroll bar
    return view, proxy, list(results)



def test_a_face_burnt_out_is_a_warning_in_words(over):
    _, result = over
    burnt = result.measures["highlights_burnt_out"]
    assert result.measures["subscores"]["highlights"] < PASS
    assert result.measures["subscore_reasons"]["highlights"] == f"highlights burnt out on {burnt:.0%} of the face"
    assert frame_warnings(result) == (("overexposed", f"face overexposed: {burnt:.0%} burnt out"),)
    assert frame_warnings(analysed(CLEAN)) == (), "the original is exposed well"


def test_a_record_without_the_highlights_grade_has_no_exposure_warning(over):
    """Results stored before the grade existed say nothing rather than guess."""
    _, result = over
    subscores = {k: v for k, v in result.measures["subscores"].items() if k != "highlights"}
    older = replace(result, measures={**result.measures, "subscores": subscores})
    assert frame_warnings(older) == ()


def test_each_warning_has_its_own_icon(qapp):
    def pixels(key: str) -> bytes:
        image = badge_icon(key, 20).pixmap(20, 20).toImage()
        return bytes(image.constBits())
    icons = {key: pixels(key) for key in ("eyes", "focus_missed", "hand", "overexposed")}
    assert len(set(icons.values())) == len(icons)


@pytest.mark.parametrize("size", [16.0, 22.0, 40.0])
def test_the_zebra_stripes_stay_apart_on_the_smallest_badge(qtbot, size):
    """Across the badge, from its top left to its bottom right, the frame's corners and
    three stripes between them each show as their own amber run: at the grid's smallest
    badge, stripes that ran together would read as an amber blob."""
    image = QImage(48, 48, QImage.Format.Format_ARGB32)
    image.fill(QColor("#262626"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    covered = paint_badges(painter, (("overexposed", "face overexposed"),), 4 + size, 4 + size, size)
    painter.end()
    assert covered == QRectF(4, 4, size, size)
    diagonal = [image.pixelColor(round(4 + t), round(4 + t)) for t in np.linspace(1, size - 2, 200)]
    warm = [colour.red() - colour.blue() > (WARNING_COLOUR.red() - WARNING_COLOUR.blue()) * 0.5
            for colour in diagonal]
    runs = sum(1 for before, now in zip([False] + warm, warm) if now and not before)
    assert runs >= 4, f"{runs} amber runs across the badge"


def test_the_overexposed_frame_is_badged_and_the_original_is_not(grid, tmp_path):
    view, proxy, names = grid
    row = names.index(OVER)
    corner = QRect(CELL // 2, CELL // 2, CELL // 2, CELL // 2)
    badged = paint_cell(view, row)
    assert amber(badged, corner) > 20, "amber zebras on the overexposed frame"
    assert amber(paint_cell(view, names.index(CLEAN)), corner) < 5, "nothing on the original"
    frame = view.model().index(row, 0).data(ShootModel.FrameRole)
    burnt_result = frame.result
    frame.result = replace(burnt_result, measures={**burnt_result.measures, "subscores": {
        **burnt_result.measures["subscores"], "highlights": 1.0}})
    plain = paint_cell(view, row)
    frame.result = burnt_result
    changed = [(x, y) for y in range(CELL) for x in range(CELL) if badged.pixel(x, y) != plain.pixel(x, y)]
    assert len(changed) > 40 and all(x > CELL * 0.75 and y > CELL * 0.55 for x, y in changed), \
        "one badge at the picture's bottom right, over nothing else"
    tooltip = proxy.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert f"Face overexposed: {burnt_result.measures['highlights_burnt_out']:.0%} burnt out" in tooltip
    view.viewport().update()
    save_shot(view, tmp_path, "grid_overexposed.png")


def test_the_side_panel_says_the_face_is_overexposed(qtbot, over, tmp_path):
    """Beside the criteria, as a hand over the face is; the original says nothing of it."""
    _, result = over
    panel = shown(qtbot, SidePanel(), 340, 1000)
    panel.show_frame(OVER, None, result, None)
    words = dict(frame_warnings(result))["overexposed"]
    assert panel.criteria_label.text() == f"{criteria_text(result.criteria)} · {words}"
    save_shot(panel, tmp_path, "side_panel_overexposed.png")
    panel.show_frame(CLEAN, None, analysed(CLEAN), None)
    assert "overexposed" not in panel.criteria_label.text()


def test_the_overexposed_filter(grid, qtbot):
    view, proxy, names = grid
    bar = filter_bar_on(qtbot, proxy)
    with qtbot.waitSignal(bar.filter_changed) as changed:
        bar.overexposed.setChecked(True)
    assert changed.args[0] == GridFilter(overexposed=True) and changed.args[0].active
    assert proxy_names(proxy) == [OVER], "the overexposed frame shows, the original does not"
    bar.hand_over_face.setChecked(True)          # either warning
    assert proxy_names(proxy) == [BLINK_AND_HAND, OVER]
    bar.overexposed.setChecked(False)
    assert proxy_names(proxy) == [BLINK_AND_HAND]
    bar.hand_over_face.setChecked(False)
    assert proxy_names(proxy) == names and not proxy.frame_filter().active


def test_the_window_with_an_overexposed_frame(main_window, qtbot, shoot, over, tmp_path):
    """The shared shoot and the overexposed copy, in a 1280-px window with the side panel
    open: the four warning toggles and the sort all in view, "Overexposed" keeping the
    frames whose face is burnt out, the side panel saying how much, the loupe badging the
    photo (both saved for looking at)."""
    path, _ = over
    shutil.copy2(path, shoot / OVER)
    open_shoot(main_window, qtbot, shoot, size=(1280, 800))
    qtbot.waitUntil(lambda: main_window.width() == 1280)
    workspace, proxy, model = main_window.workspace, main_window.proxy, main_window.model
    assert workspace.side_panel.isVisible()
    bar = workspace.filter_bar
    assert bar.rows() == 1, "every filter and the sort in one row"
    assert clipped_texts(bar) == []
    qtbot.waitUntil(lambda: model.frame(OVER).result is not None, timeout=60_000)

    bar.overexposed.setChecked(True)
    shown = proxy_names(proxy)
    assert OVER in shown and CLEAN not in shown
    for row in range(proxy.rowCount()):
        assert "overexposed" in [key for key, _ in proxy.index(row, 0).data(ShootModel.WarningsRole)]
    workspace.grid.setCurrentIndex(proxy.index(shown.index(OVER), 0))
    qtbot.waitUntil(lambda: not main_window.session.thumbnails.is_busy(), timeout=30_000)
    qtbot.waitUntil(lambda: workspace.previews.cached(OVER) is not None, timeout=10_000)
    qtbot.wait(50)
    result = model.frame(OVER).result
    words = dict(frame_warnings(result))["overexposed"]
    assert workspace.side_panel.criteria_label.text().endswith(f" · {words}")
    bars = {bar.name: bar for bar in workspace.side_panel.findChildren(ScoreBar) if bar.isVisible()}
    assert bars["highlights"].reason.text() == result.measures["subscore_reasons"]["highlights"]
    assert bars["highlights"].value < PASS
    save_shot(main_window, tmp_path, "overexposed.png")      # docs/screenshots/overexposed.png

    qtbot.keyClick(workspace.grid, Qt.Key.Key_E)
    assert workspace.mode == "loupe"
    assert workspace.loupe.warnings() == frame_warnings(result)
    qtbot.wait(50)
    save_shot(main_window, tmp_path, "loupe_overexposed.png")
