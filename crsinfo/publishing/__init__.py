"""Releases: readers see only what a clinical reviewer published (see snapshot, current, publish)."""
