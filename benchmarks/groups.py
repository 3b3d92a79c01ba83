"""Grouping and ranking 5,000 analysed frames: how long core.people.keeper.keepers takes, against
reading the same 5,000 results from their JSON (what opening an analysed shoot costs
anyway), and how far apart the made groups are.

The frames are real analyses: the burst session of benchmarks/burst_shoot.py (49 frames,
8 poses and 3 lone frames made from the shared photos) analysed once (not timed), then
repeated an hour apart, each copy a fresh record read from JSON, until there are 5,000.
So every comparison is between real looks, faces and poses, and the groups expected are
known: each repetition's 11.

Goal (issue 15): grouping and ranking 5,000 analysed frames under 2 s.

Run: .venv/bin/python benchmarks/groups.py [--frames 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, fields
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.burst_shoot import make_shoot  # noqa: E402
from benchmarks.machine import describe, load_note  # noqa: E402
from shotkind_desktop.core.judgement.shoot_pool import analyze_shoot  # noqa: E402
from shotkind_desktop.core.people.groups import LIKENESS, appearance  # noqa: E402
from shotkind_desktop.core.people.keeper import keepers  # noqa: E402
from shotkind_desktop.core.judgement.look import colour_difference, tone_difference  # noqa: E402
from shotkind_desktop.core.files.pairing import scan_pairs  # noqa: E402
from shotkind_desktop.core.records import FrameResult  # noqa: E402

GOAL_SECONDS = 2.0


def analysed_session(jobs: int):
    """(frames made, their results) of one burst session, analysed in a temporary folder."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "session"
        made = make_shoot(folder)
        return made, analyze_shoot(folder, scan_pairs(folder), jobs=jobs)


def repeated(results: list[FrameResult], frames: int) -> list[str]:
    """The session's records as JSON lines, repeated an hour apart up to `frames`."""
    lines = []
    for copy in range(frames // len(results) + 1):
        for result in results:
            record = asdict(result)
            record["file"] = f"{copy:03d}/{result.file}"
            moment = datetime.fromisoformat(result.captured) + timedelta(hours=copy)
            record["captured"] = moment.isoformat()
            lines.append(json.dumps(record))
    return lines[:frames]


def read(lines: list[str]) -> list[FrameResult]:
    """What the catalog does to hand results back (catalog._result_from)."""
    known = {f.name for f in fields(FrameResult)}
    return [FrameResult(**{k: v for k, v in json.loads(line).items() if k in known}) for line in lines]


def made_groups(made) -> int:
    """Groups as made: one a burst, one a lone frame."""
    return len({m.burst if m.burst is not None else f"lone {i}" for i, m in enumerate(made)})


def timed(work, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def spread(made, results) -> str:
    """The largest differences between neighbours of one burst, and the smallest between
    neighbours that are not, each as a share of its limit."""
    looks = [appearance(r) for r in results]
    within, across = {"tones": 0.0, "colours": 0.0}, {"tones": 9.0, "colours": 999.0}
    for (a, la), (b, lb) in zip(zip(made, looks), zip(made[1:], looks[1:])):
        tones, colours = tone_difference(la.look, lb.look), colour_difference(la.look, lb.look)
        if a.burst is not None and a.burst == b.burst:
            within = {"tones": max(within["tones"], tones), "colours": max(within["colours"], colours)}
        else:
            across = {"tones": min(across["tones"], tones), "colours": min(across["colours"], colours)}
    return (f"within a burst at most tones {within['tones']:.3f}, colours {within['colours']:.1f}; "
            f"between poses at least tones {across['tones']:.3f}, colours {across['colours']:.1f} "
            f"(limits {LIKENESS.tones}, {LIKENESS.colours})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2, help="workers for the one analysis (not timed)")
    args = parser.parse_args()
    print(f"machine: {describe()}")
    made, session = analysed_session(args.jobs)
    print(f"session: {len(session)} frames analysed, {len({m.burst for m in made if m.burst is not None})} bursts")
    print(spread(made, session))
    lines = repeated(session, args.frames)
    reading, results = timed(lambda: read(lines), args.repeat)
    grouping, ranked = timed(lambda: keepers(results), args.repeat)
    groups = len({k.group for k in ranked})
    whole, part = divmod(len(results), len(session))
    expected = whole * made_groups(made) + made_groups(made[:part])
    print(f"baseline, reading {len(lines)} results from JSON: {reading:.3f} s")
    print(f"grouping and ranking {len(results)} frames: {grouping:.3f} s = {len(results) / grouping:.0f} frames/s"
          f"  (goal < {GOAL_SECONDS:g} s; {load_note()})")
    print(f"ratio to reading them: {grouping / reading:.2f}")
    print(f"groups: {groups} (made: {expected}); best frames: {sum(k.rank == 1 for k in ranked)}")


if __name__ == "__main__":
    main()
