"""The attack script (benchmarks/attack.py) on a small seeded batch: a hostile shoot and
a few mutated real files through `shotkind analyze` and `shotkind export`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow     # tens of seconds: ./test -m "not slow" leaves it out

CHECKOUT = Path(__file__).resolve().parents[2]


def test_the_attack_finds_no_crash_no_hang_and_no_unclear_error():
    run = subprocess.run([sys.executable, str(CHECKOUT / "benchmarks" / "attack.py"), "--seed", "7",
                          "--fuzz", "8", "--timeout", "180"], capture_output=True, text=True,
                         timeout=900, env={**os.environ, "PYTHONPATH": str(CHECKOUT)})
    counts = re.fullmatch(r"crashes: (\d+)  hangs: (\d+)  unclear errors: (\d+)",
                          run.stdout.strip().splitlines()[-1])
    assert counts, run.stdout + run.stderr
    crashes, hangs, unclear = map(int, counts.groups())
    assert (crashes, hangs, unclear) == (0, 0, 0), run.stdout
