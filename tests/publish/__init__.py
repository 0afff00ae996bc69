"""Tests of holdspace publish and serve (a package, so its conftest does not shadow tests/conftest.py)."""
