"""Resolve one record's organizations, people, places and positions to entities.

:class:`Resolver` holds the entity index and the three resolvers; the store
calls :meth:`Resolver.resolve_record` once per document, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pactgraph.record import Record
from pactgraph.resolve.index import EntityIndex
from pactgraph.resolve.kb import KnowledgeBase
from pactgraph.resolve.names import normalize, org_key
from pactgraph.resolve.orgs import OrgResolver, _is_generic, acronym_links, parse_government
from pactgraph.resolve.people import PersonResolver, name_key
from pactgraph.resolve.places import PlaceFacts, PlaceLookup, PlaceResolver

_FULL = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")
_NOYEAR = re.compile(r"^X{4}-(\d{2})-(\d{2})$")


def best_date(event_date: str | None, published: str | None) -> str | None:
    """The event date with a missing year filled from the publication date, else the publication date."""
    pub = published[:10] if published and re.match(r"^\d{4}-\d{2}", published) else None
    if event_date and _FULL.match(event_date):
        return event_date
    if event_date and pub:
        m = _NOYEAR.match(event_date)
        if m and len(pub) >= 10:
            year = int(pub[:4])
            md = f"{m.group(1)}-{m.group(2)}"
            return f"{year if md <= pub[5:10] else year - 1}-{md}"
    return pub


@dataclass
class ResolvedRecord:
    """Entity ids for the parts of one record."""

    orgs: list[int] = field(default_factory=list)
    people: list[int] = field(default_factory=list)
    event_places: list[int | None] = field(default_factory=list)
    event_parties: list[list[tuple[int, str]]] = field(default_factory=list)
    event_participants: list[list[tuple[int, str, str, list]]] = field(default_factory=list)
    event_party_confidence: list[list[float | None]] = field(default_factory=list)
    """Per event, the confidence of each entry of ``event_parties`` (None: the record did not say)."""
    event_participant_confidence: list[list[float | None]] = field(default_factory=list)
    event_place_confidence: list[float | None] = field(default_factory=list)
    positions: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    doc_date: str | None = None


class Resolver:
    """Cross-document resolution over one :class:`EntityIndex`."""

    def __init__(
        self,
        index: EntityIndex | None = None,
        kb: KnowledgeBase | None = None,
        lookup: PlaceLookup | None = None,
    ) -> None:
        self.index = index or EntityIndex()
        self.kb = kb or KnowledgeBase.default()
        self.places = PlaceResolver(self.index, lookup)
        self.orgs = OrgResolver(self.index, self.places, self.kb)
        self.people = PersonResolver(self.index)

    def reset(self, index: EntityIndex) -> None:
        self.index = index
        self.places.index = index
        self.orgs.index = index
        self.people.index = index

    # -- helpers ----------------------------------------------------------
    def _doc_places(self, record: Record) -> list[PlaceFacts]:
        out: list[PlaceFacts] = []
        for event in record.events:
            if event.place is not None and event.place.name:
                facts = self.places.facts(event.place.name, event.place.admin1)
                if facts is not None:
                    out.append(facts)
        for org in record.organizations:
            parsed = parse_government(org.name, org.kind)
            if parsed is not None and parsed.place:
                facts = self.places.facts(parsed.place)
                if facts is not None:
                    out.append(facts)
        # most specific first: cities before provinces
        out.sort(key=lambda f: f.level == "province")
        return out

    def context_tokens(self, entity_id: int) -> set[str]:
        """What a person's organization says about them: itself, its group, its division."""
        state = self.index.entities[entity_id]
        tokens = {f"e:{entity_id}"}
        if state.kb_id:
            entry = self.kb.get(state.kb_id)
            if entry is not None:
                tokens.add(f"kb:{self.kb.root_of(entry).id}")
        if state.parent_id:
            tokens.add(f"e:{state.parent_id}")
            parent = self.index.entities.get(state.parent_id)
            if parent is not None and parent.kb_id:
                tokens.add(f"kb:{parent.kb_id}")
        if state.key.startswith("gov:"):
            tokens.add("div:" + state.key[4:].rsplit(":", 1)[0])
        return tokens

    # -- one record -------------------------------------------------------
    def resolve_record(self, record: Record, doc_id: str, published: str | None = None) -> ResolvedRecord:
        out = ResolvedRecord()
        out.doc_date = best_date(record.events[0].date if record.events else None, published)
        doc_places = self._doc_places(record)

        # organizations: merge acronym definitions within the record first
        groups = list(range(len(record.organizations)))
        for i, j in acronym_links([(n, o.name) for n, o in enumerate(record.organizations)]):
            groups[j] = groups[i]
        by_group: dict[int, int] = {}
        local: dict[str, int] = {}
        for n, org in enumerate(record.organizations):
            group = groups[n]
            if group in by_group:
                entity_id = by_group[group]
                for name in [org.name, *org.aliases]:
                    self.index.add_name(entity_id, name, normalize(name))
            else:
                entity_id = self.orgs.resolve(org.name, list(org.aliases), org.kind, doc_id, doc_places)
                by_group[group] = entity_id
            out.orgs.append(entity_id)
            for name in [org.name, *org.aliases]:
                local.setdefault(normalize(name), entity_id)
                local.setdefault(org_key(name), entity_id)
            out.mentions.append({"entity_id": entity_id, "name": org.name, "evidence": _spans(org.evidence),
                                 "confidence": confidence_of(org)})

        def org_id(name: str | None) -> int | None:
            if not name or not name.strip():
                return None
            found = local.get(normalize(name)) or local.get(org_key(name))
            if found is not None:
                return found
            kind = None
            parsed = parse_government(name, None)
            if parsed is not None:
                kind = "party" if parsed.body == "party" else "government"
            elif not _is_generic(name) and self.kb.find(name) is None:
                facts = self.places.facts(name)
                if facts is not None:
                    kind = "government"
            entity_id = self.orgs.resolve(name, [], kind, doc_id, doc_places)
            local[normalize(name)] = entity_id
            out.mentions.append({"entity_id": entity_id, "name": name, "evidence": None, "confidence": None})
            return entity_id

        weak: set[str] = set()
        for entity_id in set(out.orgs):
            weak |= self.context_tokens(entity_id)

        # people
        people_local: dict[str, int] = {}
        for person in record.people:
            context: set[str] = set()
            pos_orgs = []
            for pos in person.positions:
                oid = org_id(pos.org)
                pos_orgs.append(oid)
                if oid is not None:
                    context |= self.context_tokens(oid)
            pid = self.people.resolve(person.name, context, weak)
            out.people.append(pid)
            people_local[name_key(person.name)] = pid
            out.mentions.append({"entity_id": pid, "name": person.name, "evidence": _spans(person.evidence),
                                 "confidence": confidence_of(person)})
            for pos, oid in zip(person.positions, pos_orgs, strict=True):
                if not pos.title or not str(pos.title).strip():
                    continue
                out.positions.append(
                    {
                        "person_id": pid,
                        "org_id": oid,
                        "title": str(pos.title).strip(),
                        "org_name": pos.org,
                        "seen_date": out.doc_date,
                        "evidence": _spans(pos.evidence),
                        "confidence": confidence_of(pos),
                    }
                )

        # events
        for event in record.events:
            place_id = None
            if event.place is not None and event.place.name:
                place_id = self.places.resolve(event.place.name, event.place.admin1, event.place.country)
                out.mentions.append(
                    {
                        "entity_id": place_id,
                        "name": event.place.name,
                        "evidence": _spans(event.place.evidence),
                        "confidence": confidence_of(event.place),
                    }
                )
            out.event_places.append(place_id)
            out.event_place_confidence.append(confidence_of(event.place) if event.place is not None else None)
            stated = "party_confidence" in event.model_fields_set and len(event.party_confidence) == len(event.parties)
            parties = []
            party_conf: list[float | None] = []
            for n, party in enumerate(event.parties):
                oid = org_id(party)
                if oid is not None and all(oid != p[0] for p in parties):
                    parties.append((oid, party))
                    party_conf.append(float(event.party_confidence[n]) if stated else None)
            out.event_parties.append(parties)
            out.event_party_confidence.append(party_conf)
            participants = []
            out.event_participant_confidence.append([confidence_of(p) for p in event.participants])
            for part in event.participants:
                pid = people_local.get(name_key(part.person))
                if pid is None:
                    pid = self.people.resolve(part.person, set(), weak)
                    people_local[name_key(part.person)] = pid
                    out.mentions.append({"entity_id": pid, "name": part.person, "evidence": None, "confidence": None})
                participants.append((pid, part.person, part.role, _spans(part.evidence)))
            out.event_participants.append(participants)

        seen_docs: set[int] = set()
        for mention in out.mentions:
            entity_id = mention["entity_id"]
            if entity_id not in seen_docs:
                seen_docs.add(entity_id)
                self.index.entities[entity_id].n_documents += 1
                self.index.touch(entity_id)
        return out


def confidence_of(fact: object) -> float | None:
    """The confidence a record states for a fact; None where it did not say (an older record: unknown)."""
    fields_set = getattr(fact, "model_fields_set", set())
    if "confidence" not in fields_set:
        return None
    value = getattr(fact, "confidence", None)
    return float(value) if value is not None else None


def _spans(spans: object) -> list | None:
    if not spans:
        return None
    return [list(s) for s in spans]  # type: ignore[union-attr]
