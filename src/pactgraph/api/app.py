"""The FastAPI application: REST API under ``/api``, OpenAPI docs at ``/docs``, web pages at ``/``."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from pactgraph.api import errors
from pactgraph.api.deps import SESSION_COOKIE, Curation
from pactgraph.api.middleware import LimitBodyMiddleware, LimitQueryMiddleware, SecurityHeadersMiddleware
from pactgraph.api.settings import Settings
from pactgraph.store.db import Database, open_database

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"
log = logging.getLogger("pactgraph.api")

DESCRIPTION = """Government-enterprise cooperation in China's energy transition, read from news.

Every error answers `{"error": {"code": ..., "message": ...}}`. Reading needs nothing; writing
(corrections, merges, splits) needs the server's token as `Authorization: Bearer <token>` and answers
403 on a server started without one (read-only)."""

DOCS_HTML = """<!doctype html><html><head><meta charset="utf-8"><title>pactgraph API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/static/vendor/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script></body></html>"""


def create_app(db: str | Database | None = None, token: str | None = None, **settings: Any) -> FastAPI:
    """The application over database ``db`` (path, URL or :class:`Database`; default ``PACTGRAPH_DB`` or
    ``./pactgraph.db``). With a ``token`` (or ``PACTGRAPH_TOKEN``) reviewers may correct records;
    without one the server is read-only. Other ``settings``: see :data:`pactgraph.api.settings.SETTINGS`."""
    config = Settings.load(db=db if not isinstance(db, Database) else None, token=token, **settings)
    database = db if isinstance(db, Database) else open_database(config.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        try:
            app.state.curation.check(force=True)
        except Exception:  # noqa: BLE001 - serve what is there; the next request tries again
            log.exception("could not re-apply corrections at start")
        yield
        database.close()  # checkpointed and closed: no -wal left behind by the server

    app = FastAPI(debug=False, title="pactgraph", version=_version(), description=DESCRIPTION, docs_url=None,
                  redoc_url=None, lifespan=lifespan)
    app.state.settings = config
    app.state.database = database
    app.state.curation = Curation(database)
    app.state.cache = {}
    errors.install(app)

    from pactgraph.api.routes import api_router
    from pactgraph.web.curation import router as web_write_router
    from pactgraph.web.pages import router as web_router
    from pactgraph.web.read_pages import router as read_router
    from pactgraph.web.templating import templates

    app.state.templates = templates()
    app.include_router(api_router())
    app.include_router(read_router)
    app.include_router(web_router)
    app.include_router(web_write_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)

    from starlette.middleware.sessions import SessionMiddleware

    from pactgraph.api.caching import VersionCacheMiddleware

    # innermost first: the response cache (GET /api/*, validated by the data version), the signed session
    # cookie (HttpOnly, SameSite=Strict), then limits, then headers on all
    app.add_middleware(VersionCacheMiddleware, database=database)
    app.add_middleware(SessionMiddleware, secret_key=config.session_secret, session_cookie=SESSION_COOKIE,
                       max_age=30 * 86400, same_site="strict", https_only=config.https_cookies)
    app.add_middleware(LimitQueryMiddleware, max_bytes=config.max_query_bytes, max_params=config.max_query_params)
    app.add_middleware(LimitBodyMiddleware, max_bytes=config.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    return app


def _version() -> str:
    from pactgraph import __version__

    return __version__


def app_from_environment() -> FastAPI:
    """The application configured by the environment (``PACTGRAPH_DB``, ``PACTGRAPH_TOKEN`` ...): the factory
    each Uvicorn worker process calls."""
    return create_app()


def serve(db: str | None = None, *, host: str | None = None, port: int | None = None, token: str | None = None,
          workers: int | None = None, log_level: str = "info") -> None:
    """Serve the web UI and API with Uvicorn (default 127.0.0.1:8000) until interrupted.

    ``workers`` (default: the number of cores) server processes share the port; each keeps its own
    response cache, validated by the database's data version."""
    import os

    import uvicorn

    config = Settings.load(db=db, host=host, port=port, token=token, workers=workers)
    count = int(config.workers or os.cpu_count() or 1)
    database = open_database(config.db)  # migrate once, before the workers start
    mode = "reviewers may correct records (token set)" if config.writable else "read-only (no token)"
    print(f"pactgraph: serving {database.engine.url.render_as_string(hide_password=True)} on "
          f"http://{config.host}:{config.port}/ with {count} worker{'s' if count > 1 else ''} - {mode}; "
          "API docs at /docs", flush=True)
    if count == 1:
        uvicorn.run(create_app(database, config.token), host=config.host, port=int(config.port),
                    log_level=log_level)
        return
    os.environ["PACTGRAPH_DB"] = database.url
    if config.token:
        os.environ["PACTGRAPH_TOKEN"] = config.token
    database.close()
    uvicorn.run("pactgraph.api.app:app_from_environment", factory=True, workers=count, host=config.host,
                port=int(config.port), log_level=log_level)
