"""ASGI middleware: limits on request bodies and query strings, and security headers on every answer."""

from __future__ import annotations

import json
from typing import Any

Scope = dict[str, Any]


class BodyTooLarge(Exception):
    pass


class LimitBodyMiddleware:
    """Answers 413 to requests whose body is larger than ``max_bytes`` (declared or streamed)."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.max_bytes + 1
                if declared > self.max_bytes:
                    await self._reject(send)
                    return
        received = 0
        started = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._reject(send)

    async def _reject(self, send: Any) -> None:
        await _answer(send, 413, "payload_too_large", f"request body larger than {self.max_bytes} bytes")


class LimitQueryMiddleware:
    """Answers 422 to a query string longer than ``max_bytes`` or with more than ``max_params`` parameters,
    or a path longer than ``max_bytes``, before any route parses it."""

    def __init__(self, app: Any, max_bytes: int, max_params: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_params = max_params

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            query: bytes = scope.get("query_string", b"")
            message = None
            if len(query) > self.max_bytes:
                message = f"query string longer than {self.max_bytes} bytes"
            elif query.count(b"&") + query.count(b";") + 1 > self.max_params:
                message = f"more than {self.max_params} query parameters"
            elif len(scope.get("raw_path") or scope.get("path", "").encode()) > self.max_bytes:
                message = f"path longer than {self.max_bytes} bytes"
            elif b"%00" in query or b"\x00" in query or "\x00" in scope.get("path", ""):
                # no search or filter needs a NUL, and the full-text engines choke on one
                message = "the request contains a NUL character"
            if message:
                await _answer(send, 422, "invalid_request", message)
                return
        await self.app(scope, receive, send)


async def _answer(send: Any, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
DOCS_CSP = CSP


class SecurityHeadersMiddleware:
    """Content-Security-Policy (scripts from this server only), no sniffing, no framing."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                csp = DOCS_CSP if path.startswith("/docs") or path.startswith("/redoc") else CSP
                headers += [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"), (b"referrer-policy", b"same-origin"),
                            (b"cross-origin-opener-policy", b"same-origin"),
                            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
