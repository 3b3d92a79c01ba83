"""XMP sidecars on copies of real photos, read back with exiftool: what ShotKind writes,
what it keeps of other applications' sidecars, atomic writes, both sidecar names, and
hostile or broken files."""

from __future__ import annotations

import difflib
import json
import logging
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions import xmp
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, UNFLAGGED, Decision, set_flag
from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.decisions.xmp import read_sidecar, write_sidecar

EXIFTOOL = shutil.which("exiftool")
pytestmark = pytest.mark.skipif(EXIFTOOL is None, reason="exiftool is needed to read sidecars back")

# What Lightroom Classic writes beside a raw file (attributes, develop settings, keywords,
# history), inside the xpacket wrapper with its padding.
LIGHTROOM_BEGIN = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
LIGHTROOM_END = "\n" + " " * 200 + "\n<?xpacket end=\"w\"?>"
LIGHTROOM = LIGHTROOM_BEGIN + """<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0-c000 1.000000, 0000/00/00-00:00:00        ">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:tiff="http://ns.adobe.com/tiff/1.0/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
    xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"
   xmp:ModifyDate="2024-03-02T10:11:12+01:00"
   xmp:CreatorTool="Adobe Photoshop Lightroom Classic 13.2 (Macintosh)"
   xmp:Rating="2"
   xmp:MetadataDate="2024-03-02T10:11:12+01:00"
   tiff:Make="Canon"
   tiff:Model="Canon EOS 6D"
   exif:ExposureTime="1/125"
   exif:FNumber="28/10"
   photoshop:DateCreated="2024-03-02T09:00:01.52"
   xmpMM:DocumentID="xmp.did:8c3a4c1e-4e7b-4f8e-9a57-0b0f7ad2a001"
   xmpMM:InstanceID="xmp.iid:8c3a4c1e-4e7b-4f8e-9a57-0b0f7ad2a001"
   crs:Version="16.2"
   crs:ProcessVersion="15.4"
   crs:WhiteBalance="As Shot"
   crs:Temperature="5350"
   crs:Tint="+8"
   crs:Exposure2012="+0.35"
   crs:Contrast2012="-12"
   crs:Highlights2012="-40"
   crs:Shadows2012="+25"
   crs:Texture="-15"
   crs:Clarity2012="-10"
   crs:CropTop="0.052"
   crs:CropLeft="0.1"
   crs:CropBottom="0.948"
   crs:CropRight="0.9"
   crs:HasCrop="True"
   crs:HasSettings="True">
   <xmpMM:History>
    <rdf:Seq>
     <rdf:li
      stEvt:action="saved"
      stEvt:instanceID="xmp.iid:8c3a4c1e-4e7b-4f8e-9a57-0b0f7ad2a001"
      stEvt:when="2024-03-02T10:11:12+01:00"
      stEvt:softwareAgent="Adobe Photoshop Lightroom Classic 13.2 (Macintosh)"
      stEvt:changed="/metadata"/>
    </rdf:Seq>
   </xmpMM:History>
   <dc:subject>
    <rdf:Bag>
     <rdf:li>ACME corp</rdf:li>
     <rdf:li>headshot</rdf:li>
     <rdf:li>grey backdrop</rdf:li>
    </rdf:Bag>
   </dc:subject>
   <lr:hierarchicalSubject>
    <rdf:Bag>
     <rdf:li>Clients|ACME corp</rdf:li>
    </rdf:Bag>
   </lr:hierarchicalSubject>
   <crs:ToneCurvePV2012>
    <rdf:Seq>
     <rdf:li>0, 0</rdf:li>
     <rdf:li>255, 255</rdf:li>
    </rdf:Seq>
   </crs:ToneCurvePV2012>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>""" + LIGHTROOM_END  # noqa: E501 (Lightroom's own bytes)

# What darktable writes as IMG_0001.jpg.xmp: its history as elements, labels as a Seq.
DARKTABLE = """<?xml version="1.0" encoding="UTF-8"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:darktable="http://darktable.sf.net/"
   exif:DateTimeOriginal="2024:03:02 09:00:01.520"
   xmp:Rating="1"
   xmpMM:DerivedFrom="IMG_0001.jpg"
   darktable:import_timestamp="63845000000000000"
   darktable:change_timestamp="63845000100000000"
   darktable:export_timestamp="-1"
   darktable:print_timestamp="-1"
   darktable:xmp_version="5"
   darktable:raw_params="0"
   darktable:auto_presets_applied="1"
   darktable:history_end="2"
   darktable:iop_order_version="4">
   <darktable:colorlabels>
    <rdf:Seq>
     <rdf:li>0</rdf:li>
    </rdf:Seq>
   </darktable:colorlabels>
   <darktable:masks_history>
    <rdf:Seq/>
   </darktable:masks_history>
   <darktable:history>
    <rdf:Seq>
     <rdf:li
      darktable:num="0"
      darktable:operation="exposure"
      darktable:enabled="1"
      darktable:modversion="6"
      darktable:params="00000000cdcc4c3e0000803fcdcccc3e"
      darktable:multi_name=""
      darktable:multi_priority="0"
      darktable:blendop_version="13"
      darktable:blendop_params="gz11eJxjYGBgYAFiCQYYOOHEgAZY0QVwggZ7CB6pfoAHgAQAvQ8LsA=="/>
     <rdf:li
      darktable:num="1"
      darktable:operation="colorbalancergb"
      darktable:enabled="1"
      darktable:modversion="5"
      darktable:params="000000000000000000000000"
      darktable:multi_name=""
      darktable:multi_priority="0"
      darktable:blendop_version="13"
      darktable:blendop_params="gz11eJxjYGBgYAFiCQYYOOHEgAZY0QVwggZ7CB6pfoAHgAQAvQ8LsA=="/>
    </rdf:Seq>
   </darktable:history>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
"""

CHANGED_BY_SHOTKIND = {"Rating", "Label", "MetadataDate", "Pick", "Good", "PickLabel",
                       "ColorLabel", "Tagged", "Colorlabels"}


def exiftool(path: Path) -> dict:
    """Every XMP tag exiftool reads in `path`, by group:name, with numeric values."""
    run = subprocess.run([EXIFTOOL, "-j", "-n", "-a", "-G1", "-XMP:all", str(path)],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)[0]


def unchanged_by_shotkind(tags: dict) -> dict:
    return {k: v for k, v in tags.items()
            if k != "SourceFile" and k.split(":")[-1] not in CHANGED_BY_SHOTKIND
            and not k.startswith("XMP-shotkind:")}


@pytest.fixture
def frame(tmp_path, shared_dir) -> Path:
    """A copy of a real headshot, as a camera would name it."""
    path = tmp_path / "IMG_0001.jpg"
    shutil.copy(shared_dir / "photos" / "df_img11.jpg", path)
    return path


@pytest.fixture
def raw_frame(tmp_path, shared_dir) -> Path:
    path = tmp_path / "IMG_0002.dng"
    shutil.copy(shared_dir / "raw" / "canon_eos_6d.dng", path)
    return path


# ---- what ShotKind writes ----------------------------------------------------------------

def test_sidecar_names_replace_or_keep_the_extension(raw_frame):
    assert FrameFiles(raw_frame).sidecars() == (raw_frame.parent / "IMG_0002.xmp",
                                                raw_frame.parent / "IMG_0002.dng.xmp")


def test_a_new_sidecar_carries_every_application_s_properties(frame, shared_dir):
    written = write_sidecar(frame, Decision(PICK, 4, "Green"))
    assert written == frame.parent / "IMG_0001.xmp"
    tags = exiftool(written)
    assert tags["XMP-xmp:Rating"] == 4
    assert tags["XMP-xmp:Label"] == "Green"
    assert tags["XMP-digiKam:PickLabel"] == 3
    assert tags["XMP-digiKam:ColorLabel"] == 4
    assert tags["XMP-xmpDM:Pick"] == 1
    assert tags["XMP-xmpDM:Good"] is True
    assert tags["XMP-photomech:Tagged"] is True
    assert tags["XMP-shotkind:Pick"] == 1 and tags["XMP-shotkind:Rating"] == 4
    assert frame.read_bytes() == (shared_dir / "photos" / "df_img11.jpg").read_bytes()   # original untouched
    assert read_sidecar(frame).decision == Decision(PICK, 4, "Green")


def test_keep_extension_writes_the_darktable_name(frame):
    written = write_sidecar(frame, Decision(UNFLAGGED, 2), keep_extension=True)
    assert written == frame.parent / "IMG_0001.jpg.xmp"
    assert not (frame.parent / "IMG_0001.xmp").exists()
    assert exiftool(written)["XMP-xmp:Rating"] == 2


def test_reject_is_rating_minus_one_and_unreject_restores_the_stars(frame):
    write_sidecar(frame, Decision(PICK, 3, "Red"))
    rejected = set_flag(read_sidecar(frame).decision, REJECT)
    path = write_sidecar(frame, rejected)
    tags = exiftool(path)
    assert tags["XMP-xmp:Rating"] == -1
    assert tags["XMP-digiKam:PickLabel"] == 1
    assert tags["XMP-xmpDM:Pick"] == -1 and tags["XMP-xmpDM:Good"] is False
    assert tags["XMP-photomech:Tagged"] is False
    assert tags["XMP-shotkind:Rating"] == 3
    read = read_sidecar(frame).decision
    assert read == Decision(REJECT, 3, "Red")
    write_sidecar(frame, set_flag(read, UNFLAGGED))
    tags = exiftool(path)
    assert tags["XMP-xmp:Rating"] == 3
    assert tags["XMP-digiKam:PickLabel"] == 0
    assert "XMP-xmpDM:Good" not in tags
    assert read_sidecar(frame).decision == Decision(UNFLAGGED, 3, "Red")


def test_clearing_the_label_removes_it(frame):
    path = write_sidecar(frame, Decision(label="Purple"))
    assert exiftool(path)["XMP-xmp:Label"] == "Purple"
    write_sidecar(frame, Decision())
    tags = exiftool(path)
    assert "XMP-xmp:Label" not in tags and tags["XMP-digiKam:ColorLabel"] == 0
    assert read_sidecar(frame).decision == Decision()


# ---- merging into other applications' sidecars ------------------------------------------

def test_lightroom_sidecar_keeps_develop_settings_and_keywords(raw_frame):
    path = raw_frame.with_suffix(".xmp")
    path.write_text(LIGHTROOM, encoding="utf-8")
    before = exiftool(path)
    assert before["XMP-xmp:Rating"] == 2 and before["XMP-crs:Exposure2012"] == "+0.35"
    assert read_sidecar(raw_frame).decision == Decision(UNFLAGGED, 2, None)

    write_sidecar(raw_frame, Decision(PICK, 4, "Red"))
    after = exiftool(path)
    assert after["XMP-xmp:Rating"] == 4 and after["XMP-xmp:Label"] == "Red"
    assert after["XMP-dc:Subject"] == ["ACME corp", "headshot", "grey backdrop"]
    assert after["XMP-lr:HierarchicalSubject"] == "Clients|ACME corp"
    assert after["XMP-crs:Exposure2012"] == "+0.35" and after["XMP-crs:Texture"] == -15
    assert after["XMP-crs:ToneCurvePV2012"] == ["0, 0", "255, 255"]
    assert unchanged_by_shotkind(after) == unchanged_by_shotkind(before)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(LIGHTROOM_BEGIN + '<x:xmpmeta xmlns:x="adobe:ns:meta/"')
    assert text.endswith(LIGHTROOM_END)                      # wrapper and padding kept
    assert 'xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"' in text
    assert 'crs:Exposure2012="+0.35"' in text and 'crs:Tint="+8"' in text
    assert text.count("xmp:Rating=") == 1 and "ns0:" not in text
    removed = [line[2:].strip() for line in difflib.ndiff(LIGHTROOM.splitlines(), text.splitlines())
               if line.startswith("- ")]
    assert removed == ['xmp:Rating="2"', 'xmp:MetadataDate="2024-03-02T10:11:12+01:00"',
                       'crs:HasSettings="True">']      # every other line is kept as it was


def test_darktable_sidecar_keeps_its_history_and_follows_the_label(frame):
    path = frame.with_name(frame.name + ".xmp")
    path.write_text(DARKTABLE, encoding="utf-8")
    before = exiftool(path)
    assert read_sidecar(frame).decision == Decision(UNFLAGGED, 1, "Red")   # from colorlabels

    assert write_sidecar(frame, Decision(UNFLAGGED, 1, "Green"), keep_extension=True) == path
    after = exiftool(path)
    assert after["XMP-xmp:Label"] == "Green" and after["XMP-xmp:Rating"] == 1
    assert unchanged_by_shotkind(after) == unchanged_by_shotkind(before)
    history = [k for k in after if "History" in k]
    assert history and all(after[k] == before[k] for k in history)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<x:xmpmeta')
    assert 'darktable:operation="colorbalancergb"' in text
    assert "<rdf:li>2</rdf:li>" in text and "<rdf:li>0</rdf:li>" not in text   # colorlabels follow

    write_sidecar(frame, Decision(UNFLAGGED, 1, None), keep_extension=True)
    assert "darktable:colorlabels" not in path.read_text(encoding="utf-8")
    assert read_sidecar(frame).decision == Decision(UNFLAGGED, 1, None)


def test_a_sidecar_under_the_other_name_is_updated_too(frame):
    darktable = frame.with_name(frame.name + ".xmp")
    darktable.write_text(DARKTABLE, encoding="utf-8")
    written = write_sidecar(frame, Decision(REJECT, 2, "Blue"))
    assert written == frame.with_suffix(".xmp")
    for path in (written, darktable):
        tags = exiftool(path)
        assert tags["XMP-xmp:Rating"] == -1 and tags["XMP-xmp:Label"] == "Blue"


def test_properties_written_as_elements_are_read_and_updated_in_place(frame):
    path = frame.with_suffix(".xmp")
    subprocess.run([EXIFTOOL, "-q", "-o", str(path), "-XMP-xmp:Rating=2", "-XMP-xmp:Label=Blue",
                    "-XMP-dc:Subject=ACME corp", "-XMP-digiKam:PickLabel=3"], check=True)
    assert "<xmp:Rating>2</xmp:Rating>" in path.read_text(encoding="utf-8")   # elements
    found = read_sidecar(frame)
    assert found.decision == Decision(PICK, 2, "Blue") and found.knows_flag
    write_sidecar(frame, Decision(PICK, 5, "Yellow"))
    text = path.read_text(encoding="utf-8")
    assert "<xmp:Rating>5</xmp:Rating>" in text and text.count("<xmp:Rating>") == 1
    assert "xmp:Rating=" not in text
    assert "<xmp:Label>Yellow</xmp:Label>" in text
    tags = exiftool(path)
    assert tags["XMP-xmp:Rating"] == 5 and tags["XMP-dc:Subject"] == "ACME corp"


def test_a_label_shotkind_cannot_show_is_left_alone(frame):
    path = frame.with_suffix(".xmp")
    subprocess.run([EXIFTOOL, "-q", "-o", str(path), "-XMP-xmp:Label=To Print",
                    "-XMP-digiKam:ColorLabel=2"], check=True)                    # orange
    assert read_sidecar(frame).decision.label is None
    write_sidecar(frame, Decision(UNFLAGGED, 3, None))
    tags = exiftool(path)
    assert tags["XMP-xmp:Label"] == "To Print" and tags["XMP-digiKam:ColorLabel"] == 2
    write_sidecar(frame, Decision(UNFLAGGED, 3, "Red"))
    tags = exiftool(path)
    assert tags["XMP-xmp:Label"] == "Red" and tags["XMP-digiKam:ColorLabel"] == 1


def test_a_custom_label_set_over_shotkind_s_is_not_read_as_shotkind_s_old_one(frame):
    """A tester's Lightroom label set made ShotKind's Yellow "Approved": ShotKind still
    showed Yellow, from the digiKam property it had written itself, and a change of stars
    then wrote Yellow over "Approved"."""
    path = write_sidecar(frame, Decision(PICK, 4, "Yellow"))
    subprocess.run([EXIFTOOL, "-q", "-overwrite_original", "-XMP-xmp:Label=Approved", str(path)], check=True)
    assert read_sidecar(frame).decision == Decision(PICK, 4, None)
    write_sidecar(frame, Decision(PICK, 2, None))
    assert exiftool(path)["XMP-xmp:Label"] == "Approved"


def test_a_label_taken_off_elsewhere_stays_off(frame):
    """Bridge took the label off a sidecar ShotKind wrote; ShotKind read it back from its
    own digiKam property, and its next write put it back."""
    path = write_sidecar(frame, Decision(PICK, 4, "Yellow"))
    subprocess.run([EXIFTOOL, "-q", "-overwrite_original", "-XMP-xmp:Label=", str(path)], check=True)
    assert "XMP-xmp:Label" not in exiftool(path)
    assert read_sidecar(frame).decision == Decision(PICK, 4, None)


def test_a_colour_label_darktable_adds_to_shotkind_s_sidecar_is_read_and_kept(frame):
    """darktable keeps other programs' properties when it writes its sidecar, and writes
    its label as darktable:colorlabels only: a review found it read as no label (no
    xmp:Label on a sidecar ShotKind wrote), and erased by ShotKind's next write."""
    path = write_sidecar(frame, Decision(PICK, 3, None), keep_extension=True)
    text = path.read_text(encoding="utf-8")
    assert text.count("/>\n </rdf:RDF>") == 1          # the description, closed in place
    path.write_text(text.replace("/>\n </rdf:RDF>", '><darktable:colorlabels xmlns:darktable='
                                 '"http://darktable.sf.net/"><rdf:Seq><rdf:li>2</rdf:li></rdf:Seq>'
                                 "</darktable:colorlabels></rdf:Description>\n </rdf:RDF>"), encoding="utf-8")
    found = read_sidecar(frame).decision
    assert found == Decision(PICK, 3, "Green")
    write_sidecar(frame, found, keep_extension=True)
    assert "<rdf:li>2</rdf:li>" in path.read_text(encoding="utf-8")
    assert read_sidecar(frame).decision == Decision(PICK, 3, "Green")


def lightroom_unflags(path: Path) -> None:
    """Lightroom Classic 13.2+ writes its flag as xmpDM:pick/good (exiftool cannot)."""
    text = path.read_text(encoding="utf-8")
    assert 'xmpDM:pick="-1"' in text and 'xmpDM:good="False"' in text
    path.write_text(text.replace('xmpDM:pick="-1"', 'xmpDM:pick="0"').replace('xmpDM:good="False"', ""),
                    encoding="utf-8")


@pytest.mark.parametrize("edit, expected", [
    (["-XMP-xmp:Rating=3"], Decision(UNFLAGGED, 3)),                          # darktable un-rejects
    (["-XMP-digiKam:PickLabel=3", "-XMP-xmp:Rating=2"], Decision(PICK, 2)),   # digiKam accepts
    (["-XMP-photomech:Tagged=Yes"], Decision(PICK, 4)),                      # Photo Mechanic tags
    (lightroom_unflags, Decision(UNFLAGGED, 4)),                              # Lightroom unflags
], ids=["darktable", "digiKam", "Photo Mechanic", "Lightroom"])
def test_a_change_made_by_another_application_wins_over_shotkind_s_own(frame, edit, expected):
    path = write_sidecar(frame, Decision(REJECT, 4))
    if callable(edit):
        edit(path)
    else:
        subprocess.run([EXIFTOOL, "-q", "-overwrite_original", *edit, str(path)], check=True)
    assert read_sidecar(frame).decision == expected


# ---- reading ------------------------------------------------------------------------------

def test_reads_either_name_and_prefers_the_newer(frame):
    assert read_sidecar(frame) is None
    replaced, kept = FrameFiles(frame).sidecars()
    write_sidecar(frame, Decision(UNFLAGGED, 2), keep_extension=True)
    assert read_sidecar(frame).path == kept and read_sidecar(frame).decision.rating == 2
    subprocess.run([EXIFTOOL, "-q", "-o", str(replaced), "-XMP-xmp:Rating=4"], check=True)
    now = time.time_ns()
    os.utime(kept, ns=(now, now - 10**9))
    os.utime(replaced, ns=(now, now))
    found = read_sidecar(frame)
    assert (found.path, found.decision.rating, found.modified_ns) == (replaced, 4, now)
    os.utime(kept, ns=(now, now + 10**9))
    assert read_sidecar(frame).path == kept and read_sidecar(frame).decision.rating == 2


def test_a_sidecar_without_a_decision_reads_as_none(frame):
    subprocess.run([EXIFTOOL, "-q", "-o", str(frame.with_suffix(".xmp")), "-XMP-dc:Subject=ACME corp"],
                   check=True)
    assert read_sidecar(frame) is None


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="5" xmp:Label="&lol9;"/>
</rdf:RDF></x:xmpmeta>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="5" xmp:Label="&secret;"/>
</rdf:RDF></x:xmpmeta>"""


def hostile_sidecars(shared_dir: Path) -> dict[str, bytes]:
    real = LIGHTROOM.encode()
    return {
        "billion laughs": BILLION_LAUGHS,
        "external entity": EXTERNAL_ENTITY,
        "empty": b"",
        "garbage": (shared_dir / "photos" / "df_img12.jpg").read_bytes()[:4096],
        "cut in half": real[:len(real) // 2],
        "not XMP": b"<html><body>Shoot notes</body></html>",
        "nested too deep": b"<a>" * 100_000 + b"</a>" * 100_000,
        "two roots": real + real,
    }


@pytest.mark.parametrize("kind", ["billion laughs", "external entity", "empty", "garbage",
                                  "cut in half", "not XMP", "nested too deep", "two roots"])
def test_hostile_or_broken_sidecars_read_as_none(frame, shared_dir, kind, caplog):
    path = frame.with_suffix(".xmp")
    path.write_bytes(hostile_sidecars(shared_dir)[kind])
    with caplog.at_level(logging.WARNING, logger="shotkind_desktop.core.decisions.xmp"):
        assert read_sidecar(frame) is None     # how long it takes: benchmarks/decision_speed.py
    assert "IMG_0001.xmp" in caplog.text


def test_writing_over_a_broken_sidecar_keeps_the_broken_one_aside(frame, shared_dir):
    path = frame.with_suffix(".xmp")
    broken = hostile_sidecars(shared_dir)["billion laughs"]
    path.write_bytes(broken)
    write_sidecar(frame, Decision(PICK, 1))
    assert exiftool(path)["XMP-xmp:Rating"] == 1
    assert frame.with_name("IMG_0001.xmp.unreadable").read_bytes() == broken
    assert b"lol" not in path.read_bytes()


def test_a_second_broken_sidecar_is_kept_beside_the_first(frame, shared_dir):
    """Another program damaged the sidecar twice, a decision written after each time.
    (Failed before: the second copy set aside took the first's name, destroying it.)"""
    path = frame.with_suffix(".xmp")
    first, second = hostile_sidecars(shared_dir)["billion laughs"], b"<x:xmpmeta>cut"
    for broken, rating in ((first, 1), (second, 2)):
        path.write_bytes(broken)
        write_sidecar(frame, Decision(PICK, rating))
    assert exiftool(path)["XMP-xmp:Rating"] == 2
    assert frame.with_name("IMG_0001.xmp.unreadable").read_bytes() == first
    assert frame.with_name("IMG_0001.xmp.unreadable-2").read_bytes() == second


# ---- atomic writing ---------------------------------------------------------------------

def test_a_failed_write_leaves_the_old_sidecar_and_no_temporary_file(raw_frame, monkeypatch):
    path = raw_frame.with_suffix(".xmp")
    path.write_text(LIGHTROOM, encoding="utf-8")
    original = path.read_bytes()

    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xmp.os, "replace", disk_full)
    with pytest.raises(OSError):
        write_sidecar(raw_frame, Decision(REJECT, 5, "Red"))
    assert path.read_bytes() == original
    assert sorted(p.name for p in raw_frame.parent.iterdir()) == ["IMG_0002.dng", "IMG_0002.xmp"]


def test_a_successful_write_leaves_no_temporary_file_and_keeps_the_mode(frame):
    path = frame.with_suffix(".xmp")
    path.write_text(LIGHTROOM, encoding="utf-8")
    path.chmod(0o640)
    for stars in range(6):
        write_sidecar(frame, Decision(rating=stars))
    assert sorted(p.name for p in frame.parent.iterdir()) == ["IMG_0001.jpg", "IMG_0001.xmp"]
    assert path.stat().st_mode & 0o777 == 0o640
    assert exiftool(path)["XMP-xmp:Rating"] == 5


def test_comments_language_alternatives_and_odd_prefixes_survive(frame):
    path = frame.with_suffix(".xmp")
    path.write_text("""<x:xmpmeta xmlns:x="adobe:ns:meta/">
<!-- written by hand, keep me -->
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
   xmlns:ap="http://ns.adobe.com/xap/1.0/" ap:Rating="3">
  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Jane Doe &amp; team</rdf:li></rdf:Alt></dc:title>
  <?editor keep this too?>
 </rdf:Description>
</rdf:RDF>
</x:xmpmeta>""", encoding="utf-8")
    assert read_sidecar(frame).decision.rating == 3          # xmp:Rating under another prefix
    write_sidecar(frame, Decision(rating=4, label="Blue"))
    text = path.read_text(encoding="utf-8")
    assert "<!-- written by hand, keep me -->" in text and "<?editor keep this too?>" in text
    assert '<rdf:li xml:lang="x-default">Jane Doe &amp; team</rdf:li>' in text
    assert 'ap:Rating="4"' in text and 'ap:Label="Blue"' in text and "xmlns:xml=" not in text
    tags = exiftool(path)
    assert tags["XMP-dc:Title"] == "Jane Doe & team" and tags["XMP-xmp:Rating"] == 4


def test_a_sidecar_spelled_in_capitals_is_read_and_updated_in_place(frame):
    upper = frame.with_suffix(".XMP")
    subprocess.run([EXIFTOOL, "-q", "-o", str(upper), "-XMP-xmp:Rating=2"], check=True)
    assert read_sidecar(frame).decision.rating == 2
    assert write_sidecar(frame, Decision(rating=5)).name in ("IMG_0001.XMP", "IMG_0001.xmp")
    assert [p.name for p in frame.parent.glob("*.[xX][mM][pP]")] == [upper.name]
    assert exiftool(upper)["XMP-xmp:Rating"] == 5


def test_darktable_s_second_colour_label_is_kept(frame):
    """darktable lets a frame be red and green; ShotKind shows the first. Changing it
    keeps the second. (Failed before: the green label was dropped.)"""
    path = frame.with_name(frame.name + ".xmp")
    path.write_text(DARKTABLE.replace("<rdf:li>0</rdf:li>", "<rdf:li>0</rdf:li>\n     <rdf:li>2</rdf:li>"),
                    encoding="utf-8")
    assert read_sidecar(frame).decision.label == "Red"
    write_sidecar(frame, Decision(UNFLAGGED, 1, "Blue"), keep_extension=True)
    text = path.read_text(encoding="utf-8")
    assert "<rdf:li>3</rdf:li>" in text and "<rdf:li>2</rdf:li>" in text and "<rdf:li>0</rdf:li>" not in text
    assert exiftool(path)["XMP-xmp:Label"] == "Blue"
    write_sidecar(frame, Decision(UNFLAGGED, 1, None), keep_extension=True)
    text = path.read_text(encoding="utf-8")
    assert "<rdf:li>2</rdf:li>" in text and "<rdf:li>3</rdf:li>" not in text
