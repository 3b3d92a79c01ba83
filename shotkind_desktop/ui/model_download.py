"""Fetching the official YuNet face-detector weights on request (Preferences ▸ Download
YuNet): ShotKind works offline with its built-in MTCNN, so the download is optional, is
checked against the release's SHA-256 before it is kept, and says plainly when there is
no connection. Plain Python (urllib): the dialog runs it on a thread."""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from shotkind_desktop.core.paths import data_dir


@dataclass(frozen=True)
class ModelRelease:
    """A model file as published: where, its name on disk, its SHA-256 and byte count."""
    url: str
    filename: str
    sha256: str
    size: int


# opencv/opencv_zoo, MIT licence. (The test copy in ../shared/models is a different
# build of YuNet whose hash does not match; the tests serve it with its own hash.)
YUNET_2023MAR = ModelRelease(
    "https://github.com/opencv/opencv_zoo/raw/main/models/face_detection_yunet/"
    "face_detection_yunet_2023mar.onnx",
    "face_detection_yunet_2023mar.onnx",
    "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4",
    232_589)
TIMEOUT_SECONDS = 20
MAX_BYTES = 20_000_000    # a redirect to something else entirely is not read to the end


class DownloadError(Exception):
    """A download that did not give the expected file; the message is for the photographer."""


def models_dir() -> Path:
    return data_dir() / "models"


def download_model(release: ModelRelease = YUNET_2023MAR, folder: Path | None = None,
                   timeout: float = TIMEOUT_SECONDS) -> Path:
    """Download `release` into `folder` (default models_dir()) and return its path. The
    file appears only once its SHA-256 matched; raises DownloadError otherwise."""
    folder = folder or models_dir()
    try:
        with urllib.request.urlopen(release.url, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise DownloadError(f"The server answered “{error.code} {error.reason}” for "
                            f"{release.url}. The file may have moved; download it in a browser "
                            "and choose it with “Choose File…”.") from error
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise DownloadError(f"No connection to {_host(release.url)} ({reason}). ShotKind keeps "
                            "using its built-in detector. When online, try again, or download "
                            f"{release.filename} on another computer and choose it with "
                            "“Choose File…”.") from error
    digest = hashlib.sha256(body).hexdigest()
    if digest != release.sha256:
        raise DownloadError(f"The downloaded file is not the expected {release.filename} "
                            f"(SHA-256 {digest[:12]}…, expected {release.sha256[:12]}…; "
                            f"{len(body):,} bytes). It was not kept.")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / release.filename
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".download-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise DownloadError(f"Could not save the model in {folder}: {error.strerror or error}") from error
    return target


def _host(url: str) -> str:
    return urllib.request.urlparse(url).hostname or url
