"""Fixtures shared by the whole suite; the desktop ones live in ``tests.fixtures.desktop``."""

pytest_plugins = ["tests.fixtures.desktop"]
