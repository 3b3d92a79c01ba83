"""`shotkind` as argparse sub-commands: the list in --help, each command's own help, an
unknown command refused in one line with exit 2, `shotkind FOLDER` still the app; and
the one progress bar the commands draw, on a terminal only."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from shotkind_desktop import cli

CHECKOUT = Path(__file__).resolve().parents[2]
COMMANDS = ("open", "live", "analyze", "export", "select", "trash-rejects")


def shotkind(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shotkind_desktop", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(CHECKOUT)})


def test_help_lists_every_command_with_what_it_does():
    run = shotkind("--help")
    assert run.returncode == 0, run.stderr
    for name in COMMANDS:
        assert f"    {name}" in run.stdout, name
    assert "shotkind [FOLDER]" in run.stdout


@pytest.mark.parametrize("name, option", [("analyze", "--detector"), ("export", "--preset"),
                                          ("select", "--from"), ("trash-rejects", "--yes"),
                                          ("live", "folder"), ("open", "folder")])
def test_each_command_has_its_own_help(name, option):
    run = shotkind(name, "--help")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"usage: shotkind {name} ")
    assert option in run.stdout


def test_an_unknown_command_is_a_usage_error_naming_the_commands(tmp_path):
    run = shotkind("analyse", str(tmp_path) + "-typo", cwd=tmp_path)   # a typo, not a folder
    assert run.returncode == 2 and run.stdout == ""
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith("shotkind: 'analyse' is not a command") and "analyze" in line


def test_an_unknown_option_is_said_by_its_command(tmp_path):
    run = shotkind("trash-rejects", str(tmp_path), "--frobnicate")
    assert run.returncode == 2
    assert run.stderr.strip() == "shotkind trash-rejects: unrecognized arguments: --frobnicate (see --help)"



@pytest.mark.parametrize("args", [("--foo",), ("--foo", "/tmp"), ("--version",)])
def test_an_option_before_any_command_is_said_unrecognized(args):
    """Only --help comes before a command: anything else is an unknown option, not a
    missing command nor a folder called a bad command."""
    run = shotkind(*args)
    assert run.returncode == 2 and run.stdout == ""
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith(f"shotkind: unrecognized option {args[0]}"), line


def test_export_help_shows_the_name_template_and_every_selection():
    run = shotkind("export", "--help")
    assert "{name}_{preset}" in run.stdout and "{{" not in run.stdout
    for word in ("unflagged", "rejects", "portraits", "best-of-group"):
        assert word in run.stdout, word

def test_a_folder_as_first_word_opens_the_app_on_it(tmp_path, monkeypatch):
    """A folder named like a command is still the app's folder when written as a path."""
    opened = []
    monkeypatch.setattr(cli, "gui_command", lambda args: opened.append(args.folder) or 0)   # no Qt here
    (tmp_path / "export").mkdir()
    monkeypatch.chdir(tmp_path)
    assert cli.main(["shoot-folder/"]) == 0 and cli.main([str(tmp_path / "export")]) == 0
    assert cli.main([]) == 0 and cli.main(["open", "export"]) == 0
    assert opened == [Path("shoot-folder"), tmp_path / "export", None, Path("export")]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_on_a_terminal_only(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    cli.progress_bar(3, 10, "analysing")
    cli.end_progress(True)
    assert sys.stderr.getvalue() == ""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    cli.progress_bar(3, 10, "analysing")
    cli.progress_bar(4, 10, "exporting a_very_long_file_name_from_a_phone_camera_2026.jpg")
    cli.end_progress(True)
    first, second = terminal.getvalue().split("\r")[1:]
    assert first == f"{'analysing':<40} 3/10 [{'#' * 9}{'.' * 21}]"
    assert second == f"{'exporting a_very_long_file_name_from_a_p'} 4/10 [{'#' * 12}{'.' * 18}]\n"
