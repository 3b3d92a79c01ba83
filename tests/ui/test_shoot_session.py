"""A shoot driven without a window: ShootSession opens real photos, keeps decisions
(catalog and sidecars) with undo, analyses to completion, notices files changing and
the folder going away, and lets go of everything when closed."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions import decisions as rules
from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, UNFLAGGED
from shotkind_desktop.core.decisions.xmp import read_sidecar
from shotkind_desktop.ui.shoot_session import ShootSession

NAMES = ["df_img11.jpg", "df_img13.jpg", "df_img14.jpg"]
ANALYSIS_MS = 180_000


@pytest.fixture
def session(qtbot):
    opened = ShootSession(analysis_jobs=2)
    yield opened
    opened.close()


def kinds(shared_dir: Path) -> dict[str, str]:
    with (shared_dir / "photos" / "labels.csv").open() as handle:
        return {row["file"]: row["kind"] for row in csv.DictReader(handle)}


def test_decisions_reach_catalog_and_sidecars_and_undo_takes_them_back(session, shoot_of):
    folder = shoot_of(NAMES)
    changes = []
    session.decisions_changed.connect(changes.append)
    assert session.open(folder)
    assert sorted(frame.name for frame in session.shoot.frames) == NAMES

    session.decide(["df_img11.jpg", "df_img13.jpg"], lambda d: rules.set_flag(d, PICK))
    session.decide(["df_img13.jpg"], lambda d: rules.set_rating(d, 4))
    assert changes[-1]["df_img13.jpg"].rating == 4
    assert read_sidecar(folder / "df_img11.jpg").decision.flag == PICK
    assert session.keeper.decisions()["df_img13.jpg"].rating == 4

    session.history.undo()
    assert changes[-1]["df_img13.jpg"].rating == 0, "undo says what it changed back"
    assert read_sidecar(folder / "df_img13.jpg").decision.rating == 0
    session.history.undo()
    assert read_sidecar(folder / "df_img11.jpg").decision.flag == UNFLAGGED
    assert not session.history.canUndo()
    session.history.redo()
    assert read_sidecar(folder / "df_img11.jpg").decision.flag == PICK

    session.close()
    assert session.catalog is None and session.shoot is None
    again = ShootSession()
    try:
        assert again.open(folder)
        flags = {frame.name: frame.decision.flag for frame in again.shoot.frames}
        assert flags == {"df_img11.jpg": PICK, "df_img13.jpg": PICK, "df_img14.jpg": UNFLAGGED}
    finally:
        again.close()


def test_analysis_runs_to_completion_and_is_not_repeated_on_reopening(session, qtbot, shoot_of, shared_dir):
    folder = shoot_of(NAMES)
    arrived: dict = {}
    session.results_ready.connect(arrived.update)
    assert session.open(folder)
    assert session.analysing()
    with qtbot.waitSignal(session.analysis_finished, timeout=ANALYSIS_MS):
        session.start_analysis()           # without waiting for the grid's first screen
    assert sorted(arrived) == NAMES
    expected = kinds(shared_dir)
    for frame in session.shoot.frames:
        assert frame.result is arrived[frame.name], "the session's frames carry their results"
        assert frame.result.error is None
        assert frame.result.kind == expected[frame.name], frame.name
    session.close()

    with Catalog.open(folder) as catalog:
        assert set(catalog.results()) == set(NAMES)
    assert session.open(folder)
    assert not session.analysing(), "every result came from the catalog"
    assert all(frame.result is not None for frame in session.shoot.frames)


def test_frames_added_as_an_analysis_ends_are_analysed(session, qtbot, shoot_of):
    """A tester's card copy: frames arriving just as a run had finished its last frame
    were queued into it while it shut its workers down, and never analysed (10 of 280,
    the CPU idle). Each frame here is added the moment the one before is handed over."""
    folder = shoot_of(NAMES)
    assert session.open(folder)
    with qtbot.waitSignal(session.analysis_finished, timeout=ANALYSIS_MS):
        session.start_analysis()
    frames, analysed = list(session.shoot.frames), []

    def next_one(results: dict) -> None:
        analysed.extend(results)
        if len(analysed) < len(frames):
            session.analyse([frames[len(analysed)]])
    session.analysis.results_ready.connect(next_one)
    session.analyse(frames[:1])
    qtbot.waitUntil(lambda: len(analysed) == len(frames), timeout=ANALYSIS_MS)
    assert analysed == [frame.name for frame in frames]


def test_cancel_stops_the_analysis_and_says_so(session, qtbot, shoot_of):
    folder = shoot_of(NAMES)
    notices, arrived = [], []
    session.outcome.connect(notices.append)
    session.results_ready.connect(arrived.append)
    assert session.open(folder)
    session.start_analysis()
    session.cancel_analysis()
    assert notices[-1].startswith("Analysis cancelled")
    qtbot.waitUntil(lambda: not session.analysing(), timeout=10_000)   # running frames are abandoned
    qtbot.wait(300)
    assert arrived == [], "late results of a cancelled analysis are dropped"
    assert all(frame.result is None for frame in session.shoot.frames)


def test_the_frames_on_screen_are_forgotten_with_the_shoot(session, shoot_of, tmp_path, monkeypatch):
    """The next shoot's analysis starts from its own screen, not from the frames the
    last shoot showed. (Failed before: the closed shoot's names were put first.)"""
    assert session.open(shoot_of(NAMES))
    session.prioritise(NAMES[:1])
    session.close()
    other = tmp_path / "other"
    shutil.copytree(tmp_path / "shoot", other)
    (other / NAMES[0]).unlink()
    assert session.open(other)
    put_first = []
    monkeypatch.setattr(session.analysis, "prioritise", put_first.append)
    session.start_analysis()
    session.cancel_analysis()
    assert put_first == [[]]


def test_a_missing_or_empty_folder_is_a_problem_and_the_open_shoot_stays(session, shoot_of, tmp_path):
    folder = shoot_of(NAMES[:1])
    problems = []
    session.problem.connect(problems.append)
    assert session.open(folder)
    assert not session.open(tmp_path / "not-there")
    assert "is not there" in problems[-1][0]
    (tmp_path / "empty").mkdir()
    assert not session.open(tmp_path / "empty")
    assert problems[-1][0] == "No photos in “empty”"
    assert session.folder == folder and session.catalog is not None


def test_a_read_only_catalog_refuses_decisions_with_a_reason(session, shoot_of):
    folder = shoot_of(NAMES[:1])
    holder = Catalog.open(folder, exclusive=True)       # another window has the shoot open
    try:
        problems = []
        session.problem.connect(problems.append)
        assert session.open(folder)
        assert session.decide(["df_img11.jpg"], lambda d: rules.set_flag(d, REJECT)) == {}
        assert problems and "read-only" in " ".join(problems[-1]).lower()
        assert read_sidecar(folder / "df_img11.jpg") is None
    finally:
        holder.close()


def test_a_changed_file_is_read_anew_and_a_vanished_folder_closes_the_shoot(session, shoot_of, shared_dir):
    folder = shoot_of(NAMES)
    changed, gone = [], []
    session.files_changed.connect(changed.append)
    session.gone.connect(gone.append)
    assert session.open(folder)
    shutil.copy(shared_dir / "photos" / "df_img18.jpg", folder / "df_img13.jpg")   # edited elsewhere
    os.utime(folder / "df_img13.jpg", (1, 1))
    assert session.recheck_files() == ["df_img13.jpg"]
    assert changed == [["df_img13.jpg"]]
    assert session.analysing(), "the changed frame is analysed again"

    folder.rename(folder.with_name("renamed"))
    assert session.recheck_files() == []
    assert gone == [folder]
    assert session.shoot is None and session.catalog is None


def test_an_adjusted_guide_is_kept_and_undone(session, shoot_of):
    folder = shoot_of(NAMES[:1])
    shown = []
    session.guides_changed.connect(shown.append)
    assert session.open(folder)
    box = (10, 20, 300, 300)
    session.save_guide("df_img11.jpg", "1:1", box)
    assert session.adjustments["df_img11.jpg"]["1:1"] == box
    assert session.catalog.crops("df_img11.jpg")["1:1"] == box
    assert shown == [], "the view shows a dragged guide already"
    session.history.undo()
    assert "1:1" not in session.catalog.crops("df_img11.jpg")
    assert "1:1" not in session.adjustments["df_img11.jpg"]
    assert shown == ["df_img11.jpg"]


def test_an_adjusted_guide_does_not_follow_a_replaced_photo(session, shoot_of, shared_dir):
    """A tester moved a guide, then another photo was copied over the file while the shoot
    was open: the delivery cut the new face with the old crop. The guide is let go of
    with a word, stays let go of when the shoot is opened again, and Ctrl+Z does not put
    the old photo's guide back on the new one (a review found it did)."""
    folder = shoot_of(NAMES[:1])
    said = []
    session.outcome.connect(said.append)
    assert session.open(folder)
    session.save_guide("df_img11.jpg", "1:1", (10, 20, 300, 300))
    session.save_guide("df_img11.jpg", "1:1", (30, 20, 300, 300))
    (folder / "df_img11.jpg").write_bytes((shared_dir / "photos" / "fr_obama.jpg").read_bytes())
    assert session.recheck_files() == ["df_img11.jpg"]
    assert "df_img11.jpg" not in session.adjustments
    assert said[-1] == "df_img11.jpg changed on disk: its adjusted crop guides no longer apply"
    assert not session.reset_guides("df_img11.jpg")          # nothing adjusted on this photo
    session.history.undo()
    assert said[-1].startswith("Not undone on df_img11.jpg") and "df_img11.jpg" not in session.adjustments
    assert session.catalog.crops("df_img11.jpg", session._picture("df_img11.jpg")) == {}
    session.close()
    assert session.open(folder)
    assert "df_img11.jpg" not in session.adjustments


def test_captions_written_into_the_photo_keep_its_adjusted_guide(session, shoot_of):
    """Photo Mechanic writing a caption into the JPEG while the shoot is open changes the
    file, not the picture: the photographer's guide stays."""
    import subprocess
    folder = shoot_of(NAMES[:1])
    assert session.open(folder)
    session.save_guide("df_img11.jpg", "1:1", (10, 20, 300, 300))
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-IPTC:Caption-Abstract=Jane Doe, CFO",
                    str(folder / "df_img11.jpg")], check=True)
    assert session.recheck_files() == ["df_img11.jpg"]
    assert session.adjustments["df_img11.jpg"] == {"1:1": (10, 20, 300, 300)}
    session.close()
    assert session.open(folder)
    assert session.adjustments["df_img11.jpg"] == {"1:1": (10, 20, 300, 300)}


def test_a_catalog_kept_elsewhere_is_said_plainly_and_decisions_still_land(session, shoot_of):
    """A shoot folder that cannot hold the catalog (here: a file where its .shotkind folder
    would be) opens with its catalog in ShotKind's data folder, and the message bar says
    so and where, instead of a status-bar line; decisions still reach that catalog and the
    sidecars. With Preferences asking for the data folder, nothing is said."""
    from shotkind_desktop.ui import settings
    folder = shoot_of(NAMES[:1])
    (folder / ".shotkind").write_text("not ShotKind's")
    problems = []
    session.problem.connect(problems.append)
    assert session.open(folder)
    assert session.catalog.path.parent.parent != folder
    assert problems and "kept in ShotKind's data folder" in problems[-1][0]
    assert str(session.catalog.path) in problems[-1][1]
    session.decide(["df_img11.jpg"], lambda d: rules.set_flag(d, PICK))
    assert session.catalog.decisions()["df_img11.jpg"].flag == PICK
    assert read_sidecar(folder / "df_img11.jpg").decision.flag == PICK
    session.close()
    settings.set_flag(settings.CATALOG_IN_DATA_FOLDER, True)
    problems.clear()
    assert session.open(folder)
    assert not any("data folder" in title for title, _ in problems)
