"""Face detection with both backends on real photos, and faces in upright coordinates."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image

from benchmarks.face_crops import face_crop, labelled_faces
from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.files.decode import decode_for_analysis
from shotkind_desktop.core.judgement import faces as faces_module
from shotkind_desktop.core.judgement.face_record import main_face
from shotkind_desktop.core.judgement.parameters import PARAMETERS
from shotkind_desktop.core.judgement.faces import (YUNET_MODEL_VARIABLE, MtcnnDetector, YunetDetector, find_faces,
                                                   make_detector)

DETECTORS = ["mtcnn", "yunet"]


def inside(point, box, margin=0.0) -> bool:
    x, y, w, h = box
    return x - margin * w <= point[0] <= x + w + margin * w and y - margin * h <= point[1] <= y + h + margin * h


@pytest.mark.parametrize("name", DETECTORS)
def test_the_face_of_a_labelled_headshot_is_found_with_its_landmarks(detectors, photos, name):
    frame = decode_for_analysis(photos / "df_img11.jpg")     # labels.csv: headshot, 1 face
    faces = detectors[name].detect(frame.image)
    assert len(faces) == 1
    face = faces[0]
    x, y, w, h = face.box
    height, width = frame.image.shape[:2]
    assert 0.25 < h / height < 0.7                       # chest-up: a large face
    assert 0 <= x and x + w <= width and 0 <= y and y + h <= height
    assert face.confidence >= detectors[name].min_confidence
    assert len(face.landmarks) == 5
    assert all(inside(point, face.box) for point in face.landmarks)
    left_eye, right_eye, nose, mouth_left, mouth_right = face.landmarks
    assert left_eye[0] < right_eye[0] and mouth_left[0] < mouth_right[0]   # image left first
    assert max(left_eye[1], right_eye[1]) < nose[1] < min(mouth_left[1], mouth_right[1])


@pytest.mark.parametrize("name", DETECTORS)
@pytest.mark.parametrize("photo", ["sk_coffee.png", "dlib_horses.jpg"])
def test_no_face_is_found_where_there_is_no_person(detectors, photos, name, photo):
    frame = decode_for_analysis(photos / photo)
    assert detectors[name].detect(frame.image) == []
    result = analyze_frame(photos / photo, detectors[name])    # with any retry it makes
    assert result.faces == [] and result.kind == "none"


@pytest.mark.parametrize("name", DETECTORS)
def test_analyze_frame_reports_faces_in_full_resolution_pixels(detectors, photos, name):
    path = photos / "df_img13.jpg"            # 2048 x 1364: analysed at half size
    frame = decode_for_analysis(path)
    assert frame.scale == pytest.approx(0.5)
    working = find_faces(detectors[name], frame.image)
    result = analyze_frame(path, detectors[name])
    assert (result.width, result.height) == (2048, 1364)
    assert len(result.faces) == len(working) == 1
    assert result.faces[0]["box"] == pytest.approx([v * 2 for v in working[0].box], abs=0.2)
    assert np.array(result.faces[0]["landmarks"]) == pytest.approx(
        np.array(working[0].landmarks) * 2, abs=0.2)
    assert all(inside(p, result.faces[0]["box"]) for p in result.faces[0]["landmarks"])


# EXIF orientation -> how to turn the upright pixels so that a viewer applying that
# orientation shows them upright again.
STORE_ROTATED = {6: cv2.ROTATE_90_COUNTERCLOCKWISE, 8: cv2.ROTATE_90_CLOCKWISE, 3: cv2.ROTATE_180}


def write_with_orientation(upright_bgr: np.ndarray, orientation: int, path) -> None:
    stored = cv2.rotate(upright_bgr, STORE_ROTATED[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(cv2.cvtColor(stored, cv2.COLOR_BGR2RGB)).save(path, quality=95, exif=exif)


@pytest.mark.parametrize("name", DETECTORS)
@pytest.mark.parametrize("photo", ["df_img11.jpg", "df_img13.jpg"])
@pytest.mark.parametrize("orientation", [6, 8, 3])
def test_faces_of_an_exif_rotated_copy_are_in_upright_coordinates(detectors, photos, tmp_path,
                                                                  name, photo, orientation):
    original = analyze_frame(photos / photo, detectors[name])
    rotated_path = tmp_path / f"rotated_{orientation}.jpg"
    write_with_orientation(cv2.imread(str(photos / photo)), orientation, rotated_path)
    assert Image.open(rotated_path).getexif()[0x0112] == orientation

    rotated = analyze_frame(rotated_path, detectors[name])
    assert rotated.error is None
    assert (rotated.width, rotated.height) == (original.width, original.height)
    assert len(rotated.faces) == len(original.faces) == 1
    expected, found = np.array(original.faces[0]["box"]), np.array(rotated.faces[0]["box"])
    face_size = expected[3]
    assert np.abs(found - expected).max() < 0.08 * face_size
    landmarks_expected = np.array(original.faces[0]["landmarks"])
    landmarks_found = np.array(rotated.faces[0]["landmarks"])
    assert np.abs(landmarks_found - landmarks_expected).max() < 0.08 * face_size
    assert rotated.kind == original.kind


# ---- choosing a detector ----------------------------------------------------------------

def test_yunet_model_comes_from_the_environment(monkeypatch, yunet_model, photos):
    monkeypatch.setenv(YUNET_MODEL_VARIABLE, str(yunet_model))
    detector = make_detector("yunet")
    assert isinstance(detector, YunetDetector) and detector.name == "yunet"
    frame = decode_for_analysis(photos / "df_img11.jpg")
    assert len(detector.detect(frame.image)) == 1


def test_an_explicit_model_wins_over_the_environment(monkeypatch, yunet_model, tmp_path):
    monkeypatch.setenv(YUNET_MODEL_VARIABLE, str(tmp_path / "missing.onnx"))
    assert make_detector("yunet", yunet_model).name == "yunet"
    with pytest.raises(FileNotFoundError, match="missing.onnx"):
        make_detector("yunet")


def test_default_detector_is_the_bundled_yunet(monkeypatch, photos):
    monkeypatch.delenv(YUNET_MODEL_VARIABLE, raising=False)
    detector = make_detector()
    assert isinstance(detector, YunetDetector) and detector.name == "yunet"
    assert len(detector.detect(decode_for_analysis(photos / "df_img11.jpg").image)) == 1
    assert isinstance(make_detector("mtcnn"), MtcnnDetector)


def test_unknown_detector_names_the_choices():
    with pytest.raises(ValueError, match="yunet.*mtcnn"):
        make_detector("haar")


# ---- the main face -------------------------------------------------------------------

@pytest.mark.parametrize("name", DETECTORS)
def test_main_face_of_a_group_is_the_largest(detectors, photos, name):
    frame = decode_for_analysis(photos / "df_selfie_many_people.jpg")
    faces = detectors[name].detect(frame.image)
    assert len(faces) >= 3
    height, width = frame.image.shape[:2]
    chosen = main_face(faces, width, height)
    assert chosen in faces
    assert chosen.height >= 0.9 * max(face.height for face in faces)
    assert main_face([], width, height) is None


def test_yunet_quick_look_finds_the_subjects_the_full_look_finds(monkeypatch, shared):
    """The half-size first look is trusted only when its largest face is big enough; on
    every labelled photo it then finds the same subjects, in the same place, as looking
    at the detector's full size does (groups and small faces fall through to it)."""
    detector = make_detector("yunet")
    quick, full = [], []
    for folder in ("photos", "photos-more"):
        for path in sorted((shared / folder).glob("*.*")):
            if path.suffix.lower() not in (".jpg", ".png"):
                continue
            image = decode_for_analysis(path).image
            quick.append(find_faces(detector, image))
            with monkeypatch.context() as patch:
                patch.setattr(faces_module, "YUNET_QUICK_ENOUGH", float("inf"))
                full.append(find_faces(detector, image))
    assert len(quick) > 100
    subjects = [[f for f in found if f.height >= PARAMETERS.subject_face_ratio * found[0].height] if found else []
                for found in (*quick, *full)]
    counts = [len(s) for s in subjects]
    assert counts[:len(quick)] == counts[len(quick):]

    def same(a, b) -> bool:
        (ax, ay, _, ah), (bx, by, bw, bh) = a.box, b.box
        return abs(ax - bx) < 0.15 * bw and abs(ay - by) < 0.15 * bh and 0.85 < ah / bh < 1.15

    for seen_quick, seen_full in zip(subjects[:len(quick)], subjects[len(quick):]):
        assert all(any(same(a, b) for b in seen_full) for a in seen_quick)


def test_a_tight_face_crop_of_web_size_is_found(monkeypatch, shared):
    """Every labelled subject's face cut out as a web or dataset portrait is: a square
    the size of its detector box, at 512 and 600 px. YuNet, trained on faces up to about
    300 px, misses such a face at its own size now and then, and the look at half size
    finds it; with that look turned off, the same crops lose several faces."""
    detector = make_detector("yunet")
    crops = [face_crop(image, box, 1.0, size)
             for image, box in labelled_faces(detector, shared) for size in (512, 600)]
    assert len(crops) == 2 * 108
    missed = sum(not find_faces(detector, crop) for crop in crops)
    monkeypatch.setattr(faces_module, "YUNET_QUICK_ENOUGH", float("inf"))   # no half-size look
    missed_without = sum(not find_faces(detector, crop) for crop in crops)
    assert missed <= 1 < 5 <= missed_without, (missed, missed_without)
