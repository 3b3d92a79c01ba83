"""A tiny run of benchmarks/live.py (a few 600-px frames, JPEG and RAW) so the benchmark
keeps working; its figures mean something only at full size, run by hand."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[1]
NUMBER = r"\d+(\.\d+)?"


@pytest.mark.parametrize("kind", ["jpeg", "raw"])
def test_live_benchmark_prints_latency_its_parts_and_the_baseline(tmp_path, kind):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SHOTKIND_HOME": str(tmp_path / "home")}
    arguments = ["--shoot", "6", "--frames", "3", "--interval", "0.5", "--long-side", "600",
                 "--cache", str(tmp_path / "cache")] + (["--raw"] if kind == "raw" else [])
    run = subprocess.run([sys.executable, str(CHECKOUT / "benchmarks" / "live.py"), *arguments],
                         capture_output=True, text=True, timeout=300, env=env, cwd=CHECKOUT)
    assert run.returncode == 0, run.stderr[-3000:]
    for pattern in (rf"3 0.24 MP {'RAW' if kind == 'raw' else 'JPEG'}",
                    rf"file complete -> verdict shown: p50 {NUMBER} s, p95 {NUMBER} s, max {NUMBER} s",
                    rf"the watch: p50 {NUMBER} ms.* analysis: p50 {NUMBER} ms.* showing: p50 -?{NUMBER} ms",
                    rf"its picture in the loupe: p50 {NUMBER} s, p95 {NUMBER} s",
                    rf"live / bare: p50 {NUMBER}x, p95 {NUMBER}x"):
        assert re.search(pattern, run.stdout), f"no line matching {pattern!r} in:\n{run.stdout}"
