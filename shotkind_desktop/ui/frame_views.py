"""What the loupe, compare and survey views are given for a frame: its preview, faces,
crop guides (with the photographer's adjustments) and caption, put together from the
shoot model, the preview cache and the catalog."""

from __future__ import annotations

from PySide6.QtGui import QImage

from shotkind_desktop.core.judgement.crops import CropGuide, FacePlacement, adjusted_guide, crop_guides
from shotkind_desktop.core.decisions.decisions import PICK, REJECT
from shotkind_desktop.core.judgement.face_record import main_face_record
from shotkind_desktop.core.judgement.frame_warnings import frame_warnings
from shotkind_desktop.core.people.keeper import Keeper
from shotkind_desktop.core.shoot import Frame
from shotkind_desktop.ui.loupe_view import FrameView, make_caption
from shotkind_desktop.ui.preview_loader import LoadedPreview
from shotkind_desktop.ui.shoot_model import group_place

Box = tuple[float, float, float, float]
FLAG_TEXT = {PICK: "Pick", REJECT: "Rejected"}


def full_size(frame: Frame, preview: LoadedPreview | None) -> tuple[int, int] | None:
    result = frame.result
    if result is not None and result.width and result.height:
        return result.width, result.height
    return preview.full_size if preview is not None else None


def frame_guides(frame: Frame, size: tuple[int, int] | None,
                 adjustments: dict[str, Box], framings: dict[str, FacePlacement] | None = None) -> dict[str, CropGuide]:
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


def caption(frame: Frame, keeper: Keeper | None = None) -> str:
    """The caption under the frame, with its place in its similar-frame group as its grid
    cell shows it, the best saying so ("1/6 best"): testers judging a burst in compare
    could not tell which frame the keeper score put first."""
    result = frame.result
    score = result.headshot_score if result is not None and not result.error else None
    place = group_place(keeper)
    if place and keeper.rank == 1:
        place += " best"
    return make_caption(frame.path.name, frame.decision.rating,
                        FLAG_TEXT.get(frame.decision.flag, ""), score, place)


def frame_view(frame: Frame, preview: LoadedPreview | None, adjustments: dict[str, Box],
               error: str | None = None, framings: dict[str, FacePlacement] | None = None,
               stand_in: QImage | None = None, keeper: Keeper | None = None) -> FrameView:
    """`keeper`: the frame's place in its similar-frame group, for the caption.
    `stand_in`: the frame's thumbnail, shown enlarged until its preview is decoded
    (as Lightroom shows its small preview first): a tester waited up to 1.7 s on a
    black "Loading…" for a frame whose thumbnail was in the grid beside it. "Loading…"
    stays said on it, so its softness is not taken for the frame's focus."""
    size = full_size(frame, preview)
    error = error or (frame.result.error if frame.result else None)
    image = preview.image if preview else None
    if preview is None and not error and stand_in is not None and not stand_in.isNull():
        image, size = stand_in, size or (stand_in.width(), stand_in.height())
    message = "" if preview is not None else error or "Loading…"
    return FrameView(name=frame.name, image=image,
                     full_size=size or (1, 1),
                     faces=list(frame.result.faces) if frame.result else [],
                     guides=frame_guides(frame, size, adjustments, framings),
                     message=message, caption=caption(frame, keeper), decision=frame.decision,
                     fitted=preview.fitted if preview else None, warnings=frame_warnings(frame.result))
