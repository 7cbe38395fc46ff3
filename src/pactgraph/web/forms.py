"""Posted HTML forms: parsed here (urlencoded, no multipart dependency), refused unless same-origin and
carrying the session's CSRF token."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlparse

from fastapi import Request

from pactgraph.api.deps import csrf_ok
from pactgraph.api.errors import ApiError

CSRF_FIELD = "csrf_token"
MAX_FIELDS = 2000


async def form_data(request: Request) -> dict[str, list[str]]:
    """The posted form, field -> values; 403 on a cross-site post or a missing or wrong CSRF token, 415
    for anything but ``application/x-www-form-urlencoded``."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and origin != "null":
        host = urlparse(origin).netloc
        if host and host != request.headers.get("host"):
            raise ApiError(403, "cross-site form post refused", "forbidden")
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith("application/x-www-form-urlencoded"):
        raise ApiError(415, "send the form as application/x-www-form-urlencoded")
    body = (await request.body()).decode("utf-8", "replace")
    out: dict[str, list[str]] = {}
    try:
        pairs = parse_qsl(body, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError as exc:
        raise ApiError(413, f"a form has at most {MAX_FIELDS} fields") from exc
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    if not csrf_ok(request, first(out, CSRF_FIELD)):
        raise ApiError(403, "the form's CSRF token is missing or stale: reload the page and send it again", "csrf")
    return out


def first(form: dict[str, list[str]], key: str, default: str = "") -> str:
    return (form.get(key) or [default])[0].strip()
