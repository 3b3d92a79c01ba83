"""The person shown in a frame's sidecar: ShotKind's sitter name in the IPTC Extension's
PersonInImage bag, as Lightroom and Photo Mechanic read it, beside what others wrote."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from contextlib import contextmanager

from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.decisions.xmp import read_person, read_sidecar, write_person, write_sidecar

LIGHTROOM = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 7.0-c000">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:crs="http://ns.adobe.com/camera-raw-settings/1.0/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
   xmp:Rating="2"
   crs:Exposure2012="+0.35">
   <dc:subject>
    <rdf:Bag>
     <rdf:li>acme</rdf:li>
     <rdf:li>headshot day</rdf:li>
    </rdf:Bag>
   </dc:subject>
   <Iptc4xmpExt:PersonInImage>
    <rdf:Bag>
     <rdf:li>Guide Dog Max</rdf:li>
    </rdf:Bag>
   </Iptc4xmpExt:PersonInImage>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
"""


def exiftool(path, *tags) -> dict:
    return json.loads(subprocess.run(["exiftool", "-json", *tags, str(path)],
                                     capture_output=True, text=True, check=True).stdout)[0]


def test_the_sitters_name_joins_the_people_another_application_listed(tmp_path, photos):
    shutil.copy(photos / "df_img13.jpg", tmp_path / "IMG_0007.jpg")
    sidecar = tmp_path / "IMG_0007.xmp"
    sidecar.write_bytes(LIGHTROOM)
    frame = tmp_path / "IMG_0007.jpg"
    assert write_person(frame, "Ana Ruiz") == [sidecar]
    read = exiftool(sidecar, "-XMP-iptcExt:PersonInImage", "-XMP-dc:Subject", "-XMP-crs:Exposure2012")
    assert read["PersonInImage"] == ["Ana Ruiz", "Guide Dog Max"]
    assert read["Subject"] == ["acme", "headshot day"] and read["Exposure2012"] == "+0.35"
    write_person(frame, "Ana Ruiz García")           # renamed: only ShotKind's name changes
    assert read_person(frame) == ["Ana Ruiz García", "Guide Dog Max"]
    write_sidecar(frame, Decision(PICK, 5))          # a decision later leaves the people alone
    assert read_person(frame) == ["Ana Ruiz García", "Guide Dog Max"]
    assert read_sidecar(frame).decision == Decision(PICK, 5)
    write_person(frame, None)                        # no longer named: the others stay
    assert exiftool(sidecar, "-XMP-iptcExt:PersonInImage")["PersonInImage"] == "Guide Dog Max"
    assert write_person(frame, None) == []           # nothing to change: nothing written


def test_a_frame_without_a_sidecar_gets_one_only_for_a_name(tmp_path, photos):
    shutil.copy(photos / "df_img13.jpg", tmp_path / "IMG_0008.jpg")
    frame = tmp_path / "IMG_0008.jpg"
    assert write_person(frame, None) == [] and not (tmp_path / "IMG_0008.xmp").exists()
    write_person(frame, "Zoë Ünal & Co <Board>")
    assert exiftool(tmp_path / "IMG_0008.xmp", "-XMP-iptcExt:PersonInImage")["PersonInImage"] == \
        "Zoë Ünal & Co <Board>"


def test_a_person_written_beside_a_key_never_undoes_the_key(tmp_path, photos, monkeypatch):
    """The sitters' thread reads a sidecar to add a name while the photographer presses
    5: written back after the key, the name used to carry the 2 stars it had read (a
    tester: 12 of 400 keys undone in the sidecars, for good). Here the name's write is
    held until the key's is done or waits for it; the sidecar ends with both."""
    import threading

    from shotkind_desktop.core.decisions import xmp

    photo = shutil.copy2(photos / "df_img11.jpg", tmp_path / "IMG_0001.jpg")
    write_sidecar(photo, Decision(PICK, 2))
    go, real_write, lock = threading.Event(), xmp.write_atomically, xmp.changing_sidecar

    @contextmanager
    def watched(path):
        """The sidecar lock, saying when the key's thread reaches it."""
        if threading.current_thread().name != "sitters":
            go.set()
        with lock(path):
            yield

    def write_later(target, data, *args, **kwargs):
        if threading.current_thread().name == "sitters":
            assert go.wait(5)        # the key has been written, or waits for this write
        return real_write(target, data, *args, **kwargs)

    def press_5():
        write_sidecar(photo, Decision(PICK, 5))
        go.set()

    monkeypatch.setattr(xmp, "changing_sidecar", watched)
    monkeypatch.setattr(xmp, "write_atomically", write_later)
    naming = threading.Thread(target=write_person, args=(photo, "Ana Ruiz"), name="sitters")
    key = threading.Thread(target=press_5)
    naming.start()
    key.start()
    naming.join(10)
    key.join(10)
    assert read_sidecar(photo).decision == Decision(PICK, 5)
    assert read_person(photo) == ["Ana Ruiz"]


NAMING_LOOP = """
import sys
from pathlib import Path
from shotkind_desktop.core.decisions.xmp import write_person
photo, stop = Path(sys.argv[1]), Path(sys.argv[2])
print("ready", flush=True)
turn = 0
while not stop.exists():
    write_person(photo, ("Ana Ruiz", "Bo Lindqvist")[turn % 2])
    turn += 1
print(turn, flush=True)
"""


def test_another_shotkind_process_naming_sitters_never_undoes_a_key(tmp_path, photos):
    """`shotkind analyze --tag-people` beside an open window: each program reads the
    sidecar, changes it and writes it back, so without a lock between processes a name
    written after a key, from a read before it, put the old stars back. Here another
    process names the sitter over and over while this one gives stars; right after each
    key the sidecar must hold it."""
    photo = shutil.copy2(photos / "df_img11.jpg", tmp_path / "IMG_0001.jpg")
    write_sidecar(photo, Decision(PICK, 1))
    stop = tmp_path / "stop"
    naming = subprocess.Popen([sys.executable, "-c", NAMING_LOOP, str(photo), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert naming.stdout.readline().strip() == "ready"
        undone = []
        for key in range(150):
            stars = key % 5 + 1
            write_sidecar(photo, Decision(PICK, stars))
            found = read_sidecar(photo).decision.rating
            if found != stars:
                undone.append((key, stars, found))
    finally:
        stop.touch()
        names_written = int(naming.communicate(timeout=30)[0].strip())
    assert names_written > 0
    assert undone == []
    assert read_person(photo) in (["Ana Ruiz"], ["Bo Lindqvist"])
