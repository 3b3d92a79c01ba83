"""Similar-frame groups and the keeper, proved on bursts made from the real photos the way a
camera makes them (benchmarks/burst_shoot.py): the groups come out as made, the one sharp frame of
each burst ranks first, and the real closed-eye photos never rank above an open-eyed frame."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import cv2
import pytest

from shotkind_desktop.core.judgement.focus_words import MISSED
from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot
from shotkind_desktop.core.judgement.verdict import focus_state
from shotkind_desktop.core.decisions.best_picks import best_of_groups
from shotkind_desktop.core.decisions.decisions import PICK, REJECT, Decision
from shotkind_desktop.core.people.groups import appearance, group_frames
from shotkind_desktop.core.people.keeper import keepers, rank_group
from shotkind_desktop.core.delivery.manifest import read_manifest
from shotkind_desktop.core.files.pairing import scan_pairs
from shotkind_desktop.core.report import csv_report, json_report
from shotkind_desktop.core.people.shoot_groups import ShootGroups

CHECKOUT = Path(__file__).resolve().parents[2]
if str(CHECKOUT) not in sys.path:          # `benchmarks` is a folder of scripts at the top
    sys.path.insert(0, str(CHECKOUT))
from benchmarks.burst_shoot import SESSION, make_shoot  # noqa: E402
from benchmarks.photo_changes import exposed  # noqa: E402


@pytest.fixture(scope="module", params=[7, 11], ids=["seed7", "seed11"])
def session(request, tmp_path_factory):
    """A made headshot session, analysed: (folder, frames made, results in capture order)."""
    folder = tmp_path_factory.mktemp(f"bursts{request.param}") / "shoot"
    made = make_shoot(folder, seed=request.param)
    results = analyze_shoot(folder, scan_pairs(folder), jobs=2)
    assert [r.file for r in results] == [m.name for m in made], "capture order is the order made"
    return folder, made, results


def made_partition(made) -> list[int]:
    """Group numbers as made: a burst is one group, a lone frame one of its own."""
    numbers, previous = [], None
    for index, frame in enumerate(made):
        key = frame.burst if frame.burst is not None else f"lone {index}"
        numbers.append(numbers[-1] if key == previous else (numbers[-1] + 1 if numbers else 1))
        previous = key
    return numbers


def test_groups_come_out_as_made(session):
    _folder, made, results = session
    got = [keeper.group for keeper in keepers(results)]
    assert got == made_partition(made)
    assert len(set(got)) == sum(1 for step in SESSION)   # eight poses and three lone frames


def test_each_frame_has_a_capture_time_and_a_look(session):
    _folder, made, results = session
    for frame, result in zip(made, results):
        assert result.captured.startswith(frame.captured.strftime("%Y-%m-%dT%H:%M:%S"))
        assert appearance(result).look is not None


def test_the_sharp_open_eyed_frame_of_each_burst_ranks_first(session):
    _folder, made, results = session
    ranked = keepers(results)
    for frame, result, keeper in zip(made, results, ranked):
        if frame.burst is None:
            assert (keeper.rank, keeper.size, keeper.reason) == (1, 1, ""), frame.name
        elif frame.sharp:
            assert result.criteria["eyes"] == "open"
            assert keeper.rank == 1, f"{frame.name} (sharp, burst {frame.burst}) ranked {keeper.rank}"
            best = ("focus missed in all" if focus_state(result) == MISSED    # a web photo enlarged 5 times
                    else "sharpest eyes of")
            assert keeper.reason.startswith(f"{best} {keeper.size}, both open"), keeper.reason
        else:
            assert keeper.rank > 1


def test_a_pose_changed_within_the_gap_is_another_group(session):
    """The same woman in two poses two seconds apart, and lone frames a second and a half
    after a burst: only their look keeps them apart, and does with a gap of two minutes."""
    _folder, made, results = session
    assert [k.group for k in keepers(results, gap=120)] == made_partition(made)
    yangmi = [k.group for frame, k in zip(made, keepers(results)) if "yangmi" in frame.source]
    assert len(set(yangmi)) == 2


def test_frames_further_apart_than_the_gap_never_group(session):
    _folder, made, results = session
    assert [k.group for k in keepers(results, gap=0.3)] == list(range(1, len(made) + 1))


def test_a_frame_without_a_capture_time_stands_alone(session):
    _folder, made, results = session
    undated = [replace(r, captured=None) if i == 2 else r for i, r in enumerate(results)]
    groups = [k.group for k in keepers(undated)]
    assert groups[2] not in (groups[1], groups[3])
    assert groups[0] == groups[1] and groups[3] == groups[4] != groups[1]


def test_a_slow_turn_ends_the_group_once_the_pose_has_changed(session):
    """Each frame turned 8° from the one before is alike to it (15°), but the group's first
    frame and the fourth are 24° apart, more than the drift allows (22.5°)."""
    _folder, made, results = session
    burst = [replace(r, measures={**r.measures, "eye_focus_state": "sharp"})       # whatever it read
             for frame, r in zip(made, results) if frame.burst == 5]
    turning = [replace(r, measures={**r.measures, "yaw": r.measures["yaw"] + 8 * i})
               for i, r in enumerate(burst)]
    groups = group_frames([appearance(r) for r in turning])
    assert groups[:3] == [1, 1, 1] and groups[3] == 2


CLOSED = [row["file"] for row in csv.DictReader(open(Path(__file__).resolve().parents[2].parent
                                                      / "shared/photos-more/labels.csv"))
          if row["eyes"] == "closed"]


@pytest.fixture(scope="module")
def closed_eyes(shared_dir):
    folder = shared_dir / "photos-more"
    return dict(zip(CLOSED, analyze_shoot(folder, [folder / name for name in CLOSED], jobs=2)))


@pytest.mark.parametrize("name", CLOSED)
def test_a_real_closed_eye_photo_never_ranks_above_an_open_eyed_frame(session, closed_eyes, name):
    """Each real closed-eye photo against every open-eyed frame of the session, however
    soft: the open-eyed frame ranks first. (The keeper reads the eyes as the engine saw
    them: a photo whose eyes it reads as open is beyond it.)"""
    closed = closed_eyes[name]
    _folder, _made, results = session
    opened = [r for r in results if r.criteria.get("eyes") == "open"]
    assert len(opened) > 30
    above = [other.file for other in opened
             if rank_group([closed, other])[0][0] != 1 or rank_group([other, closed])[0][0] != 0]
    if above and closed.criteria.get("eyes") == "open":
        pytest.xfail(f"the engine reads {name}'s eyes as open (eyes_open "
                     f"{closed.measures.get('eyes_open')}): ranked above {len(above)} frames")
    assert not above, f"{name} ranked above {above}"


def test_a_blink_in_a_burst_ranks_last_and_the_reason_says_the_others_blink(session):
    _folder, made, results = session
    burst = [(frame, r) for frame, r in zip(made, results) if frame.burst == 2]
    sharp = next(i for i, (frame, _) in enumerate(burst) if frame.sharp)
    blinked = [replace(r, criteria={**r.criteria, "eyes": "closed"}) if i == sharp else r
               for i, (_, r) in enumerate(burst)]
    order, reason = rank_group(blinked)
    assert order[-1] == sharp
    assert "both open (others blink)" in reason and not reason.startswith("sharpest")


def exposed_copy(folder, frame, stops: float, tmp_path):
    """The analysis of `frame`'s file exposed `stops` more, in linear light."""
    changed = exposed(cv2.imread(str(folder / frame.name)), stops)
    path = tmp_path / f"{frame.name}.{stops:+.1f}.jpg"
    assert cv2.imwrite(str(path), changed, [cv2.IMWRITE_JPEG_QUALITY, 95])
    [result] = analyze_shoot(tmp_path, [path], jobs=1)
    return result


@pytest.mark.parametrize("stops, fault", [(0.9, "overexposed"), (-1.5, "underexposed")])
def test_a_mis_exposed_copy_of_the_sharp_frame_ranks_after_it(session, tmp_path, stops, fault):
    """The studio headshot burst with a second take of its sharp frame, 0.9 stops over (a
    flash at full power) or 1.5 under (a flash that had not recycled): as sharp and as
    open-eyed, so only exposure puts it after the original, and the reason says so. It
    still ranks before the burst's soft frames: exposure can be pulled from a RAW, focus
    cannot."""
    folder, made, results = session
    burst = [(frame, r) for frame, r in zip(made, results)
             if frame.burst is not None and frame.source == "photos/df_img13.jpg"]
    sharp = next(i for i, (frame, _) in enumerate(burst) if frame.sharp)
    copy = exposed_copy(folder, burst[sharp][0], stops, tmp_path)
    assert copy.criteria["eyes"] == "open" and copy.kind == "headshot"
    group = [r for _, r in burst] + [copy]
    order, reason = rank_group(group)
    assert order[:2] == [sharp, len(group) - 1], order
    assert f"exposed well (1 of {len(group)} {fault})" in reason, reason


def test_report_carries_group_and_keeper_rank(session):
    folder, made, results = session
    document = json.loads(json_report(str(folder), "yunet", results))
    frames = document["frames"]
    assert document["group_gap"] == 5.0
    assert [f["group"] for f in frames] == made_partition(made)
    assert [f["keeper_rank"] == 1 for f in frames] == [m.sharp for m in made]
    rows = list(csv.DictReader(io.StringIO(csv_report(results))))
    assert [int(row["group"]) for row in rows] == made_partition(made)
    assert [row["keeper_rank"] for row in rows] == [str(f["keeper_rank"]) for f in frames]
    best = next(row for row in rows if row["keeper_rank"] == "1" and row["keeper_reason"])
    assert best["keeper_reason"].startswith("sharpest eyes of")
    assert rows[0]["captured"] == results[0].captured


def test_pick_best_leaves_decided_groups_lone_frames_and_blinks_alone(session):
    _folder, made, results = session
    names = [m.name for m in made]
    ranked = keepers(results)
    sharp = [m.name for m, r in zip(made, results) if m.burst is not None and m.sharp and focus_state(r) != MISSED]
    assert len(sharp) >= 7         # all eight poses but one enlarged from a 332-pixel web photo, soft at 100%
    assert best_of_groups(names, {}, results, ranked) == sharp
    in_burst = {b: [m.name for m in made if m.burst == b] for b in range(8)}
    soft = [name for name in in_burst[0] if name not in sharp]
    decisions = {soft[0]: Decision(rating=3),                 # stars on another frame
                 in_burst[1][0]: Decision(flag=REJECT),        # a reject
                 in_burst[2][-1]: Decision(label="Red"),       # a label
                 in_burst[3][0]: Decision(flag=PICK)}          # a pick
    picked = best_of_groups(names, decisions, results, ranked)
    assert picked == [name for name in sharp if name not in sum((in_burst[b] for b in range(4)), [])]
    assert set(in_burst[6]) & set(sharp)
    blinking = [replace(r, criteria={**r.criteria, "eyes": "closed"}) if m.burst == 6 else r
                for m, r in zip(made, results)]
    assert not set(in_burst[6]) & set(best_of_groups(names, {}, blinking, keepers(blinking)))


@pytest.fixture(scope="module")
def made_only(tmp_path_factory):
    """The session made again (seed 7), not analysed: for the commands, which analyse it."""
    folder = tmp_path_factory.mktemp("commands") / "shoot"
    return folder, make_shoot(folder, seed=7)


def test_analyze_reports_groups_in_json_and_csv(made_only, tmp_path, cli):
    folder, made = made_only
    done = cli(str(folder), "--json", str(tmp_path / "r.json"), "--csv", str(tmp_path / "r.csv"),
               "--jobs", "2", "--group-gap", "0.5")
    assert done.returncode == 0, done.stderr
    frames = json.loads((tmp_path / "r.json").read_text())["frames"]
    rows = list(csv.DictReader((tmp_path / "r.csv").open()))
    assert [row["group"] for row in rows] == [str(f["group"]) for f in frames]
    assert [row["keeper_rank"] for row in rows] == [str(f["keeper_rank"]) for f in frames]
    # half a second: only the frames of a burst taken at 3 frames a second stay together
    steps = [(b.captured - a.captured).total_seconds() for a, b in zip(made, made[1:])]
    together = [f["group"] == g["group"] for f, g in zip(frames, frames[1:])]
    assert together == [step < 0.5 and a.burst == b.burst is not None
                        for step, a, b in zip(steps, made, made[1:])]
    assert cli(str(folder), "--group-gap", "0").returncode == 2


def test_export_best_of_group_exports_the_keeper_of_every_group(made_only, tmp_path):
    folder, made = made_only
    out = tmp_path / "out"
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    done = subprocess.run([sys.executable, "-m", "shotkind_desktop", "export", str(folder), "--out",
                           str(out), "--select", "best-of-group", "--preset", "original", "--jobs", "2"],
                          capture_output=True, text=True, env=environment, timeout=300)
    assert done.returncode == 0, done.stderr
    exported = sorted(row["source"] for row in read_manifest(out) if row["status"] == "exported")
    assert exported == sorted(m.name for m in made if m.sharp)   # each burst's sharp frame, each lone frame
    assert not (folder / ".shotkind").exists()


def test_eye_focus_ranks_when_every_frame_has_it(session):
    """With measures.eye_focus (focus on the eyes at full resolution) on every frame, the
    keeper ranks by it, not by the face's focus, and says "eyes"."""
    _folder, made, results = session
    burst = [replace(r, measures={**r.measures, "eye_focus_state": "sharp"})       # whatever it read
             for frame, r in zip(made, results) if frame.burst == 5]
    softest = min(range(len(burst)), key=lambda i: burst[i].measures["focus"])
    with_eyes = [replace(r, measures={**r.measures, "eye_focus": 3.0 if i == softest else 2.0})
                 for i, r in enumerate(burst)]
    order, reason = rank_group(with_eyes)
    assert order[0] == softest and reason.startswith(f"sharpest eyes of {len(burst)}")
    one_missing = [replace(r, measures={**r.measures, "eye_focus": None}) if i == 0 else r
                   for i, r in enumerate(with_eyes)]
    assert rank_group(one_missing)[1].startswith(f"sharpest face of {len(burst)}")
    # a winner whose eyes read within a reading's noise of the sharpest is not said to
    # be "2nd sharpest" (a tester read that as a way the best frame was not best)
    from shotkind_desktop.core.people.keeper import EYE_TIERS, _reason
    three, tiers = burst[:3], [EYE_TIERS["open"]] * 3
    assert _reason(three, 0, [2.0, 2.02, 1.5], "eye_focus", tiers, []).startswith("eyes as sharp as the sharpest of 3")
    assert _reason(three, 0, [2.0, 2.3, 1.5], "eye_focus", tiers, []).startswith("2nd sharpest eyes of 3")


def test_shoot_groups_follow_new_results_as_keepers_does(session):
    """The open shoot's groups (core.people.shoot_groups, which remembers what it compared) are
    the same as working them out from nothing, before and after results change."""
    _folder, made, results = session
    book = ShootGroups()
    partial = [r if i % 3 else None for i, r in enumerate(results)]      # analysis under way
    assert book.keepers(partial) == keepers(partial)
    assert book.keepers(results) == keepers(results)
    again = [replace(r) if i == 7 else r for i, r in enumerate(results)]  # one frame analysed again
    assert book.keepers(again) == keepers(again)
    book.gap = 0.5
    assert book.keepers(again) == keepers(again, gap=0.5)


def test_a_pose_whose_every_frame_missed_focus_is_left_unpicked_and_said_so(tmp_path):
    """A tester's Pick Best picked the best of 24 poses whose every frame the badges called
    missed focus ("sharpest eyes of 6"), and the Sitters dock then cleared those sitters:
    it read the face's focus, not the eyes' verdict. Missed focus fails a frame as a blink
    does; the best of such a pose is the least missed, not a pick."""
    from benchmarks.burst_shoot import Burst, _write_capture_times, motion_blur
    from shotkind_desktop.core.decisions.sitter_book import coverage
    from shotkind_desktop.core.people.sitters import Sitter

    folder = tmp_path / "shoot"
    made = make_shoot(folder, plan=(Burst("photos/df_img18.jpg", 4),), seed=3)
    sharp = next(frame for frame in made if frame.sharp)
    image = cv2.imread(str(folder / sharp.name))
    soft = motion_blur(image, 0.02 * image.shape[1], 30)          # the camera moved: nothing sharp
    assert cv2.imwrite(str(folder / sharp.name), soft, [cv2.IMWRITE_JPEG_QUALITY, 92])
    _write_capture_times([sharp], folder)
    results = analyze_shoot(folder, scan_pairs(folder), jobs=2)
    assert [focus_state(r) for r in results] == [MISSED] * 4, [r.measures.get("eye_focus") for r in results]
    names = [m.name for m in made]
    ranked = keepers(results)
    assert {k.group for k in ranked} == {ranked[0].group} and all(r.criteria["eyes"] == "open" for r in results)
    best = next(k for k in ranked if k.rank == 1)
    assert best.reason.startswith("focus missed in all 4"), best.reason
    assert best_of_groups(names, {}, results, ranked) == []
    picks = {name: Decision(PICK) for name in names[:2]}
    cover = coverage([Sitter(1, tuple(names))], picks, {r.file: r for r in results})
    assert [(c.picks, c.warning) for c in cover] == [(2, "every pick missed focus")]


def test_a_smile_does_not_lift_a_missed_frame_over_a_slightly_soft_one(session):
    """A review found a missed, smiling frame ranked best over a slightly soft one (the
    smile outweighed a small focus difference), and Pick Best then left the pose unpicked.
    Missed focus fails a frame as a blink does: it ranks under every usable frame. Two
    frames of a real pose, their eyes read just either side of the miss line."""
    from shotkind_desktop.core.judgement.focus_words import focus_state as state_of
    from shotkind_desktop.core.judgement.parameters import PARAMETERS

    _folder, made, results = session
    pose = [(m, r) for m, r in zip(made, results) if m.burst == 0][:2]
    line = PARAMETERS.eye_missed

    def read(result, eye_focus, smile):
        return replace(result, criteria={**result.criteria, "expression": "smile" if smile else "neutral"},
                       measures={**result.measures, "eye_focus": eye_focus, "eye_focus_state": state_of(eye_focus),
                                 "smile": smile})
    missed, soft = read(pose[0][1], line - 0.01, 1.0), read(pose[1][1], line + 0.01, 0.0)
    assert (focus_state(missed), focus_state(soft)) == (MISSED, "slightly soft")
    order, reason = rank_group([missed, soft])
    assert order[0] == 1, reason
    names = [m.name for m, _ in pose]
    assert best_of_groups(names, {}, [missed, soft], keepers([missed, soft])) == [names[1]]
