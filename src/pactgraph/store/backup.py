"""``backup``: a complete copy of a live SQLite database, taken with SQLite's online backup API.

The copy is one self-contained file (rollback-journal mode, no ``-wal``
beside it), checked with ``PRAGMA integrity_check``; writers and readers of
the source go on while it is taken (WAL mode: the backup reads one consistent
snapshot). PostgreSQL databases are backed up with ``pg_dump``: :func:`backup`
says how instead of half-doing it.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pactgraph.store.db import Database, StoreError, open_database


@dataclass
class BackupReport:
    source: str
    path: str
    bytes: int
    pages: int
    integrity: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "path": self.path, "bytes": self.bytes, "pages": self.pages,
                "integrity": self.integrity}


def pg_dump_guidance(database: Database, path: str) -> str:
    url = database.engine.url
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=True)
    return (f"PostgreSQL databases are backed up with pg_dump, which takes a consistent snapshot while "
            f"writers go on: pg_dump --format=custom --file {path} '{conninfo}' (restore with pg_restore "
            f"--dbname <url> {path}; give the password with PGPASSWORD or ~/.pgpass)")


def _copy(source: str, target: Path) -> tuple[int, str]:
    """SQLite's online backup of ``source`` into ``target`` (a new file); pages copied and integrity."""
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # one step: one consistent snapshot of the source
            dst.execute("PRAGMA journal_mode=DELETE")
            pages = dst.execute("PRAGMA page_count").fetchone()[0]
            integrity = dst.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    return pages, integrity


def _sqlite_path(database: Database) -> str:
    return database.engine.url.database or ""


def backup(path: str | os.PathLike[str], db: str | os.PathLike[str] | Database | None = None) -> BackupReport:
    """Copy the SQLite database ``db`` to ``path`` (which must not exist) while it stays in use."""
    database = open_database(db, create=False)
    target = Path(path).expanduser().resolve()
    if database.dialect != "sqlite":
        raise StoreError(pg_dump_guidance(database, str(target)))
    source = _sqlite_path(database)
    if target.exists():
        raise StoreError(f"{target} exists: give a new file for the backup")
    if target == Path(source).resolve():
        raise StoreError("the backup must go to another file than the database")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        pages, integrity = _copy(source, partial)
        if integrity != "ok":
            raise StoreError(f"the backup of {source} failed its integrity check: {integrity}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(source, str(target), target.stat().st_size, pages, integrity)


@contextmanager
def scratch_copy(database: Database) -> Iterator[Database]:
    """A throwaway copy of an SQLite database (for work that must not touch the original), removed after."""
    folder = Path(tempfile.mkdtemp(prefix="pactgraph-copy-"))
    path = folder / "copy.db"
    try:
        _copy(_sqlite_path(database), path)
        copy = Database("sqlite:///" + str(path))
        try:
            yield copy
        finally:
            copy.close()
    finally:
        for p in folder.iterdir():
            p.unlink(missing_ok=True)
        folder.rmdir()
