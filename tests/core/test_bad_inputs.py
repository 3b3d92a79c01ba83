"""Frames that cannot be read: each gets its own error, and the rest of the shoot is
analysed — through the engine (analyze_shoot) and through `shotkind analyze`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
from shotkind_desktop.core.files.scan import scan_shoot

NOBODY = 65534
CHECKOUT = Path(__file__).resolve().parents[2]

# file name -> words the error must contain
BAD_FILES = {
    "empty.jpg": "empty",
    "cut_in_half.jpg": "truncated",
    "notes.jpg": "not an image",
    "bomb_baseline.jpg": "too large",
    "bomb_progressive.jpg": "too large",
    "readme.dng": "not an image",      # not "notes": notes.jpg + notes.dng would be a RAW+JPEG pair
    "cut_in_half.dng": "truncated",
    "cut_in_half.png": "truncated",
}
GOOD_FILES = ("headshot.jpg", "coffee.png", "rotated_camera.jpg")


def with_frame_size(jpeg: bytes, width: int, height: int) -> bytes:
    """The same JPEG with its SOF0/SOF2 header claiming another pixel size."""
    data = bytearray(jpeg)
    position = 2
    while position + 9 <= len(data):
        assert data[position] == 0xFF, "lost in the JPEG markers"
        marker = data[position + 1]
        length = int.from_bytes(data[position + 2:position + 4], "big")
        if marker in (0xC0, 0xC2):
            data[position + 5:position + 7] = height.to_bytes(2, "big")
            data[position + 7:position + 9] = width.to_bytes(2, "big")
            return bytes(data)
        position += 2 + length
    raise AssertionError("no SOF0/SOF2 marker found")


def world_readable_folder() -> Path:
    """A folder an unprivileged user can list (pytest's own tmp folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="shotkind-bad-inputs-"))
    folder.chmod(0o755)
    return folder


def make_world_readable(folder: Path) -> None:
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.fixture(scope="module")
def shoot(shared):
    photos, exif, raw = shared / "photos", shared / "exif", shared / "raw"
    folder = world_readable_folder()
    # good frames
    shutil.copy(photos / "df_img11.jpg", folder / "headshot.jpg")
    shutil.copy(photos / "sk_coffee.png", folder / "coffee.png")
    shutil.copy(exif / "canon_hdr_NO.jpg", folder / "rotated_camera.jpg")
    # bad frames
    (folder / "empty.jpg").write_bytes(b"")
    whole = (photos / "df_img13.jpg").read_bytes()
    (folder / "cut_in_half.jpg").write_bytes(whole[:len(whole) // 2])
    (folder / "notes.jpg").write_text("Shoot notes: ACME corp, 12 people, grey backdrop.\n")
    baseline = (photos / "df_img11.jpg").read_bytes()        # SOF0
    progressive = (photos / "df_img12.jpg").read_bytes()     # SOF2
    assert b"\xff\xc0" in baseline and b"\xff\xc2" in progressive
    (folder / "bomb_baseline.jpg").write_bytes(with_frame_size(baseline, 20000, 20000))
    (folder / "bomb_progressive.jpg").write_bytes(with_frame_size(progressive, 20000, 20000))
    (folder / "readme.dng").write_text("not a raw file\n")
    raw_bytes = (raw / "blackmagic_pocket_4k.dng").read_bytes()
    (folder / "cut_in_half.dng").write_bytes(raw_bytes[:len(raw_bytes) // 2])
    png = (photos / "sk_coffee.png").read_bytes()
    (folder / "cut_in_half.png").write_bytes(png[:len(png) // 2])
    make_world_readable(folder)
    yield folder
    shutil.rmtree(folder)


def by_file(frames) -> dict:
    return {frame["file"]: frame for frame in frames}


def check_shoot_results(frames: dict) -> None:
    assert set(frames) == set(BAD_FILES) | set(GOOD_FILES)
    for name, words in BAD_FILES.items():
        frame = frames[name]
        assert frame["kind"] is None, name
        assert frame["error"] and words in frame["error"].lower(), (name, frame["error"])
        assert frame["faces"] == [] and frame["width"] is None, name
    for name in GOOD_FILES:
        frame = frames[name]
        assert frame["error"] is None, (name, frame["error"])
        assert frame["kind"] in ("headshot", "portrait", "none"), name
    assert frames["headshot.jpg"]["kind"] in ("headshot", "portrait")
    assert len(frames["headshot.jpg"]["faces"]) == 1
    assert frames["coffee.png"]["kind"] == "none"
    assert (frames["rotated_camera.jpg"]["width"], frames["rotated_camera.jpg"]["height"]) == (1536, 2048)


def test_engine_gives_each_bad_frame_its_error_and_analyses_the_rest(shoot):
    results = analyze_shoot(shoot, scan_shoot(shoot), jobs=1)
    check_shoot_results(by_file([result.__dict__ for result in results]))


def test_cli_gives_each_bad_frame_its_error_and_exits_0(shoot, cli):
    run = cli(str(shoot), "--jobs", "1")
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)
    check_shoot_results(by_file(document["frames"]))


def test_a_decompression_bomb_is_refused_without_using_the_memory(shoot):
    script = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame\n"
        "from shotkind_desktop.core.judgement.faces import make_detector\n"
        "detector = make_detector('mtcnn')\n"
        "results = [analyze_frame(Path(p), detector) for p in sys.argv[1:]]\n"
        "print(json.dumps({'errors': [r.error for r in results], 'kinds': [r.kind for r in results],\n"
        "                  'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))\n"
    )
    bombs = [str(shoot / "bomb_baseline.jpg"), str(shoot / "bomb_progressive.jpg")]
    run = subprocess.run([sys.executable, "-c", script, *bombs], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(CHECKOUT)}, timeout=300)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["kinds"] == [None, None]
    assert all("too large" in error for error in report["errors"])
    assert report["maxrss_kb"] < 1024 * 1024      # 20000 x 20000 x 3 would be 1.2 GB


# ---- a file the user may not read ------------------------------------------------------

# chmod 000 does not stop root, so as root the reading runs in a process that loads
# everything first (the detector, every model, by analysing a readable frame), then drops
# to `nobody` for good and scans and analyses the folder. Nothing is imported after the
# drop: the checkout and its packages may lie where `nobody` cannot enter (a clone in a
# mkdtemp folder, mode 0700), and the test must not depend on where the checkout lives.
_READ_AS_NOBODY = """
import json, os, sys
from pathlib import Path
from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.judgement.faces import make_detector
from shotkind_desktop.core.files.scan import scan_shoot
folder, readable = Path(sys.argv[1]), Path(sys.argv[2])
detector = make_detector("yunet")
assert analyze_frame(readable, detector).error is None      # every model is loaded now
if os.geteuid() == 0:
    try:
        os.setgroups([]); os.setgid(%d); os.setuid(%d)
    except PermissionError as error:
        print(json.dumps({"skip": f"cannot drop to uid %d: {error}"}))
        sys.exit(0)
results = [analyze_frame(path, detector, path.name) for path in scan_shoot(folder)]
print(json.dumps({"uid": os.geteuid(), "frames": [result.__dict__ for result in results]}))
""" % (NOBODY, NOBODY, NOBODY)


def test_an_unreadable_file_says_permission_denied_and_the_rest_is_analysed(shared):
    folder = world_readable_folder()
    try:
        shutil.copy(shared / "photos" / "df_img11.jpg", folder / "good.jpg")
        shutil.copy(shared / "photos" / "df_img12.jpg", folder / "locked.jpg")
        make_world_readable(folder)
        (folder / "locked.jpg").chmod(0o000)
        run = subprocess.run([sys.executable, "-c", _READ_AS_NOBODY, str(folder), str(folder / "good.jpg")],
                             capture_output=True, text=True, timeout=300, cwd="/",
                             env={**os.environ, "PYTHONPATH": str(CHECKOUT)})
        assert run.returncode == 0, run.stderr
        report = json.loads(run.stdout.strip().splitlines()[-1])
        if "skip" in report:
            pytest.skip(report["skip"])
        assert report["uid"] != 0
        frames = by_file(report["frames"])
        assert set(frames) == {"good.jpg", "locked.jpg"}
        assert frames["locked.jpg"]["kind"] is None
        assert "permission denied" in frames["locked.jpg"]["error"]
        assert frames["good.jpg"]["error"] is None
        assert frames["good.jpg"]["kind"] is not None and len(frames["good.jpg"]["faces"]) == 1
    finally:
        shutil.rmtree(folder)


# ---- messages for the photographer ----------------------------------------------------

@pytest.mark.parametrize("name, words", [
    ("model.jpg", "not an image"),          # a real binary file that is not a picture
    ("model.nef", "not a readable raw file"),  # bytes no RAW starts with: not the camera's fault
    ("header_only.png", "damaged or unsupported image header"),
    # a JPEG's first marker, then noise: Pillow said "Truncated File Read"
    ("garbage.jpg", "damaged or unsupported image header"),
])
def test_other_unreadable_files_get_a_plain_message(tmp_path, shared, name, words):
    from shotkind_desktop.core.files.decode import FrameError, decode_for_analysis

    model = (shared / "models" / "face_detection_yunet.onnx").read_bytes()
    contents = {"model.jpg": model, "model.nef": model,
                "header_only.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
                "garbage.jpg": b"\xff\xd8\xff\xe0" + np.random.default_rng(7).bytes(7000)}
    path = tmp_path / name
    path.write_bytes(contents[name])
    with pytest.raises(FrameError) as refused:
        decode_for_analysis(path)
    message = str(refused.value)
    assert words in message.lower()
    assert "BytesIO" not in message and "b'" not in message and "Truncated" not in message   # no library internals
