"""A reject is the photographer's "never deliver this": an export delivers one only when
its selection names rejects (`rejects`, or `all`), whatever else it asks for, and says
how many it left out and why. A tester's `--select headshots` and `rating>=4` delivered
rejected frames (a reject keeps its stars) with no word and exit 0; the dialog's
Headshots and Rated at least did the same."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog, FileIdentity
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.decisions.selection import FrameFilter, parse_selection
from shotkind_desktop.core.decisions.xmp import write_sidecar
from shotkind_desktop.core.delivery.export import ExportSettings, run_export
from shotkind_desktop.core.delivery.export_presets import PRESETS
from shotkind_desktop.core.files.scan import scan_shoot
from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot

from darktable import darktable_imports

CHECKOUT = Path(__file__).resolve().parents[2]
REJECTED = "df_img11.jpg"          # a headshot, rejected with five stars
PICKED = "df_img13.jpg"            # a headshot, picked with four
KEPT = "df_img7.jpg"               # a headshot, unflagged with four


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, photos) -> Path:
    folder = tmp_path_factory.mktemp("rejects") / "shoot"
    folder.mkdir()
    for name in (REJECTED, PICKED, KEPT):
        shutil.copy2(photos / name, folder / name)
    paths = scan_shoot(folder)
    results = analyze_shoot(folder, paths, jobs=1)
    assert all(result.kind == "headshot" for result in results), [r.kind for r in results]
    with Catalog.open(folder) as catalog:
        catalog.save_results([(p.name, FileIdentity.of(p), r) for p, r in zip(paths, results)])
        catalog.save_decisions({REJECTED: Decision(REJECT, 5, "Red"), PICKED: Decision(PICK, 4, "Red"),
                                KEPT: Decision(rating=4)})
    return folder


@pytest.fixture
def shoot(analysed, tmp_path) -> Path:
    folder = tmp_path / "shoot"
    shutil.copytree(analysed, folder, copy_function=shutil.copy2)   # times kept: cache valid
    return folder


def _export(shoot: Path, out: Path, selection: FrameFilter, **more):
    return run_export(shoot, ExportSettings(out, [PRESETS["original"]], selection, jobs=1, **more))


@pytest.mark.parametrize("selection", ["headshots", "rating>=4", "label=red", "headshots,rating>=5",
                                       "best-of-group"])
def test_a_selection_that_does_not_name_rejects_leaves_them_out_and_says_so(shoot, tmp_path, selection):
    out = tmp_path / "out"
    report = _export(shoot, out, parse_selection(selection))
    assert REJECTED not in {item.source for item in report.items}
    assert not list(out.glob("df_img11*")), "a rejected frame was delivered"
    assert report.rejects_left_out == [REJECTED]
    assert report.rejects_left_out_line() == (
        "1 rejected frame left out (df_img11.jpg): a reject is delivered only when the selection "
        "names rejects (rejects or all)")
    document = json.loads((out / "manifest.json").read_text(encoding="utf-8")) if report.manifest else None
    if document is not None:
        assert document["rejects_left_out"] == [REJECTED]
    assert report.exit_code == 0


@pytest.mark.parametrize("selection", ["all", "rejects", "rejects,rating>=5", "all,headshots"])
def test_a_selection_that_names_rejects_delivers_them(shoot, tmp_path, selection):
    report = _export(shoot, tmp_path / "out", parse_selection(selection))
    assert REJECTED in {item.source for item in report.exported}
    assert report.rejects_left_out == []


def test_the_grids_selection_leaves_a_reject_out_too(shoot, tmp_path):
    """The dialog's "Selected frames": a shift-click over a burst takes its reject along."""
    report = _export(shoot, tmp_path / "out", FrameFilter(), only=[REJECTED, PICKED])
    assert [item.source for item in report.exported] == [PICKED]
    assert report.rejects_left_out == [REJECTED]


def test_a_reject_stays_one_after_darktable_imports_the_folder(shoot, tmp_path):
    """A tester culled, darktable imported the folder (its own sidecars, 1 star each),
    and the next export delivered the rejects: darktable's default was read as the
    photographer un-rejecting them."""
    with Catalog.open(shoot) as catalog:
        keeper = DecisionKeeper(shoot, catalog, [REJECTED, PICKED, KEPT])
        keeper.apply([REJECTED], lambda d: Decision(REJECT, 5, "Red"))    # sidecars written
    for name in (REJECTED, PICKED, KEPT):
        darktable_imports(shoot / name)
    report = _export(shoot, tmp_path / "out", parse_selection("headshots"))
    assert REJECTED not in {item.source for item in report.exported}
    assert report.rejects_left_out == [REJECTED]


def test_picks_and_best_per_person_leave_nothing_to_say(shoot, tmp_path):
    assert _export(shoot, tmp_path / "picks", parse_selection("picks")).rejects_left_out == []


def _export_command(shoot: Path, out: Path, selection: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "shotkind_desktop", "export", str(shoot), "--out", str(out),
                           "--select", selection, "--preset", "original", "--jobs", "1"],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(CHECKOUT)})


def test_the_command_names_the_rejects_it_left_out(shoot, tmp_path):
    out = tmp_path / "out"
    done = _export_command(shoot, out, "headshots")
    assert done.returncode == 0, done.stderr
    assert "exported 2 files from 2 frames" in done.stdout
    assert ("shotkind export: 1 rejected frame left out (df_img11.jpg): a reject is delivered only "
            "when the selection names rejects (rejects or all)") in done.stderr
    assert {p.name for p in out.glob("*.jpg")} == {"df_img13_original.jpg", "df_img7_original.jpg"}


def test_the_clients_rejected_choices_are_named_not_counted(shoot_of, tmp_path):
    """A tester's client chose IMG_0004, IMG_0012 and IMG_0212, two of them rejects; the
    export of the client's purple label said "2 rejected frames left out", and which
    two stayed home only the manifest knew. Five are named as the first three and a
    count, so the line stays readable."""
    names = ("df_img11.jpg", "df_img12.jpg", "df_img13.jpg", "df_img14.jpg", "df_img15.jpg", "df_img7.jpg")
    shoot = shoot_of(names)
    write_sidecar(shoot / "df_img7.jpg", Decision(PICK, label="Purple"))
    for name in names[:2]:
        write_sidecar(shoot / name, Decision(REJECT, label="Purple"))
    done = _export_command(shoot, tmp_path / "two", "label=purple")
    assert done.returncode == 0, done.stderr
    assert ("shotkind export: 2 rejected frames left out (df_img11.jpg, df_img12.jpg): a reject is "
            "delivered only when the selection names rejects (rejects or all)") in done.stderr
    for name in names[2:5]:
        write_sidecar(shoot / name, Decision(REJECT, label="Purple"))
    report = _export(shoot, tmp_path / "five", parse_selection("label=purple"))
    assert [item.source for item in report.exported] == ["df_img7.jpg"]
    left_out = report.rejects_left_out           # in capture order
    assert sorted(left_out) == sorted(names[:5])
    assert report.rejects_left_out_line().startswith(
        f"5 rejected frames left out ({', '.join(left_out[:3])} and 2 more): ")
