"""Put the check sets' photos back beside their labels, from clones of their repositories.

The photos are not in this repository (their rights are mostly not stated): each set's
SOURCES.md names every file's repository and git blob. Given a folder holding a clone of
each repository (at REPOS/owner/name, or REPOS/owner+name as the tool library's mirrors
are laid out), this copies each blob byte for byte under its file name, beside a copy of
the set's labels.csv, so `accuracy.py --photos OUT/first` reports on it. A blob is named
by its content's hash, so a photo that comes out is the one that was labelled.

Run: .venv/bin/python benchmarks/outside_check/rebuild.py REPOS OUT
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETS = ("first", "second")
ROW = re.compile(r"^\|\s*(?P<file>[^|]+?)\s*\|\s*(?P<repo>[^|/\s]+/[^|\s]+)\s*\|[^|]*\|\s*(?P<blob>[0-9a-f]{40})\s*\|")


def sources(set_name: str) -> list[tuple[str, str, str]]:
    """(file, owner/name, blob) for each row of the set's file table."""
    rows = []
    for line in (HERE / set_name / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rows.append((match["file"], match["repo"], match["blob"]))
    return rows


def git_dir(repos: Path, repo: str) -> Path | None:
    """The clone of `repo` under `repos`, in either layout, as a path git accepts."""
    for place in (repos / repo, repos / repo.replace("/", "+"), repos / repo.replace("/", "+") / "repo"):
        if (place / ".git").exists():
            return place / ".git"
        if (place / "objects").is_dir():      # a bare clone
            return place
    return None


def blob_content(where: Path | None, blob: str) -> bytes | None:
    """The bytes of `blob` in the clone at `where`; None without the clone or the blob."""
    if where is None:
        return None
    read = subprocess.run(["git", "--git-dir", str(where), "cat-file", "blob", blob], capture_output=True, check=False)
    return read.stdout if read.returncode == 0 else None


def rebuild(repos: Path, out: Path) -> int:
    """Copy every set's photos into out/<set>; the number missing (0: all there)."""
    missing = 0
    for set_name in SETS:
        folder = out / set_name
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / set_name / "labels.csv", folder / "labels.csv")
        rows = sources(set_name)
        for file, repo, blob in rows:
            content = blob_content(git_dir(repos, repo), blob)
            if content is None:
                print(f"{set_name}/{file}: blob {blob[:12]} not in a clone of {repo}", file=sys.stderr)
                missing += 1
                continue
            (folder / file).write_bytes(content)
        print(f"{set_name}: {len(rows)} photos listed, written to {folder}")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repos", type=Path, help="a folder with a clone of each repository SOURCES.md names")
    parser.add_argument("out", type=Path, help="where the sets go (out/first, out/second)")
    args = parser.parse_args(argv)
    missing = rebuild(args.repos, args.out)
    if missing:
        print(f"{missing} photos missing: clone their repositories (full history) and run again", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
