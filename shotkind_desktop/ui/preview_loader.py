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

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from shotkind_desktop.core.files.capture import CaptureInfo
from shotkind_desktop.core.judgement.histogram import clipped_fractions, histogram
from shotkind_desktop.core.files.previews import decode_preview, fit_within
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.background import WorkPool
from shotkind_desktop.ui.qimage import to_qimage, to_screen_qimage

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

    def __init__(self, long_side: int = PREVIEW_LONG_SIDE, keep: int = KEEP_PREVIEWS,
                 parent=None) -> None:
        super().__init__(parent)
        self.long_side = long_side
        self._keep = keep
        self.pool = WorkPool("previews", threads=1, parent=self)   # the frame under the cursor
        self._cache: OrderedDict[tuple[str, bool], LoadedPreview] = OrderedDict()
        self._errors: dict[str, str] = {}
        # The loupe's fitted view in device pixels (width, height, device pixel ratio), set
        # by the GUI thread and read by the worker; None: no fitted copies.
        self.fit_box: tuple[int, int, float] | None = None

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
        self.pool.drop_waiting()
        for key, (frame, full) in jobs:
            if key not in self._cache and frame.name not in self._errors:
                self.pool.submit(self._decode, frame, full, key=key, failing="cannot show this frame",
                                 done=lambda preview, error, name=frame.name: self._store(preview, name, error))

    def hold(self, on: bool) -> None:
        """While held, wishes wait (a live session: the cores are a new frame's analysis
        first, whose verdict the photographer is waiting for); then the latest is decoded."""
        self.pool.hold((lambda key: True) if on else None)

    def forget(self, names: list[str] | None = None) -> None:
        """Drop what is kept of `names` (files that changed), or of everything (a new shoot)."""
        if names is None:
            self.pool.cancel()        # a decode under way is of the old shoot: dropped too
            self._cache.clear()
            self._errors.clear()
            return
        for name in names:
            self._errors.pop(name, None)
            for full in (False, True):
                self._cache.pop((name, full), None)

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.wait(None if msecs < 0 else msecs / 1000)

    def _decode(self, frame: Frame, full: bool) -> LoadedPreview:
        preview = decode_preview(frame.path, None if full else self.long_side)
        figures = None if full else {**histogram(preview.image), "clipped": clipped_fractions(preview.image)}
        fitted, box = None, self.fit_box
        if not full and box is not None and min(box[:2]) > 0:   # a view not laid out yet: none
            small = fit_within(preview.image, box[:2])
            fitted = to_screen_qimage(small, box[2]) if small is not preview.image else None
        return LoadedPreview(frame.name, to_qimage(preview.image), (preview.width, preview.height),
                             preview.capture, figures, full, fitted)

    def _store(self, preview: LoadedPreview | None, name: str, error: str | None) -> None:
        """Every decoded preview is kept, even one no longer wanted: it may be soon."""
        if preview is None:
            self._errors[name] = error
            self.failed.emit(name, error)
            return
        self._cache[(preview.name, preview.full_resolution)] = preview
        while len(self._cache) > self._keep:
            self._cache.popitem(last=False)
        self.ready.emit(preview)

