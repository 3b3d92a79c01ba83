"""The commands on similar-frame groups that act on the whole shoot: Pick Best of Every
Group (Ctrl+Shift+P) and opening the current frame's group in compare (Shift+C) or survey
(Shift+N). Kept beside the main window, which only wires them to its actions and shows
what they say."""

from __future__ import annotations

from shotkind_desktop.core.decisions import decisions as rules
from shotkind_desktop.core.decisions.best_picks import best_of_groups
from shotkind_desktop.core.decisions.decisions import PICK
from shotkind_desktop.ui.frame_proxy import FrameProxy
from shotkind_desktop.ui.grid_view import select_rows
from shotkind_desktop.ui.shoot_model import ShootModel, group_words


def pick_best(model: ShootModel, decide) -> tuple[list[str], str]:
    """Pick the best frame of each group core.decisions.best_picks chooses with `decide(names, change)`
    (ShootSession.decide: one transaction, one undo; the decisions changed, none when it
    refused); the frames picked and what to tell the photographer."""
    model.regroup()                      # results that arrived in the last moments count
    frames, ranked = model.frames(), model.keepers()
    names = best_of_groups([f.name for f in frames], {f.name: f.decision for f in frames},
                           [f.result for f in frames], ranked)
    groups = len({k.group for k in ranked if k.size > 1})
    left = groups - len(names)
    alone = (f"; {left} {'group was' if left == 1 else 'groups were'} left as they were "
             "(already decided, not analysed yet, or every frame blinks or missed focus)") if left else ""
    if not names:
        return [], "No group of similar frames to pick from" + alone
    if not decide(names, lambda decision: rules.set_flag(decision, PICK)):
        return [], "No frame was picked"       # refused: the session said why
    return names, (f"Picked the best frame of {len(names)} {'group' if len(names) == 1 else 'groups'} "
                   f"of similar frames{alone}. Undo takes them all back")


def open_group(model: ShootModel, proxy: FrameProxy, workspace, mode: str) -> str:
    """Select the group of the frame being judged (shown whole even while the grid is
    collapsed), its best frame current, and switch to `mode` ("compare" or "survey");
    what to tell the photographer. Compare and survey take the selection as they always
    do. In compare the frame is the active side's: a tester's Shift+C there opened the
    candidate's group while the keys acted on the select."""
    frame = workspace.active_frame()
    if frame is None:
        return ""
    model.regroup()
    keeper = model.keeper_at(model.row_of(frame.name))
    if keeper is None or keeper.size < 2:
        return f"{frame.name} has no similar frames"
    proxy.open_group(keeper.group)
    members = model.group_members(keeper.group)
    rows = [proxy.mapFromSource(model.index(model.row_of(f.name), 0)).row() for f in members]
    shown = [row for row in rows if row >= 0]
    if not shown:
        return f"Every frame of {frame.name}'s group is hidden by the filter"
    if workspace.mode == mode == "compare":
        workspace.set_mode("loupe")     # compare starts again, on this group's best
    select_rows(workspace.grid, shown, shown[0])
    workspace.set_mode(mode)
    if mode == "compare":
        workspace.sets.group = [f.name for f in members]
    hidden = len(rows) - len(shown)
    best = model.keeper_at(model.row_of(members[0].name))
    return f"{members[0].name}: {group_words(best)}" + (f" ({hidden} hidden by the filter)" if hidden else "")
