"""The English extractor: spaCy NER plus pactgraph's rules, to the shared draft of a record."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pactgraph.extract.base import LanguageExtractor, PreparedDoc
from pactgraph.extract.en import text as textmod
from pactgraph.extract.en.analysis import Analysis, DocumentReader
from pactgraph.extract.en.events import EventDraft, EventReader
from pactgraph.extract.en.lexicon import Lexicon
from pactgraph.extract.en.nlp import load_nlp
from pactgraph.extract.en.orgs import Org
from pactgraph.extract.shared import drafts
from pactgraph.extract.shared.codes import lexicon as code_lexicon
from pactgraph.extract.shared.places import Gazetteer

_SPACE_KEEP = re.compile(r"[^\n]")


class EnglishExtractor(LanguageExtractor):
    """English documents to records; load once, reuse for every batch."""

    lang = "en"

    def __init__(self) -> None:
        self.lex = Lexicon.load()
        self.nlp = load_nlp()
        self.gazetteer = Gazetteer.default()
        self.reader = DocumentReader(self.lex, self.gazetteer, _knowledge_base())
        self.events = EventReader(self.lex, self.reader)
        self.codes = code_lexicon("en")

    def _ner_texts(self, docs: Sequence[PreparedDoc]) -> list[str]:
        """Texts for NER with debris lines blanked (same length, so offsets stay valid)."""
        out = []
        for d in docs:
            text = d.text
            parts = []
            last = 0
            for ln in textmod.lines(text):
                if ln.debris:
                    parts.append(text[last:ln.start])
                    parts.append(" " * (ln.end - ln.start))
                    last = ln.end
            parts.append(text[last:])
            out.append("".join(parts))
        return out

    def draft_batch(self, docs: Sequence[PreparedDoc]) -> list[drafts.Document]:
        records = []
        batch = max(16, len(docs))  # the caller's batch is the NER batch: larger batches run the network faster
        for prepared, sdoc in zip(docs, self.nlp.pipe(self._ner_texts(docs), batch_size=batch), strict=True):
            ents = [(e.start_char, e.end_char, e.label_) for e in sdoc.ents]
            records.append(self.draft_one(prepared, ents))
        return records

    def draft_one(self, prepared: PreparedDoc, ents: list[tuple[int, int, str]]) -> drafts.Document:
        a = self.reader.read(prepared.text, ents, prepared.pub, prepared.pub_month)
        # code hits once over the whole text (fields and policies); each scope then takes the hits inside it
        all_hits = self.codes.find(prepared.text)
        hits = [(h.code, h.start, h.end) for h in all_hits if h.kind == "fields"]

        def codes_in(_text: str, s: int, e: int) -> list[tuple[str, int, int]]:
            return [h for h in hits if s <= h[1] and h[2] <= e]

        events = self.events.read(a, codes_in)
        content = ([a.title_span] if a.title_span else []) + a.sents
        policies = list(dict.fromkeys(h.code for h in all_hits if h.kind == "policies"
                                      and any(s <= h.start and h.end <= e for s, e in content)))
        event_sents = [sp for sp in a.sents if self.events.sentence_types(a.text, *sp)]
        return to_draft(prepared, a, events, policies, event_sents)



def _included_orgs(a: Analysis, events: list[EventDraft], event_sents: list[tuple[int, int]]) -> list[Org]:
    """Organisations that act or employ a named person (RECORD.md), not background mentions."""
    keep: list[Org] = []
    title = a.title_span
    party_ids = {id(o) for ev in events for o in ev.parties}
    position_orgs = {id(a.org_by_name(it.org)) for p in a.people for it in p.positions if it.org}
    for org in a.orgs:
        if not org.mentions:
            continue
        body_mentions = [m for m in org.mentions if not (title and title[0] <= m.start < title[1])]
        if not body_mentions and not any(m.source in {"shape", "kb", "acronym"} for m in org.mentions):
            continue  # a title-case headline makes many false names; trust it only when the body agrees
        acting = id(org) in party_ids or id(org) in position_orgs
        if not acting:
            n = len({m.start for m in org.mentions})
            in_title = a.title_span is not None and any(a.title_span[0] <= m.start < a.title_span[1]
                                                         for m in org.mentions)
            defined = len(org.aliases) > 0
            strong = any(m.source in {"shape", "suffix", "slot"} for m in org.mentions)
            in_event = any(s <= m.start < e for m in org.mentions for s, e in event_sents)
            acting = in_title or n >= 2 or defined or (strong and (org.kind in {"government", "party"} or in_event))
        if acting:
            keep.append(org)
    return keep


def to_draft(prepared: PreparedDoc, a: Analysis, events: list[EventDraft], policies: list[str],
             event_sents: list[tuple[int, int]] = ()) -> drafts.Document:
    """The analysis as the shared draft of a document, with evidence spans and features."""
    orgs = _included_orgs(a, events, list(event_sents))
    out_events = []
    for ev in events:
        place = None
        if ev.place:
            name, info, span = ev.place
            place = drafts.Place(name=name, admin1=info.admin1_en, country=info.country, code=info.code,
                                 level=info.level, spans=[span])
        parties = [o for o in ev.parties if o in orgs or o.kind in {"government", "party", "company"}]
        out_events.append(drafts.Event(
            type=ev.type, agreement_kind=ev.agreement_kind, date=ev.date, place=place,
            parties=[drafts.Party(o.name, features=_mention_sources(o)) for o in parties],
            participants=[drafts.Participant(person=p.name, role=role, spans=p.mentions[:3])
                          for p, role in ev.participants],
            fields=ev.fields, spans=[ev.sentence] + ([ev.date_span] if ev.date_span else []),
            features={"prior": ev.confidence},
        ))
    for ev in events:
        for o in ev.parties:
            if o not in orgs:
                orgs.append(o)
    people = []
    for p in a.people:
        positions = []
        seen = set()
        for it in p.positions:
            key = (it.title.lower(), (it.org or "").lower())
            if key in seen:
                continue
            seen.add(key)
            positions.append(drafts.Position(title=it.title, org=it.org,
                                             spans=[it.title_span] + ([it.org_span] if it.org_span else [])))
        people.append(drafts.Person(name=p.name, positions=positions, spans=list(p.mentions),
                                    features={"prior": 0.9 if positions else 0.6}))
    out_orgs = [drafts.Org(name=o.name, aliases=o.aliases, kind=o.kind, spans=[(m.start, m.end) for m in o.mentions],
                           features={"prior": 0.8 if len(o.mentions) > 1 else 0.6, **_mention_sources(o)})
                for o in orgs]
    return drafts.Document(id=prepared.doc.id, language="en", title=a.title, events=out_events, people=people,
                           orgs=out_orgs, policies=policies)


def _mention_sources(org: Org) -> dict[str, float]:
    """How the organisation's mentions were found (NER, a known shape, the knowledge base, ...)."""
    return {f"source_{m.source}": 1.0 for m in org.mentions}


def _knowledge_base():  # noqa: ANN202 - KnowledgeBase | None
    """The shipped knowledge base of energy groups (names, short forms, acronyms)."""
    from pactgraph.resolve.kb import KnowledgeBase

    return KnowledgeBase.default()
