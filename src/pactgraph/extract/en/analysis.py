"""One English document read into people, positions and organisations with evidence."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from pactgraph.extract.en import text as textmod
from pactgraph.extract.en.lexicon import Lexicon
from pactgraph.extract.en.orgs import Org, OrgFinder, OrgMention, clean_name, group_orgs, norm_key, org_kind
from pactgraph.extract.en.people import (
    COMPANY_REF,
    NameFinder,
    NameMention,
    PersonInfo,
    TitleItem,
    TitleParser,
    is_gov_title,
    singular,
)
from pactgraph.extract.en.places import RULES as PLACE_RULES
from pactgraph.extract.shared.places import Gazetteer, PlaceInfo
from pactgraph.resolve.kb import KnowledgeBase

_PLACE_WORDS = re.compile(r"\s+(?:City|County|Province|District|Prefecture|League|Municipality|Region|"
                          r"Autonomous Region|New Area|Banner)$")


@dataclass
class Analysis:
    text: str
    lines: list[textmod.Line]
    sents: list[tuple[int, int]]
    title: str | None
    title_span: tuple[int, int] | None
    pub: dt.date | None
    pub_month: tuple[int, int] | None
    people: list[PersonInfo] = field(default_factory=list)
    orgs: list[Org] = field(default_factory=list)
    places: list[tuple[int, int, PlaceInfo]] = field(default_factory=list)
    person_mentions: list[tuple[int, int, PersonInfo]] = field(default_factory=list)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for s, e in self.sents:
            if s <= pos < e:
                return s, e
        return pos, pos

    def org_by_name(self, name: str | None) -> Org | None:
        if not name:
            return None
        key = norm_key(name)
        for org in self.orgs:
            if any(norm_key(n) == key for n in org.names()):
                return org
        return None

    def org_at(self, start: int, end: int) -> Org | None:
        for org in self.orgs:
            if any(m.start < end and start < m.end for m in org.mentions):
                return org
        return None


class DocumentReader:
    """Reads one document; the finders and lexicon are shared across documents."""

    def __init__(self, lex: Lexicon, gazetteer: Gazetteer, kb: KnowledgeBase | None = None) -> None:
        self.lex = lex
        self.gaz = gazetteer
        self.kb = kb
        self._place_cache: dict[tuple[str, tuple[str, ...]], PlaceInfo | None] = {}
        self.names = NameFinder(lex)
        self.titles = TitleParser(lex)
        known = [n for entry in kb for n in entry.names if n.isascii()] if kb is not None else []
        self.orgs = OrgFinder(lex, lambda w: self.place(w) is not None, known)

    def entity_of(self, name: str) -> str | None:
        """The knowledge-base id of an organisation name, so short forms and acronyms meet."""
        if self.kb is None:
            return None
        entry = self.kb.find(name)
        return entry.id if entry is not None else None

    def place(self, name: str, context: tuple[str, ...] = ()) -> PlaceInfo | None:
        key = (name, context)
        if key not in self._place_cache:
            if len(self._place_cache) > 50_000:
                self._place_cache.clear()
            self._place_cache[key] = self.gaz.lookup(name, lang="en", context=context)
        return self._place_cache[key]

    # -- names ---------------------------------------------------------------
    def find_names(self, text: str, sents: list[tuple[int, int]], ents: list[tuple[int, int, str]]
                   ) -> list[NameMention]:
        found: list[NameMention] = []
        for s, e in sents:
            found.extend(self.names.chinese_names(text, s, e))
        for s, e, label in ents:
            if label != "PERSON":
                continue
            line_end = text.find("\n", s)
            e = min(e, line_end) if 0 <= line_end < e else e
            raw = text[s:e]
            # honorifics and an organisation's acronym glued in front ("SPC Luo Qiang") are not the name
            raw_clean = re.sub(r"^(?:(?:Mr|Mrs|Ms|Dr|Prof|Professor)\.?\s+|[A-Z]{2,}\s+)+", "", raw)
            if re.search(r"[a-z][A-Z]", raw_clean.replace("Mc", "").replace("Mac", "")) or \
                    re.search(r"\b(?:Inspected|Visited|Visit|Visits|Met|Meets|Signs?|Signed|Attended|Said|Says)\b",
                              raw_clean) or self.place(raw_clean) is not None or \
                    (self.kb is not None and self.kb.find(raw_clean) is not None):
                continue
            s2 = s + (len(raw) - len(raw_clean))
            words = raw_clean.split()
            if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
                continue
            if any(w.strip(".,") in self.lex.org_suffixes for w in words) or self.lex.title.search(raw_clean):
                continue
            if any(not re.fullmatch(r"[A-Z][a-zA-Z'’.-]*", w) for w in words):
                continue
            # a verb glued to the name by a missing space ("Liang Rongbinhosted")
            glued = re.search(r"(?<=[a-z])(?:hosted|attended|visited|inspected|said|met)$", raw_clean)
            if glued and self.lex.is_pinyin_word(words[-1][:len(words[-1]) - len(glued.group())], 3):
                raw_clean = raw_clean[:glued.start()]
            found.append(NameMention(s2, s2 + len(raw_clean), raw_clean.rstrip(".,"), "ner"))
        # reversed pinyin names ("Kezhen Xu") only with NER support or a title right before them
        kept: list[NameMention] = []
        for m in sorted(found, key=lambda m: (-(m.end - m.start), m.source != "pinyin")):
            if any(m.start < k.end and k.start < m.end for k in kept):
                continue
            if m.source == "pinyin-reversed":
                ner_ok = any(s <= m.start and m.end <= e and lab == "PERSON" for s, e, lab in ents)
                before = text[max(0, m.start - 40):m.start]
                if not ner_ok and not re.search(self.lex.title.pattern + r"\s*$", before, re.I):
                    continue
            if self._is_place_name(text, m) or self.names.is_credit(text, m):
                continue
            kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    def _is_place_name(self, text: str, m: NameMention) -> bool:
        after = text[m.end:m.end + 30]
        if re.match(r"\s+(?:City|County|Province|District|Prefecture|Region|Autonomous|New Area|Municipal|"
                    r"Provincial|League|Banner|Road|Street|Port|River|Lake|Mountain|Bay|Power|Group|Energy|"
                    r"Company|Co\b|Development|Industrial|Economic|High-Tech|Station|Plant|Project|Base|Park|"
                    r"University|Institute|Working|Committee|Bureau|Government|Corporation|Commission|Department|"
                    r"Zone)", after):
            return True
        before = text[max(0, m.start - 25):m.start]
        info = self.place(m.name)
        # only an exact written place name ("Hong Kong"), not a name that folds onto one ("He Xi" ~ Hexi)
        if info is None or info.name_en.lower() != m.name.lower():
            return False
        if re.search(r"\b(?:in|of|to|at|from|and)\s+$", before):
            return True
        return m.source != "ner" and not re.search(self.lex.title.pattern + r"\s*,?\s*$", before, re.I)

    # -- the whole document ----------------------------------------------------
    def read(self, text: str, ents: list[tuple[int, int, str]], pub: dt.date | None,
             pub_month: tuple[int, int] | None) -> Analysis:
        all_lines = textmod.lines(text)
        sents = textmod.sentences(text, all_lines)
        title, title_start = textmod.headline(text, all_lines)
        title_span = (title_start, title_start + len(title)) if title and title_start is not None else None
        pub = pub or textmod.dateline(text, all_lines)
        a = Analysis(text=text, lines=all_lines, sents=sents, title=title, title_span=title_span, pub=pub,
                     pub_month=pub_month)
        # the headline is a sentence too (it is often the only place a party is named)
        content = list(sents)
        if title_span and not any(s <= title_span[0] < e for s, e in sents):
            content.insert(0, title_span)
        names = self.find_names(text, content, ents)
        name_spans = [(m.start, m.end) for m in names]
        org_mentions = self.orgs.find(text, content, ents, name_spans)
        org_mentions = [m for m in org_mentions if not self._is_bare_place(m)]
        a.places = self._places(text, content)
        self._people(a, names, name_spans, org_mentions)
        a.orgs = group_orgs(text, org_mentions, self.entity_of)
        self._resolve_company_refs(a)
        self._attach_position_orgs(a)
        return a

    def _is_bare_place(self, m: OrgMention) -> bool:
        name = clean_name(m.text)
        if re.search(r"\b(?:Government|Committee|Commission|Bureau|Department|Group|Co\.|Company|Corporation|"
                     r"Ltd|University|Institute|Administration|Congress|Offices?|Management)\b", name):
            return False
        return self.place(name) is not None or self.place(_PLACE_WORDS.sub("", name)) is not None and \
            bool(_PLACE_WORDS.search(name))

    def _places(self, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, PlaceInfo]]:
        """Known places in the content spans (one scan of the text, then kept by span)."""
        return [(ps, pe, info) for ps, pe, info in self.gaz.find_in_text(text, PLACE_RULES)
                if any(s <= ps and pe <= e for s, e in spans)]

    # -- people and positions ----------------------------------------------------
    def _people(self, a: Analysis, names: list[NameMention], name_spans: list[tuple[int, int]],
                org_mentions: list[OrgMention]) -> None:
        text = a.text
        people: dict[str, PersonInfo] = {}
        order: list[PersonInfo] = []
        for m in names:
            sent_s, sent_e = a.sentence_of(m.start)
            if sent_e <= sent_s:
                sent_s, sent_e = (a.title_span if a.title_span and a.title_span[0] <= m.start < a.title_span[1]
                                  else (max(0, m.start - 200), min(len(text), m.end + 300)))
            stop = [sp for sp in name_spans if sp != (m.start, m.end)]
            after = self.titles.group_after(text, m.end, stop, sent_e)
            before = self.titles.group_before(text, m.start, sent_s, stop)
            # "Chairman Qian Zhimin of State Power Investment Corporation": TITLE NAME of ORG
            if before and before[-1].org is None:
                om = re.match(r"\s+(?:of|at|from)\s+", text[m.end:sent_e])
                if om:
                    span = self.titles.org_span(text, m.end + om.end(), stop, sent_e)
                    if span:
                        before[-1].org, before[-1].org_span = self.titles.org_text(text, span), span
            key = m.name.lower().replace(" ", "")
            person = people.get(key)
            if person is None:
                person = PersonInfo(name=m.name)
                people[key] = person
                order.append(person)
            person.mentions.append((m.start, m.end))
            for item in [*before, *after]:
                item.title = singular(item.title.strip())
                person.positions.append(item)
        # "Vice Presidents Huang Hui and Jia Geng of Beijing Energy International": share the plural title
        for i, m in enumerate(names[1:], 1):
            prev = names[i - 1]
            if re.fullmatch(r"\s+and\s+", text[prev.end:m.start]):
                p_prev = people[prev.name.lower().replace(" ", "")]
                p_cur = people[m.name.lower().replace(" ", "")]
                plural = [it for it in p_prev.positions if it.title_span[1] <= prev.start
                          and re.search(r"s$", text[it.title_span[0]:it.title_span[1]])]
                for it in plural:
                    if not any(x.title == it.title for x in p_cur.positions):
                        p_cur.positions.append(TitleItem(it.title, it.title_span))
                om = re.match(r"\s+(?:of|at|from)\s+", text[m.end:m.end + 10])
                if om:
                    span = self.titles.org_span(text, m.end + om.end(), name_spans, min(len(text), m.end + 120))
                    if span:
                        for it in p_prev.positions + p_cur.positions:
                            if it.org is None:
                                it.org, it.org_span = self.titles.org_text(text, span), span
        a.people = order
        a.person_mentions = [(m.start, m.end, people[m.name.lower().replace(" ", "")]) for m in names]
        self._short_mentions(a)
        self._fill_missing_orgs(a)
        # position organisations that no finder saw are organisations too ("Taihe District Committee")
        for person in a.people:
            for it in person.positions:
                if it.org and it.org != COMPANY_REF and it.org_span and not self._is_place_string(it.org):
                    org_mentions.append(OrgMention(it.org_span[0], it.org_span[1], it.org, "slot"))

    def _is_place_string(self, name: str) -> bool:
        name = clean_name(name)
        if re.search(r"\b(?:Government|Committee|Commission|Bureau|Department|Group|Co\.|Company|Corporation|"
                     r"Ltd|University|Institute|Administration|Congress|Offices?|Board|Ministry)\b", name, re.I):
            return False
        return self.place(name) is not None or self.place(_PLACE_WORDS.sub("", name)) is not None \
            or name.lower() in {"autonomous region", "the autonomous region", "province", "city"}

    def _short_mentions(self, a: Analysis) -> None:
        """"Mr. He", "Zhou", "Dr. Lv", "Zhenguo": later mentions of a person already named in full."""
        index: dict[str, list[PersonInfo]] = {}
        for p in a.people:
            parts = p.name.split()
            for key in {parts[0], parts[-1]}:
                index.setdefault(key, []).append(p)
        taken = [(s, e) for s, e, _ in a.person_mentions]
        for key, persons in index.items():
            if len(persons) != 1 or len(key) < 2:
                continue
            person = persons[0]
            for m in re.finditer(rf"(?<![A-Za-z])(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s*)?{re.escape(key)}(?![a-z])",
                                 a.text):
                if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
                    continue
                if not any(s <= m.start() < e for s, e in a.sents):
                    continue
                honorific = bool(re.match(r"(?:Mr|Ms|Mrs|Dr|Prof)", m.group()))
                nxt = a.text[m.end():m.end() + 2]
                # a bare surname must act: "Zhou said", "Gao said", not "He said" (pronoun) at sentence start
                if not honorific:
                    if key in {"He", "She", "Ma", "Li", "Du", "Ge", "Mo", "Yu", "An", "Lu", "Ye", "Bu"}:
                        continue
                    if nxt[:1].isalpha() and nxt[:1].isupper():
                        continue
                a.person_mentions.append((m.start(), m.end(), person))
                person.mentions.append((m.start(), m.end()))
        a.person_mentions.sort(key=lambda t: t[0])

    def _fill_missing_orgs(self, a: Analysis) -> None:
        """A title written without its organisation takes its neighbour's (scored: a guess beats null)."""
        for person in a.people:
            for i, it in enumerate(person.positions):
                if it.org:
                    continue
                later = [x for x in person.positions[i + 1:] if x.org]
                earlier = [x for x in person.positions[:i] if x.org]
                src = later[0] if later else (earlier[-1] if earlier else None)
                if src is not None:
                    org = src.org
                    if re.search(r"\b(?:mayor|governor|magistrate|district head|county head|executive chief)\b",
                                 it.title, re.I) and re.search(r"Committee", org or ""):
                        place = re.sub(r"^(?:CPC\s+)?(.+?)\s+(?:Municipal|Provincial|District|County|Prefectural)?"
                                       r"\s*(?:Party\s+)?Committee$", r"\1", org or "")
                        org = place if place != org else org
                    it.org = org
        # a title in a list of people takes the previous person's company ("Zou Lei, Chairman of X, and
        # Liu Mingsheng, President")
        prev_org: str | None = None
        prev_end = -1
        for s, e, person in a.person_mentions:
            near = a.text[prev_end:s] if prev_end >= 0 else ""
            for it in person.positions:
                if it.title_span[0] < s - 200 or it.title_span[0] > e + 200:
                    continue
                if it.org is None and prev_org and len(near) < 160 and not re.search(r"[.!?]\s+[A-Z]", near):
                    it.org = prev_org
            orgs = [it.org for it in person.positions if it.org and abs(it.title_span[0] - s) < 200]
            if orgs:
                prev_org, prev_end = orgs[-1], e
        # still nothing: a government title belongs to the document's main place
        main_place = self._main_place(a)
        for person in a.people:
            for it in person.positions:
                if it.org is None and is_gov_title(it.title) and main_place:
                    it.org = main_place

    def _resolve_company_refs(self, a: Analysis) -> None:
        """"the company's General Manager": the company is the article's main company, if it names one."""
        companies = [o for o in a.orgs if o.kind == "company"]
        main = max(companies, key=lambda o: (len({m.start for m in o.mentions}), -o.first)) if companies else None
        for person in a.people:
            for it in person.positions:
                if it.org == COMPANY_REF:
                    it.org = main.name if main else None

    def _main_place(self, a: Analysis) -> str | None:
        counts = Counter(info.name_en for _, _, info in a.places if info.country == "CN" and info.level != "country")
        if not counts:
            return None
        return counts.most_common(1)[0][0]

    def _attach_position_orgs(self, a: Analysis) -> None:
        """Party committees of places: "Secretary of the Party Committee of X" -> org "Party Committee of X"."""
        for person in a.people:
            for it in person.positions:
                if not it.org:
                    continue
                if re.search(r"of the Party Committee$", it.title, re.I) and self._is_place_string(it.org) \
                        and it.org_span:
                    # "Secretary of the Party Committee of the Inner Mongolia Autonomous Region": the committee
                    # is an organisation of the record, written as in the text
                    pc = a.text.lower().rfind("party committee", it.title_span[0], it.title_span[1])
                    org_name = clean_name(a.text[pc:it.org_span[1]])
                    if a.org_by_name(org_name) is None:
                        a.orgs.append(Org(name=org_name, kind="party",
                                          mentions=[OrgMention(pc, it.org_span[1], org_name, "slot")]))
                    it.org = org_name


__all__ = ["Analysis", "DocumentReader", "org_kind"]
