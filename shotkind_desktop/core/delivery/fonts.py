"""The font ShotKind draws words into pictures with (a contact sheet's names, a proof's
watermark): DejaVu Sans where it is installed, which has every accent, dash and sign a
client's or photographer's name holds ("© Jo Lens – proof"), else a common system
font, else Pillow's own, which has only ASCII."""

from __future__ import annotations

from PIL import ImageFont

FONTS = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         "/Library/Fonts/Arial Unicode.ttf", "arial.ttf")


def text_font(size: int):
    """The font at `size` pixels."""
    for candidate in FONTS:
        try:
            return ImageFont.truetype(candidate, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)
