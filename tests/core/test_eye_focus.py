"""Focus on the eyes on real photos: read from the file's own pixels, lower when only the
eyes are blurred, unmoved by a blurred background, about the same on a half-size copy,
and the region reader that gets those pixels gives exactly what a whole decode gives."""

from __future__ import annotations


import cv2
import numpy as np
import pytest

from shotkind_desktop.core.files import turbojpeg
from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.files.capture import read_capture_info
from shotkind_desktop.core.files.decode import decode_for_analysis, decode_frame
from shotkind_desktop.core.files.jpeg_region import JpegSource
from shotkind_desktop.core.judgement.measures.eye_focus import measure_eye_focus
from shotkind_desktop.core.files.orientation import upright
from shotkind_desktop.core.judgement.parameters import PARAMETERS
from shotkind_desktop.core.judgement.perception import perceive

# sharp studio and outdoor headshots of both sets, eyes open, eyes 40-130 px wide
SHARP = ["photos/df_img22.jpg", "photos/df_img7.jpg", "photos-more/gpen_ffhq_00001.png",
         "photos-more/dj18_trey-hunner.jpg"]


@pytest.fixture(scope="module")
def yunet(detectors):
    return detectors["yunet"]


def test_regions_are_the_pixels_of_a_whole_decode(shared):
    """With restart markers (phones, editors: one segment per row or several per row) and
    without (the rows above are decoded), in every EXIF orientation, at full and half size."""
    files = {"photos/df_couple.jpg": "restart segments",          # one segment per row
             "exif/exifpy_42_IndexError.jpg": "restart segments",  # 57 segments per row
             "exif/exifpy_67-0_length_string.jpg": "restart segments",
             "exif/iphone_hdr_YES.jpg": "restart segments",
             "exif/canon_hdr_NO.jpg": "rows above decoded",        # no markers, stored sideways
             **{f"exif/orientation_portrait_{n}.jpg": "rows above decoded" for n in range(1, 9)}}
    for name, how in files.items():
        data = (shared / name).read_bytes()
        orientation = read_capture_info(data).orientation
        source = JpegSource(data, orientation)
        width, height = source.upright_size
        for reduction, flag in ((1, cv2.IMREAD_GRAYSCALE), (2, cv2.IMREAD_REDUCED_GRAYSCALE_2)):
            whole = upright(cv2.imdecode(np.frombuffer(data, np.uint8), flag | cv2.IMREAD_IGNORE_ORIENTATION),
                            orientation)
            for box in ((width * 0.3, height * 0.25, width * 0.2, height * 0.1), (0, 0, 40, 30),
                        (width * 0.8, height * 0.9, width * 0.3, height * 0.2)):
                region = source.read_luma(box, reduction)
                assert region.how == how, name
                x, y, w, h = region.box
                assert x <= box[0] + 1 and y <= box[1] + 1, (name, region.box, box)
                assert x + w >= min(width, box[0] + box[2]) - 1 and y + h >= min(height, box[1] + box[3]) - 1
                expected = whole[y // reduction:y // reduction + region.luma.shape[0],
                                 x // reduction:x // reduction + region.luma.shape[1]]
                assert np.array_equal(region.luma, expected), (name, reduction, box)


def test_a_region_outside_the_picture_is_none(shared):
    source = JpegSource((shared / "photos/df_couple.jpg").read_bytes())
    assert source.read_luma((5000, 5000, 10, 10)) is None


@pytest.mark.skipif(not turbojpeg.available(), reason="libturbojpeg0 is not installed")
def test_the_working_picture_from_turbojpeg_planes_is_opencvs(shared):
    """The one-pass decode (luma at twice the size for the eyes) gives the working picture
    OpenCV's reduced decode gives: within a level or two, more only at colour edges of a
    4:2:2 file (the two decoders bring its colour planes to size differently)."""
    for name in ("photos/df_img13.jpg", "photos-more/arash_eyes_closed.jpg", "exif/canon_hdr_NO.jpg"):
        data = (shared / name).read_bytes()
        frame = decode_for_analysis(shared / name)
        reduction = {2048: 2, 3840: 2}.get(max(frame.width, frame.height), 1)
        reference = upright(cv2.imdecode(np.frombuffer(data, np.uint8),
                                         {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2}[reduction]
                                         | cv2.IMREAD_IGNORE_ORIENTATION), frame.capture.orientation)
        if reference.shape != frame.image.shape:
            reference = cv2.resize(reference, frame.image.shape[1::-1], interpolation=cv2.INTER_AREA)
        difference = np.abs(reference.astype(int) - frame.image.astype(int))
        assert difference.mean() < 1.0 and np.percentile(difference, 99) <= 10, name


def test_eyes_are_read_from_the_files_own_pixels(shared, yunet):
    """A 2048-px JPEG is analysed at 1024 px, its eyes at full resolution: the figure is the
    one the whole picture decoded at full resolution gives."""
    path = shared / "photos/df_img13.jpg"
    result = analyze_frame(path, yunet)
    assert result.measures["eye_focus_read_at"] == "full resolution"
    whole = decode_frame(path, None)
    seen = perceive(whole.image, yunet)
    direct = measure_eye_focus(seen.mesh, seen.luma, None)
    assert direct.read_at == "working"
    assert result.measures["eye_focus"] == pytest.approx(direct.value, abs=0.05)
    assert result.measures["eye_focus_state"] == "sharp"
    assert "eyes sharp" in result.reasons


def test_a_soft_face_with_sharp_eyes_is_judged_by_its_eyes(shared, yunet):
    """A small face in a crowd: the whole face at 128 px reads soft, its eyes at their own
    pixels sharp. A tester read "face looks soft" beside "eyes sharp" as a contradiction;
    a photographer judges the eyes at 100%, so focus is theirs, with one reason."""
    result = analyze_frame(shared / "photos/mm_panoptic_ex2_2_000040_l.jpg", yunet)
    assert result.measures["eye_focus_state"] == "sharp"
    assert result.measures["focus"] < PARAMETERS.sharp_limit       # the face at 128 px
    assert result.measures["subscores"]["sharpness"] == 1.0
    assert result.measures["subscore_reasons"]["sharpness"] == "eyes sharp"
    assert not [reason for reason in result.reasons if "soft" in reason]


def test_without_turbojpeg_the_eyes_read_the_same(shared, yunet, monkeypatch):
    """Another system without libturbojpeg: OpenCV decodes at twice the working size."""
    path = shared / "photos-more/arash_eyes_closed.jpg"
    with_library = analyze_frame(path, yunet)
    monkeypatch.setattr(turbojpeg, "planes", lambda data, reduction: None)
    without = analyze_frame(path, yunet)
    assert without.measures["eye_focus"] == pytest.approx(with_library.measures["eye_focus"], abs=0.05)
    assert without.kind == with_library.kind and without.criteria == with_library.criteria


def _blurred(image: np.ndarray, mask: np.ndarray, sigma: float) -> np.ndarray:
    soft = cv2.GaussianBlur(image, (0, 0), sigma)
    weight = mask[..., None]
    return (image * (1 - weight) + soft * weight).round().astype(np.uint8)


def _eye_mask(shape, landmarks) -> tuple[np.ndarray, float]:
    """Both eyes' regions with their lids, lashes and brows (what lies in the eyes' focal
    plane; 1 inside, feathered), from the detector's eye landmarks."""
    (ax, ay), (bx, by) = landmarks[0], landmarks[1]
    eye = np.hypot(bx - ax, by - ay) / 2.3              # eye width from the eyes' distance
    mask = np.zeros(shape[:2], np.float32)
    for x, y in ((ax, ay), (bx, by)):
        cv2.rectangle(mask, (int(x - 1.3 * eye), int(y - eye)), (int(x + 1.3 * eye), int(y + 0.8 * eye)), 1, -1)
    return cv2.GaussianBlur(mask, (0, 0), 0.1 * eye), eye


@pytest.mark.parametrize("name", SHARP)
def test_blurred_eyes_read_soft_and_a_blurred_background_does_not(shared, yunet, tmp_path, name):
    """Only the eyes blurred (by 1/25 of the eye's width: a focus miss at 100%): lower,
    and not sharp. Everything but the head blurred: the eyes read as before."""
    path = shared / name
    original = analyze_frame(path, yunet)
    assert original.measures["eye_focus_state"] == "sharp"
    image = cv2.imread(str(path))
    face = original.faces[0]
    mask, eye = _eye_mask(image.shape, face["landmarks"])
    soft_eyes = tmp_path / "soft_eyes.png"
    cv2.imwrite(str(soft_eyes), _blurred(image, mask, eye / 25))
    soft = analyze_frame(soft_eyes, yunet)
    assert soft.measures["eye_focus"] < original.measures["eye_focus"] - 0.3
    assert soft.measures["eye_focus_state"] in ("slightly soft", "missed")
    assert soft.kind == original.kind        # eye focus stays out of the headshot judgement

    x, y, w, h = face["box"]
    head = np.zeros(image.shape[:2], np.float32)
    cv2.rectangle(head, (int(x - 0.4 * w), int(y - 0.6 * h)), (int(x + 1.4 * w), int(y + 1.4 * h)), 1, -1)
    background = tmp_path / "soft_background.png"
    cv2.imwrite(str(background), _blurred(image, 1 - cv2.GaussianBlur(head, (0, 0), 0.05 * w), 6))
    behind = analyze_frame(background, yunet)
    assert behind.measures["eye_focus"] == pytest.approx(original.measures["eye_focus"], abs=0.05)
    assert behind.measures["eye_focus_state"] == "sharp"


def test_focus_on_the_hair_is_found(shared, yunet, tmp_path):
    """The eyes and the face below them soft, the hair sharp: where the focus went is said."""
    path = shared / "photos/df_img7.jpg"
    original = analyze_frame(path, yunet)
    image = cv2.imread(str(path))
    face = original.faces[0]
    x, y, w, h = face["box"]
    below_hairline = np.zeros(image.shape[:2], np.float32)
    top = int(face["landmarks"][0][1] - 0.35 * h)
    below_hairline[top:, :] = 1
    _, eye = _eye_mask(image.shape, face["landmarks"])
    soft = tmp_path / "hair_in_focus.png"
    cv2.imwrite(str(soft), _blurred(image, cv2.GaussianBlur(below_hairline, (0, 0), 0.05 * h), eye / 15))
    result = analyze_frame(soft, yunet)
    assert result.measures["eye_focus_state"] == "missed"
    assert result.measures["eye_focus_sharpest"] == "hair"
    assert "focus missed: sharpest on the hair" in result.reasons


@pytest.mark.parametrize("name", SHARP)
def test_a_half_size_copy_reads_about_the_same(shared, yunet, tmp_path, name):
    path = shared / name
    original = analyze_frame(path, yunet)
    image = cv2.imread(str(path))
    half = tmp_path / "half.png"
    cv2.imwrite(str(half), cv2.resize(image, (image.shape[1] // 2, image.shape[0] // 2),
                                      interpolation=cv2.INTER_AREA))
    copy = analyze_frame(half, yunet)
    assert copy.measures["eye_focus"] == pytest.approx(original.measures["eye_focus"], abs=0.2)
    assert copy.measures["eye_focus_state"] == original.measures["eye_focus_state"]


def test_closed_and_hidden_eyes(shared, yunet):
    """A blink has a figure but no verdict (the blink is the verdict); no face, no figure."""
    closed = analyze_frame(shared / "photos-more/arash_eyes_closed.jpg", yunet)
    assert closed.criteria["eyes"] == "closed"
    assert closed.measures["eye_focus"] is not None and closed.measures["eye_focus_state"] is None
    nobody = analyze_frame(shared / "exif/canon_hdr_NO.jpg", yunet)
    assert nobody.measures["eye_focus"] is None and nobody.measures["eye_focus_state"] is None


def test_the_limits_lie_between_sharp_and_soft():
    assert PARAMETERS.eye_missed < PARAMETERS.eye_sharp
