"""What the loupe, compare and survey views are given for a frame: its preview, faces,
crop guides (with the photographer's adjustments) and caption, put together from the
shoot model, the preview cache and the catalog."""

from __future__ import annotations

from shotkind_desktop.core.judgement.crops import CropGuide, Framing, adjusted_guide, crop_guides
from shotkind_desktop.core.decisions.decisions import PICK, REJECT
from shotkind_desktop.core.judgement.faces import main_face_record
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.loupe_view import FrameView, make_caption
from shotkind_desktop.ui.preview_loader import LoadedPreview

Box = tuple[float, float, float, float]
FLAG_TEXT = {PICK: "Pick", REJECT: "Rejected"}


def full_size(frame: Frame, preview: LoadedPreview | None) -> tuple[int, int] | None:
    result = frame.result
    if result is not None and result.width and result.height:
        return result.width, result.height
    return preview.full_size if preview is not None else None


def frame_guides(frame: Frame, size: tuple[int, int] | None,
                 adjustments: dict[str, Box], framings: dict[str, Framing] | None = None) -> dict[str, CropGuide]:
    """The headshot crop guides of the frame's main face (with `framings`, a preset's,
    for some ratios), adjusted where the photographer moved one; none without a face."""
    result = frame.result
    if size is None or result is None or not result.faces:
        return {}
    face = main_face_record(result.faces, *size)
    if face is None:
        return {}
    guides = crop_guides(face, *size, framings)
    for ratio, box in adjustments.items():
        if ratio in guides:
            guides[ratio] = adjusted_guide(guides[ratio], box, *size)
    return guides


def caption(frame: Frame) -> str:
    result = frame.result
    score = result.headshot_score if result is not None and not result.error else None
    return make_caption(frame.path.name, frame.decision.rating,
                        FLAG_TEXT.get(frame.decision.flag, ""), score)


def frame_view(frame: Frame, preview: LoadedPreview | None, adjustments: dict[str, Box],
               error: str | None = None, framings: dict[str, Framing] | None = None) -> FrameView:
    size = full_size(frame, preview)
    error = error or (frame.result.error if frame.result else None)
    if preview is None:
        message = error or "Loading…"
    else:
        message = ""
    return FrameView(name=frame.name, image=preview.image if preview else None,
                     full_size=size or (1, 1),
                     faces=list(frame.result.faces) if frame.result else [],
                     guides=frame_guides(frame, size, adjustments, framings),
                     message=message, caption=caption(frame), decision=frame.decision,
                     fitted=preview.fitted if preview else None)
