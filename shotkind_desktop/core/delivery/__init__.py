"""What goes to the client and what comes back: exported files, manifest, contact sheets,
proof gallery, and the client's list of chosen frames."""
