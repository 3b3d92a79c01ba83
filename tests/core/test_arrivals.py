"""A shoot growing during a live session (core.live.arrivals): which frame an arriving file
makes or joins, by the one pairing rule, and the RAW's analysis handed to its JPEG.
Real files from ../shared: a photo as the JPEG, the Canon DNG as the RAW."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import pytest

from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.live.arrivals import (FrameChange, adopted_result, changes_for_arrival,
                                            changes_for_arrivals, picture_size)
from shotkind_desktop.core.files.pairing import FrameFiles, pair_files, scan_pairs


def frames_of(folder: Path, paths: list[Path]) -> dict[str, FrameFiles]:
    return {files.path.relative_to(folder).as_posix(): files for files in pair_files(paths)}


def test_a_lone_file_is_a_new_frame(tmp_path):
    change = changes_for_arrival(tmp_path, {}, tmp_path / "IMG_0001.JPG")
    assert change == [FrameChange(None, FrameFiles(tmp_path / "IMG_0001.JPG"))]


def test_a_jpeg_after_its_raw_renames_the_frame_to_the_pair(tmp_path):
    frames = frames_of(tmp_path, [tmp_path / "IMG_0001.CR2", tmp_path / "IMG_0002.JPG"])
    change = changes_for_arrival(tmp_path, frames, tmp_path / "IMG_0001.JPG")
    assert change == [FrameChange("IMG_0001.CR2", FrameFiles(tmp_path / "IMG_0001.JPG", tmp_path / "IMG_0001.CR2"))]


@pytest.mark.parametrize("platform, pairs", [("linux", False), ("darwin", True), ("win32", True)])
def test_a_jpeg_whose_name_differs_in_case_joins_its_raw_where_the_disk_ignores_case(
        tmp_path, monkeypatch, platform, pairs):
    """Nothing is on this (empty) disk to ask, so the platform's disks decide: img_0001.jpg
    is IMG_0001.CR2's JPEG on macOS and Windows, another photo on Linux."""
    monkeypatch.setattr("sys.platform", platform)
    frames = frames_of(tmp_path, [tmp_path / "IMG_0001.CR2", tmp_path / "IMG_0002.JPG"])
    change = changes_for_arrival(tmp_path, frames, tmp_path / "img_0001.jpg")
    monkeypatch.undo()
    if pairs:
        assert change == [FrameChange("IMG_0001.CR2", FrameFiles(tmp_path / "img_0001.jpg", tmp_path / "IMG_0001.CR2"))]
    else:
        assert change == [FrameChange(None, FrameFiles(tmp_path / "img_0001.jpg"))]


def test_a_raw_after_its_jpeg_keeps_the_frame_name(tmp_path):
    frames = frames_of(tmp_path, [tmp_path / "IMG_0001.JPG"])
    change = changes_for_arrival(tmp_path, frames, tmp_path / "IMG_0001.NEF")
    assert change == [FrameChange("IMG_0001.JPG", FrameFiles(tmp_path / "IMG_0001.JPG", tmp_path / "IMG_0001.NEF"))]


def test_a_third_file_of_a_stem_parts_the_pair_as_opening_would(tmp_path):
    """JPEG + RAW + HEIC of one stem: no telling which picture is the RAW's, so three
    frames, each with its own sidecar names, exactly as a scan of the folder gives."""
    for name in ("IMG_0001.JPG", "IMG_0001.CR2", "IMG_0001.HEIC"):
        (tmp_path / name).write_bytes(b"x")
    frames = frames_of(tmp_path, [tmp_path / "IMG_0001.JPG", tmp_path / "IMG_0001.CR2"])
    changes = changes_for_arrival(tmp_path, frames, tmp_path / "IMG_0001.HEIC")
    scanned = {files.path: files for files in scan_pairs(tmp_path)}
    assert {change.files.path: change.files for change in changes} == scanned
    assert [change.old for change in changes if change.files.path.name == "IMG_0001.JPG"] == ["IMG_0001.JPG"]
    assert sorted(change.old is None for change in changes) == [False, True, True]


def test_a_file_already_in_a_frame_changes_nothing(tmp_path):
    frames = frames_of(tmp_path, [tmp_path / "IMG_0001.JPG", tmp_path / "IMG_0001.CR2"])
    assert changes_for_arrival(tmp_path, frames, tmp_path / "IMG_0001.CR2") == []
    assert changes_for_arrival(tmp_path, frames, tmp_path / "IMG_0001.JPG") == []


def test_files_that_finish_together_are_taken_together(tmp_path):
    """A RAW and its JPEG complete in the same moment: one new frame, the pair; a JPEG
    for a RAW already shown, with a new frame beside it: the RAW's frame renamed, one new."""
    together = changes_for_arrivals(tmp_path, {}, [tmp_path / "IMG_0001.CR2", tmp_path / "IMG_0001.JPG"])
    assert together == [FrameChange(None, FrameFiles(tmp_path / "IMG_0001.JPG", tmp_path / "IMG_0001.CR2"))]
    frames = frames_of(tmp_path, [tmp_path / "IMG_0002.CR2"])
    mixed = changes_for_arrivals(tmp_path, frames, [tmp_path / "IMG_0002.JPG", tmp_path / "IMG_0003.CR2"])
    assert mixed == [FrameChange("IMG_0002.CR2", FrameFiles(tmp_path / "IMG_0002.JPG", tmp_path / "IMG_0002.CR2")),
                     FrameChange(None, FrameFiles(tmp_path / "IMG_0003.CR2"))]


def test_picture_size_reads_the_upright_size_from_the_head(tmp_path, photos, exif_dir, raw_dir):
    assert picture_size(photos / "df_img11.jpg") == cv2.imread(str(photos / "df_img11.jpg")).shape[1::-1]
    sideways = next(p for p in sorted(exif_dir.glob("*.jpg")) if _orientation(p) in (6, 8))
    stored = cv2.imread(str(sideways), cv2.IMREAD_IGNORE_ORIENTATION).shape[:2]   # height, width as stored
    assert picture_size(sideways) == stored                                       # turned upright
    assert picture_size(raw_dir / "canon_eos_6d.dng") is None
    (tmp_path / "cut.jpg").write_bytes(b"\xff\xd8\xff")
    assert picture_size(tmp_path / "cut.jpg") is None


def _orientation(path: Path) -> int:
    from shotkind_desktop.core.files.capture import read_capture_info
    return read_capture_info(path.read_bytes()[:128 * 1024]).orientation


@pytest.fixture(scope="module")
def big_and_small(tmp_path_factory, photos, detectors):
    """One picture twice, as a camera's RAW and JPEG are: the RAW's analysis from the
    full photo, and the JPEG the same picture at two thirds of its size."""
    folder = tmp_path_factory.mktemp("pair")
    shutil.copy(photos / "df_img7.jpg", folder / "IMG_0001.DNG.jpg")
    image = cv2.imread(str(photos / "df_img7.jpg"))
    small = cv2.resize(image, (image.shape[1] * 2 // 3, image.shape[0] * 2 // 3), interpolation=cv2.INTER_AREA)
    cv2.imwrite(str(folder / "IMG_0001.JPG"), small, [cv2.IMWRITE_JPEG_QUALITY, 95])
    raw_result = analyze_frame(folder / "IMG_0001.DNG.jpg", detectors["yunet"], "IMG_0001.DNG")
    jpeg_result = analyze_frame(folder / "IMG_0001.JPG", detectors["yunet"], "IMG_0001.JPG")
    return folder, raw_result, jpeg_result


def test_the_raws_analysis_serves_its_jpeg_in_the_jpegs_pixels(big_and_small):
    folder, raw_result, jpeg_result = big_and_small
    assert raw_result.faces and raw_result.error is None
    adopted = adopted_result(raw_result, "IMG_0001.JPG", "IMG_0001.DNG", picture_size(folder / "IMG_0001.JPG"))
    assert (adopted.file, adopted.raw) == ("IMG_0001.JPG", "IMG_0001.DNG")
    assert (adopted.width, adopted.height) == (jpeg_result.width, jpeg_result.height)
    assert (adopted.kind, adopted.headshot_score, adopted.reasons) == \
        (raw_result.kind, raw_result.headshot_score, raw_result.reasons)
    # where the JPEG's own analysis finds the face, within the detector's own jitter
    face = jpeg_result.faces[0]["box"][2]
    for mine, own in zip(adopted.faces[0]["box"], jpeg_result.faces[0]["box"]):
        assert abs(mine - own) <= 0.05 * face
    for points in ("landmarks", "eyes"):      # the close-ups look at the adopted eyes
        assert len(adopted.faces[0][points]) == len(jpeg_result.faces[0][points])
        for mine, own in zip(adopted.faces[0][points], jpeg_result.faces[0][points]):
            assert abs(mine[0] - own[0]) <= 0.05 * face and abs(mine[1] - own[1]) <= 0.05 * face
    # the crop guides leave room over the adopted hair
    assert abs(adopted.faces[0]["head_top"] - jpeg_result.faces[0]["head_top"]) <= 0.05 * face


def test_a_jpeg_of_another_shape_or_an_unreadable_raw_is_analysed_itself(big_and_small):
    _, raw_result, _ = big_and_small
    width, height = raw_result.width, raw_result.height
    assert adopted_result(raw_result, "IMG_0001.JPG", "IMG_0001.DNG", (width, width)) is None      # cropped square
    assert adopted_result(raw_result, "IMG_0001.JPG", "IMG_0001.DNG", None) is None
    broken = type(raw_result)(file="IMG_0001.DNG", error="corrupt or truncated RAW file")
    assert adopted_result(broken, "IMG_0001.JPG", "IMG_0001.DNG", (width, height)) is None
    # a Sony's RAW (6048 x 4024) and JPEG (6000 x 4000) differ by the sensor's margin: the same picture
    sony = adopted_result(raw_result, "IMG_0001.JPG", "IMG_0001.DNG", (round(width * 0.992), round(height * 0.994)))
    assert sony is not None and sony.width == round(width * 0.992)


@pytest.mark.parametrize("first, second", [("portrait.jpg", "portrait.jpg.jpg"), ("portrait.jpg.jpg", "portrait.jpg")])
def test_an_arrival_whose_stem_is_another_frames_name_does_not_share_its_sidecar(tmp_path, first, second):
    """portrait.jpg.xmp is portrait.jpg's darktable sidecar: a review found portrait.jpg.jpg
    arriving in a live session read it as its own (and wrote into it), because only
    same-stem frames were looked at again. Either order, the arrival's rule and the frame
    already there come out as a whole scan gives them."""
    frames = frames_of(tmp_path, [tmp_path / first])
    changes = changes_for_arrival(tmp_path, frames, tmp_path / second)
    scanned = {f.path.name: f for f in pair_files([tmp_path / first, tmp_path / second])}
    assert {change.files.path.name: change.files for change in changes} == \
        {name: files for name, files in scanned.items() if name == second or files != frames[first]}
    taken = next(f for f in scanned.values() if f.path.name == "portrait.jpg.jpg")
    assert taken.stem_sidecar_taken and taken.sidecars() == (tmp_path / "portrait.jpg.jpg.xmp",)
