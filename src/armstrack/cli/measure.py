"""CLI verbs for measure (being written)."""
