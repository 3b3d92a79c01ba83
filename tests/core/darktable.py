"""What darktable leaves in a shoot's folder, for the tests of how ShotKind reads it."""

from __future__ import annotations

from pathlib import Path


def darktable_imports(picture: Path, rating: int = 1) -> Path:
    """The sidecar darktable writes beside a picture when it imports its folder: its
    default stars, no label, an empty history. It reads IMG_0001.JPG.xmp only, so it
    never saw ShotKind's IMG_0001.xmp."""
    sidecar = picture.with_name(picture.name + ".xmp")
    sidecar.write_text(f'''<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:darktable="http://darktable.sf.net/"
   xmp:Rating="{rating}" xmpMM:DerivedFrom="{picture.name}" darktable:xmp_version="5"
   darktable:history_end="0" darktable:iop_order_version="4">
   <darktable:history><rdf:Seq/></darktable:history>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
''', encoding="utf-8")
    return sidecar
