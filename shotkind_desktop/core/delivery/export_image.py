"""Making one delivered JPEG: full-resolution pixels, sRGB, cut and scaled well, with
honest metadata, written so that no half-written file is ever seen.

Analysis and the loupe decode small; a delivery never does. The pixels come from the
original JPEG, TIFF or PNG at full size, or for a RAW from its paired camera JPEG (the
look the photographer saw on the back of the camera) and else from LibRaw's full
demosaic with the camera's white balance. A source tagged with a profile other than sRGB
(Adobe RGB, Display P3) is converted with LittleCMS; every output carries sRGB, because
browsers, LinkedIn and office software assume it. EXIF orientation is applied to the
pixels (so the tag is 1), GPS never leaves, and the photographer's copyright and name
go into both EXIF and XMP, where Lightroom, Bridge and the web's metadata readers look.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import cv2
import numpy as np
from PIL import Image, ImageCms, ImageFilter
from PIL.ExifTags import IFD, Base

from shotkind_desktop.core.files import filetypes
from shotkind_desktop.core.atomic_write import holds, write_atomically
from shotkind_desktop.core.files.capture import CaptureInfo, read_capture_info
from shotkind_desktop.core.files.decoder_warnings import damage_warnings
from shotkind_desktop.core.files.cut_short import picture_damage
from shotkind_desktop.core.files.decode import (FrameError, decode_frame, libraw_message, register_heif_opener,
                                                unsupported_raw)
from shotkind_desktop.core.files.orientation import from_libraw_flip, upright, upright_picture
from shotkind_desktop.core.safe_files import read_file

Box = tuple[float, float, float, float]   # left, top, width, height

DEFAULT_QUALITY = 92
FULL_CHROMA_QUALITY = 90      # from here on colour is kept at full resolution (4:4:4)
REDUCING_GAP = 3.0            # Pillow shrinks by whole factors first, then Lanczos: same look, faster
SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# lcms stamps the profile with the moment it was made (the ICC header's bytes 24-35), so
# every run delivered other bytes for the same picture; a fixed date makes an export's
# files the same each time, which is how a rerun knows the files a killed run wrote
_MADE = SRGB_PROFILE.tobytes()
SRGB_BYTES = _MADE[:24] + struct.pack(">6H", 2000, 1, 1, 0, 0, 0) + _MADE[36:]
# IFD0 keeps only what describes the capture and its author: the rest describes the
# source file's layout (strips, tiles, DNG colour data, sub-IFDs), its thumbnail (the
# uncropped frame) or repeats metadata (XMP, IPTC) that can hold the location
_IFD0_CARRIED = {Base.ImageDescription, Base.Make, Base.Model, Base.XResolution, Base.YResolution,
                 Base.ResolutionUnit, Base.Software, Base.DateTime, Base.Artist, Base.Copyright}
MAX_EXIF_VALUE = 1024       # bytes: a capture field is short; anything longer is a vendor blob
_DEEP_MODES = {"I;16", "I;16B", "I;16L", "I;16N", "I", "F"}


@dataclass
class SourceImage:
    """A frame at full resolution: upright RGB pixels in sRGB."""

    image: Image.Image
    path: Path                      # the file the pixels came from (a RAW's JPEG partner)
    exif: Image.Exif | None         # the capture EXIF as read
    capture: CaptureInfo
    converted_from: str | None      # the source profile's name when it was not sRGB


def load_source(path: Path) -> SourceImage:
    """The full-resolution picture of `path` (a frame's picture: the JPEG of a RAW+JPEG
    pair, as pairing.FrameFiles gives it), upright and in sRGB; FrameError when
    unreadable. HEIC/HEIF (phones, often Display P3) goes through pillow-heif, registered
    as decode does."""
    if filetypes.is_raw(path):
        return _develop_raw(path)
    heif = filetypes.is_heif(path)
    if heif:
        register_heif_opener()   # libheif applies the rotation itself
    data = _read(path)
    cut = picture_damage(path, data)      # Pillow would say "image file is truncated (3 bytes…)"
    if cut:
        raise FrameError(cut)
    try:
        # Big medium-format files are real, not bombs; a damaged tag in the file's own
        # metadata is Pillow's to skip. Damaged picture data stops the export (below): a
        # garbled band is never delivered.
        with warnings.catch_warnings(), damage_warnings() as damage:
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(data)) as opened:
                opened.load()
                image = opened.copy()
    except (OSError, Image.DecompressionBombError, SyntaxError, ValueError) as error:
        if heif or filetypes.is_jpeg(path):
            raise FrameError(f"cannot decode the full-resolution image: {error}") from None
        return _decoded_whole(path)   # TIFF/PNG layouts Pillow lacks: OpenCV reads them
    damage = damage or (_jpeg_damage(data) if filetypes.is_jpeg(path) else [])
    if damage:
        raise FrameError(f"damaged JPEG data: part of the picture is lost or garbled "
                         f"(libjpeg: {damage[0].rstrip('.')})")
    capture = read_capture_info(data)
    exif = image.getexif()
    icc = image.info.get("icc_profile")
    if image.mode in _DEEP_MODES:
        # 16-bit and float TIFFs and PNGs: the shared decoder narrows them to 8 bits, upright
        image = Image.fromarray(np.ascontiguousarray(decode_frame(path, None).image[..., ::-1]))
    elif not heif:
        image = upright_picture(image, capture.orientation)
    image, converted = _to_srgb(image, icc)
    image.info.clear()
    return SourceImage(image, path, exif, capture, converted)


def _jpeg_damage(data: bytes) -> list[str]:
    """libjpeg's damage warnings for this JPEG. Pillow's decoder silences them (a tester's
    damaged card file went to the client with a grey band as an Original and a proof),
    so OpenCV's libjpeg reads the data again at 1/8 scale, where only the entropy-coded
    stream costs much: 77 ms for a 24 MP frame whose full decode for export takes 204."""
    with damage_warnings() as heard:
        cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_REDUCED_GRAYSCALE_8)
    return heard


def render(source: SourceImage, box: Box | None, size: tuple[int, int] | None,
           sharpen: bool = False) -> Image.Image:
    """The crop `box` (None: the whole frame) at `size` (None: the crop's own pixels),
    scaled with Lanczos; light output sharpening when asked and the picture shrank."""
    image = source.image
    if box is None:
        box = (0.0, 0.0, float(image.width), float(image.height))
    left, top, width, height = box
    if size is None:
        size = (max(1, round(width)), max(1, round(height)))
    region = (left, top, left + width, top + height)
    if size == (image.width, image.height) and region == (0, 0, image.width, image.height):
        out = image.copy()
    else:
        out = image.resize(size, Image.Resampling.LANCZOS, box=region, reducing_gap=REDUCING_GAP)
    if sharpen and size[0] < width * 0.95:
        out = out.filter(ImageFilter.UnsharpMask(radius=0.6, percent=60, threshold=2))
    out.info.clear()
    return out


def output_exif(source: Image.Exif | None, keep: bool, size: tuple[int, int],
                copyright: str = "", creator: str = "") -> bytes:
    """EXIF for a delivered file: the capture tags when kept (never GPS, maker notes or
    the source's thumbnail), orientation 1, the pixel size, the colour space sRGB (a
    camera set to Adobe RGB says "uncalibrated"), copyright and artist."""
    fresh = Image.Exif()
    if keep and source is not None:
        for tag, value in source.items():
            if tag in _IFD0_CARRIED:
                fresh[tag] = value
        capture = {tag: value for tag, value in source.get_ifd(IFD.Exif).items()
                   if tag not in (Base.MakerNote, IFD.Interop) and not isinstance(value, dict)
                   and len(repr(value)) <= MAX_EXIF_VALUE}
        capture[Base.ExifImageWidth], capture[Base.ExifImageHeight] = size
        capture[Base.ColorSpace] = 1    # sRGB: what render() delivers, whatever the camera's was
        fresh[IFD.Exif] = capture
    fresh[Base.Orientation] = 1
    if copyright:
        fresh[Base.Copyright] = copyright.encode("utf-8")
    if creator:
        fresh[Base.Artist] = creator.encode("utf-8")
    return fresh.tobytes()


def output_xmp(copyright: str = "", creator: str = "", person: str = "") -> bytes | None:
    """An XMP packet with dc:rights, dc:creator and the person shown (IPTC Extension's
    PersonInImage, which Lightroom, Photo Mechanic and the web's metadata readers show);
    None when there is nothing to say."""
    if not (copyright or creator or person):
        return None
    parts = []
    if copyright:
        parts.append('<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">'
                     f"{escape(copyright)}</rdf:li></rdf:Alt></dc:rights>")
    if creator:
        parts.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(creator)}</rdf:li></rdf:Seq></dc:creator>")
    if person:
        parts.append("<Iptc4xmpExt:PersonInImage><rdf:Bag>"
                     f"<rdf:li>{escape(person)}</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>")
    packet = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
              '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
              '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
              ' xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">'
              + "".join(parts) + "</rdf:Description></rdf:RDF></x:xmpmeta>"
              '<?xpacket end="w"?>')
    return packet.encode("utf-8")


def write_jpeg(image: Image.Image, target: Path, quality: int, exif: bytes,
               xmp: bytes | None, overwrite: bool) -> bool:
    """Encode progressive JPEG with an sRGB profile (4:4:4 at quality >= 90), atomically
    (core.atomic_write). Encoded in memory first: Pillow writes to a file's descriptor
    itself and lets a short write on a full disk pass silently, so only bytes we write
    can be checked. False when the target already holds these very bytes (a killed or
    earlier run of the same export wrote it: the encoding is deterministic), which is
    left as it is; FileExistsError when it holds others and `overwrite` is off."""
    options = {"quality": quality, "progressive": True, "optimize": True,
               "subsampling": 0 if quality >= FULL_CHROMA_QUALITY else 2,
               "icc_profile": SRGB_BYTES, "exif": exif}
    if xmp:
        options["xmp"] = xmp
    encoded = io.BytesIO()
    image.save(encoded, "JPEG", **options)
    data = encoded.getvalue()
    if not overwrite and holds(target, data):
        return False
    write_atomically(target, data, overwrite)
    return True


def _to_srgb(image: Image.Image, icc: bytes | None) -> tuple[Image.Image, str | None]:
    """RGB pixels in sRGB, and the source profile's name when it was converted."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        backdrop = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(backdrop, rgba).convert("RGB")
    elif image.mode == "P" or image.mode == "1":
        image = image.convert("RGB")
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            name = ImageCms.getProfileDescription(profile).strip()
            if "srgb" in name.lower() and image.mode == "RGB":
                return image, None
            converted = ImageCms.profileToProfile(
                image, profile, SRGB_PROFILE, renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                outputMode="RGB", flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
            return converted, name or "unnamed profile"
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass   # a broken or mismatched profile: read the numbers as sRGB, as browsers do
    return (image if image.mode == "RGB" else image.convert("RGB")), None


def _decoded_whole(path: Path) -> SourceImage:
    """The shared decoder at full size (8 bits, upright); its profile is not read."""
    frame = decode_frame(path, None)
    image = Image.fromarray(np.ascontiguousarray(frame.image[..., ::-1]))
    return SourceImage(image, path, None, frame.capture, None)


def _develop_raw(path: Path) -> SourceImage:
    """LibRaw's full-size demosaic: camera white balance, sRGB, 8 bits, upright."""
    import rawpy   # LibRaw loads only when a RAW without a JPEG partner is exported

    data = _read(path)
    cut = picture_damage(path, data)
    if cut:
        raise FrameError(cut)
    try:
        with damage_warnings() as damage, rawpy.imread(io.BytesIO(data)) as raw:
            rgb = raw.postprocess(use_camera_wb=True, output_color=rawpy.ColorSpace.sRGB,
                                  output_bps=8, half_size=False, user_flip=0)
            orientation = from_libraw_flip(raw.sizes.flip)
    except (rawpy.LibRawFileUnsupportedError, rawpy.NotSupportedError):
        raise FrameError(unsupported_raw(data)) from None
    except rawpy.LibRawError as error:      # its message is bytes: in words, not b'...'
        raise FrameError(f"cannot develop the RAW file: {libraw_message(error)}") from None
    except OSError as error:
        raise FrameError(f"cannot develop the RAW file: {error.strerror or error}") from None
    if damage:     # LibRaw's JPEG decoder (lossless DNG data) said part of it is lost
        raise FrameError(f"damaged RAW data: part of the picture is lost or garbled "
                         f"(libjpeg: {damage[0].rstrip('.')})")
    capture = read_capture_info(data)
    image = Image.fromarray(np.ascontiguousarray(upright(rgb, orientation)))
    return SourceImage(image, path, _tiff_exif(data), capture, None)


def _read(path: Path) -> bytes:
    """The source's bytes (a regular file only); FrameError in words when they cannot be had."""
    try:
        return read_file(path)
    except FileNotFoundError:
        raise FrameError("file not found: it was moved or deleted") from None
    except OSError as error:
        raise FrameError(f"cannot read the file: {error.strerror or error}") from None


def _tiff_exif(data: bytes) -> Image.Exif | None:
    """The EXIF of a TIFF-based RAW (DNG, NEF, CR2...), when Pillow can read its header."""
    try:
        exif = Image.Exif()
        exif.load(data)
        return exif
    except Exception:   # noqa: BLE001 - RAW headers are vendor-shaped; no EXIF is fine
        return None
