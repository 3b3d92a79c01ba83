"""Mutation fuzzing, bounded in time: real JPEGs, a TIFF and a HEIC made from shared
photos and the real DNG, mangled (fuzz_mangle.py) and fed to the EXIF reader and the decoders in a
process of their own, under a 2 GB address-space limit. Every call must end in a result
or a FrameError, each case within seconds, and the process must not die.

SHOTKIND_FUZZ_SECONDS (default 10) and SHOTKIND_FUZZ_SEED (default fixed) let a developer
fuzz longer or elsewhere; a failing case prints its mutations and keeps its bytes.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image

pytestmark = pytest.mark.slow     # tens of seconds: ./test -m "not slow" leaves it out

CHECKOUT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("fuzz_mangle.py")
SECONDS = float(os.environ.get("SHOTKIND_FUZZ_SECONDS", "10"))
SEED = int(os.environ.get("SHOTKIND_FUZZ_SEED", "20261123"))
CASE_TIMEOUT = 20.0      # one case (four calls on a small file) takes milliseconds; a hang does not end
EXIF_SAMPLES = ("DSCN0010.jpg", "exiforg_fujifilm-finepix40i.jpg", "pillow_iptc_nokia_n70.jpg",
                "orientation_portrait_6.jpg", "exifpy_67-0_length_string.jpg", "exifpy_87_OSError.jpg")


def tiff_with_exif(photos: Path, target: Path) -> Path:
    """A small real photo as TIFF carrying EXIF (orientation, capture time, camera)."""
    with Image.open(photos / "df_img11.jpg") as image:
        image = image.convert("RGB")
        image.thumbnail((480, 480))
        exif = Image.Exif()
        exif[0x0112], exif[0x010F], exif[0x0110] = 6, "NIKON CORPORATION", "NIKON D850"
        exif[0x0132] = "2024:05:06 07:08:09"
        image.save(target, "TIFF", exif=exif)
    return target


def heic_with_exif(photos: Path, target: Path) -> Path:
    """A small real photo as a phone's HEIC (orientation 6, capture time)."""
    import pillow_heif
    with Image.open(photos / "df_img13.jpg") as image:
        image = image.convert("RGB")
        image.thumbnail((320, 320))
    exif = Image.Exif()
    exif[0x0112], exif[0x010F], exif[0x8769] = 6, "Apple", {0x9003: "2024:05:06 07:08:09"}
    pillow_heif.from_pillow(image).save(target, quality=60, exif=exif.tobytes())
    return target


def run_worker(samples: list[Path], workdir: Path) -> tuple[list[str], int | None, str]:
    """The worker's output lines, its exit code (None when it was killed for hanging), and
    what it was doing when it stopped."""
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT)}
    process = subprocess.Popen([sys.executable, str(WORKER), str(SEED), str(SECONDS), str(workdir),
                                *map(str, samples)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env=environment)
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in process.stdout]
                              + [lines.put(None)], daemon=True)
    reader.start()
    seen, last_case = [], "(starting)"
    while True:
        try:
            line = lines.get(timeout=CASE_TIMEOUT + (30 if not seen else 0))   # imports first
        except queue.Empty:
            process.kill()
            process.wait()
            return seen, None, last_case
        if line is None:
            return seen, process.wait(), last_case
        seen.append(line)
        if line.startswith("case "):
            last_case = line


def test_mangled_jpeg_tiff_and_exif_never_crash_hang_or_blow_memory(exif_dir, raw_dir, photos, tmp_path):
    samples = [exif_dir / name for name in EXIF_SAMPLES]
    samples += [raw_dir / "canon_eos_6d.dng", tiff_with_exif(photos, tmp_path / "nikon.tif"),
                heic_with_exif(photos, tmp_path / "phone.heic")]
    workdir = tmp_path / "cases"
    workdir.mkdir()
    lines, code, last_case = run_worker(samples, workdir)
    assert code is not None, f"a call hung for over {CASE_TIMEOUT:.0f} s on {last_case}"
    assert code == 0, f"the process died (exit {code}) on {last_case}:\n" + "\n".join(lines[-20:])
    failures = [line for line in lines if line.startswith("fail ")]
    assert not failures, "\n".join(failures[:20])
    done = [line for line in lines if line.startswith("done ")]
    assert done, "\n".join(lines[-20:])
    cases = int(done[0].split()[1])
    assert cases >= 50, f"only {cases} cases in {SECONDS:.0f} s: the fuzzer hardly ran"


def test_the_mutations_change_the_files_in_every_way_they_claim(exif_dir):
    """The mangler itself: each kind of mutation happens and changes the bytes."""
    sys.path.insert(0, str(WORKER.parent))
    try:
        import fuzz_mangle
    finally:
        sys.path.remove(str(WORKER.parent))
    import random
    data = (exif_dir / "DSCN0010.jpg").read_bytes()
    assert len(fuzz_mangle.segments(data)) >= 4 and fuzz_mangle.tiff_start(data) is not None
    rng, kinds = random.Random(1), set()
    for _ in range(400):
        mangled, description = fuzz_mangle.mutate(data, rng)
        kinds.add(description.split()[0])
        assert mangled != data or description.startswith("flip"), description
    assert kinds >= {"flip", "truncate", "segment", "IFD", "frame", "splice"}
