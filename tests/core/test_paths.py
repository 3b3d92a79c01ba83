"""ShotKind's own folders: one override for everything, the platform's custom otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from shotkind_desktop.core import paths


def test_one_variable_moves_every_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.DATA_VARIABLE, str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "/elsewhere/data")
    assert paths.data_dir() == tmp_path / "data"
    assert paths.cache_dir() == tmp_path / "cache"
    assert paths.config_dir() == tmp_path / "config"
    assert len({paths.data_dir(), paths.cache_dir(), paths.config_dir()}) == 3


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="XDG folders are for Linux and Unix")
def test_xdg_folders_and_their_defaults(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.DATA_VARIABLE, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(variable, raising=False)
    assert paths.data_dir() == tmp_path / ".local" / "share" / "shotkind"
    assert paths.cache_dir() == tmp_path / ".cache" / "shotkind"
    assert paths.config_dir() == tmp_path / ".config" / "shotkind"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")     # invalid: ignored
    assert paths.data_dir() == tmp_path / "d" / "shotkind"
    assert paths.cache_dir() == tmp_path / "c" / "shotkind"
    assert paths.config_dir() == tmp_path / ".config" / "shotkind"


@pytest.mark.parametrize("platform, expected", [
    ("darwin", ("Library/Application Support/ShotKind", "Library/Caches/ShotKind")),
    ("win32", ("AppData/Local/ShotKind/Data", "AppData/Local/ShotKind/Cache")),
])
def test_macos_and_windows_folders(tmp_path, monkeypatch, platform, expected):
    monkeypatch.delenv(paths.DATA_VARIABLE, raising=False)
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    monkeypatch.delenv("APPDATA", raising=False)
    monkeypatch.setattr(paths.sys, "platform", platform)
    monkeypatch.setattr(paths.Path, "home", classmethod(lambda cls: tmp_path))
    assert paths.data_dir() == tmp_path / Path(expected[0])
    assert paths.cache_dir() == tmp_path / Path(expected[1])
