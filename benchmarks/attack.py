"""Attack ShotKind as a careful tester would (issue 14) and count what went wrong.

Builds a hostile shoot from the real files in ../shared — special files (a FIFO, a link
to /dev/zero, a folder named like a photo, a dangling link), links out of the shoot (a
photo and a sidecar pointing at a private file elsewhere), huge claimed dimensions,
truncated and corrupt JPEG, PNG, TIFF, HEIC and DNG, odd names (a newline, 255 bytes,
bytes that are not UTF-8, a leading dash) — and a seeded batch of mutated real files
(tests/core/fuzz_mangle.py's mutations). Runs `shotkind analyze` and `shotkind export`
on each folder with a timeout and prints three counts, which must all be 0:

- crashes: an exit status the README does not document, a traceback, an unreadable report;
- hangs: a command still running at its timeout;
- unclear errors: a frame left out of the report, a frame error or a message on stderr
  that does not name its file, a private file's bytes found anywhere ShotKind wrote, a
  delivered JPEG that does not decode whole, an original whose bytes changed.

Run: .venv/bin/python benchmarks/attack.py [--seed 1] [--fuzz 40] [--timeout 300] [--keep DIR]
(tests/core/test_attack.py runs a small seeded batch.)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
SHARED = CHECKOUT.parent / "shared"
sys.path.insert(0, str(CHECKOUT / "tests" / "core"))
SECRET = b"-----BEGIN OPENSSH PRIVATE KEY----- attack.py"
STATUS = {"analyze": {0, 1}, "export": {0, 1}}     # the README's, for frames that fail


def hostile_shoot(folder: Path, outside: Path) -> None:
    """Every kind of odd input beside two real photos."""
    from PIL import Image

    photo = SHARED / "photos" / "df_img11.jpg"
    jpeg, dng = photo.read_bytes(), (SHARED / "raw" / "canon_eos_6d.dng").read_bytes()
    shutil.copy2(photo, folder / "fine.jpg")
    shutil.copy2(SHARED / "photos" / "df_img13.jpg", folder / "Ünïcödé 写真.jpg")
    with Image.open(photo) as image:
        image.save(folder / "made.png")
        image.save(folder / "made.tif")
        _save_heic(image, folder / "made.heic")
    for name in ("made.png", "made.tif", "made.heic"):
        data = (folder / name).read_bytes()
        (folder / f"truncated-{name}").write_bytes(data[: len(data) // 3])
    (folder / "truncated.jpg").write_bytes(jpeg[: len(jpeg) // 2])
    (folder / "truncated.dng").write_bytes(dng[: len(dng) // 3])
    (folder / "zeroed.jpg").write_bytes(jpeg[:2000] + bytes(4000) + jpeg[6000:])
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "text.jpg").write_text("not a picture\n")
    shutil.copy2(SHARED / "exif" / "corrupted.jpg", folder / "corrupted.jpg")
    (folder / "huge.jpg").write_bytes(_jpeg_claiming(jpeg, 65500, 65500))
    (folder / "huge.png").write_bytes(_png_claiming((folder / "made.png").read_bytes(), 200_000, 200_000))
    os.mkfifo(folder / "pipe.jpg")
    (folder / "zero.jpg").symlink_to("/dev/zero")
    (folder / "folder.jpg").mkdir()
    (folder / "gone.jpg").symlink_to(outside / "no such file.jpg")
    secret = outside / "id_ed25519"
    secret.write_bytes(SECRET)
    shutil.copy2(photo, outside / "theirs.jpg")
    (folder / "theirs.jpg").symlink_to(outside / "theirs.jpg")
    (folder / "keyed.jpg").write_bytes(jpeg)
    (folder / "keyed.xmp").symlink_to(secret)
    shutil.copy2(photo, folder / "new\nline.jpg")
    shutil.copy2(photo, folder / ("a" * 251 + ".jpg"))
    shutil.copy2(photo, folder / "-rf.jpg")
    shutil.copy2(photo, os.fsencode(folder) + b"/bad\xff\xfe.jpg")


def fuzzed_shoot(folder: Path, seed: int, count: int) -> None:
    """`count` seeded mutations of real JPEG, PNG, TIFF, HEIC and DNG files."""
    from fuzz_mangle import mutate
    from PIL import Image

    with tempfile.TemporaryDirectory() as scratch:
        made = Path(scratch)
        with Image.open(SHARED / "photos" / "df_img12.jpg") as image:
            image.save(made / "s.png")
            image.save(made / "s.tif")
            _save_heic(image, made / "s.heic")
        samples = [SHARED / "photos" / "df_img11.jpg", SHARED / "exif" / "DSCN0010.jpg",
                   SHARED / "exif" / "orientation_portrait_6.jpg", SHARED / "raw" / "canon_eos_6d.dng",
                   made / "s.png", made / "s.tif", made / "s.heic"]
        originals = [(path.suffix, path.read_bytes()) for path in samples]
    rng = random.Random(seed)
    for number in range(count):
        suffix, data = rng.choice(originals)
        mangled, _ = mutate(data, rng)
        (folder / f"fuzz-{number:03d}{suffix}").write_bytes(mangled)


def attack(folder: Path, work: Path, timeout: float) -> dict[str, list[str]]:
    """Run analyze and export on `folder`; what went wrong, by count."""
    found = {"crashes": [], "hangs": [], "unclear errors": []}
    names = _frame_names(folder)
    before = _fingerprints(folder)
    report = work / "report.json"
    run = _run(["analyze", str(folder), "--jobs", "2", "--json", str(report)], timeout, found)
    if run is not None:
        _check_run("analyze", run, names, found)
        try:
            frames = json.loads(report.read_text(encoding="utf-8"))["frames"]
        except (OSError, ValueError, KeyError) as error:
            found["crashes"].append(f"analyze: no readable report ({error})")
            frames = []
        reported = {frame["file"] for frame in frames} | {frame["raw"] for frame in frames if frame.get("raw")}
        for name in sorted(set(names) - reported):
            found["unclear errors"].append(f"analyze: {name!r} left out of the report")
        for frame in frames:
            if frame["error"] is not None and not frame["error"].strip():
                found["unclear errors"].append(f"analyze: {frame['file']!r}: an empty error")
    out, handed = work / "out", work / "handed"
    run = _run(["export", str(folder), "--out", str(out), "--select", "all", "--preset", "original",
                "--preset", "linkedin", "--contact-sheet", "--copy-originals", str(handed),
                "--jobs", "2"], timeout, found)
    if run is not None:
        _check_run("export", run, names, found)
        if not (out / "manifest.json").is_file():
            found["unclear errors"].append("export: no manifest")
        _check_outputs(folder, out, handed, found)
    if _fingerprints(folder) != before:
        found["unclear errors"].append("an original or its time changed")
    return found


def _run(args: list[str], timeout: float, found: dict) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run([sys.executable, "-m", "shotkind_desktop", *args], capture_output=True,
                              timeout=timeout, env={**os.environ, "PYTHONPATH": str(CHECKOUT)})
    except subprocess.TimeoutExpired:
        found["hangs"].append(f"{args[0]}: still running after {timeout:.0f} s")
        return None


def _check_run(command: str, run: subprocess.CompletedProcess, names: list[str], found: dict) -> None:
    stderr = run.stderr.decode("utf-8", "backslashreplace")
    if run.returncode not in STATUS[command] or "Traceback" in stderr:
        found["crashes"].append(f"{command}: exit {run.returncode}: {stderr.strip()[-400:]}")
        return
    shown = [_shown(name) for name in names]
    for line in stderr.splitlines():
        if line.strip() and not any(name in line for name in shown) and not line.startswith(
                f"shotkind {command}: contact-sheet.pdf"):
            found["unclear errors"].append(f"{command}: names no file: {line[:200]}")


def _check_outputs(folder: Path, out: Path, handed: Path, found: dict) -> None:
    """Exports decode whole; handed-over originals are byte for byte the shoot's; no
    private file from outside the shoot is anywhere."""
    from PIL import Image

    for path in [*out.rglob("*"), *handed.rglob("*")]:
        if path.is_file() and SECRET in path.read_bytes():
            found["unclear errors"].append(f"a private file outside the shoot was copied to {path.name}")
    for path in out.glob("*.jpg"):
        try:
            with Image.open(path) as image:
                image.load()
        except Exception as error:      # noqa: BLE001 - any failure is a broken delivery
            found["unclear errors"].append(f"export: {path.name} does not decode whole: {error}")
    for path in handed.rglob("*"):
        original = folder / path.relative_to(handed)
        if path.is_file() and path.read_bytes() != original.read_bytes():
            found["unclear errors"].append(f"export: {path.name} handed over changed")


def _shown(name: str) -> str:
    """A name as ShotKind writes it on one line of stderr (shotkind_desktop.cli.shown)."""
    from shotkind_desktop.cli import shown
    return shown(name)


def _frame_names(folder: Path) -> list[str]:
    from shotkind_desktop.core.files.filetypes import is_image
    return sorted(name for name in os.listdir(folder) if is_image(Path(name)) and not name.startswith(".")
                  and not os.path.isdir(folder / name))


def _fingerprints(folder: Path) -> dict:
    prints = {}
    for entry in os.scandir(folder):
        if entry.is_file(follow_symlinks=False) and not entry.name.startswith(".") \
                and not entry.name.endswith(".xmp"):
            status = entry.stat(follow_symlinks=False)
            prints[entry.name] = (hashlib.sha256(Path(entry.path).read_bytes()).hexdigest(),
                                  status.st_mtime_ns)
    return prints


def _jpeg_claiming(data: bytes, width: int, height: int) -> bytes:
    at = next(i for i in range(2, len(data) - 9) if data[i] == 0xFF and data[i + 1] in (0xC0, 0xC2))
    return data[:at + 5] + height.to_bytes(2, "big") + width.to_bytes(2, "big") + data[at + 9:]


def _png_claiming(data: bytes, width: int, height: int) -> bytes:
    import zlib
    header = b"IHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + data[24:29]
    return data[:12] + header + zlib.crc32(header).to_bytes(4, "big") + data[33:]


def _save_heic(image, path: Path) -> None:
    from shotkind_desktop.core.files.decode import register_heif_opener
    register_heif_opener()
    image.save(path, format="HEIF")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fuzz", type=int, default=40, help="mutated files in the fuzz batch")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per command")
    parser.add_argument("--keep", type=Path, help="build the folders here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="shotkind-attack-"))
    totals = {"crashes": [], "hangs": [], "unclear errors": []}
    try:
        for label, build in (("hostile", lambda f: hostile_shoot(f, base / "outside")),
                             ("fuzz", lambda f: fuzzed_shoot(f, args.seed, args.fuzz))):
            folder, work = base / label / "shoot", base / label / "work"
            for made in (folder, work, base / "outside"):
                made.mkdir(parents=True, exist_ok=True)
            build(folder)
            found = attack(folder, work, args.timeout)
            for kind, problems in found.items():
                totals[kind] += [f"{label}: {problem}" for problem in problems]
                for problem in problems:
                    print(f"{label}: {kind}: {problem}")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print("  ".join(f"{kind}: {len(problems)}" for kind, problems in totals.items()))
    return 1 if any(totals.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
