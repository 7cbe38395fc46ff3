"""Web pages that write: login and logout (a signed session), event corrections, position edits, merges,
splits, reverts, and the curation log. Every form carries the session's CSRF token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from pactgraph.api import curation, queries
from pactgraph.api.deps import csrf_token, require_writer, session, token_fingerprint, token_ok
from pactgraph.api.errors import ApiError
from pactgraph.store import corrections
from pactgraph.store.db import NotFound
from pactgraph.store.queries import find_entity
from pactgraph.web.forms import first, form_data
from pactgraph.web.pages import PER_PAGE, _event_context, render
from pactgraph.web.templating import url_path

router = APIRouter(include_in_schema=False)


def safe_next(value: str | None, default: str = "/") -> str:
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def _evidence(form: dict[str, list[str]]) -> list[str]:
    """Evidence lines of a form: a quote from the text or a URL per line."""
    return [line.strip() for line in first(form, "evidence").splitlines() if line.strip()]


async def _writer_form(request: Request) -> tuple[str, dict[str, list[str]]]:
    form = await form_data(request)  # CSRF checked here
    return require_writer(request, csrf_checked=True), form


# -- events ------------------------------------------------------------------
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


def _normal(current: dict[str, Any]) -> dict[str, Any]:
    place = current.get("place")
    return {
        "type": current.get("type"), "agreement_kind": current.get("agreement_kind"), "date": current.get("date"),
        "place": ({"name": place.get("name"), "admin1": place.get("admin1"), "country": place.get("country")}
                  if place else None),
        "parties": current.get("parties") or [],
        "participants": [{"person": p.get("person"), "role": p.get("role")} for p in current.get("participants") or []],
        "fields": current.get("fields") or [],
    }


@router.post("/events/{document_id:path}/{idx:int}/correct")
async def correct_event(request: Request, document_id: str, idx: int) -> Response:
    author, form = await _writer_form(request)
    changes = _changes_from_form(form)
    with request.app.state.database.engine.connect() as conn:
        normal = _normal(queries.get_event(conn, document_id, idx)["record"] or {})
    # the form shows every field: store corrections of the fields that changed only
    if changes["place"] and normal["place"] and changes["place"]["name"] == normal["place"]["name"]:
        changes["place"] = {**normal["place"], **{k: v for k, v in changes["place"].items() if v}}
    if sorted(changes["fields"]) == sorted(normal["fields"]):
        changes["fields"] = normal["fields"]  # the form lists sectors in taxonomy order
    changed = {k: v for k, v in changes.items() if v != normal.get(k)}
    try:
        created = curation.correct_event(request.app.state.database, document_id, idx, changed, author=author,
                                         reason=first(form, "note") or first(form, "reason") or None,
                                         evidence=_evidence(form)) if changed else []
    except ApiError as exc:
        with request.app.state.database.engine.connect() as conn:
            context = _event_context(request, conn, document_id, idx)
        return render(request, "event.html", {**context, "form_error": exc.message}, status=exc.status)
    return RedirectResponse(f"/events/{url_path(document_id)}/{idx}?saved={len(created)}", status_code=303)


# -- positions ---------------------------------------------------------------
@router.post("/documents/{document_id:path}/positions")
async def correct_position(request: Request, document_id: str) -> Response:
    author, form = await _writer_form(request)
    index_text = first(form, "index")
    if index_text and not index_text.isdigit():
        raise ApiError(422, "index: a position number", "invalid_value")
    value = None if first(form, "remove") else {"title": first(form, "title"), "org": first(form, "org") or None}
    change = curation.correct_position(request.app.state.database, document_id, first(form, "person"),
                                       int(index_text) if index_text else None, value, author=author,
                                       reason=first(form, "reason") or None, evidence=_evidence(form))
    return RedirectResponse(f"/documents/{url_path(document_id)}?saved={1 if change else 0}#people",
                            status_code=303)


# -- entities ----------------------------------------------------------------
def _resolve(conn: Any, type_: str, value: str) -> int:
    try:
        return find_entity(conn, type_, value)
    except NotFound as exc:
        raise ApiError(404, exc.message) from exc


async def _entity_write(request: Request, slug: str) -> tuple[str, str, Any]:
    """Entity type of a merge/split page, the reviewer's name (token and CSRF checked) and the posted form."""
    type_ = {"orgs": "org", "people": "person"}.get(slug)
    if type_ is None:
        raise ApiError(404, "not found")
    author, form = await _writer_form(request)
    return type_, author, form


@router.post("/{slug}/{entity_id:int}/merge")
async def merge(request: Request, slug: str, entity_id: int) -> Response:
    type_, author, form = await _entity_write(request, slug)
    with request.app.state.database.engine.connect() as conn:
        target = _resolve(conn, type_, first(form, "into"))
    curation.merge(request.app.state.database, type_, entity_id, target, author=author,
                   reason=first(form, "note") or first(form, "reason") or None, evidence=_evidence(form))
    return RedirectResponse(f"/{slug}/{target}?merged_from={entity_id}", status_code=303)


@router.post("/{slug}/{entity_id:int}/split")
async def split(request: Request, slug: str, entity_id: int) -> Response:
    type_, author, form = await _entity_write(request, slug)
    _change, new_id = curation.split(request.app.state.database, type_, entity_id, form.get("documents", []),
                                     first(form, "name"), author=author,
                                     reason=first(form, "note") or first(form, "reason") or None,
                                     evidence=_evidence(form))
    return RedirectResponse(f"/{slug}/{new_id}", status_code=303)


# -- reverts -----------------------------------------------------------------
@router.post("/changes/{change_id:int}/revert")
async def revert(request: Request, change_id: int) -> Response:
    author, form = await _writer_form(request)
    change = curation.revert(request.app.state.database, change_id, author=author,
                             reason=first(form, "reason") or None)
    return RedirectResponse(safe_next(first(form, "next"), f"/curation#change-{change.id}"), status_code=303)


# -- login and the log -------------------------------------------------------
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
    if not token_ok(settings, first(form, "token")):
        return render(request, "login.html", {"next": nxt, "error": "Wrong token.", "nav": "login",
                                              "name": first(form, "name")}, status=401)
    data = session(request)
    data.clear()  # a new session (and CSRF token) at login: no fixation
    data.update(reviewer=token_fingerprint(settings), author=first(form, "name")[:100] or "reviewer")
    csrf_token(request)
    return RedirectResponse(nxt, status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    await form_data(request)
    session(request).clear()
    return RedirectResponse("/", status_code=303)


@router.get("/curation")
def curation_log(request: Request, page: Annotated[int, Query(ge=1, le=100000)] = 1) -> Response:
    request.app.state.curation.check()
    with request.app.state.database.engine.connect() as conn:
        items = corrections.list_changes(conn, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
        total = corrections.count_changes(conn)
        orphaned = corrections.list_changes(conn, state="orphaned", limit=200)
    return render(request, "curation.html", {"items": items, "total": total, "page": page, "orphaned": orphaned,
                                             "pages": max(1, -(-total // PER_PAGE)), "nav": "curation"})
