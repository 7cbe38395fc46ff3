"""Rich rendering of search hits and profiles for the CLI (the library returns data, never prints)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from pactgraph.store.queries import Profile, SearchHit


def render_hits(hits: list[SearchHit], console: Console) -> None:
    table = Table(title=f"{len(hits)} hits")
    for column in ("type", "id", "name", "date", "detail"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        detail = (
            hit.snippet
            if hit.type == "document"
            else " ".join(
                p for p in (hit.kind, hit.province, f"{hit.n_documents} docs" if hit.n_documents else None) if p
            )
        )
        table.add_row(hit.type, hit.id, hit.name, hit.date or "", detail or "")
    console.print(table)


def render_profile(profile: Profile, console: Console, *, limit: int = 50) -> None:
    head = f"[bold]{profile.name}[/bold]  ({profile.type} #{profile.id}"
    head += f", {profile.kind}" if profile.kind else ""
    head += f", kb:{profile.kb_id}" if profile.kb_id else ""
    head += f", {profile.n_documents} documents)"
    console.print(head)
    if profile.names:
        console.print("names: " + " | ".join(profile.names), highlight=False)
    if profile.parent:
        console.print(f"part of: {profile.parent['name']} (#{profile.parent['id']})", highlight=False)
    if profile.children:
        console.print("subsidiaries: " + ", ".join(c["name"] for c in profile.children), highlight=False)
    place = profile.place or (profile.__dict__ if profile.type == "place" else None)
    if place and (place.get("code") or place.get("lat") is not None or place.get("province")):
        console.print(
            f"division: code {place.get('code')}, {place.get('province')}, {place.get('lat')}, {place.get('lon')}",
            highlight=False,
        )
    if profile.positions:
        table = Table(title="titles over time")
        for column in ("title", "organization", "first seen", "last seen", "docs"):
            table.add_column(column)
        for span in profile.positions:
            table.add_row(span.title, span.org or "", span.first_seen or "", span.last_seen or "", str(span.documents))
        console.print(table)
    if profile.events:
        table = Table(title=f"events ({len(profile.events)}, syndicated copies counted once)")
        for column in ("date", "type", "CAMEO", "with", "people", "sources"):
            table.add_column(column, overflow="fold")
        for event in profile.events[:limit]:
            kind = event.type + (f" ({event.agreement_kind})" if event.agreement_kind else "")
            table.add_row(
                event.date or "",
                kind,
                f"{event.cameo} {event.plover}",
                ", ".join(p["name"] for p in event.partners),
                ", ".join(f"{p['name']} ({p['role']})" for p in event.participants),
                str(max(1, len(event.documents))),
            )
        console.print(table)
    if profile.partners:
        table = Table(title="partners")
        table.add_column("partner")
        table.add_column("kind")
        table.add_column("events", justify="right")
        for partner in profile.partners[:limit]:
            table.add_row(partner["name"], partner.get("kind") or "", str(partner["events"]))
        console.print(table)
    if profile.people:
        table = Table(title="people")
        for column in ("person", "title", "first seen", "last seen"):
            table.add_column(column)
        for person in profile.people[:limit]:
            for span in person["titles"]:
                table.add_row(person["name"] or "", span["title"], span["first_seen"] or "", span["last_seen"] or "")
        console.print(table)
    if profile.namesakes:
        console.print(
            "other people of this name: " + ", ".join(f"{p['name']} (#{p['id']})" for p in profile.namesakes),
            highlight=False,
        )


def render_candidates(candidates: list[dict], console: Console) -> None:
    """The entities an ambiguous name may mean (``show`` lists them instead of picking one)."""
    table = Table(title=f"{len(candidates)} candidates: give an id")
    for column in ("id", "name", "kind", "province", "documents"):
        table.add_column(column)
    for c in candidates:
        table.add_row(str(c["id"]), c["name"], c.get("kind") or "", c.get("province") or "", str(c["n_documents"]))
    console.print(table)


def render_connects(result: dict, console: Console) -> None:
    """What connects two entities: paths step by step with evidence, shared events, shared people."""
    a, b = result["a"] or {}, result["b"] or {}
    console.print(f"[bold]{a.get('name')}[/bold] and [bold]{b.get('name')}[/bold]: "
                  f"{result['shared_events_total']} shared events, {len(result['shared_people'])} shared people")
    for n, path in enumerate(result["paths"], 1):
        console.print(f"path {n}:", highlight=False)
        for step in path["steps"]:
            if step["step"] == "event":
                console.print(f"   -> {step.get('type')} {step.get('date') or ''} [{step.get('ref')}] "
                              f"{step.get('title') or ''}", highlight=False, markup=False)
                if step.get("evidence"):
                    console.print(f"      \u201c{step['evidence']}\u201d", highlight=False, markup=False)
            else:
                title = (step.get("position") or {}).get("title")
                console.print(f"   {'-> (' + title + ') ' if title else ''}{step.get('name')} ({step.get('type')} "
                              f"#{step.get('id')})", highlight=False, markup=False)
    for event in result["shared_events"][:20]:
        console.print(f"shared: {event['date'] or ''} {event['type']} [{event['ref']}] {event['title'] or ''}",
                      highlight=False, markup=False)
    for person in result["shared_people"][:20]:
        console.print(f"both deal with: {person['name']} (#{person['id']})", highlight=False, markup=False)
