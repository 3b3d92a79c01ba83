"""The photographer's decisions: the catalog that keeps them, the XMP sidecars that carry
them to other applications, and the selection they make."""
