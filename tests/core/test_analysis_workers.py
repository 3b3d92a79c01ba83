"""A shoot's workers have the caller's environment. They are forks of a fork server that
outlives each pool (core.judgement.shoot_pool.worker_context), so a worker would otherwise
have the server's, from whenever it started; real shared photos."""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool

import pytest

from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
from shotkind_desktop.core.judgement.faces import YUNET_MODEL_VARIABLE


def test_workers_see_the_callers_environment(photos, tmp_path, monkeypatch):
    """A YuNet model named by the environment after the server started is the one the
    workers load: here a missing one, which they refuse."""
    frames = sorted(photos.glob("*.jpg"))[:2]
    analyze_shoot(photos, frames, jobs=2)                     # the server is up
    monkeypatch.setenv(YUNET_MODEL_VARIABLE, str(tmp_path / "missing.onnx"))
    with pytest.raises(BrokenProcessPool):                    # each worker's start fails
        analyze_shoot(photos, frames, jobs=2)
