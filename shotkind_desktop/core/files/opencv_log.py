"""OpenCV's own log lines are not the photographer's business: those about a file it
cannot read name no file (ShotKind says what went wrong on the frame itself,
files.decode.FrameError), and the detector nets' start-up warnings ("Targets are not
supported by the new graph engine") say nothing about the photos. Every module that
reads pixels or runs a net through OpenCV silences them through here, once per process."""

from __future__ import annotations

import cv2


def silence_opencv_log() -> None:
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)
