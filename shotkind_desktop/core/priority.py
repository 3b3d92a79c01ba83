"""Background work yields to the window: lower the priority of this process (an analysis
worker) or of this thread (a pool's thread), the way each system allows.

- Linux: `nice` for a process, and per thread (Linux keeps a nice value per thread).
- macOS: `nice` for a process; a thread has no priority of its own to lower this way, so
  a pool's threads run as the app does.
- Windows: no `nice`; the process's priority class and the thread's priority, through
  kernel32. A nice under 10 is "below normal", from 10 "idle" (lowest for a thread).

Refused or unknown, nothing changes: a background job is never stopped for its priority.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

# kernel32's constants (Windows SDK, processthreadsapi.h / winbase.h)
BELOW_NORMAL_PRIORITY_CLASS = 0x00004000
IDLE_PRIORITY_CLASS = 0x00000040
THREAD_PRIORITY_BELOW_NORMAL = -1
THREAD_PRIORITY_LOWEST = -2
STRONG_NICE = 10


def lower_process_priority(nice: int) -> None:
    """This whole process yields by `nice` (0: unchanged)."""
    if nice <= 0:
        return
    try:
        if sys.platform == "win32":
            kernel32 = ctypes.windll.kernel32
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(),
                                      IDLE_PRIORITY_CLASS if nice >= STRONG_NICE else BELOW_NORMAL_PRIORITY_CLASS)
        else:
            os.nice(nice)
    except (AttributeError, OSError) as error:
        log.debug("process priority not lowered: %s", error)


def lower_thread_priority(nice: int) -> None:
    """The calling thread yields by `nice` (0: unchanged), where the system keeps a
    priority per thread."""
    if nice <= 0:
        return
    try:
        if sys.platform == "win32":
            kernel32 = ctypes.windll.kernel32
            kernel32.SetThreadPriority(kernel32.GetCurrentThread(),
                                       THREAD_PRIORITY_LOWEST if nice >= STRONG_NICE else THREAD_PRIORITY_BELOW_NORMAL)
        elif sys.platform.startswith("linux"):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
    except (AttributeError, OSError) as error:
        log.debug("thread priority not lowered: %s", error)
