"""Engine, sessions, migrations and idempotent upserts for the store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from armstrack.model import ArmstrackError
from armstrack.store.schema import COUNTED, Base

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (the dashboard) while a job writes
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    try:
        engine = create_engine(url, future=True)
    except (SQLAlchemyError, ValueError, ModuleNotFoundError) as exc:
        raise ArmstrackError(f"database URL {url!r} cannot be used ({exc})") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Store:
    """The workspace database: SQLite by default, any SQLAlchemy URL (PostgreSQL) by setting."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self) -> None:
        """Bring the schema to the newest migration (the same migrations build every backend)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except SQLAlchemyError as exc:
            raise ArmstrackError(f"database {self.safe_url}: migration failed ({exc.__class__.__name__}: "
                                 f"{str(exc).splitlines()[0]})") from None

    @property
    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole, or rolled back whole on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def session(self) -> Session:
        """A session for reading; the caller closes it."""
        return self._sessions()

    def counts(self) -> dict[str, int]:
        with self.session() as session:
            return {name: int(session.scalar(select(func.count()).select_from(row)) or 0)
                    for name, row in COUNTED.items()}

    def dispose(self) -> None:
        self.engine.dispose()


def upsert(session: Session, row_type: type[Base], rows: Sequence[Mapping[str, Any]] | Iterable[Mapping[str, Any]],
           update: Sequence[str] = ()) -> int:
    """Insert rows keyed by their primary key; existing keys are left alone, or have `update`
    columns refreshed. Returns how many rows were new or changed. Inserting the same row twice is a
    no-op: that is what makes ingest idempotent."""
    rows = list(rows)
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert: Any = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(dialect)
    if insert is None:
        raise ArmstrackError(f"database dialect {dialect!r} is not supported (use SQLite or PostgreSQL)")
    table: Any = row_type.__table__
    keys = [c.name for c in table.primary_key.columns]
    changed = 0
    for chunk in _chunks(rows, 500):
        stmt = insert(table).values(chunk)
        if update:
            stmt = stmt.on_conflict_do_update(index_elements=keys,
                                              set_={c: stmt.excluded[c] for c in update})
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=keys)
        # RETURNING gives the rows really inserted or updated, on every backend
        changed += len(session.execute(stmt.returning(table.c[keys[0]])).all())
    return changed


def _chunks(rows: list[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]
