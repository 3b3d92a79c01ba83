"""Worker processes end when the process that started them ends.

Analysis runs in a pool of worker processes (ui.analysis_runner, core.judgement.shoot_pool),
on Linux forks of a fresh fork server (core.judgement.shoot_pool.worker_context), children of it
rather than of the caller, with the caller's pipe as their parent sentinel; elsewhere spawned.
When the app or `shotkind analyze` is killed, nothing tells its workers: they and
multiprocessing's resource tracker lived on, about 300 MB, until the machine restarted.
So every spawned worker watches its parent from a daemon thread and exits when the
parent is gone: its parent process's sentinel (multiprocessing.parent_process(): a pipe
on macOS and Linux, the process handle on Windows) says so on every platform, and on
POSIX the worker is also re-parented (os.getppid() changes). Windows never re-parents,
so the sentinel is what ends a worker there. The tracker ends by itself once no process
holds its pipe.

The pools' initializer (core.judgement.shoot_pool.start_worker) starts the watch; it does nothing
in the main process (a one-worker analysis runs its initializer there too). A worker
also ignores Ctrl+C, which a terminal sends to every process of the command: the
parent decides how to stop (shotkind_desktop.ctrl_c), not a traceback from each worker.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

POLL_SECONDS = 0.5


def is_spawned_worker() -> bool:
    if "multiprocessing.spawn" not in sys.modules:
        return False
    import multiprocessing
    return multiprocessing.current_process().name != "MainProcess"


def exit_with_parent() -> None:
    """In a spawned worker, start the watch (once) and ignore Ctrl+C; elsewhere do nothing."""
    if not is_spawned_worker() or any(t.name == "parent watch" for t in threading.enumerate()):
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import multiprocessing
    threading.Thread(target=_watch, args=(os.getppid(), multiprocessing.parent_process()),
                     name="parent watch", daemon=True).start()


def _watch(parent_id: int, parent) -> None:
    while os.getppid() == parent_id and (parent is None or parent.is_alive()):
        time.sleep(POLL_SECONDS)
    os._exit(1)       # no clean-up to wait for: the results have nobody to go to
