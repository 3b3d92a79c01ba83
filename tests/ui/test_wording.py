"""Words a tester found not in a photographer's words (D8): "1 sitters", and a read-only
card that showed only "Catalog at …/ro_mnt-43b4….sqlite", not why."""

from __future__ import annotations

from pathlib import Path

from shotkind_desktop.ui import shoot_session
from shotkind_desktop.ui.shoot_session import catalog_place_words
from shotkind_desktop.ui.sitter_panel import sitters_summary


def test_one_sitter_is_one_sitter():
    assert sitters_summary(1, 1) == "1 sitter, 1 with something to do"
    assert sitters_summary(1, 0) == "1 sitter, with a pick"
    assert sitters_summary(5, 4) == "5 sitters, 4 with something to do"
    assert sitters_summary(5, 0) == "5 sitters, each with a pick"
    assert sitters_summary(0, 0) == "Sitters appear once the shoot is analysed"


def test_a_catalog_kept_elsewhere_says_why(tmp_path, monkeypatch):
    kept = tmp_path / "data" / "catalogs" / "ro_mnt-43b4.sqlite"
    said = catalog_place_words(tmp_path, kept)
    assert said.startswith("Your decisions are kept on this computer") and str(kept) in said
    # a read-only card (root, who runs these tests, may write anywhere: the check is os.access)
    monkeypatch.setattr(shoot_session.os, "access", lambda path, mode: Path(path) != tmp_path)
    said = catalog_place_words(tmp_path, kept)
    assert said.startswith("This folder is read-only, so your decisions are kept on this computer")
    assert str(kept) in said


def test_counted_says_one_in_the_singular():
    from shotkind_desktop.core.words import counted
    assert [counted(n, "frame") for n in (0, 1, 2)] == ["0 frames", "1 frame", "2 frames"]
    assert counted(1, "rejected frame") == "1 rejected frame"
