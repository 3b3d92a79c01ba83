"""EXIF orientation (1..8): turning pixels upright, and the size of the upright frame."""

import cv2
import numpy as np


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


def upright_size(width: int, height: int, orientation: int) -> tuple[int, int]:
    """Orientations 5-8 turn the frame by a quarter: width and height swap."""
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def from_libraw_flip(flip: int) -> int:
    """LibRaw's `sizes.flip` as an EXIF orientation."""
    return {0: 1, 3: 3, 5: 8, 6: 6}.get(flip, 1)
