"""Database location, engine, sessions and schema upgrades.

The database is an SQLite file (``pactgraph.db`` in the working folder, or the
``PACTGRAPH_DB`` environment variable) or any SQLAlchemy URL, for PostgreSQL
``postgresql+psycopg://user@host:port/dbname``. :func:`open_database` runs the
Alembic migrations shipped in :mod:`pactgraph.store.migrations` up to head.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
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


BUSY_TIMEOUT_MS = 30_000
"""How long an SQLite connection waits for another process's write lock before giving up."""


def _sqlite_connect(dbapi_conn: object, _record: object) -> None:
    """Pragmas of every SQLite connection; transactions are begun by :func:`_sqlite_begin`, not the driver."""
    dbapi_conn.isolation_level = None  # type: ignore[attr-defined]
    cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    """Write transactions take the write lock first (``BEGIN IMMEDIATE``): a read that turns into a write
    would fail at once when another process wrote meanwhile, while waiting for the lock is what the busy
    timeout is for. Reads stay ``BEGIN`` (deferred), which never blocks in WAL mode."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")


WRITE_OPTION = "pactgraph_write"


class Database:
    """An engine plus a session factory for one database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        kwargs: dict[str, object] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        self.engine: Engine = create_engine(url, **kwargs)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One short write transaction (committed on success, rolled back on error), one writer at a time.

        SQLite: ``BEGIN IMMEDIATE``, so concurrent writers queue on the lock
        (up to :data:`BUSY_TIMEOUT_MS`) instead of failing. Both dialects then
        bump the store's write generation first (:func:`bump_generation`): on
        PostgreSQL that row lock is what queues writers, readers never wait.
        The new generation is in ``conn.info["generation"]``.
        """
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn = conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                conn.info["generation"] = bump_generation(conn)
                yield conn

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

    def checkpoint(self) -> None:
        """SQLite: copy the write-ahead log into the database file and truncate it."""
        if self.dialect != "sqlite":
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.rollback()

    def close(self) -> None:
        """Checkpoint (SQLite) and close every pooled connection: the last connection of the last process
        closing removes the ``-wal`` file, so the ``.db`` file is complete on its own."""
        with contextlib.suppress(Exception):  # a busy or read-only database still gets its connections closed
            self.checkpoint()
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
    """Migrate under the database's write lock, so that processes opening a new database at once do not
    both create it."""
    from alembic import command

    if revision == "head" and current_revision(engine) == head_revision():
        return
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn = conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7212012)")
            from alembic.runtime.migration import MigrationContext

            if revision == "head" and MigrationContext.configure(conn).get_current_revision() == head_revision():
                return
            command.upgrade(alembic_config(conn), revision)  # type: ignore[arg-type]


def bump_generation(conn: Connection) -> int:
    """Add one to the store's write generation inside the caller's transaction and return it.

    Every write transaction does this first, so writers take the same lock in the same order (no
    deadlock) and a writer that keeps ids and entities in memory can tell whether anyone else wrote
    since its last transaction (then it reloads them under the lock, see
    :class:`pactgraph.store.writer.StoreWriter`).
    """
    from sqlalchemy import text

    row = conn.execute(
        text("UPDATE store_state SET value = value + 1 WHERE key = 'generation' RETURNING value")
    ).first()
    if row is None:  # a store created before the row existed
        conn.execute(text("INSERT INTO store_state (key, value) VALUES ('generation', 1)"))
        return 1
    return int(row[0])


def generation(conn: Connection) -> int:
    """The store's current write generation (0 before the first write)."""
    from sqlalchemy import text

    value = conn.execute(text("SELECT value FROM store_state WHERE key = 'generation'")).scalar()
    return int(value or 0)


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
    """Checkpoint and close every database opened through :func:`open_database` (at exit, in tests)."""
    for database in list(_OPEN.values()):
        database.close()
    _OPEN.clear()


atexit.register(close_all)
