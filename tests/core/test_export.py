"""Exporting a headshot set from a real, analysed shoot: sizes per preset, the eye line,
decisions and adjusted crops from the catalog, manifest, contact sheet, name clashes,
originals left alone, and failures or a cancel that leave only complete files."""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
from shotkind_desktop.core.decisions.catalog import Catalog, FileIdentity
from shotkind_desktop.core.judgement.crops import RATIOS
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.files.decode import has_end_of_image
from shotkind_desktop.core.delivery.export import ALREADY_THERE_NOTE, ExportSettings, crop_for, run_export
from shotkind_desktop.core.delivery.export_presets import PRESETS, Preset, parse_preset
from shotkind_desktop.core.judgement.face_record import main_face
from shotkind_desktop.core.judgement.faces import find_faces, make_detector
from shotkind_desktop.core.delivery.manifest import (EXPORTED, FAILED, SKIPPED, ExportItem, earlier_deliveries,
                                                     read_manifest)
from shotkind_desktop.core.delivery.proof_gallery import GALLERY_PRESET, GallerySettings
from shotkind_desktop.core.files.picture_print import picture_print
from shotkind_desktop.core.files.scan import scan_shoot
from shotkind_desktop.core.decisions.selection import FrameFilter, parse_selection
from shotkind_desktop.core.decisions.xmp import write_sidecar

HEADSHOTS = ("df_img11.jpg", "df_img13.jpg", "df_img7.jpg", "fr_alex_lacamoire1.jpg")
NO_PERSON = "dlib_horses.jpg"
PORTRAIT = "df_img22.jpg"
PICKS = ("df_img13.jpg", "df_img7.jpg", "fr_alex_lacamoire1.jpg")
ADJUSTED = ("df_img13.jpg", "1:1", (700.0, 100.0, 900.0, 900.0))


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, photos) -> Path:
    """A handful of real photos with a catalog: analysis, picks, a reject, an adjusted crop."""
    folder = tmp_path_factory.mktemp("analysed") / "shoot"
    folder.mkdir()
    for name in (*HEADSHOTS, NO_PERSON, PORTRAIT):
        shutil.copy2(photos / name, folder / name)
    paths = scan_shoot(folder)
    results = analyze_shoot(folder, paths, jobs=2)
    with Catalog.open(folder) as catalog:
        catalog.save_results([(p.name, FileIdentity.of(p), r) for p, r in zip(paths, results)])
        catalog.save_decisions({**{name: Decision(PICK, 4, "Green") for name in PICKS},
                                PORTRAIT: Decision(REJECT, 1)})
        catalog.save_crop(ADJUSTED[0], ADJUSTED[1], ADJUSTED[2], picture=picture_print(folder / ADJUSTED[0]))
    return folder


@pytest.fixture
def shoot(analysed, tmp_path) -> Path:
    folder = tmp_path / "shoot"
    shutil.copytree(analysed, folder, copy_function=shutil.copy2)   # times kept: cache valid
    return folder


@pytest.fixture(scope="module")
def all_presets_export(analysed, tmp_path_factory):
    """One export of every frame with every preset and a contact sheet."""
    out = tmp_path_factory.mktemp("delivery")
    before = _fingerprints(analysed)
    report = run_export(analysed, ExportSettings(out, list(PRESETS.values()), parse_selection("all"),
                                                 contact_sheet=True, jobs=1))
    assert _fingerprints(analysed) == before, "an original changed during the export"
    return out, report


def _fingerprints(folder: Path) -> dict:
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in folder.iterdir() if p.is_file()}


def test_every_preset_gives_its_exact_size(all_presets_export, analysed):
    out, report = all_presets_export
    exported = report.exported
    assert {item.preset for item in exported} == set(PRESETS)
    for item in exported:
        with Image.open(out / item.output) as image:
            assert image.size == item.output_size
            preset = PRESETS[item.preset]
            if preset.width:
                assert image.size == (preset.width, preset.height), item
            elif preset.ratio:   # print: the crop's own pixels, at the ratio
                ratio_w, ratio_h = RATIOS[preset.ratio]
                assert abs(image.width * ratio_h / ratio_w - image.height) <= 1.5
                assert image.size == tuple(item.crop_box[2:])
            else:
                with Image.open(analysed / item.source) as source:
                    assert image.size == source.size


def test_a_frame_without_a_face_is_skipped_by_crop_presets_with_a_reason(all_presets_export):
    _out, report = all_presets_export
    horses = {item.preset: item for item in report.items if item.source == NO_PERSON}
    assert horses["original"].status == EXPORTED
    for name in ("linkedin", "web-4x5", "print-2x3", "banner-16x9"):
        assert horses[name].status == SKIPPED
        assert "no face" in horses[name].notes[0]
    assert report.exit_code == 1


def test_manifest_lists_every_output_with_its_crop_and_decision(all_presets_export, analysed):
    out, report = all_presets_export
    rows = read_manifest(out)
    assert len(rows) == len(report.items) == 6 * len(PRESETS)
    on_disk = {p.name for p in out.glob("*.jpg")}
    assert {row["output"] for row in rows if row["status"] == EXPORTED} == on_disk
    row = next(r for r in rows if r["source"] == "df_img7.jpg" and r["preset"] == "linkedin")
    assert (row["flag"], row["rating"], row["label"]) == ("pick", "4", "Green")
    assert float(row["headshot_score"]) > 0
    assert int(row["output_width"]) == 1200 and int(row["crop_width"]) == int(row["crop_height"])
    document = json.loads((out / "manifest.json").read_text())
    assert document["exported"] == len(on_disk) and len(document["items"]) == len(rows)
    tight = [r for r in rows if "too tight" in r["notes"]]
    assert all(r["preset"] != "original" for r in tight)


def test_headshot_eye_line_sits_where_the_guide_puts_it(all_presets_export, analysed):
    """In the 1:1 and 4:5 outputs of the labelled headshots, the eyes found again by the
    detector lie within 5% of the output height of the guide's eye line."""
    out, report = all_presets_export
    detector = make_detector("mtcnn")
    with Catalog(analysed / ".shotkind" / "catalog.sqlite") as catalog:   # closed, not left to GC
        results = {name: r for name, (_i, r) in catalog.results().items()}
    checked = 0
    for item in report.exported:
        if item.source not in HEADSHOTS or item.preset not in ("linkedin", "web-4x5"):
            continue
        guide = crop_for(results[item.source], PRESETS[item.preset].ratio,
                         {ADJUSTED[1]: ADJUSTED[2]} if item.source == ADJUSTED[0] else {},
                         PRESETS[item.preset].framing)
        expected = (guide.eye_y - guide.box[1]) / guide.box[3]
        image = np.asarray(Image.open(out / item.output).convert("RGB"))[..., ::-1].copy()
        face = main_face(find_faces(detector, image), image.shape[1], image.shape[0])
        assert face is not None, item.output
        eye_y = (face.landmarks[0][1] + face.landmarks[1][1]) / 2
        assert abs(eye_y / image.shape[0] - expected) < 0.05, item.output
        checked += 1
    assert checked == 2 * len(HEADSHOTS)


def test_the_photographers_adjusted_crop_is_the_one_cut(all_presets_export):
    _out, report = all_presets_export
    item = next(i for i in report.items if i.source == ADJUSTED[0] and i.preset == "linkedin")
    assert item.crop_box == tuple(round(v) for v in ADJUSTED[2])
    assert any("adjusted by the photographer" in note for note in item.notes)


def test_a_photo_replaced_under_the_same_name_is_cut_on_its_own_face(shoot, photos, tmp_path):
    """A tester adjusted a frame's 1:1 guide, then copied another photo over the file:
    the LinkedIn delivery cut the new photo with the old crop, from below the eyes. A
    crop belongs to the picture it was adjusted on."""
    replaced = shoot / ADJUSTED[0]
    replaced.write_bytes((photos / "fr_obama.jpg").read_bytes())
    item = _linkedin_of_adjusted(shoot, tmp_path)
    assert item.status == EXPORTED
    assert not any("adjusted by the photographer" in note for note in item.notes)
    assert item.crop_box != tuple(round(v) for v in ADJUSTED[2])


def test_captions_written_into_the_jpeg_keep_the_adjusted_crop(shoot, tmp_path):
    """Photo Mechanic or Lightroom writing captions into the JPEG changes its size and
    time but not its picture: the photographer's crop stays (exiftool writes as they do,
    XMP and IPTC into the file)."""
    import subprocess
    adjusted = shoot / ADJUSTED[0]
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-XMP-dc:Description=Jane Doe, CFO",
                    "-IPTC:Caption-Abstract=Jane Doe, CFO", str(adjusted)], check=True)
    item = _linkedin_of_adjusted(shoot, tmp_path)
    assert any("adjusted by the photographer" in note for note in item.notes)
    assert item.crop_box == tuple(round(v) for v in ADJUSTED[2])


def _linkedin_of_adjusted(shoot: Path, tmp_path: Path):
    report = run_export(shoot, ExportSettings(tmp_path / "out", [PRESETS["linkedin"]],
                                              selection=parse_selection("all"), jobs=1))
    return next(i for i in report.items if i.source == ADJUSTED[0])


def test_contact_sheet_is_a_pdf_with_a_page_of_thumbnails(all_presets_export):
    _out, report = all_presets_export
    data = report.contact_sheet.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") == 1
    assert b"/Count 1" in data


def test_picks_by_default_from_the_catalog_and_rejects_left_out(shoot, tmp_path):
    report = run_export(shoot, ExportSettings(tmp_path / "out", [parse_preset("linkedin")]))
    assert sorted(item.source for item in report.items) == sorted(PICKS)
    assert report.exit_code == 0 and len(report.exported) == len(PICKS)
    by_rating = run_export(shoot, ExportSettings(tmp_path / "out2", [PRESETS["original"]],
                                                 parse_selection("rating>=1")))
    # the rejected portrait keeps its star, and stays home (test_export_rejects.py)
    assert sorted(item.source for item in by_rating.items) == sorted(PICKS)
    assert by_rating.rejects_left_out == [PORTRAIT]


def test_a_pick_made_in_another_application_counts_without_writing_a_catalog(photos, tmp_path):
    folder = tmp_path / "fresh"
    folder.mkdir()
    for name in ("df_img11.jpg", NO_PERSON):
        shutil.copy2(photos / name, folder / name)
    write_sidecar(folder / "df_img11.jpg", Decision(PICK, 5))   # as Lightroom would leave it
    before = _fingerprints(folder)
    report = run_export(folder, ExportSettings(tmp_path / "out", [PRESETS["linkedin"]], jobs=1))
    assert [item.source for item in report.items] == ["df_img11.jpg"]
    assert report.exit_code == 0
    assert not (folder / ".shotkind").exists()
    assert _fingerprints(folder) == before


@pytest.mark.parametrize("preset", ["original", "proof-gallery"])
def test_a_damaged_jpeg_is_never_delivered(shared_dir, tmp_path, preset):
    """The card's damaged file (libjpeg fills the lost data with a grey band) went to the
    client as an Original and as a proof, exported with no word: Pillow, which decodes
    for export, keeps libjpeg's warnings to itself. (Failed before, both presets.)"""
    folder = tmp_path / "card"
    folder.mkdir()
    shutil.copy2(shared_dir / "exif" / "corrupted.jpg", folder / "corrupted.jpg")
    shutil.copy2(shared_dir / "photos" / "df_img11.jpg", folder / "df_img11.jpg")
    preset = (Preset(GALLERY_PRESET, None, None, None, "") if preset == "proof-gallery" else PRESETS[preset])
    report = run_export(folder, ExportSettings(tmp_path / "out", [preset], selection=parse_selection("all"),
                                               gallery=GallerySettings() if preset.name == GALLERY_PRESET else None,
                                               jobs=1))
    said = {item.source: (item.status, item.notes) for item in report.items}
    assert said["df_img11.jpg"][0] == EXPORTED
    assert said["corrupted.jpg"][0] == FAILED and "damaged JPEG data" in said["corrupted.jpg"][1][-1]
    assert report.exit_code == 1
    assert not [path for path in (tmp_path / "out").rglob("corrupted*")]


def test_name_clashes_never_overwrite_silently(shoot, tmp_path):
    out = tmp_path / "out"
    settings = ExportSettings(out, [PRESETS["linkedin"]], template="{client}_{preset}",
                              client="Acme")
    first = run_export(shoot, settings)
    names = sorted(item.output for item in first.exported)
    assert names == ["Acme_linkedin-2.jpg", "Acme_linkedin-3.jpg", "Acme_linkedin.jpg"]
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.jpg")}
    same = run_export(shoot, settings)       # the very same files: delivered, left as they are
    assert same.exit_code == 0 and len(same.exported) == 3
    assert all(item.notes[-1] == ALREADY_THERE_NOTE for item in same.exported)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.jpg")} == stamps
    manifests = {p.name: p.read_bytes() for p in out.glob("manifest.*")}
    settings.quality = 80          # other bytes under the same names
    again = run_export(shoot, settings)
    assert again.exit_code == 1 and not again.exported
    assert all("already exists" in item.notes[-1] for item in again.items)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.jpg")} == stamps
    # the refused run delivered nothing: the manifest still names each file's frame, and
    # says this run did not replace it (test_export_redelivery.py)
    assert len(manifests) == 2 and not again.unwritten
    rows = read_manifest(out)
    assert sorted(row["output"] for row in rows) == names
    assert all(row["status"] == EXPORTED and row["notes"].count("not replaced by this export") == 1
               for row in rows)
    settings.overwrite = True
    replaced = run_export(shoot, settings)
    assert replaced.exit_code == 0 and len(replaced.exported) == 3


def test_nothing_is_written_into_the_shoot_folder_by_another_road(shoot, tmp_path):
    """A tester exported beside the shoot "shoot" with the name "shoot/{name}" and
    overwriting on: the originals were replaced by their own re-encoded copies (a RAW's
    shoot gained a JPEG partner). The same through a link to the folder above. Each
    file is refused, and the originals keep their bytes."""
    before = _fingerprints(shoot)
    link = tmp_path / "above"
    link.symlink_to(tmp_path)
    for out in (tmp_path, link):
        report = run_export(shoot, ExportSettings(out, [PRESETS["original"]], FrameFilter(),
                                                  template="shoot/{name}", overwrite=True))
        assert report.exit_code == 1 and not report.exported and report.items
        assert all("shoot folder itself" in item.notes[-1] and item.output is None for item in report.items)
        assert _fingerprints(shoot) == before
    with pytest.raises(ValueError, match="shoot folder itself"):
        run_export(shoot, ExportSettings(link / "shoot", [PRESETS["original"]], FrameFilter()))


def test_a_write_that_fails_halfway_leaves_no_partial_file(shoot, tmp_path, monkeypatch):
    out = tmp_path / "out"
    real_save = Image.Image.save

    def save_half_then_fail(image, target, format=None, **options):
        if format == "JPEG":
            target.write(b"\xff\xd8\xff\xe0 half a JPEG")
            raise OSError(28, "No space left on device")
        return real_save(image, target, format, **options)

    monkeypatch.setattr(Image.Image, "save", save_half_then_fail)
    report = run_export(shoot, ExportSettings(out, [PRESETS["linkedin"]]))
    assert report.exit_code == 1
    assert all(item.status == FAILED for item in report.items) and len(report.items) == len(PICKS)
    assert "No space left" in report.items[0].notes[-1]
    assert all("stopped before it when the disk was full" in item.notes[-1] for item in report.items[1:])
    assert sorted(p.name for p in out.iterdir()) == ["manifest.csv", "manifest.json"]


def test_a_cancelled_export_leaves_only_complete_files(shoot, tmp_path):
    out = tmp_path / "out"
    cancel = threading.Event()

    def progress(done, total, text):
        if text.startswith("exporting") and done == 1:
            cancel.set()   # as the dialog's Cancel button does, during the second frame

    report = run_export(shoot, ExportSettings(out, [PRESETS["linkedin"], PRESETS["web-4x5"]]),
                        progress, cancel)
    assert report.cancelled and report.exit_code == 1
    files = sorted(out.glob("*.jpg"))
    assert 2 <= len(files) < 2 * len(PICKS)
    for path in files:
        assert has_end_of_image(path.read_bytes())
        Image.open(path).load()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert json.loads((out / "manifest.json").read_text())["cancelled"] is True


def test_a_copy_refused_for_one_file_keeps_the_whole_frame_back(photos, tmp_path):
    """A tester's hand-over folder held another IMG_2027.JPG: the photo was refused, but
    its sidecar (pick, stars, the person's name) was copied beside the stranger's photo,
    which Lightroom would then read as its own."""
    folder = tmp_path / "shoot"
    folder.mkdir()
    shutil.copy2(photos / "df_img11.jpg", folder / "IMG_2027.JPG")
    shutil.copy2(photos / "df_img13.jpg", folder / "IMG_2028.JPG")
    for name in ("IMG_2027.JPG", "IMG_2028.JPG"):
        write_sidecar(folder / name, Decision(PICK, 4))
    handover = tmp_path / "handover"
    handover.mkdir()
    stranger = shutil.copy2(photos / "df_img14.jpg", handover / "IMG_2027.JPG")
    report = run_export(folder, ExportSettings(tmp_path / "out", [PRESETS["original"]],
                                               FrameFilter(flags=frozenset({PICK})), originals=handover))
    said = {c.file: c for c in report.originals}
    assert "already there" in said["IMG_2027.JPG"].error
    assert said["IMG_2027.xmp"].target is None and "kept with IMG_2027.JPG" in said["IMG_2027.xmp"].error
    assert sorted(p.name for p in handover.iterdir()) == ["IMG_2027.JPG", "IMG_2028.JPG", "IMG_2028.xmp"]
    assert stranger.read_bytes() == (photos / "df_img14.jpg").read_bytes()


def test_copy_and_move_originals_with_partners_and_sidecars(photos, raw_dir, tmp_path):
    folder = tmp_path / "pair"
    folder.mkdir()
    shutil.copy2(raw_dir / "canon_eos_6d.dng", folder / "IMG_0001.dng")
    shutil.copy2(photos / "df_img11.jpg", folder / "IMG_0001.JPG")     # the camera's JPEG
    shutil.copy2(photos / "df_img13.jpg", folder / "IMG_0002.jpg")
    write_sidecar(folder / "IMG_0001.dng", Decision(PICK, 3))
    write_sidecar(folder / "IMG_0002.jpg", Decision(REJECT))
    picks = FrameFilter(flags=frozenset({PICK}))
    copied = run_export(folder, ExportSettings(tmp_path / "out", [PRESETS["original"]], picks,
                                               originals=tmp_path / "copies"))
    assert sorted(c.file for c in copied.originals) == ["IMG_0001.JPG", "IMG_0001.dng", "IMG_0001.xmp"]
    assert all(c.error is None for c in copied.originals)
    for name in ("IMG_0001.JPG", "IMG_0001.dng", "IMG_0001.xmp"):
        assert (tmp_path / "copies" / name).read_bytes() == (folder / name).read_bytes()
    # the RAW's pixels come from its JPEG partner, never from a preview
    assert {item.pixels_from for item in copied.items} == {"IMG_0001.JPG"}
    assert {item.output_size for item in copied.items} == {(600, 800)}
    write_sidecar(folder / "IMG_0001.dng", Decision(PICK, 5))      # the copy's sidecar is now another
    again = run_export(folder, ExportSettings(tmp_path / "out2", [PRESETS["original"]], picks,
                                              originals=tmp_path / "copies", move_originals=True))
    said = {c.file: c.error for c in again.originals}
    assert "already there" in said.pop("IMG_0001.xmp")
    assert all("kept with IMG_0001.xmp" in error for error in said.values())
    assert (folder / "IMG_0001.dng").exists()    # nothing moved over an existing file
    assert sorted(p.name for p in (tmp_path / "copies").iterdir()) == \
        ["IMG_0001.JPG", "IMG_0001.dng", "IMG_0001.xmp"]        # the same copies: none taken back
    moved = run_export(folder, ExportSettings(tmp_path / "out3", [PRESETS["original"]], picks,
                                              originals=tmp_path / "moved", move_originals=True))
    assert moved.exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["IMG_0002.jpg", "IMG_0002.xmp"]
    assert sorted(p.name for p in (tmp_path / "moved").iterdir()) == \
        ["IMG_0001.JPG", "IMG_0001.dng", "IMG_0001.xmp"]


def test_a_hand_over_says_which_adjusted_crops_stay_behind(shoot, tmp_path):
    """The photographer's crops live in the shoot's catalog, not in the files: a tester
    moved the picks, reopened them elsewhere and delivered the computed square in place
    of the dragged one, exit 0 and not a word. The hand-over now names those frames."""
    picks = FrameFilter(flags=frozenset({PICK}))
    report = run_export(shoot, ExportSettings(tmp_path / "out", [PRESETS["original"]], picks,
                                              originals=tmp_path / "handover", move_originals=True))
    assert report.exit_code == 0 and (tmp_path / "handover" / ADJUSTED[0]).is_file()
    assert report.crops_left == [ADJUSTED[0]]
    line = report.crops_left_line()
    assert line.startswith(f"the adjusted crops of 1 frame ({ADJUSTED[0]}) stay in this shoot's catalog")
    assert "moved originals, it gets the computed crops" in line
    plain = run_export(shoot, ExportSettings(tmp_path / "out2", [PRESETS["original"]], FrameFilter()))
    assert plain.crops_left == []              # nothing handed over, nothing to say


def test_a_move_that_finds_its_copies_already_there_keeps_the_originals(photos, raw_dir, tmp_path):
    """A stopped move leaves a frame's files copied but not removed. Run again, a copy run
    counts them copied; a move copies the rest but removes none of that frame's
    originals and says why: a copy it did not make may be the original itself, through a
    second mount of the same share (a review). The other frames move as before."""
    folder = tmp_path / "pair"
    folder.mkdir()
    shutil.copy2(raw_dir / "canon_eos_6d.dng", folder / "IMG_0001.dng")
    shutil.copy2(photos / "df_img11.jpg", folder / "IMG_0001.JPG")
    shutil.copy2(photos / "df_img13.jpg", folder / "IMG_0002.JPG")
    write_sidecar(folder / "IMG_0001.dng", Decision(PICK, 3))
    write_sidecar(folder / "IMG_0002.JPG", Decision(PICK, 2))
    moved, copies = tmp_path / "moved", tmp_path / "copies"
    for stopped in (moved, copies):
        stopped.mkdir()
        for name in ("IMG_0001.JPG", "IMG_0001.dng"):    # the stopped run got this far
            shutil.copy2(folder / name, stopped / name)
    originals = {p.name: p.read_bytes() for p in folder.iterdir()}
    picks = FrameFilter(flags=frozenset({PICK}))
    copied = run_export(folder, ExportSettings(tmp_path / "out", [PRESETS["original"]], picks,
                                               originals=copies))
    assert copied.exit_code == 0 and {c.file for c in copied.originals if c.already} == {"IMG_0001.JPG",
                                                                                          "IMG_0001.dng"}
    assert {p.name: p.read_bytes() for p in copies.iterdir()} == originals
    report = run_export(folder, ExportSettings(tmp_path / "out2", [PRESETS["original"]], picks,
                                               originals=moved, move_originals=True))
    said = {c.file: c for c in report.originals}
    assert {name for name, c in said.items() if c.already} == {"IMG_0001.JPG", "IMG_0001.dng"}
    assert all("the originals stay" in said[name].error for name in ("IMG_0001.JPG", "IMG_0001.dng", "IMG_0001.xmp"))
    assert said["IMG_0002.JPG"].error is None and report.exit_code == 1
    assert sorted(p.name for p in folder.iterdir()) == ["IMG_0001.JPG", "IMG_0001.dng", "IMG_0001.xmp"]
    assert {p.name: p.read_bytes() for p in moved.iterdir()} == originals


def test_a_raw_without_a_partner_is_developed_at_full_size(raw_dir, tmp_path):
    import rawpy

    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy2(raw_dir / "canon_eos_6d.dng", folder / "IMG_0001.dng")
    report = run_export(folder, ExportSettings(tmp_path / "out", [PRESETS["original"]],
                                               FrameFilter()))
    assert report.exit_code == 0, report.problems
    with rawpy.imread(str(folder / "IMG_0001.dng")) as raw:
        sensor = (raw.sizes.width, raw.sizes.height)
        upright = sensor[::-1] if raw.sizes.flip in (5, 6) else sensor
    (item,) = report.exported
    assert item.pixels_from == "IMG_0001.dng" and item.output_size == upright
    with open(tmp_path / "out" / item.output, "rb") as handle:
        assert Image.open(handle).size == upright


def test_manifest_csv_is_readable_by_a_spreadsheet(all_presets_export):
    out, _report = all_presets_export
    with (out / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:4] == ["source", "output", "preset", "status"]


def test_contact_sheet_pages_hold_a_thumbnail_per_frame(photos, tmp_path):
    """25 frames: a page of 20 and a page of 5, each thumbnail really drawn (counted as
    picture-sized patches on the page images stored in the PDF)."""
    import re

    import cv2

    from shotkind_desktop.core.delivery.contact_sheet import SheetEntry, thumbnail_of, write_contact_sheet

    names = sorted(p.name for p in photos.glob("*.jpg"))[:25]
    entries = [SheetEntry(name, thumbnail_of(Image.open(photos / name).convert("RGB")),
                          "pick" if index % 3 == 0 else "unflagged", index % 6, 50.0 + index)
               for index, name in enumerate(names)]
    target = tmp_path / "sheet.pdf"
    assert write_contact_sheet(target, entries, "Acme — 25 frames") == 2
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and b"/Count 2" in data
    streams = re.findall(rb"/DCTDecode.*?stream\r?\n(.*?)\r?\nendstream", data, re.S)
    assert len(streams) == 2
    counts = []
    for stream in streams:
        page = np.asarray(Image.open(io.BytesIO(stream)).convert("L"))
        ink = (page < 235).astype(np.uint8)
        found, _labels, stats, _centres = cv2.connectedComponentsWithStats(ink)
        counts.append(int((stats[1:, cv2.CC_STAT_AREA] > 5000).sum()))
    assert counts == [20, 5]


def test_exporting_an_unanalysed_frame_leaves_this_process_as_it_was(tmp_path, photos):
    """The window exports one frame it has no analysis for in its own process: its OpenCV
    keeps its threads. (Failed before: the one-frame analysis ran the worker set-up here,
    and the window's OpenCV was single-threaded from then on.)"""
    import cv2

    folder = tmp_path / "shoot"
    folder.mkdir()
    shutil.copy2(photos / HEADSHOTS[0], folder / HEADSHOTS[0])
    threads = cv2.getNumThreads()
    try:
        cv2.setNumThreads(3)
        report = run_export(folder, ExportSettings(tmp_path / "out", [PRESETS["linkedin"]],
                                                   FrameFilter(), jobs=4))
        assert [item.status for item in report.items] == [EXPORTED]
        assert cv2.getNumThreads() == 3
    finally:
        cv2.setNumThreads(threads)


def test_moved_originals_reach_the_disk_before_the_originals_are_removed(photos, tmp_path, monkeypatch):
    """Every copy (and its folder's entry) is synced before the first original is removed:
    a power cut during a move can leave two copies of a photo, never none. (Failed before:
    the copies were renamed into place unsynced, the only writer of the four without it.)"""
    from shotkind_desktop.core.delivery import export_originals
    from shotkind_desktop.core.files.pairing import FrameFiles

    folder = tmp_path / "shoot"
    folder.mkdir()
    shutil.copy2(photos / "df_img11.jpg", folder / "IMG_0001.jpg")
    write_sidecar(folder / "IMG_0001.jpg", Decision(PICK, 3))
    events = []
    real_fsync, real_unlink = export_originals.os.fsync, export_originals.os.unlink
    monkeypatch.setattr(export_originals.os, "fsync", lambda fd: events.append("sync") or real_fsync(fd))
    monkeypatch.setattr(export_originals.os, "unlink",       # an original, not a linked temporary
                        lambda path: (Path(path).parent == folder and events.append("unlink")) or real_unlink(path))
    done = export_originals.hand_over(folder, [FrameFiles(folder / "IMG_0001.jpg")], tmp_path / "moved", move=True)
    assert [record.error for record in done] == [None, None]
    assert events == ["sync", "sync"] * 2 + ["unlink"] * 2     # each file, then its folder
    assert sorted(p.name for p in (tmp_path / "moved").iterdir()) == ["IMG_0001.jpg", "IMG_0001.xmp"]


def test_an_earlier_manifest_is_carried_only_where_its_rows_are_sound(tmp_path):
    """An older or hand-edited manifest.json: rows with a field of the wrong type, a path
    out of the folder, a file no longer there or a row that was not a delivery are left
    out; a file in a folder per person is kept."""
    out = tmp_path / "out"
    (out / "Alice Smith").mkdir(parents=True)
    for name in ("good.jpg", "Alice Smith/alice.jpg", "bad-notes.jpg", "bad-box.jpg", "text-notes.jpg"):
        (out / name).write_bytes(b"\xff\xd8")
    (tmp_path / "outside.jpg").write_bytes(b"\xff\xd8")
    good = {"source": "a.jpg", "preset": "linkedin", "status": "exported", "output": "good.jpg",
            "crop_box": [1, 2, 30, 40], "output_size": [1200, 1200], "headshot_score": 91.5,
            "rating": 3, "notes": []}
    rows = [good, {**good, "output": "Alice Smith/alice.jpg", "sitter": 1, "person": "Alice Smith"},
            {**good, "output": "bad-notes.jpg", "notes": None},
            {**good, "output": "bad-box.jpg", "crop_box": 5},
            {**good, "output": "text-notes.jpg", "notes": "cropped"},
            {**good, "output": "../outside.jpg"}, {**good, "output": str(tmp_path / "outside.jpg")},
            {**good, "output": "gone.jpg"}, {**good, "status": "failed"}, {**good, "unknown": 1}, "a row"]
    (out / "manifest.json").write_text(json.dumps({"shoot": "/shoots/acme", "items": rows}))
    kept = earlier_deliveries(out, "/shoots/acme", [])
    assert [item.output for item in kept] == ["good.jpg", "Alice Smith/alice.jpg"]      # one row a file
    assert kept[0].crop_box == (1, 2, 30, 40) and kept[0].notes == ["delivered by an earlier export into this folder"]
    assert earlier_deliveries(out, "/shoots/another", []) == []
    written = ExportItem("a.jpg", "linkedin", output="GOOD.jpg")
    assert [item.output for item in earlier_deliveries(out, "/shoots/acme", [written])] == ["Alice Smith/alice.jpg"]


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_manifest_the_disk_refuses_keeps_the_earlier_one_unless_files_were_replaced(shoot, tmp_path, monkeypatch,
                                                                                       overwrite):
    """The disk fills while the second export's manifest is written. Without overwriting,
    the first export's manifest is kept byte for byte: every file it names is still the
    one it describes. Overwriting may have replaced those files, so then it is removed."""
    from shotkind_desktop.core.delivery import manifest

    out = tmp_path / "out"
    run_export(shoot, ExportSettings(out, [PRESETS["banner-16x9"]], jobs=1))
    earlier = {path.name: path.read_bytes() for path in manifest.manifest_paths(out)}
    written = manifest.write_atomically

    def full_disk(target, data, **options):
        if Path(target).name == manifest.JSON_NAME:
            raise OSError(errno.ENOSPC, "No space left on device")
        written(target, data, **options)

    monkeypatch.setattr(manifest, "write_atomically", full_disk)
    second = run_export(shoot, ExportSettings(out, [PRESETS["banner-16x9"], PRESETS["linkedin"]],
                                              overwrite=overwrite, jobs=1))
    assert second.exported and any("manifest not written" in line for line in second.unwritten)
    now = {path.name: path.read_bytes() for path in manifest.manifest_paths(out) if path.exists()}
    assert now == ({} if overwrite else earlier)


def test_an_export_reads_an_older_catalog_without_upgrading_it(photos, tmp_path):
    """A tester's export of a shoot whose catalog an older ShotKind wrote (schema 2, the
    old journal mode) upgraded it: the older ShotKind would then find it newer than
    itself and open the shoot read-only. The export reads the pick and writes nothing."""
    import sqlite3

    folder = tmp_path / "older"
    folder.mkdir()
    for name in ("df_img11.jpg", "df_img13.jpg"):
        shutil.copy2(photos / name, folder / name)
    path = folder / ".shotkind" / "catalog.sqlite"
    path.parent.mkdir()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE decisions (name TEXT PRIMARY KEY, flag INTEGER NOT NULL, "
               "rating INTEGER NOT NULL, label TEXT, written_ns INTEGER NOT NULL, sidecar TEXT)")
    db.execute("INSERT INTO decisions VALUES ('df_img13.jpg', 1, 0, NULL, 1, NULL)")
    for table in ("results (name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, result TEXT)",
                  "thumbnails (name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, jpeg BLOB)",
                  "crops (name TEXT, ratio TEXT, left REAL, top REAL, width REAL, height REAL)"):
        db.execute(f"CREATE TABLE {table}")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    report = run_export(folder, ExportSettings(tmp_path / "out", [PRESETS["original"]], jobs=1))
    assert [item.source for item in report.exported] == ["df_img13.jpg"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["catalog.sqlite"]


def test_an_overwriting_export_killed_midway_leaves_no_manifest_naming_a_replaced_files_old_source(
        shoot, tmp_path, monkeypatch):
    """A tester killed `export --overwrite` just after it replaced 001.jpg with another
    frame's picture: the first run's manifest stayed, still saying 001.jpg came from the
    first frame, and the client's choice of 001.jpg marked that frame. An overwriting run
    now sets the manifest aside before it writes, and a killed one leaves none."""
    from shotkind_desktop.core.delivery import export, manifest
    from shotkind_desktop.core.delivery.client_import import delivered_names

    out = tmp_path / "out"
    first = run_export(shoot, ExportSettings(out, [PRESETS["linkedin"]], template="{seq}", jobs=1))
    sources = {item.output: item.source for item in first.exported}
    assert delivered_names([out])["001.jpg"] == sources["001.jpg"]
    exported = export._export_frame
    calls = []

    def killed_after_the_first_file(frame, *args, **kwargs):
        if calls:
            raise KeyboardInterrupt          # as a kill -9 would, before the manifest
        calls.append(frame.name)
        return exported(frame, *args, **kwargs)

    monkeypatch.setattr(export, "_export_frame", killed_after_the_first_file)
    later = [item.source for item in first.exported][1:]
    with pytest.raises(KeyboardInterrupt):
        run_export(shoot, ExportSettings(out, [PRESETS["linkedin"]], template="{seq}", overwrite=True,
                                         only=later, jobs=1))
    assert calls == [later[0]] and (out / "001.jpg").is_file()
    assert not (out / manifest.JSON_NAME).exists(), "no manifest to name 001.jpg's old source"
    with pytest.raises(OSError):
        delivered_names([out])

    monkeypatch.setattr(export, "_export_frame", exported)      # run again: described as it is
    again = run_export(shoot, ExportSettings(out, [PRESETS["linkedin"]], template="{seq}", overwrite=True,
                                             only=later, jobs=1))
    assert delivered_names([out])["001.jpg"] == later[0] == next(i.source for i in again.exported
                                                              if i.output == "001.jpg")


def test_an_overwriting_export_that_writes_nothing_leaves_the_earlier_manifest(shoot, shared_dir, tmp_path):
    """A review: an overwriting export of another shoot into the same folder, cancelled
    at once, replaced the first shoot's correct manifest with an empty one."""
    from shotkind_desktop.core.delivery.client_import import delivered_names

    out = tmp_path / "out"
    first = run_export(shoot, ExportSettings(out, [PRESETS["linkedin"]], template="{seq}", jobs=1))
    before = delivered_names([out])
    assert before and set(before.values()) <= {item.source for item in first.exported}
    cancelled = threading.Event()
    cancelled.set()
    other = tmp_path / "another shoot"
    other.mkdir()
    shutil.copy2(shared_dir / "photos" / "df_img14.jpg", other / "df_img14.jpg")
    run_export(other, ExportSettings(out, [PRESETS["linkedin"]], template="{seq}", overwrite=True, jobs=1),
               cancel=cancelled)
    assert delivered_names([out]) == before
    assert (out / "manifest.csv").exists() and not list(out.glob(".shotkind-manifest*"))


def test_a_crop_that_leaves_people_out_says_so(photos, tmp_path):
    """df_couple, two people: its 1:1 LinkedIn crop keeps one face, its 16:9 banner both.
    The cut crop is named in the report and its manifest notes (the command line prints
    it); the banner, which keeps both, is not. A tester's crew photo became one astronaut
    without a word."""
    folder = tmp_path / "couple"
    folder.mkdir()
    shutil.copy2(photos / "df_couple.jpg", folder / "df_couple.jpg")
    write_sidecar(folder / "df_couple.jpg", Decision(PICK))
    report = run_export(folder, ExportSettings(tmp_path / "out", [PRESETS["linkedin"], PRESETS["banner-16x9"]],
                                               jobs=1))
    assert report.cut_people == [("df_couple.jpg", "linkedin", 1, 2)]
    notes = {item.preset: item.notes for item in report.exported}
    assert "the crop keeps 1 of 2 people" in notes["linkedin"]
    assert not any("people" in note for note in notes["banner-16x9"])
