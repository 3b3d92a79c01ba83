"""The grid's warning badges on real analysed photos: closed eyes and a hand over the face
are marked on their cells (and said in the tooltip), a clean headshot has none, and the
"Eyes closed" filter keeps only the blinks."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.shoot import Frame, Shoot
from shotkind_desktop.ui.frame_proxy import FrameProxy, GridFilter
from shotkind_desktop.core.records import HAND_PLACES
from shotkind_desktop.ui.warning_badges import WARNING_COLOUR
from shotkind_desktop.ui.grid_view import FrameListView
from shotkind_desktop.core.judgement.frame_warnings import frame_warnings
from shotkind_desktop.ui.shoot_model import ShootModel
from views_support import PHOTOS, analysed, filter_bar_on, photo, proxy_names, save_shot, shown

HEADSHOT = "df_img13.jpg"
BLINK_AND_HAND = "mm_onehand10k_9.jpg"    # eyes closed, a hand over the mouth
NAMES = [HEADSHOT, BLINK_AND_HAND, "df_couple.jpg", "mm_cofw_001805.jpg", "df_img11.jpg"]
CELL = 180


@pytest.fixture
def grid(qtbot):
    """The real list view, proxy, model and delegate over five analysed photos."""
    frames = [Frame(name, FrameFiles(PHOTOS / name), order, None, result=analysed(name))
              for order, name in enumerate(NAMES)]
    model = ShootModel()
    model.load(Shoot(PHOTOS, frames))
    for name in NAMES:
        model.set_thumbnail(name, photo(name).scaled(384, 256, Qt.AspectRatioMode.KeepAspectRatio,
                                                     Qt.TransformationMode.SmoothTransformation))
    proxy = FrameProxy(model)
    view = FrameListView(CELL)
    view.setModel(proxy)
    shown(qtbot, view, CELL * len(NAMES) + 4, CELL + 4)
    qtbot.wait(100)          # the model's batched dataChanged
    return view, proxy, model


def paint_cell(view: FrameListView, row: int) -> QImage:
    image = QImage(CELL, CELL, QImage.Format.Format_ARGB32)
    image.fill(0)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, CELL, CELL)
    option.font = view.font()
    painter = QPainter(image)
    view.delegate.paint(painter, option, view.model().index(row, 0))
    painter.end()
    return image


def amber(image: QImage, rect: QRect) -> int:
    return sum(1 for y in range(rect.top(), rect.bottom() + 1) for x in range(rect.left(), rect.right() + 1)
               if all(abs(a - b) < 30 for a, b in zip(image.pixelColor(x, y).getRgb()[:3],
                                                      WARNING_COLOUR.getRgb()[:3])))


def test_the_warnings_come_from_the_analysis():
    blink = analysed(BLINK_AND_HAND)
    assert blink.criteria["eyes"] == "closed" and blink.measures["covered"]
    assert frame_warnings(blink) == (("eyes", "eyes closed"),
                                     ("hand", HAND_PLACES[blink.measures['covered']]))
    assert frame_warnings(analysed(HEADSHOT)) == ()
    assert frame_warnings(None) == ()


def test_closed_eyes_and_a_hand_are_badged_and_a_clean_headshot_is_not(grid, tmp_path):
    view, proxy, model = grid
    row = NAMES.index(BLINK_AND_HAND)
    index = proxy.index(row, 0)
    assert index.data(ShootModel.WarningsRole) == frame_warnings(analysed(BLINK_AND_HAND))
    assert "Eyes closed, hand over the" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert proxy.index(NAMES.index(HEADSHOT), 0).data(Qt.ItemDataRole.ToolTipRole) == HEADSHOT

    badged = paint_cell(view, row)
    frame = model.frame(BLINK_AND_HAND)
    frame.result = replace(frame.result, criteria={**frame.result.criteria, "eyes": "open"},
                           measures={**frame.result.measures, "covered": None})
    plain = paint_cell(view, row)
    corner = QRect(CELL // 2, CELL // 2, CELL // 2, CELL // 2)
    assert amber(badged, corner) > 40 + amber(plain, corner), "two amber icons"
    changed = [(x, y) for y in range(CELL) for x in range(CELL) if badged.pixel(x, y) != plain.pixel(x, y)]
    assert changed and all(x > CELL * 0.6 and y > CELL * 0.55 for x, y in changed), \
        "the badges sit at the picture's bottom right, over nothing else"
    frame.result = analysed(BLINK_AND_HAND)
    assert amber(paint_cell(view, NAMES.index(HEADSHOT)), corner) < 5
    view.viewport().update()
    save_shot(view, tmp_path, "grid_badges.png")


def test_the_eyes_closed_filter_keeps_only_the_blinks(grid, qtbot):
    view, proxy, model = grid
    bar = filter_bar_on(qtbot, proxy)
    with qtbot.waitSignal(bar.filter_changed) as changed:
        bar.eyes_closed.setChecked(True)
    assert changed.args[0] == GridFilter(eyes_closed=True) and changed.args[0].active
    closed = [name for name in NAMES if analysed(name).criteria.get("eyes") == "closed"]
    assert BLINK_AND_HAND in closed and HEADSHOT not in closed
    assert proxy_names(proxy) == closed
    bar.eyes_closed.setChecked(False)
    assert proxy.rowCount() == len(NAMES) and not proxy.frame_filter().active


def test_the_window_filtered_to_the_blinks(main_window, qtbot, shoot, tmp_path):
    """The shared shoot with "Eyes closed" on: badged cells, and the side panel saying which
    eye and why (saved for looking at)."""
    main_window.resize(1400, 900)
    with qtbot.waitSignal(main_window.shoot_opened):
        assert main_window.open_shoot(shoot)
    workspace = main_window.workspace
    workspace.filter_bar.eyes_closed.setChecked(True)
    proxy = main_window.proxy
    assert proxy.rowCount() > 0
    for row in range(proxy.rowCount()):
        assert ("eyes", "eyes closed") in proxy.index(row, 0).data(ShootModel.WarningsRole)
    workspace.grid.setCurrentIndex(proxy.index(0, 0))
    qtbot.waitUntil(lambda: not main_window.session.thumbnails.is_busy(), timeout=30_000)
    current = workspace.current_frame().name
    qtbot.waitUntil(lambda: workspace.previews.cached(current) is not None, timeout=10_000)
    qtbot.wait(50)
    assert "eyes closed" in workspace.side_panel.criteria_label.text()
    save_shot(main_window, tmp_path, "grid_eyes_closed.png")


def test_an_error_message_is_cut_to_the_whole_words_that_fit_a_small_tile(qtbot):
    """A filmstrip tile holds three lines: the words that fit and "…", never a line cut in
    half at the tile's edge (the tooltip has the whole message). (Failed before: the
    wrapped text ran over the tile's top and bottom.)"""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    from shotkind_desktop.ui.grid_delegate import WRAPPED, fitted

    metrics = QFontMetricsF(QApplication.font())
    room = QRectF(0, 0, 70, 3 * metrics.height())
    message = "not an image: the file holds text, not JPG data"
    assert metrics.boundingRect(room, WRAPPED, message).height() > room.height()
    shown = fitted(metrics, room, message)
    assert shown.endswith("…") and message.startswith(shown[:-1])
    assert metrics.boundingRect(room, WRAPPED, shown).height() <= room.height()
    assert fitted(metrics, QRectF(0, 0, 600, room.height()), message) == message
