"""ShotKind: culling for portrait and headshot photographers."""

__version__ = "0.1.0"
