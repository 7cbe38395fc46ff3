"""Scoring of RECORD.md as a library: gold records against predicted ones.

The rules are the contract's own (normalisation, alias-aware organisations,
gold alternatives, first-event components, micro-averaged F1s), implemented to
give the same figures as ``shared/tools/score.py``; a test checks that they do.
Users annotate their own documents and measure with :func:`evaluate_files`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pactgraph import errors

COMPONENTS = ["organizations", "people", "positions", "event_type", "date", "place",
              "parties", "participants", "fields", "policies"]
EXTRAS = ["agreement_kind", "all_events"]  # reported, not in the headline

_HONORIFICS = re.compile(r"^(mr|mrs|ms|miss|dr|prof|professor|comrade|madam|sir)\.?\s+", re.I)
_ZH_HONORIFICS = re.compile(r"(同志|先生|女士|博士)$")
_EN_PLACE_WORDS = re.compile(r"\s+(city|county|province|municipality|prefecture)$", re.I)
_ZH_PLACE_WORDS = re.compile(r"(市|县|縣|省|区|區)$")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s").convert


def norm(value: object) -> str | None:
    """The scorer's string normalisation."""
    if value is None:
        return None
    s = unicodedata.normalize("NFKC", str(value)).strip()
    s = _t2s()(s)
    s = re.sub(r"^the\s+", "", s, flags=re.I)
    s = _HONORIFICS.sub("", s)
    s = _ZH_HONORIFICS.sub("", s)
    s = _EN_PLACE_WORDS.sub("", s)
    s = _NON_WORD.sub("", s.lower())
    return _ZH_PLACE_WORDS.sub("", s)


def alts(value: object) -> set[str]:
    """A gold value may be a string or a list of acceptable strings."""
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {n for v in value if v is not None and (n := norm(v))}
    n = norm(value)
    return {n} if n else set()


class OrgNames:
    """Alias sets of one record's organizations, to compare names alias-aware."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.sets: list[set[str]] = []
        for org in record.get("organizations") or []:
            names = alts(org.get("name"))
            for alias in org.get("aliases") or []:
                names |= alts(alias)
            if names:
                self.sets.append(names)

    def expand(self, names: set[str]) -> set[str]:
        out = set(names)
        for s in self.sets:
            if s & names:
                out |= s
        return out


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: int = 0
    total: int = 0

    def add_sets(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.fp += n_pred - tp
        self.fn += n_gold - tp

    def add_acc(self, ok: bool) -> None:
        self.total += 1
        self.right += bool(ok)

    def score(self) -> float:
        if self.total:
            return self.right / self.total
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0


def _match(gold: list[Any], pred: list[Any], same: Callable[[Any, Any], bool]) -> tuple[int, list, list]:
    used: set[int] = set()
    tp = 0
    missed = []
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and same(g, p):
                used.add(j)
                tp += 1
                break
        else:
            missed.append(g)
    return tp, missed, [p for j, p in enumerate(pred) if j not in used]


def _scalar(value: object) -> str | None:
    return value if isinstance(value, str) else None


def clean_prediction(rec: dict[str, Any]) -> dict[str, Any]:
    """Keep a prediction to single strings, so it cannot list every option."""
    rec = dict(rec)
    rec["people"] = [
        {"name": _scalar(p.get("name")),
         "positions": [{"title": _scalar(x.get("title")), "org": _scalar(x.get("org"))}
                       for x in p.get("positions") or [] if isinstance(x, dict)]}
        for p in rec.get("people") or [] if isinstance(p, dict)]
    rec["organizations"] = [
        {"name": _scalar(o.get("name")), "aliases": [a for a in o.get("aliases") or [] if isinstance(a, str)]}
        for o in rec.get("organizations") or [] if isinstance(o, dict)]
    events = []
    for e in rec.get("events") or []:
        if not isinstance(e, dict):
            continue
        place = e.get("place")
        events.append({
            "type": _scalar(e.get("type")), "agreement_kind": _scalar(e.get("agreement_kind")),
            "date": _scalar(e.get("date")),
            "place": {"name": _scalar(place.get("name"))} if isinstance(place, dict) else _scalar(place),
            "parties": [x for x in e.get("parties") or [] if isinstance(x, str)],
            "participants": [{"person": _scalar(x.get("person")), "role": _scalar(x.get("role"))}
                             for x in e.get("participants") or [] if isinstance(x, dict)],
            "fields": [x for x in e.get("fields") or [] if isinstance(x, str)],
        })
    rec["events"] = events
    rec["policies"] = [x for x in rec.get("policies") or [] if isinstance(x, str)]
    return rec


@dataclass
class DocScore:
    """What one document missed (gold not predicted) and added (predicted not in gold)."""

    doc_id: str
    missing: bool = False
    wrong: dict[str, tuple[object, object]] = field(default_factory=dict)
    missed: dict[str, list[object]] = field(default_factory=dict)
    spurious: dict[str, list[object]] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = []
        for comp in COMPONENTS + EXTRAS:
            if comp in self.wrong:
                g, p = self.wrong[comp]
                out.append(f"{comp}: gold={g!r} pred={p!r}")
            if self.missed.get(comp):
                out.append(f"{comp} missed: {self.missed[comp]}")
            if self.spurious.get(comp):
                out.append(f"{comp} spurious: {self.spurious[comp]}")
        return out


@dataclass
class Evaluation:
    n_documents: int
    scores: dict[str, dict[str, float]]
    documents: list[DocScore]
    missing: list[str]
    components: list[str] = field(default_factory=lambda: list(COMPONENTS))
    extras: list[str] = field(default_factory=lambda: list(EXTRAS))
    halves: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    """Scores of the two fixed halves of the documents (``"A"``, ``"B"``; see :func:`pactgraph.calibration.half_of`)."""
    calibration: Any = None
    """Precision of the predicted facts by confidence band (:class:`pactgraph.calibration.CalibrationReport`)."""

    @property
    def headline(self) -> float:
        return self.scores["all"]["headline"]

    def to_dict(self) -> dict[str, object]:
        return {"documents": self.n_documents, "missing": self.missing, "scores": self.scores,
                "halves": self.halves,
                "calibration": self.calibration.to_dict() if self.calibration is not None else None,
                "per_document": [{"id": d.doc_id, "missing": d.missing, "wrong": d.wrong,
                                  "missed": d.missed, "spurious": d.spurious} for d in self.documents]}


def _place_names(place: object) -> set[str]:
    if not place:
        return set()
    if isinstance(place, str):
        return alts(place)
    return alts(place.get("name")) if isinstance(place, dict) else set()


def _score_doc(gold: dict[str, Any], pred: dict[str, Any], tallies: dict[str, Tally], out: DocScore) -> None:
    g_orgs, p_orgs = OrgNames(gold), OrgNames(pred)
    missing = out.missing

    tp, missed, spurious = _match(g_orgs.sets, p_orgs.sets, lambda g, p: bool(g & p))
    tallies["organizations"].add_sets(tp, len(p_orgs.sets), len(g_orgs.sets))
    out.missed["organizations"] = [sorted(m) for m in missed]
    out.spurious["organizations"] = [sorted(s) for s in spurious]

    def names(p: object) -> set[str]:
        return alts(p.get("name") if isinstance(p, dict) else p)

    g_people = [p for p in gold.get("people") or [] if names(p)]
    p_people = [p for p in pred.get("people") or [] if names(p)]
    tp, missed, spurious = _match(g_people, p_people, lambda g, p: bool(names(g) & names(p)))
    tallies["people"].add_sets(tp, len(p_people), len(g_people))
    out.missed["people"] = [g.get("name") for g in missed]
    out.spurious["people"] = [p.get("name") for p in spurious]

    def triples(record: dict[str, Any]) -> list[tuple[object, object, object]]:
        return [(person.get("name"), pos.get("title"), pos.get("org"))
                for person in record.get("people") or [] for pos in person.get("positions") or []]

    def same_position(g: tuple, p: tuple) -> bool:
        if not (alts(g[0]) & alts(p[0])) or not (alts(g[1]) & alts(p[1])):
            return False
        if not alts(g[2]):
            return True
        if not alts(p[2]):
            return isinstance(g[2], list) and None in g[2]
        return bool(g_orgs.expand(alts(g[2])) & p_orgs.expand(alts(p[2])))

    tp, missed, spurious = _match(triples(gold), triples(pred), same_position)
    tallies["positions"].add_sets(tp, len(triples(pred)), len(triples(gold)))
    out.missed["positions"], out.spurious["positions"] = missed, spurious

    ge = (gold.get("events") or [{}])[0]
    pe = (pred.get("events") or [{}])[0]

    def acc(name: str, g: object, p: object, same: Callable[[object, object], bool]) -> None:
        ok = same(g, p) and not missing
        tallies[name].add_acc(ok)
        if not ok:
            out.wrong[name] = (g, p)

    def same_alt(g: object, p: object) -> bool:
        return (not alts(g) and not alts(p)) or bool(alts(g) & alts(p))

    acc("event_type", ge.get("type"), pe.get("type"), same_alt)
    acc("date", ge.get("date"), pe.get("date"), same_alt)
    if alts(ge.get("type")) & {"agreement"}:
        acc("agreement_kind", ge.get("agreement_kind"), pe.get("agreement_kind"), same_alt)
    acc("place", ge.get("place"), pe.get("place"),
        lambda g, p: (not _place_names(g) and not _place_names(p)) or bool(_place_names(g) & _place_names(p)))

    g_parties = [g_orgs.expand(alts(x)) for x in ge.get("parties") or []]
    p_parties = [p_orgs.expand(alts(x)) for x in pe.get("parties") or []]
    tp, missed, spurious = _match(g_parties, p_parties, lambda g, p: bool(g & p))
    tallies["parties"].add_sets(tp, len(p_parties), len(g_parties))
    out.missed["parties"] = [sorted(m) for m in missed]
    out.spurious["parties"] = [sorted(s) for s in spurious]

    def pairs(event: dict[str, Any]) -> list[tuple[object, object]]:
        return [(x.get("person"), x.get("role")) for x in event.get("participants") or []]

    tp, missed, spurious = _match(pairs(ge), pairs(pe),
                                  lambda g, p: bool(alts(g[0]) & alts(p[0])) and bool(alts(g[1]) & alts(p[1])))
    tallies["participants"].add_sets(tp, len(pairs(pe)), len(pairs(ge)))
    out.missed["participants"], out.spurious["participants"] = missed, spurious

    def same_event(g: dict[str, Any], p: dict[str, Any]) -> bool:
        """Every event, not only the first: same type and a shared party, or both without parties."""
        if not same_alt(g.get("type"), p.get("type")):
            return False
        gp = set().union(*[g_orgs.expand(alts(x)) for x in g.get("parties") or []])
        pp = set().union(*[p_orgs.expand(alts(x)) for x in p.get("parties") or []])
        return bool(gp & pp) or (not gp and not pp)

    g_events, p_events = gold.get("events") or [], pred.get("events") or []
    tp, missed, spurious = _match(g_events, p_events, same_event)
    tallies["all_events"].add_sets(tp, len(p_events), len(g_events))
    out.missed["all_events"] = [(e.get("type"), e.get("parties")) for e in missed]
    out.spurious["all_events"] = [(e.get("type"), e.get("parties")) for e in spurious]

    for name, g_codes, p_codes in (("fields", ge.get("fields") or [], pe.get("fields") or []),
                                   ("policies", gold.get("policies") or [], pred.get("policies") or [])):
        g_set, p_set = set(g_codes), set(p_codes)
        tallies[name].add_sets(len(g_set & p_set), len(p_set), len(g_set))
        out.missed[name], out.spurious[name] = sorted(g_set - p_set), sorted(p_set - g_set)


def evaluate_records(gold: Iterable[dict[str, Any]], pred: Iterable[dict[str, Any]]) -> Evaluation:
    """Score records given as dicts (gold may carry alternatives and ``_notes``).

    Besides the contract's figures, the result holds the scores of the two
    fixed halves of the documents and the precision of facts by confidence band.
    """
    from pactgraph.calibration import calibration_report, half_of

    gold, pred = list(gold), list(pred)
    result = _score_records(gold, pred)
    for half in "AB":
        part = [r for r in gold if half_of(r["id"]) == half]
        if part:
            result.halves[half] = _score_records(part, pred).scores
    result.calibration = calibration_report(gold, pred)
    return result


def _score_records(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> Evaluation:
    gold_by = {str(r["id"]): r for r in gold}
    pred_by = {str(r["id"]): r for r in pred}
    groups: dict[str, dict[str, Tally]] = {"all": {c: Tally() for c in COMPONENTS + EXTRAS}}
    docs = []
    for doc_id, g in gold_by.items():
        p = clean_prediction(pred_by.get(doc_id, {}))
        lang = g.get("language", "?")
        groups.setdefault(lang, {c: Tally() for c in COMPONENTS + EXTRAS})
        for key in ("all", lang):
            doc = DocScore(doc_id, missing=doc_id not in pred_by)
            _score_doc(g, p, groups[key], doc)
        docs.append(doc)
    scores = {}
    for key, tallies in groups.items():
        figs = {c: round(t.score(), 4) for c, t in tallies.items()}
        figs["headline"] = round(sum(figs[c] for c in COMPONENTS) / len(COMPONENTS), 4)
        scores[key] = figs
    missing = [i for i in gold_by if i not in pred_by]
    return Evaluation(n_documents=len(gold_by), scores=scores, documents=docs, missing=missing)


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSON Lines file; a bad line is a usage error naming file and line."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise errors.MalformedJSON(f"not JSON: {exc.msg}", source=str(path), line=n) from exc
            if not isinstance(rec, dict) or "id" not in rec:
                raise errors.MissingId("record without id", source=str(path), line=n)
            out.append(rec)
    return out


def evaluate_files(gold: str | Path, pred: str | Path) -> Evaluation:
    """Score a predicted JSON Lines file against a gold one."""
    return evaluate_records(load_records(gold), load_records(pred))
