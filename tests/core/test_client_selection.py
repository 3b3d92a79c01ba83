"""A client's choice brought back into a shoot (issue 19): every list form galleries and
photographers use, names that match nothing or more than one frame, a RAW+JPEG pair
chosen by either name, delivered names mapped back through the export's manifest, one
undoable step, the round kept in the catalog, and `shotkind select` as a user runs it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import SCHEMA_VERSION, Catalog
from shotkind_desktop.core.delivery.choice_list import read_choice_list
from shotkind_desktop.core.delivery.client_import import (delivered_names, import_choice, parse_mark,
                                                 read_match)
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import PICK, Decision
from shotkind_desktop.core.delivery.export import ExportSettings, run_export
from shotkind_desktop.core.delivery.export_presets import PRESETS
from shotkind_desktop.core.decisions.selection import FrameFilter
from shotkind_desktop.core.shoot import scan_frames
from shotkind_desktop.core.decisions.xmp import read_sidecar

CHECKOUT = Path(__file__).resolve().parents[2]
PHOTOS = ("df_img11.jpg", "df_img12.jpg", "df_img13.jpg", "df_img14.jpg", "df_img15.jpg")


@pytest.fixture
def shoot(shoot_of, shared) -> Path:
    """Five studio frames, a RAW+JPEG pair (canon_eos_6d.dng with a JPEG of the same
    name) and a PNG sharing its stem with a JPEG (two frames, one stem)."""
    folder = shoot_of(PHOTOS)
    shutil.copy2(shared / "raw" / "canon_eos_6d.dng", folder / "canon_eos_6d.dng")
    shutil.copy2(shared / "photos" / "df_img18.jpg", folder / "canon_eos_6d.JPG")
    shutil.copy2(shared / "photos-more" / "bgan_vFG137.png", folder / "df_img12.png")
    return folder


def frames_of(folder: Path) -> dict:
    return {frame.name: frame.files for frame in scan_frames(folder).frames}


def select(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    return subprocess.run([sys.executable, "-m", "shotkind_desktop", "select", *map(str, args)],
                          input=stdin, capture_output=True, text=True, env=environment, timeout=120)


@pytest.mark.parametrize("text", [
    "df_img11, df_img13.jpg, DF_IMG14",                       # commas, with and without extension
    "df_img11 df_img13 df_img14",                              # spaces
    "df_img11\r\ndf_img13\r\n\r\nDF_IMG14.JPG\r\n",            # Windows lines, any case
    "df_img11 OR df_img13 OR df_img14",                        # Lightroom's filter text
    "# Proof gallery: Acme\n# 3 chosen\ndf_img11\ndf_img13\ndf_img14\n",   # the gallery's file
    "Filename,Favorite,Comment\ndf_img11.jpg,yes,\"nice, warm\"\ndf_img13.jpg,yes,\n"
    "df_img14.jpg,yes,\n",                                    # a gallery's CSV export
    "\ufeffPhoto Name;File Name\nAnna;df_img11.JPG\nBen;df_img13.JPG\nCem;df_img14.jpg\n",
    "'df_img11.jpg', \"df_img13.jpg\"; df_img14.jpg",          # pasted from a mail, quoted
    "df_img11, df_img13, df_img14.",                           # a sentence's full stop
    "df_img11, (df_img13), [df_img14].",                       # brackets
])
def test_every_list_form_names_the_same_three_frames(shoot, text):
    match = read_match(text, frames_of(shoot))
    assert match.chosen == ["df_img11.jpg", "df_img13.jpg", "df_img14.jpg"]
    assert not match.unmatched and not match.ambiguous


def test_an_accent_typed_as_two_characters_names_the_frame(shoot):
    """macOS writes "ë" as "e" and a combining mark (NFD); the file's name holds it as one
    character. A tester's client list with such a name matched no frame."""
    shutil.copy2(shoot / "df_img15.jpg", shoot / "Zo\u00eb M\u00fcller.jpg")
    match = read_match("Zoe\u0308 Mu\u0308ller.jpg\nZOE\u0308 MU\u0308LLER", frames_of(shoot))
    assert match.chosen == ["Zo\u00eb M\u00fcller.jpg"] and not match.unmatched
    assert match.repeated == ["ZOE\u0308 MU\u0308LLER"]


def test_names_that_match_nothing_or_two_frames_are_reported_and_not_guessed(shoot):
    match = read_match("df_img11, IMG_9999.jpg, df_img12, df_img12.png, df_img11.jpg", frames_of(shoot))
    assert match.chosen == ["df_img11.jpg", "df_img12.png"]
    assert match.unmatched == ["IMG_9999.jpg"]
    assert match.ambiguous == {"df_img12": ["df_img12.jpg", "df_img12.png"]}
    assert match.repeated == ["df_img11.jpg"]
    assert "df_img12: matches 2 frames (df_img12.jpg, df_img12.png); not marked" in match.problem_lines()


def test_a_sentence_s_names_in_brackets_are_found_and_every_other_word_reported(shoot):
    """"maybe the smiling one (df_img14)" found nothing before; a misspelt name in a
    sentence must still be reported, so its other words are too (a review found a
    typo dropped without a word when they were taken for prose), but after the names
    that look like file names, on a line of their own."""
    match = read_match("df_img11 and (df_img13), maybe the smiling one [df_img14].", frames_of(shoot))
    assert match.chosen == ["df_img11.jpg", "df_img13.jpg", "df_img14.jpg"]
    assert match.unmatched == [] and match.prose == ["and", "maybe", "the", "smiling", "one"]
    typo = read_match("df_img11 and df_imgl3", frames_of(shoot))
    assert typo.unmatched == ["df_imgl3"] and typo.prose == ["and"]


def test_a_pasted_e_mail_s_sentences_go_on_one_line_after_the_misses(shoot):
    """A tester pasted the client's e-mail: 15 "names matched nothing", the greeting's
    words among them, and the one real miss in the middle. A sentence's own words now go
    on one line of their own; what stands alone between commas is reported as a name."""
    mail = ("Hi Pat, thanks for the gallery! We'd like df_img11, df_img13 and df_img14_linkedin.jpg "
            "please, and IMG_9999.\nBest, Kim")
    match = read_match(mail, frames_of(shoot))
    assert match.chosen == ["df_img11.jpg", "df_img13.jpg", "df_img14.jpg"]
    # "Hi Pat", "Best" and "Kim" stand alone between commas, as a list's names do: misses
    assert match.unmatched == ["Hi Pat", "and IMG_9999", "Best", "Kim"]
    lines = match.problem_lines()
    assert lines[1] == "and IMG_9999: matches no frame of the shoot"
    assert lines[-1] == "Other words, naming no frame: thanks, for, the, gallery, We'd, like, and, please"


@pytest.fixture
def cameras(shoot_of, shared) -> Path:
    """A day as two cameras name it: a Canon's IMG_0012…, a RAW+JPEG pair IMG_0200, a
    second body's DSC_0103 beside the Canon's IMG_0103, and a Nikon Coolpix's own
    DSCN0010.jpg (its real name, from the EXIF samples)."""
    folder = shoot_of(())
    for name, source in (("IMG_0012.JPG", "df_img11.jpg"), ("IMG_0045.JPG", "df_img12.jpg"),
                         ("IMG_0101.JPG", "df_img13.jpg"), ("IMG_0103.JPG", "df_img14.jpg"),
                         ("DSC_0103.JPG", "df_img15.jpg"), ("IMG_0200.JPG", "df_img18.jpg")):
        shutil.copy2(shared / "photos" / source, folder / name)
    shutil.copy2(shared / "raw" / "canon_eos_6d.dng", folder / "IMG_0200.dng")
    shutil.copy2(shared / "exif" / "DSCN0010.jpg", folder / "DSCN0010.jpg")
    return folder


@pytest.mark.parametrize("text", ["0012, 0045, 0101", "12, 45, 101", "12 45 101", "12, 45 and 101",
                                  "#chosen\n0012\n45\n101.\n", "IMG_0012, 45, (0101)",
                                  "#12, #45, #101", "# chosen\n#0012\n#45 and #101"])
def test_a_bare_number_names_the_one_frame_that_carries_it(cameras, text):
    """A tester's client wrote "0012, 0045, 0101", as clients do in an e-mail, and select
    matched nothing: each number is carried by one frame's name, so it names that frame."""
    match = read_match(text, frames_of(cameras))
    assert match.chosen == ["IMG_0012.JPG", "IMG_0045.JPG", "IMG_0101.JPG"]
    assert not match.problems


def test_a_number_two_cameras_carry_is_reported_with_both_and_not_marked(cameras):
    match = read_match("103, 10, 0200, 9999", frames_of(cameras))
    assert match.chosen == ["DSCN0010.jpg", "IMG_0200.JPG"]           # a RAW+JPEG pair is one frame
    assert match.ambiguous == {"103": ["DSC_0103.JPG", "IMG_0103.JPG"]}
    assert match.problem_lines() == ["9999: matches no frame of the shoot",
                                     "103: matches 2 frames (DSC_0103.JPG, IMG_0103.JPG); not marked"]


def test_a_number_among_a_sentences_words_is_reported_not_marked(cameras):
    """"We are 3, and would love 12 please" — a count or a date reads as a number does:
    within a sentence a number is named with the frame carrying it, never marked."""
    match = read_match("Hi Sam, we would love 12 and 45 please! Also 0101.", frames_of(cameras))
    assert match.chosen == [] and match.unmatched == ["Hi Sam"]
    assert match.in_sentence == {"12": ["IMG_0012.JPG"], "45": ["IMG_0045.JPG"], "0101": ["IMG_0101.JPG"]}
    assert ("12: a number within a sentence, where a count or a date reads the same; IMG_0012.JPG "
            "carries it; not marked") in match.problem_lines()


def counted_frames(*numbers: int) -> dict:
    """A camera's frames IMG_0003.JPG…, by name, as frames_of gives them."""
    return {f"IMG_{n:04d}.JPG": (Path(f"IMG_{n:04d}.JPG"),) for n in numbers}


@pytest.mark.parametrize("text, number", [("May 12", "12"), ("12 May", "12"), ("3 photos", "3"),
                                          ("Top 5", "5"), ("we love 12", "12"), ("12 please", "12")])
def test_a_number_beside_a_word_between_commas_is_reported_not_marked(text, number):
    """A reviewer's "May 12", "3 photos" and "Top 5" marked IMG_0012, IMG_0003, IMG_0005:
    a phrase of two words was never taken for a sentence, so its number named a frame."""
    match = read_match(f"45, {text}", counted_frames(3, 5, 12, 45))
    assert match.chosen == ["IMG_0045.JPG"]
    assert match.in_sentence == {number: [f"IMG_{int(number):04d}.JPG"]}


@pytest.mark.parametrize("text", ["Kind regards,\nAnna Smith\n07700 900123", "Tel 07700 900123",
                                  "+44 20 7946 0958", "020 7946 0958", "555 123 4567", "(555) 123 4567",
                                  "07700", "06 12 34 56 78", "Tél. 01 45 67 89 12"])
def test_a_phone_number_marks_no_frame(text):
    """An e-mail signature's "07700 900123" marked IMG_7700: a phone number's digit groups
    are no frame numbers, whatever frames carry them."""
    match = read_match(f"45\n{text}", counted_frames(1, 6, 12, 20, 34, 45, 56, 67, 78, 89, 123, 555, 958, 4567,
                                                      7700, 7946))
    assert match.chosen == ["IMG_0045.JPG"] and match.unmatched and not match.in_sentence


@pytest.mark.parametrize("text", ["0012 0045 0101", "12 45 101", "12 & 45 or 101", "12\n45\n101"])
def test_a_list_s_numbers_with_joiners_are_still_frame_numbers(cameras, text):
    match = read_match(text, frames_of(cameras))
    assert match.chosen == ["IMG_0012.JPG", "IMG_0045.JPG", "IMG_0101.JPG"] and not match.problems


def test_a_frame_s_number_is_its_camera_counter_not_a_copy_s_or_version_s_suffix():
    """IMG_0012-2.JPG (Lightroom's second copy), "IMG_0045 (2).jpg", Smith_0101_v2.jpg
    and portrait_v2.jpg all carried "2", the last digits of their stems: "12" found none
    of them, and "2" alone would have marked a copy the client never named."""
    names = ["IMG_0012-2.JPG", "IMG_0045 (2).jpg", "Smith_0101_v2.jpg", "portrait_v2.jpg",
             "IMG_0200 copy 2.jpg", "IMG_0300 - Copy.jpg", "Smith-7.jpg", "IMG_0400_2.jpg", "Jones_8.jpg"]
    frames = {name: (Path(name),) for name in names}
    match = read_match("12, 45, 101, 200, 300, 7, 400, 8, 2", frames)
    assert match.chosen == ["IMG_0012-2.JPG", "IMG_0045 (2).jpg", "Smith_0101_v2.jpg",
                            "IMG_0200 copy 2.jpg", "IMG_0300 - Copy.jpg", "Smith-7.jpg", "IMG_0400_2.jpg",
                            "Jones_8.jpg"]
    assert match.unmatched == ["2"] and not match.ambiguous


@pytest.mark.parametrize("text", ["05432, 05433", "05432 05433", "05432 and 05433", "5432, 5433"])
def test_a_five_digit_counter_a_sony_writes_is_a_frame_number_not_a_phone_group(text):
    """Sony names frames DSC05432.ARW: the client's "05432" was read as a phone number's
    group (a camera counts to 9999) and matched no frame."""
    frames = {f"DSC0{n}.JPG": (Path(f"DSC0{n}.JPG"), Path(f"DSC0{n}.ARW")) for n in (5431, 5432, 5433)}
    match = read_match(text, frames)
    assert match.chosen == ["DSC05432.JPG", "DSC05433.JPG"] and not match.problems


def test_select_marks_a_list_of_numbers_and_names_the_rest(cameras, tmp_path):
    numbers = tmp_path / "numbers_only.txt"                   # the tester's list, as the client sent it
    numbers.write_text("0012\n0045\n0101\n")
    done = select(cameras, "--from", numbers)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("3 frames chosen in 'first choice': 3 newly given the purple label")
    both = select(cameras, "--from", "-", "--round", "second", stdin="12, 103")
    assert both.returncode == 1
    assert both.stderr == "103: matches 2 frames (DSC_0103.JPG, IMG_0103.JPG); not marked\n"
    with Catalog.open(cameras) as catalog:
        assert catalog.client_rounds() == {"first choice": ["IMG_0012.JPG", "IMG_0045.JPG", "IMG_0101.JPG"],
                                           "second": ["IMG_0012.JPG"]}


@pytest.mark.parametrize("name", ["canon_eos_6d.JPG", "canon_eos_6d.dng", "CANON_EOS_6D", "canon_eos_6d.xmp"])
def test_a_raw_jpeg_pair_is_one_frame_whichever_name_the_client_uses(shoot, name):
    assert read_match(name, frames_of(shoot)).chosen == ["canon_eos_6d.JPG"]


def test_a_file_name_with_spaces_is_taken_whole_before_word_by_word(shoot):
    (shoot / "df_img15.jpg").rename(shoot / "Anna Smith 01.jpg")
    match = read_match("Anna Smith 01.jpg\ndf_img11 df_img13", frames_of(shoot))
    assert match.chosen == ["Anna Smith 01.jpg", "df_img11.jpg", "df_img13.jpg"]


def test_delivered_names_map_back_through_the_manifest_or_the_default_template(shoot, tmp_path):
    out = tmp_path / "delivery"
    run_export(shoot, ExportSettings(out, [PRESETS["original"]], selection=FrameFilter(),
                                     template="acme_{seq}", only=["df_img13.jpg", "df_img14.jpg"],
                                     jobs=1))
    first, second = [n for n in scan_frames(shoot).names() if n in ("df_img13.jpg", "df_img14.jpg")]
    delivered = delivered_names([out])       # {seq} counts in capture order
    assert delivered == {"acme_001.jpg": first, "acme_002.jpg": second}
    assert delivered_names([out / "manifest.json"]) == delivered
    match = read_match("acme_002.jpg acme_001 df_img11_linkedin.jpg df_img15_web-4x5-2.jpg",
                       frames_of(shoot), delivered)
    assert match.chosen == [second, first, "df_img11.jpg", "df_img15.jpg"]
    assert read_match("acme_001.jpg", frames_of(shoot)).unmatched == ["acme_001.jpg"]


def test_a_file_delivered_into_a_persons_folder_maps_back_by_its_own_name(shoot, tmp_path):
    """A re-tester's client listed "Alex Kim (alex.kim@acme.example)_linkedin.jpg" from a
    delivery with a folder a person: the name was split at its spaces and brackets and
    matched no frame. A client lists file names, not the folders they came in."""
    out = tmp_path / "delivery"
    run_export(shoot, ExportSettings(out, [PRESETS["original"]], selection=FrameFilter(),
                                     template="Alex Kim (alex.kim@acme.example)/Alex Kim (alex.kim@acme.example)_{seq}",
                                     only=["df_img13.jpg", "df_img14.jpg"], jobs=1))
    delivered = delivered_names([out])
    assert all("/" in name for name in delivered), delivered
    first = delivered["Alex Kim (alex.kim@acme.example)/Alex Kim (alex.kim@acme.example)_001.jpg"]
    match = read_match("Alex Kim (alex.kim@acme.example)_001.jpg", frames_of(shoot), delivered)
    assert (match.chosen, match.unmatched, match.prose) == ([first], [], [])


def test_the_summary_says_which_of_the_photographers_marks_the_clients_replaced(shoot):
    """A tester's red, yellow and blue labels became the client's purple, and the summary
    said only "newly given the purple label"."""
    with Catalog.open(shoot) as catalog:
        keeper = DecisionKeeper(shoot, catalog, scan_frames(shoot).names())
        for name, label in (("df_img11.jpg", "Red"), ("df_img12.jpg", "Yellow"), ("df_img13.jpg", "Red")):
            keeper.apply([name], lambda d, label=label: Decision(label=label))
        match = read_match("df_img11 df_img12.jpg df_img13 df_img14", frames_of(shoot))
        outcome = import_choice(keeper, catalog, match, "first choice", parse_mark("label=purple"))
        assert outcome.replaced == {"df_img11.jpg": "the red label", "df_img12.jpg": "the yellow label",
                                    "df_img13.jpg": "the red label"}
        assert outcome.summary() == ("4 frames chosen in 'first choice': 4 newly given the purple label, "
                                     "3 of them in place of the red label (2), the yellow label")
        outcome = import_choice(keeper, catalog, read_match("df_img14", frames_of(shoot)), "final", parse_mark("pick"))
        assert outcome.replaced == {}                        # a pick takes nothing's place


def test_the_import_is_one_undoable_step_and_the_round_is_kept(shoot):
    names = scan_frames(shoot).names()
    with Catalog.open(shoot) as catalog:
        keeper = DecisionKeeper(shoot, catalog, names)
        keeper.apply(["df_img11.jpg"], lambda d: Decision(PICK, 3))
        match = read_match("df_img11 df_img13 canon_eos_6d.dng", frames_of(shoot))
        outcome = import_choice(keeper, catalog, match, "first choice", parse_mark("label=purple"))
        assert set(outcome.changed) == {"df_img11.jpg", "df_img13.jpg", "canon_eos_6d.JPG"}
        assert keeper.decisions()["df_img11.jpg"] == Decision(PICK, 3, "Purple")   # the rest kept
        for raw_or_jpeg in ("canon_eos_6d.dng", "canon_eos_6d.JPG"):
            sidecar = shoot / Path(raw_or_jpeg).with_suffix(".xmp").name
            assert 'xmp:Label="Purple"' in sidecar.read_text()
        import_choice(keeper, catalog, read_match("df_img14", frames_of(shoot)), "final choice",
                      parse_mark("pick"))
        assert catalog.client_rounds() == {
            "first choice": ["df_img11.jpg", "df_img13.jpg", "canon_eos_6d.JPG"],
            "final choice": ["df_img14.jpg"]}
        keeper.undo()
        keeper.undo()
        assert keeper.decisions()["df_img11.jpg"] == Decision(PICK, 3)
        assert keeper.decisions()["df_img13.jpg"] == Decision()
        assert "first choice" in catalog.client_rounds()     # what the client said stays
        import_choice(keeper, catalog, read_match("df_img15", frames_of(shoot)), "first choice",
                      parse_mark("stars=4"))
        assert catalog.client_rounds()["first choice"] == ["df_img15.jpg"]   # replaced
    fifth = next(frame for frame in scan_frames(shoot).frames if frame.name == "df_img15.jpg")
    assert read_sidecar(fifth.on_disk).decision.rating == 4


def test_a_catalog_of_schema_2_gains_the_client_rounds_and_keeps_its_decisions(shoot):
    path = shoot / ".shotkind" / "catalog.sqlite"
    path.parent.mkdir()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE decisions (name TEXT PRIMARY KEY, flag INTEGER NOT NULL, "
                   "rating INTEGER NOT NULL, label TEXT, written_ns INTEGER NOT NULL, sidecar TEXT)")
        db.execute("INSERT INTO decisions VALUES ('df_img11.jpg', 1, 2, 'Red', 1, NULL)")
        for table in ("results (name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, result TEXT)",
                      "thumbnails (name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, jpeg BLOB)",
                      "crops (name TEXT, ratio TEXT, left REAL, top REAL, width REAL, height REAL)"):
            db.execute(f"CREATE TABLE {table}")
        db.execute("PRAGMA user_version = 2")
    db.close()
    with Catalog.open(shoot) as catalog:
        assert catalog.read_only is None
        assert catalog.decisions()["df_img11.jpg"] == Decision(PICK, 2, "Red")
        catalog.save_client_round("first choice", ["df_img11.jpg"])
        assert catalog.client_rounds() == {"first choice": ["df_img11.jpg"]}
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    db.close()


def test_bad_marks_are_refused_with_the_reason():
    for text, words in (("label=orange", "Purple"), ("stars=9", "1 to 5"), ("favourite", "unknown mark")):
        with pytest.raises(ValueError, match=words):
            parse_mark(text)


def test_read_choice_list_keeps_order_and_drops_blanks_and_comments():
    assert read_choice_list("\n# a note\n a ,, b\n\nc OR d;e\tf\n") == ["a", "b", "c", "d", "e", "f"]


# ---- the CLI ------------------------------------------------------------------------------

def test_select_marks_every_frame_and_exits_0_when_all_names_match(shoot, tmp_path):
    chosen = tmp_path / "choice.txt"
    chosen.write_text("df_img11\ndf_img13.JPG\ncanon_eos_6d.dng\n")
    done = select(shoot, "--from", chosen)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "3 frames chosen in 'first choice': 3 newly given the purple label" in done.stdout
    with Catalog.open(shoot) as catalog:
        assert {n for n, d in catalog.decisions().items() if d.label == "Purple"} == {
            "df_img11.jpg", "df_img13.jpg", "canon_eos_6d.JPG"}
        assert catalog.client_rounds() == {"first choice": ["df_img11.jpg", "df_img13.jpg",
                                                            "canon_eos_6d.JPG"]}


def test_select_and_export_use_the_catalog_preferences_keep_in_the_data_folder(shoot, tmp_path):
    """A review found `shotkind select` making the shoot its own catalog beside the data
    folder's one the window used (and merging that one away), and the export reading
    the stale own one."""
    from shotkind_desktop.core.decisions.catalog import fallback_path
    from shotkind_desktop.core.decisions.selection import parse_selection
    from shotkind_desktop.core.delivery.export import ExportSettings, open_existing_catalog, run_export
    from shotkind_desktop.core.delivery.export_presets import PRESETS
    from shotkind_desktop.ui import settings

    with Catalog.open(shoot) as own:                       # before the preference was set
        own.save_decisions({"df_img14.jpg": Decision(rating=1)})
    own_before = (shoot / ".shotkind" / "catalog.sqlite").read_bytes()
    settings.set_flag(settings.CATALOG_IN_DATA_FOLDER, True)
    with Catalog.open(shoot, exclusive=True, in_data_folder=True) as window:     # the window's
        window.save_decisions({"df_img14.jpg": Decision(rating=3)})
    chosen = tmp_path / "choice.txt"
    chosen.write_text("df_img11\n")
    done = select(shoot, "--from", chosen)
    assert done.returncode == 0, done.stderr
    assert (shoot / ".shotkind" / "catalog.sqlite").read_bytes() == own_before
    with Catalog(fallback_path(shoot)) as window:
        assert window.decisions()["df_img11.jpg"].label == "Purple"
        assert window.decisions()["df_img14.jpg"].rating == 3
    with open_existing_catalog(shoot) as read:
        assert read.path == fallback_path(shoot)
    report = run_export(shoot, ExportSettings(tmp_path / "out", [PRESETS["original"]],
                                              selection=parse_selection("label=purple"), jobs=1))
    assert [item.source for item in report.exported] == ["df_img11.jpg"]


def test_select_names_each_problem_on_stderr_and_exits_1_marking_the_rest(shoot):
    done = select(shoot, "--from", "-", "--round", "final choice", "--mark", "pick",
                  stdin="df_img14 OR IMG_4242 OR df_img12")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "IMG_4242: matches no frame of the shoot",
        "df_img12: matches 2 frames (df_img12.jpg, df_img12.png); not marked"]
    assert "1 frame chosen in 'final choice'" in done.stdout
    with Catalog.open(shoot) as catalog:
        assert {n for n, d in catalog.decisions().items() if d.is_pick} == {"df_img14.jpg"}


def test_select_names_the_clients_choices_the_photographer_rejected(shoot):
    """A tester's client chose IMG_0004, IMG_0012 and IMG_0212; two were rejects, `select`
    said "2 newly given the purple label", and the export left both out: the photographer
    learnt it after the delivery. The dry run and the import name them, and say what the
    mark does: a label leaves the reject (the export leaves the frame out), a pick
    takes its place (the export delivers it)."""
    from shotkind_desktop.core.decisions.decisions import REJECT
    from shotkind_desktop.core.decisions.xmp import write_sidecar
    for name in ("df_img11.jpg", "df_img14.jpg"):
        write_sidecar(shoot / name, Decision(REJECT, 2))
    said = ("The client chose 2 frames you rejected (df_img11.jpg, df_img14.jpg): they stay rejected, "
            "so an export leaves them out unless you unflag or pick them")
    dry = select(shoot, "--from", "-", "--dry-run", stdin="df_img11, df_img13, df_img14")
    assert dry.returncode == 0 and said in dry.stdout.splitlines()
    done = select(shoot, "--from", "-", "--round", "final choice", stdin="df_img11, df_img13, df_img14")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("3 frames chosen in 'final choice': 3 newly given the purple label. " + said)
    picked = select(shoot, "--from", "-", "--round", "pick", "--mark", "pick", stdin="df_img14")
    assert picked.stdout.strip().endswith(
        "The client chose 1 frame you rejected (df_img14.jpg): a pick takes the place of your reject, "
        "so an export delivers it: look again first")
    with Catalog.open(shoot) as catalog:
        assert catalog.decisions()["df_img11.jpg"] == Decision(REJECT, 2, "Purple")   # said, not changed


def test_select_on_a_full_disk_says_the_marks_were_not_saved(tmp_path, shared, disk_full, monkeypatch, capsys):
    """The client's 300 names on a catalog whose disk is full: exit 2 and say that the
    marks, not only the round, were not saved (they used to be dropped without a word)."""
    import argparse
    from shotkind_desktop import select_command
    folder = tmp_path / "burst"
    folder.mkdir()
    source = shutil.copy(shared / "photos" / "df_img11.jpg", tmp_path / "source.jpg")
    names = [f"IMG_{i:04}.jpg" for i in range(300)]
    for name in names:
        os.link(source, folder / name)
    chosen = tmp_path / "choice.txt"
    chosen.write_text("\n".join(names))
    opened = Catalog.open

    def full(folder, exclusive=False, in_data_folder=False):
        catalog = opened(folder, exclusive, in_data_folder)
        disk_full(catalog)
        return catalog
    monkeypatch.setattr(Catalog, "open", staticmethod(full))
    monkeypatch.setattr(select_command, "BUSY_WAIT", 0.5)
    parser = argparse.ArgumentParser()
    select_command.add_select_arguments(parser)
    code = select_command.select_command(parser.parse_args([str(folder), "--from", str(chosen)]))
    said = capsys.readouterr().err
    assert code == 2
    assert "the disk holding the catalog is full" in said and "nor were 300 marks" in said, said
    with opened(folder) as catalog:
        assert catalog.decisions() == {}


def test_select_dry_run_marks_nothing_and_usage_errors_exit_2(shoot, tmp_path):
    done = select(shoot, "--from", "-", "--dry-run", stdin="df_img15, df_img11")
    assert done.returncode == 0 and done.stdout.splitlines()[:2] == ["df_img15.jpg", "df_img11.jpg"]
    assert not (shoot / ".shotkind").exists() and not list(shoot.glob("*.xmp"))
    for args, stdin, words in (
            (["--from", tmp_path / "missing.txt"], None, "cannot read"),
            (["--from", "-"], "\n# nothing\n", "names no frames"),
            (["--from", "-", "--mark", "label=pink"], "df_img11", "--mark"),
            (["--from", "-", "--manifest", tmp_path], "df_img11", "cannot read")):
        done = select(shoot, *args, stdin=stdin)
        assert done.returncode == 2 and words in done.stderr and done.stderr.count("\n") == 1
    assert select(tmp_path / "nowhere", "--from", "-", stdin="x").returncode == 2
    assert not list(shoot.glob("*.xmp"))


def test_a_misspelt_name_in_a_sentence_or_a_list_is_a_miss_not_prose(shoot):
    """A review: "portait" for portrait.jpg was taken for a sentence's word, and a line of
    three names made the whole list prose, so select exited 0 over a lost frame."""
    (shoot / "df_img15.jpg").rename(shoot / "portrait.jpg")
    in_a_list = read_match("df_img11 df_img13 df_img14\nportait", frames_of(shoot))
    assert in_a_list.unmatched == ["portait"] and in_a_list.problems
    in_a_sentence = read_match("We'd like df_img11 and portait please", frames_of(shoot))
    assert in_a_sentence.unmatched == ["portait"] and in_a_sentence.prose == ["We'd", "like", "and", "please"]


def test_a_name_on_a_line_of_its_own_is_a_miss_beside_a_sentence(shoot):
    """A review: one thank-you line made a whole paste prose, and "Chidi Okafor", the
    client's second choice on a line of its own, went under "Other words" with select
    exiting 0."""
    match = read_match("df_img11\nChidi Okafor\nThanks so much for the lovely photos", frames_of(shoot))
    assert match.chosen == ["df_img11.jpg"] and match.unmatched == ["Chidi Okafor"] and match.problems
