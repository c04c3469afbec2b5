"""The renderer-neutral document tree and its builder."""
