"""Database location, engine, sessions and schema upgrades.

The database is an SQLite file (``pactgraph.db`` in the working folder, or the
``PACTGRAPH_DB`` environment variable) or any SQLAlchemy URL, for PostgreSQL
``postgresql+psycopg://user@host:port/dbname``. :func:`open_database` runs the
Alembic migrations shipped in :mod:`pactgraph.store.migrations` up to head.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from pactgraph import errors

ENV_VAR = "PACTGRAPH_DB"
DEFAULT_FILENAME = "pactgraph.db"
MIGRATIONS = Path(__file__).with_name("migrations")


class StoreError(errors.PactgraphError):
    """The database cannot be opened, or a query cannot be answered."""

    code = "E400"


class NotFound(StoreError):
    code = "E404"


class StoreWriteError(StoreError):
    """A document's extraction could not be written (the document is stored with this error)."""

    code = "E401"


def database_url(db: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL of ``db``, ``PACTGRAPH_DB`` or ``./pactgraph.db``; paths become SQLite URLs."""
    value = str(db) if db is not None else os.environ.get(ENV_VAR) or DEFAULT_FILENAME
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def _sqlite_pragmas(dbapi_conn: object, _record: object) -> None:
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


class Database:
    """An engine plus a session factory for one database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        kwargs: dict[str, object] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False}
        self.engine: Engine = create_engine(url, **kwargs)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def upgrade(self, revision: str = "head") -> None:
        """Create or upgrade the schema with the shipped Alembic migrations."""
        upgrade(self.engine, revision)

    def size_bytes(self) -> int | None:
        """Size on disk (SQLite file plus WAL) or as PostgreSQL reports it."""
        if self.dialect == "sqlite":
            path = Path(self.engine.url.database or "")
            return sum(p.stat().st_size for p in (path, Path(str(path) + "-wal")) if p.exists())
        if self.dialect == "postgresql":
            from sqlalchemy import text

            with self.engine.connect() as conn:
                return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
        return None

    def close(self) -> None:
        self.engine.dispose()


def alembic_config(connection: object | None = None, url: str | None = None) -> object:
    """An Alembic ``Config`` for the shipped migrations, built in code (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()  # type: ignore[arg-type]


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    if revision == "head" and current_revision(engine) == head_revision():
        return
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)  # type: ignore[arg-type]


_OPEN: dict[str, Database] = {}


def open_database(db: str | os.PathLike[str] | Database | None = None, *, create: bool = True) -> Database:
    """The :class:`Database` for ``db`` (path, URL, or None for the default), schema at head.

    Opened databases are cached per URL within a process. With ``create``
    false, a missing SQLite file is an error instead of a new database.
    """
    if isinstance(db, Database):
        return db
    url = database_url(db)
    database = _OPEN.get(url)
    if database is None:
        if url.startswith("sqlite:///") and not create:
            path = Path(url.removeprefix("sqlite:///"))
            if not path.exists():
                raise StoreError(f"no database at {path}; run 'pactgraph ingest' first")
        database = Database(url)
        try:
            database.upgrade()
        except Exception as exc:
            database.close()
            raise StoreError(
                f"cannot open database {database.engine.url.render_as_string(hide_password=True)}: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        _OPEN[url] = database
    return database


def close_all() -> None:
    """Dispose every engine opened through :func:`open_database` (tests, forks)."""
    for database in _OPEN.values():
        database.close()
    _OPEN.clear()
