"""Which files this process has mapped into memory (Linux: /proc/self/maps).

A file mapped from a disk that turns read-only or goes away ends the process with SIGBUS
at the next write into the map, or read of a page not in memory: no exception, no
message. ShotKind maps nothing of a shoot (catalog._journal_without_maps). A test that
locks a shoot's files in its own process checks this first, so that a regression fails
that test instead of killing the whole test run.
"""

from __future__ import annotations

from pathlib import Path

MAPS = Path("/proc/self/maps")


def mapped_under(*places: Path) -> list[str]:
    """The files mapped into this process that are `places` or lie under them."""
    found = set()
    for line in MAPS.read_text().splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) == 6 and any(fields[5] == str(place) or fields[5].startswith(f"{place}/")
                                    for place in places):
            found.add(fields[5])
    return sorted(found)
