"""The one list of file types a shoot can hold, so scanning, decoding and export agree.

| files | read by |
|---|---|
| JPEG | OpenCV (libjpeg), reduced in the DCT to about the size needed |
| camera RAW (CR2, CR3, NEF, ARW, RAF, ORF, RW2, DNG, ...) | LibRaw (rawpy): embedded preview, else half-size demosaic |
| HEIC/HEIF (phones) | libheif (pillow-heif), whole |
| PNG, TIFF (8 or 16 bits) | OpenCV, whole; 16 bits are scaled to 8 |

Files that look like pictures but cannot be read (UNREADABLE below) are still frames of
the shoot, each with the reason, so the photographer sees them rather than missing them.
"""

from pathlib import Path

JPEG_EXTENSIONS = frozenset({".jpg", ".jpeg", ".jpe"})
PNG_EXTENSIONS = frozenset({".png"})
TIFF_EXTENSIONS = frozenset({".tif", ".tiff"})
HEIF_EXTENSIONS = frozenset({".heic", ".heif", ".hif"})   # .hif: Canon and Fujifilm HEIF
RAW_EXTENSIONS = frozenset({
    ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".raf", ".orf",
    ".rw2", ".dng", ".pef", ".srw", ".3fr", ".iiq", ".erf", ".mef", ".mos", ".x3f",
})
# Pictures ShotKind does not read, with the reason the photographer is shown.
UNREADABLE = {
    ".psd": "Photoshop documents are not read: save a JPEG or TIFF beside it",
    ".psb": "Photoshop documents are not read: save a JPEG or TIFF beside it",
    ".jxl": "JPEG XL is not read yet: save a JPEG or TIFF beside it",
    ".gif": "GIF is not a photo format ShotKind reads",
}
READABLE_EXTENSIONS = JPEG_EXTENSIONS | PNG_EXTENSIONS | TIFF_EXTENSIONS | HEIF_EXTENSIONS | RAW_EXTENSIONS
IMAGE_EXTENSIONS = READABLE_EXTENSIONS | frozenset(UNREADABLE)
SIDECAR_EXTENSIONS = frozenset({".xmp"})


def extension(path: Path) -> str:
    """The lower-case suffix: camera files arrive as IMG_0001.JPG as often as .jpg."""
    return path.suffix.lower()


def is_image(path: Path) -> bool:
    """A picture of the shoot, whether or not ShotKind can read it."""
    return extension(path) in IMAGE_EXTENSIONS


def is_raw(path: Path) -> bool:
    return extension(path) in RAW_EXTENSIONS


def is_jpeg(path: Path) -> bool:
    return extension(path) in JPEG_EXTENSIONS


def is_heif(path: Path) -> bool:
    return extension(path) in HEIF_EXTENSIONS


def unreadable_reason(path: Path) -> str | None:
    """Why a picture of this type cannot be read; None for the types ShotKind reads."""
    return UNREADABLE.get(extension(path))
