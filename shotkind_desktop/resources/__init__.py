"""The files ShotKind ships beside its code (style sheet, icon, desktop entry, AppStream
metadata), found inside the package with importlib.resources, so a checkout, a
`pip install .` and the PyInstaller bundle all find them the same way.

They are read at run time rather than compiled into a Python module, so an icon is
edited as a file and nothing generated is committed. The model files are package data
too, in `shotkind_desktop/models` (core/judgement/models.py).
"""

from importlib.resources import files
from pathlib import Path


def resource_path(name: str) -> Path:
    """The path of a shipped file, e.g. `resource_path("shotkind.svg")`. The package is
    always unpacked on disk (wheel, checkout or bundle), so this is a real file Qt can open."""
    return Path(str(files(__name__) / name))
