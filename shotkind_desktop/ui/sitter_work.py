"""The sitters' gestures off the GUI thread: SitterBook saves to the catalog and writes
each changed frame's sidecars before it returns, which on a slow disk or a busy catalog
takes longer than a key press may. One worker thread runs the gestures in the order they
were made (a split then a rename must not swap), and the sitters come back on the GUI
thread."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Mapping, Sequence

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from shotkind_desktop.core.catalog import Catalog, CatalogBusy, CatalogReadOnly
from shotkind_desktop.core.pairing import FrameFiles
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.sitter_book import SitterBook

log = logging.getLogger(__name__)


class SitterWork(QObject):
    """The open shoot's SitterBook, driven from the GUI.

    Signals:
        sitters_changed(list): the sitters (core.sitters.Sitter) after a gesture or an update.
        failed(str): a gesture that could not be done, in the photographer's words.
    """

    sitters_changed = Signal(list)
    failed = Signal(str)
    _done = Signal(int, object, object)      # generation, sitters, error text

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setObjectName("sitters")   # its threads' name, in top and py-spy
        self._pool.setMaxThreadCount(1)      # gestures in order, one at a time
        self._book: SitterBook | None = None
        self._generation = 0                 # a new shoot drops the old one's late answers
        self._done.connect(self._finished)

    def open(self, catalog: Catalog, files: Mapping[str, FrameFiles], keep_extension: bool) -> None:
        self.close()
        self._generation += 1
        self._book = SitterBook(catalog, files, keep_extension)

    def close(self) -> None:
        """Wait for the gestures under way (their sidecars and catalog rows), then let go."""
        self._pool.waitForDone()
        self._book = None
        self._generation += 1

    def update(self, results: Sequence[FrameResult]) -> None:
        """Group again with these analysis records (in capture order)."""
        self._run(lambda book: book.update(list(results)))

    def split_at(self, frame: str) -> None:
        self._run(lambda book: book.split_at(frame))

    def merge_with_previous(self, frame: str) -> None:
        self._run(lambda book: book.merge_with_previous(frame))

    def rename(self, frame: str, name: str) -> None:
        self._run(lambda book: book.rename(frame, name))

    def import_roster(self, path: Path) -> None:
        self._run(lambda book: book.import_roster(path))

    def clear_roster(self) -> None:
        self._run(lambda book: book.clear_roster())

    def wait(self) -> None:
        """For tests and closing: every gesture asked for is done."""
        self._pool.waitForDone()

    def _run(self, gesture: Callable[[SitterBook], list]) -> None:
        if self._book is not None:
            self._pool.start(_Gesture(self._book, gesture, self._generation, self._done))

    def _finished(self, generation: int, sitters, error) -> None:
        if generation != self._generation:
            return
        if error is not None:
            self.failed.emit(error)
            return
        self.sitters_changed.emit(sitters)
        book = self._book
        if book is not None and book.sidecar_errors:
            self.failed.emit(book.sidecar_errors[-1] + " (kept in the catalog)")
            book.sidecar_errors.clear()


class _Gesture(QRunnable):
    def __init__(self, book: SitterBook, gesture, generation: int, done) -> None:
        super().__init__()
        self.book, self.gesture, self.generation, self.done = book, gesture, generation, done

    def run(self) -> None:
        try:
            sitters, error = self.gesture(self.book), None
        except CatalogReadOnly as reason:
            sitters, error = None, f"Sitters cannot be changed: {reason}"
        except CatalogBusy:
            sitters, error = None, "The catalog is busy (another program is using it): try again in a moment"
        except (ValueError, OSError) as problem:       # a roster that cannot be read
            sitters, error = None, str(problem)
        except Exception as problem:                   # logged, and said: never swallowed
            log.exception("a sitter gesture failed")
            sitters, error = None, f"The sitters could not be changed: {problem}"
        self.done.emit(self.generation, sitters, error)
