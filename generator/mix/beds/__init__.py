"""Ambient beds under the voice: the catalogue (``catalog``), the procedural beds, file beds."""
