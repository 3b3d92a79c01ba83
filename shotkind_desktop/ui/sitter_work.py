"""The sitters' gestures off the GUI thread: SitterBook saves to the catalog and writes
each changed frame's sidecars before it returns, which on a slow disk or a busy catalog
takes longer than a key press may. One worker thread runs the gestures in the order they
were made (a split then a rename must not swap), and the sitters come back on the GUI
thread."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping, Sequence

from PySide6.QtCore import QObject, Signal

from shotkind_desktop.core.decisions.catalog import Catalog, CatalogBusy, CatalogReadOnly
from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.decisions.sitter_book import SitterBook
from shotkind_desktop.ui.background import Said, WorkPool


class SitterWork(QObject):
    """The open shoot's SitterBook, driven from the GUI.

    Signals:
        sitters_changed(list): the sitters (core.people.sitters.Sitter) after a gesture or an update.
        failed(str): a gesture that could not be done, in the photographer's words.
    """

    sitters_changed = Signal(list)
    failed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.pool = WorkPool("sitters", threads=1, parent=self)   # gestures in order, one at a time
        self._book: SitterBook | None = None

    def open(self, catalog: Catalog, files: Mapping[str, FrameFiles], keep_extension: bool) -> None:
        self.close()
        self._book = SitterBook(catalog, files, keep_extension)

    def close(self) -> None:
        """Wait for the gestures under way (their sidecars and catalog rows), then let go;
        their late answers are of the old shoot and dropped."""
        self.pool.wait()
        self.pool.cancel()
        self._book = None

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
        """For tests and closing: every gesture asked for is done, and its answer given."""
        self.pool.wait()
        self.pool.mailbox.deliver_now()

    def _run(self, gesture: Callable[[SitterBook], list]) -> None:
        if self._book is not None:
            self.pool.submit(_gesture, self._book, gesture, failing="The sitters could not be changed",
                             done=self._finished)

    def _finished(self, sitters, error: str | None) -> None:
        if error is not None:
            self.failed.emit(error)
            return
        self.sitters_changed.emit(sitters)
        book = self._book
        if book is not None and book.sidecar_errors:
            self.failed.emit(book.sidecar_errors[-1] + " (kept in the catalog)")
            book.sidecar_errors.clear()


def _gesture(book: SitterBook, gesture: Callable[[SitterBook], list]) -> list:
    """Run `gesture` on the worker; the failures a photographer can act on, in words."""
    try:
        return gesture(book)
    except CatalogReadOnly as reason:
        raise Said(f"Sitters cannot be changed: {reason}") from None
    except CatalogBusy as error:
        raise Said(f"{error.reason.capitalize()}: try again in a moment") from None
    except (ValueError, OSError) as problem:       # a roster that cannot be read
        raise Said(str(problem)) from None
