"""Handing pixels from workers to the GUI: numpy RGB arrays become QImages (never
QPixmaps, which only the GUI thread may create)."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtGui import QImage


def to_qimage(rgb: np.ndarray) -> QImage:
    """A QImage that owns a copy of an RGB uint8 array's pixels."""
    rgb = np.ascontiguousarray(rgb)
    height, width = rgb.shape[:2]
    image = QImage(rgb.data, width, height, rgb.strides[0], QImage.Format.Format_RGB888)
    return image.copy()   # the array's buffer is freed when the worker returns


def to_screen_qimage(rgb: np.ndarray, device_pixel_ratio: float = 1.0) -> QImage:
    """A QImage of an RGB uint8 array in the format the window is painted in (32-bit
    0xffRRGGBB), for pictures drawn one to one on every repaint: QPainter then copies
    rows instead of converting each pixel on the GUI thread. `device_pixel_ratio` is set
    here, in the worker, because setting it later copies the image."""
    bgra = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2BGRA)   # little-endian 0xAARRGGBB
    height, width = bgra.shape[:2]
    image = QImage(bgra.data, width, height, bgra.strides[0], QImage.Format.Format_RGB32).copy()
    image.setDevicePixelRatio(device_pixel_ratio)
    return image
