"""Coverage while shooting (core.coverage): the usable frames of the sitter in the chair,
found by the last long pause until frames carry sitter numbers. The frames here are the
function's own input, a day's timeline written out: that is what is being tested."""

from __future__ import annotations

from shotkind_desktop.core.coverage import LONG_PAUSE_SECONDS, Coverage, CoverageFrame, current_sitting


def sitting(start: float, usable: list[bool | None], every: float = 4.0, sitter: int | None = None):
    return [CoverageFrame(start + n * every, ok, sitter) for n, ok in enumerate(usable)]


def test_the_sitting_starts_after_the_last_long_pause():
    first = sitting(0, [True, True, False, True])
    second = sitting(first[-1].time + LONG_PAUSE_SECONDS, [False, True, None])
    assert current_sitting(first + second) == Coverage(frames=3, usable=1, waiting=1, since=second[0].time)


def test_a_shorter_pause_is_the_same_sitter_changing_pose():
    first = sitting(0, [True, False])
    later = sitting(first[-1].time + LONG_PAUSE_SECONDS - 1, [True])
    assert current_sitting(first + later) == Coverage(frames=3, usable=2, waiting=0, since=0)


def test_sitter_numbers_decide_when_there_are_any():
    """A sitter who came back after a break is one sitter again; a quick change of
    sitter without a long pause is two."""
    anna = sitting(0, [True, True], sitter=1)
    ben = sitting(30, [False, True, True], sitter=2)
    anna_again = sitting(1000, [False], sitter=1)
    assert current_sitting(anna + ben) == Coverage(3, 2, 0, 30, sitter=2)
    assert current_sitting(anna + ben + anna_again) == Coverage(3, 2, 0, 0, sitter=1)


def test_frames_without_a_time_do_not_split_and_nothing_is_no_sitting():
    frames = [CoverageFrame(None, True), CoverageFrame(None, False), CoverageFrame(500.0, True)]
    assert current_sitting(frames) == Coverage(3, 2, 0, 500.0)
    assert current_sitting([]) == Coverage(0, 0, 0, None)
