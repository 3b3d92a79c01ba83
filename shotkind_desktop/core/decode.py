"""Decoding a frame for analysis: small, upright, and without decoding more than needed.

JPEGs are decoded with libjpeg's DCT scaling (1/2, 1/4, 1/8) straight to about the
working size; RAW files give up their embedded JPEG preview; only PNG and TIFF are
decoded whole. Every way a file can be unreadable becomes a `FrameError` whose message
is written for the photographer.
"""

from __future__ import annotations

import errno
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from shotkind_desktop.core import filetypes
from shotkind_desktop.core.capture import CaptureInfo, read_capture_info
from shotkind_desktop.core.orientation import from_libraw_flip, upright, upright_size

WORKING_LONG_SIDE = 1600        # analysis never needs more
WORKING_MIN_LONG_SIDE = 1000    # DCT scaling stops before going below this
MAX_FULL_DECODE_PIXELS = 120_000_000  # PNG/TIFF are decoded whole: refuse beyond ~360 MB


class FrameError(Exception):
    """A frame that cannot be read; the message says why in a photographer's words."""


@dataclass
class DecodedFrame:
    image: np.ndarray        # BGR uint8, upright, at most WORKING_LONG_SIDE
    width: int               # upright full-resolution size
    height: int
    capture: CaptureInfo

    @property
    def scale(self) -> float:
        """Working pixels per full-resolution pixel."""
        return self.image.shape[1] / self.width


def decode_for_analysis(path: Path) -> DecodedFrame:
    data = _read_bytes(path)
    if filetypes.is_raw(path):
        if _is_text(data):   # LibRaw would only say "Input/output error"
            raise FrameError(_not_an_image_message(path, data))
        return _decode_raw(data)
    kind = _sniff(data)
    if kind is None:
        raise FrameError(_not_an_image_message(path, data))
    capture = read_capture_info(data) if kind in ("jpeg", "tiff") else CaptureInfo()
    width, height = _header_size(data)
    if kind == "jpeg":
        if not _has_end_of_image(data):
            raise FrameError("truncated JPEG: the file ends before the image data does")
        image = _decode_jpeg_scaled(data, max(width, height))
    else:
        if width * height > MAX_FULL_DECODE_PIXELS:
            raise FrameError(f"image too large: {width} × {height} pixels is over the "
                             f"{MAX_FULL_DECODE_PIXELS // 1_000_000}-megapixel limit for {kind.upper()}")
        image = _imdecode(data, cv2.IMREAD_ANYDEPTH | cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
        if image.dtype != np.uint8:
            image = (image / 257).astype(np.uint8) if image.dtype == np.uint16 else \
                cv2.normalize(image, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    return _finish(image, width, height, capture)


def _finish(image: np.ndarray, width: int, height: int, capture: CaptureInfo) -> DecodedFrame:
    image = _fit_working_size(upright(image, capture.orientation))
    width, height = upright_size(width, height, capture.orientation)
    return DecodedFrame(image=image, width=width, height=height, capture=capture)


def _read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except PermissionError:
        raise FrameError("permission denied: the file cannot be read") from None
    except FileNotFoundError:
        raise FrameError("file not found: it was moved or deleted") from None
    except IsADirectoryError:
        raise FrameError("not a file") from None
    except OSError as error:
        if error.errno == errno.EACCES:
            raise FrameError("permission denied: the file cannot be read") from None
        raise FrameError(f"cannot read the file: {error.strerror or error}") from None
    if not data:
        raise FrameError("empty file (0 bytes)")
    return data


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    return None


def _is_text(data: bytes) -> bool:
    """UTF-8 without control bytes: a binary header (TIFF-based RAWs start "II*\\0") is not
    text even when its first bytes happen to be ASCII."""
    head = data[:512]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:   # not just a character cut at the 512th byte
            return False
    return not any(byte < 0x20 and byte not in b"\t\n\r\f" for byte in head)


def _not_an_image_message(path: Path, data: bytes) -> str:
    expected = path.suffix.lstrip(".").upper() or "image"
    if _is_text(data):
        return f"not an image: the file holds text, not {expected} data"
    return f"not an image: the content is not {expected} data (unknown or unsupported format)"


def _header_size(data: bytes) -> tuple[int, int]:
    """Pixel size from the header only; nothing is decoded yet."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as header:
                return header.size
    except Image.DecompressionBombError:
        raise FrameError("image too large: its header claims more pixels than any camera "
                         "makes (possible decompression bomb); not decoded") from None
    except Image.UnidentifiedImageError:   # its message names a BytesIO object
        raise FrameError("corrupt image header: the image size cannot be read") from None
    except Exception as error:
        raise FrameError(f"corrupt image header: {error}") from None


def _has_end_of_image(data: bytes) -> bool:
    """True when an end-of-image marker follows the first scan.

    libjpeg silently fills a truncated file with grey, so we check ourselves. Inside
    entropy-coded data 0xFF is always stuffed, so an FF D9 after the first start-of-scan
    is the real end marker (bytes appended after it, as in phone motion photos, are fine).
    """
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return False
        marker = data[position + 1]
        if marker == 0xFF:          # fill byte
            position += 1
            continue
        if marker == 0xDA:          # start of scan
            return data.find(b"\xff\xd9", position) != -1
        length = int.from_bytes(data[position + 2:position + 4], "big")
        position += 2 + length
    return False


def _decode_jpeg_scaled(data: bytes, long_side: int) -> np.ndarray:
    flags = cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION
    for factor, reduced in ((8, cv2.IMREAD_REDUCED_COLOR_8), (4, cv2.IMREAD_REDUCED_COLOR_4),
                            (2, cv2.IMREAD_REDUCED_COLOR_2)):
        if long_side / factor >= WORKING_MIN_LONG_SIDE:
            flags = reduced | cv2.IMREAD_IGNORE_ORIENTATION
            break
    return _imdecode(data, flags)


def _imdecode(data: bytes, flags: int) -> np.ndarray:
    try:
        image = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    except cv2.error as error:
        raise FrameError(f"corrupt image data: {error.err}") from None
    if image is None:
        raise FrameError("corrupt or truncated image data: the decoder gave up")
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    return image


def _fit_working_size(image: np.ndarray) -> np.ndarray:
    height, width = image.shape[:2]
    scale = WORKING_LONG_SIDE / max(height, width)
    if scale >= 1:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def _decode_raw(data: bytes) -> DecodedFrame:
    """A camera RAW: its embedded preview when there is one, else a half-size demosaic."""
    import rawpy  # LibRaw loads only when a shoot holds RAW files

    try:
        with rawpy.imread(io.BytesIO(data)) as raw:
            capture = read_capture_info(data)
            orientation = from_libraw_flip(raw.sizes.flip)
            capture = CaptureInfo(**{**capture.__dict__, "orientation": orientation})
            width, height = raw.sizes.width, raw.sizes.height
            image = _raw_preview(raw)
    except FrameError:
        raise
    except (rawpy.LibRawFileUnsupportedError, rawpy.NotSupportedError):
        raise FrameError("unsupported RAW format: LibRaw cannot read this camera's files") from None
    except rawpy.LibRawError as error:
        raise FrameError(f"corrupt or truncated RAW file: {_libraw_message(error)}") from None
    return _finish(image, width, height, capture)


def _libraw_message(error: Exception) -> str:
    """rawpy passes LibRaw's message as bytes; str() would show b'...'."""
    detail = error.args[0] if error.args else error
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    return str(detail)


def _raw_preview(raw) -> np.ndarray:
    import rawpy

    try:
        thumb = raw.extract_thumb()
    except (rawpy.LibRawNoThumbnailError, rawpy.LibRawUnsupportedThumbnailError):
        thumb = None
    if thumb is not None and thumb.format == rawpy.ThumbFormat.JPEG:
        # The preview is stored the sensor's way round; LibRaw's flip turns it upright.
        return _imdecode(thumb.data, cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
    if thumb is not None and thumb.format == rawpy.ThumbFormat.BITMAP:
        return cv2.cvtColor(thumb.data, cv2.COLOR_RGB2BGR)
    rgb = raw.postprocess(half_size=True, use_camera_wb=True, output_bps=8)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
