"""Web pages that write or sit beside writing: the event page with its correction form, merges and splits,
login and the curation log. The read pages (tables, search, entities, relations, maps) are in
:mod:`pactgraph.web.read_pages`. Server-rendered; scripts add interaction over data the page carries."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl, quote, unquote, urlparse

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from pactgraph.api import curation, queries
from pactgraph.api.deps import AUTHOR_COOKIE, TOKEN_COOKIE, Conn, is_reviewer, require_writer, token_ok
from pactgraph.api.errors import ApiError
from pactgraph.store import corrections
from pactgraph.store.db import NotFound
from pactgraph.store.queries import find_entity
from pactgraph.web import highlight

router = APIRouter(include_in_schema=False)
PER_PAGE = 25
ENTITY_PAGES = {"org": ("orgs", "Organizations"), "person": ("people", "People"), "place": ("places", "Places")}


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    settings = request.app.state.settings
    base = {"writable": settings.writable, "reviewer": is_reviewer(request),
            "author": unquote(request.cookies.get(AUTHOR_COOKIE, "")), "path": request.url.path,
            "taxonomy": queries.taxonomy(), "event_types": queries.EVENT_TYPES,
            "agreement_kinds": queries.AGREEMENT_KINDS, "roles": queries.ROLES,
            "threshold": getattr(settings, "confidence_threshold", 0.8)}
    return request.app.state.templates.TemplateResponse(request, template, {**base, **context},
                                                        status_code=status)


async def form_data(request: Request) -> dict[str, list[str]]:
    """An urlencoded form (parsed here: no multipart dependency); rejects cross-site posts."""
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
    for key, value in parse_qsl(body, keep_blank_values=True, max_num_fields=2000):
        out.setdefault(key, []).append(value)
    return out


def first(form: dict[str, list[str]], key: str, default: str = "") -> str:
    return (form.get(key) or [default])[0].strip()


def safe_next(value: str | None, default: str = "/") -> str:
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


# -- events ------------------------------------------------------------------
def _event_context(request: Request, conn: Any, document_id: str, idx: int) -> dict[str, Any]:
    event = queries.get_event(conn, document_id, idx)
    doc = event["document"]
    text = doc["text"] or ""
    evidence = highlight.collect(doc["record"], len(text), idx)
    return {"event": event, "doc": doc, "record": event["record"] or {}, "evidence": evidence,
            "text_html": highlight.render(text, evidence), "nav": "events"}


@router.get("/events/{document_id:path}/{idx:int}")
def event_page(request: Request, document_id: str, idx: int, conn: Conn) -> Response:
    return render(request, "event.html", _event_context(request, conn, document_id, idx))


def _changes_from_form(form: dict[str, list[str]]) -> dict[str, Any]:
    changes: dict[str, Any] = {"type": first(form, "type"), "agreement_kind": first(form, "agreement_kind") or None,
                               "date": first(form, "date") or None}
    place = first(form, "place_name")
    changes["place"] = ({"name": place, "admin1": first(form, "place_admin1") or None,
                         "country": first(form, "place_country") or None} if place else None)
    changes["parties"] = [line.strip() for line in first(form, "parties").splitlines() if line.strip()]
    participants = []
    n = 0
    while f"p_name_{n}" in form and n < 200:
        name = first(form, f"p_name_{n}")
        if name:
            participants.append({"person": name, "role": first(form, f"p_role_{n}", "attendee")})
        n += 1
    changes["participants"] = participants
    changes["fields"] = [v for v in form.get("fields", []) if v]
    if changes["type"] != "agreement":
        changes["agreement_kind"] = None
    return changes


@router.post("/events/{document_id:path}/{idx:int}/correct")
async def correct_event(request: Request, document_id: str, idx: int) -> Response:
    author = require_writer(request)
    form = await form_data(request)
    changes = _changes_from_form(form)
    with request.app.state.database.engine.connect() as conn:
        current = queries.get_event(conn, document_id, idx)["record"] or {}
    # the form shows every field: store corrections of the fields that changed only
    normal = {
        "type": current.get("type"), "agreement_kind": current.get("agreement_kind"), "date": current.get("date"),
        "place": ({"name": current["place"].get("name"), "admin1": current["place"].get("admin1"),
                   "country": current["place"].get("country")} if current.get("place") else None),
        "parties": current.get("parties") or [],
        "participants": [{"person": p.get("person"), "role": p.get("role")} for p in current.get("participants") or []],
        "fields": current.get("fields") or [],
    }
    if changes["place"] and normal["place"] and changes["place"]["name"] == normal["place"]["name"]:
        changes["place"] = {**normal["place"], **{k: v for k, v in changes["place"].items() if v}}
    if sorted(changes["fields"]) == sorted(normal["fields"]):
        changes["fields"] = normal["fields"]  # the form lists sectors in taxonomy order
    changed = {k: v for k, v in changes.items() if v != normal.get(k)}
    try:
        created = curation.correct_event(request.app.state.database, document_id, idx, changed, author=author,
                                         note=first(form, "note") or None) if changed else []
    except ApiError as exc:
        with request.app.state.database.engine.connect() as conn:
            context = _event_context(request, conn, document_id, idx)
        return render(request, "event.html", {**context, "form_error": exc.message}, status=exc.status)
    target = f"/events/{highlight_path(document_id)}/{idx}?saved={len(created)}"
    return RedirectResponse(target, status_code=303)


def highlight_path(document_id: str) -> str:
    from pactgraph.web.templating import url_path

    return url_path(document_id)


def _resolve(conn: Any, type_: str, value: str) -> int:
    try:
        return find_entity(conn, type_, value)
    except NotFound as exc:
        raise ApiError(404, exc.message) from exc


async def _entity_write(request: Request, slug: str) -> tuple[str, str, Any]:
    """Entity type of a merge/split page, the reviewer's name (token checked) and the posted form."""
    type_ = {"orgs": "org", "people": "person"}.get(slug)
    if type_ is None:
        raise ApiError(404, "not found")
    author = require_writer(request)
    return type_, author, await form_data(request)


@router.post("/{slug}/{entity_id:int}/merge")
async def merge(request: Request, slug: str, entity_id: int) -> Response:
    type_, author, form = await _entity_write(request, slug)
    into = first(form, "into")
    with request.app.state.database.engine.connect() as conn:
        target = _resolve(conn, type_, into)
    curation.merge(request.app.state.database, type_, entity_id, target, author=author,
                   note=first(form, "note") or None)
    return RedirectResponse(f"/{slug}/{target}?merged_from={entity_id}", status_code=303)


@router.post("/{slug}/{entity_id:int}/split")
async def split(request: Request, slug: str, entity_id: int) -> Response:
    type_, author, form = await _entity_write(request, slug)
    result = curation.split(request.app.state.database, type_, entity_id, form.get("documents", []),
                            first(form, "name"), author=author, note=first(form, "note") or None)
    return RedirectResponse(f"/{slug}/{result['entity_id']}", status_code=303)


# -- login and curation ------------------------------------------------------
@router.get("/login")
def login_form(request: Request, next: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    return render(request, "login.html", {"next": safe_next(next), "nav": "login"})


@router.post("/login")
async def login(request: Request) -> Response:
    form = await form_data(request)
    settings = request.app.state.settings
    nxt = safe_next(first(form, "next"))
    if not settings.writable:
        return render(request, "login.html", {"next": nxt, "error": "This server is read-only: it was started "
                                              "without a token.", "nav": "login"}, status=403)
    token = first(form, "token")
    if not token_ok(settings, token):
        return render(request, "login.html", {"next": nxt, "error": "Wrong token.", "nav": "login",
                                              "name": first(form, "name")}, status=401)
    response = RedirectResponse(nxt, status_code=303)
    secure = request.url.scheme == "https"
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", secure=secure, max_age=30 * 86400)
    name = first(form, "name")[:100] or "reviewer"
    response.set_cookie(AUTHOR_COOKIE, quote(name), httponly=True, samesite="strict", secure=secure,
                        max_age=365 * 86400)
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    await form_data(request)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(TOKEN_COOKIE)
    return response


@router.get("/curation")
def curation_log(request: Request, conn: Conn, page: Annotated[int, Query(ge=1, le=100000)] = 1) -> Response:
    items = corrections.list_corrections(conn, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    total = corrections.count_corrections(conn)
    return render(request, "curation.html", {"items": items, "total": total, "page": page,
                                             "pages": max(1, -(-total // PER_PAGE)), "nav": "curation"})
