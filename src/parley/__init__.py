"""Parley: an open-source contact center built around conversation scripts."""

__version__ = "0.1.0"
