"""Keeping the photographer's decisions on a shoot: every change goes to the catalog and
to the frames' XMP sidecars before apply() returns, and can be undone and redone.

On opening, the catalog and the sidecars are merged. A sidecar changed after ShotKind
last wrote that frame (another application rated it, or the catalog never knew the
frame) gives the frame its stars, label and reject; the pick comes from the catalog
unless the sidecar carries a pick property (ShotKind's own, Lightroom's, digiKam's,
Photo Mechanic's).

Order of writing: sidecars first, then the catalog with the time of writing. A crash in
between leaves sidecars newer than the catalog's time, so they win on reopening: the
decision survives either way. Sidecars are not fsynced (see xmp._write_atomically):
written and renamed, they belong to the kernel, which an application crash cannot undo,
so fifty frames take milliseconds.

Which files and sidecars are each frame's is pairing.FrameFiles's to say (a RAW+JPEG pair
is one frame named by its JPEG, its decision in the sidecars of both files; frames with
the same stem each have their own). They come from the shoot (`files`) or, when not
given, from one listing of each folder (pairing.frames_by_name).
"""

from __future__ import annotations

import errno
import logging
import threading
from dataclasses import replace
from pathlib import Path
from typing import Callable

from shotkind_desktop.core.catalog import Catalog
from shotkind_desktop.core.decisions import REJECT, UNFLAGGED, Decision
from shotkind_desktop.core.pairing import FrameFiles, frames_by_name
from shotkind_desktop.core.xmp import SidecarDecision, read_sidecar, write_sidecar

log = logging.getLogger(__name__)

Step = dict[str, tuple[Decision, Decision]]     # name -> (before, after)


class DecisionKeeper:
    """Applies decisions to a shoot: catalog and sidecars written before apply() returns, with undo/redo."""

    def __init__(self, folder: Path, catalog: Catalog, names: list[str], keep_extension: bool = False,
                 files: dict[str, FrameFiles] | None = None):
        """`files`: frame name -> its files (found on disk when None)."""
        self.folder = Path(folder)
        self.catalog = catalog
        self.keep_extension = keep_extension
        self.files = frames_by_name(self.folder, names) if files is None else dict(files)
        self.sidecar_errors: list[str] = []
        self._lock = threading.RLock()
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._decisions = self._merged(names)

    def decisions(self) -> dict[str, Decision]:
        """Every frame's decision (Decision() when it has none)."""
        with self._lock:
            return dict(self._decisions)

    def apply(self, names: list[str], change: Callable[[Decision], Decision]) -> dict[str, Decision]:
        """Change every named frame as one undoable step; the frames that changed, with
        their new decisions ({} and no undo step when nothing changed)."""
        with self._lock:
            step = {}
            for name in dict.fromkeys(names):
                before = self._decisions.get(name, Decision())
                after = change(before)
                if after != before:
                    step[name] = (before, after)
            if not step:
                return {}
            written = self._write({name: after for name, (_before, after) in step.items()})
            self._undo.append(step)
            self._redo.clear()
            return written

    def undo(self) -> dict[str, Decision]:
        """Take back the last step; {} when there is nothing to undo."""
        with self._lock:
            if not self._undo:
                return {}
            step = self._undo.pop()
            written = self._write({name: before for name, (before, _after) in step.items()})
            self._redo.append(step)
            return written

    def redo(self) -> dict[str, Decision]:
        """Apply again the last step undone; {} when there is nothing to redo."""
        with self._lock:
            if not self._redo:
                return {}
            step = self._redo.pop()
            written = self._write({name: after for name, (_before, after) in step.items()})
            self._undo.append(step)
            return written

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def _write(self, changes: dict[str, Decision]) -> dict[str, Decision]:
        for name, decision in changes.items():
            try:
                write_sidecar(self._files(name), decision, self.keep_extension)
            except OSError as error:
                self.sidecar_errors.append(_sidecar_message(name, error))
                log.warning("sidecar for %s not written: %s", name, error)
        self.catalog.save_decisions(changes)
        self._decisions.update(changes)
        return dict(changes)

    def _merged(self, names: list[str]) -> dict[str, Decision]:
        """The catalog's decisions, overruled where a sidecar is newer; changes found in
        sidecars are saved to the catalog so the two agree."""
        known, times = self.catalog.decisions(), self.catalog.decision_times()
        merged, updates = {}, {}
        for name in names:
            decision = known.get(name)
            sidecar = read_sidecar(self._files(name))
            if sidecar_counts(sidecar, decision, times.get(name, 0)):
                newer = merged_with_sidecar(sidecar, decision)
                if newer != decision:
                    updates[name] = newer
                decision = newer
            merged[name] = decision or Decision()
        if updates:
            self.catalog.save_decisions(updates)
        return merged

    def _files(self, name: str) -> FrameFiles:
        return self.files.get(name) or FrameFiles(self.folder / name)


def sidecar_counts(sidecar: SidecarDecision | None, known: Decision | None, saved_ns: int) -> bool:
    """Whether a sidecar's decision overrules the catalog's: it is newer than the catalog's
    last write of the frame. A stem's shared sidecar (pairing.py) counts only for a frame
    the catalog knows nothing of: another frame may have changed it since."""
    if sidecar is None:
        return False
    if known is None:
        return True
    return not sidecar.shared and sidecar.modified_ns > saved_ns


def merged_with_sidecar(sidecar: SidecarDecision, known: Decision | None) -> Decision:
    """Stars, label and reject from the sidecar; the pick from it only when it says."""
    found = sidecar.decision
    if sidecar.knows_flag or found.flag == REJECT or known is None:
        return found
    flag = UNFLAGGED if known.flag == REJECT else known.flag    # un-rejected elsewhere
    return replace(found, flag=flag)


def _sidecar_message(name: str, error: OSError) -> str:
    if isinstance(error, PermissionError) or error.errno == errno.EROFS:
        reason = "the folder is read-only"
    else:
        reason = (error.strerror or str(error)).lower()
    return (f"The decision on {name} is saved in ShotKind, but its XMP sidecar could not "
            f"be written ({reason}), so other applications will not see it.")
