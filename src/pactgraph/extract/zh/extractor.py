"""ChineseExtractor: Chinese (simplified or traditional) documents to cooperation records."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pactgraph.extract.base import LanguageExtractor, PreparedDoc
from pactgraph.extract.shared import codes as shared_codes
from pactgraph.extract.shared import drafts
from pactgraph.extract.zh import dates as zh_dates
from pactgraph.extract.zh.analysis import ZhDoc
from pactgraph.extract.zh.clean import Cleaner
from pactgraph.extract.zh.events import EventHit, EventReader
from pactgraph.extract.zh.orgs import OrgFinder, OrgTable
from pactgraph.extract.zh.people import PeopleFinder, PersonHit, latin_name
from pactgraph.extract.zh.places import Place, Places
from pactgraph.extract.zh.resources import Resources, load

_HAN = re.compile(r"[\u4e00-\u9fff]")


class ChineseExtractor(LanguageExtractor):
    """Rules over one jieba pass per document; lexicons are loaded on first use, once per process."""

    lang = "zh"

    def __init__(self) -> None:
        self._ready = False

    def _initialize(self) -> None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(60)
        jieba.initialize()
        self.res: Resources = load()
        # titles as words of their own keep jieba from gluing them to the name that follows
        for title in self.res.titles:
            if len(title) >= 2:
                jieba.add_word(title, freq=20000, tag="n")
        self._posseg = jieba.posseg.cut
        self.cleaner = Cleaner(self.res)
        self.places = Places(self.res)
        self.orgs = OrgFinder(self.res)
        self.orgs.places_core = self._strip_place
        for form in self.orgs.known:
            jieba.add_word(form, freq=20000, tag="nt")
        self.people = PeopleFinder(self.res, self.places)
        self.events = EventReader(self.res, self.places)
        self.codes = shared_codes.lexicon("zh")
        self._ready = True

    def _strip_place(self, name: str) -> str | None:
        for n in range(min(len(name) - 2, 9), 1, -1):
            if self.places.lookup(name[:n]) is not None:
                return name[n:]
        return None

    def draft_batch(self, docs: Sequence[PreparedDoc]) -> list[drafts.Document]:
        if not self._ready:
            self._initialize()
        return [self.draft_one(d) for d in docs]

    # -----------------------------------------------------------------------
    def draft_one(self, prepared: PreparedDoc) -> drafts.Document:
        clean = self.cleaner.clean(prepared.text)
        tokens: list[tuple[int, int, str, str]] = []
        pos = 0
        for pair in self._posseg(clean.folded):
            word, flag = pair.word, pair.flag
            tokens.append((pos, pos + len(word), word, flag))
            pos += len(word)
        doc = ZhDoc(clean, tokens, stop_words=self.res.stop_words, name_verbs=self.res.name_verbs)
        doc.title, doc.body_start = _title(doc)
        pub, pub_month = prepared.pub, prepared.pub_month
        context_month = None
        if pub is None:
            line_date, agency = zh_dates.dateline(self.cleaner.fold(prepared.text[:1500]))
            pub = line_date
            if agency is not None:
                context_month = agency[0]
        table = OrgTable(self.places)
        title_spans = [(m.start(), m.end()) for m in self.res.title_re.finditer(doc.f)]
        self.orgs.find(doc, table, title_spans)
        doc_places = self._doc_places(doc, table)
        people, _ = self.people.find(doc, table, doc_places)
        event = self.events.read(doc, people, table, doc_places, pub, pub_month, context_month)
        return self._record(prepared, doc, people, table, event)

    def _doc_places(self, doc: ZhDoc, table: OrgTable) -> list[Place]:
        """Places the article names (outside organization names); bare jieba place names only if repeated."""
        inside = [
            s
            for org in table.by_key.values()
            if not org.key.startswith(("gov:", "party:"))
            for s in org.spans
        ]
        words = [
            (start, end, word)
            for start, end, word, flag in doc.tokens
            if flag == "ns"
            and word not in self.res.not_places
            and not any(a <= start and end <= b for a, b in inside)
        ]
        counts: dict[str, int] = {}
        for _, _, word in words:
            counts[word] = counts.get(word, 0) + 1
        out: list[Place] = []
        for _, _, word in words:
            place = self.places.lookup(word)
            if place is None and counts[word] >= 2:
                place = self.places.lookup(word, trusted=True)
            if place is not None:
                out.append(place)
        return out

    # -----------------------------------------------------------------------
    def _record(
        self,
        prepared: PreparedDoc,
        doc: ZhDoc,
        people: list[PersonHit],
        table: OrgTable,
        event: EventHit | None,
    ) -> drafts.Document:
        f = doc.f
        title = doc.surface(*doc.title).strip() if doc.title else None
        body = f[doc.body_start :]
        orgs_out: list[drafts.Org] = []
        for org in table.by_key.values():
            if not org.listed or org.key.startswith("dept:"):
                continue
            name = self._as_written(doc, org.name, org.spans)
            aliases = [self._as_written(doc, form, org.spans) for form in org.forms if form != org.name]
            extra: dict[str, Any] = {}
            name_en, entry = self.orgs.english_name([org.name, *org.forms])
            if name_en:
                extra["name_en"] = name_en
            orgs_out.append(drafts.Org(
                name=name, aliases=[a for a in dict.fromkeys(aliases) if a != name], kind=org.kind,
                spans=[doc.evidence(s, e) for s, e in sorted(org.spans)],
                features={"prior": 0.8 if entry is not None else 0.6, "source_kb": float(entry is not None)},
                extra=extra,
            ))
        people_out: list[drafts.Person] = []
        for p in people:
            first = p.spans[0] if p.spans else None
            name = doc.surface(*first) if first else p.name
            people_out.append(drafts.Person(
                name=name,
                positions=[drafts.Position(title=pos.title, org=pos.org, spans=[doc.evidence(*pos.span)])
                           for pos in p.positions],
                spans=[doc.evidence(s, e) for s, e in p.spans],
                features={"prior": p.confidence},
                extra={"name_latn": latin_name(p.name, self.res.surname_readings, self.res.compound_surnames)},
            ))
        events: list[drafts.Event] = []
        if event is not None:
            place = None
            if event.place is not None:
                pl = event.place
                place = drafts.Place(name=pl.name, admin1=pl.admin1, country=pl.country or "CN", code=pl.code,
                                     level=pl.level,
                                     spans=[doc.evidence(*event.place_span)] if event.place_span else [])
            by_name = {p.name: p for p in people}
            participants = [
                drafts.Participant(
                    person=doc.surface(*by_name[n].spans[0]) if by_name[n].spans else n,
                    role=r,
                    spans=[doc.evidence(*by_name[n].spans[0])] if by_name[n].spans else [],
                )
                for n, r in event.participants.items()
                if n in by_name
            ]
            events.append(drafts.Event(
                type=event.type, agreement_kind=event.agreement_kind, date=event.date, place=place,
                parties=[drafts.Party(name) for name in event.parties], participants=participants,
                fields=self.codes.codes(body, "fields"),
                spans=[doc.evidence(*event.span)] if event.span else [],
                features={"prior": event.confidence},
            ))
        return drafts.Document(id=prepared.doc.id, language="zh", title=title, events=events, people=people_out,
                               orgs=orgs_out, policies=self.codes.codes(f, "policies"))

    def _as_written(self, doc: ZhDoc, folded: str, spans: list[tuple[int, int]]) -> str:
        pos = doc.f.find(folded)
        return doc.surface(pos, pos + len(folded)) if pos >= 0 else folded


def _title(doc: ZhDoc) -> tuple[tuple[int, int] | None, int]:
    """The headline: an early short line without a full stop; the body starts after it."""
    text = doc.f
    pos = 0
    seen = 0
    for line in text.splitlines(keepends=True):
        start, body = pos, line.rstrip("\r\n")
        pos += len(line)
        stripped = body.strip()
        if not stripped:
            continue
        seen += 1
        han = len(_HAN.findall(stripped))
        if (
            han >= 6
            and len(stripped) <= 64
            and not stripped.endswith("。")
            and not re.match(r"^\s*\d{1,2}月\d{1,2}日", stripped)
            and "。" not in stripped
        ):
            lead = start + (len(body) - len(body.lstrip()))
            return (lead, lead + len(stripped)), start + len(line)
        if seen >= 3 or han >= 30:
            break
    return None, 0
