"""Where ShotKind keeps its own files: one module decides, so nothing else guesses.

Data (catalogs of read-only shoots, logs, thumbnails), cache and configuration each get
the folder the platform's custom gives them, as platformdirs knows it: the XDG base
directories on Linux and other Unix systems (a relative XDG_*_HOME is ignored, as the
specification says), ~/Library on macOS, %LOCALAPPDATA% on Windows. One environment
variable, SHOTKIND_HOME, moves all three under one folder: the tests point it at
tmp_path, and a photographer can use it to keep ShotKind's files on another disk.

The platform is asked each time rather than at import (platformdirs' own
`PlatformDirs` is chosen when it is imported), so the macOS and Windows folders can be
tested on any machine. The functions only say where; whoever writes creates the folder
(`mkdir(parents=True)`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs.api import PlatformDirsABC
from platformdirs.macos import MacOS
from platformdirs.unix import Unix
from platformdirs.windows import Windows

DATA_VARIABLE = "SHOTKIND_HOME"
APP_NAME = "shotkind"        # Unix folders are lower case by custom
APP_TITLE = "ShotKind"       # macOS and Windows folders carry the product name


def data_dir() -> Path:
    """Files ShotKind must not lose: catalogs for shoots whose folder is read-only."""
    return _home("data") or Path(_platform().user_data_dir)


def cache_dir() -> Path:
    """Files ShotKind can rebuild at any time."""
    return _home("cache") or Path(_platform().user_cache_dir)


def config_dir() -> Path:
    """Preferences the photographer set."""
    return _home("config") or Path(_platform().user_config_dir)


def _home(kind: str) -> Path | None:
    home = os.environ.get(DATA_VARIABLE)
    return Path(home).expanduser() / kind if home else None


def _platform() -> PlatformDirsABC:
    if sys.platform == "darwin":
        return MacOS(APP_TITLE, appauthor=False)
    if sys.platform == "win32":
        return Windows(APP_TITLE, appauthor=False)
    return Unix(APP_NAME)
