"""The Jinja2 environment of the web pages (autoescape on for every template)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).resolve().parent / "templates"

KIND_LABELS = {"company": "company", "government": "government", "party": "party committee",
               "association": "association", "other": "other"}


def url_path(value: str) -> str:
    """A document id as a URL path piece (slashes kept: routes take the id as a path)."""
    return quote(str(value), safe="/")


def qs(params: dict[str, Any], **changes: Any) -> str:
    """A query string from ``params`` with ``changes`` (None drops a key)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return urlencode(merged)


def sector_label(code: str) -> str:
    from pactgraph.store.queries import taxonomy

    entry = taxonomy()["fields"].get(code)
    return entry["en"] if entry else code


def policy_label(code: str) -> str:
    from pactgraph.store.queries import taxonomy

    entry = taxonomy()["policies"].get(code)
    return entry["en"] if entry else code


def safe_url(value: Any) -> str:
    """A URL from data, fit for ``href``: ``http(s):`` or site-relative, anything else (``javascript:``,
    ``data:`` ...) becomes ``#``. Autoescaping still applies to what is returned."""
    url = str(value or "").strip()
    lowered = "".join(url.split()).lower()
    if lowered.startswith(("http://", "https://")) or (url.startswith("/") and not url.startswith("//")):
        return url
    return "#"


def json_island(element_id: str, value: Any) -> Markup:
    """``<script type="application/json" id=...>`` holding ``value``: ``<``, ``>``, ``&`` and ``'`` are
    written as ``\\u`` escapes, so no string in the data can end the element; scripts read it with
    ``JSON.parse(el.textContent)``. Data islands are not executed, so the CSP (no inline scripts) holds."""
    body = htmlsafe_json_dumps(value, dumps=_dumps)
    return Markup(f'<script type="application/json" id="{escape(element_id)}">{body}</script>')


def _dumps(value: Any, **_: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


@pass_context
def csrf_field(context: Any) -> Markup:
    """The hidden CSRF input every ``<form method="post">`` carries."""
    return Markup(f'<input type="hidden" name="csrf_token" value="{escape(context.get("csrf_token", ""))}">')


def marks(value: str | None) -> Markup:
    """A search snippet, escaped, with its matched words (between the store's private-use marks) in ``<mark>``."""
    from pactgraph.store.fts import MARK_END, MARK_START

    text = str(escape(value or ""))
    return Markup(text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def province_name(code: str | None) -> str:
    from pactgraph.store.provinces import provinces

    prov = provinces().get(code or "")
    return prov["en"] if prov else (code or "")


@functools.cache
def templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True,
                      default_for_string=True), trim_blocks=True, lstrip_blocks=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": False}
    env.filters.update(url_path=url_path, sector=sector_label, policy=policy_label, safe_url=safe_url, marks=marks,
                       province_name=province_name,
                       kind=lambda k: KIND_LABELS.get(k or "", k or ""))
    env.globals.update(qs=qs, json_island=json_island, csrf_field=csrf_field)
    return Jinja2Templates(env=env)
