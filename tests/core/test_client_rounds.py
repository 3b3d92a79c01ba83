"""A client's second list and the rounds kept from the first (a tester, D4): an import
silently replaced the client's "final choice" and a frame dropped out of its filter. And
the lists clients really send (D6): UTF-16 from Notepad's "Unicode" and Excel's "Unicode
Text", random bytes that are no list at all, and `shotkind select`'s exit status when
nothing was marked (the README's 2, not 1)."""

from __future__ import annotations

import codecs
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.files.text_file import decode_text
from shotkind_desktop.core.delivery.client_import import (ADD, REPLACE, import_choice, new_round_name,
                                                          parse_mark, read_match, round_change)
from shotkind_desktop.core.shoot import scan_frames

CHECKOUT = Path(__file__).resolve().parents[2]
PHOTOS = ("df_img11.jpg", "df_img12.jpg", "df_img13.jpg", "df_img14.jpg", "df_img15.jpg")


@pytest.fixture
def shoot(shoot_of) -> Path:
    return shoot_of(PHOTOS)


def select(*args, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    done = subprocess.run([sys.executable, "-m", "shotkind_desktop", "select", *map(str, args)],
                          input=stdin, capture_output=True, env=environment, timeout=120)
    done.stdout, done.stderr = done.stdout.decode(), done.stderr.decode()
    return done


def rounds_of(folder: Path) -> dict[str, list[str]]:
    with Catalog.open(folder) as catalog:
        return catalog.client_rounds()


# ---- rounds (D4) --------------------------------------------------------------------------

def test_a_new_round_is_named_after_those_kept_never_one_of_them():
    assert new_round_name({}) == "first choice"
    assert new_round_name({"first choice": []}) == "second choice"
    assert new_round_name({"final choice": []}) == "second choice"
    assert new_round_name({"first choice": [], "second choice": [], "final choice": []}) == "fourth choice"
    kept = {f"choice {n}": [] for n in range(1, 12)}
    assert new_round_name(kept) not in kept


def test_a_replace_that_drops_the_client_s_frames_asks_and_says_which():
    kept = {"final choice": ["IMG_0001.JPG", "IMG_0291.JPG"]}
    chosen = ["IMG_0001.JPG", "IMG_0075.JPG", "IMG_0147.JPG"]
    change = round_change(kept, "final choice", chosen)
    assert change.needs_asking and change.dropped == ["IMG_0291.JPG"]
    assert "IMG_0291.JPG" in change.words() and "drops out" in change.words()
    added = round_change(kept, "final choice", chosen, ADD)
    assert not added.needs_asking
    assert added.after == ("IMG_0001.JPG", "IMG_0291.JPG", "IMG_0075.JPG", "IMG_0147.JPG")
    assert not round_change(kept, "second choice", chosen).needs_asking          # a new round
    assert not round_change(kept, "final choice", [*chosen, "IMG_0291.JPG"]).needs_asking


def test_import_choice_adds_to_a_round_or_replaces_it_and_says_what_dropped(shoot):
    frames = {frame.name: frame.files for frame in scan_frames(shoot).frames}
    with Catalog.open(shoot) as catalog:
        keeper = DecisionKeeper(shoot, catalog, scan_frames(shoot).names())
        pick = parse_mark("pick")
        import_choice(keeper, catalog, read_match("df_img11 df_img12", frames), "final choice", pick)
        added = import_choice(keeper, catalog, read_match("df_img13", frames), "final choice", pick, how=ADD)
        assert catalog.client_rounds() == {"final choice": ["df_img11.jpg", "df_img12.jpg", "df_img13.jpg"]}
        assert added.summary().startswith("1 frame added to 'final choice' (now 3 frames)")
        replaced = import_choice(keeper, catalog, read_match("df_img11 df_img14", frames), "final choice",
                                 pick, how=REPLACE)
        assert catalog.client_rounds() == {"final choice": ["df_img11.jpg", "df_img14.jpg"]}
        assert ("It replaced the earlier 'final choice': df_img12.jpg, df_img13.jpg are no longer in it"
                in replaced.summary())


def test_select_keeps_a_second_list_as_a_new_round_and_never_drops_frames_unasked(shoot, tmp_path):
    first = select(shoot, "--from", "-", "--round", "final choice", stdin=b"df_img11, df_img12")
    assert first.returncode == 0, first.stderr
    second = select(shoot, "--from", "-", stdin=b"df_img13")               # no --round: a new one
    assert second.returncode == 0, second.stderr
    assert "chosen in 'second choice'" in second.stdout
    assert rounds_of(shoot) == {"final choice": ["df_img11.jpg", "df_img12.jpg"],
                                "second choice": ["df_img13.jpg"]}

    for extra in ([], ["--dry-run"]):
        refused = select(shoot, "--from", "-", "--round", "final choice", *extra, stdin=b"df_img11 df_img14")
        assert refused.returncode == 2
        assert "df_img12.jpg" in refused.stderr and "--replace" in refused.stderr and "--add" in refused.stderr
        assert refused.stderr.count("\n") == 1
    with Catalog.open(shoot) as catalog:
        assert catalog.client_rounds()["final choice"] == ["df_img11.jpg", "df_img12.jpg"]
        assert catalog.decisions().get("df_img14.jpg") is None or catalog.decisions()["df_img14.jpg"].label is None

    added = select(shoot, "--from", "-", "--round", "final choice", "--add", stdin=b"df_img14")
    assert added.returncode == 0, added.stderr
    assert rounds_of(shoot)["final choice"] == ["df_img11.jpg", "df_img12.jpg", "df_img14.jpg"]
    replaced = select(shoot, "--from", "-", "--round", "final choice", "--replace", stdin=b"df_img15")
    assert replaced.returncode == 0, replaced.stderr
    assert rounds_of(shoot)["final choice"] == ["df_img15.jpg"]
    assert "df_img11.jpg, df_img12.jpg, df_img14.jpg are no longer in it" in replaced.stdout


# ---- the list's bytes (D6) ----------------------------------------------------------------

LIST = "# Acme\r\nSeán's: df_img11\r\ndf_img13.jpg\r\nDF_IMG14\r\n"


@pytest.mark.parametrize("data", [
    LIST.encode("utf-8"),
    codecs.BOM_UTF8 + LIST.encode("utf-8"),
    codecs.BOM_UTF16_LE + LIST.encode("utf-16-le"),            # Notepad "Unicode", Excel "Unicode Text"
    codecs.BOM_UTF16_BE + LIST.encode("utf-16-be"),
    LIST.encode("cp1252"),                                      # an old Windows program's ANSI
], ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1252"])
def test_a_list_in_any_encoding_clients_send_names_the_same_three_frames(shoot, tmp_path, data):
    assert decode_text(data).lstrip("\ufeff") == LIST
    sent = tmp_path / "choice.txt"
    sent.write_bytes(data)
    done = select(shoot, "--from", sent, "--dry-run")
    assert done.stdout.splitlines()[:3] == ["df_img11.jpg", "df_img13.jpg", "df_img14.jpg"], done.stderr
    piped = select(shoot, "--from", "-", "--dry-run", stdin=data)
    assert piped.stdout == done.stdout


def test_bytes_that_are_no_text_are_refused_in_plain_words(shoot, tmp_path, shared):
    junk = tmp_path / "garbage.txt"
    junk.write_bytes(random.Random(34).randbytes(4096))
    photo_as_list = tmp_path / "choice.csv"
    photo_as_list.write_bytes((shared / "photos" / "df_img11.jpg").read_bytes())
    for sent in (junk, photo_as_list):
        with pytest.raises(ValueError, match="not a text file"):
            decode_text(sent.read_bytes())
        done = select(shoot, "--from", sent)
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "is not a text file" in done.stderr, done.stderr
        assert "\\x" not in done.stderr
    assert not (shoot / ".shotkind").exists()


def test_select_exits_2_when_nothing_was_marked_as_the_readme_says(shoot):
    """The README: `2` when nothing was marked. A list whose names all missed exited 1."""
    for extra in ([], ["--dry-run"]):
        done = select(shoot, "--from", "-", *extra, stdin=b"IMG_9999, Alex Kim_linkedin.jpg")
        assert done.returncode == 2, done.stderr
        assert "IMG_9999: matches no frame of the shoot" in done.stderr
        assert "nothing marked" in done.stderr
    assert not list(shoot.glob("*.xmp"))


def test_a_dry_run_counts_one_frame_in_the_singular(shoot):
    done = select(shoot, "--from", "-", "--dry-run", stdin=b"df_img11")
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == "would mark 1 frame with the purple label in 'first choice'"
