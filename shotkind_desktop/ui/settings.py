"""The app's preferences in one INI file under core.paths.config_dir(), so tests (and
SHOTKIND_HOME) point it anywhere; typed accessors with defaults keep QSettings' strings
out of the rest of the code."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from shotkind_desktop.core.paths import config_dir

SIDECAR_KEEPS_EXTENSION = "sidecars/keep_extension"


def settings() -> QSettings:
    path = config_dir() / "settings.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def flag(key: str, default: bool = False) -> bool:
    return settings().value(key, default, type=bool)


def set_flag(key: str, value: bool) -> None:
    store = settings()
    store.setValue(key, bool(value))
    store.sync()
