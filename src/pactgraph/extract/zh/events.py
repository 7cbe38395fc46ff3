"""The article's main event: type, date, place, parties, participants with roles, fields.

The headline and the lead sentence (the first body sentence with a date) decide
the type; the date is the one written nearest before the trigger word; roles
come from the verbs after (or before) each person: 代表双方签约 -> signatory,
见证 -> witness, 会见/主持 -> host, 调研/拜会/一行 -> visitor, 表示 -> speaker,
出席/参加 -> attendee, best one first (RECORD.md order).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pactgraph.extract.zh import dates as zh_dates
from pactgraph.extract.zh.analysis import ZhDoc
from pactgraph.extract.zh.orgs import Org, OrgTable
from pactgraph.extract.zh.people import PersonHit
from pactgraph.extract.zh.places import LEVEL_CHAR, Place, Places, dominant
from pactgraph.extract.zh.resources import Resources
from pactgraph.record import ROLE_ORDER

_CONNECT = re.compile(r"^[\s、，,与和及同以及]*$")
# between two joined sides: 与/和/同/、/及, after an optional bracket (以下简称“X”)
_JOIN_GAP = re.compile(r"\s*(?:[(（][^()（）]{0,30}[)）]|[”\"」』]?[)）])?\s*[与和同、及]\s*")
_CLAUSE = re.compile(r"[，,；;：:]")
_PLACE_AFTER = re.compile(
    r"(?:在|赴|于|来到|抵达)([\u4e00-\u9fff]{1,12}?)(?=(?:举行|召开|举办|隆重|正式)?(?:签署|签订|签约|举行|召开|举办|会见|拜会|"
    r"拜访|调研|考察|视察|走访|参观|出席|会谈|座谈|开幕|开工|启动|成功|与|同|就))"
)
# 成都市召开座谈会: a place that opens the sentence (after its date) and holds the event
_PLACE_SUBJECT = re.compile(
    r"^(?:[^，,。]{0,14}?[日晚][上下]?午?\s*[,，]?\s*)?([\u4e00-\u9fff]{2,10}?)(?=召开|举行|举办|主办)"
)
# 在县行政中心举行: a venue named by its level word stands in the article's place of that level
_LEVEL_VENUE = re.compile(
    r"在(县|市|省|区)[\u4e00-\u9fff]{0,8}?(?:行政中心|会议中心|中心|大厦|宾馆|酒店|会议室|礼堂|大楼|广场|会堂)"
)
_VENUE_LEVEL = {"县": "county", "市": "city", "省": "province", "区": "district"}
_LOCAL = re.compile(r"在(?:我市|本市|我省|我县|本县|我区)")


@dataclass
class EventHit:
    type: str
    agreement_kind: str | None = None
    date: str | None = None
    place: Place | None = None
    place_span: tuple[int, int] | None = None
    parties: list[str] = field(default_factory=list)
    participants: dict[str, str] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)
    confidence: float = 0.5
    span: tuple[int, int] | None = None
    party_source: list[str] = field(default_factory=list)
    """How each party was found (parallel to ``parties``): joined (X与Y), person (a participant's org),
    committee (the government a committee stands for)."""


class EventReader:
    def __init__(self, res: Resources, places: Places) -> None:
        self._text = ""
        self._sources: dict[str, str] = {}
        self.res = res
        self.places = places
        ev = res.events
        self.types = {k: [re.compile(p) for p in v] for k, v in (ev.get("types") or {}).items()}
        self.kinds = [(k, [re.compile(p) for p in v]) for k, v in (ev.get("agreement_kinds") or {}).items()]
        self.subject_roles = [
            (role, re.compile("|".join(f"(?:{p})" for p in pats)))
            for role, pats in (ev.get("roles_subject") or {}).items()
        ]
        self.object_roles = [
            (role, re.compile("|".join(f"(?:{p})" for p in pats)))
            for role, pats in (ev.get("roles_object") or {}).items()
        ]

    # -- type ------------------------------------------------------------
    def _first(self, kind: str, text: str) -> re.Match[str] | None:
        hits = [m for p in self.types.get(kind, []) for m in [p.search(text)] if m]
        return min(hits, key=lambda m: m.start()) if hits else None

    def classify(self, title: str, lead: str, body: str) -> tuple[str | None, float]:
        for text, conf in ((title, 0.8), (lead, 0.7)):
            if not text:
                continue
            if self._first("conference", text):
                return "meeting", conf
            if self._first("agreement", text):
                return "agreement", conf
            if self._first("project", text):
                return "project", conf
        for text, conf in ((title, 0.7), (lead, 0.6)):
            if not text:
                continue
            visit, meet = self._first("visit", text), self._first("meeting", text)
            if visit or meet:
                kind = "visit" if visit and (not meet or visit.start() < meet.start()) else "meeting"
                if re.search(r"(?:期间|会谈中|会见中|活动中|会上|仪式上)[^。]{0,20}(?:签署|签订)", body):
                    return "agreement", conf - 0.1
                return kind, conf
        if self._first("other", title + lead):
            return "other", 0.4
        return None, 0.0

    def agreement_kind(self, text: str) -> str:
        for kind, pats in self.kinds:
            if any(p.search(text) for p in pats):
                return kind
        return "other"

    # -- the event ---------------------------------------------------------
    def read(
        self,
        doc: ZhDoc,
        people: list[PersonHit],
        table: OrgTable,
        doc_places: list[Place],
        pub: dt.date | None,
        pub_month: tuple[int, int] | None,
        context_month: int | None,
    ) -> EventHit | None:
        f = doc.f
        title = f[doc.title[0] : doc.title[1]] if doc.title else ""
        body_sents = [
            s for s in doc.sentences if s[0] >= doc.body_start and (not doc.title or s != doc.title)
        ]
        mentions = zh_dates.find_dates(f[doc.body_start :], pub, pub_month, context_month)
        lead = body_sents[0] if body_sents else (0, 0)
        for need_explicit in (True, False):
            dated = [
                s
                for s in body_sents[:5]
                if any(
                    s[0] <= doc.body_start + d.start < s[1] and (d.explicit or not need_explicit)
                    for d in mentions
                )
            ]
            if dated:
                lead = dated[0]
                break
        lead_text = f[lead[0] : lead[1]]
        body = f[doc.body_start :]
        etype, conf = self.classify(title, lead_text, body)
        if etype is None:
            return None
        event = EventHit(type=etype, confidence=conf, span=lead)
        trigger_pos = self._trigger_pos(etype, lead_text)
        event.date = _pick_date(
            [d for d in mentions if lead[0] <= doc.body_start + d.start < lead[1]],
            lead[0] - doc.body_start + trigger_pos,
        )
        event.place, event.place_span = self._place(doc, lead, title, etype, doc_places)
        if etype == "agreement":
            around = " ".join([lead_text, title] + [f[s:e] for s, e in body_sents if "协议" in f[s:e]][:2])
            event.agreement_kind = self.agreement_kind(around)
        event.participants = self.roles(doc, people, etype)
        self._sources: dict[str, str] = {}
        event.parties = self.parties(doc, table, people, event, lead, title)
        event.party_source = [self._sources.get(n, "person") for n in event.parties]
        return event

    def _trigger_pos(self, etype: str, text: str) -> int:
        key = {"meeting": ["conference", "meeting"]}.get(etype, [etype])
        hits = [m.start() for k in key for m in [self._first(k, text)] if m]
        return min(hits) if hits else len(text)

    def _place(
        self, doc: ZhDoc, lead: tuple[int, int], title: str, etype: str, doc_places: list[Place]
    ) -> tuple[Place | None, tuple[int, int] | None]:
        f = doc.f
        spans = [lead, doc.title] if doc.title else [lead]
        for start, end in spans:
            if _LOCAL.search(f, start, end):
                city = dominant(doc_places, "city")
                if city is not None:
                    return city, None
            for m in _PLACE_AFTER.finditer(f, start, end):
                name = m.group(1)
                if name in self.res.not_places:
                    continue
                tok = doc.tokens[doc.token_at(m.start(1))]
                if (
                    self.places.lookup(name) is None
                    and tok[0] == m.start(1)
                    and tok[3] == "ns"
                    and tok[1] < m.end(1)
                    and tok[2] not in self.res.not_places
                ):
                    return self.places.lookup(tok[2], trusted=True), (tok[0], tok[1])
                if len(name) == 1 and name in self.res.abbreviations:
                    full = self.res.abbreviations[name]
                    return self.places.lookup(full) or Place(full, full, None, full), m.span(1)
                place = self.places.lookup(name)
                if place is None and len(name) >= 2:
                    tok = doc.tokens[doc.token_at(m.start(1))]
                    if tok[0] == m.start(1) and tok[1] == m.end(1) and tok[3] == "ns":
                        place = Place(name, name, None, None)
                if place is not None:
                    return place, m.span(1)
            if _LOCAL.search(f, start, end):
                city = dominant(doc_places, "city")
                if city is not None:
                    return city, None
            venue = _LEVEL_VENUE.search(f, start, end)
            if venue:
                level = _VENUE_LEVEL[venue.group(1)]
                local = dominant(doc_places, level) or (dominant(doc_places, "district") if level == "county" else None)
                if local is not None:
                    return local, None
            subject = _PLACE_SUBJECT.match(f[start:end])
            if subject:
                place = self.places.lookup(subject.group(1))
                if place is not None and place.level in ("city", "county", "province", "district"):
                    return place, (start + subject.start(1), start + subject.end(1))
        if etype in ("visit", "project"):
            city = dominant(doc_places, "county") or dominant(doc_places, "city")
            if city is not None:
                return city, None
        return None, None

    # -- roles -------------------------------------------------------------
    def roles(self, doc: ZhDoc, people: list[PersonHit], etype: str) -> dict[str, str]:
        f = doc.f
        occ: list[tuple[int, int, str]] = []
        for p in people:
            if p.positions and all(self.res.titles.get(x.title, {}).get("no_org") for x in p.positions):
                continue  # 习近平总书记: cited, not present
            chain_ends = {e: s for s, e in p.chain_spans}
            for s, e in p.spans:
                occ.append((chain_ends.get(e, s), e, p.name))
        occ.sort()
        best: dict[str, str] = {}

        def give(name: str, role: str) -> None:
            old = best.get(name)
            if old is None or ROLE_ORDER.index(role) < ROLE_ORDER.index(old):
                best[name] = role

        for start, end in doc.sentences:
            if start < doc.body_start:
                continue
            here = [o for o in occ if start <= o[0] and o[1] <= end]
            if not here:
                continue
            first_group = self._group_before(f, here, here[-1][1] + 1, start, allow_gap=10**6)
            for role, pattern in self.subject_roles:
                for m in pattern.finditer(f, start, end):
                    group = self._group_before(f, here, m.start(), start, titles=self.res.title_re)
                    if not group:
                        clause_start = max([start] + [c.end() for c in _CLAUSE.finditer(f, start, m.start())])
                        if re.match(r"\s*(?:并|并且|随后|还|共同|一同|同时)", f[clause_start : m.start()]):
                            group = self._group_at_start(f, here, start)
                    for name in group:
                        if role in ("host",) and f[self._end_of(here, name) :].startswith("一行"):
                            continue
                        give(name, role)
            for role, pattern in self.object_roles:
                for m in pattern.finditer(f, start, end):
                    clause_end = min([end] + [c.start() for c in _CLAUSE.finditer(f, m.end(), end)])
                    for s, e, name in here:
                        if m.end() <= s and e <= clause_end:
                            give(name, role)
            for _s, e, name in here:
                if f[e : e + 2] == "一行":
                    give(name, "visitor")
            del first_group
        return best

    @staticmethod
    def _end_of(here: list[tuple[int, int, str]], name: str) -> int:
        return next((e for s, e, n in here if n == name), 0)

    @staticmethod
    def _group_before(
        f: str,
        here: list[tuple[int, int, str]],
        pos: int,
        sent_start: int,
        allow_gap: int = 14,
        titles: re.Pattern[str] | None = None,
    ) -> list[str]:
        """The people written just before ``pos``, joined by 、/，/与: the verb's subject."""
        before = [o for o in here if o[1] <= pos]
        if not before:
            return []
        last = before[-1]
        gap = f[last[1] : pos]
        if re.fullmatch(r"[，,、]?\s*(?:以及|及|和|等)[^，,。；;]{0,20}", gap):
            gap = ""
        if len(gap) > allow_gap or re.search(r"[。；;]", gap) or (len(gap) > 3 and re.search(r"[，,]", gap)):
            return []
        group = [last[2]]
        cur_start = last[0]
        for o in reversed(before[:-1]):
            if o[1] <= cur_start and (
                _CONNECT.match(f[o[1] : cur_start]) or titles is not None and _title_gap(f[o[1] : cur_start], titles)
            ):
                group.append(o[2])
                cur_start = o[0]
            elif o[1] > cur_start:
                continue
            else:
                break
        return group

    @staticmethod
    def _group_at_start(f: str, here: list[tuple[int, int, str]], sent_start: int) -> list[str]:
        """The people a sentence opens with (its subject), for a later verb without its own subject."""
        group: list[str] = []
        cur_end = None
        for s, e, name in here:
            if cur_end is None:
                if len(f[sent_start:s]) > 12 and not re.search(r"[，,]\s*$", f[sent_start:s]):
                    return []
            elif not _CONNECT.match(f[cur_end:s]) and not re.fullmatch(
                r"[^，,。]{0,4}(?:与|和|同)", f[cur_end:s]
            ):
                break
            group.append(name)
            cur_end = e
        return group

    # -- parties -----------------------------------------------------------
    def parties(
        self,
        doc: ZhDoc,
        table: OrgTable,
        people: list[PersonHit],
        event: EventHit,
        lead: tuple[int, int],
        title: str,
    ) -> list[str]:
        f = doc.f
        self._text = f
        sides: list[str] = []
        if event.type == "agreement":
            spans = (
                [lead]
                + ([doc.title] if doc.title else [])
                + [s for s in doc.sentences if re.search(r"签署|签订|签约", f[s[0] : s[1]])]
            )
            for span in spans:
                sides = self._joined_orgs(doc, table, span)
                if len(sides) >= 2:
                    break
            for name in sides:
                self._sources[name] = "joined"
            if len(sides) < 2:
                sides = self._orgs_of(people, table, event, ("signatory",)) or sides
        if len(sides) < 2:
            extra = self._joined_orgs(doc, table, lead) if event.type != "agreement" else []
            for name in extra:
                self._sources.setdefault(name, "joined")
            for org in extra + self._orgs_of(
                people, table, event, ("signatory", "witness", "host", "visitor")
            ):
                if org not in sides:
                    sides.append(org)
        return self._governments_for_committees(table, sides, event.type)[:4]

    def _governments_for_committees(self, table: OrgTable, sides: list[str], etype: str) -> list[str]:
        """A party committee stands in a signing for its place's government (the government signs);
        at a meeting or visit the government named in the text comes along with it."""
        out: list[str] = []
        for name in sides:
            org = table.find(name)
            gov = None
            if org is not None and org.key.startswith("party:"):
                gov = table.by_key.get("gov:" + org.key.split(":", 1)[1])
                if gov is not None and not gov.listed:
                    gov = None
                if gov is None and etype == "agreement":
                    gov = self._place_as_government(table, org.key.split(":", 1)[1])
            if gov is None:
                if name not in out:
                    out.append(name)
                continue
            if etype != "agreement" and name not in out:
                out.append(name)
            if gov.name not in out:
                out.append(gov.name)
                self._sources.setdefault(gov.name, "committee")
        return out

    def _place_as_government(self, table: OrgTable, core: str) -> Org | None:
        """孝感市委书记 signs for 孝感: the city stands for its government (RECORD.md), named as written."""
        place = self.places.lookup(core)
        if place is None:
            return None
        text = self._text
        forms = [core + LEVEL_CHAR.get(place.level or "", ""), core]
        for form in forms:
            pos = text.find(form)
            if pos >= 0:
                return table.add(form, "government", (pos, pos + len(form)), key="gov:" + core)
        return None

    def _joined_orgs(self, doc: ZhDoc, table: OrgTable, span: tuple[int, int]) -> list[str]:
        """X与Y(、Z)签署: the organizations (or places, standing for their governments) joined by 与/和/同."""
        f = doc.f
        start, end = span
        hits: list[tuple[int, int, str]] = []
        for org in table.by_key.values():
            for s, e in org.spans:
                if start <= s and e <= end:
                    hits.append((s, e, org.key))
        for m in re.finditer(
            r"(?<=[与和同、])([\u4e00-\u9fff]{2,12}?)(?=在|签|就|共同|举行|开展|达成|进行|座谈|会谈|，|,|。|$)"
            r"|([\u4e00-\u9fff]{2,12}?)(?=与|同)",
            f[start:end],
        ):
            s = start + m.start()
            name = m.group(0)
            left = doc.left_boundary(s + len(name), limit=12)
            name = f[left : s + len(name)]
            if any(a <= left < b or a < left + len(name) <= b for a, b, _ in hits):
                continue
            place = self.places.lookup(name)
            if place is not None and place.level in ("city", "county", "province", "district", "prefecture"):
                org = table.add(name, "government", (left, left + len(name)), listed=True)
                hits.append((left, left + len(name), org.key))
        hits.sort()
        best: list[str] = []
        run: list[str] = []
        prev_end = None
        for s, e, key in hits:
            if prev_end is not None and s >= prev_end and _JOIN_GAP.fullmatch(f[prev_end:s]):
                if key not in run:
                    run.append(key)
            else:
                if len(run) > len(best):
                    best = run
                run = [key]
            prev_end = e
        if len(run) > len(best):
            best = run
        return [table.by_key[k].name for k in best] if len(best) >= 2 else []

    def _orgs_of(
        self, people: list[PersonHit], table: OrgTable, event: EventHit, roles: tuple[str, ...]
    ) -> list[str]:
        out: list[str] = []
        by_name = {p.name: p for p in people}
        for role in roles:
            for name, r in event.participants.items():
                if r != role or name not in by_name:
                    continue
                for pos in by_name[name].positions[:2]:
                    org = table.find(pos.org)
                    if org is not None and org.listed and org.name not in out:
                        out.append(org.name)
                        break
        return out


def _title_gap(gap: str, titles: re.Pattern[str]) -> bool:
    """'，县领导' between two enumerated people: a separator and a title or descriptor of the next ones."""
    m = re.fullmatch(r"[\s、，,]+(?:[省市县区])?([\u4e00-\u9fff]{1,8})", gap)
    return bool(m and titles.fullmatch(m.group(1)))


def _pick_date(mentions: list[zh_dates.DateMention], trigger: int) -> str | None:
    explicit = [d for d in mentions if d.value and d.explicit]
    pool = explicit or [d for d in mentions if d.value]
    if not pool:
        return None
    before = [d for d in pool if d.start <= trigger]
    return (before[-1] if before else pool[0]).value
