"""ShotKind: culling for portrait and headshot photographers."""

__version__ = "0.1.0"

from shotkind_desktop import worker_guard as _worker_guard

_worker_guard.exit_with_parent()      # a spawned analysis worker ends with its parent
