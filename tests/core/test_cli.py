"""`shotkind analyze` run as a user runs it: exit codes, the JSON and CSV reports,
workers, recursion."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from shotkind_desktop.core.judgement.faces import YUNET_MODEL_VARIABLE
from shotkind_desktop.core.report import CSV_COLUMNS

FRAME_KEYS = {"file", "width", "height", "kind", "headshot_score", "portrait_score", "faces",
              "measures", "criteria", "reasons", "error", "raw", "captured", "sitter", "group",
              "keeper_rank", "keeper_reason"}
MEASURE_KEYS = {"face_fraction", "yaw", "pitch", "roll", "away_from_lens", "lighting_evenness", "highlights_burnt_out",
                "backdrop_plainness", "sharpness", "people"}
CRITERIA_WORDS = {
    "framing": {"closeup", "head-shoulders", "half-body", "full-body", "group", "no-person"},
    "frontal": {"yes", "partly", "no", ""},      # "" where there is no face to turn
    "backdrop": {"plain", "busy"},
    "lighting": {"even", "dramatic"},
    "eyes": {"open", "closed", "hidden", ""},
    "expression": {"neutral", "smile", "laugh", "other", ""},
}


@pytest.fixture(scope="module")
def shoot(tmp_path_factory, shared):
    """A small real shoot: a headshot, a photo with no person, a camera-rotated frame,
    an empty file, and a sub-folder with another headshot."""
    folder = tmp_path_factory.mktemp("shoot")
    shutil.copy(shared / "photos" / "df_img11.jpg", folder / "headshot.jpg")
    shutil.copy(shared / "photos" / "sk_coffee.png", folder / "coffee.png")
    shutil.copy(shared / "exif" / "canon_hdr_NO.jpg", folder / "IMG_0001.JPG")
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "day 2").mkdir()
    shutil.copy(shared / "photos" / "df_img13.jpg", folder / "day 2" / "headshot2.jpg")
    return folder


@pytest.fixture(scope="module")
def stdout_report(shoot, cli):
    run = cli(str(shoot), "--json", "-", "--jobs", "1")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def file_reports(shoot, cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    run = cli(str(shoot), "--recursive", "--jobs", "1", "--json", str(out / "r.json"),
              "--csv", str(out / "r.csv"))
    assert run.returncode == 0, run.stderr
    assert run.stdout == ""                   # the report went to the file
    return (json.loads((out / "r.json").read_text(encoding="utf-8")),
            (out / "r.csv").read_text(encoding="utf-8"))


def frames_by_file(report) -> dict:
    return {frame["file"]: frame for frame in report["frames"]}


# ---- the JSON report -------------------------------------------------------------------

def test_json_on_stdout_has_the_documented_shape(stdout_report, shoot):
    report = stdout_report
    assert report["version"] == 1
    assert report["folder"] == str(shoot)
    assert report["detector"] == "yunet"
    frames = frames_by_file(report)
    assert set(frames) == {"headshot.jpg", "coffee.png", "IMG_0001.JPG", "empty.jpg"}
    for frame in report["frames"]:
        assert set(frame) == FRAME_KEYS, frame["file"]


def test_json_frames_with_a_face(stdout_report):
    frame = frames_by_file(stdout_report)["headshot.jpg"]
    assert (frame["width"], frame["height"]) == (600, 800)
    assert frame["error"] is None
    assert frame["kind"] in ("headshot", "portrait")
    assert 0 <= frame["headshot_score"] <= 100 and 0 <= frame["portrait_score"] <= 100
    assert len(frame["faces"]) == 1
    face = frame["faces"][0]
    # the main face: its turn, its eyes and the top of its hair
    assert set(face) == {"box", "confidence", "landmarks", "yaw", "eyes", "head_top"}
    x, y, w, h = face["box"]
    assert 0 <= x < x + w <= 600 and 0 <= y < y + h <= 800
    assert 0 <= face["head_top"] < y
    assert 0 < face["confidence"] <= 1
    assert len(face["landmarks"]) == 5 and all(len(point) == 2 for point in face["landmarks"])
    for eye, point in zip(face["eyes"], face["landmarks"][:2]):      # the mesh's, near the detector's
        assert len(eye) == 2 and abs(eye[0] - point[0]) + abs(eye[1] - point[1]) < 0.25 * w
    assert MEASURE_KEYS <= set(frame["measures"])
    assert frame["measures"]["people"] == 1
    for key in MEASURE_KEYS - {"people"}:
        assert isinstance(frame["measures"][key], (int, float)), key
    for key in ("lighting_evenness", "highlights_burnt_out", "backdrop_plainness", "sharpness"):
        assert 0 <= frame["measures"][key] <= 1, key
    assert 0 < frame["measures"]["face_fraction"] < 1
    measures = frame["measures"]   # the angle to the lens is at least the turn and the chin alone
    assert measures["away_from_lens"] >= max(abs(measures["yaw"]), abs(measures["pitch"])) - 0.1
    assert set(frame["criteria"]) == set(CRITERIA_WORDS)
    for key, words in CRITERIA_WORDS.items():
        assert frame["criteria"][key] in words - {"no-person", ""}, key
    assert frame["reasons"] and all(isinstance(r, str) and r for r in frame["reasons"])


def test_json_frame_without_a_person(stdout_report):
    frame = frames_by_file(stdout_report)["coffee.png"]
    assert frame["kind"] == "none" and frame["error"] is None
    assert frame["faces"] == []
    assert set(frame["measures"]) >= MEASURE_KEYS
    assert frame["measures"]["people"] == 0
    assert frame["criteria"]["framing"] == "no-person"
    for key, words in CRITERIA_WORDS.items():
        assert frame["criteria"][key] in words, key


def test_json_sizes_and_boxes_are_upright_full_resolution(stdout_report):
    frame = frames_by_file(stdout_report)["IMG_0001.JPG"]   # stored 2048 x 1536, orientation 6
    assert (frame["width"], frame["height"]) == (1536, 2048)
    for face in frame["faces"]:
        x, y, w, h = face["box"]
        assert x + w <= 1536 + 1 and y + h <= 2048 + 1


def test_json_bad_frame(stdout_report):
    frame = frames_by_file(stdout_report)["empty.jpg"]
    assert frame["kind"] is None and "empty" in frame["error"]
    assert frame["width"] is None and frame["faces"] == []


def test_report_without_a_json_option_goes_to_stdout(shoot, cli, stdout_report):
    run = cli(str(shoot), "--jobs", "1")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == stdout_report


# ---- CSV, recursion, workers ---------------------------------------------------------

def test_recursive_scan_reports_relative_paths(file_reports):
    report, _ = file_reports
    assert set(frames_by_file(report)) == {"headshot.jpg", "coffee.png", "IMG_0001.JPG",
                                           "empty.jpg", "day 2/headshot2.jpg"}
    frame = frames_by_file(report)["day 2/headshot2.jpg"]
    assert (frame["width"], frame["height"]) == (2048, 1364) and len(frame["faces"]) == 1


def test_without_recursion_subfolders_are_left_out(stdout_report):
    assert not any("/" in frame["file"] for frame in stdout_report["frames"])


def test_csv_has_a_row_per_frame_matching_the_json(file_reports):
    report, text = file_reports
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == CSV_COLUMNS
    assert [row["file"] for row in rows] == [frame["file"] for frame in report["frames"]]
    for row, frame in zip(rows, report["frames"]):
        assert row["kind"] == (frame["kind"] or "")
        assert row["faces"] == str(len(frame["faces"]))
        assert row["error"] == (frame["error"] or "")
        if frame["width"] is not None:
            assert (int(row["width"]), int(row["height"])) == (frame["width"], frame["height"])
            assert float(row["headshot_score"]) == frame["headshot_score"]
            assert row["framing"] == frame["criteria"]["framing"]
            assert row["people"] == str(frame["measures"]["people"])
            assert row["eye_focus_state"] == (frame["measures"]["eye_focus_state"] or "")
            if frame["measures"]["eye_focus"] is not None:
                assert float(row["eye_focus"]) == frame["measures"]["eye_focus"]
    # focus on the eyes, measured and judged on the frames with open eyes
    judged = [frame["measures"]["eye_focus_state"] for frame in report["frames"]
              if frame["criteria"].get("eyes") == "open"]
    assert judged and all(state in ("sharp", "slightly soft", "missed") for state in judged)


def test_one_and_two_workers_give_identical_results(shoot, cli, file_reports):
    report, _ = file_reports
    run = cli(str(shoot), "--recursive", "--jobs", "2")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["frames"] == report["frames"]


# ---- YuNet -------------------------------------------------------------------------------

def test_yunet_with_a_model_file(shoot, cli, yunet_model):
    run = cli(str(shoot), "--detector", "yunet", "--model", str(yunet_model), "--jobs", "1")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["detector"] == "yunet"
    frames = frames_by_file(report)
    assert len(frames["headshot.jpg"]["faces"]) == 1 and frames["coffee.png"]["faces"] == []


def test_yunet_model_from_the_environment(shoot, cli, yunet_model):
    run = cli(str(shoot), "--detector", "yunet", "--jobs", "1",
              env={YUNET_MODEL_VARIABLE: str(yunet_model)})
    assert run.returncode == 0, run.stderr
    assert len(frames_by_file(json.loads(run.stdout))["headshot.jpg"]["faces"]) == 1


# ---- usage errors: exit 2, one line, no report ---------------------------------------------

def assert_usage_error(run, *words):
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("shotkind analyze:")
    for word in words:
        assert word in lines[0], lines[0]


def test_missing_folder(cli, tmp_path):
    assert_usage_error(cli(str(tmp_path / "no such shoot")), "not a folder", "no such shoot")


def test_a_file_is_not_a_folder(cli, shared):
    assert_usage_error(cli(str(shared / "photos" / "df_img11.jpg")), "not a folder")


def test_yunet_is_built_in(cli, shoot):
    run = cli(str(shoot), "--detector", "yunet", "--jobs", "1")
    assert run.returncode == 0, run.stderr
    assert len(frames_by_file(json.loads(run.stdout))["headshot.jpg"]["faces"]) == 1


def test_yunet_with_a_missing_model_file(cli, shoot, tmp_path):
    assert_usage_error(cli(str(shoot), "--detector", "yunet", "--model", str(tmp_path / "x.onnx")),
                       "x.onnx")


def test_unknown_option(cli, shoot):
    assert_usage_error(cli(str(shoot), "--frobnicate"), "--frobnicate")


def test_unknown_detector(cli, shoot):
    assert_usage_error(cli(str(shoot), "--detector", "haar"), "haar")


def test_no_folder_given(cli):
    assert_usage_error(cli(), "folder")


@pytest.mark.parametrize("jobs", ["0", "two"])
def test_bad_worker_count(cli, shoot, jobs):
    assert_usage_error(cli(str(shoot), "--jobs", jobs), "--jobs")


def test_report_into_a_missing_folder_is_refused_before_analysing(cli, shoot, tmp_path):
    target = tmp_path / "missing" / "report.json"
    assert_usage_error(cli(str(shoot), "--json", str(target)), "--json")
    assert not target.exists()


def test_an_empty_folder_is_said_and_still_reported(cli, tmp_path):
    run = cli(str(tmp_path))
    assert run.returncode == 0
    assert json.loads(run.stdout)["frames"] == []
    assert run.stderr.strip() == f"shotkind analyze: no pictures in {tmp_path} (add --recursive for its sub-folders)"
