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
import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from shotkind_desktop.core.catalog import Catalog, thumbnail_failure
from shotkind_desktop.core.decode import FrameError
from shotkind_desktop.core.plain_errors import plain
from shotkind_desktop.core.previews import (THUMBNAIL_LONG_SIDE, decode_preview, decode_thumbnail,
                                            embedded_thumbnail, encode_thumbnail)
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.qimage import to_qimage
from shotkind_desktop.ui.work_queue import WorkQueue

log = logging.getLogger(__name__)


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
        self._pool = QThreadPool(self)
        self._pool.setObjectName("thumbnails")   # its threads' name, in top and py-spy
        self._pool.setMaxThreadCount(threads or os.cpu_count() or 2)
        self._queue: WorkQueue[tuple[str, Frame]] = WorkQueue()   # key (pass, name)
        self._finished: set[str] = set()   # frames whose real thumbnail is shown
        self._catalog: Catalog | None = None
        self._total = 0
        self._done = 0
        self._count_lock = threading.Lock()
        self._held = False

    def start(self, catalog: Catalog, frames: list[Frame]) -> None:
        """Thumbnails for `frames`, in their order; replaces any earlier request."""
        self._catalog = catalog
        self._total, self._done = len(frames), 0
        self._finished = set()
        self._queue.reset([(("quick", f.name), ("quick", f)) for f in frames]
                          + [(("full", f.name), ("full", f)) for f in frames])
        for _ in range(self._pool.maxThreadCount()):
            self._pool.start(_Drain(self))

    def refresh(self, frames: list[Frame]) -> None:
        """Make the thumbnails of `frames` again (their files changed on disk), first."""
        for frame in frames:
            self._unfinish(frame.name)
        self._queue.add_first((("renew", frame.name), ("renew", frame)) for frame in frames)
        self._pool.start(_Drain(self))

    def bring_back(self, frames: list[Frame]) -> None:
        """Thumbnails the grid let go of (to bound memory) and shows again: read from the
        catalog by the workers, first; they are not counted as new work."""
        self._queue.add_first((("again", frame.name), ("again", frame)) for frame in frames)
        self._pool.start(_Drain(self))

    def prioritise(self, names: list[str]) -> None:
        """Frames on screen get their real thumbnails next (the quick pass stays first:
        it fills the rest of the grid in a moment)."""
        self._queue.prioritise([("full", name) for name in names])
        self._queue.prioritise([key for key in self._queue.keys() if key[0] == "quick"])

    def hold(self, on: bool) -> None:
        """Hold the shoot's own thumbnails back (a live session: while a new frame is
        analysed, the cores are its); thumbnails asked for again or anew still come."""
        self._held = on
        if not on:
            for _ in range(self._pool.maxThreadCount()):
                self._pool.start(_Drain(self))

    def cancel(self) -> None:
        self._queue.clear()

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    def all_done(self) -> bool:
        """Every frame of the shoot has had its real thumbnail made (or its error said);
        not all of them need still be in memory."""
        with self._count_lock:
            return self._done >= self._total

    def is_busy(self) -> bool:
        return bool(len(self._queue)) or self._pool.activeThreadCount() > 0

    def _work(self, generation: int, stage: str, frame: Frame) -> None:
        if stage == "quick":
            self._quick(generation, frame)
            return
        if stage == "again":
            try:
                image = self._cached(frame) or self._thumbnail(frame)
            except Exception:   # it was readable a moment ago; its error shows on the next pass
                return
            if generation == self._queue.generation and isinstance(image, QImage):
                self.ready.emit(frame.name, image)
            return
        if stage == "renew":       # the file changed: made and said anew, even if an
            self._unfinish(frame.name)   # older job finished it after refresh()
        elif frame.name in self._finished:
            return
        try:
            # the quick pass may still be reading this frame's cached thumbnail on another
            # thread: look in the catalog before decoding the file again
            image = self._cached(frame) or self._thumbnail(frame)
        except FrameError as error:
            self._failed(generation, frame, str(error))
        except MemoryError:
            self._report(generation, frame.name, None, "not enough memory to decode this image")
        except Exception as error:   # one bad frame must not stop the others
            log.exception("thumbnail of %s", frame.path)
            self._report(generation, frame.name, None, f"cannot make a thumbnail: {plain(error)}")
        else:
            if isinstance(image, str):       # the failure the catalog remembers
                self._report(generation, frame.name, None, image)
            else:
                self._report(generation, frame.name, image, None)

    def _quick(self, generation: int, frame: Frame) -> None:
        cached = self._cached(frame)
        if isinstance(cached, str):        # a remembered failure: done, nothing to decode
            self._report(generation, frame.name, None, cached)
            return
        if cached is not None:
            self._report(generation, frame.name, cached, None)
            return
        try:
            embedded = embedded_thumbnail(frame.path)
        except Exception:
            embedded = None
        if embedded is None:
            return
        image = to_qimage(embedded)
        with self._count_lock:   # never over a real thumbnail that beat it here
            if generation == self._queue.generation and frame.name not in self._finished:
                self.ready.emit(frame.name, image)   # not counted: the real one follows

    def _cached(self, frame: Frame) -> QImage | str | None:
        """The catalog's thumbnail, the failure it remembers (its message), or None (a
        damaged one is made again from the file).
        Decoded by OpenCV's libjpeg-turbo, which lets go of the GIL, where QImage.fromData
        kept it and took twice as long: reopening a 1,000-frame shoot waited a second on
        these."""
        catalog = self._catalog
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

    def _thumbnail(self, frame: Frame) -> QImage:
        catalog = self._catalog
        preview = decode_preview(frame.path, THUMBNAIL_LONG_SIDE)
        if frame.identity is not None and catalog is not None:
            catalog.save_thumbnail(frame.name, frame.identity, encode_thumbnail(preview.image))
        return to_qimage(preview.image)

    def _failed(self, generation: int, frame: Frame, message: str) -> None:
        """The file cannot be read: said, counted as done, and remembered in the catalog."""
        self._report(generation, frame.name, None, message)
        if frame.identity is not None and self._catalog is not None:
            try:
                self._catalog.save_thumbnail_failure(frame.name, frame.identity, message)
            except Exception as error:   # a busy or closed catalog: tried again next time
                log.warning("could not remember the thumbnail failure of %s: %s", frame.path, error)

    def _unfinish(self, name: str) -> None:
        with self._count_lock:
            if name in self._finished:
                self._finished.discard(name)
                self._done -= 1

    def _report(self, generation: int, name: str, image: QImage | None, error: str | None) -> None:
        with self._count_lock:
            if generation != self._queue.generation or name in self._finished:
                return   # a later shoot replaced this one, or a duplicate
            self._finished.add(name)
            self._done += 1
            done = self._done
        if image is not None:
            self.ready.emit(name, image)
        else:
            self.failed.emit(name, error or "unreadable")
        self.progress.emit(done, self._total)


class _Drain(QRunnable):
    """One pool thread taking jobs until the queue is empty."""

    def __init__(self, loader: ThumbnailLoader) -> None:
        super().__init__()
        self._loader = loader

    def run(self) -> None:
        while (job := self._loader._queue.take()) is not None:
            generation, key, (stage, frame) = job
            if self._loader._held and stage in ("quick", "full"):
                if generation == self._loader._queue.generation:
                    self._loader._queue.add_first([(key, (stage, frame))])   # back in its place
                return
            try:
                self._loader._work(generation, stage, frame)
            except RuntimeError:   # the loader was deleted (the window closed without waiting)
                return
