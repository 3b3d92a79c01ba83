"""The app's preferences in one INI file under core.paths.config_dir(), so tests (and
SHOTKIND_HOME) point it anywhere; typed accessors with defaults keep QSettings' strings
out of the rest of the code.

Two kinds of things live here: what the photographer chose in Preferences (detector,
catalog location, sidecar naming) and what the window remembers on its own (recent
shoots, geometry, splitter sizes, view choices)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from shotkind_desktop.core.judgement.faces import DETECTORS
from shotkind_desktop.core.people.groups import DEFAULT_GAP_SECONDS, GAP_LIMITS
from shotkind_desktop.core.paths import config_dir

SIDECAR_KEEPS_EXTENSION = "sidecars/keep_extension"
CATALOG_IN_DATA_FOLDER = "catalog/in_data_folder"
DETECTOR = "analysis/face_detector"   # (was analysis/detector: MTCNN stored as the old default is not kept)
DEFAULT_DETECTOR = "yunet"     # shipped inside ShotKind; MTCNN is the alternative
WORKING_SIZE = "analysis/working_size"
WORKING_SIZES = (1200, 1600, 2000, 2400)   # long side, px; 1600 is what the accuracy figures use
GROUP_GAP = "groups/gap_seconds"   # similar-frame groups: seconds between frames of one pose
RECENT_SHOOTS = "recent/shoots"
WINDOW_GEOMETRY, WINDOW_STATE = "window/geometry", "window/state"
SPLITTER = "window/splitter"
SIDE_PANEL = "view/side_panel"
CLOSEUPS = "view/face_closeups"
CELL_SIZE = "view/cell_size"
OVERLAYS = "view/overlays"   # the loupe's marks (overlays.OverlaySet.record), as JSON
LIVE_SOUND = "live/sound"     # a beep for a blink or missed focus in a live session (off by default)
RECENT_LIMIT = 10
SHOOT_PLACES = "recent/places"   # where each recent shoot was left (window_state.save_place), as JSON
EXPORT_PREFIX = "export/"   # the export dialog's last choices; Preferences sets some defaults


def settings() -> QSettings:
    path = config_dir() / "settings.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def _set(key: str, value) -> None:
    store = settings()
    store.setValue(key, value)
    store.sync()


def flag(key: str, default: bool = False) -> bool:
    return settings().value(key, default, type=bool)


def set_flag(key: str, value: bool) -> None:
    _set(key, bool(value))


def number(key: str, default: int) -> int:
    try:
        return int(settings().value(key, default))
    except (TypeError, ValueError):
        return default


def set_number(key: str, value: int) -> None:
    _set(key, int(value))


def blob(key: str) -> QByteArray | None:
    value = settings().value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def set_blob(key: str, value: QByteArray) -> None:
    _set(key, value)


def text(key: str) -> str:
    value = settings().value(key, "")
    return value if isinstance(value, str) else ""


def set_text(key: str, value: str) -> None:
    _set(key, str(value))


def _values(key: str) -> list:
    """A stored list; QSettings gives back a one-item list as the bare item."""
    value = settings().value(key, [])
    return value if isinstance(value, list) else [value] if value else []


def numbers(key: str) -> list[int]:
    """A list of ints (splitter sizes); [] when unset or garbled."""
    try:
        return [int(v) for v in _values(key)]
    except (TypeError, ValueError):
        return []


def set_numbers(key: str, values: list[int]) -> None:
    _set(key, [int(v) for v in values])


# ---- recent shoots ----------------------------------------------------------------------

def recent_shoots() -> list[Path]:
    """The shoots opened last, newest first (folders that have gone are kept: a card or
    a disk may come back; the welcome view marks them)."""
    return [Path(v) for v in _values(RECENT_SHOOTS) if isinstance(v, str) and v][:RECENT_LIMIT]


def add_recent_shoot(folder: Path) -> list[Path]:
    folder = Path(folder).resolve()
    shoots = [folder] + [p for p in recent_shoots() if p != folder]
    _set(RECENT_SHOOTS, [str(p) for p in shoots[:RECENT_LIMIT]])
    return shoots[:RECENT_LIMIT]


def shoot_place(folder: Path) -> dict:
    """Where the photographer left the shoot in `folder` (window_state.save_place); {}
    when not known."""
    place = _places().get(str(Path(folder).resolve()))
    return place if isinstance(place, dict) else {}


def set_shoot_place(folder: Path, place: dict) -> None:
    """Keep where the shoot was left, beside those of the other recent shoots only."""
    folder = str(Path(folder).resolve())
    kept = {str(p) for p in recent_shoots()} | {folder}
    places = {key: value for key, value in _places().items() if key in kept}
    places[folder] = place
    _set(SHOOT_PLACES, json.dumps(places, ensure_ascii=False))


def _places() -> dict:
    try:
        places = json.loads(text(SHOOT_PLACES) or "{}")
    except ValueError:
        return {}
    return places if isinstance(places, dict) else {}


def forget_recent_shoot(folder: Path) -> list[Path]:
    shoots = [p for p in recent_shoots() if p != Path(folder)]
    _set(RECENT_SHOOTS, [str(p) for p in shoots])
    return shoots


# ---- analysis ---------------------------------------------------------------------------

def detector() -> str:
    """The face detector the next analysis uses: "yunet" (shipped inside ShotKind, the
    default) or "mtcnn". The YuNet model file an earlier ShotKind stored beside "yunet"
    is not read: the app carries its own."""
    name = settings().value(DETECTOR, DEFAULT_DETECTOR)
    return name if name in DETECTORS else DEFAULT_DETECTOR


def set_detector(name: str) -> None:
    _set(DETECTOR, name if name in DETECTORS else DEFAULT_DETECTOR)


# ---- similar-frame groups ---------------------------------------------------------------

def group_gap() -> float:
    """Seconds two frames of one pose may be apart (core.people.groups), within GAP_LIMITS."""
    try:
        seconds = float(settings().value(GROUP_GAP, DEFAULT_GAP_SECONDS))
    except (TypeError, ValueError):
        return DEFAULT_GAP_SECONDS
    low, high = GAP_LIMITS
    return min(max(seconds, low), high) if seconds == seconds else DEFAULT_GAP_SECONDS


def set_group_gap(seconds: float) -> None:
    _set(GROUP_GAP, float(seconds))
