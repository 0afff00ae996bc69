"""holdspace: YAML session scripts become voice-guided, trauma-sensitive MP3 tracks, offline."""

__version__ = "0.1.0"
