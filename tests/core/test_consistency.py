"""One consistent look: a shared headshot as several sitters of one team, one of them a
known 0.7 stop darker or warmer (made from the same photo, so nothing else differs), and
crops the photographer made larger or lower. The figures read back are the changes made."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import pytest

from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
from shotkind_desktop.core.people.consistency import team_look
from shotkind_desktop.core.judgement.crops import LINKEDIN_FRAMING
from shotkind_desktop.core.people.sitters import Sitter

PHOTO = "df_img18.jpg"        # a plain grey backdrop that no channel clips
DARKER = 0.7                  # stops
WARMER = 8.0                  # b* units


def _linear(codes: np.ndarray) -> np.ndarray:
    values = codes.astype(np.float64) / 255
    return np.where(values <= 0.04045, values / 12.92, ((values + 0.055) / 1.055) ** 2.4)


def _codes(linear: np.ndarray) -> np.ndarray:
    values = np.where(linear <= 0.0031308, linear * 12.92, 1.055 * np.power(np.maximum(linear, 0), 1 / 2.4) - 0.055)
    return np.clip(np.round(values * 255), 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, shared):
    """The photo as it is, darkened by DARKER stops in linear light, and warmed by WARMER b*."""
    folder = tmp_path_factory.mktemp("team")
    image = cv2.imread(str(shared / "photos" / PHOTO))
    cv2.imwrite(str(folder / "as_shot.png"), image)
    cv2.imwrite(str(folder / "darker.png"), _codes(_linear(image) * 2 ** -DARKER))
    lab = cv2.cvtColor(image, cv2.COLOR_BGR2Lab).astype(np.float32)
    lab[..., 2] += WARMER
    cv2.imwrite(str(folder / "warmer.png"), cv2.cvtColor(np.clip(lab, 0, 255).astype(np.uint8), cv2.COLOR_Lab2BGR))
    paths = sorted(folder.glob("*.png"))
    return {path.name: result for path, result in zip(paths, analyze_shoot(folder, paths, "yunet", jobs=1))}


def team(analysed, odd: str | None = None, size: int = 5):
    """`size` sitters delivering the photo as shot, the last one `odd` instead."""
    names = [f"sitter{n}.png" for n in range(1, size + 1)]
    results = {name: replace(analysed["as_shot.png"], file=name) for name in names}
    if odd:
        results[names[-1]] = replace(analysed[odd], file=names[-1])
    sitters = [Sitter(n, (name,)) for n, name in enumerate(names, 1)]
    return sitters, {s.number: s.frames[0] for s in sitters}, results


def test_a_darker_backdrop_reads_back_in_stops(analysed):
    sitters, chosen, results = team(analysed, "darker.png")
    found = team_look(sitters, chosen, results)
    *others, odd = found.differences
    assert odd.look.stops - found.team.stops == pytest.approx(-DARKER, abs=0.08)
    assert odd.notes and odd.notes[0].startswith("backdrop 0.") and "stop darker than the team" in odd.notes[0]
    assert all(not d.notes for d in others)


def test_a_warmer_backdrop_is_named_with_its_b_star(analysed):
    sitters, chosen, results = team(analysed, "warmer.png")
    odd = team_look(sitters, chosen, results).differences[-1]
    assert odd.look.b_star - team_look(sitters, chosen, results).team.b_star == pytest.approx(WARMER, abs=1.5)
    assert any(note.startswith("backdrop warmer than the team (b* +") for note in odd.notes)
    assert not any("stop" in note for note in odd.notes)     # the same tone


def test_head_size_and_eye_line_follow_the_photographers_crop(analysed):
    sitters, chosen, results = team(analysed)
    plain = team_look(sitters, chosen, results, "1:1", LINKEDIN_FRAMING)
    assert not plain.outliers
    x, y, w, h = plain.differences[-1].look.crop
    grown = 1 / 0.86                          # the crop 1/0.86 as large: the head 14% smaller
    larger = (x - w * (grown - 1) / 2, y - h * (grown - 1) / 2, w * grown, h * grown)
    higher = (x, y - 0.06 * h, w, h)          # the crop moved up: the eyes 6% lower in it
    last, before = sitters[-1].frames[0], sitters[-2].frames[0]
    found = team_look(sitters, chosen, results, "1:1", LINKEDIN_FRAMING,
                      {last: {"1:1": larger}, before: {"1:1": higher}})
    assert found.differences[-1].notes == ("head 14% smaller in the 1:1 crop",)
    assert found.differences[-2].notes == ("eyes 6% lower in the 1:1 crop",)
    assert [d.look.sitter.number for d in found.outliers] == [4, 5]


def test_two_sitters_are_no_team(analysed):
    sitters, chosen, results = team(analysed, "darker.png", size=2)
    assert not team_look(sitters, chosen, results).outliers

