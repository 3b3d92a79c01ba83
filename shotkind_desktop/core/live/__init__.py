"""A shoot that grows while it is open: finished files from tether software, as they arrive."""
