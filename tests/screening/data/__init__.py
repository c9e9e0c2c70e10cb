"""Synthetic sanctions lists for the screening tests (written by make_lists.py)."""
