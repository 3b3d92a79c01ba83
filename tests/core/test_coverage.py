"""Coverage while shooting (core.people.coverage): the usable frames of the sitter in the chair.
A headshot day is written out as a timeline of real analysed photos (two people from
../shared, a blink, a photo without a face), each frame given its capture time: the
timeline is the function's input, the looks and verdicts are the engine's."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from shotkind_desktop.core.judgement.frame_pipeline import analyze_frame
from shotkind_desktop.core.people.coverage import LONG_PAUSE_SECONDS, Coverage, CoverageFrame, current_sitting
from shotkind_desktop.core.people.sitters import Sitter, SitterEdits, group_sitters, sitter_frames

START = datetime(2026, 3, 14, 9, 0, 0)


@pytest.fixture(scope="module")
def looks(shared, detectors) -> dict:
    photos = {"anna": shared / "photos" / "df_img7.jpg", "ben": shared / "photos" / "df_img13.jpg",
              "ben blinks": shared / "photos-more" / "arash_eyes_closed.jpg",
              "backdrop": shared / "photos" / "sk_coffee.png"}
    return {who: analyze_frame(Path(path), detectors["yunet"]) for who, path in photos.items()}


def day(looks: dict, *takes: tuple[str, float]) -> list[CoverageFrame]:
    """(who, seconds after the previous frame) -> frames in capture order."""
    frames, moment = [], START
    for n, (who, after) in enumerate(takes):
        moment += timedelta(seconds=after)
        name = f"IMG_{n:04d}.JPG"
        result = None if who is None else replace(looks[who], file=name, captured=moment.isoformat())
        frames.append(CoverageFrame(name, moment.timestamp(), result))
    return frames


def test_the_next_sitter_starts_when_they_sit_down_not_after_a_long_pause(looks):
    """Ben sits down 40 s after Anna's last frame, far under the two-minute pause: the
    sitters' looks say it is someone else, so only Ben's frames count."""
    frames = day(looks, *[("anna", 4)] * 5, ("ben", 40), ("ben", 4), ("ben blinks", 4), ("ben", 4))
    assert 40 < LONG_PAUSE_SECONDS
    assert current_sitting(frames) == Coverage(frames=4, usable=3, waiting=0, since=frames[5].time, by_sitter=True)


def test_the_photographer_splitting_a_sitter_is_followed(looks):
    frames = day(looks, *[("anna", 4)] * 6)
    assert current_sitting(frames).frames == 6
    split = SitterEdits(starts=frozenset({frames[3].name}))
    assert current_sitting(frames, split) == Coverage(3, 3, 0, frames[3].time, by_sitter=True)


def test_a_frame_being_analysed_is_counted_as_waiting(looks):
    frames = day(looks, *[("anna", 4)] * 3, (None, 4))
    assert current_sitting(frames) == Coverage(4, 3, 1, frames[0].time, by_sitter=True)


def test_without_faces_the_sitting_starts_after_the_last_long_pause(looks):
    """Test shots of the backdrop and a grey card: no look to group by."""
    frames = day(looks, ("backdrop", 0), ("backdrop", 5), ("backdrop", LONG_PAUSE_SECONDS), ("backdrop", 5))
    assert current_sitting(frames) == Coverage(2, 0, 0, frames[2].time, by_sitter=False)
    shorter = day(looks, ("backdrop", 0), ("backdrop", LONG_PAUSE_SECONDS - 1))
    assert current_sitting(shorter).frames == 2


def test_nothing_yet(looks):
    assert current_sitting([]) == Coverage(0, 0, 0, None)


def test_the_windows_sitters_name_the_sitter_once_they_have_the_newest_frame(looks):
    """The window groups the whole shoot off the GUI thread and names sitters from the
    roster; a frame that arrived a moment ago is not in its sitters yet."""
    frames = day(looks, *[("anna", 4)] * 3, ("ben", 40), ("ben", 4), ("ben", 4))
    grouped = group_sitters(sitter_frames([frame.result for frame in frames]))
    named = [Sitter(s.number, s.frames, name="Ben Ortiz" if s.number == 2 else None) for s in grouped]
    assert current_sitting(frames, known=named) == Coverage(3, 3, 0, frames[3].time, True, "Ben Ortiz")
    later = frames + day(looks, ("ben", 3 * 4 + 40 + 12))[0:1]
    later[-1] = CoverageFrame("IMG_0099.JPG", frames[-1].time + 4, None)   # arrived, not yet grouped
    assert current_sitting(later, known=named) == Coverage(4, 3, 1, frames[3].time, True, None)
