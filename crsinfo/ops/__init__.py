"""Keeping readers served when something is wrong: health checks, error pages, last good copies."""
