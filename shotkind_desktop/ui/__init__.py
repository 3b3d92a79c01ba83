"""The Qt side of ShotKind: windows, item models and views over `shotkind_desktop.core`.

Only this package imports PySide6, so the core, the CLI's `analyze` and the benchmarks
run without a display.
"""
