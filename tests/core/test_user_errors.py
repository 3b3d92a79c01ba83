"""A photographer's mistakes on the command line end in one clear line and the documented
exit status (2: usage, 1: not done), never a traceback, and before any long work; an
empty folder argument is refused, never taken as the current folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.decisions import REJECT, Decision
from shotkind_desktop.core.decisions.xmp import write_sidecar

CHECKOUT = Path(__file__).resolve().parents[2]


def shotkind(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shotkind_desktop", *map(str, args)],
                          capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(CHECKOUT)})


@pytest.fixture
def shoot(shoot_of) -> Path:
    return shoot_of(("df_img11.jpg",))


def one_line(run: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in run.stderr, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


def test_analyze_refuses_a_folder_as_its_json_report_before_analysing(shoot, tmp_path):
    run = shotkind("analyze", shoot, "--json", tmp_path, "--jobs", "1")
    assert run.returncode == 2
    assert one_line(run) == f"shotkind analyze: --json {tmp_path}: is a folder; give a file name"


def test_analyze_says_when_its_report_cannot_be_written(shoot):
    run = shotkind("analyze", shoot, "--json", "/dev/full", "--jobs", "1")
    assert run.returncode == 1
    assert one_line(run) == "shotkind analyze: the report could not be written: No space left on device"


def test_a_model_file_that_is_not_a_model_is_a_usage_error(shoot, tmp_path):
    junk = tmp_path / "junk.onnx"
    junk.write_text("not a model\n")
    run = shotkind("analyze", shoot, "--detector", "yunet", "--model", junk)
    assert run.returncode == 2
    assert one_line(run).startswith("shotkind analyze: the yunet detector cannot load: ")


def test_a_name_template_with_a_format_is_a_usage_error(shoot, tmp_path):
    run = shotkind("export", shoot, "--out", tmp_path / "out", "--select", "all", "--name", "{rating:d}")
    assert run.returncode == 2
    assert one_line(run).startswith("shotkind export: name template '{rating:d}': ")
    assert not (tmp_path / "out").exists()


def test_an_output_folder_that_cannot_be_made_is_a_usage_error(shoot, tmp_path):
    (tmp_path / "a-file").write_text("")
    run = shotkind("export", shoot, "--out", tmp_path / "a-file" / "out", "--select", "all")
    assert run.returncode == 2
    assert one_line(run).startswith(f"shotkind export: cannot create the output folder {tmp_path}")


@pytest.mark.parametrize("command", [["analyze", ""], ["export", "", "--out", "x"],
                                     ["trash-rejects", "", "--yes"]])
def test_an_empty_folder_argument_is_refused(shoot, command, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))              # a regression trashes nothing of ours
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    write_sidecar(shoot / "df_img11.jpg", Decision(REJECT))
    run = shotkind(*command, cwd=shoot)              # "" was this folder
    assert run.returncode == 2
    assert "an empty folder name" in one_line(run)
    assert sorted(p.name for p in shoot.iterdir()) == ["df_img11.jpg", "df_img11.xmp"]


_IMPORT_THEN_DROP = """
import os, sys
import argparse, send2trash
import shotkind_desktop.cli, shotkind_desktop.core.delivery.export, shotkind_desktop.core.delivery.export_trash
import shotkind_desktop.core.delivery.export_presets, shotkind_desktop.core.decisions.selection
if os.geteuid() == 0:
    os.setgroups([]); os.setgid(65534); os.setuid(65534)
sys.exit(shotkind_desktop.cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("command", ["export", "trash-rejects"])
def test_a_shoot_folder_that_cannot_be_listed_is_a_usage_error(shoot, command):
    """Not 0 frames and success: a folder one may enter but not list (chmod 0 does not
    stop root, so the command drops to an unprivileged user after loading)."""
    shared = Path(tempfile.mkdtemp(prefix="shotkind-closed-"))
    try:
        folder = shared / "shoot"
        shutil.copytree(shoot, folder)
        shared.chmod(0o777)
        folder.chmod(0o311)
        out = shared / "out"
        out.mkdir(mode=0o777)
        out.chmod(0o777)
        extra = ["--out", str(out), "--select", "all"] if command == "export" else ["--yes"]
        run = subprocess.run([sys.executable, "-c", _IMPORT_THEN_DROP, command, str(folder), *extra],
                             capture_output=True, text=True, timeout=120, cwd="/",
                             env={**os.environ, "PYTHONPATH": str(CHECKOUT), "SHOTKIND_HOME": str(out)})
        assert run.returncode == 2, run.stderr + run.stdout
        assert one_line(run) == f"shotkind {command}: cannot read the folder {folder}: Permission denied"
    finally:
        (shared / "shoot").chmod(0o755)
        shutil.rmtree(shared)
