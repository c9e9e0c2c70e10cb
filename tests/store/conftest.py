"""Store tests run on SQLite and, when ARMSTRACK_TEST_POSTGRES_URL is set, on a real PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from armstrack.store import Store

POSTGRES_URL = os.environ.get("ARMSTRACK_TEST_POSTGRES_URL", "")


def _fresh_postgres_database() -> Iterator[str]:
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"armstrack_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path / 'test.db'}"])
    else:
        if not POSTGRES_URL:
            pytest.skip("ARMSTRACK_TEST_POSTGRES_URL is not set (make test starts a throwaway cluster)")
        urls = _fresh_postgres_database()
    url = next(urls)
    store = Store(url)
    store.migrate()
    yield store
    store.dispose()
    for _ in urls:  # finish the generator: drops the PostgreSQL database
        pass
