"""An exception in words a photographer can read: what the system said and which file,
never Python's `[Errno 13]` or a class name. Every message built from an unexpected
error on its way to the screen goes through here; the log keeps the full traceback."""

from __future__ import annotations

from pathlib import Path


def plain(error: BaseException) -> str:
    """`PermissionError(13, 'Permission denied', '/shoots/a/IMG_0001.jpg')` ->
    "permission denied: IMG_0001.jpg"; another exception's own message, or its kind
    in words when it has none."""
    if isinstance(error, OSError) and error.strerror:
        name = Path(str(error.filename)).name if error.filename else ""
        reason = error.strerror[:1].lower() + error.strerror[1:]
        return f"{reason}: {name}" if name else reason
    text = str(error)
    if text:
        return text
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in type(error).__name__).strip()
    return words.removesuffix(" error") + " error"
