"""Shipped data files (the repository's data/ directory)."""
