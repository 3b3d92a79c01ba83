"""A tiny run of benchmarks/ui.py (6 small frames) so the benchmark keeps working; its
figures are only meaningful at full size, run by hand."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow     # tens of seconds: ./test -m "not slow" leaves it out

CHECKOUT = Path(__file__).resolve().parents[1]


def test_ui_benchmark_runs_and_prints_every_figure(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SHOTKIND_HOME": str(tmp_path / "home")}
    run = subprocess.run([sys.executable, str(CHECKOUT / "benchmarks" / "ui.py"), "--frames", "6",
                          "--long-side", "600", "--steps", "3", "--analysis-seconds", "2",
                          "--cache", str(tmp_path / "cache")],
                         capture_output=True, text=True, timeout=300, env=env, cwd=CHECKOUT)
    assert run.returncode == 0, run.stderr
    for figure in ("first visible thumbnails", "all thumbnails", "bare decode floor",
                   "loupe next frame", "event loop lateness during analysis"):
        assert figure in run.stdout
