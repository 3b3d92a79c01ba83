"""The one list of file types a shoot can hold, so scanning, decoding and export agree."""

from pathlib import Path

JPEG_EXTENSIONS = frozenset({".jpg", ".jpeg", ".jpe"})
PNG_EXTENSIONS = frozenset({".png"})
TIFF_EXTENSIONS = frozenset({".tif", ".tiff"})
RAW_EXTENSIONS = frozenset({
    ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".raf", ".orf",
    ".rw2", ".dng", ".pef", ".srw", ".3fr", ".iiq", ".erf", ".mef", ".mos", ".x3f",
})
IMAGE_EXTENSIONS = JPEG_EXTENSIONS | PNG_EXTENSIONS | TIFF_EXTENSIONS | RAW_EXTENSIONS
SIDECAR_EXTENSIONS = frozenset({".xmp"})


def extension(path: Path) -> str:
    """The lower-case suffix: camera files arrive as IMG_0001.JPG as often as .jpg."""
    return path.suffix.lower()


def is_image(path: Path) -> bool:
    return extension(path) in IMAGE_EXTENSIONS


def is_raw(path: Path) -> bool:
    return extension(path) in RAW_EXTENSIONS


def is_jpeg(path: Path) -> bool:
    return extension(path) in JPEG_EXTENSIONS
