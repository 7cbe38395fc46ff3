"""The Jinja2 environment of the web pages (autoescape on for every template)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
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
    env.filters.update(url_path=url_path, sector=sector_label, policy=policy_label, marks=marks,
                       province_name=province_name,
                       kind=lambda k: KIND_LABELS.get(k or "", k or ""))
    env.globals.update(qs=qs)
    return Jinja2Templates(env=env)
