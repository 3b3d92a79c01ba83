"""EXIF orientation (1..8): turning pixels upright, the size of the upright frame, and
boxes between the upright picture and the pixels as stored. The orientation is the
frame's own (`CaptureInfo.orientation`, EXIF only): the loupe, analysis and export all
turn by it, so a crop placed on one picture fits the others."""

import cv2
import numpy as np
from PIL import Image

_PILLOW_TURNS = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
                 4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
                 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
                 8: Image.Transpose.ROTATE_90}


def upright(image: np.ndarray, orientation: int) -> np.ndarray:
    """Apply an EXIF orientation so the array shows the scene as the photographer saw it."""
    if orientation == 2:
        return cv2.flip(image, 1)
    if orientation == 3:
        return cv2.rotate(image, cv2.ROTATE_180)
    if orientation == 4:
        return cv2.flip(image, 0)
    if orientation == 5:
        return cv2.transpose(image)
    if orientation == 6:
        return cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
    if orientation == 7:
        return cv2.rotate(cv2.transpose(image), cv2.ROTATE_180)
    if orientation == 8:
        return cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return image


def upright_picture(image: Image.Image, orientation: int) -> Image.Image:
    """`upright` for a Pillow picture (the export's full-resolution pixels). Not
    ImageOps.exif_transpose: it also obeys an XMP tiff:Orientation that decoding ignores,
    and the crop would then be cut from a picture turned another way."""
    turn = _PILLOW_TURNS.get(orientation)
    return image.transpose(turn) if turn is not None else image


def upright_size(width: int, height: int, orientation: int) -> tuple[int, int]:
    """Orientations 5-8 turn the frame by a quarter: width and height swap."""
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def from_libraw_flip(flip: int) -> int:
    """LibRaw's `sizes.flip` as an EXIF orientation."""
    return {0: 1, 3: 3, 5: 8, 6: 6}.get(flip, 1)


def stored_box(box: tuple[float, float, float, float], orientation: int,
               width: int, height: int) -> tuple[float, float, float, float]:
    """An upright (x, y, w, h) box as (x0, y0, x1, y1) in the pixels as stored
    (`width` × `height`)."""
    x, y, w, h = box
    corners = [_to_stored(u, v, orientation, width, height) for u, v in ((x, y), (x + w, y + h))]
    (ax, ay), (bx, by) = corners
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def upright_box(stored: tuple[int, int, int, int], orientation: int,
                width: int, height: int) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) in the pixels as stored, as an upright (x0, y0, x1, y1) box."""
    x0, y0, x1, y1 = stored
    (ax, ay), (bx, by) = (_to_upright(x, y, orientation, width, height) for x, y in ((x0, y0), (x1, y1)))
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _to_upright(x: float, y: float, orientation: int, w: int, h: int) -> tuple[float, float]:
    """A point of the stored picture in the upright one (continuous coordinates), as
    orientation.upright turns the pixels."""
    return {1: (x, y), 2: (w - x, y), 3: (w - x, h - y), 4: (x, h - y), 5: (y, x),
            6: (h - y, x), 7: (h - y, w - x), 8: (y, w - x)}.get(orientation, (x, y))


def _to_stored(u: float, v: float, orientation: int, w: int, h: int) -> tuple[float, float]:
    return {1: (u, v), 2: (w - u, v), 3: (w - u, h - v), 4: (u, h - v), 5: (v, u),
            6: (v, h - u), 7: (w - v, h - u), 8: (w - v, u)}.get(orientation, (u, v))
