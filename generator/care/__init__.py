"""The care library: the poses, breathing patterns and built-in spoken words (en, es) that the
planner and the linter draw on. Words are data under ``generator/data``; nothing is read at import."""
