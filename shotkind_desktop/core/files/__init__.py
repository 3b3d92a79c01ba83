"""The shoot's files: which files make a frame, what the camera wrote in them, and their
pixels decoded upright at the size that is needed."""
