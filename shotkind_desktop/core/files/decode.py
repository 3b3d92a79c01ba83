"""Decoding a frame at the size it is needed: upright, and without decoding more than that.

Analysis, grid thumbnails and loupe previews all come through `decode_frame`, so there is
one reduced-size path: JPEGs are decoded with libjpeg's DCT scaling (1/2, 1/4, 1/8)
straight to about the size asked for; RAW files give up their embedded JPEG preview
(decoded the same way) when it is big enough, else LibRaw demosaics at half or full size;
PNG, TIFF (16-bit scaled to 8) and HEIC/HEIF (libheif through pillow-heif, which applies
the file's rotation itself) are decoded whole. Every way a file can be unreadable becomes
a `FrameError` whose message is written for the photographer; so does a picture of a
type ShotKind does not read (filetypes.UNREADABLE).
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

from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.files.capture import CaptureInfo, read_capture_info
from shotkind_desktop.core.files.cut_short import NOT_A_RAW, has_end_of_image, looks_like_raw, raw_cut_short
from shotkind_desktop.core.files.decoder_warnings import damage_warnings, native_stderr
from shotkind_desktop.core.files.detail import DecodedSource, DetailSource, jpeg_detail
from shotkind_desktop.core.files.resample import halve
from shotkind_desktop.core.files import turbojpeg
from shotkind_desktop.core.files.opencv_log import silence_opencv_log
from shotkind_desktop.core.files.orientation import from_libraw_flip, upright, upright_size
from shotkind_desktop.core.safe_files import NotAFile, read_file

silence_opencv_log()
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

WORKING_LONG_SIDE = 1600        # analysis never needs more
WORKING_MIN_LONG_SIDE = 1000    # DCT scaling stops before going below this
# An embedded RAW preview this big serves analysis and a fitted loupe; smaller ones are
# the 160-px EXIF thumbnails some cameras carry, which LibRaw's demosaic beats.
RAW_PREVIEW_MIN_LONG_SIDE = 1000
MAX_FULL_DECODE_PIXELS = 120_000_000  # PNG/TIFF are decoded whole: refuse beyond ~360 MB


# ISO-BMFF major brands of HEIC/HEIF stills (AVIF's "avif" is not among them).
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
_heif_registered = False


class FrameError(Exception):
    """A frame that cannot be read; the message says why in a photographer's words."""


@dataclass
class DecodedFrame:
    image: np.ndarray        # BGR uint8, upright, long side at most the size asked for
    width: int               # upright full-resolution size
    height: int
    capture: CaptureInfo
    detail: DetailSource | None = None   # finer pixels than `image`, by region (core.files.detail)

    @property
    def scale(self) -> float:
        """Working pixels per full-resolution pixel."""
        return self.image.shape[1] / self.width


def decode_for_analysis(path: Path, long_side: int = WORKING_LONG_SIDE) -> DecodedFrame:
    """The frame at working size: long side between WORKING_MIN_LONG_SIDE (or
    `long_side`, when smaller) and `long_side` (smaller images stay as they are).
    FrameError also when libjpeg warns that the data is damaged: a frame with a garbled
    band must not be scored (its preview, from decode_frame, still shows it). The frame
    carries its `detail` for the measures that read the file's own pixels."""
    with damage_warnings() as heard:
        frame = decode_frame(path, long_side, reduce_to=min(WORKING_MIN_LONG_SIDE, long_side),
                             detail=True)
    if heard:
        raise FrameError(f"damaged JPEG data: part of the picture is lost or garbled "
                         f"(libjpeg: {heard[0].rstrip('.')})")
    return frame


def decode_frame(path: Path, long_side: int | None, reduce_to: int | None = None,
                 detail: bool = False) -> DecodedFrame:
    """The upright frame with its long side at most `long_side` (None: full resolution;
    never upscaled). Reduced decoding (JPEG DCT scaling, RAW half-size) stops before the
    long side would drop below `reduce_to`, by default `long_side`; INTER_AREA does the rest.
    `detail`: also a source of the finer pixels (core.files.detail), for analysis."""
    if long_side is not None and long_side < 1:
        raise ValueError(f"long_side must be a positive number of pixels or None, not {long_side}")
    if reduce_to is None:
        reduce_to = long_side
    data = _read_bytes(path)
    reason = filetypes.unreadable_reason(path)
    if reason:
        raise FrameError(f"unsupported format: {reason}")
    if filetypes.is_raw(path):
        if _is_text(data):   # LibRaw would only say "Input/output error"
            raise FrameError(_not_an_image_message(path, data))
        cut = raw_cut_short(data)    # its preview would still show: the cut is found at export
        if cut:
            raise FrameError(cut)
        image, width, height, capture, source = _decode_raw(data, reduce_to, detail)
        return _finish(image, width, height, capture, long_side, source)
    kind = _sniff(data)
    if kind is None:
        raise FrameError(_not_an_image_message(path, data))
    if kind == "heif":
        image, width, height, capture = _decode_heif(data)
        return _finish(image, width, height, capture, long_side, _kept(image, capture, long_side, detail))
    capture = read_capture_info(data) if kind in ("jpeg", "tiff") else CaptureInfo()
    width, height = _header_size(data)
    source = None
    if kind == "jpeg":
        if not has_end_of_image(data):
            raise FrameError("truncated JPEG: the file ends before the image data does")
        if detail:
            image, source = _decode_jpeg_with_detail(data, max(width, height), reduce_to,
                                                     capture.orientation, (width, height))
        else:
            image = _decode_jpeg_scaled(data, max(width, height), reduce_to)
        source = source or _kept(image, capture, long_side, detail)
    else:
        if width * height > MAX_FULL_DECODE_PIXELS:
            raise FrameError(f"image too large: {width} × {height} pixels is over the "
                             f"{MAX_FULL_DECODE_PIXELS // 1_000_000}-megapixel limit for {kind.upper()}")
        image = imdecode_bytes(data, cv2.IMREAD_ANYDEPTH | cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION)
        if image.dtype != np.uint8:
            image = (image / 257).astype(np.uint8) if image.dtype == np.uint16 else \
                cv2.normalize(image, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
        source = _kept(image, capture, long_side, detail)
    return _finish(image, width, height, capture, long_side, source)


def _finish(image: np.ndarray, width: int, height: int, capture: CaptureInfo,
            long_side: int | None, detail: DetailSource | None = None) -> DecodedFrame:
    image = _fit_long_side(upright(image, capture.orientation), long_side)
    width, height = upright_size(width, height, capture.orientation)
    return DecodedFrame(image=image, width=width, height=height, capture=capture, detail=detail)


def _kept(image: np.ndarray, capture: CaptureInfo, long_side: int | None,
          wanted: bool) -> DecodedSource | None:
    """A picture decoded whole (as stored), kept as the frame's detail when the working
    picture will be smaller than it."""
    if not wanted or long_side is None or max(image.shape[:2]) <= long_side:
        return None
    return DecodedSource(image, capture.orientation, image.shape[1], image.shape[0])


def _read_bytes(path: Path) -> bytes:
    try:
        data = read_file(path)
    except NotAFile as error:
        raise FrameError(error.strerror) from None
    except PermissionError:
        raise FrameError("permission denied: the file cannot be read") from None
    except FileNotFoundError:
        raise FrameError("file not found: it was moved or deleted") from None
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
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return "heif"
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
        with warnings.catch_warnings():   # a bomb is refused below; a broken tag is skipped
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as header:
                return header.size
    except Image.DecompressionBombError:
        raise FrameError("image too large: its header claims more pixels than any camera "
                         "makes (possible decompression bomb); not decoded") from None
    except Exception as error:   # Pillow's words name a BytesIO object or its own reads ("Truncated File Read")
        raise FrameError("damaged or unsupported image header: the image size cannot be read") from error


_COLOUR_REDUCED = {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2,
                   4: cv2.IMREAD_REDUCED_COLOR_4, 8: cv2.IMREAD_REDUCED_COLOR_8}


def _jpeg_reduction(long_side: int, reduce_to: int | None) -> int:
    """The strongest DCT reduction (8, 4, 2) that keeps a long side of `long_side` at
    least `reduce_to`; 1 when none does (or None: full size)."""
    for factor in (8, 4, 2):
        if reduce_to is not None and long_side / factor >= reduce_to:
            return factor
    return 1


def _decode_jpeg_scaled(data: bytes, long_side: int, reduce_to: int | None) -> np.ndarray:
    """Decode a JPEG whose long side is `long_side` at the strongest DCT reduction that
    keeps it at least `reduce_to` (None: full size)."""
    factor = _jpeg_reduction(long_side, reduce_to)
    return imdecode_bytes(data, _COLOUR_REDUCED[factor] | cv2.IMREAD_IGNORE_ORIENTATION)


def _decode_jpeg_with_detail(data: bytes, long_side: int, reduce_to: int | None, orientation: int,
                             stored_size: tuple[int, int]) -> tuple[np.ndarray, DetailSource | None]:
    """The reduced picture (as `_decode_jpeg_scaled` would give it, within a level or two)
    and where finer pixels come from. One pass through the Huffman data where it can be:
    TurboJPEG's planes at twice the size (the luma kept as the detail, the working picture
    made from it halved and the colour planes); without TurboJPEG, the file's restart
    markers when it has them, else OpenCV's decode at twice the size, halved."""
    factor = _jpeg_reduction(long_side, reduce_to)
    if factor == 1:
        return imdecode_bytes(data, cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION), None
    try:
        planes = turbojpeg.planes(data, factor // 2)
    except turbojpeg.TurboJpegWarning:
        planes = None      # damaged: OpenCV's libjpeg decodes it and says so where analysis listens
    if planes is not None and min(planes[0].shape) >= 2:    # a 1-pixel strip cannot be halved
        return _picture_from_planes(planes), DecodedSource(planes[0], orientation, *stored_size)
    source = jpeg_detail(data, orientation)
    if source is not None:
        return imdecode_bytes(data, _COLOUR_REDUCED[factor] | cv2.IMREAD_IGNORE_ORIENTATION), source
    finer = imdecode_bytes(data, _COLOUR_REDUCED[factor // 2] | cv2.IMREAD_IGNORE_ORIENTATION)
    if min(finer.shape[:2]) < 2:
        return imdecode_bytes(data, _COLOUR_REDUCED[factor] | cv2.IMREAD_IGNORE_ORIENTATION), None
    return halve(finer), DecodedSource(finer, orientation, *stored_size)


def _picture_from_planes(planes: list[np.ndarray]) -> np.ndarray:
    """BGR at half the luma plane's size, from the luma halved and the colour planes
    (already that size in a 4:2:0 JPEG; box-filtered to it otherwise)."""
    luma = halve(planes[0])
    if len(planes) == 1:
        return cv2.cvtColor(luma, cv2.COLOR_GRAY2BGR)
    height, width = luma.shape
    chroma = []
    for plane in planes[1:]:
        if plane.shape[0] >= 2 * height or plane.shape[1] >= 2 * width:
            plane = cv2.resize(plane, (width, height), interpolation=cv2.INTER_AREA)
        elif plane.shape != luma.shape:
            plane = cv2.resize(plane, (width, height), interpolation=cv2.INTER_LINEAR)
        chroma.append(plane)
    return cv2.cvtColor(cv2.merge([luma, chroma[1], chroma[0]]), cv2.COLOR_YCrCb2BGR)


def imdecode_bytes(data: bytes, flags: int) -> np.ndarray:
    """Encoded bytes to a 3-channel image; FrameError when the decoder gives up. libpng
    prints its complaint on stderr, naming no file: it becomes part of the frame's error
    instead (PNGs only: the capture serialises decoding threads, and PNG is rare)."""
    heard: list[str] = []
    try:
        if data[:8] == PNG_SIGNATURE:
            with native_stderr(("libpng",)) as heard:
                image = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
        else:
            image = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    except cv2.error as error:
        raise FrameError(f"corrupt image data: {error.err}") from None
    if image is None:
        said = f" ({heard[0].strip()})" if heard else ""
        raise FrameError(f"corrupt or truncated image data: the decoder gave up{said}")
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    return image


def _fit_long_side(image: np.ndarray, long_side: int | None) -> np.ndarray:
    height, width = image.shape[:2]
    if long_side is None or long_side >= max(height, width):
        return image
    scale = long_side / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def _decode_raw(data: bytes, reduce_to: int | None,
                detail: bool = False) -> tuple[np.ndarray, int, int, CaptureInfo, DetailSource | None]:
    """A camera RAW as stored (not yet upright), its sensor size, capture info and, when
    asked for, its detail: the embedded preview's own (a JPEG read as any other) or the
    demosaic's."""
    import rawpy  # LibRaw loads only when a shoot holds RAW files

    try:
        with rawpy.imread(io.BytesIO(data)) as raw:
            capture = read_capture_info(data)
            orientation = from_libraw_flip(raw.sizes.flip)
            capture = CaptureInfo(**{**capture.__dict__, "orientation": orientation})
            width, height = raw.sizes.width, raw.sizes.height
            image, source = _raw_image(raw, max(width, height), reduce_to, orientation if detail else None)
    except FrameError:
        raise
    except (rawpy.LibRawFileUnsupportedError, rawpy.NotSupportedError):
        raise FrameError(unsupported_raw(data)) from None
    except rawpy.LibRawError as error:
        raise FrameError(f"corrupt or truncated RAW file: {libraw_message(error)}") from None
    return image, width, height, capture, source


def _decode_heif(data: bytes) -> tuple[np.ndarray, int, int, CaptureInfo]:
    """A HEIC/HEIF picture, already upright (libheif applies its rotation and mirror, and
    pillow-heif sets the EXIF orientation to 1 to match), its size and capture info."""
    register_heif_opener()
    try:
        width, height = _header_size(data)
    except FrameError as error:
        if "too large" in str(error):
            raise
        raise FrameError("corrupt or truncated HEIF image: its header cannot be read") from None
    if width * height > MAX_FULL_DECODE_PIXELS:
        raise FrameError(f"image too large: {width} × {height} pixels is over the "
                         f"{MAX_FULL_DECODE_PIXELS // 1_000_000}-megapixel limit for HEIF")
    try:
        with Image.open(io.BytesIO(data)) as picture:
            rgb = np.asarray(picture.convert("RGB"))
    except Exception as error:   # libheif's errors arrive as EOFError, OSError, ValueError...
        raise FrameError(f"corrupt or truncated HEIF image: {error}") from None
    capture = CaptureInfo(**{**read_capture_info(data).__dict__, "orientation": 1})
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), width, height, capture


def register_heif_opener() -> None:
    """Teach Pillow HEIC/HEIF the first time a shoot holds one (libheif loads only then)."""
    global _heif_registered
    if _heif_registered:
        return
    try:
        import pillow_heif
    except ImportError:
        raise FrameError("unsupported format: HEIC/HEIF needs the pillow-heif package, "
                         "which is not installed") from None
    pillow_heif.register_heif_opener()
    _heif_registered = True


def unsupported_raw(data: bytes) -> str:
    """Why LibRaw refused a file as unsupported: bytes that are no RAW at all (damaged or
    misnamed: a tester's random bytes named .CR2 were blamed on "this camera's files"),
    else a camera LibRaw does not know."""
    if not looks_like_raw(data):
        return NOT_A_RAW
    return "unsupported RAW format: LibRaw cannot read this camera's files"


def libraw_message(error: Exception) -> str:
    """LibRaw's message in words: rawpy passes it as bytes; str() would show b'...'."""
    detail = error.args[0] if error.args else error
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    return str(detail)


def _raw_image(raw, sensor_long_side: int, reduce_to: int | None,
               orientation: int | None = None) -> tuple[np.ndarray, DetailSource | None]:
    """The embedded preview when it is big enough for `reduce_to` (None: only a
    full-size one will do), else a demosaic at half size when that is big enough; with
    an `orientation`, also the detail source that goes with it."""
    import rawpy

    try:
        thumb = raw.extract_thumb()
    except (rawpy.LibRawNoThumbnailError, rawpy.LibRawUnsupportedThumbnailError):
        thumb = None
    wanted = sensor_long_side if reduce_to is None else min(reduce_to, RAW_PREVIEW_MIN_LONG_SIDE)
    # The preview is stored the sensor's way round; LibRaw's flip turns it upright.
    if thumb is not None and thumb.format == rawpy.ThumbFormat.JPEG:
        preview_long_side = _jpeg_long_side(thumb.data)
        if preview_long_side >= wanted:
            if orientation is None:
                return _decode_jpeg_scaled(thumb.data, preview_long_side, reduce_to), None
            size = _header_size(thumb.data)
            image, source = _decode_jpeg_with_detail(thumb.data, preview_long_side, reduce_to,
                                                     orientation, size)
            return image, source or _whole(image, orientation, reduce_to)
    if thumb is not None and thumb.format == rawpy.ThumbFormat.BITMAP \
            and max(thumb.data.shape[:2]) >= wanted:
        image = cv2.cvtColor(thumb.data, cv2.COLOR_RGB2BGR)
        return image, _whole(image, orientation, reduce_to)
    half = reduce_to is not None and sensor_long_side / 2 >= reduce_to
    # user_flip=0: keep the sensor's way round, as the preview is; _finish turns it.
    rgb = raw.postprocess(half_size=half, use_camera_wb=True, output_bps=8, user_flip=0)
    image = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
    return image, _whole(image, orientation, reduce_to)


def _whole(image: np.ndarray, orientation: int | None, reduce_to: int | None) -> DecodedSource | None:
    """A RAW's decoded picture as its detail, when asked for and bigger than the working one."""
    if orientation is None or reduce_to is None or max(image.shape[:2]) <= reduce_to:
        return None
    return DecodedSource(image, orientation, image.shape[1], image.shape[0])


def _jpeg_long_side(data: bytes) -> int:
    """The long side an embedded JPEG claims; 0 when its header is unreadable."""
    try:
        return max(_header_size(data))
    except FrameError:
        return 0
