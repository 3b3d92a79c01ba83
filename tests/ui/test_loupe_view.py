"""The loupe on real photos: fit, 100% on the face, panning, click to zoom, previews and the
sharp image, overlays, and dragging crop guides."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from shotkind_desktop.core.judgement.crops import RATIOS
from shotkind_desktop.core.judgement.face_record import face_eyes, main_face_record
from shotkind_desktop.ui.loupe_view import LoupeView
from shotkind_desktop.ui.overlays import OverlaySet
from views_support import analysed, frame_view, photo, save_shot, shown

HEADSHOT = "df_img13.jpg"      # landscape studio headshot, face well inside the frame
OFFICIAL = "fr_obama.jpg"      # portrait frame, face near the top


@pytest.fixture
def loupe(qtbot):
    return shown(qtbot, LoupeView(), 800, 600)


def show(view: LoupeView, name: str, scale: float = 1.0) -> None:
    frame = frame_view(name, scale)
    view.show_frame(frame.image, frame.full_size, frame.faces, frame.guides)


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    array = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return array[:, :image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


def eyes_centre(name: str) -> QPointF:
    """Halfway between the main face's two eyes: where a photographer checks focus."""
    result = analysed(name)
    (rx, ry), (lx, ly) = face_eyes(main_face_record(result.faces, result.width, result.height))
    return QPointF((rx + lx) / 2, (ry + ly) / 2)


def box_centre(name: str) -> QPointF:
    result = analysed(name)
    x, y, w, h = main_face_record(result.faces, result.width, result.height)["box"]
    return QPointF(x + w / 2, y + h / 2)


def test_fit_shows_the_whole_frame_as_large_as_the_view_allows(loupe, tmp_path):
    show(loupe, HEADSHOT)
    width, height = loupe.full_size()
    assert loupe.is_fitted()
    assert loupe.scale() == pytest.approx(min(800 / width, 600 / height))
    shown = loupe.mapping().rect((0, 0, width, height))
    assert shown.left() >= -0.5 and shown.top() >= -0.5
    assert shown.right() <= 800.5 and shown.bottom() <= 600.5
    # it touches two opposite edges: nothing larger would fit
    assert shown.width() == pytest.approx(800, abs=1) or shown.height() == pytest.approx(600, abs=1)
    loupe.resize(500, 700)
    assert loupe.scale() == pytest.approx(min(500 / width, 700 / height))
    save_shot(loupe, tmp_path, "loupe_fit.png")


def test_toggle_zoom_goes_to_100_percent_between_the_eyes_and_back(loupe, qtbot, tmp_path):
    show(loupe, HEADSHOT)
    width, height = loupe.full_size()
    centre = eyes_centre(HEADSHOT)
    assert (centre - box_centre(HEADSHOT)).manhattanLength() > 40, "the eyes are not the box centre here"
    half_w, half_h = 400 / loupe.actual_pixels_scale(), 300 / loupe.actual_pixels_scale()
    assert half_w <= centre.x() <= width - half_w and half_h <= centre.y() <= height - half_h
    with qtbot.waitSignal(loupe.zoom_changed) as zoomed:
        loupe.toggle_zoom()
    assert not loupe.is_fitted()
    assert loupe.scale() == pytest.approx(loupe.actual_pixels_scale())
    assert zoomed.args[0] == pytest.approx(loupe.scale())
    on_screen = loupe.mapping().point(centre.x(), centre.y())
    assert abs(on_screen.x() - 400) <= 1 and abs(on_screen.y() - 300) <= 1
    save_shot(loupe, tmp_path, "loupe_100_face.png")
    loupe.toggle_zoom()
    assert loupe.is_fitted()
    assert loupe.scale() == pytest.approx(min(800 / width, 600 / height))


def test_100_percent_clamps_at_the_frame_edge(loupe):
    show(loupe, OFFICIAL)
    width, _ = loupe.full_size()
    centre = eyes_centre(OFFICIAL)
    half_h = 300 / loupe.actual_pixels_scale()
    assert centre.y() < half_h, "the test needs a face closer to the top than half the view"
    loupe.zoom_100()
    mapping = loupe.mapping()
    assert mapping.point(0, 0).y() == pytest.approx(0, abs=0.5)            # top edge pinned
    assert abs(mapping.point(centre.x(), 0).x() - 400) <= 1                # still centred across
    assert width * loupe.scale() > 800


def test_100_percent_draws_one_frame_pixel_per_device_pixel(loupe):
    show(loupe, HEADSHOT)
    loupe.zoom_100()
    shown = pixels(loupe.grab().toImage())
    full = pixels(photo(HEADSHOT))
    mapping = loupe.mapping()
    for u, v in [(10, 10), (400, 300), (650, 120), (790, 590), (123, 456)]:
        x, y = mapping.to_frame(QPointF(u + 0.5, v + 0.5))
        assert (shown[v, u] == full[int(y), int(x)]).all(), (u, v)


def test_a_preview_maps_through_the_ratio_and_the_sharp_image_swaps_in_place(loupe, tmp_path):
    show(loupe, HEADSHOT, scale=0.25)   # a quarter-size preview of the full frame
    width, height = loupe.full_size()
    fitted_preview = pixels(loupe.grab().toImage())
    loupe.zoom_100()
    scale, centre, mapping = loupe.scale(), loupe.centre(), loupe.mapping()
    blurry = pixels(loupe.grab().toImage())
    save_shot(loupe, tmp_path, "loupe_100_preview.png")
    loupe.set_full_image(photo(HEADSHOT))
    assert (loupe.scale(), loupe.centre(), loupe.mapping()) == (scale, centre, mapping)
    sharp = pixels(loupe.grab().toImage())
    save_shot(loupe, tmp_path, "loupe_100_sharp.png")
    # the same place of the same frame: close overall, but the sharp one has more detail
    assert np.abs(sharp - blurry).mean() < 12
    assert np.abs(np.diff(sharp, axis=1)).mean() > 1.3 * np.abs(np.diff(blurry, axis=1)).mean()
    loupe.fit()
    fitted_full = pixels(loupe.grab().toImage())
    assert np.abs(fitted_full - fitted_preview).mean() < 6
    assert loupe.mapping().rect((0, 0, width, height)).width() == pytest.approx(800, abs=1)


def test_dragging_pans_when_zoomed(loupe, qtbot):
    show(loupe, HEADSHOT)
    loupe.zoom_100()
    before = loupe.centre()
    qtbot.mousePress(loupe, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    with qtbot.waitSignal(loupe.zoom_changed):
        qtbot.mouseMove(loupe, QPoint(280, 220))
    qtbot.mouseRelease(loupe, Qt.MouseButton.LeftButton, pos=QPoint(280, 220))
    after = loupe.centre()
    scale = loupe.scale()
    assert after.x() == pytest.approx(before.x() + 120 / scale)
    assert after.y() == pytest.approx(before.y() + 80 / scale)
    assert not loupe.is_fitted()


def test_a_click_zooms_to_the_point_under_the_mouse_and_back(loupe, qtbot):
    show(loupe, HEADSHOT)
    click = QPoint(330, 260)
    under = loupe.mapping().to_frame(QPointF(click))
    qtbot.mouseClick(loupe, Qt.MouseButton.LeftButton, pos=click)
    assert loupe.scale() == pytest.approx(loupe.actual_pixels_scale())
    assert loupe.mapping().to_frame(QPointF(click)) == pytest.approx(under, abs=1)
    qtbot.mouseClick(loupe, Qt.MouseButton.LeftButton, pos=click)
    assert loupe.is_fitted()


def test_a_zoomed_loupe_stays_zoomed_on_the_next_frames_face(loupe):
    show(loupe, HEADSHOT)
    loupe.zoom_100()
    show(loupe, OFFICIAL)
    assert not loupe.is_fitted()
    assert loupe.scale() == pytest.approx(loupe.actual_pixels_scale())
    centre = eyes_centre(OFFICIAL)
    assert abs(loupe.mapping().point(centre.x(), centre.y()).x() - 400) <= 1


def test_arrow_keys_are_left_to_the_window(qtbot):
    class Window(QWidget):
        def __init__(self):
            super().__init__()
            self.keys = []

        def keyPressEvent(self, event):
            self.keys.append(event.key())

    window = Window()
    qtbot.addWidget(window)
    loupe = LoupeView()
    QVBoxLayout(window).addWidget(loupe)
    window.show()
    show(loupe, HEADSHOT)
    loupe.zoom_100()
    loupe.setFocus()
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
        qtbot.keyClick(loupe, key)
    assert window.keys == [Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down]


def test_o_cycles_off_faces_faces_and_guide_guide_off():
    start = OverlaySet()
    steps = [start]
    for _ in range(4):
        steps.append(steps[-1].cycled())
    assert [(s.faces, sorted(s.guides)) for s in steps] == [
        (False, []), (True, []), (True, [start.ratio]), (False, [start.ratio]), (False, [])]
    ratios = [start.ratio]
    overlay = start
    for _ in RATIOS:
        overlay = overlay.next_ratio()
        ratios.append(overlay.ratio)
        assert overlay.guides == {overlay.ratio}
    assert set(ratios) == set(RATIOS) and ratios[-1] == start.ratio
    assert start.all_guides().guides == set(RATIOS)
    # a ratio chosen with next_ratio() comes back when the cycle turns guides on again
    chosen = start.next_ratio()
    assert chosen.cycled().cycled().cycled().guides == {chosen.ratio}


def test_overlays_draw_over_the_photo_without_tinting_it(loupe, tmp_path):
    show(loupe, HEADSHOT)
    bare = pixels(loupe.grab().toImage())
    loupe.set_overlays(OverlaySet(faces=True))
    faces = pixels(loupe.grab().toImage())
    changed = np.abs(faces - bare).sum(axis=2) > 0
    box = loupe.mapping().rect(main_face_record(analysed(HEADSHOT).faces, *loupe.full_size())["box"])
    # the face box outline is drawn; the middle of the face is untouched
    assert changed[round(box.top()), round(box.center().x())]
    assert not changed[round(box.center().y()), round(box.center().x())]
    save_shot(loupe, tmp_path, "loupe_faces.png")
    for ratio in RATIOS:
        loupe.set_overlays(OverlaySet(faces=True, guides=frozenset({ratio}), ratio=ratio))
        guided = pixels(loupe.grab().toImage())
        guide = loupe.guides()[ratio]
        inside = loupe.mapping().rect(guide.box)
        # outside the crop is dimmed, not tinted: darker by the same factor in each channel
        frame = loupe.mapping().rect((0, 0, *loupe.full_size())).adjusted(3, 3, -3, -3)
        samples = [frame.topLeft(), frame.topRight(), frame.bottomLeft(), frame.bottomRight(),
                   QPointF(frame.center().x(), frame.top()), QPointF(frame.center().x(), frame.bottom()),
                   QPointF(frame.left(), frame.center().y()), QPointF(frame.right(), frame.center().y())]
        outside = [(int(p.x()), int(p.y())) for p in samples if not inside.adjusted(-4, -4, 4, 4).contains(p)]
        assert outside, f"no sample point outside the {ratio} guide"
        for u, v in outside:
            before, after = bare[v, u], guided[v, u]
            assert (after < before).all() or (before < 8).all()
            ratios = after / np.maximum(before, 1)
            assert ratios.max() - ratios.min() < 0.08
        save_shot(loupe, tmp_path, f"loupe_guide_{ratio.replace(':', 'x')}.png")


def test_dragging_a_guide_moves_it_inside_the_frame(loupe, qtbot, tmp_path):
    show(loupe, OFFICIAL)
    loupe.set_overlays(OverlaySet(faces=False, guides=frozenset({"4:5"}), ratio="4:5"))
    guide = loupe.guides()["4:5"]
    width, height = loupe.full_size()
    start = loupe.mapping().rect(guide.box).center().toPoint()
    end = start + QPoint(-90, 40)
    with qtbot.waitSignal(loupe.guide_adjusted) as adjusted:
        qtbot.mousePress(loupe, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(loupe, start + QPoint(-30, 10))
        qtbot.mouseMove(loupe, end)
        qtbot.mouseRelease(loupe, Qt.MouseButton.LeftButton, pos=end)
    ratio, moved = adjusted.args
    assert ratio == "4:5" and moved.ratio == "4:5" and moved.adjusted
    x, y, w, h = guide.box
    scale = loupe.scale()
    expected_x = min(max(x - 90 / scale, 0), width - w)
    expected_y = min(max(y + 40 / scale, 0), height - h)
    assert moved.box == pytest.approx((expected_x, expected_y, w, h), abs=0.5)
    assert (moved.box[0], moved.box[1]) != pytest.approx((x, y), abs=0.5), "the drag moved nothing"
    mx, my, mw, mh = moved.box
    assert mx >= -0.5 and my >= -0.5 and mx + mw <= width + 0.5 and my + mh <= height + 0.5
    assert mw / mh == pytest.approx(4 / 5, abs=0.01)
    assert loupe.guides()["4:5"] == moved
    save_shot(loupe, tmp_path, "loupe_guide_moved.png")


def test_a_click_on_a_guide_zooms_and_its_wobble_moves_nothing(loupe, qtbot):
    """The 4:5 guide of a headshot covers the frame's whole height, so every click lands
    on it. A click, with the few pixels a hand wobbles in it, goes to 100% as anywhere
    else and leaves the guide where it was: export cuts a moved guide, and a tester's
    6-px wobble had shifted a client's crop unseen. Past the start-drag distance the
    press is a drag and moves the guide, by all of the way the pointer went."""
    show(loupe, HEADSHOT)
    loupe.set_overlays(OverlaySet(faces=False, guides=frozenset({"4:5"}), ratio="4:5"))
    guide = loupe.guides()["4:5"]
    shown_guide = loupe.mapping().rect(guide.box)
    assert shown_guide.height() == pytest.approx(loupe.mapping().rect((0, 0, *loupe.full_size())).height(), abs=1)
    press = shown_guide.center().toPoint() + QPoint(-60, 40)
    wobble = QPoint(4, 2)
    assert wobble.manhattanLength() < QApplication.startDragDistance()
    under = loupe.mapping().to_frame(QPointF(press))
    with qtbot.assertNotEmitted(loupe.guide_adjusted):
        qtbot.mousePress(loupe, Qt.MouseButton.LeftButton, pos=press)
        qtbot.mouseMove(loupe, press + QPoint(2, 1))
        qtbot.mouseMove(loupe, press + wobble)
        qtbot.mouseRelease(loupe, Qt.MouseButton.LeftButton, pos=press + wobble)
    assert loupe.guides()["4:5"] == guide
    assert not loupe.is_fitted() and loupe.scale() == pytest.approx(loupe.actual_pixels_scale())
    assert loupe.mapping().to_frame(QPointF(press)) == pytest.approx(under, abs=1)
    loupe.fit()
    corner = loupe.mapping().rect(guide.box).bottomRight().toPoint() + QPoint(-2, -2)
    with qtbot.assertNotEmitted(loupe.guide_adjusted):
        qtbot.mouseClick(loupe, Qt.MouseButton.LeftButton, pos=corner)   # a corner clicked, not dragged
    assert loupe.guides()["4:5"] == guide and not loupe.is_fitted()
    loupe.fit()
    start = QPoint(QApplication.startDragDistance() + 1, 0)
    with qtbot.waitSignal(loupe.guide_adjusted) as adjusted:
        qtbot.mousePress(loupe, Qt.MouseButton.LeftButton, pos=press)
        qtbot.mouseMove(loupe, press - start)
        qtbot.mouseMove(loupe, press - 3 * start)
        qtbot.mouseRelease(loupe, Qt.MouseButton.LeftButton, pos=press - 3 * start)
    moved = adjusted.args[1]
    assert moved.box[0] == pytest.approx(guide.box[0] - 3 * start.x() / loupe.scale(), abs=0.5)
    assert loupe.is_fitted(), "a drag is no click"


def test_dragging_a_corner_resizes_the_guide_keeping_its_ratio(loupe, qtbot):
    show(loupe, OFFICIAL)
    loupe.set_overlays(OverlaySet(guides=frozenset({"4:5"}), ratio="4:5"))
    guide = loupe.guides()["4:5"]
    corner = loupe.mapping().rect(guide.box).bottomRight().toPoint()
    end = corner + QPoint(-60, -75)
    with qtbot.waitSignal(loupe.guide_adjusted) as adjusted:
        qtbot.mousePress(loupe, Qt.MouseButton.LeftButton, pos=corner)
        qtbot.mouseMove(loupe, end)
        qtbot.mouseRelease(loupe, Qt.MouseButton.LeftButton, pos=end)
    _, resized = adjusted.args
    x, y, w, h = resized.box
    assert (x, y) == pytest.approx(guide.box[:2], abs=0.5)          # the opposite corner stays
    assert w < guide.box[2] - 40 and w / h == pytest.approx(4 / 5, abs=0.01)
    width, height = loupe.full_size()
    assert x + w <= width + 0.5 and y + h <= height + 0.5


def test_only_shown_guides_can_be_dragged(loupe, qtbot):
    show(loupe, OFFICIAL)
    loupe.set_overlays(OverlaySet(faces=True))      # faces, no guide
    before = loupe.guides()
    start = loupe.mapping().rect(before["4:5"].box).center().toPoint()
    with qtbot.assertNotEmitted(loupe.guide_adjusted):
        qtbot.mousePress(loupe, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(loupe, start + QPoint(50, 0))
        qtbot.mouseRelease(loupe, Qt.MouseButton.LeftButton, pos=start + QPoint(50, 0))
    assert loupe.guides() == before


def test_the_main_faces_eye_dots_are_the_meshs_eyes(loupe):
    """With the face overlay on, the main face's eye dots sit where the guides' eye line,
    Z and the close-ups look (the mesh's eyes), not on the detector's rougher points."""
    name = "df_img33.jpg"             # a 2048 px frame: the two sit well apart at 100%
    show(loupe, name)
    loupe.toggle_zoom()               # Z: 100% between the eyes
    face = main_face_record(analysed(name).faces, *frame_view(name, 1.0).full_size)
    before = pixels(loupe.grab().toImage())
    loupe.set_overlays(OverlaySet(faces=True))
    after = pixels(loupe.grab().toImage())
    mapping = loupe.mapping()

    def drawn(x, y) -> bool:
        point = mapping.point(x, y)
        u, v = round(point.x()), round(point.y())
        return np.abs(after[v - 1:v + 2, u - 1:u + 2] - before[v - 1:v + 2, u - 1:u + 2]).sum() > 60
    for (ex, ey), (lx, ly) in zip(face["eyes"], face["landmarks"][:2]):
        assert (mapping.point(ex, ey) - mapping.point(lx, ly)).manhattanLength() > 12, "a test that can tell"
        assert drawn(ex, ey) and not drawn(lx, ly)
    assert drawn(*face["landmarks"][2])          # the nose and mouth keep the detector's points


def test_an_unreadable_frame_shows_its_message(loupe, tmp_path):
    message = "Cannot read this file: the JPEG ends early (truncated)"
    loupe.show_frame(None, (4000, 3000), [], {}, message)
    shown = pixels(loupe.grab().toImage())
    background = shown[5, 5]
    text_rows = np.where((np.abs(shown - background).sum(axis=2) > 60).any(axis=1))[0]
    assert len(text_rows) > 0, "no message drawn"
    assert 200 < text_rows.min() and text_rows.max() < 400          # centred
    save_shot(loupe, tmp_path, "loupe_message.png")


def test_without_a_face_100_percent_looks_at_the_middle(loupe):
    show(loupe, "sk_rocket.jpg")
    assert not analysed("sk_rocket.jpg").faces
    width, height = loupe.full_size()
    loupe.toggle_zoom()
    assert loupe.scale() == pytest.approx(loupe.actual_pixels_scale())
    assert (loupe.centre().x(), loupe.centre().y()) == pytest.approx((width / 2, height / 2))


def test_zoomed_in_dragging_inside_a_guide_pans_and_its_corner_still_resizes(loupe, qtbot):
    show(loupe, OFFICIAL)
    loupe.set_overlays(OverlaySet(guides=frozenset({"4:5"}), ratio="4:5"))
    loupe.zoom_100()
    guide = loupe.guides()["4:5"]
    start = QPoint(400, 300)
    assert loupe.mapping().rect(guide.box).contains(QPointF(start))
    before = loupe.centre()
    with qtbot.assertNotEmitted(loupe.guide_adjusted):
        qtbot.mousePress(loupe, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(loupe, start + QPoint(50, 0))
        qtbot.mouseRelease(loupe, Qt.MouseButton.LeftButton, pos=start + QPoint(50, 0))
    assert loupe.centre().x() == pytest.approx(before.x() - 50 / loupe.scale())
    assert loupe.guides()["4:5"] == guide
    corner = loupe.mapping().rect(guide.box).topLeft().toPoint()
    assert loupe.rect().contains(corner), "the test needs the guide's corner on screen"
    with qtbot.waitSignal(loupe.guide_adjusted) as adjusted:
        qtbot.mousePress(loupe, Qt.MouseButton.LeftButton, pos=corner)
        qtbot.mouseMove(loupe, corner + QPoint(40, 50))
        qtbot.mouseRelease(loupe, Qt.MouseButton.LeftButton, pos=corner + QPoint(40, 50))
    resized = adjusted.args[1]
    x, y, w, h = resized.box
    gx, gy, gw, gh = guide.box
    assert (x + w, y + h) == pytest.approx((gx + gw, gy + gh), abs=0.5)   # bottom right stays
    assert w < gw and w / h == pytest.approx(4 / 5, abs=0.01)


def test_refreshing_the_same_frame_keeps_the_view_and_the_sharp_image(loupe, qtbot):
    preview = frame_view(HEADSHOT, scale=0.25)
    loupe.show_view(preview)
    loupe.zoom_100()
    qtbot.mousePress(loupe, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    qtbot.mouseMove(loupe, QPoint(300, 250))
    qtbot.mouseRelease(loupe, Qt.MouseButton.LeftButton, pos=QPoint(300, 250))
    panned = loupe.centre()
    loupe.set_full_image(photo(HEADSHOT))
    sharp = loupe.grab().toImage()
    loupe.show_view(preview)          # e.g. the frame was rated and its caption refreshed
    assert loupe.centre() == panned and not loupe.is_fitted()
    assert loupe.grab().toImage() == sharp
    loupe.show_view(frame_view(OFFICIAL))   # another frame: back to its face
    assert loupe.centre() != panned


def test_an_adjusted_guide_is_drawn_solid_a_computed_one_dashed(loupe, qtbot):
    show(loupe, OFFICIAL)
    loupe.set_overlays(OverlaySet(guides=frozenset({"4:5"}), ratio="4:5", eye_line_and_thirds=False))

    def lit_share_of_bottom_edge() -> float:
        rect = loupe.mapping().rect(loupe.guides()["4:5"].box)
        shown = pixels(loupe.grab().toImage())
        left, right = round(rect.left() + rect.width() * 0.2), round(rect.right() - rect.width() * 0.2)
        rows = [shown[y, left:right].min(axis=1) > 200 for y in range(round(rect.bottom()) - 2,
                                                                        round(rect.bottom()) + 3)]
        return max(row.mean() for row in rows)

    assert not loupe.guides()["4:5"].adjusted
    dashed = lit_share_of_bottom_edge()
    centre = loupe.mapping().rect(loupe.guides()["4:5"].box).center().toPoint()
    with qtbot.waitSignal(loupe.guide_adjusted):
        qtbot.mousePress(loupe, Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseMove(loupe, centre + QPoint(-20, 0))
        qtbot.mouseRelease(loupe, Qt.MouseButton.LeftButton, pos=centre + QPoint(-20, 0))
    assert loupe.guides()["4:5"].adjusted
    solid = lit_share_of_bottom_edge()
    assert solid > 0.95 and dashed < 0.8
