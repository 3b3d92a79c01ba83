"""Delivery presets: the crop ratio and pixel size a client's use asks for.

A corporate client rarely says "a 1:1 crop at 1200 pixels"; they say "for LinkedIn" or
"for the website". Each preset names one such use, so the CLI's `--preset linkedin` and
the export dialog's checkboxes mean the same file. Sizes can be changed per export
(`--preset web-4x5=1080x1350`, or the dialog's size boxes); the ratio cannot, since it
picks the crop guide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from shotkind_desktop.core.judgement.crops import LINKEDIN_FRAMING, RATIOS, FacePlacement


@dataclass(frozen=True)
class Preset:
    """One kind of delivered file. No ratio: the whole frame; no size: the crop's own pixels."""

    name: str
    ratio: str | None          # a key of crops.RATIOS, or None for the uncropped frame
    width: int | None          # output pixels; None keeps the crop's full resolution
    height: int | None
    label: str = ""            # what the dialog shows
    framing: FacePlacement | None = None   # where the face goes, when not the ratio's usual guide

    @property
    def crops(self) -> bool:
        return self.ratio is not None

    @property
    def size_text(self) -> str:
        return f"{self.width} × {self.height}" if self.width else "full resolution"


PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("linkedin", "1:1", 1200, 1200, "LinkedIn profile (1:1)", LINKEDIN_FRAMING),
    Preset("web-4x5", "4:5", 1600, 2000, "Website (4:5)"),
    Preset("print-2x3", "2:3", None, None, "Print (2:3, full resolution)"),
    Preset("banner-16x9", "16:9", 2560, 1440, "Banner (16:9)"),
    Preset("original", None, None, None, "Original (no crop, no resize)"),
)}

_SPEC = re.compile(r"^(?P<name>[a-z0-9x-]+)(?:=(?P<w>\d+)[x×](?P<h>\d+))?$", re.IGNORECASE)
MAX_SIDE = 20000   # no delivery is bigger; a typo (12000x120000) is caught before encoding


def parse_preset(text: str) -> Preset:
    """`NAME` or `NAME=WxH` as a preset; ValueError says what is wrong. A new size must
    keep the preset's ratio (within a pixel), since the crop is cut at that ratio."""
    match = _SPEC.match(text.strip())
    if not match or match["name"].lower() not in PRESETS:
        raise ValueError(f"unknown preset {text!r}: choose from {', '.join(PRESETS)} "
                         "(optionally NAME=WIDTHxHEIGHT)")
    preset = PRESETS[match["name"].lower()]
    if match["w"] is None:
        return preset
    return resized_preset(preset, int(match["w"]), int(match["h"]))


def resized_preset(preset: Preset, width: int, height: int) -> Preset:
    """The preset at another output size; ValueError when it breaks the ratio or is absurd."""
    if preset.ratio is None:
        raise ValueError(f"the {preset.name} preset keeps the frame's own size")
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise ValueError(f"{width}x{height}: each side must be 1 to {MAX_SIDE} pixels")
    ratio_w, ratio_h = RATIOS[preset.ratio]
    if abs(width * ratio_h / ratio_w - height) > 1:
        raise ValueError(f"{width}x{height} is not {preset.ratio} (the {preset.name} crop's ratio)")
    return replace(preset, width=width, height=height)
