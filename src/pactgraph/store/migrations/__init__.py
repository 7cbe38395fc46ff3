"""Alembic migrations of pactgraph's database (run through :func:`pactgraph.store.db.upgrade`)."""
