"""Hidden temporaries a killed ShotKind left (a sidecar, an exported JPEG, a manifest, a
handed-over original caught between write and rename) are removed on the next run in
that folder; a young one (another window's write under way) and anyone else's file stay."""

from __future__ import annotations

import os
import time
from pathlib import Path

from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.delivery.export import ExportSettings, run_export
from shotkind_desktop.core.delivery.export_presets import PRESETS
from shotkind_desktop.core.leftovers import STALE_SECONDS, temporary_beside
from shotkind_desktop.core.decisions.xmp import write_sidecar


def left_by_a_kill(folder: Path, kind: str = "", data: bytes = b"\xff\xd8half a JPEG") -> Path:
    """A temporary as a kill between write and rename leaves it, some minutes ago."""
    path = temporary_beside(folder / "x", kind)
    path.write_bytes(data)
    old = time.time() - STALE_SECONDS - 60
    os.utime(path, (old, old))
    return path


def test_an_export_removes_what_a_killed_export_left(shoot_of, tmp_path):
    shoot = shoot_of(("df_img11.jpg",))
    write_sidecar(shoot / "df_img11.jpg", Decision(PICK))
    out, handed = tmp_path / "out", tmp_path / "handed"
    out.mkdir()
    handed.mkdir()
    stale = [left_by_a_kill(out), left_by_a_kill(out), left_by_a_kill(handed)]
    young = temporary_beside(out / "x")
    young.write_bytes(b"being written")
    theirs = out / ".~lock.notes.odt#"
    theirs.write_bytes(b"someone else's")
    report = run_export(shoot, ExportSettings(out, [PRESETS["original"]], originals=handed))
    assert report.exit_code == 0
    assert not [path for path in stale if path.exists()]
    assert young.exists() and theirs.exists()
    assert sorted(p.name for p in handed.iterdir()) == ["df_img11.jpg", "df_img11.xmp"]


def test_every_file_is_written_under_the_one_temporary_name(shoot_of, tmp_path, monkeypatch):
    """So the clean-up can find them: a sidecar, an export, a manifest, an original
    (renamed into place, or linked where nothing may be replaced)."""
    seen = []
    real_replace, real_link = os.replace, os.link

    def replace(source, target):
        seen.append(Path(source).name)
        return real_replace(source, target)

    def link(source, target, **options):
        seen.append(Path(source).name)
        return real_link(source, target, **options)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", link)
    shoot = shoot_of(("df_img11.jpg",))
    write_sidecar(shoot / "df_img11.jpg", Decision(PICK))
    run_export(shoot, ExportSettings(tmp_path / "out", [PRESETS["original"]], overwrite=True,
                                     originals=tmp_path / "handed"))
    assert len(seen) >= 5
    for name in seen:
        assert name.startswith(".shotkind-") and name.endswith(".tmp"), name
