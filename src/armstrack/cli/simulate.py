"""CLI verb `simulate` (being written)."""
