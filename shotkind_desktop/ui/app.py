"""Starting the GUI: one QApplication with the grey theme and the app icon, the main
window, and a dialog for any exception nothing else handled (logged, never swallowed)."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from shotkind_desktop import __version__
from shotkind_desktop.core.decisions.catalog import CatalogBusy, CatalogFull
from shotkind_desktop.core.log_file import start_log_file
from shotkind_desktop.resources import resource_path
from shotkind_desktop.ui.main_window import MainWindow
from shotkind_desktop.ui.theme import apply_theme

USAGE_ERROR = 2
# Quits after this many milliseconds: the packaging test starts the built app headless and
# needs it to end by itself once the window and the shoot are up.
QUIT_AFTER_VARIABLE = "SHOTKIND_QUIT_AFTER_MS"
log = logging.getLogger("shotkind")


def run_app(folder: Path | None = None, live: bool = False) -> int:
    """Show the main window, on `folder` when given (`live`: a live session on it);
    returns the exit code."""
    if folder is not None and not folder.is_dir():
        print(f"shotkind: not a folder: {folder}", file=sys.stderr)
        return USAGE_ERROR
    start_log_file()
    log.info("ShotKind %s starting", __version__)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ShotKind")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("io.github.shotkind.ShotKind")   # Wayland matches the .desktop entry
    app.setWindowIcon(QIcon(str(resource_path("shotkind.svg"))))
    apply_theme(app)
    sys.excepthook = _report_unhandled
    window = MainWindow()
    window.show()
    if folder is not None:
        opened = window.open_live(folder) if live else window.open_shoot(folder)
        log.info("shoot %s %s", folder, "opened" if opened else "not opened")
    if os.environ.get(QUIT_AFTER_VARIABLE, "").isdigit():
        QTimer.singleShot(int(os.environ[QUIT_AFTER_VARIABLE]), window.close)
        QTimer.singleShot(int(os.environ[QUIT_AFTER_VARIABLE]), app.quit)
        print(f"shotkind: window up, {window.model.rowCount()} frames", file=sys.stderr)
    return app.exec()


def _report_unhandled(kind, error, trace) -> None:
    if isinstance(error, CatalogBusy):
        # a step gave up on a catalog another program held (a sync or backup tool), or on
        # its full disk: the steps that must finish catch it themselves (decisions wait,
        # arrivals are taken again); what is left is said plainly, the trace in the log
        log.warning("a step gave up on the catalog", exc_info=(kind, error, trace))
        what = "make room on it" if isinstance(error, CatalogFull) else "try again in a moment"
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow):
                window.say_once(f"Not done: {error.reason}; {what}")
        return
    log.error("unhandled exception", exc_info=(kind, error, trace))
    QMessageBox.critical(None, "ShotKind: unexpected error",
                         "Something went wrong; details are in the log (Help ▸ Show Log).\n\n"
                         + "".join(traceback.format_exception_only(kind, error)).strip())
