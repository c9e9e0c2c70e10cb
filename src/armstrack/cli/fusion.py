"""CLI verbs for fusion (being written)."""
