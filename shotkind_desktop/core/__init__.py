"""Everything that works without a screen. Nothing in this package imports Qt."""
