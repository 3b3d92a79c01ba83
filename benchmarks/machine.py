"""What a speed figure was measured on: the machine, its load and the date.

Speed figures mean nothing without the machine behind them, and on a shared machine
the load while measuring matters as much as the cores. Every speed benchmark prints
`describe()` first, and `load_note()` next to figures taken while others were busy.
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (Linux), else what platform says."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15-minute load averages (0s where the OS does not say)."""
    try:
        return os.getloadavg()
    except OSError:
        return (0.0, 0.0, 0.0)


def describe() -> str:
    """One line: date, cores, CPU, memory, OS, Python, OpenCV and the load now."""
    import cv2

    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {int(line.split()[1]) / 1024 ** 2:.0f} GB RAM"
    except OSError:
        pass
    one, five, _ = load_average()
    return (f"{time.strftime('%Y-%m-%d %H:%M %Z')}, {os.cpu_count()} cores ({cpu_model()}){memory}, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"OpenCV {cv2.__version__}; load average {one:.2f} (1 min), {five:.2f} (5 min)")


def load_note() -> str:
    """The 1-minute load right now, to print after a figure."""
    return f"load {load_average()[0]:.2f} on {os.cpu_count()} cores"

