"""Responses cached and validated by the database's data version.

Every read answer is a function of the request and of the data, and the data changes only when
documents or corrections are written (``data_version``, kept by triggers). So a GET under ``/api`` gets an
``ETag`` of the version and the request; a client sending it back (``If-None-Match``) gets 304 without any
query, and a repeated request is answered from a small in-process cache of bodies until the version moves.
Exports (streamed) and the session and health answers are not cached.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

import anyio
from fastapi import Request
from fastapi.responses import Response

from pactgraph.store.queries import data_version

UNCACHED = ("/api/session", "/api/health")
EXPORT_SUFFIXES = (".csv", ".json", ".jsonl")


class JSONBody(Response):
    """JSON without FastAPI's encoder pass: the query layer returns plain dicts already."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8")


class ResponseCache:
    """Bodies of recent GET answers keyed by (version, path and query): an LRU of ``size`` entries."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._items: OrderedDict[tuple[int, str], tuple[int, list[tuple[bytes, bytes]], bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[int, str]) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: tuple[int, str], value: tuple[int, list[tuple[bytes, bytes]], bytes]) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def _etag(version: int, target: str) -> str:
    digest = hashlib.blake2b(target.encode("utf-8"), digest_size=8).hexdigest()
    return f'W/"v{version}-{digest}"'


class VersionCacheMiddleware:
    """ETag / 304 and the body cache for ``GET /api/...`` (ASGI middleware)."""

    def __init__(self, app: Any, database: Any, size: int = 1024) -> None:
        self.app = app
        self.database = database
        self.cache = ResponseCache(size)

    def _version(self) -> int:
        with self.database.engine.connect() as conn:
            return data_version(conn)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope.get("method") != "GET" or not path.startswith("/api/")
                or path in UNCACHED or path.endswith(EXPORT_SUFFIXES)):
            await self.app(scope, receive, send)
            return
        version = await anyio.to_thread.run_sync(self._version)
        query = scope.get("query_string", b"").decode("latin-1")
        target = path + ("?" + query if query else "")
        etag = _etag(version, target)
        headers = dict(scope.get("headers", []))
        if etag.encode() in [t.strip() for t in headers.get(b"if-none-match", b"").split(b",")]:
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", etag.encode()), (b"cache-control", b"no-cache")]})
            await send({"type": "http.response.body", "body": b""})
            return
        key = (version, target)
        hit = self.cache.get(key)
        if hit is not None:
            status, response_headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": response_headers})
            await send({"type": "http.response.body", "body": body})
            return
        captured: dict[str, Any] = {"chunks": [], "status": None, "headers": []}

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                if message["status"] == 200:
                    message = {**message, "headers": [*message.get("headers", []), (b"etag", etag.encode()),
                                                      (b"cache-control", b"no-cache")]}
                captured["headers"] = message["headers"]
            elif message["type"] == "http.response.body":
                captured["chunks"].append(message.get("body", b""))
                if not message.get("more_body") and captured["status"] == 200:
                    self.cache.put(key, (200, captured["headers"], b"".join(captured["chunks"])))
            await send(message)

        await self.app(scope, receive, capture)


def cached(request: Request, conn: Any, key: tuple[Any, ...], compute: Any) -> Any:
    """A computed value (statistics, facets, a network) reused while the data version stays the same."""
    cache: dict[Any, Any] = request.app.state.cache
    full = (key, data_version(conn))
    if full not in cache:
        if len(cache) > 256:
            cache.clear()
        cache[full] = compute()
    return cache[full]
