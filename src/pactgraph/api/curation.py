"""Write actions shared by the API and the web forms: correct an event or a position, merge, split, revert.

Each runs in one short write transaction and answers with the stored
:class:`~pactgraph.store.corrections.Change` objects; a missing target is a 404,
a value the record contract refuses a 422 naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pactgraph.api.errors import ApiError
from pactgraph.store import corrections
from pactgraph.store.corrections import Change
from pactgraph.store.db import Database

R = TypeVar("R")


@contextmanager
def _answers() -> Iterator[None]:
    try:
        yield
    except LookupError as exc:
        raise ApiError(404, str(exc).strip("'\"")) from exc
    except ValueError as exc:
        raise ApiError(422, str(exc), "invalid_value") from exc


def _write(database: Database, action: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    with _answers(), database.write() as conn:
        return action(conn, *args, **kwargs)


def correct_event(database: Database, document_id: str, idx: int, changes: dict[str, Any], *, author: str,
                  reason: str | None = None, evidence: Any = None) -> list[Change]:
    unknown = [k for k in changes if k not in corrections.EVENT_FIELDS]
    if unknown:
        raise ApiError(422, f"cannot correct {', '.join(unknown)} (one of {', '.join(corrections.EVENT_FIELDS)})",
                       "invalid_value")
    return _write(database, corrections.correct_event, document_id, idx, changes, author=author, reason=reason,
                  evidence=evidence)


def correct_position(database: Database, document_id: str, person: str, index: int | None, value: Any, *,
                     author: str, reason: str | None = None, evidence: Any = None) -> Change | None:
    return _write(database, corrections.correct_position, document_id, person, index, value, author=author,
                  reason=reason, evidence=evidence)


def _check_type(database: Database, entity_id: int, type_: str) -> None:
    from pactgraph.api.queries import entity_brief

    with database.engine.connect() as conn:
        brief = entity_brief(conn, entity_id)
    if brief is None or brief["type"] != type_:
        raise ApiError(404, f"no {'organization' if type_ == 'org' else type_} {entity_id}")


def merge(database: Database, type_: str, source_id: int, target_id: int, *, author: str,
          reason: str | None = None, evidence: Any = None) -> Change:
    _check_type(database, source_id, type_)
    _check_type(database, target_id, type_)
    return _write(database, corrections.merge_entities, source_id, target_id, author=author, reason=reason,
                  evidence=evidence)


def split(database: Database, type_: str, entity_id: int, documents: list[str], name: str, *, author: str,
          reason: str | None = None, evidence: Any = None) -> tuple[Change, int | None]:
    """The split and the id of the new entity."""
    _check_type(database, entity_id, type_)

    def run(conn: Any) -> tuple[Change, int | None]:
        change = corrections.split_entity(conn, entity_id, documents, name, author=author, reason=reason,
                                          evidence=evidence)
        return change, corrections.entity_id_of(conn, change.other_key or "")

    return _write(database, run)


def revert(database: Database, change_id: int, *, author: str, reason: str | None = None) -> Change:
    return _write(database, corrections.revert, change_id, author=author, reason=reason)
