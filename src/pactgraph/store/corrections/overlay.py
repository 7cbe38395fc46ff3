"""The record as reviewers corrected it: the extraction with the changes that hold laid over it.

``documents.record_json`` stays what the extractor wrote; this overlay is what
pages, the API and exports show. The latest change of a field wins; reverted
changes and changes whose target has gone (see
:mod:`~pactgraph.store.corrections.targets`) do not apply.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pactgraph.store.corrections.changes import EVENT_FIELDS
from pactgraph.store.corrections.targets import locate_event, locate_position


def _get(change: Any, key: str) -> Any:
    return change[key] if isinstance(change, dict) else getattr(change, key)


def holds(change: Any) -> bool:
    """Whether a change applies: not a revert itself, not reverted."""
    if _get(change, "field") == "revert":
        return False
    if isinstance(change, dict):
        return change.get("reverted_by") is None
    return change.reverted_by is None


def locate(changes: Iterable[Any], record: dict[str, Any] | None, text: str | None,
           content_hash: str | None) -> dict[int, Any]:
    """Change id -> where its target is in ``record`` (event index, (person, position) or None: gone)."""
    out: dict[int, Any] = {}
    for change in changes:
        field = _get(change, "field")
        target = change.get("target") if isinstance(change, dict) else change.target
        made_on = change.get("content_hash") if isinstance(change, dict) else change.content_hash
        same = made_on is None or content_hash is None or made_on == content_hash
        if field in EVENT_FIELDS:
            out[_get(change, "id")] = locate_event(target, _get(change, "event_idx"), record, text, same)
        elif field == "position":
            out[_get(change, "id")] = locate_position(target, record)
    return out


def _event_value(field: str, value: Any, original: dict[str, Any]) -> Any:
    if field == "participants":
        evidence = {p.get("person"): p.get("evidence") or [] for p in original.get("participants") or []}
        return [{"person": p["person"], "role": p["role"], "evidence": evidence.get(p["person"], [])}
                for p in value or []]
    if field == "place" and value is not None:
        old_place = original.get("place") or {}
        return {"name": value.get("name"), "admin1": value.get("admin1"), "country": value.get("country"),
                "evidence": old_place.get("evidence", []) if old_place.get("name") == value.get("name") else []}
    return value


def corrected_record(record: dict[str, Any] | None, changes: Iterable[Any], text: str | None = None,
                     content_hash: str | None = None) -> dict[str, Any] | None:
    """The record with the changes that hold laid over it (oldest first, so the latest wins).

    A corrected event gets ``"_corrected": {field: change id}``, a person whose
    positions were edited ``"_corrected_positions": [change ids]``; corrected
    values keep the evidence of the extracted ones they replace.
    """
    if record is None:
        return None
    changes = sorted((c for c in changes if holds(c)), key=lambda c: _get(c, "id"))
    where = locate(changes, record, text, content_hash)
    extracted = record.get("events") or []
    out = {**record, "events": [dict(e) for e in extracted],
           "people": [{**p, "positions": [dict(x) for x in p.get("positions") or []]}
                      for p in record.get("people") or []]}
    removed: set[tuple[int, int]] = set()
    for change in changes:
        field, change_id = _get(change, "field"), _get(change, "id")
        located = where.get(change_id)
        if located is None:
            continue
        value = _get(change, "new_value")
        if field in EVENT_FIELDS:
            event = out["events"][located]
            event[field] = _event_value(field, value, extracted[located])
            if field == "type" and value != "agreement":
                event["agreement_kind"] = None
            event["_corrected"] = {**event.get("_corrected", {}), field: change_id}
        elif field == "position":
            i, k = located
            person = out["people"][i]
            if k is None:
                if value is not None:
                    person["positions"].append({"title": value["title"], "org": value.get("org"), "evidence": [],
                                                "_change": change_id})
            elif value is None:
                removed.add((i, k))
            else:
                pos = person["positions"][k]
                person["positions"][k] = {**pos, "title": value["title"], "org": value.get("org"),
                                          "_change": change_id}
                removed.discard((i, k))
            person["_corrected_positions"] = [*person.get("_corrected_positions", []), change_id]
    for i, person in enumerate(out["people"]):
        person["positions"] = [p for k, p in enumerate(person["positions"]) if (i, k) not in removed]
    return out
