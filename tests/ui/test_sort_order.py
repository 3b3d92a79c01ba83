"""The grid's order while results arrive in batches and the shoot grows or shrinks between
them (a live session): the proxy compares the sort values the model last announced, and
a frame added or removed must not refresh the others' values behind its back (a review
found a sort by headshot score left out of order for good)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import shiboken6

from shotkind_desktop.core.decisions.selection import sort_value
from shotkind_desktop.core.files.pairing import FrameFiles
from shotkind_desktop.core.records import FrameResult
from shotkind_desktop.core.shoot import Frame, Shoot
from shotkind_desktop.ui.frame_proxy import FrameProxy
from shotkind_desktop.ui.shoot_model import ShootModel

FOLDER = Path("/nowhere")      # nothing is read: the frames carry their results


def frame(name: str, order: int, score: float | None = None) -> Frame:
    result = FrameResult(file=name, headshot_score=score) if score is not None else None
    return Frame(name, FrameFiles(FOLDER / name), order, None, result=result)


def shown(proxy: FrameProxy) -> list[str]:
    return [proxy.index(row, 0).data(ShootModel.NameRole) for row in range(proxy.rowCount())]


def by_headshot(model: ShootModel) -> list[str]:
    frames = sorted(model.frames(), reverse=True,
                    key=lambda f: sort_value("headshot", f.order, f.name, f.decision, f.result))
    return [f.name for f in frames]


@pytest.fixture
def model():
    model = ShootModel()
    yield model
    shiboken6.delete(model)    # its flush and regroup timers go with it, even after a failure


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("change", ["none", "capture added", "file removed"])
def test_results_in_batches_with_frames_coming_and_going_leave_the_sort_in_order(qtbot, model, seed, change):
    chance = random.Random(seed)
    model.load(Shoot(FOLDER, [frame(f"f{i:03}.jpg", i, chance.random()) for i in range(80)]))
    proxy = FrameProxy(model)
    proxy.set_sort_key("headshot")
    assert shown(proxy) == by_headshot(model)
    for batch in range(6):
        # as the session hands results over: on the frames at once, announced at the flush
        results = {f.name: FrameResult(file=f.name, headshot_score=chance.random())
                   for f in chance.sample(model.frames(), 20)}
        with qtbot.waitSignal(model.dataChanged, timeout=2000):
            model.set_results(results)
            if change == "capture added":
                model.add_frames([frame(f"new{batch}.jpg", 100 + batch)])
            elif change == "file removed":
                model.remove_frames([chance.choice(model.frames()).name])
    assert shown(proxy) == by_headshot(model)
