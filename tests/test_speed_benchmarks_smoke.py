"""Tiny runs of the speed benchmarks (a few 600-px frames) so they keep working: each runs
as it is run by hand, in a subprocess, and must print every figure line with a number.
Their figures mean something only at full size, run by hand (benchmarks/README.md)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[1]
if str(CHECKOUT) not in sys.path:          # `benchmarks` is a folder of scripts at the top
    sys.path.insert(0, str(CHECKOUT))

from benchmarks.profile_summary import classify, summarise  # noqa: E402

NUMBER = r"\d+(\.\d+)?"


def run_benchmark(tmp_path: Path, script: str, *arguments: str, timeout: float = 300) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SHOTKIND_HOME": str(tmp_path / "home")}
    run = subprocess.run([sys.executable, str(CHECKOUT / "benchmarks" / script), *arguments],
                         capture_output=True, text=True, timeout=timeout, env=env, cwd=CHECKOUT)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "machine: " in run.stdout and " cores (" in run.stdout
    return run.stdout


def assert_figures(output: str, patterns: list[str]) -> None:
    for pattern in patterns:
        assert re.search(pattern, output), f"no line matching {pattern!r} in:\n{output}"


def test_analysis_benchmark_prints_throughput_floor_and_ratio(tmp_path):
    output = run_benchmark(tmp_path, "analysis_speed.py", "--frames", "4", "--long-side", "600",
                           "--jobs", "2", "--cache", str(tmp_path / "cache"))
    assert_figures(output, [
        rf"bare decode floor: {NUMBER} s = {NUMBER} frames/s",
        rf"shotkind analyze: {NUMBER} s = {NUMBER} frames/s .*\d+ (headshot|portrait|none)",
        rf"start-up \(same command on 2 frames, one per worker\): {NUMBER} s",
        rf"ratio to the decode floor: {NUMBER}  \(goal >= 0.7\); frames/s {NUMBER}",
    ])


@pytest.mark.skipif(shutil.which("vipsthumbnail") is None, reason="needs libvips-tools")
def test_thumbnail_benchmark_prints_shotkind_vips_and_ratio(tmp_path):
    output = run_benchmark(tmp_path, "thumbnail_speed.py", "--frames", "6", "--long-side", "600",
                           "--cache", str(tmp_path / "cache"))
    assert_figures(output, [
        rf"ShotKind ThumbnailLoader: {NUMBER} s = {NUMBER} frames/s on \d+ threads",
        rf"vipsthumbnail: {NUMBER} s = {NUMBER} frames/s, \d+ processes",
        rf"decode_preview alone: {NUMBER} s = {NUMBER} frames/s",
        rf"ratio to vips: {NUMBER}  \(goal >= 0.8\)",
    ])


@pytest.mark.slow
def test_reopen_benchmark_prepares_then_reopens_without_redoing_work(tmp_path):
    arguments = ["--frames", "6", "--long-side", "600", "--repeat", "1", "--cache", str(tmp_path / "cache")]
    first = run_benchmark(tmp_path, "reopen_speed.py", *arguments)
    assert "prepared: 6 frames analysed and 6 thumbnails made first" in first
    assert_figures(first, [
        rf"reopen to a usable grid with all badges: median {NUMBER} s, best {NUMBER} s of 1",
        rf"of which open_shoot\(\) itself \(scan, catalog, model\): median {NUMBER} s; visible "
        rf"cells' thumbnails at {NUMBER} s",
        rf"bare catalog reads \(open, results, thumbnails\): best {NUMBER} s",
        r"nothing analysed again: 0 analysis starts, 0 results while reopening 1 times; "
        r"thumbnails decoded again: \d+",
    ])
    again = run_benchmark(tmp_path, "reopen_speed.py", *arguments)
    assert "prepared: 0 frames analysed and 0 thumbnails made first" in again


@pytest.mark.slow
def test_memory_benchmark_prints_peaks_and_growth(tmp_path):
    output = run_benchmark(tmp_path, "memory.py", "--frames", "4", "--sizes", "300", "600",
                           "--cache", str(tmp_path / "cache"))
    assert_figures(output, [
        r"empty window \(baseline\): peak \d+ MB",
        r"4 frames of 300 px open and analysed: peak \d+ MB .* largest analysis worker \d+ MB",
        r"4 frames of 600 px open and analysed: peak \d+ MB",
        rf"growth from 300 to 600 px: frame pixels x4.0, peak x{NUMBER}, above the empty window x-?{NUMBER}",
    ])
    peaks = [int(m) for m in re.findall(r"open and analysed: peak (\d+) MB", output)]
    assert all(50 < peak < 1536 for peak in peaks), "a real process, under the goal"


def test_raw_benchmark_prints_every_way_against_libraw(tmp_path, shared_dir):
    output = run_benchmark(tmp_path, "raw_speed.py", "--repeat", "1", "--raw", str(shared_dir / "raw"))
    assert "canon_eos_6d.dng: sensor 1224x816, JPEG preview" in output
    assert "blackmagic_pocket_4k.dng: sensor 4128x2176, no preview" in output
    for way in ("ShotKind grid thumbnail", "ShotKind analysis picture", "embedded preview bytes alone",
                "baseline: LibRaw half-size decode"):
        assert_figures(output, [rf"{re.escape(way)}.*: {NUMBER} frames/s, {NUMBER}x the baseline"])


def test_profile_summary_puts_each_sample_in_its_pipeline_step():
    worker = 'process 1:"python -m shotkind_desktop analyze";process 2:"spawn_main";<module> (<string>:1)'
    frame = f"{worker};analyze_in_worker (analysis.py:125);analyze_frame (analysis.py:50)"
    text = "\n".join([
        f"{frame};decode_for_analysis (decode.py:61);decode_frame (decode.py:90);"
        f"_decode_jpeg_scaled (decode.py:200);imdecode_bytes (decode.py:215) 30",
        f"{frame};find_faces (faces.py:150);MtcnnDetector.detect (faces.py:80);"
        f"Cascade.detect (mtcnn.py:70);Cascade._propose (mtcnn.py:80) 15",
        f"{frame};_judge (analysis.py:84);judge_frame (analysis.py:75);measure_people (analysis.py:70);"
        f"measure_frame (measures/__init__.py:40);measure_lighting (lighting.py:30) 5",
        f"{worker};<module> (cv2/__init__.py:10) 10",
        'process 1:"python -m shotkind_desktop analyze";main (cli.py:20) 40',
    ])
    summary = summarise(text)
    assert "  30.0%  decode: libjpeg (imdecode)" in summary
    assert "  15.0%  faces: MTCNN P-Net (pyramid)" in summary
    assert "   5.0%  measures: measure_lighting" in summary
    assert "  10.0%  worker start-up: imports" in summary
    assert "  40.0%  main process" in summary
    assert summary.endswith("100 samples")
    assert classify(["process 1:x", "has_end_of_image (decode.py:180)", "imdecode_bytes (decode.py:1)"]) \
        == "decode: end-of-image check"


def test_reopen_benchmark_catches_a_frame_analysed_again(tmp_path, qapp):
    """The reopen figure's "nothing analysed again" can fail: a frame edited after its
    analysis is analysed again on reopening, and the count says so."""
    from benchmarks import reopen_speed
    from benchmarks.analysis_speed import linked_shoot
    from benchmarks.shoot_generator import make_shoot
    from shotkind_desktop.ui.main_window import MainWindow

    folder = linked_shoot(make_shoot(tmp_path / "cache", 3, 600), tmp_path / "shoot")
    assert reopen_speed.prepare(folder, 1)[:2] == (3, 3)
    edited = folder / "IMG_0002.JPG"
    later = edited.stat().st_mtime_ns + 5_000_000_000
    os.utime(edited, ns=(later, later))          # same bytes, new identity: its cache is stale
    window = MainWindow(analysis_jobs=1)
    try:
        with reopen_speed.Redone(window) as redone:
            marks = reopen_speed.reopen(qapp, window, folder)
        assert marks["all"] >= marks["returned"] > 0
        assert redone.analysis_starts == 1 and redone.results == 1
        with pytest.raises(RuntimeError, match="analysed again: 1 analysis starts, 1 results"):
            redone.check()
        assert reopen_speed.thumbnail_loader.decode_preview is reopen_speed.decode_preview, \
            "the counting wrapper is removed on leaving the block"
    finally:
        window.close()


def test_groups_benchmark_prints_time_ratio_and_the_groups_it_found(tmp_path):
    output = run_benchmark(tmp_path, "groups.py", "--frames", "100", "--repeat", "1")
    assert_figures(output, [
        rf"within a burst at most tones {NUMBER}, colours {NUMBER}; between poses at least",
        rf"baseline, reading 100 results from JSON: {NUMBER} s",
        rf"grouping and ranking 100 frames: {NUMBER} s = {NUMBER} frames/s  \(goal < 2 s",
        rf"ratio to reading them: {NUMBER}",
    ])
    found, made = re.search(r"groups: (\d+) \(made: (\d+)\)", output).groups()
    assert found == made


def test_ui_benchmark_prints_loupe_and_compare_latency_with_the_face_closeups_open(tmp_path):
    output = run_benchmark(tmp_path, "ui.py", "--frames", "6", "--long-side", "900", "--steps", "2",
                           "--closeup-steps", "2", "--analysis-seconds", "1",
                           "--cache", str(tmp_path / "cache"))
    assert_figures(output, [
        rf"loupe next frame \(prefetched, 2 steps\): median {NUMBER} ms, p95 {NUMBER} ms",
        rf"compare, next candidate \(prefetched, 2 steps\): median {NUMBER} ms, p95 {NUMBER} ms",
        rf"loupe next frame with the face close-ups open \(prefetched, 2 steps, \d+ frames with faces\): "
        rf"median {NUMBER} ms, p95 {NUMBER} ms  \(goal p95 < 50 ms\); the same steps without them: "
        rf"median {NUMBER} ms, p95 {NUMBER} ms; ratio of p95s {NUMBER}  \(load {NUMBER} on \d+ cores\); "
        rf"GUI CPU per step p95 {NUMBER} ms, without them {NUMBER} ms",
        rf"close-ups and preview of the next frame ready after arriving on a frame: median {NUMBER} ms, "
        rf"p95 {NUMBER} ms; bare full-resolution decode of one of these files {NUMBER} ms",
    ])


def test_decision_benchmark_prints_decisions_floor_and_sidecar_reads(tmp_path):
    output = run_benchmark(tmp_path, "decision_speed.py", "--frames", "5", "--repeat", "1")
    assert_figures(output, [
        rf"decision on 5 frames \(catalog \+ 5 sidecars\): median {NUMBER} s of 1",
        rf"floor, 5 atomic files of the same size: median {NUMBER} s; ratio {NUMBER}",
        rf"while another program holds the catalog: median {NUMBER} s; on a free catalog {NUMBER} s",
        rf"reading a real sidecar: best {NUMBER} ms",
        rf"reading a hostile sidecar \(billion laughs\): best {NUMBER} ms; ratio {NUMBER}",
        rf"reading a hostile sidecar \(nested too deep\): best {NUMBER} ms; ratio {NUMBER}",
    ])


def test_card_copy_benchmark_prints_the_event_loop_while_pictures_arrive_and_the_baseline(tmp_path):
    output = run_benchmark(tmp_path, "card_copy.py", "--shoot", "4", "--copied", "3", "--interval", "0.1")
    assert_figures(output, [rf"3 pictures copied into an open shoot of 4.*analysed after {NUMBER} s",
                            rf"event loop while they arrive: median {NUMBER} ms, p95 {NUMBER} ms",
                            rf"nothing arriving: median {NUMBER} ms, p95 {NUMBER} ms",
                            rf"per arrival batch \(\d+ batches\): median {NUMBER} ms"])
