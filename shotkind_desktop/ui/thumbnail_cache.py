"""How much room cached thumbnails take, and clearing them (Preferences). Thumbnails live
in each shoot's catalog (its `thumbnails` table): clearing deletes those rows in the open
shoot's catalog and in every catalog ShotKind keeps in its data folder (read-only shoots,
or all shoots when Preferences put catalogs there). Decisions, analysis and adjusted crops
in the same catalogs are untouched; thumbnails are made again when a shoot next opens."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

from shotkind_desktop.core.paths import data_dir

log = logging.getLogger(__name__)


def cache_catalogs(open_catalog: Path | None = None) -> list[Path]:
    """The catalogs whose thumbnails count: the open shoot's and the data folder's."""
    paths = sorted((data_dir() / "catalogs").glob("*.sqlite"))
    if open_catalog is not None and open_catalog.is_file() and open_catalog not in paths:
        paths.insert(0, open_catalog)
    return paths


def thumbnail_bytes(catalogs: list[Path]) -> int:
    """Bytes of thumbnail JPEGs in `catalogs` (unreadable ones count as 0)."""
    total = 0
    for path in catalogs:
        try:
            with closing(_connect(path)) as db:
                total += db.execute("SELECT COALESCE(SUM(LENGTH(jpeg)), 0) FROM thumbnails").fetchone()[0]
        except sqlite3.Error as error:
            log.warning("could not read thumbnails of %s: %s", path, error)
    return total


def clear_thumbnails(catalogs: list[Path]) -> int:
    """Delete every cached thumbnail in `catalogs`; returns how many."""
    removed = 0
    for path in catalogs:
        try:
            with closing(_connect(path)) as db, db:
                removed += db.execute("DELETE FROM thumbnails").rowcount
        except sqlite3.Error as error:
            log.warning("could not clear thumbnails of %s: %s", path, error)
    return removed


def size_text(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:,} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1000
    return ""


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=10)
