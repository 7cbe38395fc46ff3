"""Alembic environment, generic: the connection (or URL) comes from the Config built in code.

:func:`pactgraph.store.db.alembic_config` puts an open connection in
``config.attributes["connection"]``; command-line use may give
``sqlalchemy.url`` instead. Packages that add tables (curation) register their
models on :class:`pactgraph.store.models.Base` and add revisions on top.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from pactgraph.store.models import Base

config = context.config
target_metadata = config.attributes.get("target_metadata", Base.metadata)


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,  # type: ignore[arg-type]
        render_as_batch=connection.dialect.name == "sqlite",
    )  # type: ignore[attr-defined]
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "", poolclass=pool.NullPool)
    with engine.begin() as conn:
        _run(conn)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
