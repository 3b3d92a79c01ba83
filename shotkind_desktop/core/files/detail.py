"""Where a frame's fine detail comes from when analysis wants more than the working
picture: the eyes are judged for focus on the file's own pixels.

Two kinds of source, both read by region in the upright full-resolution frame's pixels:
- `JpegSource` (core.files.jpeg_region): a JPEG whose restart markers let any region be cut
  out and decoded alone, in milliseconds.
- `DecodedSource`: a picture already decoded at more than the working size, kept while
  the frame is analysed: a large JPEG's luma at twice the working size, decoded in the
  same pass as the working picture (core.files.turbojpeg), or without TurboJPEG, OpenCV's
  decode at twice the size, halved for the working picture; the whole file for PNG,
  TIFF, HEIF and small JPEGs (decoded whole anyway); a RAW's half-size demosaic. A JPEG
  without restart markers has no cheaper way to its detail: its Huffman stream must be
  read from the start up to the region, and that read is already being made.
The restart-marker cut is used where TurboJPEG is missing (core.files.decode decides).
"""

from __future__ import annotations

from typing import Protocol

import cv2
import numpy as np

from shotkind_desktop.core.files.jpeg_region import JpegSource, LumaRegion
from shotkind_desktop.core.files.orientation import stored_box, upright, upright_box, upright_size


class DetailSource(Protocol):
    """A frame's pixels beyond the working picture's, by region."""

    @property
    def upright_size(self) -> tuple[int, int]:
        """The size of the picture this source's boxes are in (upright, full resolution
        for a camera JPEG; a RAW's preview may be smaller than its sensor)."""
        ...

    def luma(self, box: tuple[float, float, float, float], scale: float = 1.0) -> LumaRegion | None:
        """The luma of `box` at `scale` pixels per pixel of the picture or finer where the
        source can, else as fine as it holds; None when the box misses the picture."""
        ...


class DecodedSource:
    """A decoded picture as stored (not yet turned upright), `factor` of the full
    resolution `width` × `height` (stored), held in memory while the frame is analysed."""

    def __init__(self, image: np.ndarray, orientation: int, width: int, height: int) -> None:
        self.image = image
        self.orientation = orientation
        self.width, self.height = width, height
        self.factor = image.shape[1] / width

    @property
    def upright_size(self) -> tuple[int, int]:
        return upright_size(self.width, self.height, self.orientation)

    def luma(self, box: tuple[float, float, float, float], scale: float = 1.0) -> LumaRegion | None:
        x0, y0, x1, y1 = (v * self.factor for v in stored_box(box, self.orientation, self.width, self.height))
        rows, cols = self.image.shape[:2]
        left, top = max(0, int(x0)), max(0, int(y0))
        right, bottom = min(cols, int(np.ceil(x1))), min(rows, int(np.ceil(y1)))
        if right <= left or bottom <= top:
            return None
        crop = self.image[top:bottom, left:right]
        luma = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else np.ascontiguousarray(crop)
        covered = upright_box(tuple(v / self.factor for v in (left, top, right, bottom)),
                              self.orientation, self.width, self.height)
        ux0, uy0, ux1, uy1 = covered
        return LumaRegion(luma=upright(luma, self.orientation),
                          box=(round(ux0), round(uy0), round(ux1 - ux0), round(uy1 - uy0)),
                          scale=self.factor, how="decoded with the frame")


def jpeg_detail(data: bytes, orientation: int) -> JpegSource | None:
    """The JPEG as a detail source when its restart markers make regions cheap, else None."""
    try:
        source = JpegSource(data, orientation)
    except ValueError:
        return None
    return source if source.cuts_cheaply else None
