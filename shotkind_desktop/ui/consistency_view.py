"""The consistency view of a headshot day: who stands out from the team, in numbers to
act on, and every sitter's chosen frame lined up side by side at the same delivery crop,
so the page the client will build can be seen before it is built. The figures are
core.people.consistency's; the tiles are cut from the thumbnails already in memory (a
line-up of forty small heads needs no decoding), and the view follows the window: a new
pick or an adjusted crop guide changes the figures at once."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import (QComboBox, QDialog, QGridLayout, QHBoxLayout, QLabel, QScrollArea,
                               QSplitter, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from shotkind_desktop.core.people.consistency import Difference, TeamLook, team_look
from shotkind_desktop.core.judgement.crops import LINKEDIN_FRAMING, RATIOS, FacePlacement
from shotkind_desktop.core.decisions.sitter_book import best_frames
from shotkind_desktop.core.words import counted

TILE = 150                                # px: the long side of a tile in the line-up
WARNING_COLOUR = QColor("#e0a030")
# The crops to compare at: each delivery ratio, and LinkedIn's square with its framing.
CROPS: dict[str, tuple[str, FacePlacement | None]] = {
    "LinkedIn (1:1)": ("1:1", LINKEDIN_FRAMING), **{ratio: (ratio, None) for ratio in RATIOS}}


class ConsistencyView(QDialog):
    """The team's look, for the window `window` (its sitters, model and workspace).

    Signals:
        frame_chosen(str): the photographer double-clicked a sitter's row or tile: go there.
    """

    frame_chosen = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Consistency — one look for the team")
        self.resize(1100, 640)
        self.window_ = window
        self.crop = QComboBox()
        self.crop.addItems(list(CROPS))
        self.summary = QLabel()
        self.summary.setObjectName("consistencySummary")
        self.summary.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(("Sitter", "Frame", "Differs from the team"))
        self.list.setRootIsDecorated(False)
        self.list.setColumnWidth(0, 170)
        self.list.setColumnWidth(1, 110)
        self.tiles = QWidget()
        self.tile_grid = QGridLayout(self.tiles)
        self.tile_grid.setSpacing(10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.tiles)
        top = QHBoxLayout()
        top.addWidget(QLabel("Compare at"))
        top.addWidget(self.crop)
        top.addWidget(self.summary, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(scroll)
        split.setSizes([220, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.look: TeamLook | None = None
        self._soon = QTimer(self, singleShot=True, interval=200, timeout=self.refresh)
        self.crop.currentIndexChanged.connect(self.refresh)
        self.list.itemDoubleClicked.connect(
            lambda item, column: self.frame_chosen.emit(item.data(0, Qt.ItemDataRole.UserRole)))
        # decisions, results and thumbnails arrive in bursts: look again once they settle
        window.model.dataChanged.connect(self._later)
        window.workspace.guide_adjusted.connect(lambda *args: self.refresh())
        window.sitters.work.sitters_changed.connect(self._later)
        self.refresh()

    def _later(self, *args) -> None:
        if self.isVisible():
            self._soon.start()

    def refresh(self) -> None:
        window = self.window_
        frames = window.model.frames()
        results = {f.name: f.result for f in frames if f.result is not None}
        decisions = {f.name: f.decision for f in frames}
        sitters = window.sitters.sitters
        ratio, framing = CROPS[self.crop.currentText()]
        chosen = best_frames(sitters, decisions, results)
        self.look = team_look(sitters, chosen, results, ratio, framing, window.workspace.adjustments)
        self._show_list(self.look)
        self._show_tiles(self.look)

    def _show_list(self, look: TeamLook) -> None:
        self.list.clear()
        outliers = look.outliers
        for difference in outliers + [d for d in look.differences if not d.notes]:
            item = QTreeWidgetItem([difference.look.sitter.label, difference.look.frame,
                                    "; ".join(difference.notes) or "in line with the team"])
            item.setData(0, Qt.ItemDataRole.UserRole, difference.look.frame)
            if difference.notes:
                item.setForeground(2, WARNING_COLOUR)
            self.list.addTopLevelItem(item)
        count = len(look.differences)
        self.summary.setText(
            "No sitter has a frame to compare yet" if not count else
            f"{counted(count, 'sitter')}: fewer than three make no team to compare with" if count < 3 else
            f"{len(outliers)} of {count} sitters differ from the team at {look.ratio}"
            if outliers else f"All {count} sitters look like one team at {look.ratio}")

    def _show_tiles(self, look: TeamLook) -> None:
        while self.tile_grid.count():
            widget = self.tile_grid.takeAt(0).widget()
            widget.deleteLater()
        columns = max(1, (self.width() - 40) // (TILE + 10))
        for i, difference in enumerate(look.differences):
            tile = _Tile(difference, self.window_.model.thumbnail(difference.look.frame),
                         self.window_.model.frame(difference.look.frame).result)
            tile.clicked.connect(self.frame_chosen)
            self.tile_grid.addWidget(tile, i // columns, i % columns)
        self.tile_grid.setRowStretch(self.tile_grid.rowCount(), 1)
        self.tile_grid.setColumnStretch(columns, 1)


class _Tile(QWidget):
    """One sitter's chosen frame at the delivery crop, with their name under it.

    Signals: clicked(str): the frame's name, on a double click."""

    clicked = Signal(str)

    def __init__(self, difference: Difference, thumbnail: QImage | None, result) -> None:
        super().__init__()
        self.difference = difference
        look = difference.look
        ratio_w, ratio_h = RATIOS[_ratio_of(look)]
        scale = TILE / max(ratio_w, ratio_h)
        self.cut_size = (round(ratio_w * scale), round(ratio_h * scale))
        self.image = _cut(thumbnail, look.crop, result.width if result else None, self.cut_size)
        self.setFixedSize(self.cut_size[0] + 8, self.cut_size[1] + 40)
        self.setToolTip("\n".join((f"{look.sitter.label} — {look.frame}", *difference.notes)))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = QRectF(4, 4, *self.cut_size)
        if self.image is not None:
            painter.drawImage(target, self.image)
        else:
            painter.fillRect(target, QColor("#333"))
        if self.difference.notes:
            painter.setPen(QPen(WARNING_COLOUR, 3))
            painter.drawRect(target.adjusted(-1.5, -1.5, 1.5, 1.5))
        painter.setPen(self.palette().text().color())
        text = QRectF(0, target.bottom() + 4, self.width(), 32)
        name = painter.fontMetrics().elidedText(self.difference.look.sitter.label,
                                                Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(text, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, name)

    def mouseDoubleClickEvent(self, event) -> None:
        self.clicked.emit(self.difference.look.frame)


def _ratio_of(look) -> str:
    if look.crop is None:
        return "1:1"
    _, _, w, h = look.crop
    return min(RATIOS, key=lambda r: abs(RATIOS[r][0] / RATIOS[r][1] - w / h))


def _cut(thumbnail: QImage | None, crop, width: int | None, size: tuple[int, int]) -> QImage | None:
    """The crop (full-resolution pixels) cut from the thumbnail and scaled to `size`."""
    if thumbnail is None or thumbnail.isNull() or crop is None or not width:
        return None
    factor = thumbnail.width() / width
    x, y, w, h = (round(v * factor) for v in crop)
    return thumbnail.copy(x, y, max(1, w), max(1, h)).scaled(
        *size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
