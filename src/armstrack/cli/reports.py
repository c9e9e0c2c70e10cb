"""CLI verbs for reports (being written)."""
