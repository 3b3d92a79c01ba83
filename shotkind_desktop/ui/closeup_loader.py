"""The face close-ups' pixels: each spot of core.judgement.closeups cut at 100% from the frame
decoded at full resolution, on a worker thread of its own.

A full decode of a 24-megapixel JPEG takes a few hundred milliseconds, so it must hold up
neither the GUI nor the loupe's previews (PreviewLoader's one thread): a second
interactive thread does it, the current frame first and then its neighbours, so stepping
to the next frame finds its close-ups ready. Only the small cuts are kept (about 1 MB for
a single sitter's two eyes), never the decoded frame. The latest request wins, as for
previews, and a frame being cut is not asked for again.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from shotkind_desktop.core.judgement.closeups import CloseupSpot, closeup_spots, cut_from_file
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.background import WorkPool
from shotkind_desktop.ui.qimage import to_screen_qimage

KEEP_FRAMES = 24      # the cuts are small: a stretch of the shoot to step back and forth in
# The cutting thread yields to the GUI thread and the loupe's previews (nice 0) but goes
# before analysis (nice 5, analysis_runner): a full decode is half a second of a core,
# and on a busy machine it must not stretch the step the photographer is waiting for.
CUT_NICENESS = 3


@dataclass(frozen=True)
class Closeup:
    spot: CloseupSpot
    box: tuple[int, int, int, int]     # the frame pixels `image` covers (x, y, width, height)
    image: QImage                      # full-resolution pixels: one per device pixel at 100%


@dataclass(frozen=True)
class FrameCloseups:
    name: str
    spots: tuple[CloseupSpot, ...]     # what they were cut for: a new analysis cuts again
    closeups: tuple[Closeup, ...]


class CloseupLoader(QObject):
    """Cuts close-ups in the background and keeps those of the last few frames.

    Signals (GUI thread):
        ready(object): a FrameCloseups.
        failed(str name, str message): the frame could not be decoded.
    """

    ready = Signal(object)
    failed = Signal(str, str)

    def __init__(self, keep: int = KEEP_FRAMES, parent=None) -> None:
        super().__init__(parent)
        self._keep = keep
        self.pool = WorkPool("close-ups", threads=1, niceness=CUT_NICENESS, parent=self)
        self._cache: OrderedDict[str, FrameCloseups] = OrderedDict()
        self._errors: dict[str, str] = {}
        # cut by the worker and not stored yet: asking again would decode the frame twice
        self._under_way: set[tuple[str, tuple[CloseupSpot, ...]]] = set()

    def cached(self, frame: Frame) -> FrameCloseups | None:
        """The frame's close-ups, if cut for the spots its result has now."""
        found = self._cache.get(frame.name)
        if found is None or found.spots != tuple(closeup_spots(frame.result)):
            return None
        self._cache.move_to_end(frame.name)
        return found

    def error(self, name: str) -> str | None:
        return self._errors.get(name)

    def want(self, frames: list[Frame]) -> None:
        """Cut the close-ups of `frames` in order (the one on screen first, then those to
        prefetch); frames without a face to look at cost nothing."""
        self.pool.drop_waiting()
        for frame in frames:
            spots = tuple(closeup_spots(frame.result))
            if (spots and frame.name not in self._errors and self.cached(frame) is None
                    and (frame.name, spots) not in self._under_way):
                size = (frame.result.width, frame.result.height)
                self.pool.submit(self._cut, _Job(frame.name, frame.path, size, spots), key=frame.name,
                                 failing="cannot cut close-ups of this frame",
                                 done=lambda cuts, error, name=frame.name: self._store(cuts, name, error))

    def is_busy(self) -> bool:
        return self.pool.is_busy()

    def forget(self, names: list[str] | None = None) -> None:
        """Drop what is kept of `names` (files that changed), or of everything (a new shoot)."""
        if names is None:
            self.pool.drop_waiting()  # a cut under way is kept: cached() checks its spots
            self._cache.clear()
            self._errors.clear()
            return
        for name in names:
            self._cache.pop(name, None)
            self._errors.pop(name, None)

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.wait(None if msecs < 0 else msecs / 1000)

    def _cut(self, job: _Job) -> FrameCloseups:
        """The worker's part: noted as under way (so it is not asked for again), then cut."""
        self._under_way.add((job.name, job.spots))
        return CloseupLoader.cut(job)

    @staticmethod
    def cut(job: _Job) -> FrameCloseups:
        """Decode the frame at full resolution and cut the job's spots out of it (worker
        thread), in the window's pixel format: the strip draws them on every repaint."""
        cuts = cut_from_file(job.path, job.size, list(job.spots))
        return FrameCloseups(job.name, job.spots, tuple(Closeup(spot, box, to_screen_qimage(pixels))
                                                        for spot, (box, pixels) in zip(job.spots, cuts)))

    def _store(self, found: FrameCloseups | None, name: str, error: str | None) -> None:
        for job in [job for job in list(self._under_way) if job[0] == name]:
            self._under_way.discard(job)      # in place: the worker adds to this very set
        if found is None:
            self._errors[name] = error
            self.failed.emit(name, error)
            return
        self._cache[name] = found
        self._cache.move_to_end(name)
        while len(self._cache) > self._keep:
            self._cache.popitem(last=False)
        self.ready.emit(found)


@dataclass(frozen=True)
class _Job:
    """What the worker needs, copied on the GUI thread (the Frame may change meanwhile)."""

    name: str
    path: Path
    size: tuple[int, int]              # the record's upright full-resolution size
    spots: tuple[CloseupSpot, ...]

