"""The live verdict (core.judgement.verdict) on real frames: a studio headshot, a blink, a busy
backdrop, a frame made soft, a photo without a face and a truncated file, each analysed
by the engine as the live session analyses it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import pytest

from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.judgement.verdict import ALARM, ANALYSING, GOOD, MISSED, SHARP, verdict


@pytest.fixture(scope="module")
def judged(shared, detectors, tmp_path_factory):
    """name -> the engine's result, as the live session gets it."""
    folder = tmp_path_factory.mktemp("frames")
    sharp = cv2.imread(str(shared / "photos" / "df_img13.jpg"))
    cv2.imwrite(str(folder / "soft.jpg"), cv2.GaussianBlur(sharp, (0, 0), 6))   # focus missed by a mile
    (folder / "cut.jpg").write_bytes((shared / "photos" / "df_img13.jpg").read_bytes()[:30_000])
    paths = {"headshot": shared / "photos" / "df_img13.jpg",
             "blink": shared / "photos-more" / "arash_eyes_closed.jpg",
             "busy": shared / "photos" / "fr_obama.jpg",
             "soft": folder / "soft.jpg", "no face": shared / "photos" / "sk_coffee.png",
             "cut": folder / "cut.jpg"}
    return {name: analyze_frame(Path(path), detectors["yunet"]) for name, path in paths.items()}


def test_a_studio_headshot_is_usable(judged):
    seen = verdict(judged["headshot"])
    assert (seen.headline, seen.tone, seen.eyes, seen.focus, seen.usable, seen.alarm) == \
        ("Usable", GOOD, "open", SHARP, True, None)
    assert seen.score == judged["headshot"].headshot_score and seen.eyes_text == "Eyes open"


def test_a_blink_says_which_eye_and_sounds(judged):
    seen = verdict(judged["blink"])
    assert (seen.headline, seen.tone, seen.eyes, seen.usable, seen.alarm) == ("Blink", ALARM, "closed", False, "blink")
    assert "closed" in seen.reason and seen.reason == seen.eyes_text
    assert seen.reason == judged["blink"].measures["subscore_reasons"]["eyes"].capitalize()


def test_missed_focus_sounds_and_is_not_usable(judged):
    seen = verdict(judged["soft"])
    assert (seen.headline, seen.focus, seen.usable, seen.alarm) == ("Missed focus", MISSED, False, "focus")
    assert seen.reason == "Focus missed: the eyes and face are soft"     # the eyes' own measure says so


def test_a_busy_backdrop_is_not_a_headshot_and_says_why(judged):
    seen = verdict(judged["busy"])
    assert (seen.headline, seen.usable, seen.alarm) == ("Not a headshot", False, None)
    assert seen.reason.startswith("Busy background")


def test_no_face_unreadable_and_not_yet_analysed(judged):
    assert (verdict(judged["no face"]).headline, verdict(judged["no face"]).usable) == ("No face", False)
    cut = verdict(judged["cut"])
    assert (cut.headline, cut.tone, cut.reason) == ("Unreadable", ALARM, judged["cut"].error)
    assert verdict(None) is ANALYSING


def test_the_eyes_own_focus_measure_wins_when_the_analysis_has_one(judged):
    """The eye-focus measure (measures["eye_focus_state"]) judges the eyes at full
    resolution; where it says missed, the face's grade does not overrule it."""
    result = judged["headshot"]
    missed = replace(result, measures={**result.measures, "eye_focus_state": "missed",
                                       "eye_focus_sharpest": "hair"})
    assert (verdict(missed).headline, verdict(missed).usable) == ("Missed focus", False)
    assert verdict(missed).reason == "Focus missed: sharpest on the hair"
    soft = replace(result, measures={**result.measures, "eye_focus_state": "slightly soft"})
    assert (verdict(soft).focus, verdict(soft).usable) == ("slightly soft", True)


def test_an_overexposed_headshot_says_so_and_is_not_usable(judged):
    """The headshot with its highlights grade under the limit (as the engine grades a face
    burnt out past 25%): "Overexposed", not usable; a blink or missed focus still comes first;
    a portrait that is also overexposed gives its composition as the reason, not its exposure;
    a record from before the highlights grade existed counts as exposed well."""
    result = judged["headshot"]
    measures = result.measures
    reason = "highlights burnt out on 30% of the face"
    over = replace(result, measures={**measures, "subscores": {**measures["subscores"], "highlights": 0.4},
                                     "subscore_reasons": {**measures["subscore_reasons"], "highlights": reason}})
    seen = verdict(over)
    assert (seen.headline, seen.usable, seen.reason) == ("Overexposed", False, reason.capitalize())
    assert (seen.tone, seen.alarm) == (ALARM, None), "amber, without a sound"
    blink = replace(over, criteria={**over.criteria, "eyes": "closed"})
    assert verdict(blink).headline == "Blink"
    busy = judged["busy"]
    busy_over = replace(busy, measures={**busy.measures,
                                        "subscores": {**busy.measures["subscores"], "highlights": 0.1},
                                        "subscore_reasons": {**busy.measures["subscore_reasons"],
                                                             "highlights": reason}})
    assert verdict(busy_over).headline == "Not a headshot"
    assert verdict(busy_over).reason.startswith("Busy background")
    older = {name: value for name, value in measures["subscores"].items() if name != "highlights"}
    assert verdict(replace(result, measures={**measures, "subscores": older})).usable
