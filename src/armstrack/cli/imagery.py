"""CLI verbs for imagery (being written)."""
