"""The log file in the data folder: what "details are in the log" points to."""

from __future__ import annotations

import logging

from shotkind_desktop.core.log_file import log_path, start_log_file, stop_log_file
from shotkind_desktop.core.paths import data_dir


def test_warnings_and_tracebacks_go_to_a_rotating_file_in_the_data_folder(shotkind_home):
    handler = start_log_file(max_bytes=4000)
    try:
        assert log_path().parent.parent == data_dir() and data_dir().is_relative_to(shotkind_home)
        log = logging.getLogger("shotkind_desktop.core.somewhere")
        log.info("shoot opened")
        try:
            1 / 0
        except ZeroDivisionError:
            log.exception("analysing frame_0001.jpg")
        handler.flush()
        text = log_path().read_text(encoding="utf-8")
        assert "INFO shotkind_desktop.core.somewhere: shoot opened" in text
        assert "ERROR shotkind_desktop.core.somewhere: analysing frame_0001.jpg" in text
        assert "Traceback" in text and "ZeroDivisionError" in text
        for line in range(200):
            log.warning("line %d of a long session", line)
        rotated = sorted(path.name for path in log_path().parent.iterdir())
        assert rotated == ["shotkind.log", "shotkind.log.1", "shotkind.log.2", "shotkind.log.3"]
        assert log_path().stat().st_size <= 4000
    finally:
        stop_log_file(handler)
