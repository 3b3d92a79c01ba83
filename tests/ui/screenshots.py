"""Saving a widget's picture for a look (and, with SHOTKIND_SCREENSHOTS=DIR, a copy for
the README)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtGui import QImage


def save_screenshot(widget, folder: Path, name: str) -> QImage:
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path))
    if keep := os.environ.get("SHOTKIND_SCREENSHOTS"):
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return QImage(str(path))


def grey_fraction(image: QImage, tolerance: int = 10) -> float:
    """The share of sampled pixels whose red, green and blue are within `tolerance`:
    the chrome around photos must stay neutral."""
    samples = grey = 0
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            colour = image.pixelColor(x, y)
            samples += 1
            channels = (colour.red(), colour.green(), colour.blue())
            grey += max(channels) - min(channels) <= tolerance
    return grey / samples
