"""ShotKind's own folders: one override for everything, the platform's custom otherwise."""

from __future__ import annotations

import sys

import platformdirs.windows
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


def test_macos_folders(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.DATA_VARIABLE, raising=False)
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(paths.sys, "platform", "darwin")
    library = tmp_path / "Library"
    assert paths.data_dir() == library / "Application Support" / "ShotKind"
    assert paths.cache_dir() == library / "Caches" / "ShotKind"
    # ~/Library/Preferences is for the system's property lists, not an app's own files
    assert paths.config_dir() == library / "Application Support" / "ShotKind"


def test_windows_folders(tmp_path, monkeypatch):
    """Windows asks the shell for its known folders; here the environment variables that
    name them stand in (platformdirs' own fallback)."""
    monkeypatch.delenv(paths.DATA_VARIABLE, raising=False)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "AppData" / "Roaming"))
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", platformdirs.windows.get_win_folder_from_env_vars)
    monkeypatch.setattr(paths.sys, "platform", "win32")
    local = tmp_path / "AppData" / "Local" / "ShotKind"
    assert paths.data_dir() == local
    assert paths.cache_dir() == local / "Cache"
    assert paths.config_dir() == local      # not roaming: a catalog path means nothing elsewhere
