"""The installed PySide6 keeps Python's reference counts straight: PySide6 6.12.0 drops a
reference to None on every void C++ call, which aborts a long session on Python 3.11."""

import sys

from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter, QPainterPath


def test_void_calls_do_not_drop_references_to_none():
    path = QPainterPath()
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(200):
        path.lineTo(QPointF(1, 1))
        painter.drawLine(QPointF(0, 0), QPointF(1, 1))
    after = sys.getrefcount(None)
    painter.end()
    assert after >= before - 10, f"None lost {before - after} references in 400 calls"
