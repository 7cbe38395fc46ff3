"""Dependencies injected into routes: the database, a connection, the reviewer's identity."""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from sqlalchemy import Connection

from pactgraph.api.errors import ApiError
from pactgraph.api.settings import Settings
from pactgraph.store.db import Database

SESSION_COOKIE = "pactgraph_session"


class Curation:
    """Re-applies corrections where ingest (in any process) wrote corrected documents again.

    Ingest gives every document it writes a new, higher ``documents.seq``; a request costs one indexed
    ``max(seq)`` look-up, and only when it moved are the corrections checked (and applied again where
    needed) before the request reads anything.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self._seen: object = None
        self._lock = threading.Lock()

    def _stamp(self) -> object:
        from sqlalchemy import func, select

        from pactgraph.store.models import Document

        with self.database.engine.connect() as conn:
            return conn.execute(select(func.max(Document.__table__.c.seq))).scalar()

    def check(self, force: bool = False) -> None:
        stamp = self._stamp()
        if stamp == self._seen and not force:
            return
        with self._lock:
            if stamp == self._seen and not force:
                return
            from pactgraph.store import corrections

            with self.database.engine.connect() as conn:
                pending = corrections.count_corrections(conn) > 0 and (
                    bool(corrections.pending_documents(conn)) or corrections.pending_merges(conn))
            if pending:
                with self.database.write() as conn:
                    corrections.apply_pending(conn)
            self._seen = stamp


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_database(request: Request) -> Database:
    return request.app.state.database


def get_conn(request: Request) -> Iterator[Connection]:
    """A read connection, corrections applied over any newly ingested extraction first."""
    request.app.state.curation.check()
    with request.app.state.database.engine.connect() as conn:
        yield conn


def request_token(request: Request) -> str | None:
    """The bearer token of an API client (browsers use the signed session cookie instead)."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return None


def token_ok(settings: Settings, token: str | None) -> bool:
    """The server's token, compared in constant time."""
    return bool(settings.token) and token is not None and hmac.compare_digest(
        token.encode("utf-8"), settings.token.encode("utf-8"))  # type: ignore[union-attr]


def token_fingerprint(settings: Settings) -> str:
    """What a reviewer's session keeps instead of the token: changing the token logs every session out."""
    return hmac.new(settings.session_secret.encode(), (settings.token or "").encode(), "sha256").hexdigest()[:32]


def session(request: Request) -> dict[str, Any]:
    return request.session if "session" in request.scope else {}


def session_reviewer(request: Request) -> bool:
    settings: Settings = request.app.state.settings
    mark = session(request).get("reviewer")
    return settings.writable and isinstance(mark, str) and hmac.compare_digest(mark, token_fingerprint(settings))


def csrf_token(request: Request) -> str:
    """The session's CSRF token (created with the session): forms carry it, handlers compare it."""
    data = session(request)
    if "session" in request.scope and not isinstance(data.get("csrf"), str):
        data["csrf"] = secrets.token_urlsafe(32)
    return data.get("csrf", "")


def csrf_ok(request: Request, sent: str | None) -> bool:
    expected = session(request).get("csrf")
    return isinstance(expected, str) and bool(sent) and hmac.compare_digest(expected.encode(), str(sent).encode())


def is_reviewer(request: Request) -> bool:
    return token_ok(request.app.state.settings, request_token(request)) or session_reviewer(request)


def require_writer(request: Request, *, csrf_checked: bool = False) -> str:
    """The reviewer's name. 403 when the server has no token (read-only); 401 without a valid token or a
    reviewer's session; 403 for a session request without its CSRF token (header ``X-CSRF-Token``)."""
    settings: Settings = request.app.state.settings
    if not settings.writable:
        raise ApiError(403, "this server is read-only: start it with a token (--token or PACTGRAPH_TOKEN) "
                       "to allow corrections", "read_only")
    if token_ok(settings, request_token(request)):
        author = request.headers.get("x-pactgraph-author") or "reviewer"
        return author.strip()[:100] or "reviewer"
    if not session_reviewer(request):
        raise ApiError(401, "a valid token is needed: send 'Authorization: Bearer <token>' or log in",
                       "unauthorized")
    if not (csrf_checked or csrf_ok(request, request.headers.get("x-csrf-token"))):
        raise ApiError(403, "missing or wrong CSRF token: reload the page and try again", "csrf")
    author = session(request).get("author")
    return (author.strip()[:100] if isinstance(author, str) else "") or "reviewer"


class Page:
    def __init__(self, page: int, per_page: int) -> None:
        self.page = page
        self.per_page = per_page

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def wrap(self, items: list[Any], total: int) -> dict[str, Any]:
        pages = max(1, -(-total // self.per_page))
        return {"items": items, "total": total, "page": self.page, "per_page": self.per_page, "pages": pages}


def get_page(request: Request, page: Annotated[int, Query(ge=1, le=100000, description="Page, from 1")] = 1,
             per_page: Annotated[int | None, Query(ge=1, description="Items per page")] = None) -> Page:
    settings: Settings = request.app.state.settings
    size = per_page or settings.page_size
    if size > settings.max_page_size:
        raise ApiError(422, f"per_page: at most {settings.max_page_size}", "invalid_request")
    return Page(page, size)


Conn = Annotated[Connection, Depends(get_conn)]
Db = Annotated[Database, Depends(get_database)]
Author = Annotated[str, Depends(require_writer)]
Paging = Annotated[Page, Depends(get_page)]
