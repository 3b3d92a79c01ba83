"""Screen-size previews for the loupe, compare and survey views, decoded by one
interactive worker thread: the frame asked for first, then its neighbours, so the next
frame is already in memory when the photographer presses the arrow key.

The worker also shrinks each preview to the loupe's fitted view (`fit_box`), in the
window's pixel format: smooth-scaling a 2048-px preview was the largest part of a loupe
step (about 35 ms of its wall clock, on Qt's helper threads while the GUI thread waited),
and is a few milliseconds of this worker's."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtGui import QImage

from shotkind_desktop.core.capture import CaptureInfo
from shotkind_desktop.core.histogram import clipped_fractions, histogram
from shotkind_desktop.core.previews import decode_preview, fit_within
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.qimage import to_qimage, to_screen_qimage
from shotkind_desktop.ui.work_queue import WorkQueue, emit_unless_gone, work_outcome

PREVIEW_LONG_SIDE = 2048   # sharp on a 2560-px monitor in fit view; 100% comes from a full decode
KEEP_PREVIEWS = 10         # ~9 MB each: the current frame, its neighbours and a little history


@dataclass
class LoadedPreview:
    name: str
    image: QImage
    full_size: tuple[int, int]     # upright full-resolution size
    capture: CaptureInfo
    histogram: dict | None
    full_resolution: bool
    fitted: QImage | None = None   # `image` shrunk into the fit box it was decoded for


class PreviewLoader(QObject):
    """Decodes previews in the background and keeps the latest few in memory.

    Signals (GUI thread):
        ready(object): a LoadedPreview.
        failed(str name, str message)
    """

    ready = Signal(object)
    failed = Signal(str, str)
    _decoded = Signal(object, str, str)   # LoadedPreview | None, name, error: worker -> GUI

    def __init__(self, long_side: int = PREVIEW_LONG_SIDE, keep: int = KEEP_PREVIEWS,
                 parent=None) -> None:
        super().__init__(parent)
        self.long_side = long_side
        self._keep = keep
        self._pool = QThreadPool(self)
        self._pool.setObjectName("previews")   # its threads' name, in top and py-spy
        self._pool.setMaxThreadCount(1)
        self._queue: WorkQueue[tuple[Frame, bool]] = WorkQueue()
        self._cache: OrderedDict[tuple[str, bool], LoadedPreview] = OrderedDict()
        self._errors: dict[str, str] = {}
        self._held = False
        # The loupe's fitted view in device pixels (width, height, device pixel ratio), set
        # by the GUI thread and read by the worker; None: no fitted copies.
        self.fit_box: tuple[int, int, float] | None = None
        self._decoded.connect(self._store)

    def cached(self, name: str, full_resolution: bool = False) -> LoadedPreview | None:
        preview = self._cache.get((name, full_resolution))
        if preview is not None:
            self._cache.move_to_end((name, full_resolution))
        return preview

    def error(self, name: str) -> str | None:
        return self._errors.get(name)

    def want(self, frames: list[Frame], full_resolution: list[Frame] = ()) -> None:
        """Decode `frames` in order (the current one first, then those to prefetch),
        plus the full-resolution images of the frames shown at 100% (the loupe's one,
        compare's two) right after the first; earlier wishes that are still waiting are
        dropped: the latest request wins."""
        jobs = [((frame.name, False), (frame, False)) for frame in frames]
        jobs[1:1] = [((frame.name, True), (frame, True)) for frame in full_resolution]
        jobs = [job for job in jobs if job[0] not in self._cache and job[0][0] not in self._errors]
        self._queue.reset(jobs)
        if jobs and not self._held:
            self._pool.start(_Decode(self))

    def hold(self, on: bool) -> None:
        """While held, wishes wait (a live session: the cores are a new frame's analysis
        first, whose verdict the photographer is waiting for); then the latest is decoded."""
        self._held = on
        if not on and len(self._queue):
            self._pool.start(_Decode(self))

    def forget(self, names: list[str] | None = None) -> None:
        """Drop what is kept of `names` (files that changed), or of everything (a new shoot)."""
        if names is None:
            self._queue.clear()
            self._cache.clear()
            self._errors.clear()
            return
        for name in names:
            self._errors.pop(name, None)
            for full in (False, True):
                self._cache.pop((name, full), None)

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)

    def _decode(self, frame: Frame, full: bool) -> LoadedPreview:
        preview = decode_preview(frame.path, None if full else self.long_side)
        figures = None if full else {**histogram(preview.image), "clipped": clipped_fractions(preview.image)}
        fitted, box = None, self.fit_box
        if not full and box is not None and min(box[:2]) > 0:   # a view not laid out yet: none
            small = fit_within(preview.image, box[:2])
            fitted = to_screen_qimage(small, box[2]) if small is not preview.image else None
        return LoadedPreview(frame.name, to_qimage(preview.image), (preview.width, preview.height),
                             preview.capture, figures, full, fitted)

    @Slot(object, str, str)
    def _store(self, preview: LoadedPreview | None, name: str, error: str) -> None:
        """Every decoded preview is kept, even one no longer wanted: it may be soon."""
        if preview is None:
            self._errors[name] = error
            self.failed.emit(name, error)
            return
        self._cache[(preview.name, preview.full_resolution)] = preview
        while len(self._cache) > self._keep:
            self._cache.popitem(last=False)
        self.ready.emit(preview)


class _Decode(QRunnable):
    def __init__(self, loader: PreviewLoader) -> None:
        super().__init__()
        self._loader = loader

    def run(self) -> None:
        loader = self._loader
        while not loader._held and (job := loader._queue.take()) is not None:
            _, (name, _), (frame, full) = job
            picture, message = work_outcome(lambda: loader._decode(frame, full), frame.path,
                                            "cannot show this frame")
            if not emit_unless_gone(loader._decoded, picture, name, message):
                return
