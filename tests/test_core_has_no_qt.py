"""The core, the report and the CLI must load without Qt, so `shotkind analyze`, the
benchmarks and the core tests run on machines with no display or Qt libraries."""

import subprocess
import sys

CHECK = ("import sys, shotkind_desktop.core.judgement.analysis, shotkind_desktop.core.report, "
         "shotkind_desktop.core.files.scan, shotkind_desktop.cli; "
         "qt = sorted(m for m in sys.modules if m.startswith('PySide6')); "
         "assert not qt, f'Qt was imported: {qt}'")


def test_core_and_cli_import_without_qt():
    run = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


RECORDS_CHECK = ("import sys, shotkind_desktop.core.decisions.catalog, shotkind_desktop.core.report; "
                 "heavy = sorted(m for m in ('cv2', 'ai_edge_litert') if m in sys.modules); "
                 "assert not heavy, f'reading results loaded {heavy}'")


def test_reading_results_loads_no_image_library():
    """The catalog and the reports read FrameResult records (core.records): opening a
    shoot's results costs no OpenCV or model runtime start-up."""
    run = subprocess.run([sys.executable, "-c", RECORDS_CHECK], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
