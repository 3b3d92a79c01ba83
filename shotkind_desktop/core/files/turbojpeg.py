"""A JPEG's Y, Cb and Cr planes at a reduced scale, straight from libjpeg-turbo's
TurboJPEG library (Debian's libturbojpeg0), through ctypes.

Analysis wants the frame at its working size in colour and, for focus on the eyes, the
luma at twice that size. OpenCV can only give one size per decode, and every decode
reads the whole Huffman stream again (most of its cost). TurboJPEG decodes to the
planes as stored: luma at 1/2 and, in a 4:2:0 file, the colour planes at 1/4 already,
with no upsampling and no colour conversion. The working picture is then the luma
halved and joined to the colour planes, so one pass gives both, for about what
OpenCV's 1/4 decode alone costs (benchmarks/README.md).

Without the library (another system, a packaged app) `planes` returns None and the
decoder takes OpenCV's way.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading

import numpy as np

GRAY = 3                    # TJSAMP_GRAY: one plane
_lock = threading.Lock()
_library: ctypes.CDLL | None = None
_loaded = False
_local = threading.local()  # a TurboJPEG handle is not to be shared between threads


class TurboJpegWarning(Exception):
    """libjpeg decoded the data but said it was damaged (its message is the text)."""


def available() -> bool:
    return _load() is not None


def planes(data: bytes, reduction: int) -> list[np.ndarray] | None:
    """The Y (and Cb, Cr) planes of a JPEG decoded at 1/`reduction` (1, 2, 4, 8), as
    stored (no EXIF orientation); None without the library or for a JPEG TurboJPEG cannot
    give as planes (CMYK, lossless). TurboJpegWarning when libjpeg calls the data damaged."""
    library = _load()
    if library is None:
        return None
    handle = _handle(library)
    width, height, subsampling, colourspace = (ctypes.c_int() for _ in range(4))
    if library.tjDecompressHeader3(handle, data, len(data), ctypes.byref(width), ctypes.byref(height),
                                   ctypes.byref(subsampling), ctypes.byref(colourspace)):
        return None
    if subsampling.value < 0 or colourspace.value > 2:      # unknown sampling, CMYK or YCCK
        return None
    scaled_width = -(-width.value // reduction)
    scaled_height = -(-height.value // reduction)
    count = 1 if subsampling.value == GRAY else 3
    arrays = [np.empty((library.tjPlaneHeight(i, scaled_height, subsampling.value),
                        library.tjPlaneWidth(i, scaled_width, subsampling.value)), np.uint8)
              for i in range(count)]
    pointers = (ctypes.c_void_p * 3)(*[a.ctypes.data for a in arrays], *([None] * (3 - count)))
    strides = (ctypes.c_int * 3)(*[a.shape[1] for a in arrays], *([0] * (3 - count)))
    if library.tjDecompressToYUVPlanes(handle, data, len(data), pointers, scaled_width, strides,
                                       scaled_height, 0):
        message = library.tjGetErrorStr2(handle).decode("utf-8", "replace")
        if library.tjGetErrorCode(handle) == 0:     # TJERR_WARNING: decoded, but damaged
            raise TurboJpegWarning(message)
        return None
    return arrays


def _load() -> ctypes.CDLL | None:
    global _library, _loaded
    with _lock:
        if not _loaded:
            _loaded = True
            name = ctypes.util.find_library("turbojpeg") or "libturbojpeg.so.0"
            try:
                library = ctypes.CDLL(name)
                _declare(library)
                _library = library
            except (OSError, AttributeError):
                _library = None
    return _library


def _declare(library: ctypes.CDLL) -> None:
    pointer, integer = ctypes.c_void_p, ctypes.c_int
    library.tjInitDecompress.restype = pointer
    library.tjDecompressHeader3.argtypes = [pointer, ctypes.c_char_p, ctypes.c_ulong] + [ctypes.POINTER(integer)] * 4
    library.tjDecompressToYUVPlanes.argtypes = [pointer, ctypes.c_char_p, ctypes.c_ulong,
                                                ctypes.POINTER(pointer), integer,
                                                ctypes.POINTER(integer), integer, integer]
    library.tjPlaneWidth.argtypes = library.tjPlaneHeight.argtypes = [integer] * 3
    library.tjGetErrorStr2.restype = ctypes.c_char_p
    library.tjGetErrorStr2.argtypes = [pointer]
    library.tjGetErrorCode.argtypes = [pointer]


def _handle(library: ctypes.CDLL) -> int:
    handle = getattr(_local, "handle", None)
    if handle is None:
        handle = _local.handle = library.tjInitDecompress()
    return handle
