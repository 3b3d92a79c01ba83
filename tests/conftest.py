"""Shared test setup: Qt draws offscreen (CI has no screen), ShotKind's own folders
live in the test's tmp_path, and the shared photos."""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"   # before anything loads Qt

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"
CHECKOUT = Path(__file__).resolve().parents[1]
if str(CHECKOUT) not in sys.path:     # `benchmarks` is a folder of scripts at the top, and
    sys.path.insert(0, str(CHECKOUT))  # tests share its photo changes (benchmarks.photo_changes)

from tests.memory_maps import MAPS, mapped_under  # noqa: E402  (the checkout is on the path now)


@pytest.fixture(autouse=True)
def shotkind_home(tmp_path_factory, monkeypatch) -> Path:
    """Catalogs of read-only shoots, caches and settings go here, never to ~."""
    home = tmp_path_factory.mktemp("shotkind-home")
    monkeypatch.setenv("SHOTKIND_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the checkout: real photos, models and samples for the tests."""
    if not SHARED_DIR.is_dir():
        pytest.fail(f"test data missing: expected the shared folder at {SHARED_DIR} "
                    "(clone the repo next to shared/)", pytrace=False)
    return SHARED_DIR


@pytest.fixture
def shoot_of(shared_dir, tmp_path) -> Callable[..., Path]:
    """`shoot_of(names)`: a folder `shoot` in the test's tmp_path holding copies of those
    shared photos, their times kept as a copied card keeps them."""
    def make(names) -> Path:
        folder = tmp_path / "shoot"
        folder.mkdir()
        for name in names:
            shutil.copy2(shared_dir / "photos" / name, folder / name)
        return folder
    return make


@pytest.fixture
def chattr(tmp_path) -> Callable:
    """`chattr(flag, *paths)`: make files immutable (+i) or not (-i), standing in for a disk
    the kernel turns read-only under an open shoot. The test is skipped, saying why, where
    that cannot be done: it needs root with CAP_LINUX_IMMUTABLE (a container may not give
    it) and a file system that keeps the attribute (ext4, xfs, btrfs)."""
    probe = tmp_path / "immutable-probe"
    probe.touch()
    try:
        tried = subprocess.run(["chattr", "+i", str(probe)], capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("no chattr command (e2fsprogs): files cannot be made immutable here")
    if tried.returncode != 0:
        pytest.skip(f"chattr +i is refused here ({tried.stderr.strip()}): it needs root with "
                    "CAP_LINUX_IMMUTABLE on ext4, xfs or btrfs")
    subprocess.run(["chattr", "-i", str(probe)], check=True)

    def run(flag: str, *paths: Path) -> None:
        if flag == "+i" and MAPS.is_file():
            mapped = mapped_under(*paths)
            assert not mapped, f"mapped into memory, so locking them would end this test run with SIGBUS: {mapped}"
        subprocess.run(["chattr", flag, *map(str, paths)], check=True)
    yield run
    subprocess.run(["chattr", "-R", "-i", str(tmp_path)], capture_output=True)   # what a failed test left locked


@pytest.fixture
def disk_full() -> Callable:
    """`disk_full(catalog, full=True)`: the disk holding the catalog full, or with room
    again. SQLite then refuses to grow the file past its pages with SQLITE_FULL
    ("database or disk is full"), the answer a full disk gives it, without a small file
    system to mount (which needs root)."""
    def make(catalog, full: bool = True) -> None:
        with catalog._lock:
            pages = catalog._db.execute("PRAGMA page_count").fetchone()[0] if full else 1 << 30
            catalog._db.execute(f"PRAGMA max_page_count = {pages}")
    return make
