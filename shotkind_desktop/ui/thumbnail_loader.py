"""Grid thumbnails made on a pool of threads (libjpeg and OpenCV release the GIL), read
from the shoot's catalog when the file is unchanged, visible cells first.

Two passes, as Photo Mechanic does it: first every frame gets what costs almost nothing
(its cached thumbnail, else the small thumbnail the camera stored in the EXIF), so the
whole grid fills at once; then the frames without a cached one are decoded properly.
A frame that cannot be read counts as done, and its failure is kept in the catalog with
the thumbnails: the next opening shows the error at once instead of decoding it again."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from shotkind_desktop.core.decisions.catalog import Catalog, CatalogBusy, thumbnail_failure
from shotkind_desktop.core.files.decode import FrameError
from shotkind_desktop.core.files.previews import (THUMBNAIL_LONG_SIDE, decode_preview, decode_thumbnail,
                                            embedded_thumbnail, encode_thumbnail)
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.background import WorkPool
from shotkind_desktop.ui.qimage import to_qimage

log = logging.getLogger(__name__)
FAILING = "cannot make a thumbnail"


class ThumbnailLoader(QObject):
    """Makes the thumbnails of a shoot in the background.

    Signals (delivered on the GUI thread):
        ready(str name, QImage thumbnail)
        failed(str name, str message): the frame cannot be read; the message says why.
        progress(int done, int total)
    """

    ready = Signal(str, QImage)
    failed = Signal(str, str)
    progress = Signal(int, int)

    def __init__(self, threads: int | None = None, parent=None) -> None:
        super().__init__(parent)
        self.pool = WorkPool("thumbnails", threads or os.cpu_count() or 2, parent=self)
        self._finished: set[str] = set()   # frames whose real thumbnail is shown (GUI thread)
        self._catalog: Catalog | None = None
        self._total = 0

    def start(self, catalog: Catalog, frames: list[Frame]) -> None:
        """Thumbnails for `frames`, in their order; replaces any earlier request."""
        self.pool.cancel()
        self._catalog = catalog
        self._total = len(frames)
        self._finished = set()
        for stage in ("quick", "full"):
            for frame in frames:
                self._submit(stage, frame)

    def refresh(self, frames: list[Frame]) -> None:
        """Make the thumbnails of `frames` again (their files changed on disk), first."""
        for frame in frames:
            self._finished.discard(frame.name)
        for frame in reversed(frames):
            self._submit("renew", frame, first=True)

    def bring_back(self, frames: list[Frame]) -> None:
        """Thumbnails the grid let go of (to bound memory) and shows again: read from the
        catalog by the workers, first; they are not counted as new work."""
        for frame in reversed(frames):
            self._submit("again", frame, first=True)

    def prioritise(self, names: list[str]) -> None:
        """Frames on screen get their real thumbnails next (the quick pass stays first:
        it fills the rest of the grid in a moment)."""
        self.pool.prioritise([("full", name) for name in names])
        self.pool.prioritise([key for key in self.pool.waiting() if key[0] == "quick"])

    def hold(self, on: bool) -> None:
        """Hold the shoot's own thumbnails back (a live session: while a new frame is
        analysed, the cores are its); thumbnails asked for again or anew still come."""
        self.pool.hold((lambda key: key[0] in ("quick", "full")) if on else None)

    def cancel(self) -> None:
        self.pool.cancel()

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.wait(None if msecs < 0 else msecs / 1000)

    def all_done(self) -> bool:
        """Every frame of the shoot has had its real thumbnail made (or its error said);
        not all of them need still be in memory."""
        return len(self._finished) >= self._total

    def is_busy(self) -> bool:
        return self.pool.is_busy()

    def _submit(self, stage: str, frame: Frame, first: bool = False) -> None:
        self.pool.submit(self._make, stage, frame, self._catalog, key=(stage, frame.name), first=first,
                         failing=FAILING, done=lambda made, error: self._show(stage, frame.name, made, error))

    def _make(self, stage: str, frame: Frame, catalog: Catalog | None) -> QImage | str | None:
        """A worker's part: the thumbnail, the failure to say (its message), or None
        (nothing new to show)."""
        if stage == "quick":                # what costs almost nothing; the full pass says why not
            try:
                cached = _cached(frame, catalog)
                if cached is not None:      # a stored thumbnail, or a remembered failure
                    return cached
                embedded = embedded_thumbnail(frame.path)
            except Exception:
                return None
            return None if embedded is None else _Embedded(to_qimage(embedded))
        if stage == "again":
            try:
                image = _cached(frame, catalog) or _thumbnail(frame, catalog)
            except Exception:   # it was readable a moment ago; its error shows on the next pass
                return None
            return _Again(image) if isinstance(image, QImage) else None
        if stage == "full" and frame.name in self._finished:
            return None                     # the quick pass found it in the catalog
        try:
            # the quick pass may still be reading this frame's cached thumbnail on another
            # thread: look in the catalog before decoding the file again
            return _cached(frame, catalog) or _thumbnail(frame, catalog)
        except FrameError as error:
            _remember_failure(frame, catalog, str(error))
            raise

    def _show(self, stage: str, name: str, made, error: str | None) -> None:
        """On the GUI thread: a thumbnail (or why there is none) on screen, counted once."""
        if made is None and error is None:
            return
        if isinstance(made, _Again):
            self.ready.emit(name, made.image)
            return
        if isinstance(made, _Embedded):       # not counted: the real one follows
            if name not in self._finished:    # never over a real thumbnail that beat it here
                self.ready.emit(name, made.image)
            return
        if name in self._finished and stage != "renew":
            return                            # a duplicate
        self._finished.add(name)
        if isinstance(made, QImage):
            self.ready.emit(name, made)
        else:
            self.failed.emit(name, error or made or "unreadable")
        self.progress.emit(min(len(self._finished), self._total), self._total)


class _Embedded:
    """The camera's small EXIF thumbnail: shown until the real one comes, not counted."""

    def __init__(self, image: QImage) -> None:
        self.image = image


class _Again(_Embedded):
    """A thumbnail the grid let go of, read again: shown, not counted."""


def _cached(frame: Frame, catalog: Catalog | None) -> QImage | str | None:
    """The catalog's thumbnail, the failure it remembers (its message), or None (a
    damaged one is made again from the file).
    Decoded by OpenCV's libjpeg-turbo, which lets go of the GIL, where QImage.fromData
    kept it and took twice as long: reopening a 1,000-frame shoot waited a second on
    these."""
    if frame.identity is None or catalog is None:
        return None
    cached = catalog.thumbnail(frame.name, frame.identity)
    if cached is None:
        return None
    failure = thumbnail_failure(cached)
    if failure is not None:
        return failure
    try:
        return to_qimage(decode_thumbnail(cached))
    except FrameError:
        return None


def _thumbnail(frame: Frame, catalog: Catalog | None) -> QImage:
    preview = decode_preview(frame.path, THUMBNAIL_LONG_SIDE)
    if frame.identity is not None and catalog is not None:
        try:
            catalog.save_thumbnail(frame.name, frame.identity, encode_thumbnail(preview.image))
        except CatalogBusy as error:    # busy or its disk full: shown now, made again next time
            log.info("thumbnail of %s not kept: %s", frame.name, error.reason)
    return to_qimage(preview.image)


def _remember_failure(frame: Frame, catalog: Catalog | None, message: str) -> None:
    """The file cannot be read: kept in the catalog, so the next opening says so at once."""
    if frame.identity is not None and catalog is not None:
        try:
            catalog.save_thumbnail_failure(frame.name, frame.identity, message)
        except Exception as error:   # a busy or closed catalog: tried again next time
            log.warning("could not remember the thumbnail failure of %s: %s", frame.path, error)
