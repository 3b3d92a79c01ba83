"""Focus on the eyes, judged as a photographer judges it at 100%, and where it went when
it missed them.

The eyes are read from the frame's finest pixels (core.files.detail: the file's own, or a
finer decode) at a scale tied to the eye's size: each eye is sampled
EYE_SAMPLE_WIDTH pixels wide, where the lashes of a sharp eye (about 1/80 of its width
apart) are still resolved, or at its own size when the file holds fewer pixels. The
figure is the energy of the finest detail (the picture less a 1-pixel blur) over the
energy of the coarser bands (a 1-pixel blur less an 8-pixel one: lids, iris, lashes as
a mass), as log10: blur lowers the first long before the second, exposure and contrast
scale both alike, and natural detail keeps about the same ratio at any scale, so a
half-size copy of a sharp frame reads about the same (median +0.04 on the labelled
photos). The sharper eye counts: photographers focus the near eye, and a far eye just
behind the focal plane is not a miss.

Where the focus went is read on the working picture, at one scale for every region
(tied to the eye's size there too): the hair above the forehead, the ears, the nose,
the mouth and the clothes below the chin, each against the eyes. That search costs 2-6
ms a frame, so it runs only under the sharp limit, where the judgement will say it.

Whether the eyes are judged (open, not hidden) and in what words is scoring's and
focus_words's to say; this is the figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from shotkind_desktop.core.judgement.measures.finer import FinerPixels, shrunk
from shotkind_desktop.core.judgement.parameters import PARAMETERS, Parameters
from shotkind_desktop.core.judgement.perception.mesh import FaceMesh
from shotkind_desktop.core.judgement.perception.mesh_points import (CHIN, LEFT_EYE, LOWER_LIP, MOUTH_LEFT, MOUTH_RIGHT,
                                                          NOSE_TIP, RIGHT_EYE, UPPER_LIP)

EYE_SAMPLE_WIDTH = 128          # pixels across one eye, corner to corner, where focus is read
EYE_BOX = (0.75, 0.5)           # half-width and half-height of an eye's box, in eye widths
STRUCTURE_PERCENTILE = 75       # focus is read where the coarse band is in its top quarter
SPREAD_OFFSET = 0.1             # the spread ratio's usual distance under the bands' on sharp eyes
# A box is read when this share of it is in the picture: half of an eye (a face cut at
# the edge still shows one), more of a region the focus may have gone to instead.
EYE_INSIDE = 0.5
REGION_INSIDE = 0.6


@dataclass(frozen=True)
class EyeFocus:
    value: float | None          # log10 fine-detail ratio of the sharper eye; None: no eye in the picture
    sharpest: str | None         # a region sharper than the eyes, looked for under the sharp limit
    read_at: str                 # where the eyes' pixels came from: "full resolution", "1/2", "working"


NO_EYES = EyeFocus(None, None, "")


def focus_ratio(luma: np.ndarray) -> float:
    """log10 of the finest band's energy over the coarser bands', where the picture has
    structure (the top quarter of the coarse band: lid margins, iris rim, lashes), so
    smooth skin around a soft eye neither hides nor fakes it. A blur wide enough to melt
    the coarser bands too would leave that ratio standing, so the finest band over the
    eye's whole tonal spread (which such a blur cannot melt) is read as well, and the
    lower of the two counts (the second reads about 0.1 under the first on sharp eyes)."""
    picture = luma.astype(np.float32)
    fine_blur = cv2.GaussianBlur(picture, (0, 0), 1.0)
    coarse = np.abs(fine_blur - cv2.GaussianBlur(picture, (0, 0), 8.0))
    structure = coarse >= np.percentile(coarse, STRUCTURE_PERCENTILE)
    fine = _rms((picture - fine_blur)[structure]) + 1e-3
    against_bands = math.log10(fine / (_rms(coarse[structure]) + 0.5))
    against_spread = math.log10(fine / (float(fine_blur.std()) + 0.5)) + SPREAD_OFFSET
    return min(against_bands, against_spread)


def _rms(values: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(values)))) if values.size else 0.0


def eye_boxes(mesh: FaceMesh) -> list[tuple[tuple[float, float, float, float], float]]:
    """Each eye's box (x, y, w, h) in the mesh's pixels and its width, corner to corner."""
    boxes = []
    for eye in (LEFT_EYE, RIGHT_EYE):
        outer, inner = mesh.points[eye[0], :2], mesh.points[eye[1], :2]
        width = float(np.linalg.norm(outer - inner))
        cx, cy = (outer + inner) / 2
        half_w, half_h = EYE_BOX[0] * width, EYE_BOX[1] * width
        boxes.append(((float(cx - half_w), float(cy - half_h), 2 * half_w, 2 * half_h), width))
    return boxes


def measure_eye_focus(mesh: FaceMesh, luma: np.ndarray, finer: FinerPixels | None,
                      p: Parameters = PARAMETERS) -> EyeFocus:
    """Focus on the main face's eyes. `luma` is the working picture (bars cut off, the
    mesh's pixels), `finer` the frame's finer pixels (None: the working picture is all
    there is)."""
    values, read_at, boxes = [], "working", eye_boxes(mesh)
    for box, width in boxes:
        sample, where = finest_eye(box, width, luma, finer)
        if sample is None:
            continue
        values.append(focus_ratio(sample))
        read_at = where
    if not values:
        return NO_EYES
    value = round(max(values), 3)
    return EyeFocus(value, sharper_region(mesh, boxes, luma, p) if value < p.eye_sharp else None, read_at)


def sharper_region(mesh: FaceMesh, boxes: list, luma: np.ndarray, p: Parameters = PARAMETERS) -> str | None:
    """The region of the head clearly sharper than the eyes (`boxes`, eye_boxes) on the
    working picture, or None."""
    eye_width = float(np.mean([w for _, w in boxes]))
    factor = min(1.0, EYE_SAMPLE_WIDTH / max(eye_width, 1.0))
    eyes = [_ratio_at(luma, box, factor) for box, _ in boxes]
    eyes = [v for v in eyes if v is not None]
    if not eyes:
        return None
    best, best_value = None, max(eyes) + p.eye_region_margin
    for name, box in _regions(mesh):
        value = _ratio_at(luma, box, factor)
        if value is not None and value > best_value:
            best, best_value = name, value
    return best


def finest_eye(box, width: float, luma: np.ndarray,
               finer: FinerPixels | None) -> tuple[np.ndarray | None, str]:
    """The eye's pixels at EYE_SAMPLE_WIDTH (or its own width when no source holds more),
    from the finest source that adds anything over the working picture."""
    if finer is not None and width < EYE_SAMPLE_WIDTH:
        found = finer.luma(box, width, EYE_SAMPLE_WIDTH)
        if found is not None:
            return found
    sample = _crop(luma, box)
    if sample is None:
        return None, "working"
    return shrunk(sample, EYE_SAMPLE_WIDTH / max(width, 1.0)), "working"


def _ratio_at(luma: np.ndarray, box, factor: float) -> float | None:
    sample = _crop(luma, box, need_inside=REGION_INSIDE)
    if sample is None:
        return None
    sample = shrunk(sample, factor)
    return focus_ratio(sample) if min(sample.shape) >= 8 else None


def _crop(luma: np.ndarray, box, need_inside: float = EYE_INSIDE) -> np.ndarray | None:
    """`box` of `luma`, clipped; None when less than `need_inside` of it is in the picture
    or it is too small to hold detail."""
    x, y, w, h = box
    height, width = luma.shape[:2]
    left, top = max(0, int(x)), max(0, int(y))
    right, bottom = min(width, int(math.ceil(x + w))), min(height, int(math.ceil(y + h)))
    if right - left < 6 or bottom - top < 6 or (right - left) * (bottom - top) < need_inside * w * h:
        return None
    return luma[top:bottom, left:right]


def _regions(mesh: FaceMesh) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Boxes (x, y, w, h) where focus often lands instead of the eyes, from the mesh."""
    points = mesh.points[:, :2]
    ox, oy, ow, oh = mesh.oval_box
    eye_y = float((points[LEFT_EYE[0], 1] + points[RIGHT_EYE[0], 1]) / 2)
    (rx, _), (lx, _) = points[MOUTH_RIGHT], points[MOUTH_LEFT]
    mouth_w = abs(lx - rx)
    lips_top, lips_bottom = points[UPPER_LIP, 1], points[LOWER_LIP, 1]
    nx, ny = points[NOSE_TIP]
    chin_y = points[CHIN, 1]
    return [
        ("hair", (ox + 0.15 * ow, oy - 0.22 * oh, 0.7 * ow, 0.22 * oh)),
        ("side of the head", (ox - 0.1 * ow, eye_y, 0.14 * ow, 0.3 * oh)),    # ear or hair, either side
        ("side of the head", (ox + 0.96 * ow, eye_y, 0.14 * ow, 0.3 * oh)),
        ("nose", (nx - 0.12 * ow, ny - 0.1 * oh, 0.24 * ow, 0.14 * oh)),
        ("mouth", (min(rx, lx) - 0.1 * mouth_w, lips_top - 0.25 * mouth_w, 1.2 * mouth_w,
                   lips_bottom - lips_top + 0.5 * mouth_w)),
        ("clothes", (ox, chin_y + 0.2 * oh, ow, 0.3 * oh)),
    ]
