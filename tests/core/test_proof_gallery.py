"""The proof gallery's folder (issue 19), without a browser: what the client receives
holds no scores, reasons, paths or capture EXIF and loads nothing from the internet;
labels are the stems the import reads back; the watermark is drawn; the CLI says what
cannot be combined. tests/test_gallery_in_browser.py drives the page itself."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
from shotkind_desktop.core.decisions.catalog import Catalog, FileIdentity
from shotkind_desktop.core.report import json_report
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.delivery.choice_matching import FrameIndex
from shotkind_desktop.core.delivery.proof_gallery import GallerySettings, frame_labels, page_text, watermarked
from shotkind_desktop.core.shoot import scan_frames

CHECKOUT = Path(__file__).resolve().parents[2]
PHOTOS = ("df_img11.jpg", "df_img13.jpg", "df_img14.jpg", "fr_obama.jpg")


def export(*args) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    return subprocess.run([sys.executable, "-m", "shotkind_desktop", "export", *map(str, args)],
                          capture_output=True, text=True, env=environment, timeout=300)


def page_data(gallery: Path) -> dict:
    text = (gallery / "index.html").read_text(encoding="utf-8")
    return json.loads(re.search(r"const GALLERY = (.*);\n", text)[1].replace("<\\/", "</"))


@pytest.fixture
def analysed_shoot(shoot_of, tmp_path) -> Path:
    """A shoot with picks and its analysis in the catalog, so scores and reasons exist to
    leak; the analysis also as analyze's JSON report, to know what to look for."""
    folder = shoot_of(PHOTOS)
    names = scan_frames(folder).names()
    results = analyze_shoot(folder, [folder / name for name in names], jobs=1)
    (tmp_path / "report.json").write_text(json_report(str(folder), "yunet", results))
    with Catalog.open(folder) as catalog:
        catalog.save_results([(name, FileIdentity.of(folder / name), result)
                              for name, result in zip(names, results)])
        DecisionKeeper(folder, catalog, scan_frames(folder).names()).apply(
            list(PHOTOS[:3]), lambda d: Decision(PICK, 4, "Green"))
    return folder


def test_the_client_gets_pictures_and_a_page_and_nothing_of_the_shoot(analysed_shoot, tmp_path):
    gallery = tmp_path / "Acme proofs"
    done = export(analysed_shoot, "--out", gallery, "--preset", "proof-gallery",
                  "--title", "Acme headshots", "--limit", "2", "--creator", "Jane Doe")
    assert done.returncode == 0, done.stderr
    assert "exported 3 proofs in a gallery from 3 frames" in done.stdout
    files = sorted(p.relative_to(gallery).as_posix() for p in gallery.rglob("*") if p.is_file())
    assert files == ["index.html", *[f"photos/{Path(n).stem}.jpg" for n in PHOTOS[:3]],
                     *[f"photos/small/{Path(n).stem}.jpg" for n in PHOTOS[:3]]]
    report = json.loads((tmp_path / "report.json").read_text())
    reasons = {reason for frame in report["frames"] for reason in frame["reasons"]}
    scores = {f"{frame['headshot_score']:.1f}" for frame in report["frames"]
              if frame["headshot_score"] >= 10}
    assert len(scores) >= 2
    secrets = [str(analysed_shoot), str(tmp_path), ".shotkind", "catalog", "headshot_score",
               "portrait", "manifest", "Green", "rating", *reasons]
    for path in gallery.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in secrets:
                assert secret.encode() not in data, f"{secret!r} in {path.name}"
    page = (gallery / "index.html").read_text(encoding="utf-8")
    assert not [score for score in scores if score in page]
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", page, re.IGNORECASE)
    assert not re.search(r"\b(src|href)=[\"']?(https?:|//)", page)
    data = page_data(gallery)
    assert data["title"] == "Acme headshots" and data["limit"] == 2
    in_capture_order = [Path(n).stem for n in scan_frames(analysed_shoot).names() if n in PHOTOS[:3]]
    assert [f["label"] for f in data["sections"][0]["frames"]] == in_capture_order
    with Image.open(gallery / "photos" / "df_img11.jpg") as picture:
        assert max(picture.size) == 2048 or max(picture.size) == max(Image.open(
            analysed_shoot / "df_img11.jpg").size)
        exif = picture.getexif()
        assert set(exif) <= {0x0112}, "capture EXIF (camera, serial, time) stays with the photographer"
        assert b"Jane Doe" in picture.info.get("xmp", b"")
    with Image.open(gallery / "photos" / "small" / "df_img11.jpg") as small:
        assert max(small.size) <= 640


def test_the_watermark_is_drawn_in_the_lower_right_corner(shoot_of, tmp_path):
    shoot = shoot_of(("df_img13.jpg",))
    plain, marked = tmp_path / "plain", tmp_path / "marked"
    assert export(shoot, "--out", plain, "--preset", "proof-gallery", "--select", "all").returncode == 0
    assert export(shoot, "--out", marked, "--preset", "proof-gallery", "--select", "all",
                  "--watermark", "© Jane Doe Photography").returncode == 0
    for size in ("photos", "photos/small"):
        a = np.asarray(Image.open(plain / size / "df_img13.jpg"), dtype=np.int16)
        b = np.asarray(Image.open(marked / size / "df_img13.jpg"), dtype=np.int16)
        height, width = a.shape[:2]
        corner = np.abs(a - b)[int(height * 0.85):, int(width * 0.4):].mean()
        rest = np.abs(a - b)[: int(height * 0.7)].mean()
        assert corner > 4 * max(rest, 0.2), (size, corner, rest)


def test_the_watermark_draws_accents_dashes_and_signs():
    """A tester's "© Jo Lens – proof" came out with an empty box for the dash on every proof:
    Pillow's own font has ASCII only. Each character below must draw as itself, not as
    the box a font draws for a character it lacks (a private-use one has no glyph)."""
    image = Image.new("RGB", (800, 600), (128, 128, 128))

    def drawn(text: str) -> np.ndarray:
        return np.asarray(watermarked(image, text), dtype=np.int16)
    missing = drawn("\ue000")
    for character in "–—éÉßŁó®€•":
        assert np.abs(drawn(character) - missing).sum() > 0, character


def test_labels_are_stems_unless_two_frames_share_one():
    assert frame_labels(["IMG_1.JPG", "IMG_2.jpg", "img_2.png", "day2/IMG_3.jpg"]) == {
        "IMG_1.JPG": "IMG_1", "IMG_2.jpg": "IMG_2.jpg", "img_2.png": "img_2.png",
        "day2/IMG_3.jpg": "IMG_3"}


def test_stems_alike_to_the_import_of_a_choice_are_alike_to_the_labels():
    """A stem typed with a composed accent and one with a separate mark (as macOS writes
    names), in another case, are one name to the import of the client's choice: each
    frame's label must then be its whole name, which the import finds alone."""
    composed, decomposed = "Zo\u00eb.jpg", "ZOE\u0308.png"
    labels = frame_labels([composed, decomposed])
    assert labels == {composed: composed, decomposed: decomposed}
    index = FrameIndex({name: (Path(name),) for name in labels})
    assert [index.lookup(label) for label in labels.values()] == [[composed], [decomposed]]


def test_a_gallery_of_frames_sharing_a_stem_comes_back_to_the_right_frames(shoot_of, shared, tmp_path):
    shoot = shoot_of(("df_img11.jpg",))
    shutil.copy2(shared / "photos-more" / "bgan_vFG137.png", shoot / "df_img11.png")
    gallery = tmp_path / "g"
    assert export(shoot, "--out", gallery, "--preset", "proof-gallery", "--select", "all").returncode == 0
    labels = [f["label"] for f in page_data(gallery)["sections"][0]["frames"]]
    assert sorted(labels) == ["df_img11.jpg", "df_img11.png"]
    assert len(list((gallery / "photos").glob("*.jpg"))) == 2


def test_a_label_names_one_frame_of_the_whole_shoot_not_only_of_the_gallery(shoot_of, shared, tmp_path):
    """A tester's gallery held IMG_2050.JPG but not IMG_2050.png beside it: its label was
    the bare stem, and the client's choice file then matched two frames of the shoot."""
    shoot = shoot_of(("df_img11.jpg",))
    shutil.copy2(shared / "photos-more" / "bgan_vFG137.png", shoot / "df_img11.png")
    keeper = DecisionKeeper(shoot, Catalog.open(shoot), ["df_img11.jpg", "df_img11.png"])
    keeper.apply(["df_img11.jpg"], lambda d: Decision(PICK))
    keeper.catalog.close()
    gallery = tmp_path / "g"
    assert export(shoot, "--out", gallery, "--preset", "proof-gallery").returncode == 0      # the picks
    [label] = [f["label"] for f in page_data(gallery)["sections"][0]["frames"]]
    assert label == "df_img11.jpg"
    assert frame_labels(["df_img11.jpg"]) == {"df_img11.jpg": "df_img11"}       # without the shoot's names
    chosen = subprocess.run([sys.executable, "-m", "shotkind_desktop", "select", str(shoot), "--from", "-"],
                            input=label, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert chosen.returncode == 0, chosen.stderr


def test_a_second_gallery_into_the_same_folder_needs_overwrite(shoot_of, tmp_path):
    shoot = shoot_of(("df_img11.jpg", "df_img13.jpg"))
    gallery = tmp_path / "g"
    assert export(shoot, "--out", gallery, "--preset", "proof-gallery", "--select", "all").returncode == 0
    again = export(shoot, "--out", gallery, "--preset", "proof-gallery", "--select", "all")
    assert again.returncode == 2 and "already holds a proof gallery" in again.stderr
    assert len(page_data(gallery)["sections"][0]["frames"]) == 2       # the first one is whole
    (shoot / "df_img13.jpg").unlink()
    again = export(shoot, "--out", gallery, "--preset", "proof-gallery", "--select", "all",
                   "--overwrite", "--limit", "1")
    assert again.returncode == 0 and page_data(gallery)["limit"] == 1
    assert sorted(p.relative_to(gallery).as_posix() for p in gallery.rglob("*.jpg")) == [
        "photos/df_img11.jpg", "photos/small/df_img11.jpg"]       # none of the first one's left


@pytest.mark.parametrize("args, words", [
    (["--preset", "proof-gallery", "--preset", "linkedin"], "goes alone"),
    (["--preset", "proof-gallery", "--contact-sheet"], "goes alone"),
    (["--preset", "proof-gallery", "--limit", "0"], "--limit"),
    (["--title", "Acme"], "are for --preset proof-gallery"),
])
def test_what_a_gallery_cannot_be_combined_with_is_a_usage_error(shoot_of, tmp_path, args, words):
    done = export(shoot_of(("df_img11.jpg",)), "--out", tmp_path / "g", *args)
    assert done.returncode == 2 and words in done.stderr and done.stderr.count("\n") == 1


def test_the_choice_file_is_named_after_the_title_in_plain_letters():
    for title, name in (("Acme headshots, March", "my-choice-acme-headshots-march.txt"),
                        ("", "my-choice-proofs.txt"), ("Ünïcode ★", "my-choice-unicode.txt")):
        text = page_text([{"title": None, "frames": []}], GallerySettings(title))
        assert f'"file": "{name}"' in text


def test_a_disk_that_fills_leaves_no_page_that_looks_complete(shoot_of, tmp_path, monkeypatch):
    """A tester's gallery on a 900 KB disk: index.html showed the 2 of 18 proofs that fitted,
    with nothing to tell the client that any were missing, and the frames after the
    refused one were in no count. Now no page (an earlier one goes too when this run could
    have replaced its pictures), and every frame left out is named."""
    import errno

    import shotkind_desktop.core.delivery.proof_gallery as proof_gallery
    from shotkind_desktop.core.decisions.selection import parse_selection
    from shotkind_desktop.core.delivery.export import ExportSettings, run_export
    from shotkind_desktop.core.delivery.export_presets import Preset
    from shotkind_desktop.core.delivery.manifest import EXPORTED, NOT_REACHED_NOTE

    shoot, gallery = shoot_of(PHOTOS), tmp_path / "g"
    settings = ExportSettings(out=gallery, presets=[Preset(proof_gallery.GALLERY_PRESET, None, None, None, "")],
                              selection=parse_selection("all"), overwrite=True,
                              gallery=GallerySettings("Acme"), jobs=1)
    assert run_export(shoot, settings).exit_code == 0 and (gallery / "index.html").is_file()
    real, written = proof_gallery.write_jpeg, []

    def full_after_one_frame(image, path, *args, **kwargs):
        if len(written) == 2:                       # the first frame's picture and its small copy
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        written.append(path)
        return real(image, path, *args, **kwargs)

    monkeypatch.setattr(proof_gallery, "write_jpeg", full_after_one_frame)
    report = run_export(shoot, settings)
    assert report.disk_full and report.exit_code == 1
    assert not (gallery / "index.html").exists()
    assert any("index.html not written" in said for said in report.unwritten)
    assert sorted(item.source for item in report.items) == sorted(PHOTOS)
    assert [item.status == EXPORTED for item in report.items] == [True, False, False, False]
    assert [item.notes for item in report.items[2:]] == [[NOT_REACHED_NOTE]] * 2
