"""Where ShotKind keeps its own files: one module decides, so nothing else guesses.

Data (catalogs of read-only shoots), cache and configuration each get one folder that
follows the platform's custom: the XDG base directories on Linux and other Unix systems,
~/Library on macOS, %APPDATA% / %LOCALAPPDATA% on Windows. One environment variable,
SHOTKIND_HOME, moves all three under one folder: the tests point it at tmp_path, and a
photographer can use it to keep ShotKind's files on another disk.

The functions only say where; whoever writes creates the folder (`mkdir(parents=True)`).

Not platformdirs: it takes a relative XDG_*_HOME, which the XDG specification says to
ignore (tests/core/test_paths.py holds it), and it picks the platform when imported, so
the macOS and Windows folders could no longer be tested on Linux; forty lines are cheaper.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_VARIABLE = "SHOTKIND_HOME"
APP_NAME = "shotkind"        # Unix folders are lower case by custom
APP_TITLE = "ShotKind"       # macOS and Windows folders carry the product name


def data_dir() -> Path:
    """Files ShotKind must not lose: catalogs for shoots whose folder is read-only."""
    return _home("data") or _platform_dir("data")


def cache_dir() -> Path:
    """Files ShotKind can rebuild at any time."""
    return _home("cache") or _platform_dir("cache")


def config_dir() -> Path:
    """Preferences the photographer set."""
    return _home("config") or _platform_dir("config")


def _home(kind: str) -> Path | None:
    home = os.environ.get(DATA_VARIABLE)
    return Path(home).expanduser() / kind if home else None


def _platform_dir(kind: str) -> Path:
    if sys.platform == "darwin":
        library = Path.home() / "Library"
        return {"data": library / "Application Support" / APP_TITLE,
                "cache": library / "Caches" / APP_TITLE,
                # as platformdirs does: ~/Library/Preferences is for the system's plists
                "config": library / "Application Support" / APP_TITLE}[kind]
    if sys.platform == "win32":
        roaming = _windows_folder("APPDATA", Path.home() / "AppData" / "Roaming")
        local = _windows_folder("LOCALAPPDATA", Path.home() / "AppData" / "Local")
        return {"data": local / APP_TITLE / "Data",
                "cache": local / APP_TITLE / "Cache",
                "config": roaming / APP_TITLE}[kind]
    variable, fallback = {"data": ("XDG_DATA_HOME", ".local/share"),
                          "cache": ("XDG_CACHE_HOME", ".cache"),
                          "config": ("XDG_CONFIG_HOME", ".config")}[kind]
    return _xdg_folder(variable, Path.home() / fallback) / APP_NAME


def _xdg_folder(variable: str, fallback: Path) -> Path:
    """The XDG variable when it is set to an absolute path (the specification says a
    relative one is invalid and must be ignored), else its documented default."""
    value = os.environ.get(variable, "")
    return Path(value) if value and os.path.isabs(value) else fallback


def _windows_folder(variable: str, fallback: Path) -> Path:
    value = os.environ.get(variable, "")
    return Path(value) if value else fallback
