"""The per-shoot catalog: decisions, cached analysis, thumbnails and adjusted crops in one
SQLite file, so reopening a shoot is instant and a crash of ShotKind loses nothing saved
(a power cut may take back the last saves: _connect says what holds).

It lives in the shoot, at <folder>/.shotkind/catalog.sqlite (hidden: the scanner skips
it), so it travels with the folder. A shoot on a read-only card or share gets one in
data_dir()/catalogs/ instead, named after the folder and a hash of its full path.

Cached results and thumbnails are keyed by file identity (size and modification time):
a frame edited or replaced since is analysed again. A damaged catalog is moved aside
(catalog.sqlite.corrupt-<time>) and a new one started: a shoot always opens.

One connection serves every thread, guarded by a lock; each write is one transaction,
committed before the method returns. A catalog another program is using never holds a
caller for long: the lock and SQLite's busy wait are taken in short tries until the
caller's deadline, then CatalogBusy (the GUI passes a fraction of a second and retries in
the background).

No file of the catalog is memory-mapped while it keeps a rollback journal
(_journal_without_maps says why and when it does not): a disk that turns read-only or
goes away under an open shoot is then an error SQLite returns, never a signal that ends
ShotKind.

A catalog this ShotKind does not fully understand (a higher schema version, columns it
does not know) or one another ShotKind window holds (catalog_lock.py) is opened read-only:
`read_only` then says why, and every write is refused (decisions) or skipped (caches).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from shotkind_desktop.core.records import ENGINE_VERSION, FrameResult
from shotkind_desktop.core.decisions.catalog_errors import (CatalogBusy, CatalogFull, CatalogReadOnly,
                                                             CatalogReplaced, CatalogUnwritable)
from shotkind_desktop.core.decisions.catalog_files import move_catalog
from shotkind_desktop.core.decisions.catalog_lock import CatalogLock
from shotkind_desktop.core.decisions.decisions import Decision
from shotkind_desktop.core.paths import data_dir
from shotkind_desktop.core.people.roster import Roster, roster_from_table
from shotkind_desktop.core.safe_files import leaves_folder, read_head
from shotkind_desktop.core.people.sitters import SitterEdits

log = logging.getLogger(__name__)

CATALOG_FOLDER, CATALOG_NAME = ".shotkind", "catalog.sqlite"
DAMAGED = {11, 26}      # SQLITE_CORRUPT, SQLITE_NOTADB
BUSY = {5, 6}           # SQLITE_BUSY, SQLITE_LOCKED: another program is writing
# SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN (and their extended codes):
# the disk refuses the write (read-only, locked, failing), which may pass
REFUSED_BY_THE_DISK = {3, 8, 10, 14}
# The catalog's file was unlinked or replaced under the open connection: not the disk refusing
SQLITE_READONLY_DBMOVED = 1032
# After the disk was found full, thumbnails and analysis results (caches, made again at
# the next opening) are not written for this long, so that the room the photographer
# makes goes to the decisions waiting for it (decision_writer retries every few seconds).
CACHES_GIVE_WAY_SECONDS = 30.0
BACKGROUND_WAIT = 10.0  # seconds a worker thread waits for a busy catalog
MAIN_THREAD_READ_WAIT = 1.0    # seconds a read on the main thread (the window's GUI thread) waits
TRY_SECONDS = 0.05      # each try holds the lock at most this long
NEWER = "it was made by a newer version of ShotKind"
IN_USE = "the shoot is open in another ShotKind window"

Box = tuple[float, float, float, float]

# Each entry brings the schema from version N to N + 1 (PRAGMA user_version). Add new
# entries at the end; never edit one that has shipped.
MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE decisions (name TEXT PRIMARY KEY, flag INTEGER NOT NULL,
           rating INTEGER NOT NULL, label TEXT, written_ns INTEGER NOT NULL)""",
        """CREATE TABLE results (name TEXT PRIMARY KEY, size INTEGER NOT NULL,
           mtime_ns INTEGER NOT NULL, result TEXT NOT NULL)""",
        """CREATE TABLE thumbnails (name TEXT PRIMARY KEY, size INTEGER NOT NULL,
           mtime_ns INTEGER NOT NULL, jpeg BLOB NOT NULL)""",
        """CREATE TABLE crops (name TEXT NOT NULL, ratio TEXT NOT NULL, left REAL NOT NULL,
           top REAL NOT NULL, width REAL NOT NULL, height REAL NOT NULL,
           PRIMARY KEY (name, ratio))""",
    ),
    (   # what the frame's sidecars held when ShotKind last wrote them (sidecar_print.py)
        "ALTER TABLE decisions ADD COLUMN sidecar TEXT",
    ),
    (   # the frames a client chose, per round ("first choice", "final choice"): client_rounds.py
        """CREATE TABLE client_choices (round TEXT NOT NULL, name TEXT NOT NULL,
           imported_ns INTEGER NOT NULL, PRIMARY KEY (round, name))""",
    ),
    (   # sitters (core.people.sitters): the photographer's splits, merges and names, by frame;
        # the roster as imported, row 0 its header, each row a JSON list of its cells
        "CREATE TABLE sitter_edits (name TEXT PRIMARY KEY, edit TEXT NOT NULL)",
        "CREATE TABLE sitter_names (name TEXT PRIMARY KEY, person TEXT NOT NULL)",
        "CREATE TABLE roster (position INTEGER PRIMARY KEY, cells TEXT NOT NULL)",
    ),
    (   # the picture an adjusted crop was made on (core.files.picture_print): a photo copied
        # over the file under the same name does not take its crop (NULL: not known)
        "ALTER TABLE crops ADD COLUMN picture TEXT",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)
NAMED_TABLES = ("decisions", "crops", "results", "thumbnails", "client_choices", "sitter_edits", "sitter_names")
COLUMNS = {"decisions": {"name", "flag", "rating", "label", "written_ns", "sidecar"},
           "results": {"name", "size", "mtime_ns", "result"},
           "thumbnails": {"name", "size", "mtime_ns", "jpeg"},
           "crops": {"name", "ratio", "left", "top", "width", "height", "picture"},
           "client_choices": {"round", "name", "imported_ns"},
           "sitter_edits": {"name", "edit"}, "sitter_names": {"name", "person"},
           "roster": {"position", "cells"}}
SPLIT, JOIN = "start", "join"     # sitter_edits.edit


@dataclass(frozen=True)
class FileIdentity:
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity:
        """The identity of the file now; raises OSError."""
        status = os.stat(path)
        return cls(status.st_size, status.st_mtime_ns)


# A stored thumbnail failure: a JPEG starts with FF D8, so no thumbnail starts like this.
THUMBNAIL_FAILED = b"unreadable:"


def thumbnail_failure(stored: bytes) -> str | None:
    """The message of a failure the thumbnails table remembers, or None for a thumbnail."""
    return stored[len(THUMBNAIL_FAILED):].decode("utf-8", "replace") if stored.startswith(THUMBNAIL_FAILED) else None


class _Damaged(Exception):
    pass


class Catalog:
    """One SQLite database per shoot (rollback journal, schema version + migrations)."""

    def __init__(self, path: Path, read_only: str | None = None, lock: CatalogLock | None = None):
        """Open (creating or upgrading) the catalog at `path`, or only read it when
        `read_only` gives a reason. Raises sqlite3.Error or OSError when it cannot be
        written; moves a damaged one aside and starts anew. `lock` is released on close."""
        self.path = Path(path)
        self.read_only = read_only
        self._full_until = 0.0          # caches give way to decisions until then (monotonic)
        self._lock = threading.Lock()
        self._held = lock
        self._shoot_lock: CatalogLock | None = None    # Catalog.open's, beside the catalog's own
        try:
            self._connect()
        except BaseException:
            self._release_lock()
            raise

    def _connect(self) -> None:
        """Connect to the file at self.path (a damaged one moved aside and a new one
        started) and remember which file it is, to tell it replaced or deleted later."""
        try:
            self._db, newer = _connect(self.path, self.read_only is not None)
        except _Damaged as error:
            if self.read_only is not None:
                raise sqlite3.DatabaseError(f"damaged catalog: {error}") from error
            aside = _move_aside(self.path)
            log.warning("the catalog %s was damaged (%s): kept as %s, starting a new one",
                        self.path, error, aside.name)
            self._db, newer = _connect(self.path, False)
        self._opened_file = _file_number(self.path)
        if newer and self.read_only is None:
            log.warning("catalog %s: %s; opened read-only", self.path, NEWER)
            self.read_only = NEWER

    @classmethod
    def open(cls, folder: Path, exclusive: bool = False, in_data_folder: bool = False) -> Catalog:
        """The catalog of the shoot in `folder`: in the folder, or in the data folder when
        the shoot folder cannot be written or `in_data_folder` (Preferences). `exclusive`
        (a window, `shotkind select`): take the shoot's lock and the catalog's, or open it
        read-only when another window holds either. A catalog the shoot got in the data
        folder while it was read-only is merged into the shoot's own."""
        folder = Path(folder)
        fallback = fallback_path(folder)
        if not exclusive:
            return cls._opened(folder, fallback, None, False, in_data_folder)
        # One writer per shoot on this computer wherever its catalog is kept: two windows
        # whose Preferences differed each held their own catalog's lock and both wrote the
        # shoot's sidecars (a tester's pick and reject crossed). The data folder's lock for
        # the shoot is that one lock; it is also the data-folder catalog's own lock.
        shoot_lock = _shoot_lock(fallback)
        if shoot_lock is False:
            log.warning("shoot %s: %s; opened read-only", folder, IN_USE)
            return cls._holders_catalog(folder, fallback)
        try:
            catalog = cls._opened(folder, fallback, shoot_lock, True, in_data_folder)
        except BaseException:
            if shoot_lock:
                shoot_lock.release()
            raise
        return catalog

    @classmethod
    def _opened(cls, folder: Path, fallback: Path, shoot_lock: CatalogLock | None, exclusive: bool,
                in_data_folder: bool) -> Catalog:
        """Catalog.open's catalog, `shoot_lock` (held, or None) handed to it."""
        local = folder / CATALOG_FOLDER / CATALOG_NAME
        if not in_data_folder:
            try:
                if not shoot_catalog_is_its_own(folder):
                    raise OSError(f"{local} is a link out of the shoot: another application's file")
                local.parent.mkdir(exist_ok=True)
                catalog = cls.open_at(local, exclusive)
            except (OSError, sqlite3.Error) as error:
                log.info("shoot folder %s is not writable (%s): catalog kept at %s", folder, error, fallback)
            else:
                if catalog.read_only == IN_USE and shoot_lock:
                    # another computer's window holds the catalog itself: this read-only
                    # view writes nothing, and a window opened here once that one is
                    # closed must not find the shoot held by this one
                    shoot_lock.release()
                    shoot_lock = None
                catalog._shoot_lock = shoot_lock
                return catalog._with_strays(fallback, spare_path(folder))
        fallback.parent.mkdir(parents=True, exist_ok=True)
        if not in_data_folder and not fallback.exists() and os.path.isfile(local) \
                and shoot_catalog_is_its_own(folder):
            _copy_read_only(local, fallback)
        catalog = cls(fallback, lock=shoot_lock) if shoot_lock else cls.open_at(fallback, exclusive)
        return catalog._with_strays(spare_path(folder))

    def _with_strays(self, *strays: Path) -> Catalog:
        """This catalog, with the decisions other catalogs of the shoot in the data folder
        hold merged in (a read-only session's, the waiting ones of a session that ended
        first: spare_catalog.py), when it can be written."""
        from shotkind_desktop.core.decisions.catalog_merge import merge_stray_catalog
        try:
            if self.read_only is None:
                for stray in strays:
                    merge_stray_catalog(self, stray)
        except BaseException:      # never a catalog left open, its locks held
            self.close()
            raise
        return self

    @classmethod
    def _holders_catalog(cls, folder: Path, fallback: Path) -> Catalog:
        """What another window holding the shoot writes, read-only: of the shoot's own
        catalog and the data folder's, the one written last that can be read (a locked
        card's own catalog left in WAL mode by an earlier ShotKind cannot be), else an
        empty one."""
        local = folder / CATALOG_FOLDER / CATALOG_NAME
        places = [place for place in (local, fallback) if os.path.isfile(place)]
        for place in sorted(places, key=last_written, reverse=True):
            try:
                return cls(place, read_only=IN_USE)
            except (OSError, sqlite3.Error) as error:
                log.info("catalog %s cannot be read: %s", place, error)
        return cls._empty_read_only(fallback)

    @classmethod
    def _empty_read_only(cls, path: Path) -> Catalog:
        """A read-only view of a catalog not written yet (another window holds the shoot
        and has not decided anything): an empty one in memory."""
        catalog = cls(Path(":memory:"))
        catalog.path, catalog.read_only = path, IN_USE
        return catalog

    @classmethod
    def open_at(cls, path: Path, exclusive: bool = False) -> Catalog:
        """The catalog at `path`; with `exclusive`, read-only when another window holds it."""
        if not exclusive:
            return cls(path)
        lock = CatalogLock(path)
        if not lock.acquire():
            log.warning("catalog %s: %s; opened read-only", path, IN_USE)
            return cls(path, read_only=IN_USE)
        return cls(path, lock=lock)

    def close(self) -> None:
        with self._lock:
            self._db.close()
        self._release_lock()

    def _release_lock(self) -> None:
        for held in (self._held, self._shoot_lock):
            if held is not None:
                held.release()
        self._held = self._shoot_lock = None

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # ---- decisions --------------------------------------------------------------------

    def decisions(self) -> dict[str, Decision]:
        """Frame name (posix path relative to the shoot folder) -> decision."""
        found = {}
        for stored, flag, rating, label in self._rows("SELECT name, flag, rating, label FROM decisions"):
            name = _named(stored)
            try:
                found[name] = Decision(flag, rating, label)
            except ValueError as error:
                log.warning("catalog %s: ignoring the decision on %s: %s", self.path, name, error)
        return found

    def decision_times(self) -> dict[str, int]:
        """Name -> time_ns when ShotKind last wrote that decision."""
        return {_named(stored): written for stored, written in
                self._rows("SELECT name, written_ns FROM decisions")}

    def save_decisions(self, decisions: dict[str, Decision], wait: float = BACKGROUND_WAIT,
                       written_ns: dict[str, int] | None = None) -> None:
        """One transaction, committed before returning; the frames' sidecar prints are
        forgotten until save_sidecar_prints says what the sidecars now hold. CatalogBusy
        after `wait` seconds; CatalogReadOnly on a read-only catalog. `written_ns`: keep
        these times of writing (a merged catalog's) instead of now."""
        if self.read_only is not None:
            raise CatalogReadOnly(self.read_only)
        now, times = time.time_ns(), written_ns or {}
        with self._transaction(wait) as db:
            db.executemany("INSERT OR REPLACE INTO decisions (name, flag, rating, label, written_ns) "
                           "VALUES (?, ?, ?, ?, ?)",
                           [(_stored(name), d.flag, d.rating, d.label, times.get(name, now))
                            for name, d in decisions.items()])

    def rename_frames(self, moves: dict[str, str], wait: float = BACKGROUND_WAIT,
                      left: dict[str, str] | None = None) -> None:
        """Frames that took other names (old -> new): their decisions, crops, client
        choices, sitter corrections and cached analyses follow them, in one transaction;
        where a frame has the same row already under its new name (a crop of the same
        ratio, a choice in the same round), the old name's wins. `left`: old name -> the
        print of the sidecars its picture left there; in the same transaction the old
        name is kept undecided with that print, so those sidecars, whoever wrote them,
        are never read as the decision of a picture that lands under the name later
        (a tether program's capture_tmp_0001.JPG), while a sidecar written afterwards
        has another print and is read as usual."""
        if self.read_only is not None:
            raise CatalogReadOnly(self.read_only)
        with self._transaction(wait) as db:
            for old, new in moves.items():
                moved = db.execute("SELECT 1 FROM decisions WHERE name = ?", (_stored(old),)).fetchone()
                for table in NAMED_TABLES:
                    # row by row (a crop by its ratio, a choice by its round): the new
                    # name keeps what the old did not have
                    db.execute(f"UPDATE OR REPLACE {table} SET name = ? WHERE name = ?", (_stored(new), _stored(old)))
                if moved:   # its print was of the old name's sidecars: without one, the
                    # decision is written to the sidecars the frame has under its new name
                    db.execute("UPDATE decisions SET sidecar = NULL WHERE name = ?", (_stored(new),))
            undecided = Decision()
            db.executemany("INSERT OR REPLACE INTO decisions (name, flag, rating, label, written_ns, sidecar) "
                           "VALUES (?, ?, ?, ?, 0, ?)",
                           [(_stored(old), undecided.flag, undecided.rating, undecided.label, print_)
                            for old, print_ in (left or {}).items()])

    def forget_left(self, name: str, wait: float = BACKGROUND_WAIT) -> None:
        """The sidecars left under `name` have gone (moved with their picture): forget the
        note rename_frames made, unless a decision has been made there since."""
        if self.read_only is None:
            with self._transaction(wait) as db:
                db.execute("DELETE FROM decisions WHERE name = ? AND written_ns = 0 AND flag = 0 "
                           "AND rating = 0 AND label IS NULL", (_stored(name),))

    def captured(self, name: str) -> str | None:
        """The capture time (ISO) the frame's cached analysis read from its EXIF, whatever
        engine made it; None when not known."""
        for text, in self._rows("SELECT result FROM results WHERE name = ?", (_stored(name),)):
            try:
                captured = json.loads(text).get("captured")
            except (ValueError, AttributeError):
                return None
            return captured if isinstance(captured, str) else None
        return None

    def kept_names(self) -> dict[str, FileIdentity | None]:
        """Every frame name the catalog keeps a row under, with the identity of the file
        its analysis was cached for (None: no analysis kept)."""
        kept: dict[str, FileIdentity | None] = {
            _named(stored): None for table in NAMED_TABLES
            for stored, in self._rows(f"SELECT DISTINCT name FROM {table}")}
        for stored, size, mtime_ns in self._rows("SELECT name, size, mtime_ns FROM results"):
            kept[_named(stored)] = FileIdentity(size, mtime_ns)
        return kept

    def sidecar_prints(self) -> dict[str, str]:
        """Name -> what its sidecars held after ShotKind's last complete write of them."""
        return {_named(stored): sidecar for stored, sidecar in
                self._rows("SELECT name, sidecar FROM decisions WHERE sidecar IS NOT NULL")}

    def save_sidecar_prints(self, prints: dict[str, str], wait: float = BACKGROUND_WAIT) -> None:
        if self.read_only is None and prints:
            with self._transaction(wait) as db:
                db.executemany("UPDATE decisions SET sidecar = ? WHERE name = ?",
                               [(print_, _stored(name)) for name, print_ in prints.items()])

    # ---- analysis results -------------------------------------------------------------

    def result(self, name: str, identity: FileIdentity) -> FrameResult | None:
        """The cached analysis, only when the file is still the one analysed."""
        rows = self._rows("SELECT result FROM results WHERE name = ? AND size = ? AND mtime_ns = ?",
                          (_stored(name), identity.size, identity.mtime_ns))
        return _result_from(rows[0][0]) if rows else None

    def save_result(self, name: str, identity: FileIdentity, result: FrameResult) -> None:
        self.save_results([(name, identity, result)])

    def save_results(self, items: list[tuple[str, FileIdentity, FrameResult]],
                     wait: float = BACKGROUND_WAIT) -> None:
        """A batch in one transaction; CatalogBusy after `wait` seconds."""
        rows = [(_stored(name), identity.size, identity.mtime_ns, _result_json(result))
                for name, identity, result in items]
        if self.read_only is None:
            self._check_room_for_caches()
            with self._transaction(wait) as db:
                db.executemany("INSERT OR REPLACE INTO results (name, size, mtime_ns, result) "
                               "VALUES (?, ?, ?, ?)", rows)

    def results(self) -> dict[str, tuple[FileIdentity, FrameResult]]:
        """Every cached analysis at once, with the identity it belongs to."""
        found = {}
        for stored, size, mtime_ns, text in self._rows("SELECT name, size, mtime_ns, result FROM results"):
            name = _named(stored)
            result = _result_from(text)
            if result is not None:
                found[name] = (FileIdentity(size, mtime_ns), result)
        return found

    # ---- thumbnails -------------------------------------------------------------------

    def thumbnail(self, name: str, identity: FileIdentity) -> bytes | None:
        """Encoded JPEG bytes, only when the file is still the one they show; or a
        remembered failure (thumbnail_failure says its message)."""
        rows = self._rows("SELECT jpeg FROM thumbnails WHERE name = ? AND size = ? AND mtime_ns = ?",
                          (_stored(name), identity.size, identity.mtime_ns))
        return bytes(rows[0][0]) if rows else None

    def save_thumbnail(self, name: str, identity: FileIdentity, jpeg: bytes) -> None:
        if self.read_only is not None:
            return
        self._check_room_for_caches()
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO thumbnails (name, size, mtime_ns, jpeg) VALUES (?, ?, ?, ?)",
                       (_stored(name), identity.size, identity.mtime_ns, sqlite3.Binary(jpeg)))

    def save_thumbnail_failure(self, name: str, identity: FileIdentity, message: str) -> None:
        """Remember that this file gives no thumbnail, and why, so it is not decoded again
        at every opening; a changed file (another identity) is tried again."""
        self.save_thumbnail(name, identity, THUMBNAIL_FAILED + message.encode("utf-8"))

    def thumbnails(self, identities: dict[str, FileIdentity]) -> dict[str, bytes]:
        """Every thumbnail whose file still has the given identity, in one query."""
        rows = self._rows("SELECT name, size, mtime_ns, jpeg FROM thumbnails")
        return {_named(stored): bytes(jpeg) for stored, size, mtime_ns, jpeg in rows
                if identities.get(_named(stored)) == FileIdentity(size, mtime_ns)}

    # ---- adjusted crops ---------------------------------------------------------------

    def crops(self, name: str, picture: str | None = None) -> dict[str, Box]:
        """Ratio ("1:1", "4:5", ...) -> the photographer's crop box (left, top, width,
        height) in upright full-resolution pixels; given the frame's `picture`
        (core.files.picture_print), only the crops made on that picture."""
        return self.all_crops({name: picture}, name).get(name, {})

    def all_crops(self, pictures: dict[str, str | None] | None = None,
                  name: str | None = None) -> dict[str, dict[str, Box]]:
        """Frame -> its adjusted crops (`crops`); given `pictures` (frame -> the print of
        its picture now), a crop made on another picture (a photo copied over the file
        under the same name) is left out. A crop counts where either print is unknown."""
        found: dict[str, dict[str, Box]] = {}
        for frame, ratios in self.crop_records(name).items():
            now = (pictures or {}).get(frame)
            for ratio, (box, made_on) in ratios.items():
                if made_on is None or now is None or made_on == now:
                    found.setdefault(frame, {})[ratio] = box
        return found

    def crop_records(self, name: str | None = None) -> dict[str, dict[str, tuple[Box, str | None]]]:
        """Frame -> ratio -> (box, the print of the picture it was adjusted on, or None)."""
        # an older catalog opened read-only (not migrated) has no picture column: None then
        picture = "picture" if self._has_column("crops", "picture") else "NULL"
        query = f"SELECT name, ratio, left, top, width, height, {picture} FROM crops"
        rows = self._rows(query + " WHERE name = ?", (_stored(name),)) if name is not None else self._rows(query)
        found: dict[str, dict[str, tuple[Box, str | None]]] = {}
        for stored, ratio, left, top, width, height, made_on in rows:
            found.setdefault(_named(stored), {})[ratio] = ((left, top, width, height), made_on)
        return found

    def save_crop(self, name: str, ratio: str, box: Box | None, wait: float = BACKGROUND_WAIT,
                  picture: str | None = None) -> None:
        """Keep an adjusted crop, made on `picture` (core.files.picture_print); None
        removes the adjustment (back to the computed one). CatalogReadOnly on a read-only
        catalog, CatalogBusy after `wait` seconds."""
        if self.read_only is not None:
            raise CatalogReadOnly(self.read_only)
        with self._transaction(wait) as db:
            if box is None:
                db.execute("DELETE FROM crops WHERE name = ? AND ratio = ?", (_stored(name), ratio))
            else:
                left, top, width, height = map(float, box)
                db.execute("INSERT OR REPLACE INTO crops (name, ratio, left, top, width, height, picture) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (_stored(name), ratio, left, top, width, height, picture))

    # ---- client rounds ----------------------------------------------------------------

    def client_rounds(self) -> dict[str, list[str]]:
        """Round ("first choice") -> the frames the client chose in it, in their list's
        order; rounds in the order they were imported."""
        found: dict[str, list[str]] = {}
        for round_, stored in self._rows("SELECT round, name FROM client_choices "
                                         "ORDER BY imported_ns, rowid"):
            found.setdefault(round_, []).append(_named(stored))
        return found

    def save_client_round(self, round_: str, names: list[str], wait: float = BACKGROUND_WAIT) -> None:
        """The client's choice in `round_`, replacing what an earlier import of the same
        round said (a corrected list); one transaction. CatalogReadOnly, CatalogBusy."""
        if self.read_only is not None:
            raise CatalogReadOnly(self.read_only)
        now = time.time_ns()
        with self._transaction(wait) as db:
            db.execute("DELETE FROM client_choices WHERE round = ?", (round_,))
            db.executemany("INSERT OR IGNORE INTO client_choices (round, name, imported_ns) "
                           "VALUES (?, ?, ?)", [(round_, _stored(name), now) for name in names])

    # ---- sitters and the roster -------------------------------------------------------

    def sitter_edits(self) -> SitterEdits:
        """The photographer's corrections to the sitters (core.people.sitters)."""
        edits = self._rows("SELECT name, edit FROM sitter_edits")
        names = self._rows("SELECT name, person FROM sitter_names")
        return SitterEdits(frozenset(_named(n) for n, edit in edits if edit == SPLIT),
                           frozenset(_named(n) for n, edit in edits if edit == JOIN),
                           {_named(n): person for n, person in names})

    def save_sitter_edits(self, edits: SitterEdits, wait: float = BACKGROUND_WAIT) -> None:
        """All of them at once, in one transaction. CatalogReadOnly, CatalogBusy as for decisions."""
        if self.read_only is not None:
            raise CatalogReadOnly(self.read_only)
        with self._transaction(wait) as db:
            db.execute("DELETE FROM sitter_edits")
            db.execute("DELETE FROM sitter_names")
            db.executemany("INSERT INTO sitter_edits (name, edit) VALUES (?, ?)",
                           [(_stored(n), SPLIT) for n in sorted(edits.starts)]
                           + [(_stored(n), JOIN) for n in sorted(edits.joined - edits.starts)])
            db.executemany("INSERT INTO sitter_names (name, person) VALUES (?, ?)",
                           [(_stored(n), person) for n, person in sorted(edits.names.items())])

    def roster(self) -> Roster | None:
        """The roster imported for this shoot, None when there is none (or it no longer reads)."""
        rows = [json.loads(cells) for _, cells in
                self._rows("SELECT position, cells FROM roster ORDER BY position")]
        if len(rows) < 2:
            return None
        try:
            return roster_from_table(rows[0], rows[1:])
        except ValueError as error:
            log.warning("catalog %s: the roster is not used: %s", self.path, error)
            return None

    def save_roster(self, roster: Roster | None, wait: float = BACKGROUND_WAIT) -> None:
        """Replace the roster (None removes it). CatalogReadOnly, CatalogBusy as for decisions."""
        if self.read_only is not None:
            raise CatalogReadOnly(self.read_only)
        table = [] if roster is None else [list(roster.columns)] + [
            [row.fields.get(column, "") for column in roster.columns] for row in roster.rows]
        with self._transaction(wait) as db:
            db.execute("DELETE FROM roster")
            db.executemany("INSERT INTO roster (position, cells) VALUES (?, ?)",
                           [(i, json.dumps(cells, ensure_ascii=False)) for i, cells in enumerate(table)])

    # ---- plumbing ---------------------------------------------------------------------

    def _has_column(self, table: str, column: str) -> bool:
        return any(row[1] == column for row in self._rows(f"PRAGMA table_info({table})"))

    def _rows(self, query: str, parameters: tuple = ()) -> list[tuple]:
        """The query's rows. Another program's commit shuts readers out while it writes
        the database (a rollback journal), and a worker's commit waiting for another
        program's reader holds the connection: the read is tried again in short tries,
        the lock let go between them, for _read_wait() seconds, then CatalogBusy."""
        deadline = time.monotonic() + _read_wait()
        while True:
            if self._lock.acquire(timeout=max(0.0, min(TRY_SECONDS, deadline - time.monotonic()))):
                try:
                    return self._db.execute(query, parameters).fetchall()
                except sqlite3.OperationalError as error:
                    # an older catalog only read, not upgraded (an export, a second window)
                    # lacks what its ShotKind did not record yet: none of it is there
                    if self.read_only is not None and str(error).startswith(("no such table", "no such column")):
                        return []
                    if getattr(error, "sqlite_errorcode", None) not in BUSY:
                        raise
                finally:
                    self._lock.release()
            if time.monotonic() >= deadline:
                raise CatalogBusy(f"{self.path} is being written by another program")
            time.sleep(TRY_SECONDS / 5)

    def _check_room_for_caches(self) -> None:
        """CatalogFull while caches give way to decisions on a disk that was full."""
        if time.monotonic() < self._full_until:
            raise CatalogFull(f"{self.path}: the disk was full a moment ago; decisions first")

    @contextmanager
    def _transaction(self, wait: float = BACKGROUND_WAIT):
        """BEGIN IMMEDIATE, and COMMIT, in short tries until `wait` seconds have passed
        (then CatalogBusy, nothing written): SQLite's busy wait is never held long by one
        try. Between BEGIN's tries the lock is let go, so a reader on the GUI thread is
        not stuck behind a worker waiting for another program to finish writing; COMMIT's
        tries keep it (the transaction is under way on the one connection)."""
        deadline = time.monotonic() + wait
        while True:
            if self._lock.acquire(timeout=max(0.0, min(TRY_SECONDS, deadline - time.monotonic()))):
                try:
                    self._db.execute("BEGIN IMMEDIATE")
                except BaseException as error:
                    try:        # a write cut by the disk left a journal to roll back
                        refusal = self._refusal(error)
                    finally:
                        self._lock.release()
                    if refusal is not None:
                        raise refusal from error
                    if getattr(error, "sqlite_errorcode", None) not in BUSY:
                        raise
                else:
                    break
            if time.monotonic() >= deadline:
                raise CatalogBusy(f"{self.path} is in use by another program")
            time.sleep(TRY_SECONDS / 5)
        try:
            try:
                yield self._db
                self._commit(deadline)
            except BaseException as error:
                if self._db.in_transaction:      # a failed COMMIT may have rolled back already
                    try:
                        self._db.execute("ROLLBACK")
                    except sqlite3.Error as failed:     # the first error is the one to tell
                        log.warning("catalog %s: rollback failed: %s", self.path, failed)
                code = getattr(error, "sqlite_errorcode", None)
                if code == sqlite3.SQLITE_FULL:
                    self._full_until = time.monotonic() + CACHES_GIVE_WAY_SECONDS
                    raise CatalogFull(f"{self.path}: the disk is full") from error
                if code in BUSY:    # COMMIT waited for readers to finish: one held on (a backup)
                    raise CatalogBusy(f"{self.path} is being read by another program") from error
                refusal = self._refusal(error)
                if refusal is not None:
                    raise refusal from error
                raise
        finally:
            self._lock.release()

    def _commit(self, deadline: float) -> None:
        """COMMIT, tried again until `deadline` while another program reads the catalog
        (a rollback journal's commit waits for readers, WAL's did not: an export or a
        backup beside the window): the transaction keeps its lock between tries, so the
        change is committed the moment the reader is done."""
        while True:
            try:
                self._db.execute("COMMIT")
                return
            except sqlite3.OperationalError as error:
                if getattr(error, "sqlite_errorcode", None) not in BUSY or time.monotonic() >= deadline:
                    raise
            time.sleep(TRY_SECONDS / 5)

    def _refusal(self, error: BaseException) -> CatalogBusy | None:
        """What a write's error means, the lock held: CatalogReplaced when the file at
        self.path is no longer the one opened (SQLite says DBMOVED, or cannot open or
        write a file that is gone), after opening the catalog again there; it would
        never pass by waiting, and sidecars wait for the catalog. CatalogUnwritable when
        the disk refuses, which may pass. None for any other error."""
        code = getattr(error, "sqlite_errorcode", None)
        if code is None or code & 0xFF not in REFUSED_BY_THE_DISK:
            return None
        if code != SQLITE_READONLY_DBMOVED and _file_number(self.path) == self._opened_file:
            return CatalogUnwritable(f"{self.path}: {error}")
        log.warning("catalog %s was replaced or deleted under the open shoot (%s): opening it again",
                    self.path, error)
        try:
            self.path.parent.mkdir(exist_ok=True)      # the .shotkind folder, not a vanished shoot
            old = self._db
            self._connect()
        except (OSError, sqlite3.Error) as failed:
            log.warning("catalog %s cannot be opened again: %s", self.path, failed)
            return CatalogReplaced(f"{self.path}: {error}; not opened again: {failed}")
        old.close()
        return CatalogReplaced(f"{self.path}: {error}; opened again")


def _read_wait() -> float:
    """How long a read may wait for a busy catalog: the main thread, which is the
    window's GUI thread (and the command line's only one), never for seconds; a worker
    as long as its writes."""
    return MAIN_THREAD_READ_WAIT if threading.current_thread() is threading.main_thread() else BACKGROUND_WAIT


def _file_number(path: Path) -> tuple[int, int] | None:
    """Which file is at `path` (device, inode), None when there is none."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def fallback_path(folder: Path) -> Path:
    """Where the catalog of a read-only shoot folder lives: readable name, unique hash."""
    resolved = folder.resolve()
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", resolved.name).strip("._")[:40] or "shoot"
    digest = hashlib.sha256(os.fsencode(resolved)).hexdigest()[:16]
    return data_dir() / "catalogs" / f"{safe}-{digest}.sqlite"


def spare_path(folder: Path) -> Path:
    """Where decisions the shoot's catalog refuses for now are kept meanwhile (spare_catalog)."""
    fallback = fallback_path(folder)
    return fallback.with_name(fallback.stem + ".waiting.sqlite")


def _connect(path: Path, read_only: bool) -> tuple[sqlite3.Connection, bool]:
    """A connection ready for use, schema up to date, and whether a newer ShotKind made the
    catalog (its schema is then left as it is); _Damaged when the file is not a sound
    SQLite database, other sqlite3 errors when it cannot be written."""
    if read_only:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False,
                             isolation_level=None, timeout=TRY_SECONDS)
    else:
        db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=TRY_SECONDS)
    try:
        if read_only:
            return db, _is_newer(db)
        _journal_without_maps(db, path)
        # With a rollback journal, NORMAL syncs the journal before the database is
        # written and the database before COMMIT returns, but not the journal's
        # truncation, which is the commit itself (only FULL syncs that). So an
        # application crash or kill -9 loses nothing committed; a power cut or a pulled
        # disk can find the journal whole and roll the last commits back, the catalog
        # consistent but older (SQLite allows a very small chance of damage on file
        # systems without a journal of their own: it is then set aside and started
        # anew). The sidecars, synced after each commit, bring those decisions back at
        # the next opening; crops, client rounds and sitter names have no sidecar.
        db.execute("PRAGMA synchronous = NORMAL")
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise _Damaged(check)
        if _is_newer(db):
            return db, True
        _migrate(db)
    except sqlite3.DatabaseError as error:
        db.close()
        if getattr(error, "sqlite_errorcode", None) in DAMAGED:
            raise _Damaged(str(error)) from error
        raise
    except BaseException:
        db.close()
        raise
    return db, False


def _journal_without_maps(db: sqlite3.Connection, path: Path) -> None:
    """A rollback journal, and no memory map of the database.

    In WAL mode SQLite keeps the log's index in catalog.sqlite-shm, mapped into memory
    and written through the map. Once the disk under it turns read-only (a card or USB
    disk the kernel remounts after errors, a locked file) or goes away, a write into the
    map is refused by a SIGBUS, which ends ShotKind on the spot: no message, no log line,
    the decision of the key just pressed lost (a tester's crash, chattr +i under an open
    shoot). A rollback journal writes with write() alone: the same refusal is an error
    the window can say. mmap_size 0 keeps reads off maps too, however SQLite was built.

    The journal mode set here lasts for this connection only, while WAL mode is kept in
    the file, and either can put the catalog back into it. A catalog an earlier ShotKind
    left in WAL mode is changed over here, but not while another program has it open:
    it is then used in WAL mode, -shm mapped, until an opening that finds it free (a
    warning in the log, nothing in the window). An older ShotKind that opens the
    catalog, even while this one has it open, puts it back into WAL mode, which this
    connection then follows (-shm mapped) until the shoot is opened again. Read-only
    connections (an export, a second window) set nothing here, so a catalog still in
    WAL mode is mapped by them too."""
    db.execute("PRAGMA mmap_size = 0")
    try:
        db.execute("PRAGMA journal_mode = TRUNCATE")
    except sqlite3.OperationalError as error:
        if getattr(error, "sqlite_errorcode", None) not in BUSY:
            raise
        log.warning("catalog %s is open in another program: it stays in WAL mode this time", path)


def _is_newer(db: sqlite3.Connection) -> bool:
    """A schema version above ours, or a column we do not know: writing would drop or
    mistake what a newer ShotKind keeps there."""
    if db.execute("PRAGMA user_version").fetchone()[0] > SCHEMA_VERSION:
        return True
    for table, known in COLUMNS.items():
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if columns - known:
            return True
    return False


def _migrate(db: sqlite3.Connection) -> None:
    """Bring the schema up to date in one transaction, which also proves the catalog can
    be written: it always writes the version, and a read-only folder or file fails here,
    not at the first decision. So every writable opening changes the file (its time and
    SQLite's change counter): sync tools upload it again, and last_written takes the
    opening for a write. One that another program is writing is used without that
    proof when it needs no migration, rather than holding the caller."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if getattr(error, "sqlite_errorcode", None) in BUSY and version == SCHEMA_VERSION:
            return
        raise
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number]:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _move_aside(path: Path) -> Path:
    """catalog.sqlite -> catalog.sqlite.corrupt-<time>, with its companion files."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    move_catalog(path, aside)
    return aside


def shoot_catalog_is_its_own(folder: Path) -> bool:
    """False when .shotkind or the catalog in it is a link leading out of the shoot: its
    tables would be written into another application's database."""
    local = Path(folder) / CATALOG_FOLDER / CATALOG_NAME
    return not (leaves_folder(local.parent, folder) or leaves_folder(local, folder))


def unreadable_catalog(folder: Path) -> OSError | None:
    """Why the shoot's own catalog (or its .shotkind folder) is there but cannot be read
    (another user's, a mode 0 folder), or None: the shoot then opens on the data
    folder's catalog, and the photographer must be told, not shown an empty catalog."""
    local = Path(folder) / CATALOG_FOLDER / CATALOG_NAME
    try:
        read_head(local, 0)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        return error
    return None


def last_written(catalog: Path) -> int:
    """When the catalog last changed, or its write-ahead log, where commits land in a
    catalog an earlier ShotKind left in WAL mode."""
    times = []
    for suffix in ("", "-wal"):
        try:
            times.append(os.stat(catalog.with_name(catalog.name + suffix)).st_mtime_ns)
        except OSError:
            pass
    return max(times, default=0)


def _shoot_lock(fallback: Path) -> CatalogLock | bool | None:
    """The lock of the shoot whose data-folder catalog is at `fallback`: held (a
    CatalogLock), False when another window holds it, None when the data folder cannot
    hold a lock file (then only the catalog's own lock guards the shoot)."""
    try:
        fallback.parent.mkdir(parents=True, exist_ok=True)
        lock = CatalogLock(fallback)
        return lock if lock.acquire() else False
    except OSError as error:
        log.warning("no lock for the shoot in %s: %s", fallback.parent, error)
        return None


def _copy_read_only(source: Path, target: Path) -> None:
    """Start the fallback catalog from the one a read-only shoot already carries."""
    try:
        old = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            new = sqlite3.connect(target)
            try:
                old.backup(new)
            finally:
                new.close()
        finally:
            old.close()
    except sqlite3.Error as error:
        log.warning("could not copy the catalog from %s: %s", source, error)
        target.unlink(missing_ok=True)


def _result_json(result: FrameResult) -> str:
    return json.dumps({**asdict(result), "engine": ENGINE_VERSION}, default=_plain)


def _plain(value):
    """NumPy numbers and arrays as JSON numbers and lists."""
    for method in ("item", "tolist"):
        if hasattr(value, method):
            return getattr(value, method)()
    raise TypeError(f"cannot store {type(value).__name__} in the catalog")


def _result_from(text: str) -> FrameResult | None:
    """The stored result; None (analyse again) when another engine made it or it no
    longer fits FrameResult."""
    known = {f.name for f in fields(FrameResult)}
    try:
        record = json.loads(text)
        if record.get("engine", 1) != ENGINE_VERSION:
            return None
        return FrameResult(**{k: v for k, v in record.items() if k in known})
    except (ValueError, TypeError, AttributeError):
        return None


# Names of files whose bytes are not UTF-8 reach Python with surrogate escapes
# (os.fsdecode), which SQLite's TEXT refuses; they are stored as a marked hex string.
# U+FFFE is a noncharacter no file name decodes to, so no real name is taken for one.
_BYTES_NAME = "\ufffe"


def _stored(name: str) -> str:
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return _BYTES_NAME + name.encode("utf-8", "surrogateescape").hex()


def _named(stored: str) -> str:
    if stored.startswith(_BYTES_NAME):
        return bytes.fromhex(stored[len(_BYTES_NAME):]).decode("utf-8", "surrogateescape")
    return stored
