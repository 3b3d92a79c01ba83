"""Decisions: the record and the helpers the keys use (Lightroom's behaviour)."""

from __future__ import annotations

import pytest

from shotkind_desktop.core.decisions.decisions import (LABELS, PICK, REJECT, UNFLAGGED, Decision, cleared,
                                             set_flag, set_label, set_rating, toggle_flag,
                                             toggle_label)


def test_a_new_frame_has_no_decision():
    assert Decision() == Decision(UNFLAGGED, 0, None)
    assert not Decision().is_pick and not Decision().is_reject


@pytest.mark.parametrize("fields", [
    {"flag": 2}, {"flag": "pick"}, {"rating": 6}, {"rating": -1}, {"rating": 2.5},
    {"rating": True}, {"label": "Orange"}, {"label": "red"},
])
def test_impossible_decisions_are_refused(fields):
    with pytest.raises(ValueError):
        Decision(**fields)


def test_labels_are_lightroom_s_names_in_key_order():
    assert LABELS == ("Red", "Yellow", "Green", "Blue", "Purple")


def test_flag_rating_and_label_change_independently():
    decision = set_label(set_rating(set_flag(Decision(), PICK), 4), "Green")
    assert decision == Decision(PICK, 4, "Green") and decision.is_pick
    rejected = set_flag(decision, REJECT)
    assert rejected == Decision(REJECT, 4, "Green") and rejected.is_reject   # stars kept
    assert set_flag(rejected, UNFLAGGED) == Decision(UNFLAGGED, 4, "Green")
    assert set_rating(rejected, 0).rating == 0
    assert cleared(decision) == Decision()


def test_the_same_label_key_twice_clears_the_label():
    red = toggle_label(Decision(rating=3), "Red")
    assert red == Decision(rating=3, label="Red")
    assert toggle_label(red, "Red") == Decision(rating=3)
    assert toggle_label(red, "Blue").label == "Blue"


def test_toggling_a_flag_twice_unflags():
    picked = toggle_flag(Decision(rating=2), PICK)
    assert picked.flag == PICK
    assert toggle_flag(picked, PICK) == Decision(rating=2)
    assert toggle_flag(picked, REJECT).flag == REJECT


def test_decisions_are_values():
    assert Decision(PICK, 5, "Red") == Decision(PICK, 5, "Red")
    assert len({Decision(PICK), Decision(PICK), Decision(REJECT)}) == 2
    with pytest.raises(AttributeError):
        Decision().rating = 3
