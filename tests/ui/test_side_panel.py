"""The side panel on real photos: capture info from EXIF, the two scores, one bar per
sub-score with its reason (eyes, gaze, expression and hands among them), the criteria in
words, the histogram's clipping readout, and the states in between."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QScrollArea, QWidget

from shotkind_desktop.core.records import HAND_PLACES, FrameResult
from shotkind_desktop.core.files.capture import read_capture_info
from shotkind_desktop.core.judgement.histogram import clipped_fractions, histogram
from shotkind_desktop.core.judgement.focus_words import focus_grade
from shotkind_desktop.core.files.previews import decode_preview
from shotkind_desktop.core.shoot import scan_frames
from shotkind_desktop.ui.preview_loader import PreviewLoader
from shotkind_desktop.ui.side_panel import SidePanel, capture_rows, criteria_text
from views_support import PHOTOS, analysed, save_shot, shown

WITH_LENS = "df_img13.jpg"      # Canon EXIF with lens, focal length, aperture, shutter
COUPLE = "df_couple.jpg"        # two people: a portrait with a zero "people" bar
NO_PERSON = "sk_rocket.jpg"
EYES_CLOSED = "mm_onehand10k_9.jpg"   # eyes closed, a hand over the mouth
BAR_ORDER = ["sharpness", "eyes", "expression", "gaze", "covered", "facing", "lighting",
             "highlights", "backdrop", "framing", "people"]


@pytest.fixture
def panel(qtbot):
    return shown(qtbot, SidePanel(), 340, 1000)


def rgb(name: str) -> np.ndarray:
    return cv2.cvtColor(cv2.imread(str(PHOTOS / name)), cv2.COLOR_BGR2RGB)


def photo_histogram(name: str) -> dict:
    image = rgb(name)
    return {**histogram(image), "clipped": clipped_fractions(image)}


def test_while_the_preview_loads_the_panel_says_so_not_that_the_file_has_none(panel):
    """A tester read "No histogram" and a column of dashes as a file without EXIF, on a
    frame whose preview (which brings both) was still being decoded."""
    panel.show_frame(WITH_LENS, None, analysed(WITH_LENS), None, loading=True)
    assert {value.text() for value in panel.capture_values.values()} == {"…"}
    assert panel.histogram.loading
    capture = read_capture_info((PHOTOS / WITH_LENS).read_bytes())
    panel.show_frame(WITH_LENS, capture, analysed(WITH_LENS), photo_histogram(WITH_LENS))
    assert panel.capture_values["Camera"].text() == capture.camera and not panel.histogram.loading
    panel.show_frame(COUPLE, None, analysed(COUPLE), None)          # loaded: it has none
    assert "…" not in {value.text() for value in panel.capture_values.values()}


def test_capture_info_from_a_real_photos_exif(panel, tmp_path):
    capture = read_capture_info((PHOTOS / WITH_LENS).read_bytes())
    assert capture.camera and capture.lens and capture.shutter, "the test photo lost its EXIF"
    panel.show_frame(WITH_LENS, capture, analysed(WITH_LENS), photo_histogram(WITH_LENS))
    shown = {label: value.text() for label, value in panel.capture_values.items()}
    assert shown["Camera"] == capture.camera
    assert shown["Lens"] == capture.lens
    assert shown["Shutter"] == f"{capture.shutter} s"
    assert shown["Focal length"] == f"{capture.focal_length:.0f} mm"
    assert shown["Aperture"] == f"f/{capture.aperture:g}"
    assert shown["ISO"] == str(capture.iso)
    assert shown["Captured"] == capture.capture_time.strftime("%Y-%m-%d %H:%M:%S")
    assert f"{capture.shutter} s" in panel.exposure_label.text()
    assert panel.title.text() == WITH_LENS
    save_shot(panel, tmp_path, "side_panel_headshot.png")


def test_focus_on_closed_eyes_is_the_faces(panel):
    """A tester saw a full "Eye focus 1.00" bar beside "focus on the eyes not judged" on an
    old man looking down: closed eyes have a focus value, but it is not judged. The focus
    bar then says the whole face's focus."""
    name = "mm_300vw_401_000731.jpg"
    result = analysed(name)
    assert result.measures["eye_focus"] is not None and result.measures["eye_focus_state"] is None
    panel.show_frame(name, read_capture_info((PHOTOS / name).read_bytes()), result, photo_histogram(name))
    focus = next(bar for bar in panel.bars if bar.name == "sharpness")
    assert focus.reason.text().startswith("face") and "eye" not in focus.reason.text()


def test_capture_words():
    from datetime import datetime

    from shotkind_desktop.core.files.capture import CaptureInfo
    rows = dict(capture_rows(CaptureInfo(datetime(2026, 11, 23, 14, 3, 21), "Nikon Z 8", "NIKKOR Z 85mm f/1.8 S",
                                         85.0, 2.8, "1/200", 400)))
    assert rows == {"Camera": "Nikon Z 8", "Lens": "NIKKOR Z 85mm f/1.8 S", "Focal length": "85 mm",
                    "Aperture": "f/2.8", "Shutter": "1/200 s", "ISO": "400", "Captured": "2026-11-23 14:03:21"}
    assert set(dict(capture_rows(None)).values()) == {"—"}


@pytest.mark.parametrize("name", [WITH_LENS, COUPLE])
def test_one_bar_per_sub_score_with_its_reason(panel, tmp_path, name):
    result = analysed(name)
    panel.show_frame(name, read_capture_info((PHOTOS / name).read_bytes()), result, photo_histogram(name))
    subscores = result.measures["subscores"]
    reasons = result.measures["subscore_reasons"]
    scored = panel.bars
    assert sorted(bar.name for bar in scored) == sorted(subscores)
    # what decides a reject within a pose first, what the setup fixes for the pose last
    assert [bar.name for bar in scored] == [name for name in BAR_ORDER if name in subscores]
    focus = scored[0]                    # the open eyes' focus at 100%
    assert focus.name == "sharpness" and focus.title.text() == "Focus"
    assert focus.value == pytest.approx(focus_grade(result.measures["eye_focus"]), abs=0.01)
    assert focus.reason.text() == "eyes sharp" and "eyes sharp" in result.reasons
    for bar in scored:
        value = subscores[bar.name]
        assert bar.value == pytest.approx(value)
        assert bar.reason.text() == reasons[bar.name] and reasons[bar.name]
        assert bar.reason.text() in result.reasons
        assert bar.number.text() == f"{value:.2f}"
        assert bar.toolTip(), f"no tooltip for {bar.name}"
        assert bar.isVisible()
    assert panel.headshot.number.text() == f"{result.headshot_score:.0f}"
    assert panel.portrait.number.text() == f"{result.portrait_score:.0f}"
    assert panel.headshot.toolTip() and panel.portrait.toolTip()
    assert panel.kind_label.text() == {"headshot": "Headshot", "portrait": "Portrait"}[result.kind]
    assert not panel.analysing.isVisible() and not panel.error_box.isVisible()
    save_shot(panel, tmp_path, f"side_panel_{name.split('.')[0]}.png")


@pytest.mark.parametrize("height, first", [(650, ["sharpness", "eyes"]),
                                           (950, ["sharpness", "eyes", "expression", "gaze", "covered"])])
def test_the_bars_that_reject_within_a_pose_show_without_a_scroll(qtbot, tmp_path, height, first):
    """A tester's panel in a 1024 × 700 window (650 px tall) showed only Framing and
    People, and Focus needed a scroll even at 1600 × 1000 (950 px): the bars that reject a
    frame within a pose (focus on the eyes, a blink, the expression, then gaze and a hand)
    come first, where a short panel still shows them, and the ones a pose shares last."""
    panel = shown(qtbot, SidePanel(), 300, height)
    result = analysed(WITH_LENS)
    panel.show_frame(WITH_LENS, read_capture_info((PHOTOS / WITH_LENS).read_bytes()), result,
                     photo_histogram(WITH_LENS))
    qtbot.wait(10)
    viewport = panel.findChild(QScrollArea).viewport()

    def in_view(bar) -> bool:
        return viewport.rect().contains(QRect(bar.mapTo(viewport, QPoint(0, 0)), bar.size()))

    bars = {bar.name: bar for bar in panel.bars}
    assert [name for name in bars if in_view(bars[name])][:len(first)] == first
    assert not in_view(bars["people"]), "the panel is short enough to need a scroll"
    save_shot(panel, tmp_path, f"side_panel_{height}.png")


def test_eyes_expression_and_hands_are_shown(panel, tmp_path):
    result = analysed(EYES_CLOSED)
    assert result.criteria["eyes"] == "closed" and result.measures["covered"]
    panel.show_frame(EYES_CLOSED, None, result, photo_histogram(EYES_CLOSED))
    # the mouth's shape is read under the hand (engine 10): the words name both
    assert panel.criteria_label.text().endswith(
        f"eyes closed · {criteria_text({'expression': result.criteria['expression']})} · "
        f"{HAND_PLACES[result.measures['covered']]}")
    bars = {bar.name: bar for bar in panel.bars}
    assert "eye" in bars["eyes"].reason.text() and "closed" in bars["eyes"].reason.text()
    assert bars["covered"].title.text() == "Hands"
    assert bars["covered"].reason.text() == HAND_PLACES[result.measures['covered']]
    assert bars["eyes"].value < 0.5 and bars["covered"].value < 0.5
    save_shot(panel, tmp_path, "side_panel_eyes_closed.png")


def test_criteria_words():
    criteria = {"framing": "head-shoulders", "frontal": "yes", "backdrop": "plain",
                "lighting": "even", "eyes": "open", "expression": "smile"}
    assert criteria_text(criteria) == ("head and shoulders · facing the camera · plain backdrop · "
                                       "even light · eyes open · smiling")
    assert criteria_text({**criteria, "eyes": "closed", "expression": "laugh"}).endswith(
        "eyes closed · laughing")
    assert criteria_text({**criteria, "eyes": "hidden", "expression": "other"}).endswith(
        "eyes hidden · strong expression")
    assert criteria_text({**criteria, "expression": "neutral"}).endswith("neutral expression")
    # a mouth outside the frame leaves the expression empty; old results have neither word
    assert criteria_text({**criteria, "expression": ""}).endswith("even light · eyes open")
    assert criteria_text({"framing": "closeup", "frontal": "no"}) == "closeup · turned away"
    assert criteria_text({**criteria, "expression": ""}, "mouth").endswith("eyes open · hand over the mouth")
    assert criteria_text(criteria, focus="focus missed on the eyes").endswith(
        "eyes open · focus missed on the eyes · smiling")


def test_the_couple_shows_why_it_is_no_headshot(panel):
    result = analysed(COUPLE)
    panel.show_frame(COUPLE, None, result, None)
    people = next(bar for bar in panel.bars if bar.name == "people")
    assert people.value < 0.5
    assert "2 people" in people.reason.text()


def test_a_frame_without_a_person_says_no_face(panel, tmp_path):
    result = analysed(NO_PERSON)
    assert result.kind == "none"
    panel.show_frame(NO_PERSON, None, result, photo_histogram(NO_PERSON))
    assert panel.kind_label.text() == "No face"
    assert [label.text() for label in panel.reason_labels] == result.reasons
    save_shot(panel, tmp_path, "side_panel_no_person.png")


def test_analysing_then_error_states(panel, qtbot, tmp_path):
    panel.show_frame("df_img11.jpg", None, None, None)
    assert panel.analysing.isVisible()
    assert not panel.headshot.isVisible() and not panel.bars
    panel.show_frame(COUPLE, None, analysed(COUPLE), None)
    assert panel.bars and not panel.analysing.isVisible()
    broken = FrameResult(file="broken.jpg", error="cannot read broken.jpg: the JPEG data ends early")
    panel.show_frame("broken.jpg", None, broken, None)
    assert panel.error_box.isVisible() and "ends early" in panel.error_box.text()
    assert not panel.bars and not panel.headshot.isVisible() and not panel.analysing.isVisible()
    qtbot.wait(10)   # let the layout settle, as the event loop would before the next paint
    assert panel.error_box.height() >= 2 * panel.fontMetrics().height()   # title and message
    save_shot(panel, tmp_path, "side_panel_error.png")


def test_clipping_readout_is_what_the_preview_loader_measured(panel, qtbot, tmp_path):
    """The figures the app supplies: the preview loader's, on the preview it decoded.
    (The test used to hand the panel a pair the app never made, while the app's panel
    showed an estimate from the histogram's end bins.)"""
    blown = tmp_path / "blown.jpg"
    cv2.imwrite(str(blown), np.clip(cv2.imread(str(PHOTOS / WITH_LENS)).astype(int) * 3, 0, 255))
    loader = PreviewLoader()
    shown_figures = {}
    for path in (PHOTOS / WITH_LENS, blown):
        frame = next(f for f in scan_frames(path.parent).frames if f.name == path.name)
        with qtbot.waitSignal(loader.ready, timeout=30_000) as ready:
            loader.want([frame])
        preview = ready.args[0]
        panel.show_frame(path.name, preview.capture, None, preview.histogram)
        decoded = decode_preview(path, loader.long_side).image
        shadows, highlights = clipped_fractions(decoded)
        assert panel.clipping_label.text() == (f"Shadows clipped {shadows:.1%}   "
                                               f"Highlights clipped {highlights:.1%}")
        shown_figures[path.name] = highlights
    assert shown_figures["blown.jpg"] > shown_figures[WITH_LENS] + 0.05
    loader.wait()


def test_everything_scales_with_the_font(qtbot):
    """No fixed pixel sizes: a twice-as-large font (large text settings) makes a panel
    twice as wide with twice as large score numbers."""
    small = SidePanel()
    parent = QWidget()
    qtbot.addWidget(small)
    qtbot.addWidget(parent)
    font = QFont(parent.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    parent.setFont(font)
    large = SidePanel(parent)
    assert large.sizeHint().width() == pytest.approx(2 * small.sizeHint().width(), rel=0.15)
    assert large.headshot.number.font().pointSizeF() == pytest.approx(
        2 * small.headshot.number.font().pointSizeF())


def test_refreshing_the_same_result_keeps_the_bars(panel):
    result = analysed(COUPLE)
    panel.show_frame(COUPLE, None, result, None)
    bars = list(panel.bars)
    panel.show_frame(COUPLE, None, result, None)     # e.g. after the photographer rated it
    assert panel.bars == bars
    panel.show_frame(WITH_LENS, None, analysed(WITH_LENS), None)
    assert {b.name: b.value for b in panel.bars} == pytest.approx(analysed(WITH_LENS).measures["subscores"])
    measures = analysed(WITH_LENS).measures
    for bar in panel.bars:                       # the new frame's words, not the last
        assert bar.number.text() == f"{measures['subscores'][bar.name]:.2f}"
        assert bar.reason.text() == measures["subscore_reasons"][bar.name]
    panel.show_frame(NO_PERSON, None, analysed(NO_PERSON), None)
    assert not panel.bars and all(bar.isHidden() for bar in bars), "no face: reasons only"
    assert [label.text() for label in panel.reason_labels] == list(analysed(NO_PERSON).reasons)
    panel.show_frame(COUPLE, None, result, None)
    assert [(b.name, b.value) for b in panel.bars] == [(b.name, b.value) for b in bars]
    assert not any(bar.isHidden() for bar in panel.bars)
