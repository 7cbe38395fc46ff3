"""The record of RECORD.md, built once for every language from a :class:`drafts.Document`.

The language packages decide what the facts are; this module only shapes them
into the contract's record, adds the features every language shares (how often
a name is written, whether an organisation signs or employs someone, ...) and
asks the language's calibration for each fact's confidence.
"""

from __future__ import annotations

import math

from pactgraph.extract.shared import drafts
from pactgraph.extract.shared.confidence import Calibration, calibration
from pactgraph.record import (
    Event,
    Organization,
    Participant,
    Person,
    Place,
    Position,
    Record,
)

MAX_EVIDENCE = 20
"""Evidence spans kept per fact: enough to show where it was read, bounded for long texts."""


def _spans(spans: list[drafts.Span]) -> list[tuple[int, int]]:
    return [(int(s), int(e)) for s, e in list(dict.fromkeys(spans))[:MAX_EVIDENCE]]


def _count(spans: list[drafts.Span]) -> float:
    return math.log1p(len({s for s, _ in spans}))


def _one_hot(prefix: str, value: str | None) -> dict[str, float]:
    return {f"{prefix}_{value}": 1.0} if value else {}


class Assembler:
    """Drafts to records for one language; holds that language's calibration."""

    def __init__(self, lang: str, cal: Calibration | None = None) -> None:
        self.lang = lang
        self.cal = cal if cal is not None else calibration(lang)

    # -- features every language shares ------------------------------------------------
    def features(self, doc: drafts.Document) -> dict[int, drafts.Features]:
        """Shared features of every fact, keyed by ``id()`` of the draft object."""
        out: dict[int, drafts.Features] = {}
        names_of = {o.name: {o.name, *o.aliases} for o in doc.orgs}
        org_of: dict[str, drafts.Org] = {}
        for o in doc.orgs:
            for n in (o.name, *o.aliases):
                org_of.setdefault(n, o)
        parties = {p.name for ev in doc.events for p in ev.parties}
        employers = {pos.org for p in doc.people for pos in p.positions if pos.org}
        title = doc.title or ""
        participants = {pa.person for ev in doc.events for pa in ev.participants}
        for o in doc.orgs:
            names = names_of[o.name]
            out[id(o)] = {
                "mentions": _count(o.spans), "aliases": float(bool(o.aliases)),
                "in_title": float(any(n and n in title for n in names)),
                "party": float(bool(names & parties)), "employer": float(bool(names & employers)),
                "words": math.log1p(len(o.name.split()) if o.name.isascii() else len(o.name) / 2),
                **_one_hot("kind", o.kind),
            }
        for p in doc.people:
            out[id(p)] = {"mentions": _count(p.spans), "positions": float(bool(p.positions)),
                          "participant": float(p.name in participants)}
            for pos in p.positions:
                org = org_of.get(pos.org or "")
                out[id(pos)] = {"org": float(pos.org is not None), "org_listed": float(org is not None),
                                "org_party": float(org is not None and org.name in parties),
                                "person_mentions": _count(p.spans)}
        people = {p.name: p for p in doc.people}
        for i, ev in enumerate(doc.events):
            out[id(ev)] = {"first": float(i == 0), "parties": float(len(ev.parties)),
                           "participants": float(len(ev.participants)), "has_date": float(ev.date is not None),
                           "has_place": float(ev.place is not None), **_one_hot("type", ev.type)}
            for pa in ev.parties:
                org = org_of.get(pa.name)
                out[id(pa)] = {"mentions": _count(org.spans) if org else 0.0,
                               "in_title": out[id(org)]["in_title"] if org else 0.0,
                               "n_parties": float(len(ev.parties)), "first_event": float(i == 0),
                               **_one_hot("kind", org.kind if org else None), **_one_hot("type", ev.type)}
            for pa in ev.participants:
                person = people.get(pa.person)
                out[id(pa)] = {"positions": float(bool(person and person.positions)),
                               "mentions": _count(person.spans) if person else 0.0,
                               **_one_hot("role", pa.role), **_one_hot("type", ev.type)}
            if ev.place is not None:
                out[id(ev.place)] = {"mentions": _count(ev.place.spans),
                                     "foreign": float(bool(ev.place.country) and ev.place.country != "CN"),
                                     **_one_hot("level", ev.place.level)}
        return out

    def _conf(self, kind: str, shared: dict[int, drafts.Features], fact: object) -> float:
        features = {**shared.get(id(fact), {}), **getattr(fact, "features", {})}
        return self.cal.confidence(kind, features)

    # -- the record ---------------------------------------------------------------------
    def record(self, doc: drafts.Document) -> Record:
        shared = self.features(doc)
        conf = self._conf
        events = []
        for ev in doc.events:
            place = None
            if ev.place is not None:
                pl = ev.place
                place = Place(name=pl.name, admin1=pl.admin1, country=pl.country, code=pl.code,
                              confidence=conf("place", shared, pl), evidence=_spans(pl.spans))
            events.append(Event(
                type=ev.type, agreement_kind=ev.agreement_kind if ev.type == "agreement" else None,  # type: ignore[arg-type]
                date=ev.date, place=place,
                parties=[p.name for p in ev.parties],
                party_confidence=[conf("party", shared, p) for p in ev.parties],
                participants=[Participant(person=pa.person, role=pa.role,  # type: ignore[arg-type]
                                          confidence=conf("participant", shared, pa), evidence=_spans(pa.spans))
                              for pa in ev.participants],
                fields=list(dict.fromkeys(ev.fields)), confidence=conf("event", shared, ev),
                field_evidence={c: _spans(ev.field_spans[c]) for c in dict.fromkeys(ev.fields)
                                if ev.field_spans.get(c)},
                evidence=[tuple(s) for s in ev.spans[:MAX_EVIDENCE]],
            ))
        people = [Person(name=p.name, confidence=conf("person", shared, p), evidence=_spans(p.spans),
                         positions=[Position(title=pos.title, org=pos.org, confidence=conf("position", shared, pos),
                                             evidence=_spans(pos.spans)) for pos in p.positions],
                         **p.extra)
                  for p in doc.people]
        orgs = [Organization(name=o.name, aliases=[a for a in dict.fromkeys(o.aliases) if a != o.name],
                             kind=o.kind, confidence=conf("org", shared, o),  # type: ignore[arg-type]
                             evidence=_spans(o.spans), **o.extra)
                for o in doc.orgs]
        return Record(id=doc.id, language=doc.language, title=doc.title, events=events,  # type: ignore[arg-type]
                      people=people, organizations=orgs, policies=list(dict.fromkeys(doc.policies)),
                      policy_evidence={c: _spans(doc.policy_spans[c]) for c in dict.fromkeys(doc.policies)
                                       if doc.policy_spans.get(c)})


def facts(doc: drafts.Document) -> list[tuple[str, tuple, drafts.Features]]:
    """Every fact of a draft with its kind and full features, for fitting the confidence models.

    Facts follow the order of the record assembled from the draft: ``(kind, locator, features)`` where the
    locator says which record element it is (``("org", 2)``, ``("party", 0, 1)``).
    """
    asm = Assembler(doc.language, Calibration())
    shared = asm.features(doc)
    out: list[tuple[str, tuple, drafts.Features]] = []

    def feats(fact: object) -> drafts.Features:
        return {**shared.get(id(fact), {}), **getattr(fact, "features", {})}

    for i, o in enumerate(doc.orgs):
        out.append(("org", ("org", i), feats(o)))
    for i, p in enumerate(doc.people):
        out.append(("person", ("person", i), feats(p)))
        for j, pos in enumerate(p.positions):
            out.append(("position", ("position", i, j), feats(pos)))
    for i, ev in enumerate(doc.events):
        out.append(("event", ("event", i), feats(ev)))
        for j, pa in enumerate(ev.parties):
            out.append(("party", ("party", i, j), feats(pa)))
        for j, pa in enumerate(ev.participants):
            out.append(("participant", ("participant", i, j), feats(pa)))
        if ev.place is not None:
            out.append(("place", ("place", i), feats(ev.place)))
    return out
