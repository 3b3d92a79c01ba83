"""Two different sitters with the same name: a delivery by person keeps them apart in
names a client can tell apart, and says so before and after. A tester's roster had two
Alex Kims (Sales and Finance): the folder per person put both in one folder, and the
flat delivery named the second `Alex Kim_linkedin-2.jpg`, which reads as a second photo
of the first, exactly as `Ana Ruiz_linkedin-2.jpg` is Ana's second pick."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog, FileIdentity
from shotkind_desktop.core.delivery.export import ExportSettings, export_concerns
from shotkind_desktop.core.delivery.export_presets import PRESETS
from shotkind_desktop.core.files.scan import scan_shoot
from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
from shotkind_desktop.core.people.namesakes import namesake_lines, told_apart
from shotkind_desktop.core.people.roster import read_roster, roster_from_table
from shotkind_desktop.core.people.sitters import Sitter
from shotkind_desktop.core.decisions.selection import parse_selection

from sittings import make_day
from test_export_cli import shotkind_export

ROSTER = ("Full Name,Email,Department\n"
          "Ana Ruiz,ana.ruiz@acme.example,Sales\n"
          "Bo Lindqvist,bo@acme.example,Engineering\n"
          "Alex Kim,alex.kim@acme.example,Sales\n"
          "Dana Weiß,dana@acme.example,Legal\n"
          "Alex Kim,akim@acme.example,Finance\n")
SALES, FINANCE = "Alex Kim (alex.kim@acme.example)", "Alex Kim (akim@acme.example)"


@pytest.fixture(scope="module")
def day(tmp_path_factory, shared):
    """The five-sitter day of tests/core/sittings.py, analysed into its catalog once."""
    folder = tmp_path_factory.mktemp("namesakes") / "day"
    arranged = make_day(shared / "photos", folder)
    paths = scan_shoot(folder)
    results = analyze_shoot(folder, paths, jobs=2)
    with Catalog.open(folder) as catalog:
        catalog.save_results([(p.name, FileIdentity.of(p), r) for p, r in zip(paths, results)])
    return folder, arranged


@pytest.fixture
def roster(tmp_path) -> Path:
    path = tmp_path / "staff.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def _copy(day, tmp_path) -> Path:
    folder = tmp_path / "shoot"
    shutil.copytree(day[0], folder, copy_function=shutil.copy2)   # times kept: cache valid
    return folder


def test_a_folder_per_person_keeps_two_alex_kims_apart_and_says_so(day, roster, tmp_path):
    folder, arranged = _copy(day, tmp_path), day[1]
    out = tmp_path / "by person"
    done = shotkind_export(folder, "--out", out, "--select", "best-per-person", "--roster", roster,
                           "--preset", "linkedin", "--name", "{person}/{person}_{preset}", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == sorted(["Ana Ruiz", "Bo Lindqvist", SALES, "Dana Weiß", FINANCE])
    assert all(len(list((out / name).iterdir())) == 1 for name in folders)   # one person each
    rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    held = {item["output"]: item["source"] for item in rows["items"]}
    assert held[f"{SALES}/{SALES}_linkedin.jpg"] in arranged[2]
    assert held[f"{FINANCE}/{FINANCE}_linkedin.jpg"] in arranged[4]
    said = ("sitters 3 and 5 are different people named Alex Kim: delivered by person as "
            f"{SALES}, {FINANCE}")
    assert f"shotkind export: {said}" in done.stderr
    assert rows["namesakes"] == [said]


def test_a_flat_delivery_never_gives_a_namesake_a_second_pick_s_name(day, roster, tmp_path):
    folder = _copy(day, tmp_path)
    out = tmp_path / "flat"
    done = shotkind_export(folder, "--out", out, "--select", "best-per-person", "--roster", roster,
                           "--preset", "linkedin", "--name", "{person}_{preset}", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in out.glob("*.jpg"))
    assert f"{SALES}_linkedin.jpg" in names and f"{FINANCE}_linkedin.jpg" in names
    assert not [name for name in names if "-2" in name], names


def test_without_a_telling_column_a_namesake_gets_the_sitter_number(day, tmp_path):
    folder = _copy(day, tmp_path)
    plain = tmp_path / "names only.csv"
    plain.write_text("Name\nAna Ruiz\nBo Lindqvist\nAlex Kim\nDana Weiß\nAlex Kim\n", encoding="utf-8")
    out = tmp_path / "numbered"
    done = shotkind_export(folder, "--out", out, "--select", "best-per-person", "--roster", plain,
                           "--preset", "linkedin", "--name", "{person}_{preset}", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    names = {p.name for p in out.glob("*.jpg")}
    assert {"Alex Kim (sitter 3)_linkedin.jpg", "Alex Kim (sitter 5)_linkedin.jpg"} <= names


def test_the_dialog_is_told_before_it_delivers(day, roster, tmp_path):
    """export_concerns is what the export dialog asks about before it starts."""
    folder = _copy(day, tmp_path)
    settings = ExportSettings(tmp_path / "out", [PRESETS["linkedin"]], parse_selection("best-per-person"),
                              template="{person}_{preset}", roster=read_roster(roster), jobs=1)
    assert [line.startswith("sitters 3 and 5 are different people named Alex Kim")
            for line in export_concerns(folder, settings).namesakes] == [True]
    settings.template, settings.roster = "{name}_{preset}", None
    settings.selection = parse_selection("picks")
    assert export_concerns(folder, settings).namesakes == []       # not a delivery by person


def test_what_tells_namesakes_apart_email_then_an_id_then_any_column_that_differs():
    def sitters(header, *rows):
        roster = roster_from_table(header, [list(row) for row in rows])
        return [Sitter(i + 1, (f"IMG_{i}.jpg",), row.name, row) for i, row in enumerate(roster.rows)]
    by_id = sitters(["Name", "Employee ID", "Team"], ("Alex Kim", "E17", "Sales"), ("alex  kim", "E42", "Sales"))
    assert told_apart(by_id) == {1: "Alex Kim (E17)", 2: "alex kim (E42)"}
    by_team = sitters(["Name", "Email", "Team"], ("Alex Kim", "", "Sales"), ("Alex Kim", "", "Finance"),
                      ("Bo Lind", "bo@x", "Sales"))
    assert told_apart(by_team) == {1: "Alex Kim (Sales)", 2: "Alex Kim (Finance)"}
    same = sitters(["Name", "Team"], ("Alex Kim", "Sales"), ("Alex Kim", "Sales"))
    assert told_apart(same) == {1: "Alex Kim (sitter 1)", 2: "Alex Kim (sitter 2)"}
    walk_in = [*by_team[:1], Sitter(4, ("IMG_9.jpg",), "Alex Kim")]          # typed, no roster row
    assert told_apart(walk_in) == {1: "Alex Kim (sitter 1)", 4: "Alex Kim (sitter 4)"}
    assert namesake_lines(by_team[2:]) == []
