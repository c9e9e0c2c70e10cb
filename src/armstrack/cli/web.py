"""CLI verbs for web (being written)."""
