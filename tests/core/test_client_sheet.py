"""The client's contact sheet of a headshot day, read back as the client's PDF reader
reads it (poppler's pdftotext and pdfimages): every sitter's name and frames as text,
the title and the photographer, no internal score, the pictures at the delivery crop."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
from shotkind_desktop.core.delivery.client_sheet import client_frames, write_client_sheet
from shotkind_desktop.core.judgement.crops import LINKEDIN_FRAMING
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.people.sitters import Sitter
from sittings import make_day, DAY

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) is installed by scripts/setup.sh --test")
PEOPLE = ["Ana Ruiz", "Bo Lindqvist", "Chidi Okafor", "Dana Weiß", "Émile Durand"]


@pytest.fixture(scope="module")
def day(tmp_path_factory, shared):
    folder = tmp_path_factory.mktemp("client-day")
    arranged = make_day(shared / "photos", folder)
    paths = sorted(folder.glob("*.jpg"))
    results = {r.file: r for r in analyze_shoot(folder, paths, "yunet", jobs=2)}
    sitters = [Sitter(n, tuple(names), person) for n, (names, person) in enumerate(zip(arranged, PEOPLE), 1)]
    return folder, sitters, results


def test_the_sheet_names_every_sitter_and_frame_in_real_text_and_shows_no_score(day, tmp_path):
    folder, sitters, results = day
    rejected = sitters[1].frames[0]
    decisions = {rejected: Decision(flag=REJECT), sitters[0].frames[0]: Decision(flag=PICK, rating=5)}
    pages, problems = client_frames(sitters, {name: folder / name for name in results}, results, decisions,
                                    "1:1", LINKEDIN_FRAMING)
    assert not problems
    sheet = tmp_path / "acme.pdf"
    count = write_client_sheet(sheet, pages, "Acme headshot day", "Jo Lens")
    assert count == len(DAY)                            # a page a sitter: a few frames each
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(sheet), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Acme headshot day" in text and "Photographs by Jo Lens" in text
    for sitter in sitters:
        assert sitter.name in text
        for name in sitter.frames:
            assert (name in text) == (name != rejected)
    lowered = text.lower()
    assert not any(word in lowered for word in ("headshot 9", "score", "pick", "reject", "★"))
    pages_text = text.split("\f")
    assert "Dana Weiß" in pages_text[3] and "IMG_0012.jpg" in pages_text[3]

    listing = subprocess.run(["pdfimages", "-list", str(sheet)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    sizes = {(int(line.split()[3]), int(line.split()[4])) for line in listing}
    assert len(listing) == sum(len(s.frames) for s in sitters) - 1
    assert all(abs(w - h) <= 1 for w, h in sizes)      # every picture at the square delivery crop


def test_a_frame_that_cannot_be_read_is_named_and_the_rest_goes_on(day, tmp_path):
    folder, sitters, results = day
    broken = tmp_path / "broken.jpg"
    broken.write_bytes((folder / sitters[0].frames[0]).read_bytes()[:2000])
    paths = {name: folder / name for name in results} | {sitters[0].frames[0]: broken}
    pages, problems = client_frames(sitters[:1], paths, results, {}, "4:5")
    assert len(problems) == 1 and problems[0].startswith(sitters[0].frames[0])
    assert [name for name, _ in pages[0].frames] == list(sitters[0].frames[1:])
    assert all(abs(image.width / image.height - 4 / 5) < 0.01 for _, image in pages[0].frames)
