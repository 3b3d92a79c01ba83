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


def clipped_texts(widget) -> list[str]:
    """The texts of visible labels and buttons inside `widget` that their space cuts: a
    label narrower or shorter than its text needs (at its width, when it wraps), a
    button narrower than its text and icon. Empty when every word shows whole."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    clipped = []
    for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if not child.isVisibleTo(widget) or not child.text() or child.width() <= 0:
            continue
        hint = child.sizeHint()
        if isinstance(child, QLabel) and child.wordWrap():
            too_small = child.height() < child.heightForWidth(child.width())
        elif isinstance(child, QLabel):
            too_small = child.width() < hint.width() or child.height() < hint.height()
        else:
            too_small = child.width() < hint.width() or child.height() < hint.height()
        if too_small:
            clipped.append(f"{type(child).__name__} {child.text()!r}: {child.width()}×{child.height()}, "
                           f"needs {hint.width()}×{hint.height()}")
    return clipped


def clipped_choices(widget) -> list[str]:
    """The choices of visible combo boxes inside `widget` that the closed box would cut
    (wider than the field the box draws its current choice in). Empty when every choice
    reads whole."""
    from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox

    clipped = []
    for box in widget.findChildren(QComboBox):
        if not box.isVisibleTo(widget):
            continue
        option = QStyleOptionComboBox()
        box.initStyleOption(option)
        field = box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, box)
        for row in range(box.count()):
            text = box.itemText(row)
            if box.fontMetrics().horizontalAdvance(text) > field.width():
                clipped.append(f"{text!r}: {field.width()} px, needs {box.fontMetrics().horizontalAdvance(text)}")
    return clipped
