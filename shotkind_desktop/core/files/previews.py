"""Pictures for the eye: grid thumbnails and loupe previews at any size, decoded in a worker.

The grid and the loupe need an upright RGB picture of about a given size, fast, off the
GUI thread; this module asks `decode.decode_frame` for it (the one reduced-size decode
path that analysis uses too) and hands back RGB, the byte order `QImage.Format_RGB888`
reads. Thumbnails are cached as JPEG bytes, so encoding and decoding them lives here too.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import exifread
import numpy as np
from PIL import Image

from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.files.capture import CaptureInfo
from shotkind_desktop.core.files.decode import FrameError, decode_frame, has_end_of_image, imdecode_bytes
from shotkind_desktop.core.files.orientation import upright
from shotkind_desktop.core.safe_files import read_head

log = logging.getLogger(__name__)
HEAD_BYTES = 128 * 1024   # APP1 (EXIF, with its thumbnail) is at most 64 KB; the frame header follows

# Grid thumbnails are cached at this long side. A large grid cell is about 190 logical
# pixels wide, which at 2x display scaling is 380 device pixels, so 384 stays sharp there;
# the loupe never uses thumbnails. Decoding costs the same as for 320 (libjpeg's 1/8
# reduction of any 12-megapixel or larger camera JPEG is still over 384 px), and a
# thumbnail is about 20-35 KB, so a 2,000-frame shoot caches in well under 100 MB.
THUMBNAIL_LONG_SIDE = 384
THUMBNAIL_QUALITY = 85           # no visible blocking at grid size, a third of quality 95's bytes


@dataclass
class Preview:
    """An upright picture of a frame, with the frame's own full-resolution size."""

    image: np.ndarray        # RGB uint8, upright, C-contiguous, long side <= requested (never upscaled)
    width: int               # upright full-resolution size of the frame
    height: int
    capture: CaptureInfo

    @property
    def scale(self) -> float:
        """Preview pixels per full-resolution pixel (1 at the loupe's 100% view)."""
        return self.image.shape[1] / self.width


def decode_preview(path: Path, long_side: int | None) -> Preview:
    """The fastest honest upright picture of about `long_side` pixels on its long side;
    0 or None: full resolution. JPEGs use libjpeg's DCT scaling to the smallest reduction
    not below `long_side`, then an area resize; RAW files their embedded preview (or a
    half/full-size demosaic when it is too small or missing); PNG/TIFF a full decode.
    Raises FrameError, with the messages analysis gives, for a file that cannot be read."""
    frame = decode_frame(path, long_side or None)
    return Preview(image=_to_rgb(frame.image), width=frame.width, height=frame.height,
                   capture=frame.capture)


def fit_within(image: np.ndarray, box: tuple[int, int]) -> np.ndarray:
    """`image` shrunk with an area filter to the largest size inside `box` (width, height),
    keeping its shape: the loupe's fitted view, made by its worker so that the GUI thread
    does not smooth-scale a 2048-px preview on every step. The image itself when it fits."""
    height, width = image.shape[:2]
    scale = min(box[0] / width, box[1] / height)
    if scale >= 1:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def embedded_thumbnail(path: Path) -> np.ndarray | None:
    """The small thumbnail a camera stores in a JPEG's EXIF (160 x 120 by the DCF rule),
    upright and cropped to the frame's shape, or None. It costs a read of the file's head
    and a 20-kilopixel decode, so a whole shoot's grid fills at once while the real
    thumbnails are made, as in Photo Mechanic."""
    if not filetypes.is_jpeg(path):
        return None
    try:
        head = read_head(path, HEAD_BYTES)
        tags = exifread.process_file(io.BytesIO(head), details=False, extract_thumbnail=True)
        thumbnail = tags.get("JPEGThumbnail")
        if not thumbnail or not has_end_of_image(thumbnail):
            return None
        with Image.open(io.BytesIO(head)) as header:
            width, height = header.size
        image = cv2.imdecode(np.frombuffer(thumbnail, np.uint8), cv2.IMREAD_COLOR)
    except Exception as error:   # any damage: the real thumbnail will say what is wrong
        log.debug("no embedded thumbnail in %s: %s", path, error)
        return None
    if image is None or width <= 0 or height <= 0:
        return None
    orientation_tag = tags.get("Image Orientation")
    orientation = orientation_tag.values[0] if orientation_tag and orientation_tag.values else 1
    image = _crop_to_shape(image, width / height)
    upright_as_stored = not (isinstance(orientation, int) and 1 <= orientation <= 8)   # mangled tag
    return _to_rgb(upright(image, 1 if upright_as_stored else orientation))


def _crop_to_shape(image: np.ndarray, ratio: float) -> np.ndarray:
    """Cut the black bars a camera adds to fit a 3:2 frame into a 4:3 thumbnail."""
    height, width = image.shape[:2]
    if width / height > ratio * 1.02:
        keep = max(1, round(height * ratio))
        left = (width - keep) // 2
        return image[:, left:left + keep]
    if width / height < ratio / 1.02:
        keep = max(1, round(width / ratio))
        top = (height - keep) // 2
        return image[top:top + keep]
    return image


def encode_thumbnail(image: np.ndarray, quality: int = THUMBNAIL_QUALITY) -> bytes:
    """An RGB (or grey) uint8 picture as JPEG bytes for the thumbnail cache."""
    if image.dtype != np.uint8 or image.ndim not in (2, 3) or image.size == 0:
        raise ValueError(f"a thumbnail is a non-empty uint8 picture, not {image.dtype} "
                         f"{image.shape}")
    bgr = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    ok, encoded = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise ValueError("the JPEG encoder refused the thumbnail")
    return encoded.tobytes()


def decode_thumbnail(jpeg: bytes) -> np.ndarray:
    """Cached JPEG bytes back to an RGB uint8 picture; FrameError when they are damaged."""
    if not (jpeg.startswith(b"\xff\xd8\xff") and has_end_of_image(jpeg)):
        raise FrameError("corrupt thumbnail: not a complete JPEG")   # libjpeg would grey-fill it
    return _to_rgb(imdecode_bytes(jpeg, cv2.IMREAD_COLOR))


def _to_rgb(bgr: np.ndarray) -> np.ndarray:
    """cvtColor writes a new C-contiguous array, which QImage can wrap as it is."""
    return np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
