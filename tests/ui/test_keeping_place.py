"""The photographer's place in the shoot, in the real window on the shared photos: where
culling goes on after a decision hides the frame under a filter, the current frame kept
in sight when arriving results re-sort the grid, the keys back on the frames after a
sitter is chosen, and the filmstrip showing the current frame."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from shotkind_desktop.core.decisions.decisions import PICK, REJECT, UNFLAGGED, set_rating
from shotkind_desktop.core.decisions.selection import sort_value
from shotkind_desktop.ui.main_window import MainWindow
from tests.ui.window_support import go_to, open_shoot, press, shown_names

Key = Qt.Key
Shift = Qt.KeyboardModifier.ShiftModifier
SHOTS = Path(tempfile.gettempdir()) / "shotkind-test-shots"     # a look at what a change built, never in the checkout


def current_name(window: MainWindow) -> str:
    return window.workspace.current_frame().name


def selected(window: MainWindow) -> list[str]:
    return [index.data(Qt.ItemDataRole.DisplayRole) for index in window.workspace.selection.selectedIndexes()]


def choose(combo, text: str) -> None:
    combo.setCurrentIndex(combo.findText(text))


def look(window: MainWindow, qtbot, name: str) -> None:
    """The window saved for a look, once the large view shows the photo itself."""
    workspace = window.workspace
    qtbot.waitUntil(lambda: window.model.thumbnail(current_name(window)) is not None, timeout=10000)
    if workspace.mode != "grid":
        qtbot.waitUntil(lambda: workspace.previews.cached(current_name(window)) is not None, timeout=10000)
    SHOTS.mkdir(exist_ok=True)
    assert window.grab().save(str(SHOTS / f"{name}.png"))


# ---- a decision that hides the frame -------------------------------------------------

@pytest.mark.parametrize("mode", ["grid", "loupe"])
def test_a_decision_that_hides_the_frame_moves_on_to_the_next(main_window, qtbot, shoot, mode):
    """A tester under "All but rejects" pressed X on IMG_0200 three times and
    rejected 0200, 0199 and 0198: Qt made the frame above current each time, one already
    kept. Culling moves on: the frame that followed is in front, as after Shift+X."""
    open_shoot(main_window, qtbot, shoot)
    main_window.set_mode(mode)
    bar = main_window.workspace.filter_bar
    choose(bar.flag, "All but rejects")
    names = shown_names(main_window)
    go_to(main_window, names[10])
    for step in range(3):
        press(qtbot, main_window, Key.Key_X)
        assert main_window.model.frame(names[10 + step]).decision.flag == REJECT
        assert current_name(main_window) == names[11 + step], f"after reject {step + 1}"
    assert selected(main_window) == [names[13]]
    look(main_window, qtbot, f"d1_{mode}_after_three_rejects_under_filter")

    press(qtbot, main_window, Key.Key_P)            # a pick stays in this filter: so do the keys
    assert current_name(main_window) == names[13]
    press(qtbot, main_window, Key.Key_X, Shift)     # Shift: the same frame as plain X
    assert current_name(main_window) == names[14]

    go_to(main_window, names[-1])                   # the end of the list: the new last frame
    press(qtbot, main_window, Key.Key_X)
    assert current_name(main_window) == names[-2]
    assert selected(main_window) == [names[-2]]


def test_picks_under_unflagged_and_a_label_taken_off_move_on_too(main_window, qtbot, shoot):
    open_shoot(main_window, qtbot, shoot)
    main_window.set_mode("loupe")
    bar = main_window.workspace.filter_bar
    choose(bar.flag, "Unflagged")
    names = shown_names(main_window)
    go_to(main_window, names[20])
    press(qtbot, main_window, Key.Key_P)
    assert main_window.model.frame(names[20]).decision.flag == PICK
    assert current_name(main_window) == names[21]
    press(qtbot, main_window, Key.Key_U)            # unflagged already: it stays, and so do the keys
    assert current_name(main_window) == names[21]

    choose(bar.flag, "All")
    for name in names[30:33]:
        go_to(main_window, name)
        press(qtbot, main_window, Key.Key_6)        # red
    choose(bar.label, "Red")
    assert shown_names(main_window) == names[30:33]
    go_to(main_window, names[31])
    press(qtbot, main_window, Key.Key_6)            # red again takes it off: the frame leaves
    assert main_window.model.frame(names[31]).decision.label is None
    assert current_name(main_window) == names[32]
    assert main_window.model.frame(names[32]).decision.flag == UNFLAGGED


@pytest.mark.parametrize("mode", ["grid", "loupe"])
def test_at_the_end_of_the_list_the_status_bar_says_the_keys_went_back(main_window, qtbot, shoot, mode):
    """Nothing follows the last frame: the new last frame is current (something must
    be), one already seen, and a review's X X X there rejected it and the one before
    without a word. The status bar says where the keys are, until they move."""
    open_shoot(main_window, qtbot, shoot)
    main_window.set_mode(mode)
    choose(main_window.workspace.filter_bar.flag, "All but rejects")
    names = shown_names(main_window)
    go_to(main_window, names[-1])
    press(qtbot, main_window, Key.Key_X)
    assert current_name(main_window) == names[-2] and selected(main_window) == [names[-2]]
    said = main_window.notice.text()
    assert said == (f"Last frame under this filter: {main_window.model.frame(names[-2]).path.name} "
                    "(before the one you decided)")
    if mode == "loupe":
        press(qtbot, main_window, Key.Key_Left)
        assert main_window.notice.text() != said
    else:                                           # a run of frames decided at once
        go_to(main_window, names[-3])
        press(qtbot, main_window, Key.Key_Right, Shift)
        press(qtbot, main_window, Key.Key_X)
        assert current_name(main_window) == names[-4]
        assert main_window.notice.text().endswith("(before the frames you decided)")


@pytest.mark.parametrize("mode", ["grid", "loupe"])
def test_rate_and_next_under_a_sort_by_rating_goes_on_to_the_frame_that_followed(main_window, qtbot, shoot, mode):
    """A tester sorted by rating pressed Shift+3: the frame went to the top with its
    three stars, and the keys to its neighbour there, a frame already rated, not the
    one that followed it when they pressed the key. Decide-and-next goes on in the
    order the photographer was judging in, as a decision that hides the frame does;
    with nothing after it, the keys stay on the frame (still shown)."""
    open_shoot(main_window, qtbot, shoot)
    main_window.set_mode(mode)
    bar = main_window.workspace.filter_bar
    choose(bar.sort, "Rating")
    names = shown_names(main_window)
    go_to(main_window, names[10])
    press(qtbot, main_window, Key.Key_3, Shift)
    assert main_window.model.frame(names[10]).decision.rating == 3
    assert shown_names(main_window)[0] == names[10], "re-sorted to the top"
    assert current_name(main_window) == names[11] and selected(main_window) == [names[11]]
    press(qtbot, main_window, Key.Key_2, Shift)
    assert shown_names(main_window)[:2] == [names[10], names[11]]
    assert current_name(main_window) == names[12]

    go_to(main_window, names[10])                   # a rating taken back sends it down
    after = shown_names(main_window)[1]
    press(qtbot, main_window, Key.Key_0, Shift)
    assert current_name(main_window) == after

    go_to(main_window, names[-1])
    press(qtbot, main_window, Key.Key_5, Shift)
    assert shown_names(main_window)[0] == names[-1]
    assert current_name(main_window) == names[-1] and not main_window.notice.text().startswith("Last frame")


# ---- undo and redo -------------------------------------------------------------------

Ctrl = Qt.KeyboardModifier.ControlModifier


@pytest.mark.parametrize("mode", ["grid", "loupe"])
def test_undo_puts_the_keys_back_on_the_frame_it_brought_back(main_window, qtbot, shoot, mode):
    """"X, oops, Ctrl+Z, P": culling had moved on after the reject hid the frame, Ctrl+Z
    brought it back, and the keys stayed on the next one, so the pick went to a frame
    the photographer did not mean (a review)."""
    open_shoot(main_window, qtbot, shoot)
    main_window.set_mode(mode)
    choose(main_window.workspace.filter_bar.flag, "All but rejects")
    names = shown_names(main_window)
    go_to(main_window, names[10])
    press(qtbot, main_window, Key.Key_X)
    assert current_name(main_window) == names[11]
    press(qtbot, main_window, Key.Key_Z, Ctrl)
    assert current_name(main_window) == names[10] and selected(main_window) == [names[10]]
    press(qtbot, main_window, Key.Key_P)
    assert main_window.model.frame(names[10]).decision.flag == PICK
    assert main_window.model.frame(names[11]).decision.flag == UNFLAGGED


def test_redo_moves_on_as_the_decision_did(main_window, qtbot, shoot):
    """A redo that hides the frame again lands where the decision did, on the frame that
    followed, not on the frame above (Qt's choice, one already kept), wherever the keys
    were; at the end of the list it says so."""
    open_shoot(main_window, qtbot, shoot)
    main_window.set_mode("loupe")
    choose(main_window.workspace.filter_bar.flag, "All but rejects")
    names = shown_names(main_window)
    go_to(main_window, names[10])
    press(qtbot, main_window, Key.Key_X)
    press(qtbot, main_window, Key.Key_Z, Ctrl)
    go_to(main_window, names[3])                    # looking elsewhere meanwhile
    press(qtbot, main_window, Key.Key_Z, Ctrl | Shift)
    assert main_window.model.frame(names[10]).decision.flag == REJECT
    assert current_name(main_window) == names[11] and selected(main_window) == [names[11]]

    go_to(main_window, names[-1])
    press(qtbot, main_window, Key.Key_X)
    press(qtbot, main_window, Key.Key_Z, Ctrl)
    assert current_name(main_window) == names[-1]
    press(qtbot, main_window, Key.Key_Z, Ctrl | Shift)
    assert current_name(main_window) == names[-2]
    assert main_window.notice.text().startswith("Last frame under this filter")


def test_undo_of_frames_decided_together_puts_the_keys_on_the_first(main_window, qtbot, shoot):
    open_shoot(main_window, qtbot, shoot)
    choose(main_window.workspace.filter_bar.flag, "Unflagged")
    names = shown_names(main_window)
    go_to(main_window, names[5])
    for _ in range(2):
        press(qtbot, main_window, Key.Key_Right, Shift)
    press(qtbot, main_window, Key.Key_P)
    assert current_name(main_window) == names[8]
    press(qtbot, main_window, Key.Key_Z, Ctrl)
    assert shown_names(main_window) == names
    assert current_name(main_window) == names[5] and selected(main_window) == [names[5]]


# ---- results that re-sort the grid ---------------------------------------------------

def in_sort_order(window: MainWindow, key: str) -> list[str]:
    """The frames in the order a sort by `key`, best first, gives them."""
    frames = sorted(window.model.frames(), reverse=True,
                    key=lambda f: sort_value(key, f.order, f.name, f.decision, f.result))
    return [f.name for f in frames]


def cell_in_sight(view, index) -> bool:
    return view.viewport().rect().contains(view.visualRect(index))


def test_results_that_re_sort_the_grid_keep_the_current_frame_in_sight(main_window, qtbot, fresh_shoot):
    """A tester sorted a fresh card by headshot score and sat on a frame: arriving
    results moved it from row 7 to 45 in 12 s, out of the viewport from 5 s on, while
    the side panel went on describing it. The frame, and the selection, stay the same,
    and a frame in sight stays in sight."""
    main_window.resize(1280, 700)
    open_shoot(main_window, qtbot, fresh_shoot)
    grid, proxy = main_window.workspace.grid, main_window.proxy
    bar = main_window.workspace.filter_bar
    bar.sort.setCurrentIndex(bar.sort.findData("headshot"))
    go_to(main_window, "fr_obama.jpg")            # a portrait: HS 1, the bottom of the sort
    grid.scrollToTop()
    assert cell_in_sight(grid, grid.currentIndex())
    seen = []

    def re_sorted():
        current = grid.currentIndex()
        seen.append((current.data(Qt.ItemDataRole.DisplayRole), current.row(),
                     [f.name for f in main_window.workspace.selected_frames()], cell_in_sight(grid, current)))
    proxy.layoutChanged.connect(re_sorted)
    with qtbot.waitSignal(main_window.analysis_finished, timeout=180_000):
        pass
    qtbot.waitUntil(lambda: shown_names(main_window) == in_sort_order(main_window, "headshot"), timeout=10_000)
    proxy.layoutChanged.disconnect(re_sorted)

    assert len(seen) > 3, "results re-sorted the grid as they arrived"
    assert {(name, tuple(selected)) for name, _, selected, _ in seen} == {("fr_obama.jpg", ("fr_obama.jpg",))}
    assert max(row for _, row, _, _ in seen) > 30, "the frame went far down the sort"
    assert all(in_sight for *_, in_sight in seen), seen
    look(main_window, qtbot, "d4_grid_after_results_re_sorted")


def test_a_re_sort_keeps_a_frame_in_sight_in_its_place_and_leaves_a_grid_scrolled_away(main_window, qtbot, shoot):
    """The same without waiting for an analysis, sorted by rating: a rating that moves
    the frame on screen leaves its cell where it was on screen (the grid scrolls with
    it); a frame out of sight stays out of sight, the photographer scrolled to look at
    others and the grid stays where they left it."""
    main_window.resize(1280, 700)
    open_shoot(main_window, qtbot, shoot)
    grid = main_window.workspace.grid
    bar = main_window.workspace.filter_bar
    bar.sort.setCurrentIndex(bar.sort.findData("rating"))
    names = shown_names(main_window)
    main_window.session.decide(names[:30], lambda decision: set_rating(decision, 5))
    go_to(main_window, names[-1])
    grid.scrollToBottom()
    assert cell_in_sight(grid, grid.currentIndex())
    height = grid.visualRect(grid.currentIndex()).y()
    press(qtbot, main_window, Key.Key_3)            # after the 5s: from the last row to row 30
    assert shown_names(main_window).index(names[-1]) == 30
    assert grid.visualRect(grid.currentIndex()).y() == height    # its column may differ

    grid.scrollToTop()
    assert not cell_in_sight(grid, grid.currentIndex())
    press(qtbot, main_window, Key.Key_0)            # no stars: back to the last row
    assert shown_names(main_window)[-1] == names[-1]
    assert grid.verticalScrollBar().value() == 0
    assert not cell_in_sight(grid, grid.currentIndex())


# ---- the filmstrip -------------------------------------------------------------------

def strip_shows_current(window: MainWindow) -> bool:
    strip = window.workspace.filmstrip
    return cell_in_sight(strip, strip.currentIndex())


def test_the_filmstrip_shows_the_current_frame_after_a_resize(main_window, qtbot, shoot):
    """A tester made the loupe's window smaller, 1600×1000 to 1024×700: the current frame
    was no longer in the strip, which is there to say where it is in the burst."""
    open_shoot(main_window, qtbot, shoot, size=(1600, 1000))
    main_window.set_mode("loupe")
    strip = main_window.workspace.filmstrip
    go_to(main_window, shown_names(main_window)[-2])
    qtbot.waitUntil(lambda: strip_shows_current(main_window))
    wide = strip.width()
    main_window.resize(1024, 700)
    qtbot.waitUntil(lambda: strip.width() < wide - 300)
    assert strip_shows_current(main_window)
    look(main_window, qtbot, "d10_loupe_at_1024")


@pytest.mark.parametrize("mode", ["loupe", "grid"])
def test_the_filmstrip_shows_the_current_frame_after_one_sitter_then_all(main_window, qtbot, shoot, mode):
    """After a sitter and then "All sitters", the loupe showed IMG_0146 and the strip
    IMG_0001 onwards: the strip kept its scroll while the frames before came back."""
    open_shoot(main_window, qtbot, shoot, size=(1280, 800))
    qtbot.waitUntil(lambda: len(main_window.sitters.coverage) > 10, timeout=10_000)
    main_window.sitters.dock.show()
    tree = main_window.sitters.panel.tree
    qtbot.waitUntil(tree.isVisible)
    main_window.set_mode(mode)

    def click_row(row: int) -> None:
        item = tree.topLevelItem(row)
        tree.scrollToItem(item)
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())

    last = [c.sitter for c in main_window.sitters.coverage if len(c.sitter.frames) > 1][-1]
    click_row(last.number)
    assert set(shown_names(main_window)) == set(last.frames)
    press(qtbot, main_window, Key.Key_Right)     # the photographer's own frame, not one a filter gave
    on = current_name(main_window)
    assert on in last.frames and on != shown_names(main_window)[0]
    click_row(0)                                  # All sitters
    assert current_name(main_window) == on and shown_names(main_window).index(on) > 40
    main_window.set_mode("loupe")
    assert strip_shows_current(main_window)
    look(main_window, qtbot, f"d10_loupe_after_a_sitter_then_all_from_{mode}")
