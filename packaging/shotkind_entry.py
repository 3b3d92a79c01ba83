"""The frozen app's first line: worker processes of `shotkind analyze` and of the
window's analysis are started by re-running this binary (multiprocessing "spawn"), and
freeze_support() turns such a run into the worker instead of a second ShotKind."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from shotkind_desktop.cli import main
    sys.exit(main())
