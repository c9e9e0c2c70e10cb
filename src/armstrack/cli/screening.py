"""CLI verbs for screening (being written)."""
