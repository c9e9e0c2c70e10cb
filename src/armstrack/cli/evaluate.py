"""CLI verbs for evaluate (being written)."""
