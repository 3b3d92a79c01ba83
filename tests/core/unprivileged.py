"""Running a piece of ShotKind as a user who may not write a read-only shoot folder.

chmod 0o555 does not stop root, and the tests often run as root. So the snippet runs in
a subprocess that loads ShotKind first, every module the snippet will use included (the
interpreter may live under /root, and the checkout in a folder of mode 0700, which
`nobody` cannot read) and then drops to uid/gid 65534 for good before doing anything;
run as any other user it simply runs. Folders it uses must be reachable by `nobody`
(pytest's tmp_path is private to root): make them with `shared_folder()`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

NOBODY = 65534
CHECKOUT = Path(__file__).resolve().parents[2]

PRELUDE = """
import json, os, sys
from pathlib import Path
import shotkind_desktop.core.decisions.catalog, shotkind_desktop.core.decisions.decision_keeper
import shotkind_desktop.core.decisions.catalog_merge     # imported by Catalog.open when it is first needed
import shotkind_desktop.core.decisions.xmp, shotkind_desktop.core.decisions.decisions
from shotkind_desktop.core.decisions.catalog import Catalog
from shotkind_desktop.core.decisions.decision_keeper import DecisionKeeper
from shotkind_desktop.core.decisions.decisions import *
from shotkind_desktop.core.decisions.xmp import read_sidecar, write_sidecar
if os.geteuid() == 0:
    os.setgroups([]); os.setgid(%d); os.setuid(%d)
assert os.geteuid() != 0
""" % (NOBODY, NOBODY)


def shared_folder(prefix: str) -> Path:
    """A folder in the system temp folder that any user may enter and write."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o777)
    return folder


def run_unprivileged(body: str, home: Path, **variables) -> dict:
    """Run `body` (Python, after PRELUDE) as an unprivileged user with SHOTKIND_HOME=home
    and `variables` as globals; it reports by assigning `report`, returned as a dict."""
    script = (PRELUDE + "".join(f"{k} = {json.dumps(v)}\n" for k, v in variables.items())
              + body + "\nprint(json.dumps(report))\n")
    environment = {**os.environ, "PYTHONPATH": str(CHECKOUT), "SHOTKIND_HOME": str(home)}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=environment, timeout=120, cwd="/")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def read_only(folder: Path) -> None:
    """Files readable by all, the folder readable and enterable but not writable."""
    for path in folder.rglob("*"):
        path.chmod(0o555 if path.is_dir() else 0o444)
    folder.chmod(0o555)
