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
from pactgraph.extract.zh.orgs import LEGAL, Org, OrgFinder, OrgTable
from pactgraph.extract.zh.people import PeopleFinder, PersonHit, latin_name
from pactgraph.extract.zh.places import Place, Places
from pactgraph.extract.zh.resources import Resources, load

_HAN = re.compile(r"[\u4e00-\u9fff]")
# a sentence about the cooperation itself: its sectors are the event's fields
_COOPERATION = re.compile(r"合作|领域|协议|签约|签署|携手|共同|围绕|聚焦|重点|推进|布局|项目|共建|打造|对接|洽谈|交流")


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
        self._joined_names = tuple(sorted((x for x in self.res.org_suffixes if "和" in x), key=len, reverse=True))
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
        doc = ZhDoc(clean, tokens, stop_words=self.res.stop_words, name_verbs=self.res.name_verbs,
                    joined_names=self._joined_names)
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
        self.orgs.resolve_bare(doc, table, doc_places)
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
        words = []
        for i, (start, end, word, flag) in enumerate(doc.tokens):
            if word in self.res.not_places or any(a <= start and end <= b for a, b in inside):
                continue
            prev = doc.tokens[i - 1] if i else None
            if prev is not None and prev[1] == start and len(prev[2]) == 1 and prev[3].startswith("nr"):
                continue  # 崔 + 枫林: a person's given name, not a place
            if flag == "ns":
                words.append((start, end, word))
            elif flag in ("n", "nz", "nr", "j") and len(word) >= 2:
                # jieba tags many division names as plain nouns (孝感, 本溪): the gazetteer decides
                place = self.places.lookup(word)
                if place is not None and (place.code is not None or place.core in self.places.province_full):
                    words.append((start, end, word))
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
                features=self._org_features(doc, org, entry),
                extra=extra,
            ))
        people_out: list[drafts.Person] = []
        for p in people:
            first = p.spans[0] if p.spans else None
            name = doc.surface(*first) if first else p.name
            people_out.append(drafts.Person(
                name=name,
                positions=[drafts.Position(title=pos.title, org=pos.org, spans=[doc.evidence(*pos.span)],
                                           features=self._position_features(doc, pos, table))
                           for pos in p.positions],
                spans=[doc.evidence(s, e) for s, e in p.spans],
                features=self._person_features(doc, p),
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
            fields, field_spans = self._fields(doc, table)
            by_name = {p.name: p for p in people}
            participants = [
                drafts.Participant(
                    person=doc.surface(*by_name[n].spans[0]) if by_name[n].spans else n,
                    role=r,
                    spans=[doc.evidence(*by_name[n].spans[0])] if by_name[n].spans else [],
                    features={"titled": float(bool(by_name[n].positions)),
                              "lead": float(any(event.span and event.span[0] <= a < event.span[1]
                                                for a, _ in by_name[n].spans)),
                              "prior": by_name[n].confidence},
                )
                for n, r in event.participants.items()
                if n in by_name
            ]
            events.append(drafts.Event(
                type=event.type, agreement_kind=event.agreement_kind, date=event.date, place=place,
                parties=[drafts.Party(name, features=self._party_features(name, event, table))
                         for name in event.parties],
                participants=participants,
                fields=fields,
                field_spans=field_spans,
                spans=[doc.evidence(*event.span)] if event.span else [],
                features={"prior": event.confidence, "type_from_title": float(event.confidence >= 0.8),
                          "lead_dated": float(event.date is not None),
                          "parties_joined": float(event.party_source.count("joined") >= 2)},
            ))
            if place is not None:
                place.features = {"from_pattern": float(event.place_span is not None),
                                  "gazetteer": float(event.place.code is not None)}
        return drafts.Document(id=prepared.doc.id, language="zh", title=title, events=events, people=people_out,
                               orgs=orgs_out, policies=self.codes.codes(f, "policies"))

    # -- confidence features: how each fact was found ----------------------------------------
    def _org_features(self, doc: ZhDoc, org: Org, entry: Any) -> dict[str, float]:
        name = org.name
        body = org.key.split(":", 1)[0]
        return {
            "prior": 0.8 if entry is not None else 0.6,
            "source_kb": float(entry is not None),
            "lexicon": float(body == "known"),
            "local_body": float(body in ("gov", "party", "congress", "cppcc")),
            "legal_form": float(bool(LEGAL.search(name))),
            "place_prefix": float(self._strip_place(name) is not None),
            "short": float(len(name) <= 3),
            "long": float(len(name) >= 12),
            "forms": float(len(org.forms)),
            "before_title": float(any(self.res.title_re.match(doc.f, e) for _, e in org.spans)),
            "in_lead": float(any(doc.body_start <= a < self._lead_end(doc) for a, _ in org.spans)),
            "early": float(bool(org.spans) and min(a for a, _ in org.spans) < len(doc.f) / 3),
            "many_mentions": float(len(org.spans) >= 3),
        }

    @staticmethod
    def _lead_end(doc: ZhDoc) -> int:
        return next((e for s, e in doc.sentences if s >= doc.body_start and e - s > 8), len(doc.f))

    def _person_features(self, doc: ZhDoc, p: PersonHit) -> dict[str, float]:
        return {
            "prior": p.confidence,
            "titled": float(bool(p.positions)),
            "compound_surname": float(p.name[:2] in self.res.compound_surnames),
            "two_chars": float(len(p.name) == 2),
            "chained": float(bool(p.chain_spans)),
        }

    def _position_features(self, doc: ZhDoc, pos: Any, table: OrgTable) -> dict[str, float]:
        info = self.res.titles.get(pos.title) or {}
        org = table.find(pos.org) if pos.org else None
        written = doc.f[pos.span[0] : pos.span[1]]
        kind = info.get("kind")
        org_kind = org.kind if org is not None else None
        return {
            "org_written": float(bool(pos.org) and pos.org in written),
            "org_inherited": float(bool(pos.org) and pos.org not in written),
            "no_org": float(not pos.org),
            "kind_mismatch": float(
                org_kind is not None
                and (kind == "company" and org_kind != "company" or kind == "government" and org_kind == "company")
            ),
            "several_titles": float(written.count("、") > 0),
            "title_company": float(info.get("kind") == "company"),
            "title_government": float(info.get("kind") == "government"),
            "title_party": float(info.get("kind") == "party"),
            "org_in_table": float(org is not None),
            "org_local": float(org is not None and org.key.split(":", 1)[0] in ("gov", "party")),
        }

    @staticmethod
    def _party_features(name: str, event: EventHit, table: OrgTable) -> dict[str, float]:
        source = event.party_source[event.parties.index(name)] if name in event.parties else ""
        org = table.find(name)
        return {
            "joined": float(source == "joined"),
            "via_person": float(source == "person"),
            "via_committee": float(source == "committee"),
            "local_body": float(org is not None and org.key.split(":", 1)[0] in ("gov", "party")),
        }

    def _fields(self, doc: ZhDoc, table: OrgTable) -> tuple[list[str], dict[str, list[tuple[int, int]]]]:
        """Sectors the event is about: named in the headline or the lead, in a sentence about the
        cooperation (合作, 领域, 协议 ...), or again and again; broad codes need more than one cue."""
        f = doc.f
        lead_end = next((e for s, e in doc.sentences if s >= doc.body_start and e - s > 8), len(f))
        score: dict[str, float] = {}
        spans: dict[str, list[tuple[int, int]]] = {}
        names = [s for org in table.by_key.values() for s in org.spans]
        for hit in self.codes.find(f, "fields"):
            if doc.title is None and hit.start < doc.body_start:
                continue
            if any(a <= hit.start and hit.end <= b for a, b in names):
                continue  # 中国石化, 明天氢能: a company's name is not a sector named
            sent = doc.sentence_of(hit.start)
            text = f[sent[0] : sent[1]]
            in_title = doc.title is not None and doc.title[0] <= hit.start < doc.title[1]
            if in_title or doc.body_start <= hit.start < lead_end:
                w = 2.0
            elif _COOPERATION.search(text):
                w = 1.5
            else:
                w = 0.5
            score[hit.code] = score.get(hit.code, 0.0) + w
            spans.setdefault(hit.code, []).append(doc.evidence(hit.start, hit.end))
        # a named specific sector counts anywhere; a broad one needs the lead, the headline, a sentence
        # about the cooperation or three passing mentions
        keep = [c for c, v in score.items() if v >= (1.5 if c in self.res.broad_fields else 0.5)]
        return keep, {c: spans[c] for c in keep}

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
