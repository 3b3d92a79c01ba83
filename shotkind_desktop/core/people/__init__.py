"""The shoot as people and poses: sitters and the client's roster, similar-frame groups and
their keepers, a team's consistency and coverage per sitter."""
