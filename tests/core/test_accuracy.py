"""The engine against both labelled sets: floors under the figures that
benchmarks/accuracy.py reports, so a change that breaks the judgement fails CI.

A floor is a promise: it is raised when the engine improves and never lowered to let a
change pass. The issue's goals (benchmarks/accuracy.py GOALS) are higher than some of
these; benchmarks/README.md says which are not met yet and why.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import accuracy  # noqa: E402

from shotkind_desktop.core.judgement.faces import make_detector  # noqa: E402

pytestmark = pytest.mark.slow     # tens of seconds: ./test -m "not slow" leaves it out

FLOORS = {
    "photos": {"headshot_vs_not": 0.98, "precision": 0.9, "recall": 0.9, "faces": 0.9,
               "frontal": 0.87, "backdrop": 0.95, "lighting": 0.88, "framing": 0.8,
               "eyes": 0.94, "expression": 0.8},
    "photos-more": {"headshot_vs_not": 0.93, "precision": 0.82, "recall": 0.93, "faces": 0.95,
                    "frontal": 0.96, "backdrop": 0.92, "lighting": 0.9, "framing": 0.85,
                    "eyes": 0.96, "expression": 0.79},
}


@pytest.fixture(scope="module")
def rows():
    detector = make_detector()
    return {name: accuracy.measure_all(accuracy.SHARED / name, detector) for name in accuracy.SETS}


def share(pair):
    done, total = pair
    return done / total


@pytest.mark.parametrize("photos", accuracy.SETS)
def test_every_person_photo_gets_its_main_face_and_no_face_is_invented(rows, photos):
    figures = accuracy.agreement(rows[photos])
    assert share(figures["main_face_found"]) == 1.0
    assert share(figures["no_face_on_none"]) == 1.0


@pytest.mark.parametrize("photos", accuracy.SETS)
def test_the_judgement_agrees_with_the_labels(rows, photos):
    figures = accuracy.agreement(rows[photos])
    below = {name: round(share(figures[name]), 3) for name, floor in FLOORS[photos].items()
             if share(figures[name]) < floor}
    assert not below, f"{photos}: below the floor: {below}; misses: {figures['misses']}"


def test_headshot_scores_rank_rather_than_tie(rows):
    """Frames judged headshots spread over the scale instead of piling up at a ceiling
    (engine 3 tied 10 of 25 at 100): none reaches 100, they span at least 10 points, the
    best is alone at the top, and no score is shared by more than a tenth of them (frames
    with different grades can meet at 0.1-point rounding: engine 10 has three at 93.4)."""
    both = rows["photos"] + rows["photos-more"]
    scores = [s for _, kind, s in accuracy.agreement(both)["scores"] if kind == "headshot"]
    assert len(scores) >= 20
    assert max(scores) < 100
    assert max(scores) - min(scores) >= 10
    assert scores.count(max(scores)) == 1, sorted(scores)
    assert max(scores.count(s) for s in scores) <= max(2, len(scores) // 10), sorted(scores)


def test_frames_that_fail_still_rank_rather_than_tie_at_0(rows):
    """A grade past its limit used to reach 0 and take the headshot score with it: 19 of
    the labelled frames with a face tied at 0 (a smile before an office window beside
    groups and profiles), so a sort could not tell them apart. Every frame with a face
    now scores above 0, and no score is shared by more than a tenth of the failing frames
    (as for the headshots: different grades can meet at 0.1-point rounding)."""
    both = rows["photos"] + rows["photos-more"]
    scores = [s for _, kind, s in accuracy.agreement(both)["scores"] if kind == "portrait"]
    assert len(scores) >= 60
    assert min(scores) > 0, sorted(scores)
    assert max(scores.count(s) for s in scores) <= len(scores) // 10, sorted(scores)


def test_a_grade_that_lost_points_says_what_cost_them(rows):
    """A tester read "Framing 0.73: head-and-shoulders framing" and "Eyes 0.88: eyes open"
    and could not tell what took the points. Over both sets, a framing or expression grade
    under 0.95, or open eyes graded under 0.75 (a smile's squint and a relaxed lid read
    0.8-0.95, and a second tester read "lids a little lowered" on 61 of 87 open-eyed
    frames as noise), never gives the words a full grade gives."""
    both = rows["photos"] + rows["photos-more"]
    full_words = {"framing": ("head-and-shoulders framing", 0.95), "eyes": ("eyes open", 0.75),
                  "expression": ("neutral expression", 0.95)}
    lost = 0
    for row in both:
        if not row["measures"] or not hasattr(row["measures"], "eyes"):
            continue
        judgement = accuracy.judge(row["measures"])
        for name, (words, says_why) in full_words.items():
            sub = judgement.subscores[name]
            if sub.value < says_why:
                lost += 1
                assert sub.reason != words, (row["label"]["file"], name, sub)
    assert lost >= 20


def test_closed_eyes_never_score_as_deliverable(rows):
    """Every labelled closed-eye frame whose eyes the engine judges closed scores under
    the pass line, with a reason naming the eye(s)."""
    both = rows["photos"] + rows["photos-more"]
    closed = [row for row in both if row["label"]["eyes"] == "closed" and row["measures"]]
    judged = [(row, accuracy.judge(row["measures"])) for row in closed]
    caught = [(row, j) for row, j in judged if j.criteria["eyes"] == "closed"]
    assert len(caught) >= 0.6 * len(closed), [row["label"]["file"] for row in closed]
    for row, judgement in caught:
        assert judgement.headshot_score < 50, row["label"]["file"]
        assert any("closed" in reason for reason in judgement.reasons), judgement.reasons
