"""The store: schema, sessions, migrations and queries. Never imports a core."""

from armstrack.store.db import Store, upsert

__all__ = ["Store", "upsert"]
