"""Write actions shared by the API and the web forms: correct an event, merge or split entities."""

from __future__ import annotations

from typing import Any

from pactgraph.api.errors import ApiError
from pactgraph.api.queries import taxonomy
from pactgraph.store import corrections
from pactgraph.store.db import Database


def correct_event(database: Database, document_id: str, idx: int, changes: dict[str, Any], *, author: str,
                  note: str | None = None) -> list[dict[str, Any]]:
    unknown = [k for k in changes if k not in corrections.EVENT_FIELDS]
    if unknown:
        raise ApiError(422, f"cannot correct {', '.join(unknown)} (one of {', '.join(corrections.EVENT_FIELDS)})")
    try:
        with database.engine.begin() as conn:
            return corrections.correct_event(conn, document_id, idx, changes, author=author, note=note,
                                             allowed_fields=set(taxonomy()["fields"]))
    except LookupError as exc:
        raise ApiError(404, str(exc).strip("'\"")) from exc
    except ValueError as exc:
        raise ApiError(422, str(exc)) from exc


def _check_type(database: Database, entity_id: int, type_: str) -> None:
    from pactgraph.api.queries import entity_brief

    with database.engine.connect() as conn:
        brief = entity_brief(conn, entity_id)
    if brief is None or brief["type"] != type_:
        raise ApiError(404, f"no {'organization' if type_ == 'org' else type_} {entity_id}")


def merge(database: Database, type_: str, source_id: int, target_id: int, *, author: str,
          note: str | None = None) -> dict[str, Any]:
    _check_type(database, source_id, type_)
    _check_type(database, target_id, type_)
    try:
        with database.engine.begin() as conn:
            return corrections.merge_entities(conn, source_id, target_id, author=author, note=note)
    except LookupError as exc:
        raise ApiError(404, str(exc).strip("'\"")) from exc
    except ValueError as exc:
        raise ApiError(422, str(exc)) from exc


def split(database: Database, type_: str, entity_id: int, documents: list[str], name: str, *, author: str,
          note: str | None = None) -> dict[str, Any]:
    _check_type(database, entity_id, type_)
    try:
        with database.engine.begin() as conn:
            return corrections.split_entity(conn, entity_id, documents, name, author=author, note=note)
    except LookupError as exc:
        raise ApiError(404, str(exc).strip("'\"")) from exc
    except ValueError as exc:
        raise ApiError(422, str(exc)) from exc
