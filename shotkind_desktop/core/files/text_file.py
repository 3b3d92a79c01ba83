"""Reading a text file a client or an office sent, in the encoding its program chose.

Lists of chosen frames and sitter rosters arrive as UTF-8 (with or without the
byte-order mark Windows puts first), as UTF-16 with its mark (Notepad's "Unicode",
Excel's "Unicode Text"), or as an old Windows program's ANSI (cp1252). `decode_text`
reads all of those and refuses a file that is not text at all: a tester's random bytes
came back as 103 garbage names, a UTF-16 list as names full of \\x00.
"""

from __future__ import annotations

import codecs

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_TEXT_CONTROLS = set("\t\n\r\f\v")


def decode_text(data: bytes, save_as: str = "the list as text (UTF-8)") -> str:
    """The text of the file; ValueError, in plain words ending with what to `save_as`,
    for bytes that are not text."""
    not_text = f"it is not a text file (it holds binary data); save {save_as} and try again"
    data = data.rstrip(b"\x1a")     # the end-of-file mark old DOS programs still write
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _text_only(data.decode(encoding), not_text)
            except UnicodeDecodeError:
                raise ValueError("it is not a text file: it starts as text would, "
                                 "but what follows cannot be read as letters") from None
    if b"\x00" in data:
        raise ValueError(not_text)
    try:
        return _text_only(data.decode("utf-8"), not_text)
    except UnicodeDecodeError:
        # the five bytes cp1252 leaves undefined become U+FFFD rather than refuse the file
        return _text_only(data.decode("cp1252", errors="replace"), not_text)


def _text_only(text: str, not_text: str) -> str:
    """`text`, unless it holds control characters no text file of names does (a binary
    file that happened to decode)."""
    if any(ord(c) < 32 and c not in _TEXT_CONTROLS or c == "\x7f" for c in text):
        raise ValueError(not_text)
    return text
