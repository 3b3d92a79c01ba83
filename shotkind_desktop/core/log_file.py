"""ShotKind's log file, so that "details are in the log" is true: the app's warnings,
errors and the tracebacks of unexpected exceptions go to `shotkind.log` in the data
folder (`$SHOTKIND_HOME/data/logs` under the override), rotated at 1 MB with three old
files kept, so it never grows without bound. Help ▸ Show Log opens it.

Warnings still reach stderr as before (one line each, as Python prints them without a
handler), so a terminal user of `shotkind` sees what they saw.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from shotkind_desktop.core.paths import data_dir

MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_path() -> Path:
    return data_dir() / "logs" / "shotkind.log"


def start_log_file(max_bytes: int = MAX_BYTES) -> RotatingFileHandler | None:
    """Log ShotKind's INFO and above to the rotating file (and warnings to stderr); the
    handler, or None when the data folder cannot be written (said on stderr, the app
    goes on without a file)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=max_bytes, backupCount=BACKUPS, encoding="utf-8")
    except OSError as error:
        print(f"shotkind: no log file at {path}: {error.strerror or error}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    if not any(isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
               for h in root.handlers):
        terminal = logging.StreamHandler()       # what logging's last resort printed
        terminal.setLevel(logging.WARNING)
        root.addHandler(terminal)
    root.addHandler(handler)
    for name in ("shotkind", "shotkind_desktop"):
        logging.getLogger(name).setLevel(logging.INFO)
    return handler


def stop_log_file(handler: RotatingFileHandler) -> None:
    logging.getLogger().removeHandler(handler)
    handler.close()
