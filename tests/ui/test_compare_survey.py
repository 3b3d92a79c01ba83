"""Compare (two loupes, linked zoom and pan) and survey (N frames tiled) on real photos."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt

from shotkind_desktop.ui.compare_view import CompareView
from shotkind_desktop.ui.loupe_view import FrameView, LoupeView
from shotkind_desktop.ui.overlays import OverlaySet
from shotkind_desktop.ui.survey_view import SurveyView, survey_layout
from views_support import frame_view, save_shot, shown

SELECT, CANDIDATE = "df_img13.jpg", "fr_alex_lacamoire1.jpg"   # two studio headshots, different sizes
SURVEY = ["df_img13.jpg", "fr_obama.jpg", "df_couple.jpg", "df_img61.jpg", "df_img24.jpg"]


@pytest.fixture
def compare(qtbot):
    view = shown(qtbot, CompareView(), 1200, 640)
    view.show_frames(frame_view(SELECT, rating=4, flag="Pick"), frame_view(CANDIDATE, rating=3))
    return view


@pytest.fixture
def survey(qtbot):
    return shown(qtbot, SurveyView(), 1200, 700)


def relative_centre(loupe: LoupeView) -> tuple[float, float]:
    width, height = loupe.full_size()
    return loupe.centre().x() / width, loupe.centre().y() / height


def test_compare_zooming_one_side_zooms_the_other_to_the_same_spot(compare, tmp_path):
    left, right = compare.left, compare.right
    assert left.is_fitted() and right.is_fitted()
    assert compare.left_caption.caption.startswith(SELECT) and "★★★★" in compare.left_caption.caption
    save_shot(compare, tmp_path, "compare_fit.png")
    left.toggle_zoom()
    assert not right.is_fitted()
    assert right.scale() == pytest.approx(left.scale())
    assert relative_centre(right) == pytest.approx(relative_centre(left), abs=1e-3)
    compare.set_overlays(OverlaySet(faces=True))
    save_shot(compare, tmp_path, "compare_100.png")
    left.fit()
    assert right.is_fitted()


def test_compare_link_works_from_either_side_and_follows_a_pan(compare, qtbot):
    left, right = compare.left, compare.right
    right.zoom_100(QPointF(right.full_size()[0] * 0.5, right.full_size()[1] * 0.4))
    assert not left.is_fitted()
    assert relative_centre(left) == pytest.approx(relative_centre(right), abs=1e-3)
    start = QPoint(right.width() // 2, right.height() // 2)
    qtbot.mousePress(right, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(right, start + QPoint(40, 30))
    qtbot.mouseRelease(right, Qt.MouseButton.LeftButton, pos=start + QPoint(40, 30))
    assert relative_centre(right)[1] < 0.4
    assert relative_centre(left) == pytest.approx(relative_centre(right), abs=1e-3)


def test_compare_names_the_frame_whose_guide_was_dragged(compare, qtbot):
    compare.set_overlays(OverlaySet(guides=frozenset({"4:5"}), ratio="4:5"))
    right = compare.right
    centre = right.mapping().rect(right.guides()["4:5"].box).center().toPoint()
    with qtbot.waitSignal(compare.guide_adjusted) as adjusted:
        qtbot.mousePress(right, Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseMove(right, centre + QPoint(30, 0))
        qtbot.mouseRelease(right, Qt.MouseButton.LeftButton, pos=centre + QPoint(30, 0))
    name, ratio, guide = adjusted.args
    assert (name, ratio, guide.ratio) == (CANDIDATE, "4:5", "4:5")


@pytest.mark.parametrize("count", [2, 3, 5])
def test_survey_tiles_the_frames_without_overlap_and_a_click_names_the_frame(survey, qtbot, tmp_path, count):
    frames = [frame_view(name, rating=2) for name in SURVEY[:count]]
    survey.show_frames(frames, active=frames[0].name)
    tiles = survey.tile_rects()
    images = survey.image_rects()
    assert list(tiles) == [f.name for f in frames]
    bounds = QRectF(survey.rect())
    for a, b in itertools.combinations(tiles.values(), 2):
        assert not a.intersects(b)
    for frame in frames:
        tile, image = tiles[frame.name], images[frame.name]
        assert bounds.contains(tile) and tile.contains(image)
        width, height = frame.full_size
        assert image.width() / image.height() == pytest.approx(width / height, rel=0.01)
        assert image.width() > 0.25 * survey.width() / count      # as large as fits, not tiny
    save_shot(survey, tmp_path, f"survey_{count}.png")
    for frame in reversed(frames):
        with qtbot.waitSignal(survey.frame_clicked) as clicked:
            qtbot.mouseClick(survey, Qt.MouseButton.LeftButton, pos=images[frame.name].center().toPoint())
        assert clicked.args == [frame.name]
        assert survey.active == frame.name


def test_survey_outlines_the_active_frame(survey):
    frames = [frame_view(name) for name in SURVEY[:3]]
    survey.show_frames(frames, active=frames[1].name)
    shown = survey.grab().toImage()
    bright = survey.palette().color(survey.palette().ColorRole.BrightText)
    for frame in frames:
        image = survey.image_rects()[frame.name]
        edge = shown.pixelColor(round(image.center().x()), round(image.top() - 2))
        assert (edge == bright) == (frame.name == frames[1].name), frame.name


def test_survey_layout_gives_portrait_frames_a_row_and_many_frames_a_grid():
    area = QRectF(0, 0, 1200, 600)
    row = survey_layout([(800, 1200)] * 3, area, gap=8, caption=20)
    assert len({round(cell.top()) for cell in row}) == 1
    grid = survey_layout([(1500, 1000)] * 6, area, gap=8, caption=20)
    assert len({round(cell.top()) for cell in grid}) == 2 and len({round(c.left()) for c in grid}) == 3
    # an incomplete last row is centred
    five = survey_layout([(1500, 1000)] * 5, area, gap=8, caption=20)
    last_row = [c for c in five if c.top() == five[-1].top()]
    assert (last_row[0].left() - area.left()) == pytest.approx(area.right() - last_row[-1].right())


def test_survey_says_so_for_a_frame_still_loading(survey, tmp_path):
    loading = FrameView("df_img24.jpg", None, (1200, 1120), message="Loading…", caption="df_img24.jpg")
    survey.show_frames([frame_view(SELECT), loading], active=None)
    image = survey.image_rects()["df_img24.jpg"]
    assert image.width() > 100
    save_shot(survey, tmp_path, "survey_loading.png")
