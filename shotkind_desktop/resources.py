"""Where the files ShotKind ships beside its code (icons, later the style sheet) are found.

They are read from `resources/` at run time rather than compiled into a Python module,
so an icon is edited as a file and nothing generated is committed. The app runs from a
checkout for now; the packaging issue points this at the bundled copy.
"""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parents[1] / "resources"


def resource_path(name: str) -> Path:
    """The path of a shipped file, e.g. `resource_path("shotkind.svg")`."""
    return RESOURCES_DIR / name
