"""The core, the report and the CLI must load without Qt, so `shotkind analyze`, the
benchmarks and the core tests run on machines with no display or Qt libraries."""

import subprocess
import sys

import pytest

CHECK = ("import importlib, pkgutil, sys, shotkind_desktop.core, shotkind_desktop.cli; "
         "core = shotkind_desktop.core; "
         "names = [m.name for m in pkgutil.walk_packages(core.__path__, core.__name__ + '.')]; "
         "[importlib.import_module(name) for name in names]; "
         "assert len(names) > 70, names; "
         "qt = sorted(m for m in sys.modules if m.startswith('PySide6')); "
         "assert not qt, f'Qt was imported: {qt}'")


def test_every_core_module_and_the_cli_import_without_qt():
    """Every module of every room, found by walking the package, not listed by hand."""
    run = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


RECORDS_CHECK = ("import sys, {module}; "
                 "heavy = sorted(m for m in ('cv2', 'ai_edge_litert') if m in sys.modules); "
                 "assert not heavy, f'importing {module} loaded {{heavy}}'")


@pytest.mark.parametrize("module", ["records", "decisions.catalog", "decisions.selection", "files.scan",
                                    "files.pairing", "shoot", "report", "judgement.face_record",
                                    "judgement.verdict", "judgement.focus_words", "judgement.frame_warnings",
                                    "judgement.stored_grades", "judgement.crops", "people.coverage",
                                    "people.consistency"])
def test_reading_results_loads_no_image_library(module):
    """The catalog, the shoot, the selection and the reports read FrameResult records
    (core.records), and the verdict, the warnings, the crop guides and a day's coverage
    and consistency read their faces (judgement.face_record): opening a shoot's results
    costs no OpenCV or model runtime start-up."""
    check = RECORDS_CHECK.format(module=f"shotkind_desktop.core.{module}")
    run = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_the_check_sees_opencv_where_it_is_loaded():
    """The check above can fail: decoding pixels does load OpenCV."""
    check = RECORDS_CHECK.format(module="shotkind_desktop.core.files.decode")
    run = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert run.returncode != 0 and "cv2" in run.stderr
