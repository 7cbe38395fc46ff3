"""Evidence highlighting: the source text with every extracted value's evidence spans marked.

Untrusted text stays text: every piece of the document is escaped before it is
wrapped in markup; labels go into attributes, escaped too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape


@dataclass
class Span:
    id: str
    start: int
    end: int
    kind: str
    """``event``, ``place``, ``participant``, ``person``, ``position`` or ``org``."""
    label: str


@dataclass
class Evidence:
    spans: list[Span] = field(default_factory=list)
    first: dict[tuple[str, str], str] = field(default_factory=dict)
    """(kind, name) -> id of the first span, for links from values to the text."""

    def link(self, kind: str, name: str | None) -> str | None:
        return self.first.get((kind, name or ""))


def _spans(value: Any) -> list[tuple[int, int]]:
    out = []
    for item in value or []:
        if isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, int) for x in item):
            out.append((int(item[0]), int(item[1])))
    return out


def collect(record: dict[str, Any] | None, text_length: int, event_idx: int | None = None) -> Evidence:
    """Evidence spans of a record (of one event and the people/organizations when ``event_idx`` is set)."""
    ev = Evidence()
    if not record:
        return ev
    seen: set[tuple[int, int, str, str]] = set()

    def add(kind: str, name: str, label: str, spans: list[tuple[int, int]]) -> None:
        for start, end in spans:
            if not 0 <= start < end <= text_length:
                continue
            key = (start, end, kind, label)
            if key in seen:
                continue
            seen.add(key)
            span = Span(f"s{len(ev.spans)}", start, end, kind, label)
            ev.spans.append(span)
            ev.first.setdefault((kind, name), span.id)

    events = record.get("events") or []
    for n, event in enumerate(events):
        if event_idx is not None and n != event_idx:
            continue
        add("event", str(n), f"event {n + 1}: {event.get('type')}", _spans(event.get("evidence")))
        place = event.get("place") or {}
        if place:
            add("place", place.get("name") or "", f"place: {place.get('name')}", _spans(place.get("evidence")))
        for p in event.get("participants") or []:
            add("participant", p.get("person") or "", f"{p.get('person')} · {p.get('role')}",
                _spans(p.get("evidence")))
    for person in record.get("people") or []:
        name = person.get("name") or ""
        add("person", name, f"person: {name}", _spans(person.get("evidence")))
        for pos in person.get("positions") or []:
            org = pos.get("org")
            add("position", name, f"{name}: {pos.get('title')}" + (f" ({org})" if org else ""),
                _spans(pos.get("evidence")))
    for org in record.get("organizations") or []:
        name = org.get("name") or ""
        spans = _spans(org.get("evidence"))
        add("org", name, f"organization: {name}", spans)
        for alias in org.get("aliases") or []:
            if spans:
                ev.first.setdefault(("org", alias), ev.first.get(("org", name), ""))
    return ev


def render(text: str, evidence: Evidence) -> Markup:
    """The text, escaped, with ``<mark>`` around evidence (classes per kind, labels in ``title``) and an
    anchor ``<a id="sN">`` where each span starts."""
    if not text:
        return Markup("")
    spans = evidence.spans
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starts: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    out: list[str] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        for s in starts.get(a, []):
            out.append(f'<a class="anchor" id="{s.id}"></a>')
        covering = [s for s in spans if s.start <= a and s.end >= b]
        piece = str(escape(text[a:b]))
        if not covering:
            out.append(piece)
            continue
        kinds = sorted({s.kind for s in covering})
        ids = " ".join(s.id for s in covering)
        labels = "\n".join(dict.fromkeys(s.label for s in covering if s.kind != "event" or len(covering) == 1))
        tag = "span" if kinds == ["event"] else "mark"
        classes = " ".join(["hl"] + [f"k-{k}" for k in kinds])
        out.append(f'<{tag} class="{classes}" data-spans="{ids}" title="{escape(labels)}">{piece}</{tag}>')
    return Markup("".join(out))
