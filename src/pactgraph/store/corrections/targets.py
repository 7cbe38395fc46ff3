"""Finding a change's target again after its document was re-extracted (new text or a new extractor).

A change to an event remembers the event's index, its extracted type and the
text of its evidence (the *anchor*); a position edit remembers the person and
the title and organization as extracted. In a new extraction the event is the
one whose evidence reads the same (or nearly: difflib ratio at least
:data:`MIN_SIMILARITY`), else the one at the same index with the same type when
the text did not change. A target found nowhere makes the change *orphaned*:
it waits, listed for review, and applies again if a later extraction brings the
target back. Nothing is dropped.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from pactgraph.resolve.names import normalize

MIN_SIMILARITY = 0.6
_SPACE = re.compile(r"\s+")


def evidence_text(item: dict[str, Any] | None, text: str | None) -> str:
    """The text an extracted value's evidence spans cover, spaces collapsed."""
    if not item or not text:
        return ""
    parts = []
    for span in item.get("evidence") or []:
        if isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(x, int) for x in span):
            parts.append(text[span[0]:span[1]])
    return _SPACE.sub(" ", " … ".join(parts)).strip()[:600]


def event_target(record: dict[str, Any] | None, idx: int, text: str | None) -> dict[str, Any]:
    events = (record or {}).get("events") or []
    event = events[idx] if 0 <= idx < len(events) else {}
    return {"idx": idx, "type": event.get("type"), "anchor": evidence_text(event, text)}


def locate_event(target: dict[str, Any] | None, fallback_idx: int | None, record: dict[str, Any] | None,
                 text: str | None, same_text: bool) -> int | None:
    """The index of the change's event in ``record``, or None when it has gone."""
    events = (record or {}).get("events") or []
    if not target:  # a change stored before targets were kept: its index
        return fallback_idx if fallback_idx is not None and 0 <= fallback_idx < len(events) else None
    idx, anchor = target.get("idx"), target.get("anchor") or ""
    if anchor and text:
        anchors = [evidence_text(e, text) for e in events]
        exact = [i for i, a in enumerate(anchors) if a == anchor]
        if exact:
            return idx if idx in exact else exact[0]
        scored = [(SequenceMatcher(None, anchor, a, autojunk=False).ratio(), -abs(i - (idx or 0)), i)
                  for i, a in enumerate(anchors) if a]
        if scored and max(scored)[0] >= MIN_SIMILARITY:
            return max(scored)[2]
    if idx is not None and 0 <= idx < len(events) and events[idx].get("type") == target.get("type") \
            and (same_text or not anchor):
        return idx
    return None


def _same_person(a: str | None, b: str | None) -> bool:
    return bool(a and b) and (a == b or normalize(a) == normalize(b))


def position_target(record: dict[str, Any] | None, person: str, k: int | None) -> dict[str, Any]:
    """The target of a position edit: the person as written and, for an extracted position, its values."""
    for p in (record or {}).get("people") or []:
        if p.get("name") == person:
            positions = p.get("positions") or []
            if k is not None and 0 <= k < len(positions):
                pos = positions[k]
                return {"person": person, "k": k, "title": pos.get("title"), "org": pos.get("org")}
            return {"person": person, "k": None}
    raise LookupError(f"no person {person!r} in this document")


def locate_position(target: dict[str, Any] | None, record: dict[str, Any] | None) -> tuple[int, int | None] | None:
    """(person index, position index or None for an added position) in ``record``, or None when gone."""
    if not target:
        return None
    people = (record or {}).get("people") or []
    for i, person in enumerate(people):
        if not _same_person(person.get("name"), target.get("person")):
            continue
        if target.get("k") is None:
            return i, None
        positions = person.get("positions") or []
        for k, pos in enumerate(positions):
            if pos.get("title") == target.get("title") and (pos.get("org") or None) == (target.get("org") or None):
                return i, k
        titled = [k for k, pos in enumerate(positions) if pos.get("title") == target.get("title")]
        if len(titled) == 1:
            return i, titled[0]
        return None
    return None
