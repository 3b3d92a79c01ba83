"""Issue 16's proof: a headshot day arranged from the shared photos comes out as its
sitters, a roster names them in order, and the delivery is one file per sitter and
preset, named after the person, with the person in the JPEG and in the sidecars."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.judgement.face_record import main_face
from shotkind_desktop.core.judgement.faces import find_faces
from shotkind_desktop.core.files.pairing import scan_pairs
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.decisions.sitter_book import SitterBook, coverage
from shotkind_desktop.core.people.sitters import SitterEdits, SitterFrame, group_sitters, sitter_frames
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.decisions.xmp import read_person, write_sidecar

from sittings import DAY, PEOPLE, ROSTER, make_day
from test_export_cli import shotkind_export


# what the report adds to each frame's record beside FrameResult's own fields
REPORT_ONLY = ("sitter", "person", "group", "keeper_rank", "keeper_reason")


@pytest.fixture(scope="module")
def day(tmp_path_factory, shared):
    """The day's frames and the sitters they were arranged as."""
    folder = tmp_path_factory.mktemp("headshot-day")
    return folder, make_day(shared / "photos", folder)


@pytest.fixture(scope="module")
def roster(tmp_path_factory):
    path = tmp_path_factory.mktemp("client") / "acme staff.csv"
    path.write_text(ROSTER, encoding="utf-8-sig")        # as Excel saves "CSV UTF-8"
    return path


@pytest.fixture(scope="module")
def report(day, roster, tmp_path_factory, cli):
    folder, _ = day
    out = tmp_path_factory.mktemp("report")
    run = cli(str(folder), "--json", str(out / "day.json"), "--csv", str(out / "day.csv"),
                  "--roster", str(roster), "--jobs", "2")
    assert run.returncode == 0, run.stderr
    return json.loads((out / "day.json").read_text()), (out / "day.csv").read_text()


def test_the_sitters_come_out_as_arranged(day, report):
    """Minutes apart or 40 seconds apart in alike clothes (sitters 3 and 4), each person's
    frames are one sitter, numbered in shoot order."""
    _folder, arranged = day
    document, _ = report
    found: dict[int, list[str]] = {}
    for frame in document["frames"]:
        found.setdefault(frame["sitter"], []).append(frame["file"])
    assert list(found) == list(range(1, len(DAY) + 1))
    assert list(found.values()) == arranged


def test_the_roster_names_the_sitters_in_order(report):
    document, table = report
    persons = {frame["sitter"]: frame["person"] for frame in document["frames"]}
    assert [persons[n] for n in sorted(persons)] == PEOPLE      # "Okafor, Chidi" read as Chidi Okafor
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [(row["sitter"], row["person"]) for row in rows] == \
        [(str(f["sitter"]), f["person"]) for f in document["frames"]]


def test_best_per_person_delivers_one_file_per_sitter_and_preset(day, roster, tmp_path):
    folder, arranged = day
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out = tmp_path / "delivery"
    done = shotkind_export(folder, "--out", out, "--select", "best-per-person", "--roster", roster,
                           "--name", "{person}_{preset}", "--preset", "linkedin", "--preset", "web-4x5",
                           "--creator", "Studio North", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in out.glob("*.jpg"))
    assert files == sorted(f"{person}_{preset}.jpg" for person in PEOPLE for preset in ("linkedin", "web-4x5"))
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8")))
    chosen = {row["person"]: row["source"] for row in rows}
    for person, frames in zip(PEOPLE, arranged):
        assert chosen[person] in frames          # each sitter's frame is their own
    tags = json.loads(subprocess.run(["exiftool", "-json", "-XMP-iptcExt:PersonInImage", "-XMP-dc:Creator",
                                      *map(str, sorted(out.glob("*.jpg")))],
                                     capture_output=True, text=True, check=True).stdout)
    for tag in tags:
        assert tag["SourceFile"].split("/")[-1].startswith(tag["PersonInImage"] + "_")
        assert tag["Creator"] == "Studio North"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before    # the shoot untouched


def test_the_linkedin_file_fills_the_circle(day, roster, tmp_path, detectors):
    """LinkedIn asks for the face at about 60% of the frame: the face box found again in
    each delivered square is 50 to 70% of its height (the 40% of before is out)."""
    folder, _ = day
    out = tmp_path / "linkedin"
    done = shotkind_export(folder, "--out", out, "--select", "best-per-person", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    for path in out.glob("*.jpg"):
        image = np.asarray(Image.open(path).convert("RGB"))[..., ::-1].copy()
        face = main_face(find_faces(detectors["yunet"], image), image.shape[1], image.shape[0])
        assert 0.5 < face.height / image.shape[0] < 0.7, (path.name, face.height / image.shape[0])


def test_a_folder_per_person_and_roster_columns(day, roster, tmp_path):
    folder, arranged = day
    out = tmp_path / "by person"
    done = shotkind_export(folder, "--out", out, "--select", "all", "--roster", roster,
                           "--name", "{person}/{last}_{first}_{roster:department}_{person_seq}")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == sorted(PEOPLE)
    assert sorted(p.name for p in (out / "Chidi Okafor").iterdir()) == \
        [f"Okafor_Chidi_Finance_{n}.jpg" for n in range(1, len(arranged[2]) + 1)]


def test_a_sitter_without_a_frame_to_deliver_is_reported(day, roster, tmp_path):
    """Every frame of the second sitter rejected (in the sidecars, as Lightroom would):
    the export delivers the others and names the one left without, exit 1."""
    source, arranged = day
    folder = tmp_path / "shoot"
    shutil.copytree(source, folder)
    for name in arranged[1]:
        write_sidecar(folder / name, Decision(REJECT))
    out = tmp_path / "delivery"
    done = shotkind_export(folder, "--out", out, "--select", "best-per-person", "--roster", roster,
                           "--name", "{person}_{preset}", "--jobs", "2")
    assert done.returncode == 1
    assert "Sitter 2 (Bo Lindqvist): no frame to deliver" in done.stderr
    assert sorted(p.stem for p in out.glob("*.jpg")) == sorted(f"{p}_linkedin" for p in PEOPLE if p != "Bo Lindqvist")
    assert json.loads((out / "manifest.json").read_text())["undelivered"] == ["Sitter 2 (Bo Lindqvist)"]
    # the frames not rejected, not a delivery by person, while the catalog names a sitter
    # (so each file carries its person): nobody is owed a frame (a tester's picks export
    # listed 143 sitters and failed)
    with Catalog.open(folder) as catalog:
        catalog.save_sitter_edits(SitterEdits(names={arranged[0][0]: "Ana Ruiz"}))
    named = shotkind_export(folder, "--out", tmp_path / "named", "--select", "unflagged", "--jobs", "2")
    assert named.returncode == 0, named.stderr
    assert "no frame to deliver" not in named.stderr
    assert len(list((tmp_path / "named").glob("*.jpg"))) == sum(map(len, arranged)) - len(arranged[1])


def test_tag_people_names_the_person_in_each_sidecar(day, roster, tmp_path, cli):
    """The sidecar says who is in the frame, for Lightroom and Photo Mechanic; a decision
    already in it stays."""
    source, arranged = day
    folder = tmp_path / "shoot"
    shutil.copytree(source, folder)
    write_sidecar(folder / arranged[0][0], Decision(PICK, 4))
    run = cli(str(folder), "--json", str(tmp_path / "r.json"), "--roster", str(roster),
                  "--tag-people", "--jobs", "2")
    assert run.returncode == 0, run.stderr
    sidecar = folder / arranged[0][0].replace(".jpg", ".xmp")
    read = json.loads(subprocess.run(["exiftool", "-json", "-XMP-iptcExt:PersonInImage", "-XMP-xmp:Rating",
                                      str(sidecar)], capture_output=True, text=True, check=True).stdout)[0]
    assert read["PersonInImage"] == "Ana Ruiz" and read["Rating"] == 4
    for person, frames in zip(PEOPLE, arranged):
        assert all(read_person(folder / name) == [person] for name in frames)


def test_corrections_persist_and_follow_through(day, report, tmp_path):
    """Split at a frame, merge with the previous sitter, rename: each kept in the catalog,
    the names written to the sidecars, and all of it back after reopening the shoot."""
    source, arranged = day
    folder = tmp_path / "shoot"
    shutil.copytree(source, folder)
    document, _ = report
    results = [FrameResult(**{k: v for k, v in f.items() if k not in REPORT_ONLY})
               for f in document["frames"]]
    files = {f.path.name: f for f in scan_pairs(folder)}
    with Catalog.open(folder) as catalog:
        book = SitterBook(catalog, files)
        book.update(results)
        assert len(book.sitters) == len(DAY)
        split = arranged[2][2]                                   # the third sitter, third frame
        book.split_at(split)
        assert [s.frames for s in book.sitters][2:4] == [tuple(arranged[2][:2]), tuple(arranged[2][2:])]
        book.merge_with_previous(split)
        assert [s.frames for s in book.sitters] == [tuple(f) for f in arranged]
        book.rename(arranged[3][1], "Dana Weiss-Berg")
        assert book.sitters[3].name == "Dana Weiss-Berg"
        assert read_person(folder / arranged[3][0]) == ["Dana Weiss-Berg"]
    with Catalog.open(folder) as catalog:        # reopened, and analysed again
        again = SitterBook(catalog, files)
        again.update(results)
        assert [(s.frames, s.name) for s in again.sitters] == [(s.frames, s.name) for s in book.sitters]
        picks = {arranged[0][1]: Decision(PICK)}
        cover = coverage(again.sitters, picks, {r.file: r for r in results})
        assert [(c.frames, c.picks, c.warning) for c in cover[:2]] == \
            [(len(arranged[0]), 1, None), (len(arranged[1]), 0, "no pick")]


def _records(report) -> dict[str, FrameResult]:
    document, _ = report
    return {f["file"]: FrameResult(**{k: v for k, v in f.items() if k not in REPORT_ONLY})
            for f in document["frames"]}


def _at(result: FrameResult, seconds: float) -> SitterFrame:
    return SitterFrame(result.file, seconds, result.measures.get("appearance"))


def test_a_long_pause_splits_and_a_frame_without_a_face_goes_with_the_nearer(day, report):
    """The same person after twenty minutes is a new sitting (a second round); a test
    shot of the empty backdrop ten seconds before it belongs to it, not to the one
    before."""
    _folder, arranged = day
    records = _records(report)
    first = [records[name] for name in arranged[0]]
    frames = [_at(r, 10 * i) for i, r in enumerate(first)]
    backdrop = SitterFrame("backdrop.jpg", 10 * len(first) + 1200, None)
    frames += [backdrop] + [_at(r, 10 * (len(first) + i) + 1210) for i, r in enumerate(first)]
    sitters = group_sitters(frames)
    assert [len(s.frames) for s in sitters] == [len(first), len(first) + 1]
    assert sitters[1].first == "backdrop.jpg"


def test_one_odd_frame_does_not_split_a_sitting(day, report):
    """A minute's pause in a sitting, then someone else in front of the camera for one
    frame (a pause and a look that would start a sitter): the frame after looks like the
    sitter again, so it stays one sitter."""
    _folder, arranged = day
    records = _records(report)
    names = arranged[0][:2] + [arranged[2][0]] + arranged[0][2:]
    frames = [_at(records[name], 8 * i + (60 if i >= 2 else 0)) for i, name in enumerate(names)]
    assert [len(s.frames) for s in group_sitters(frames)] == [len(names)]


def test_a_typed_name_takes_its_roster_row_and_a_walk_in_takes_none(day, report, roster):
    from shotkind_desktop.core.people.roster import read_roster
    _folder, arranged = day
    records = _records(report)
    frames = sitter_frames([records[name] for group in arranged for name in group])
    edits = SitterEdits(names={arranged[0][0]: "dana weiß", arranged[2][0]: "Guest Speaker"})
    sitters = group_sitters(frames, edits, read_roster(roster))
    assert [s.name for s in sitters] == ["dana weiß", "Ana Ruiz", "Guest Speaker", "Bo Lindqvist", "Chidi Okafor"]
    assert sitters[0].row.column("Department") == "Legal" and sitters[2].row is None


def test_a_name_whose_frame_went_stops_a_delivery_by_person_until_named_again(day, roster, tmp_path):
    """A tester named a walk-in sitter (not on the roster), sent their first frame, a blink,
    to the trash, and delivered by person: the walk-in went out under the next roster
    name, and everyone after under the wrong one, exit 0."""
    from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
    from shotkind_desktop.core.people.sitters import rename

    source, arranged = day
    folder = tmp_path / "shoot"
    shutil.copytree(source, folder)
    with Catalog.open(folder) as catalog:
        catalog.save_sitter_edits(SitterEdits(frozenset({arranged[1][0]}), frozenset(),
                                              {arranged[1][0]: "Dave Walkin"}))
    (folder / arranged[1][0]).unlink()                       # the trash took it
    out = tmp_path / "delivery"
    refused = shotkind_export(folder, "--out", out, "--select", "best-per-person", "--roster", roster,
                              "--name", "{person}_{preset}", "--jobs", "2")
    assert refused.returncode == 1
    assert f"Dave Walkin (named on {arranged[1][0]}) is no longer in the shoot" in refused.stderr
    assert not list(out.glob("*.jpg")), "nothing delivered under a wrong name"

    paths = [frame.path for frame in scan_pairs(folder)]
    results = analyze_shoot(folder, paths, "yunet", jobs=2)
    with Catalog.open(folder) as catalog:                    # the photographer names Dave again
        sitters = group_sitters(sitter_frames(results), catalog.sitter_edits())
        catalog.save_sitter_edits(rename(catalog.sitter_edits(), sitters, arranged[1][1], "Dave Walkin"))
        assert catalog.sitter_edits().names == {arranged[1][1]: "Dave Walkin"}, "the lost one is found"
    done = shotkind_export(folder, "--out", out, "--select", "best-per-person", "--roster", roster,
                           "--name", "{person}_{preset}", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    delivered = {row["output"]: row["source"] for row in json.loads((out / "manifest.json").read_text())["items"]}
    assert delivered["Dave Walkin_linkedin.jpg"] in arranged[1]
    assert delivered["Bo Lindqvist_linkedin.jpg"] in arranged[2]      # the roster's next row, the next sitter
