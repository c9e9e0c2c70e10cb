from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, select, text

from armstrack.corridor.geojson import load_default
from armstrack.model import content_hash
from armstrack.pipeline.workspace import sync_corridor
from armstrack.store import Store, upsert
from armstrack.store.schema import COUNTED, Base, ReportRow, SiteRow, SourceRow


def report_row(body: str) -> dict[str, object]:
    return {"id": content_hash(body), "url": None, "publisher": "Test Wire", "title": "t", "author": None,
            "published": None, "text": body, "story_id": None, "raw_path": None, "properties": {},
            "ingested_at": datetime.now(UTC).replace(tzinfo=None), "extracted_at": None}


def test_migrations_build_every_table(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= tables
    assert set(store.counts()) == set(COUNTED)


def test_same_item_twice_is_one_row(store: Store) -> None:
    row = report_row("North Korea sent shells by rail.")
    with store.transaction() as session:
        assert upsert(session, ReportRow, [row]) == 1
    with store.transaction() as session:
        assert upsert(session, ReportRow, [row]) == 0
    assert store.counts()["reports"] == 1


def test_update_columns_refresh_existing_rows(store: Store) -> None:
    row = {"id": "s1", "name": "KCNA", "kind": "state_media", "reliability": "E", "reason": "default",
           "edited": False}
    with store.transaction() as session:
        upsert(session, SourceRow, [row])
    with store.transaction() as session:
        upsert(session, SourceRow, [{**row, "reliability": "D"}], update=["reliability"])
    with store.session() as session:
        assert session.scalar(select(SourceRow.reliability)) == "D"


def test_failure_rolls_back_the_whole_item(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as session:
        upsert(session, ReportRow, [report_row("first half")])
        raise RuntimeError("extraction failed half way")
    assert store.counts()["reports"] == 0


def test_database_error_rolls_back_the_whole_item(store: Store) -> None:
    bad = report_row("second")
    bad["text"] = None  # NOT NULL column
    with pytest.raises(Exception), store.transaction() as session:  # noqa: B017 (driver-specific error type)
        upsert(session, ReportRow, [report_row("first")])
        upsert(session, ReportRow, [bad])
    assert store.counts()["reports"] == 0


def test_corridor_sync_is_idempotent(store: Store) -> None:
    corridor = load_default()
    sync_corridor(store, corridor)
    sync_corridor(store, corridor)
    counts = store.counts()
    assert (counts["sites"], counts["routes"]) == (len(corridor.sites), len(corridor.routes))
    with store.session() as session:
        rajin = session.get(SiteRow, "rajin")
        assert rajin is not None and "Najin" in rajin.aliases


def test_sqlite_uses_wal(tmp_path: object) -> None:
    store = Store(f"sqlite:///{tmp_path}/wal.db")
    store.migrate()
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    store.dispose()


def test_migrations_match_the_schema(store: Store) -> None:
    """The migrations build exactly the tables and indexes that schema.py declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
