"""`shotkind export` run as a photographer runs it: exit codes 0/1/2, the reasons on
stderr, progress only on a terminal, and a shoot without a catalog left without one."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.decisions.xmp import write_sidecar
from shotkind_desktop.core.delivery.client_import import delivered_names
from shotkind_desktop.core.delivery.manifest import read_manifest

CHECKOUT = Path(__file__).resolve().parents[2]


def shotkind_export(*args, stderr=subprocess.PIPE) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    return subprocess.run([sys.executable, "-m", "shotkind_desktop", "export", *map(str, args)],
                          stdout=subprocess.PIPE, stderr=stderr, text=True, env=environment,
                          timeout=300)


@pytest.fixture
def shoot(shoot_of) -> Path:
    return shoot_of(("df_img11.jpg", "df_img13.jpg", "dlib_horses.jpg"))


def _fingerprints(folder: Path) -> dict:
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in folder.iterdir()}


@pytest.mark.parametrize("args, message", [
    (["--preset", "instagram"], "unknown preset"),
    (["--preset", "linkedin=1000x800"], "not 1:1"),
    (["--select", "favourites"], "unknown selection"),
    (["--select", "rating>=7"], "rating"),
    (["--name", "{persona}"], "unknown token"),
    (["--quality", "0"], "quality"),
    (["--copy-originals", "a", "--move-originals", "b"], "not allowed with"),
])
def test_usage_errors_exit_2_with_one_line(shoot, tmp_path, args, message):
    done = shotkind_export(shoot, "--out", tmp_path / "out", *args)
    assert done.returncode == 2
    assert message in done.stderr and done.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_missing_folder_and_out_inside_the_shoot_are_usage_errors(shoot, tmp_path):
    assert shotkind_export(tmp_path / "nowhere", "--out", tmp_path / "out").returncode == 2
    assert shotkind_export(shoot, "--out", shoot).returncode == 2
    assert shotkind_export(shoot).returncode == 2     # --out is required


def test_everything_exported_exits_0_without_touching_the_shoot(shoot, tmp_path):
    before = _fingerprints(shoot)
    done = shotkind_export(shoot, "--out", tmp_path / "out", "--select", "all",
                           "--preset", "original", "--preset", "web-4x5=800x1000",
                           "--select", "all", "--name", "{seq}-{name}-{preset}")
    assert _fingerprints(shoot) == before        # no catalog, no sidecar, no change
    assert done.returncode == 1                  # the horses have no face for web-4x5
    assert done.stderr.startswith("dlib_horses.jpg: original -> ")
    assert "; web-4x5 skipped: no face found" in done.stderr
    done = shotkind_export(shoot, "--out", tmp_path / "out2", "--select", "all",
                           "--preset", "original", "--name", "{seq}-{name}")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith("exported 3 files from 3 frames")
    assert done.stderr == ""                     # not a terminal: no progress
    names = sorted(p.name for p in (tmp_path / "out2").glob("*.jpg"))
    assert [n[:4] for n in names] == ["001-", "002-", "003-"]
    assert sorted(n[4:] for n in names) == sorted(before)
    assert _fingerprints(shoot) == before


def test_crops_sizes_and_manifest_from_the_command_line(shoot, tmp_path):
    out = tmp_path / "out"
    rated = sorted(p for p in shoot.iterdir() if p.suffix.lower() == ".jpg")[0]
    write_sidecar(rated, Decision(rating=3))
    done = shotkind_export(shoot, "--out", out, "--select", "all", "--preset", "linkedin",
                           "--preset", "web-4x5=800x1000", "--contact-sheet",
                           "--copy-originals", tmp_path / "copies", "--jobs", "1")
    assert done.returncode == 1
    rows = read_manifest(out)
    exported = [r for r in rows if r["status"] == "exported"]
    assert len(exported) == 4
    for row in exported:
        with Image.open(out / row["output"]) as image:
            assert image.size == ((1200, 1200) if row["preset"] == "linkedin" else (800, 1000))
    assert (out / "contact-sheet.pdf").read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):     # the client finds and copies the names they choose
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out / "contact-sheet.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert {row["source"] for row in exported} <= set(text.split()), text
    assert sorted(p.name for p in (tmp_path / "copies").iterdir()) == sorted(p.name for p in shoot.iterdir())
    # a re-tester read "4 originals copied" as four photos where two were sidecars
    pictures = sum(1 for p in shoot.iterdir() if p.suffix.lower() != ".xmp")
    assert f", {pictures} originals and 1 sidecar copied" in done.stdout, done.stdout


def test_progress_goes_to_stderr_on_a_terminal(shoot, tmp_path):
    leader, follower = pty.openpty()
    try:
        done = shotkind_export(shoot, "--out", tmp_path / "out", "--select", "all",
                               "--preset", "original", stderr=follower)
        os.close(follower)
        follower = None
        written = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            written += chunk
    finally:
        os.close(leader)
        if follower is not None:
            os.close(follower)
    assert done.returncode == 0
    assert b"\rexporting" in written and b"3/3" in written


def test_the_export_runs_without_qt():
    check = ("import sys\n"
             "import shotkind_desktop.core.delivery.export, shotkind_desktop.core.delivery.export_trash\n"
             "import shotkind_desktop.core.delivery.contact_sheet, shotkind_desktop.cli\n"
             "qt = [m for m in sys.modules if m.startswith('PySide6')]\n"
             "assert not qt, qt\n")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(CHECKOUT)})
    assert done.returncode == 0, done.stderr


def test_a_full_disk_stops_the_export_at_the_first_refused_file(tmp_path, shared, monkeypatch):
    import errno
    import os

    import shotkind_desktop.core.delivery.export as export
    from shotkind_desktop.core.delivery.export import ExportSettings, run_export
    from shotkind_desktop.core.delivery.export_presets import PRESETS
    from shotkind_desktop.core.decisions.selection import parse_selection

    shoot = tmp_path / "shoot"
    shoot.mkdir()
    for name in ("df_img11.jpg", "df_img12.jpg", "df_img13.jpg"):
        (shoot / name).write_bytes((shared / "photos" / name).read_bytes())
    written = []

    def full_after_one(path, *args, **kwargs):
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        written.append(path)
        return real(path, *args, **kwargs)

    real = export.write_jpeg
    monkeypatch.setattr(export, "write_jpeg", full_after_one)
    report = run_export(shoot, ExportSettings(out=tmp_path / "out", presets=[PRESETS["original"]],
                                              selection=parse_selection("all")))
    assert report.disk_full and report.exit_code == 1
    assert len(report.exported) == 1 and len(report.problems) == 2
    assert "the disk is full" in report.problems[0].notes[0]
    # the frame after it was not tried: said so, in the summary's count and the manifest
    # (failed before: left out of both, the summary saying "1 not exported" of 3)
    assert "stopped before it" in report.problems[1].notes[0]
    listed = {row["source"]: row["status"] for row in read_manifest(tmp_path / "out")}
    assert sorted(listed) == ["df_img11.jpg", "df_img12.jpg", "df_img13.jpg"]
    assert sorted(listed.values()) == ["exported", "failed", "failed"]


def test_the_command_counts_the_frames_a_full_disk_left_untried_in_one_line(tmp_path, shared, monkeypatch,
                                                                           capsys):
    import errno

    import shotkind_desktop.core.delivery.export as export
    from shotkind_desktop import cli

    shoot = tmp_path / "shoot"
    shoot.mkdir()
    for photo in sorted((shared / "photos").glob("df_img1*.jpg"))[:6]:
        (shoot / photo.name).write_bytes(photo.read_bytes())
    real = export.write_jpeg

    def full_after_one(path, *args, **kwargs):
        if any((tmp_path / "out").glob("*.jpg")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(export, "write_jpeg", full_after_one)
    assert cli.main(["export", str(shoot), "--out", str(tmp_path / "out"), "--select", "all",
                     "--preset", "original", "--jobs", "1"]) == 1
    said = capsys.readouterr()
    assert "exported 1 file from 6 frames" in said.out and "5 not exported" in said.out
    rows = read_manifest(tmp_path / "out")             # in the order the export went
    untried = [row["source"] for row in rows if "stopped before it" in row["notes"]]
    assert len(untried) == 4
    assert (f"4 frames not tried ({', '.join(untried)}): the export stopped when the disk was full "
            "(the manifest lists them)") in said.err
    assert said.err.count("not written") == 1       # the one refused; not a line for each left out


def test_a_full_disk_names_the_frames_it_left_out_and_counts_only_the_files_written(tmp_path, shared,
                                                                                   monkeypatch, capsys):
    """A tester's full disk: the file it refused was named, the frame it never tried was
    not (on stderr), and nothing said what the delivery held. And a disk that fills on a
    frame's second preset left its third and fourth counted as exported, with no file."""
    import errno

    import shotkind_desktop.core.delivery.export as export
    from shotkind_desktop import cli

    shoot = tmp_path / "shoot"
    shoot.mkdir()
    for name in ("df_img11.jpg", "df_img12.jpg"):
        (shoot / name).write_bytes((shared / "photos" / name).read_bytes())
    real, out = export.write_jpeg, tmp_path / "out"

    def full_after_one(path, *args, **kwargs):
        if any(out.glob("*.jpg")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(export, "write_jpeg", full_after_one)
    assert cli.main(["export", str(shoot), "--out", str(out), "--select", "all", "--preset", "original",
                     "--preset", "linkedin=300x300", "--preset", "web-4x5=400x500", "--jobs", "1"]) == 1
    said = capsys.readouterr()
    first, second = (row["source"] for row in read_manifest(out) if row["preset"] == "original")
    assert "exported 1 file from 2 frames" in said.out and "5 not exported" in said.out
    assert [p.name for p in out.glob("*.jpg")] == [f"{Path(first).stem}_original.jpg"]
    assert (f"{first}: original -> {Path(first).stem}_original.jpg; linkedin not written: No space left on "
            "device — the disk is full; free some space or choose another folder, then export again; "
            "web-4x5 not tried") in said.err.splitlines()
    assert (f"shotkind export: the disk is full: {second} was not delivered, {first} only in part; 1 file "
            "delivered, each complete. Free some space and run the same export again: it keeps the files "
            "already in the folder and writes the rest (or choose another folder)") in said.err.splitlines()
    assert sorted(row["status"] for row in read_manifest(out)) == ["exported"] + ["failed"] * 5


def test_odd_file_names_keep_the_manifest_and_the_contact_sheet(shoot, tmp_path):
    """A newline in a name made the contact sheet raise (Pillow cannot measure two lines)
    after every JPEG was written, and the manifest was lost; a name that is not UTF-8
    could not be written into the manifest."""
    os.rename(shoot / "df_img11.jpg", shoot / "Smith\nfamily.jpg")
    os.rename(os.fsencode(shoot / "df_img13.jpg"), os.fsencode(shoot) + b"/Mu\xefller.jpg")
    out = tmp_path / "out"
    run = shotkind_export(shoot, "--out", out, "--select", "all", "--preset", "original",
                          "--contact-sheet", "--jobs", "1")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert (out / "contact-sheet.pdf").read_bytes().startswith(b"%PDF")
    sources = sorted(row["source"] for row in read_manifest(out))
    assert sources == ["Mu\\xefller.jpg", "Smith\nfamily.jpg", "dlib_horses.jpg"]
    assert len(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["items"]) == 3


def test_a_second_export_into_the_folder_keeps_describing_the_first(shoot, tmp_path):
    """A photographer exports banners, then runs again at another quality with LinkedIn
    squares added: the banners are there already (other bytes) and are refused, the
    squares are new. The manifest then
    still names the banners (from the first run, saying so) beside the squares, so a
    client's choice of a banner file maps back to its frame. (Before: the banners' rows
    said "failed" and named no file, and the client's banner names matched nothing.)"""
    out = tmp_path / "out"
    first = shotkind_export(shoot, "--out", out, "--select", "all", "--preset", "banner-16x9", "--jobs", "1")
    assert first.returncode == 1, first.stderr               # the horses have no face
    banners = {row["output"]: row for row in read_manifest(out) if row["status"] == "exported"}
    assert set(banners) == {"df_img11_banner-16x9.jpg", "df_img13_banner-16x9.jpg"}

    second = shotkind_export(shoot, "--out", out, "--select", "all", "--preset", "banner-16x9",
                             "--preset", "linkedin", "--jobs", "1", "--quality", "85")
    assert second.returncode == 1, second.stderr
    rows = read_manifest(out)
    delivered = {row["output"]: row for row in rows if row["status"] == "exported"}
    assert set(delivered) == {*banners, "df_img11_linkedin.jpg", "df_img13_linkedin.jpg"}
    assert all(name in delivered and (out / name).is_file() for name in banners)
    for name, row in banners.items():
        assert delivered[name]["source"] == row["source"]
        assert delivered[name]["crop_width"] == row["crop_width"]
        assert "delivered by an earlier export" in delivered[name]["notes"]
    assert not any("earlier export" in delivered[name]["notes"] for name in delivered if "linkedin" in name)
    assert delivered_names([out]) == {name: row["source"] for name, row in delivered.items()}
    items = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["items"]
    assert sorted(item["output"] for item in items if item["status"] == "exported") == sorted(delivered)
    # the refused banners are not also listed as failed: the folder holds them
    assert {(row["source"], row["preset"]) for row in rows if row["status"] == "failed"} == set()

    third = shotkind_export(shoot, "--out", out, "--select", "all", "--preset", "banner-16x9",
                            "--preset", "linkedin", "--preset", "web-4x5", "--jobs", "1", "--quality", "80")
    assert third.returncode == 1, third.stderr
    again = {row["output"]: row for row in read_manifest(out) if row["status"] == "exported"}
    assert set(delivered) < set(again)
    assert all(again[name]["notes"].count("delivered by an earlier export") == 1 for name in delivered)
    assert "from an earlier export" not in second.stderr + third.stderr, "the banners were chosen again"


def test_a_second_export_that_does_not_choose_the_earlier_files_says_they_are_still_there(shoot, tmp_path):
    """A tester exported every frame, rejected one, exported the red ones again: the
    rejected frame's square stayed beside the new delivery and the command said nothing
    of it. Here the second run chooses banners, not the squares already there."""
    out = tmp_path / "out"
    shotkind_export(shoot, "--out", out, "--select", "all", "--preset", "linkedin", "--jobs", "1")
    assert {"df_img11_linkedin.jpg", "df_img13_linkedin.jpg"} <= {p.name for p in out.iterdir()}
    again = shotkind_export(shoot, "--out", out, "--select", "all", "--preset", "banner-16x9", "--jobs", "1")
    assert "2 files from an earlier export are still in the folder" in again.stderr, again.stderr

    # picks, one of them rejected since: nothing new to write (the pick's square is there,
    # the same bytes), said all the same (a review)
    write_sidecar(shoot / "df_img11.jpg", Decision(PICK))
    write_sidecar(shoot / "df_img13.jpg", Decision(REJECT))
    picks = shotkind_export(shoot, "--out", out, "--select", "picks", "--preset", "linkedin", "--jobs", "1")
    assert "exported 1 file" in picks.stdout and "byte for byte" in picks.stdout
    # df_img13's square, and the two banners
    assert "3 files from an earlier export are still in the folder" in picks.stderr, picks.stderr


def test_an_export_of_another_shoot_does_not_carry_the_first_shoots_rows(shoot_of, shared_dir, tmp_path):
    """Two shoots with a photo of the same name, exported into one folder: the second
    manifest must not map the first shoot's file to a frame of the second."""
    out = tmp_path / "out"
    first, second = shoot_of(("df_img11.jpg",)), tmp_path / "another shoot"
    second.mkdir()
    shutil.copy2(shared_dir / "photos" / "df_img13.jpg", second / "df_img11.jpg")
    assert shotkind_export(first, "--out", out, "--select", "all", "--preset", "banner-16x9",
                           "--jobs", "1").returncode == 0
    run = shotkind_export(second, "--out", out, "--select", "all", "--preset", "linkedin", "--jobs", "1")
    assert run.returncode == 0, run.stderr
    rows = read_manifest(out)
    assert [(row["output"], row["status"]) for row in rows] == [("df_img11_linkedin.jpg", "exported")]


def test_one_line_per_frame_says_what_happened_to_it(shoot, tmp_path):
    """An export with the nearest crop the frame holds is an export (stdout, with the note); a
    file already there is said as such, not as a failure of the crop. (Before: exported
    frames were not named, and a name clash read "failed: frame too tight ...: exported
    with the largest crop that fits; ... already exists".) Another quality makes other
    bytes: the same export again would find its own files and count them delivered."""
    out = tmp_path / "out"
    done = shotkind_export(shoot, "--out", out, "--select", "all", "--preset", "banner-16x9", "--jobs", "1")
    assert done.returncode == 1                  # the horses have no face
    lines = {line.split(": ", 1)[0]: line for line in done.stdout.splitlines()[:-1]}
    assert set(lines) == {"df_img11.jpg", "df_img13.jpg"}
    for name, line in lines.items():
        assert f"banner-16x9 -> {name[:-4]}_banner-16x9.jpg" in line
    assert any("the nearest crop the frame holds" in line for line in lines.values())
    assert done.stderr.splitlines() == ["dlib_horses.jpg: banner-16x9 skipped: no face found "
                                        "to place the 16:9 crop from"]

    again = shotkind_export(shoot, "--out", out, "--select", "all", "--preset", "banner-16x9", "--jobs", "1",
                            "--quality", "85")
    assert again.returncode == 1 and again.stdout.splitlines()[0].startswith("exported 0 files")
    problems = dict(line.split(": ", 1) for line in again.stderr.splitlines())
    assert problems["df_img11.jpg"] == ("banner-16x9 not written: df_img11_banner-16x9.jpg already exists "
                                        "in the output folder (allow overwriting to replace it)")
    # the manifest still names each file's frame, and says this run did not replace it
    assert "shotkind export" not in problems and len(problems) == 3
    rows = {row["output"]: row for row in read_manifest(out) if row["output"]}
    assert all(row["status"] == "exported" and "not replaced by this export" in row["notes"]
               for row in rows.values()) and len(rows) == 2
    assert all("already exists" in problems[name] and "fail" not in problems[name] and "crop" not in problems[name]
               for name in ("df_img11.jpg", "df_img13.jpg"))


def test_the_same_export_run_again_finds_what_a_killed_run_wrote(shoot, tmp_path):
    """An export killed before its manifest leaves its finished files; the same command
    again, in another process, counts them delivered (the same bytes: nothing in a file
    may depend on when it was made, not even its colour profile's date) and writes the
    rest and the manifest, exit 0. (Before: "already exists ... allow overwriting" for
    every finished file, exit 1, and a manifest without them.)"""
    out = tmp_path / "out"
    args = [shoot, "--out", out, "--select", "all", "--preset", "original", "--preset", "linkedin", "--jobs", "1"]
    first = shotkind_export(*args)
    assert first.returncode == 1, first.stderr            # the horses have no face for linkedin
    for manifest in out.glob("manifest.*"):
        manifest.unlink()
    (out / "df_img13_linkedin.jpg").unlink()              # killed before its last file
    kept = _fingerprints(out)
    again = shotkind_export(*args)
    assert again.returncode == 1 and "linkedin skipped: no face found" in again.stderr
    assert "already exists" not in again.stderr
    assert again.stdout.splitlines()[-1].startswith("exported 5 files from 3 frames")
    assert (again.stdout + again.stderr).count("byte for byte") == 4
    assert {name: seen for name, seen in _fingerprints(out).items() if name in kept} == kept   # untouched
    delivered = {row["output"] for row in read_manifest(out) if row["status"] == "exported"}
    assert delivered == {p.name for p in out.glob("*.jpg")} and len(delivered) == 5


def test_a_frame_delivered_with_its_eyes_closed_is_said(shoot_of, tmp_path):
    """A tester's picked blink went to LinkedIn and the command said nothing of it."""
    folder = shoot_of(("mm_onehand10k_9.jpg", "df_img13.jpg"))
    out = tmp_path / "out"
    done = shotkind_export(folder, "--out", out, "--select", "all", "--preset", "linkedin", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    said = [line for line in done.stderr.splitlines() if "was delivered with" in line]
    assert len(said) == 1 and said[0].startswith("shotkind export: mm_onehand10k_9.jpg was delivered with eyes closed")
    rows = {row["source"]: row for row in read_manifest(out)}
    assert "delivered with eyes closed" in rows["mm_onehand10k_9.jpg"]["notes"]
    assert "delivered with" not in rows["df_img13.jpg"]["notes"]


def test_the_command_line_names_a_crop_that_leaves_people_out(photos, tmp_path):
    """As the export dialog asks first: df_couple's LinkedIn crop keeps one of its two people."""
    folder = tmp_path / "couple"
    folder.mkdir()
    shutil.copy2(photos / "df_couple.jpg", folder / "df_couple.jpg")
    done = shotkind_export(folder, "--out", tmp_path / "out", "--select", "all", "--preset", "linkedin")
    assert done.returncode == 0, done.stderr
    assert "shotkind export: df_couple.jpg (linkedin): the crop keeps 1 of 2 people" in done.stderr.splitlines()
