"""One readable sentence per change, for timelines (web), listings (CLI) and the API's ``summary``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pactgraph.store.corrections.changes import Change

LABELS = {"type": "type", "agreement_kind": "agreement kind", "date": "date", "place": "place",
          "parties": "parties", "participants": "participants", "fields": "sectors"}


def _value(value: Any) -> str:
    if value in (None, "", [], {}):
        return "none"
    if isinstance(value, dict):
        if "person" in value:
            return f"{value['person']} ({value.get('role')})"
        if "title" in value:
            org = value.get("org")
            return f"{value['title']}" + (f", {org}" if org else "")
        name = value.get("name") or ""
        extra = ", ".join(str(v) for v in (value.get("admin1"), value.get("country")) if v)
        return name + (f" ({extra})" if extra else "")
    if isinstance(value, list):
        return "; ".join(_value(v) for v in value)
    return str(value)


def _list_diff(old: list[Any] | None, new: list[Any] | None) -> str:
    old, new = list(old or []), list(new or [])
    added = [v for v in new if v not in old]
    removed = [v for v in old if v not in new]
    parts = []
    if added:
        parts.append("added " + ", ".join(_value(v) for v in added))
    if removed:
        parts.append("removed " + ", ".join(_value(v) for v in removed))
    return "; ".join(parts) or "reordered"


def _participants(old: list[dict[str, Any]] | None, new: list[dict[str, Any]] | None) -> str:
    before = {p.get("person"): p.get("role") for p in old or []}
    after = {p.get("person"): p.get("role") for p in new or []}
    parts = [f"{name} {before[name]} → {role}" for name, role in after.items()
             if name in before and before[name] != role]
    added = [f"{name} ({role})" for name, role in after.items() if name not in before]
    removed = [name for name in before if name not in after]
    if added:
        parts.append("added " + ", ".join(added))
    if removed:
        parts.append("removed " + ", ".join(str(n) for n in removed))
    return "; ".join(parts) or "unchanged"


def where(change: Change) -> str:
    if change.kind in ("event",) and change.document_id is not None and change.event_idx is not None:
        return f"event {change.event_idx + 1} of {change.document_id}"
    if change.kind == "position":
        person = (change.target or {}).get("person") or ""
        return f"{person} in {change.document_id}"
    return (change.old_value or {}).get("name") if isinstance(change.old_value, dict) else change.target_key


def describe(change: Change) -> str:
    """``date of event 1 of d1: 2023-06-12 → 2023-06-11``, ``merged CPID into SPIC`` ..."""
    old, new = change.old_value, change.new_value
    if change.field == "revert":
        return f"reverted change #{change.reverts}"
    if change.field == "merge":
        return f"merged {_value(old)} into {_value(new)}"
    if change.field == "split":
        docs = (new or {}).get("documents") or []
        return (f"split {_value(old)}: its mentions in {len(docs)} document{'s' if len(docs) != 1 else ''} "
                f"became {(new or {}).get('name')}")
    if change.field == "position":
        if old is None:
            return f"added position of {where(change)}: {_value(new)}"
        if new is None:
            return f"removed position of {where(change)}: {_value(old)}"
        return f"position of {where(change)}: {_value(old)} → {_value(new)}"
    label = LABELS.get(change.field, change.field)
    if change.field == "participants":
        return f"{label} of {where(change)}: {_participants(old, new)}"
    if change.field in ("parties", "fields"):
        return f"{label} of {where(change)}: {_list_diff(old, new)}"
    return f"{label} of {where(change)}: {_value(old)} → {_value(new)}"
