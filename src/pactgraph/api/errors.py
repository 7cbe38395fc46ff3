"""One shape for every API error: ``{"error": {"code": ..., "message": ...}}`` (plus ``details``)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from pactgraph.errors import PactgraphError

log = logging.getLogger("pactgraph.api")

STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "read_only", 404: "not_found",
                405: "method_not_allowed", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
                422: "invalid_request", 429: "too_many_requests", 500: "internal_error", 503: "unavailable"}


class ApiError(Exception):
    """An error answered as JSON (API) or an error page (web)."""

    def __init__(self, status: int, message: str, code: str | None = None,
                 details: Any | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or STATUS_CODES.get(status, "error")
        self.details = details


def error_body(code: str, message: str, details: Any | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return {"error": body}


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api") or path.startswith("/static") or path in ("/docs", "/openapi.json"):
        return False
    return "text/html" in request.headers.get("accept", "") or request.method == "POST"


def respond(request: Request, status: int, code: str, message: str, details: Any | None = None) -> Response:
    if _wants_html(request):
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            return templates.TemplateResponse(request, "error.html", {"status": status, "code": code,
                                                                      "message": message}, status_code=status)
        return HTMLResponse(f"<h1>{status}</h1>", status_code=status)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return respond(request, exc.status_code, code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = [{"loc": list(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors()]
        first = details[0] if details else {"loc": [], "message": "invalid request"}
        where = ".".join(str(x) for x in first["loc"] if x not in ("body", "query", "path"))
        message = f"{where}: {first['message']}" if where else first["message"]
        return respond(request, 422, "invalid_request", message, details)

    @app.exception_handler(PactgraphError)
    async def pactgraph_error(request: Request, exc: PactgraphError) -> Response:
        from pactgraph.store.db import NotFound

        status = 404 if isinstance(exc, NotFound) else 400
        return respond(request, status, STATUS_CODES[status], exc.message)

    from sqlalchemy.exc import DataError, OperationalError

    @app.exception_handler(DataError)
    async def unstorable(request: Request, exc: DataError) -> Response:
        # a value the database refuses (a NUL in PostgreSQL text, a number out of range): the client's input
        log.warning("database refused a value on %s %s: %s", request.method, request.url.path, exc.orig)
        return respond(request, 422, "invalid_value", "a value in the request cannot be stored or searched")

    @app.exception_handler(OperationalError)
    async def busy(request: Request, exc: OperationalError) -> Response:
        # a database locked past the busy timeout, or gone: say so, never the SQL or a traceback
        log.warning("database error on %s %s: %s", request.method, request.url.path, exc.orig)
        response = respond(request, 503, "unavailable", "the database is busy or unavailable: try again shortly")
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return respond(request, 500, "internal_error", "internal error")
