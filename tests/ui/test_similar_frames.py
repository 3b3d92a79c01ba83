"""Similar-frame groups in the window, on a burst session made from the shared photos
(benchmarks/burst_shoot.py) and analysed once: the grid collapses each group to its best
frame with a count and expands again (S, View menu), Pick Best of Every Group picks those
frames as one undo step and leaves decided groups alone, Shift+N / Shift+C survey and
compare the current frame's group, and Preferences set the gap."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
from shotkind_desktop.core.decisions.catalog import Catalog, FileIdentity
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, UNFLAGGED, Decision
from shotkind_desktop.core.files.scan import scan_shoot
from shotkind_desktop.core.judgement.focus_words import MISSED
from shotkind_desktop.core.judgement.verdict import focus_state
from shotkind_desktop.ui import settings
from shotkind_desktop.ui.frame_proxy import FrameProxy, GridFilter
from shotkind_desktop.ui.preferences_dialog import PreferencesDialog
from shotkind_desktop.ui.shoot_model import ShootModel
from tests.ui.window_support import go_to, press, shown_names
from tests.ui.screenshots import clipped_texts, save_screenshot

CHECKOUT = Path(__file__).resolve().parents[2]
if str(CHECKOUT) not in sys.path:
    sys.path.insert(0, str(CHECKOUT))
from benchmarks.burst_shoot import make_shoot  # noqa: E402

Key = Qt.Key


@pytest.fixture(scope="module")
def analysed_session(tmp_path_factory):
    """The burst session with every frame's analysis in its catalog: (folder, frames made)."""
    folder = tmp_path_factory.mktemp("session") / "shoot"
    made = make_shoot(folder)
    paths = scan_shoot(folder)
    results = analyze_shoot(folder, paths, "yunet", jobs=2)
    with Catalog.open(folder) as catalog:
        catalog.save_results([(p.name, FileIdentity.of(p), r) for p, r in zip(paths, results)])
    return folder, made


@pytest.fixture
def session(analysed_session, tmp_path):
    folder, made = analysed_session
    copy = tmp_path / "shoot"
    shutil.copytree(folder, copy, copy_function=shutil.copy2)
    return copy, made


def opened(window, qtbot, folder: Path) -> None:
    with qtbot.waitSignal(window.shoot_opened):
        assert window.open_shoot(folder)
    qtbot.waitUntil(lambda: len(window.model.keepers()) == len(window.model.frames()), timeout=10_000)


def shown(window) -> list[str]:
    proxy = window.proxy
    return [proxy.index(row, 0).data(ShootModel.NameRole) for row in range(proxy.rowCount())]


def best_frames(made) -> list[str]:
    """What the session was made to have as best: each burst's sharp frame, each lone frame."""
    return [m.name for m in made if m.sharp]


def test_collapse_shows_the_best_of_each_group_with_its_count_and_expands_again(
        main_window, qtbot, session, tmp_path, qtmodeltester):
    folder, made = session
    main_window.resize(1400, 900)         # as the other README shots
    opened(main_window, qtbot, folder)
    qtmodeltester.check(main_window.proxy)
    assert shown(main_window) == [m.name for m in made]
    qtbot.keyClick(main_window.workspace.grid, Key.Key_S)
    assert main_window.actions_by_name["collapse_groups"].isChecked()
    assert shown(main_window) == best_frames(made)
    sizes = {name: sum(1 for m in made if m.burst is not None and m.burst == burst)
             for name, burst in ((m.name, m.burst) for m in made if m.sharp)}
    counts = {main_window.proxy.index(row, 0).data(ShootModel.NameRole):
              main_window.proxy.index(row, 0).data(FrameProxy.StackRole) for row in range(main_window.proxy.rowCount())}
    assert counts == {name: size or None for name, size in sizes.items()}
    assert main_window.counts.text().startswith(f"{len(best_frames(made))} of {len(made)} (collapsed)")
    qtbot.waitUntil(lambda: not main_window.session.thumbnails.is_busy(), timeout=30_000)
    qtbot.wait(100)
    save_screenshot(main_window, tmp_path, "groups")       # docs/screenshots/groups.png
    qtbot.keyClick(main_window.workspace.grid, Key.Key_S)
    assert shown(main_window) == [m.name for m in made]
    qtmodeltester.check(main_window.proxy)


def test_a_collapsed_group_shows_its_best_frame_among_those_the_filter_lets_through(main_window, qtbot, session):
    folder, made = session
    opened(main_window, qtbot, folder)
    soft = next(m.name for m in made if m.burst == 1 and not m.sharp)
    main_window.session.keeper.apply([soft], lambda d: Decision(flag=PICK))
    main_window.model.set_decisions({soft: Decision(flag=PICK)})
    main_window.actions_by_name["collapse_groups"].trigger()
    main_window.proxy.set_filter(GridFilter(flags=frozenset({PICK})))
    assert shown(main_window) == [soft]


def test_pick_best_picks_every_undecided_group_once_and_undoes_in_one_step(main_window, qtbot, session):
    folder, made = session
    opened(main_window, qtbot, folder)
    rated = next(m.name for m in made if m.burst == 2 and not m.sharp)     # the photographer rated one
    main_window.workspace.grid.setCurrentIndex(main_window.proxy.mapFromSource(
        main_window.model.index(main_window.model.row_of(rated))))
    qtbot.keyClick(main_window.workspace.grid, Key.Key_3)
    qtbot.keyClick(main_window.workspace.grid, Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    results = {f.name: f.result for f in main_window.model.frames()}
    missed = {m.burst for m in made if m.sharp and focus_state(results[m.name]) == MISSED}
    assert len(missed) == 1        # a pose enlarged from a 332-pixel web photo: soft at 100% however still
    expected = [m.name for m in made if m.burst not in (None, 2, *missed) and m.sharp]
    decisions = {f.name: f.decision for f in main_window.model.frames()}
    assert [name for name, d in decisions.items() if d.flag == PICK] == expected
    assert decisions[rated] == Decision(rating=3), "a decided group is left alone"
    assert ("2 groups were left as they were (already decided, not analysed yet, or every frame "
            "blinks or missed focus)") in main_window.notice.text()
    with Catalog.open(folder) as catalog:
        assert {n for n, d in catalog.decisions().items() if d.flag == PICK} == set(expected)
    qtbot.keyClick(main_window.workspace.grid, Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    decisions = {f.name: f.decision for f in main_window.model.frames()}
    assert all(decisions[name].flag == UNFLAGGED for name in expected), "one undo takes every pick back"
    assert decisions[rated] == Decision(rating=3), "...and only those"
    with Catalog.open(folder) as catalog:
        assert not any(d.flag == PICK for d in catalog.decisions().values())


def test_pick_best_on_a_read_only_catalog_picks_nothing_and_claims_nothing(main_window, qtbot, session):
    """Another window holds the shoot: Pick Best is refused with the read-only reason,
    never "Picked the best frame of N groups" over nothing picked."""
    folder, _made = session
    holder = Catalog.open(folder, exclusive=True)
    try:
        opened(main_window, qtbot, folder)
        assert main_window.session.keeper.read_only is not None
        problems = []
        main_window.session.problem.connect(problems.append)
        main_window.notice.setText("")
        assert main_window.pick_best() == []
        assert "Picked" not in main_window.notice.text()
        assert problems and "read-only" in " ".join(problems[-1]).lower()
        assert not any(f.decision.flag == PICK for f in main_window.model.frames())
        assert not list(folder.glob("*.xmp"))
    finally:
        holder.close()
    with Catalog.open(folder) as catalog:
        assert not any(d.flag == PICK for d in catalog.decisions().values())


@pytest.mark.parametrize("key, mode", [(Key.Key_N, "survey"), (Key.Key_C, "compare")])
def test_shift_n_and_shift_c_open_the_current_frames_group(main_window, qtbot, session, key, mode):
    folder, made = session
    opened(main_window, qtbot, folder)
    main_window.actions_by_name["collapse_groups"].trigger()
    burst = [m for m in made if m.burst == 5]
    best = next(m.name for m in burst if m.sharp)
    workspace = main_window.workspace
    workspace.grid.setCurrentIndex(main_window.proxy.mapFromSource(
        main_window.model.index(main_window.model.row_of(best))))
    qtbot.keyClick(workspace.grid, key, Qt.KeyboardModifier.ShiftModifier)
    assert workspace.mode == mode
    assert main_window.notice.text().startswith(f"{best}: Best of {len(burst)} similar frames: sharpest")
    if mode == "survey":
        assert sorted(f.name for f in workspace.selected_frames()) == sorted(m.name for m in burst)
        assert workspace.current_frame().name == best
    else:       # compare: the best is the select, another frame of the group the candidate
        select, candidate = workspace.sets.compared()
        assert select.name == best and candidate.name in {m.name for m in burst} - {best}
        # the arrows step the candidate through the group only, never into the next pose
        # (a tester's did), and not past its ends
        seen = {candidate.name}
        for direction in (Key.Key_Right, Key.Key_Left):
            for _ in range(len(burst) + 2):
                qtbot.keyClick(workspace.stack.currentWidget(), direction)
                select, candidate = workspace.sets.compared()
                assert select.name == best and candidate.name in {m.name for m in burst} - {best}
                seen.add(candidate.name)
        assert seen == {m.name for m in burst} - {best}
        # Make Select keeps to the group; a click on another pose's frame leaves it, and
        # the arrows then step through the shoot (a review found them dead there)
        qtbot.keyClick(workspace.stack.currentWidget(), Key.Key_Up)
        select, candidate = workspace.sets.compared()
        assert {select.name, candidate.name} <= {m.name for m in burst} and select.name != best
        burst_names = {m.name for m in burst}
        outside = [name for name in shown_names(main_window) if name not in burst_names][1]   # shown
        workspace.filmstrip.selectionModel().setCurrentIndex(
            main_window.proxy.mapFromSource(main_window.model.index(main_window.model.row_of(outside))),
            QItemSelectionModel.SelectionFlag.ClearAndSelect)
        stepped = []
        for direction in (Key.Key_Right, Key.Key_Left):
            qtbot.keyClick(workspace.stack.currentWidget(), direction)
            stepped.append(workspace.sets.compared()[1].name)
        assert stepped[0] != outside and stepped[1] == outside
    lone = next(m.name for m in made if m.burst is None)
    main_window.set_mode("grid")       # in compare a frame made current is only the candidate
    workspace.grid.setCurrentIndex(main_window.proxy.mapFromSource(
        main_window.model.index(main_window.model.row_of(lone))))
    main_window.open_group(mode)
    assert main_window.notice.text() == f"{lone} has no similar frames"


def test_a_commands_outcome_leaves_the_status_bar_but_a_state_stays(main_window, qtbot, session, monkeypatch):
    """A tester's "No group of similar frames to pick from" and "No adjusted crop guide
    to reset on this frame" stayed under every later frame, view and filter. What a
    command did goes; what holds (a catalog kept
    elsewhere, a full disk) is said by the session and stays until it changes."""
    from shotkind_desktop.ui import main_window as window_module
    monkeypatch.setattr(window_module, "ONE_OFF_NOTICE_MS", 200)
    folder, made = session
    opened(main_window, qtbot, folder)
    lone = next(m.name for m in made if m.burst is None)
    main_window.workspace.grid.setCurrentIndex(main_window.proxy.mapFromSource(
        main_window.model.index(main_window.model.row_of(lone))))
    main_window.open_group("compare")
    assert main_window.notice.text() == f"{lone} has no similar frames"
    qtbot.waitUntil(lambda: main_window.notice.text() == "", timeout=3000)

    main_window.open_group("compare")
    main_window.session.notice.emit("Catalog at /elsewhere")      # a state, said before the outcome goes
    qtbot.wait(400)
    assert main_window.notice.text() == "Catalog at /elsewhere"

    main_window.open_group("compare")                              # an outcome over a state
    assert main_window.notice.text() == f"{lone} has no similar frames"
    qtbot.waitUntil(lambda: main_window.notice.text() == "Catalog at /elsewhere", timeout=3000)

    main_window.reset_guides()                  # the session's own outcomes go as well
    assert main_window.notice.text() == "No adjusted crop guide to reset on this frame"
    qtbot.waitUntil(lambda: main_window.notice.text() == "Catalog at /elsewhere", timeout=3000)


def test_the_gap_set_in_preferences_regroups_the_open_shoot(main_window, qtbot, session, monkeypatch):
    folder, made = session
    opened(main_window, qtbot, folder)
    assert main_window.model.group_gap() == 5.0

    def choose(dialog):
        dialog.group_gap.setValue(1.0)
        dialog.accept()
    monkeypatch.setattr(PreferencesDialog, "exec", choose)
    main_window.preferences()
    assert settings.group_gap() == 1.0
    steps = [(b.captured - a.captured).total_seconds() for a, b in zip(made, made[1:])]
    keepers = main_window.model.keepers()
    together = [a.group == b.group for a, b in zip(keepers, keepers[1:])]
    assert together == [step <= 1.0 and a.burst == b.burst is not None
                        for step, a, b in zip(steps, made, made[1:])]
    assert any(together) and not all(together)


def test_shift_c_in_compare_opens_the_group_of_the_active_sides_frame(main_window, qtbot, session):
    """A tester's Shift+C opened the candidate's group while the select was the active
    side: the group opened is the one of the frame the keys act on."""
    folder, made = session
    opened(main_window, qtbot, folder)
    workspace = main_window.workspace
    first = {m.name for m in made if m.burst == 5}
    second = {m.name for m in made if m.burst == 2}
    go_to(main_window, next(m.name for m in made if m.burst == 5 and m.sharp))
    qtbot.keyClick(workspace.grid, Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    elsewhere = min(second)                        # a click in the filmstrip: a candidate of another pose
    workspace.filmstrip.selectionModel().setCurrentIndex(
        main_window.proxy.mapFromSource(main_window.model.index(main_window.model.row_of(elsewhere))),
        QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.mouseClick(workspace.compare.left, Qt.MouseButton.LeftButton)
    assert workspace.compare.active == "select" and workspace.sets.compared()[1].name == elsewhere
    qtbot.keyClick(workspace.stack.currentWidget(), Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    assert set(workspace.sets.group) == first, "the select's group, not the candidate's"
    assert {frame.name for frame in workspace.sets.compared()} <= first

    workspace.filmstrip.selectionModel().setCurrentIndex(
        main_window.proxy.mapFromSource(main_window.model.index(main_window.model.row_of(elsewhere))),
        QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.mouseClick(workspace.compare.right, Qt.MouseButton.LeftButton)
    assert workspace.compare.active == "candidate"
    qtbot.keyClick(workspace.stack.currentWidget(), Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    assert set(workspace.sets.group) == second, "the candidate's group when it is the active side"


def test_the_arrows_say_so_at_either_end_of_the_group_in_compare(main_window, qtbot, session):
    """After Shift+C a tester's arrows stopped silently at the group's ends and read as a
    dropped key: the status bar says the end was reached."""
    folder, made = session
    opened(main_window, qtbot, folder)
    workspace = main_window.workspace
    burst = [m.name for m in made if m.burst == 5]
    go_to(main_window, next(m.name for m in made if m.burst == 5 and m.sharp))
    qtbot.keyClick(workspace.grid, Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    assert main_window.notice.text().startswith(workspace.sets.compared()[0].name)   # the group's best
    view = workspace.stack.currentWidget()
    for _ in range(len(burst) - 2):       # the candidate starts on one of them, the select is left out
        qtbot.keyClick(view, Key.Key_Right)
    last = workspace.sets.compared()[1].name
    qtbot.keyClick(view, Key.Key_Right)
    assert workspace.sets.compared()[1].name == last
    assert main_window.notice.text() == "Last frame of this group"
    for _ in range(len(burst)):
        qtbot.keyClick(view, Key.Key_Left)
    assert workspace.sets.compared()[1].name in burst
    assert main_window.notice.text() == "First frame of this group"
    qtbot.keyClick(view, Key.Key_Right)                 # moving again: the note is no longer true
    assert main_window.notice.text() != "First frame of this group"
    for _ in range(len(burst)):
        qtbot.keyClick(view, Key.Key_Right)
    assert main_window.notice.text() == "Last frame of this group"
    main_window.set_mode("grid")                        # nor in another view
    assert main_window.notice.text() != "Last frame of this group"
    main_window.set_mode("loupe")                       # the shoot's own ends say nothing new
    qtbot.keyClick(workspace.filmstrip, Key.Key_Home)
    main_window.notice.setText("")
    qtbot.keyClick(workspace.filmstrip, Key.Key_Left)
    assert main_window.notice.text() == ""


def test_compare_captions_show_each_sides_place_in_its_group(main_window, qtbot, session):
    """Testers asked compare for the place the grid's cells already show ("1/6"): the
    best frame says so, and every step of the candidate shows its own place."""
    folder, made = session
    opened(main_window, qtbot, folder)
    workspace, model = main_window.workspace, main_window.model
    burst = [m.name for m in made if m.burst == 5]
    go_to(main_window, next(m.name for m in made if m.burst == 5 and m.sharp))
    qtbot.keyClick(workspace.grid, Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    compare = workspace.compare
    assert compare.left_caption.caption.endswith(f"1/{len(burst)} best")
    for _ in range(len(burst) - 1):
        candidate = workspace.sets.compared()[1].name
        keeper = model.keeper_at(model.row_of(candidate))
        assert keeper.rank > 1 and compare.right_caption.caption.endswith(f"{keeper.rank}/{len(burst)}")
        qtbot.keyClick(workspace.stack.currentWidget(), Key.Key_Right)
    qtbot.keyClick(workspace.stack.currentWidget(), Key.Key_N)     # survey's captions say it too
    assert any(frame.caption.endswith(f"1/{len(burst)} best") for frame in workspace.survey._frames)


@pytest.mark.parametrize("size", [(1600, 1000), (1366, 768)])
def test_compares_status_line_reads_whole_beside_the_group_notice(main_window, qtbot, session, size):
    """At 1600 px a tester read "…(click a side to switch; ↑ make selec", run into the
    group notice to its right. Which frame the keys act on is said whole at a desktop's
    and a laptop's width; the notice beside it gives way, ending in "…" (whole in its
    tooltip and, for the active frame, in the side panel)."""
    folder, made = session
    main_window.resize(*size)
    opened(main_window, qtbot, folder)
    workspace, bar = main_window.workspace, main_window.statusBar()
    go_to(main_window, next(m.name for m in made if m.burst == 5 and m.sharp))
    qtbot.keyClick(workspace.grid, Key.Key_C, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(workspace.stack.currentWidget(), Key.Key_Right)
    qtbot.wait(50)                                       # the status bar lays itself out
    status, notice = main_window.view_status, main_window.notice
    assert "candidate" in status.text() and workspace.sets.compared()[1].name in status.text()
    assert status.width() >= status.sizeHint().width(), f"cut: {status.text()!r} in {status.width()} px"
    assert notice.geometry().left() >= status.geometry().right(), "the notice starts after the status line"
    shown = notice.shown_text()
    assert shown == notice.text() or (shown.endswith("…") and notice.text().startswith(shown[:-1]))
    assert notice.toolTip() == notice.text()
    assert not [text for text in clipped_texts(bar) if "similar frames" not in text]


@pytest.mark.parametrize("mode", ["grid", "loupe"])
def test_a_collapsed_pose_whose_face_is_rejected_shows_its_next_best_next(main_window, qtbot, session, mode):
    """Collapsed, a pose shows its best frame; rejected under "All but rejects", the
    pose's next best takes its place, and the keys go to it: they went on to the next
    pose, and the frame standing in was skipped unseen (a review)."""
    folder, made = session
    opened(main_window, qtbot, folder)
    main_window.actions_by_name["collapse_groups"].trigger()
    bar = main_window.workspace.filter_bar
    bar.flag.setCurrentIndex(bar.flag.findText("All but rejects"))
    main_window.set_mode(mode)
    pose = [f.name for f, k in sorted(zip(main_window.model.frames(), main_window.model.keepers()),
                                      key=lambda fk: (fk[1].group, fk[1].rank)) if k.group == 3]
    assert len(pose) >= 3 and pose[0] in shown(main_window) and pose[0] != shown(main_window)[-1]
    go_to(main_window, pose[0])
    press(qtbot, main_window, Key.Key_X)
    assert main_window.model.frame(pose[0]).decision.flag == REJECT
    assert main_window.workspace.current_frame().name == pose[1] and pose[1] in shown(main_window)
    press(qtbot, main_window, Key.Key_P)
    assert main_window.model.frame(pose[1]).decision.flag == PICK


@pytest.mark.parametrize("mode", ["grid", "loupe"])
def test_s_then_s_comes_back_to_the_frame_the_photographer_was_on(main_window, qtbot, session, mode):
    """A tester on IMG_0204 pressed S, S and was left on its group's best, IMG_0199.
    Collapsed, the keys go to the frame standing for the group of the frame they were on
    (Qt left them on the row above it: another pose, for a frame taken before its best);
    expanded, they are back on that frame, unless they moved while collapsed."""
    folder, made = session
    opened(main_window, qtbot, folder)
    main_window.set_mode(mode)
    order = shown(main_window)
    model = main_window.model
    groups = [[f.name for f in model.group_members(group)]
              for group in sorted({k.group for k in model.keepers() if k.size > 1})]
    frame, best = next((name, members[0]) for members in groups for name in members
                       if order.index(name) < order.index(members[0])
                       and min(map(order.index, members)) > 0)
    current = lambda: main_window.workspace.current_frame().name  # noqa: E731
    go_to(main_window, frame)
    press(qtbot, main_window, Key.Key_S)
    assert main_window.proxy.collapsed() and frame not in shown(main_window)
    assert current() == best
    press(qtbot, main_window, Key.Key_S)
    assert not main_window.proxy.collapsed()
    assert current() == frame

    press(qtbot, main_window, Key.Key_S)
    main_window.step(1)                        # the photographer moves on while collapsed
    moved_to = current()
    press(qtbot, main_window, Key.Key_S)
    assert current() == moved_to



@pytest.mark.parametrize("mode", ["grid", "loupe"])
def test_pick_best_under_a_filter_that_hides_the_picks_goes_on_from_the_frame_the_keys_were_on(
        main_window, qtbot, session, mode):
    """Under "Unflagged", Pick Best hides every frame it picks, and the keys were left
    where Qt put them: on the frame above the current one when it was picked, one seen
    already. They stay on a frame still shown; from a frame picked they go on to the
    frame that followed it, as after a decision; at the end of the list to the new last
    frame, and the status bar says so beside what was picked."""
    folder, made = session
    opened(main_window, qtbot, folder)
    main_window.set_mode(mode)
    bar = main_window.workspace.filter_bar
    bar.flag.setCurrentIndex(bar.flag.findText("Unflagged"))
    order = shown(main_window)
    picked = main_window.pick_best()
    main_window.undo()
    assert shown(main_window) == order
    current = lambda: main_window.workspace.current_frame().name  # noqa: E731
    chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

    frame = picked[1]                               # picked, with frames after it
    go_to(main_window, frame)
    press(qtbot, main_window, Key.Key_P, chord)
    assert frame not in shown(main_window)
    after = next(name for name in order[order.index(frame) + 1:] if name not in picked)
    assert current() == after
    assert main_window.workspace.selected_frames() == [main_window.model.frame(after)]
    main_window.undo()

    kept = order[order.index(picked[2]) + 1]        # not picked, right after a pick
    assert kept not in picked
    go_to(main_window, kept)
    press(qtbot, main_window, Key.Key_P, chord)
    assert current() == kept

    main_window.undo()
    last = picked[-1]
    main_window.proxy.show_only(frozenset(order[:order.index(last) + 1]))   # one sitter's frames
    go_to(main_window, last)
    press(qtbot, main_window, Key.Key_P, chord)
    before = order[order.index(last) - 1]
    assert current() == before
    assert main_window.notice.text().startswith("Picked the best frame of")
    assert f"Last frame under this filter: {before}" in main_window.notice.text()
