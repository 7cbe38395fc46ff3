"""Is a confidence honest? Each predicted fact labelled right or wrong against gold, by band.

The labels follow RECORD.md's scoring (:mod:`pactgraph.scoring`): an
organisation is right when one of its names is a gold organisation's, a
position when its (person, title, org) triple is in gold, an event when it
matches a gold event (same type and a shared party), and a party, participant
or place when the gold event it is matched with has it. The same labels fit
the shipped confidence models (``scripts/fit_confidence.py``).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pactgraph.scoring import OrgNames, alts

BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
KINDS = ("org", "person", "position", "event", "party", "participant", "place")
TRUSTED = 0.8
"""Facts at or above this confidence should be right at least 95% of the time."""


def half_of(doc_id: str) -> str:
    """The fixed half (``"A"`` or ``"B"``) of a document, by its id: judge a rule on the other half."""
    return "AB"[zlib.crc32(str(doc_id).encode("utf-8")) % 2]


@dataclass(frozen=True)
class FactLabel:
    kind: str
    locator: tuple[Any, ...]
    """Where the fact is in the predicted record: ``("org", 2)``, ``("party", 0, 1)`` ..."""
    confidence: float | None
    right: bool


def _names(value: object) -> set[str]:
    return alts(value.get("name") if isinstance(value, dict) else value)


def _same_event(g: dict, p: dict, g_orgs: OrgNames, p_orgs: OrgNames) -> bool:
    if alts(g.get("type")) != alts(p.get("type")) and not (alts(g.get("type")) & alts(p.get("type"))):
        return False
    gp = set().union(*[g_orgs.expand(alts(x)) for x in g.get("parties") or []])
    pp = set().union(*[p_orgs.expand(alts(x)) for x in p.get("parties") or []])
    return bool(gp & pp) or (not gp and not pp)


def label_facts(gold: dict[str, Any], pred: dict[str, Any]) -> list[FactLabel]:
    """Every fact of one predicted record with its confidence and whether gold has it."""
    g_orgs, p_orgs = OrgNames(gold), OrgNames(pred)
    out: list[FactLabel] = []
    for i, org in enumerate(pred.get("organizations") or []):
        names = _names(org) | set().union(*[alts(a) for a in org.get("aliases") or []])
        out.append(FactLabel("org", ("org", i), org.get("confidence"), any(names & s for s in g_orgs.sets)))
    g_people = [_names(p) for p in gold.get("people") or []]
    g_triples = [(p.get("name"), pos.get("title"), pos.get("org"))
                 for p in gold.get("people") or [] for pos in p.get("positions") or []]
    for i, person in enumerate(pred.get("people") or []):
        names = _names(person)
        out.append(FactLabel("person", ("person", i), person.get("confidence"), any(names & g for g in g_people)))
        for j, pos in enumerate(person.get("positions") or []):
            right = any(alts(g[0]) & names and alts(g[1]) & alts(pos.get("title"))
                        and (not alts(g[2]) or (isinstance(g[2], list) and None in g[2] and not alts(pos.get("org")))
                             or bool(g_orgs.expand(alts(g[2])) & p_orgs.expand(alts(pos.get("org")))))
                        for g in g_triples)
            out.append(FactLabel("position", ("position", i, j), pos.get("confidence"), right))
    g_events = list(gold.get("events") or [])
    used: set[int] = set()
    for i, ev in enumerate(pred.get("events") or []):
        match = next((k for k, g in enumerate(g_events) if k not in used and _same_event(g, ev, g_orgs, p_orgs)),
                     None)
        if match is not None:
            used.add(match)
        out.append(FactLabel("event", ("event", i), ev.get("confidence"), match is not None))
        # the first event is scored against the first gold event whatever its type
        ge = g_events[match] if match is not None else (g_events[0] if i == 0 and g_events else {})
        g_parties = [g_orgs.expand(alts(x)) for x in ge.get("parties") or []]
        confs = ev.get("party_confidence") or []
        for j, party in enumerate(ev.get("parties") or []):
            names = p_orgs.expand(alts(party))
            out.append(FactLabel("party", ("party", i, j), confs[j] if j < len(confs) else None,
                                 any(names & g for g in g_parties)))
        g_pairs = [(alts(x.get("person")), alts(x.get("role"))) for x in ge.get("participants") or []]
        for j, pa in enumerate(ev.get("participants") or []):
            right = any(gn & alts(pa.get("person")) and gr & alts(pa.get("role")) for gn, gr in g_pairs)
            out.append(FactLabel("participant", ("participant", i, j), pa.get("confidence"), right))
        place = ev.get("place")
        if isinstance(place, dict) and place.get("name"):
            gp = ge.get("place")
            right = bool(_names(gp) & _names(place)) if gp else False
            out.append(FactLabel("place", ("place", i), place.get("confidence"), right))
    return out


@dataclass
class Band:
    low: float
    high: float
    n: int = 0
    right: int = 0

    @property
    def precision(self) -> float | None:
        return self.right / self.n if self.n else None


@dataclass
class CalibrationReport:
    """Precision of predicted facts by confidence band, per kind of fact."""

    bands: dict[str, list[Band]]
    trusted: dict[str, Band]
    """Per kind, the facts at confidence >= :data:`TRUSTED`."""

    def to_dict(self) -> dict[str, Any]:
        return {kind: {"bands": [{"low": b.low, "high": min(b.high, 1.0), "n": b.n, "right": b.right,
                                  "precision": b.precision} for b in bands],
                       "trusted": {"min_confidence": TRUSTED, "n": self.trusted[kind].n,
                                   "right": self.trusted[kind].right, "precision": self.trusted[kind].precision}}
                for kind, bands in self.bands.items()}


def calibration_report(gold: Iterable[dict[str, Any]], pred: Iterable[dict[str, Any]]) -> CalibrationReport:
    """Label every predicted fact of the documents that have gold and count right ones by band."""
    gold_by = {str(r["id"]): r for r in gold}
    bands = {k: [Band(lo, hi) for lo, hi in zip(BANDS, BANDS[1:], strict=False)] for k in KINDS}
    trusted = {k: Band(TRUSTED, 1.0) for k in KINDS}
    for rec in pred:
        g = gold_by.get(str(rec.get("id")))
        if g is None:
            continue
        for fact in label_facts(g, rec):
            if fact.confidence is None:
                continue
            for band in bands[fact.kind]:
                if band.low <= fact.confidence < band.high:
                    band.n += 1
                    band.right += fact.right
            if fact.confidence >= TRUSTED:
                trusted[fact.kind].n += 1
                trusted[fact.kind].right += fact.right
    return CalibrationReport(bands, trusted)
