"""The benchmark shoot generator at a small size: frames read back upright with capture
times one second apart, a finished shoot is reused untouched, an interrupted one is made
again, and the command line works as documented."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from shotkind_desktop.core.files.capture import read_capture_info
from shotkind_desktop.core.files.decode import decode_for_analysis

CHECKOUT = Path(__file__).resolve().parents[1]
if str(CHECKOUT) not in sys.path:          # `benchmarks` is a folder of scripts at the top
    sys.path.insert(0, str(CHECKOUT))

from benchmarks import shoot_generator as generator  # noqa: E402

SMALL = 600            # long side for the smoke runs: 600 × 400 frames


@pytest.fixture(scope="session")
def photos(shared_dir) -> Path:
    return shared_dir / "photos"


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Correlation of two pictures' tones at a common 60 × 40 size (1 = same picture)."""
    size = (a.shape[1] * 60 // max(a.shape[:2]), a.shape[0] * 60 // max(a.shape[:2]))
    tones = [cv2.resize(cv2.cvtColor(im, cv2.COLOR_BGR2GRAY), size, interpolation=cv2.INTER_AREA)
             .astype(float).ravel() for im in (a, b)]
    return float(np.corrcoef(*tones)[0, 1])


def test_small_shoot_reads_back_upright_with_times_a_second_apart(tmp_path, photos):
    plan = generator.plan_shoot(8, SMALL, seed=5, photos=photos)
    assert {frame.orientation for frame in plan} == {1, 6, 8}, "seed 5 gives every kind of frame"
    paths = generator.make_shoot(tmp_path, 8, SMALL, seed=5, photos=photos, workers=2)

    assert [p.name for p in paths] == [f"IMG_{i:04d}.JPG" for i in range(1, 9)]
    assert sorted(p.name for p in paths[0].parent.glob("*.JPG")) == [p.name for p in paths]
    times = []
    for path, frame in zip(paths, plan):
        with Image.open(path) as stored:
            assert stored.size == (600, 400), "a camera stores every frame landscape"
            assert stored.layer[0][1:3] == (2, 2), "luma sampled 2×2 against chroma: 4:2:0"
        decoded = decode_for_analysis(path)
        assert decoded.width * 2 == decoded.height * 3 or decoded.height * 2 == decoded.width * 3
        assert (decoded.width, decoded.height) == (frame.width, frame.height)
        vertical = frame.orientation in (6, 8)
        assert (decoded.height > decoded.width) == vertical
        assert decoded.capture.orientation == frame.orientation
        assert decoded.capture.camera == "SONY ILCE-7M3" and decoded.capture.lens == "FE 85mm F1.8"
        assert decoded.capture.iso == frame.iso and decoded.capture.aperture == frame.aperture
        # upright means upright: the frame shows its source photo, not the photo turned over
        source = cv2.imread(str(frame.source))
        crop = generator._crop(source, frame.width / frame.height)
        assert similarity(decoded.image, crop) > 0.9
        assert similarity(decoded.image, cv2.rotate(crop, cv2.ROTATE_180)) < 0.8
        times.append(read_capture_info(path.read_bytes()).capture_time)
    assert times[0] == generator.FIRST_CAPTURE
    assert all(b - a == timedelta(seconds=1) for a, b in zip(times, times[1:]))


def test_every_photo_is_used_in_a_seeded_order(photos):
    sources = generator.source_photos(photos)
    plan = generator.plan_shoot(2 * len(sources) + 3, SMALL, seed=5, photos=photos)
    first_round = [frame.source for frame in plan[:len(sources)]]
    assert sorted(first_round) == sources
    assert [frame.source for frame in plan[len(sources):2 * len(sources)]] == first_round
    assert first_round != sources, "the seed shuffles the sorted photos"
    assert first_round == [f.source for f in generator.plan_shoot(len(sources), SMALL, 5, photos)]
    assert first_round != [f.source for f in generator.plan_shoot(len(sources), SMALL, 6, photos)]


def test_frames_from_the_same_photo_are_distinct_files(photos):
    count = len(generator.source_photos(photos))
    plan = generator.plan_shoot(count + 1, SMALL, seed=0, photos=photos)
    first, again = plan[0], plan[count]
    assert first.source == again.source
    images = [cv2.imdecode(np.frombuffer(generator.render_frame(f), np.uint8),
                           cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION) for f in (first, again)]
    assert images[0].shape == images[1].shape
    difference = np.abs(images[0].astype(int) - images[1].astype(int)).mean()
    assert 1 < difference < 15, "the grain differs, the picture does not"
    assert generator.render_frame(first) == generator.render_frame(first), "seeded: same bytes"


def test_a_complete_shoot_is_reused_untouched(tmp_path, photos):
    paths = generator.make_shoot(tmp_path, 3, SMALL, seed=2, photos=photos, workers=1)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in paths}
    marker = paths[0].parent / generator.MARKER
    marker_time = marker.stat().st_mtime_ns
    again = generator.make_shoot(tmp_path, 3, SMALL, seed=2, photos=photos, workers=1)
    assert again == paths
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in again} == before
    assert marker.stat().st_mtime_ns == marker_time
    other = generator.make_shoot(tmp_path, 3, SMALL, seed=3, photos=photos, workers=1)
    assert other[0].parent != paths[0].parent, "another seed is another cache folder"


@pytest.mark.parametrize("damage", ["no marker", "file cut short"])
def test_an_interrupted_or_damaged_shoot_is_made_again(tmp_path, photos, damage):
    paths = generator.make_shoot(tmp_path, 3, SMALL, seed=4, photos=photos, workers=1)
    sizes = [p.stat().st_size for p in paths]
    an_hour_ago = paths[0].stat().st_mtime - 3600
    for path in paths:
        os.utime(path, (an_hour_ago, an_hour_ago))
    if damage == "no marker":                 # the generator stopped before writing it
        (paths[0].parent / generator.MARKER).unlink()
        paths[2].unlink()
    else:
        paths[1].write_bytes(paths[1].read_bytes()[:1000])
    again = generator.make_shoot(tmp_path, 3, SMALL, seed=4, photos=photos, workers=1)
    assert again == paths
    assert [p.stat().st_size for p in again] == sizes
    assert all(p.stat().st_mtime > an_hour_ago + 1 for p in again), "every frame rewritten"
    assert generator.is_complete(paths[0].parent, 3, SMALL, 4)
    assert decode_for_analysis(paths[1]).width == SMALL


def test_default_cache_folder_comes_from_the_environment(tmp_path, photos, monkeypatch):
    monkeypatch.setenv(generator.CACHE_VARIABLE, str(tmp_path / "bench"))
    paths = generator.make_shoot(None, 1, SMALL, photos=photos)
    assert paths[0].parent.parent == tmp_path / "bench"
    assert generator.is_complete(paths[0].parent, 1, SMALL, 0)
    monkeypatch.delenv(generator.CACHE_VARIABLE)
    assert generator.default_cache_root() == Path.home() / ".cache" / "shotkind-bench"


def test_command_line_makes_and_then_reuses_a_shoot(tmp_path, photos):
    command = [sys.executable, "-m", "benchmarks.shoot_generator", "--frames", "2",
               "--long-side", str(SMALL), "--out", str(tmp_path), "--photos", str(photos)]
    first = subprocess.run(command, cwd=CHECKOUT, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    folder = generator.shoot_folder(tmp_path, 2, SMALL, 0)
    assert f"{folder}: 2 frames, made in" in first.stdout
    assert sorted(p.name for p in folder.iterdir()) == [".complete.json", "IMG_0001.JPG", "IMG_0002.JPG"]
    second = subprocess.run(command, cwd=CHECKOUT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and f"{folder}: 2 frames, reused" in second.stdout


def test_bad_settings_are_refused(tmp_path, photos):
    with pytest.raises(ValueError):
        generator.plan_shoot(0, SMALL, photos=photos)
    with pytest.raises(FileNotFoundError):
        generator.plan_shoot(2, SMALL, photos=tmp_path)


def test_frames_carry_the_cameras_exif_thumbnail(tmp_path, photos):
    from shotkind_desktop.core.files.previews import decode_preview, embedded_thumbnail

    for path in generator.make_shoot(tmp_path, 4, SMALL, photos=photos):
        thumbnail = embedded_thumbnail(path)
        assert thumbnail is not None and max(thumbnail.shape[:2]) == 160
        full = decode_preview(path, 160)
        assert (thumbnail.shape[1] > thumbnail.shape[0]) == (full.width > full.height), "upright"
