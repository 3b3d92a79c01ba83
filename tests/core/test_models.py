"""The models ShotKind ships: each file is the one recorded (SHA-256, and the same bytes
as the verified copies in ../shared/models), a damaged one is refused with a clear
message, and a frame is analysed with the network unavailable."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import pytest

from shotkind_desktop.core.judgement import models
from shotkind_desktop.core.judgement.models import SHIPPED, ModelError, model_path


@pytest.mark.parametrize("model", SHIPPED, ids=lambda m: m.file)
def test_each_shipped_model_is_the_verified_file(model, shared):
    path = model_path(model)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == model.sha256
    assert path.read_bytes() == (shared / "models" / model.file).read_bytes()
    assert (models.MODELS_DIR / "licenses" / model.licence_file).is_file()


def test_a_damaged_model_is_refused_by_name(tmp_path, monkeypatch):
    for model in SHIPPED:
        shutil.copy(models.MODELS_DIR / model.file, tmp_path / model.file)
    damaged = tmp_path / models.FACE_MESH.file
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    monkeypatch.setattr(models, "MODELS_DIR", tmp_path)
    assert model_path(models.YUNET) == tmp_path / models.YUNET.file
    with pytest.raises(ModelError, match="face mesh.*damaged"):
        model_path(models.FACE_MESH)
    (tmp_path / models.PALM_DETECTOR.file).unlink()
    with pytest.raises(ModelError, match="palm detector.*missing"):
        model_path(models.PALM_DETECTOR)


NO_NETWORK = """
import sys
from pathlib import Path

def refuse(event, args):
    if event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
        raise OSError(f"network use refused in this test: {event}")

sys.addaudithook(refuse)
from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.judgement.faces import make_detector
result = analyze_frame(Path(sys.argv[1]), make_detector())
print(result.kind, result.criteria["eyes"], result.error)
"""


def test_analysis_runs_with_the_network_unavailable(photos):
    """A fresh process, every socket refused from its first line (an audit hook sees
    every socket Python makes, whoever asks): every model loads from the package."""
    run = subprocess.run([sys.executable, "-c", NO_NETWORK, str(photos / "df_img11.jpg")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["headshot", "open", "None"]
