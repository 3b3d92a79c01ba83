"""Where the close-ups and Z look, on real analysed photos: between the eyes, each eye of
a single sitter, each person of a group, with the eye state the judgement gave."""

from __future__ import annotations

import pytest

from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.judgement.closeups import CLOSEUP_SIZE, closeup_spots, crop_box, cut_from_file, eye_states
from shotkind_desktop.core.judgement.face_record import between_eyes, main_face_record
from shotkind_desktop.core.files.previews import decode_preview

SITTER, COUPLE, GROUP, BLINK, NO_FACE = ("df_img13.jpg", "df_couple.jpg", "dlib_2008_007676.jpg",
                                         "mm_onehand10k_9.jpg", "sk_rocket.jpg")


@pytest.fixture(scope="module")
def analysed(photos, detectors):
    return {name: analyze_frame(photos / name, detectors["yunet"])
            for name in (SITTER, COUPLE, GROUP, BLINK, NO_FACE)}


def test_a_single_sitter_is_looked_at_eye_by_eye(analysed):
    result = analysed[SITTER]
    spots = closeup_spots(result)
    (rx, ry), (lx, ly) = result.faces[0]["eyes"]         # the mesh's, not the detector's points
    assert [(s.label, s.centre, s.main) for s in spots] == [("Right eye", (rx, ry), True),
                                                            ("Left eye", (lx, ly), True)]
    assert rx < lx, "the person's right eye is on the image's left"
    for (ex, ey), (px, py) in zip(result.faces[0]["eyes"], result.faces[0]["landmarks"][:2]):
        assert abs(ex - px) + abs(ey - py) < 0.15 * result.faces[0]["box"][3], "both on the same eye"
    assert [s.eyes for s in spots] == ["open", "open"] and result.criteria["eyes"] == "open"


def test_between_the_eyes_is_on_the_eye_line_not_the_face_box_middle(analysed):
    face = analysed[SITTER].faces[0]
    (rx, ry), (lx, ly) = face["eyes"]
    x, y = between_eyes(face)
    assert rx < x < lx and min(ry, ly) <= y <= max(ry, ly)
    bx, by, bw, bh = face["box"]
    assert y < by + bh / 2 - 0.05 * bh, "the eyes sit above the middle of the face box"
    assert between_eyes({"box": face["box"]}) == (bx + bw / 2, by + bh / 2), "without landmarks: the box"


def test_a_group_is_looked_at_face_by_face_left_to_right(analysed):
    for name in (COUPLE, GROUP):
        result = analysed[name]
        spots = closeup_spots(result)
        people = result.measures["people"]
        assert len(spots) == people >= 2, name
        assert [s.label for s in spots] == [f"Face {n}" for n in range(1, people + 1)]
        xs = [s.centre[0] for s in spots]
        assert xs == sorted(xs)
        main = main_face_record(result.faces, result.width, result.height)
        assert [s.centre for s in spots if s.main] == [between_eyes(main)]
        assert {s.eyes for s in spots if not s.main} == {""}, "eyes are measured on the main face only"


def test_a_blink_says_which_eyes_as_the_reasons_do(analysed):
    result = analysed[BLINK]
    assert result.criteria["eyes"] == "closed"
    right, left = eye_states(result)
    reason = next(r for r in result.reasons if r.endswith("closed"))
    expected = {"both eyes closed": ("closed", "closed"),
                "left eye (on the image's right) closed": ("open", "closed"),
                "right eye (on the image's left) closed": ("closed", "open")}[reason]
    assert (right, left) == expected
    assert [s.eyes for s in closeup_spots(result)] == [right, left]


def test_nothing_to_look_at_without_a_face(analysed):
    assert closeup_spots(analysed[NO_FACE]) == [] and closeup_spots(None) == []


def test_the_cuts_are_the_frames_own_pixels_around_each_spot(photos, analysed):
    result = analysed[SITTER]
    full = decode_preview(photos / SITTER, None)
    assert (full.width, full.height) == (result.width, result.height)
    spots = closeup_spots(result)
    for spot, (box, pixels) in zip(spots, cut_from_file(photos / SITTER, (result.width, result.height), spots)):
        x, y, w, h = box
        assert (w, h) == CLOSEUP_SIZE and pixels.shape[:2] == (h, w)
        assert abs(x + w / 2 - spot.centre[0]) <= 1 and abs(y + h / 2 - spot.centre[1]) <= 1
        assert (pixels == full.image[y:y + h, x:x + w]).all()


def test_a_spot_near_the_edge_is_cut_inside_the_frame(analysed):
    result = analysed[SITTER]
    size = (result.width, result.height)
    for centre in ((3.0, 5.0), (result.width - 2.0, result.height - 1.0), (result.width / 2, 10.0)):
        x, y, w, h = crop_box(centre, size)
        assert (w, h) == CLOSEUP_SIZE
        assert 0 <= x and x + w <= result.width and 0 <= y and y + h <= result.height
    assert crop_box((50, 40), (320, 240)) == (0, 0, 320, 240), "a small frame is cut whole"
