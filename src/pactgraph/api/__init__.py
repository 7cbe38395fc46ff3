"""The web server: REST API (``/api``), OpenAPI docs (``/docs``) and the server-rendered web UI.

    from pactgraph.api import create_app, serve
    app = create_app("pactgraph.db", token="secret")   # an ASGI app (FastAPI)
    serve("pactgraph.db", host="127.0.0.1", port=8000)  # pactgraph serve
"""

from __future__ import annotations

from pactgraph.api.app import create_app, serve

__all__ = ["create_app", "serve"]
