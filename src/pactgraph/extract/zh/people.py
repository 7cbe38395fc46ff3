"""People: names after titles (and after 领导-type descriptors), their positions, pinyin.

A name is 2-3 characters (4 with a compound surname) starting with a known
surname; where it ends is read from jieba's tokens and the words that usually
follow a name (表示, 一行, 、 ...). Every position gets the organization or
place written before its title, else one inherited from the same chain or
sentence, else the article's own city or province for 市长/省委书记-type titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pactgraph.extract.zh.analysis import PUNCT, ZhDoc
from pactgraph.extract.zh.orgs import Org, OrgTable
from pactgraph.extract.zh.places import LEVEL_CHAR, Place, Places, dominant
from pactgraph.extract.zh.resources import Resources
from pactgraph.extract.zh.titles import Chain, chains, title_matches

FOLLOW = re.compile(
    r"(?:一行|以及|等|表示|指出|说|在|与|和|同|及|出席|参加|主持|会见|会谈|致辞|代表|率|带队|对|为|向|介绍|强调|讲话|宣布|宣读|见证|签|"
    r"同志|先生|女士|认为|希望|感谢|欢迎|汇报|陪同|调研|考察|走访|拜会|拜访|赴|到|来|分别|共同|也|还|就|作|做|听取|实地|深入|一同|"
    r"率队|带领|首先|详细|充分|高度|热情|亲切|先后|专程|称|透露|视察|参观|指|的|了|已|于|从|现场|主动|随后|)"
)
NOT_NAMES = frozenset(
    [
        "双方",
        "各方",
        "三方",
        "一行",
        "同志",
        "领导",
        "有关",
        "相关",
        "主要",
        "各级",
        "全体",
        "等人",
        "部门",
        "单位",
        "代表",
        "负责",
        "成员",
    ]
)
BAD_CHARS = set("的了是在与等及为对将把被从向就也都又还并或但市省县区委局厅部司处科镇乡村党组")
GENERIC_COMPANY = {"公司", "集团公司", "集团", "本公司", "该公司", "本集团", "该集团", "企业"}
NO_LIST_BODIES = {
    "委",
    "市委",
    "省委",
    "县委",
    "区委",
    "党委",
    "政府",
    "人民政府",
    "市政府",
    "省政府",
    "县政府",
}
SPEECH_VERBS = re.compile(r"(?:表示|指出|说|强调|宣读|主持|致辞|介绍|汇报|认为|带队|讲话|宣布|希望|感谢)")
BYLINE = re.compile(r"(?:记者|文字|摄影|编辑|责编|通讯员|来源|图|文|作者|校对|审核|供稿)\s*[:：/]?\s*$")


@dataclass
class PositionHit:
    title: str
    org: str | None
    span: tuple[int, int]


@dataclass
class PersonHit:
    name: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    positions: list[PositionHit] = field(default_factory=list)
    chain_spans: list[tuple[int, int]] = field(default_factory=list)
    """(chain start, name end) of every titled mention: the person's full written form."""
    confidence: float = 0.8


class NameReader:
    def __init__(self, res: Resources) -> None:
        self.res = res

    def read(self, doc: ZhDoc, p: int) -> int | None:
        """End of a person's name starting at ``p``, or None."""
        f = doc.f
        if p >= len(f):
            return None
        if f[p : p + 2] in self.res.compound_surnames:
            sl = 2
        elif f[p] in self.res.surnames:
            sl = 1
        else:
            return None
        options = []
        for length in (sl + 1, sl + 2):
            cand = f[p : p + length]
            if len(cand) < length or not re.fullmatch(r"[\u4e00-\u9fff]+", cand):
                break
            if cand in NOT_NAMES:
                break
            if any(ch in BAD_CHARS for ch in cand[sl:]):
                # a function character ("向") is still a name character where jieba reads the given name
                # as a name ("叶|向东")
                given = doc.tokens[doc.token_at(p + sl)]
                if not (given[0] == p + sl and given[1] == p + length and given[3].startswith("nr")):
                    continue
            options.append(length)
        if not options:
            return None
        tok = doc.tokens[doc.token_at(p)]
        guessed = self._length(doc, p, options)
        if (
            tok[0] == p
            and tok[3].startswith("nr")
            and (tok[1] - p) in options
            and (guessed is None or guessed == tok[1] - p or self._fits(doc, tok[1]))
        ):
            length = tok[1] - p
        elif guessed is not None:
            length = guessed
        else:
            return None
        after = f[p + length : p + length + 1]
        if after and after in "市省县区州委局厅":
            return None
        if self.res.org_suffix_re.match(f, p + length) and not self.res.title_re.match(f, p + length):
            return None
        return p + length

    def _fits(self, doc: ZhDoc, end: int) -> bool:
        f = doc.f
        nxt = f[end : end + 1]
        follow = FOLLOW.match(f, end)
        return (
            not nxt
            or nxt in PUNCT
            or bool(follow and follow.group(0))
            or bool(self.res.title_re.match(f, end))
        )

    def _length(self, doc: ZhDoc, p: int, options: list[int]) -> int | None:
        f = doc.f

        def good_end(end: int) -> bool:
            nxt = f[end : end + 1]
            return (
                not nxt
                or nxt in PUNCT
                or bool(FOLLOW.match(f, end) and FOLLOW.match(f, end).group(0))
                or bool(self.res.title_re.match(f, end))
            )

        ends = [o for o in options if good_end(p + o)]
        if not ends:
            return None
        if len(ends) == 1:
            return ends[0]
        # both fit: 2 if the third character starts a jieba word of its own, else 3
        short = options[0]
        i = doc.token_at(p + short)
        tok = doc.tokens[i]
        if tok[0] == p + short and tok[1] - tok[0] >= 2:
            return short
        nxt = f[p + short : p + short + 1]
        if nxt and FOLLOW.match(f, p + short) and FOLLOW.match(f, p + short).group(0):
            return short
        return ends[-1]


class PeopleFinder:
    def __init__(self, res: Resources, places: Places) -> None:
        self.res = res
        self.places = places
        self.names = NameReader(res)

    def find(
        self, doc: ZhDoc, table: OrgTable, doc_places: list[Place]
    ) -> tuple[list[PersonHit], list[tuple[int, int]]]:
        """People with positions, and the spans of every title chain (kept out of organization matching)."""
        f = doc.f
        res = self.res
        matches = title_matches(doc, res)
        found = chains(doc, res, matches, lambda pos: self.names.read(doc, pos))
        people: dict[str, PersonHit] = {}
        blocked: list[tuple[int, int]] = []
        sentence_ctx: dict[str, object] = {"sentence": None, "company": None, "place": None, "org": None}
        for chain, name_start in found:
            name_end = self.names.read(doc, name_start)
            if name_end is None:
                continue
            if BYLINE.search(f[max(0, chain.start - 6) : chain.start]):
                continue
            sent = doc.sentence_of(chain.start)
            if sentence_ctx["sentence"] != sent:
                sentence_ctx.update(sentence=sent, company=None, place=None, org=None)
            positions = self._positions(doc, chain, table, doc_places, sentence_ctx)
            blocked.append((chain.start, chain.end))
            self._add(people, f[name_start:name_end], (name_start, name_end), positions, chain.start)
            # names enumerated after the first take the same titles: 副主席周金锋、黄曈山、李敏华
            end = name_end
            while f[end : end + 1] == "、":
                nxt = self.names.read(doc, end + 1)
                if nxt is None or res.title_re.match(f, nxt) and not FOLLOW.match(f, nxt).group(0):
                    break
                self._add(
                    people,
                    f[end + 1 : nxt],
                    (end + 1, nxt),
                    [PositionHit(p.title, p.org, p.span) for p in positions],
                    None,
                )
                end = nxt
        self._untitled(doc, people, table)
        self._all_mentions(doc, people)
        return list(people.values()), blocked

    def _add(
        self,
        people: dict[str, PersonHit],
        name: str,
        span: tuple[int, int],
        positions: list[PositionHit],
        chain_start: int | None,
    ) -> None:
        person = people.setdefault(name, PersonHit(name))
        if span not in person.spans:
            person.spans.append(span)
        if chain_start is not None:
            person.chain_spans.append((chain_start, span[1]))
        for pos in positions:
            if not any(p.title == pos.title and p.org == pos.org for p in person.positions):
                person.positions.append(pos)

    def _untitled(self, doc: ZhDoc, people: dict[str, PersonHit], table: OrgTable) -> None:
        """Names jieba knows as names, acting without a title (刘国秀宣读了...): people with no position."""
        f = doc.f
        for start, end, word, flag in doc.tokens:
            if not flag.startswith("nr") or word in people or not 2 <= len(word) <= 3:
                continue
            title = self.res.title_re.match(f, end)
            info = self.res.titles.get(title.group(0)) if title else None
            if self.names.read(doc, start) != end:
                continue
            if info is not None and info.get("no_org"):
                people[word] = PersonHit(
                    word,
                    [(start, end)],
                    [PositionHit(title.group(0), None, (start, title.end()))],
                    confidence=0.6,
                )
                continue
            if not SPEECH_VERBS.match(f, end):
                continue
            if BYLINE.search(f[max(0, start - 6) : start]) or f[start - 1 : start] in "(（":
                continue
            if table.find(word) is not None or self.places.lookup(word) is not None:
                continue
            people[word] = PersonHit(word, [(start, end)], confidence=0.5)

    def _all_mentions(self, doc: ZhDoc, people: dict[str, PersonHit]) -> None:
        f = doc.f
        for person in people.values():
            pos = f.find(person.name)
            while pos >= 0:
                span = (pos, pos + len(person.name))
                if span not in person.spans:
                    person.spans.append(span)
                pos = f.find(person.name, pos + 1)
            person.spans.sort()

    # -- positions -------------------------------------------------------
    def _positions(
        self, doc: ZhDoc, chain: Chain, table: OrgTable, doc_places: list[Place], ctx: dict[str, object]
    ) -> list[PositionHit]:
        f = doc.f
        res = self.res
        out: list[PositionHit] = []
        chain_org: str | None = None
        chain_place: Place | None = None
        extra = [f[s:e] for s, e in chain.extra_prefixes]
        for hit in chain.hits:
            title = hit.title
            info = res.titles.get(title)
            if info is None:  # a descriptor (领导): a person, no position
                if hit.prefix_start < hit.start:
                    self._prefix_org(f[hit.prefix_start : hit.start], (hit.prefix_start, hit.start), table)
                continue
            prefix = f[hit.prefix_start : hit.start]
            span = (hit.prefix_start, hit.end)
            orgs: list[str | None] = []
            for pre in [*extra, prefix] if extra and hit is chain.hits[0] else [prefix]:
                org, chain_org, chain_place = self._resolve(
                    pre,
                    title,
                    info,
                    table,
                    doc_places,
                    ctx,
                    chain_org,
                    chain_place,
                    (hit.prefix_start, hit.start),
                )
                orgs.append(org)
            if extra and hit is not chain.hits[0] and not prefix:
                # 能投集团、煤炭产业集团党委书记、董事长: later titles go to every listed organization
                orgs = [o.org for o in out if o.span[0] == chain.hits[0].prefix_start] or orgs
            if title.startswith("自治区党委"):
                title = title[3:]
            for org in orgs:
                out.append(
                    PositionHit(title, org, span if not extra else (chain.hits[0].prefix_start, hit.end))
                )
        return out

    def _resolve(
        self,
        prefix: str,
        title: str,
        info: dict,
        table: OrgTable,
        doc_places: list[Place],
        ctx: dict[str, object],
        chain_org: str | None,
        chain_place: Place | None,
        span: tuple[int, int],
    ) -> tuple[str | None, str | None, Place | None]:
        kind = info["kind"]
        level = info.get("level")
        body = info.get("body")
        if kind == "fixed":
            return info["org"], chain_org, chain_place
        if prefix in GENERIC_COMPANY:
            main = table.main_company()
            org = main.name if main else None
            ctx["company"] = org
            return org, org, chain_place
        if prefix:
            place = self.places.lookup(prefix)
            if place is None and kind in ("party", "government"):
                head = _level_word(body, level)
                if head:
                    place = self.places.lookup(prefix + head)
            if (
                place is not None
                and table.find(prefix) is None
                or place is not None
                and kind in ("party", "government")
            ):
                chain_place = place
                ctx["place"] = place
                if kind == "party" and body:
                    joined = _party_org(prefix, body)
                    table.add(joined, "party", span, listed=True)
                    return joined, chain_org, chain_place
                if kind == "government" and level:
                    return _with_level(prefix, place, level), chain_org, chain_place
                return prefix, chain_org, chain_place
            bare = self._bare_body(prefix, doc_places, chain_place)
            if bare is not None:
                name, listed = bare
                if listed:
                    table.add(name, "government", span, listed=True)
                return name, chain_org, chain_place
            org = self._prefix_org(prefix, span, table)
            if org is not None:
                if org.kind == "company":
                    ctx["company"] = org.name
                ctx["org"] = org.name
                return org.name, org.name, chain_place
            return None, chain_org, chain_place
        # no prefix: inherit, or the article's own place
        if kind == "party" and body and body not in ("党委", "党组", "纪委", "党总支", "党支部"):
            place = _at_level(chain_place, doc_places, level) if level else None
            if place is None:
                return body, chain_org, chain_place
            return _party_org(_with_level(place.core, place, level), body), chain_org, chain_place
        if kind == "government" and level:
            place = _at_level(chain_place or ctx.get("place"), doc_places, level)  # type: ignore[arg-type]
            return (_with_level(place.core, place, level) if place else None), chain_org, chain_place
        if info.get("no_org"):
            return None, chain_org, chain_place
        inherited = chain_org or ctx.get("company") or ctx.get("org")
        return inherited, chain_org, chain_place  # type: ignore[return-value]

    def _bare_body(
        self, prefix: str, doc_places: list[Place], chain_place: Place | None
    ) -> tuple[str, bool] | None:
        """省投促局, 市人大常委会, 自治区党委: a body named by level only, tied to the article's place."""
        for head, level in (
            ("自治区", "province"),
            ("省", "province"),
            ("市", "city"),
            ("县", "county"),
            ("区", "district"),
        ):
            if prefix.startswith(head) and len(prefix) > len(head) and self.res.org_suffix_re.search(prefix):
                rest = prefix[len(head) :]
                place = _at_level(chain_place, doc_places, level)
                listed = rest not in NO_LIST_BODIES and rest not in ("党委", "人民政府")
                if place is None:
                    return prefix, listed
                full = (
                    place.name
                    if place.level == level and place.name.endswith(head)
                    else (
                        self.places.province_full.get(place.core, place.core + head)
                        if level == "province"
                        else place.core + head
                    )
                )
                return full + rest, listed
        return None

    def _prefix_org(self, prefix: str, span: tuple[int, int], table: OrgTable) -> Org | None:
        known = table.find(prefix)
        if known is not None:
            return known
        if len(prefix) < 2 or prefix in self.res.generic_refs or any(ch in PUNCT for ch in prefix):
            return None
        if re.search(r"(?:部|办公室|办|中心|处|科|室)$", prefix) and not self.res.org_suffix_re.search(
            prefix[-3:]
        ):
            # an internal department: the position's org, not an organization of its own
            return Org(key="dept:" + prefix, name=prefix, kind="other")
        kind = "company"
        for suffix, k in sorted(self.res.org_suffixes.items(), key=lambda kv: -len(kv[0])):
            if prefix.endswith(suffix):
                kind = k
                break
        return table.add(prefix, kind, span, listed=True)


def _level_word(body: str | None, level: str | None) -> str | None:
    """The level word a title implies: 市委书记 -> 市, 自治区党委书记 -> 自治区, 副省长 -> 省."""
    if body:
        for head in ("自治区", "省", "市", "县", "区", "州", "旗", "盟"):
            if body.startswith(head):
                return head
    return LEVEL_CHAR.get(level) if level else None


def _party_org(place_name: str, body: str) -> str:
    """威海 + 市委 -> 威海市委; 威海市 + 市委 -> 威海市委; 新疆维吾尔自治区 + 党委 -> 新疆维吾尔自治区党委."""
    if body.startswith("自治区") and place_name.endswith("自治区"):
        return place_name + body[3:]
    if place_name.endswith(body[0]) and body[0] in "市省县区州旗盟":
        return place_name + body[1:]
    return place_name + body


def _with_level(name: str, place: Place, level: str) -> str:
    """The place written with its level word: 威海 -> 威海市, 江苏 -> 江苏省."""
    if name != place.core:
        return name
    if level == "province":
        return (
            {"北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市"}.get(
                place.core, place.core + "省"
            )
            if place.core not in ("内蒙古", "广西", "西藏", "宁夏", "新疆")
            else place.core
        )
    return place.core + LEVEL_CHAR.get(level, "")


def _at_level(place: Place | None, doc_places: list[Place], level: str | None) -> Place | None:
    if level is None:
        return None
    if place is not None and (place.level == level or level == "city" and place.level == "city"):
        return place
    if level == "province" and place is not None and place.admin1:
        return Place(name=place.admin1, core=place.admin1, level="province", admin1=place.admin1)
    found = dominant(doc_places, level)
    if found is None and level == "province":
        cities = dominant(doc_places, "city")
        if cities is not None and cities.admin1:
            return Place(name=cities.admin1, core=cities.admin1, level="province", admin1=cities.admin1)
    return found


def latin_name(name: str, readings: dict[str, str], compound: frozenset[str]) -> str:
    """戴厚良 -> 'Dai Houliang': pinyin with surname readings from a table (pypinyin reads 单 as 'dan')."""
    from pypinyin import Style, lazy_pinyin

    surname = name[:2] if name[:2] in compound else name[:1]
    given = name[len(surname) :]
    sur = readings.get(surname) or "".join(
        readings.get(ch) or lazy_pinyin(ch, style=Style.NORMAL, v_to_u=True)[0] for ch in surname
    )
    giv = "".join(lazy_pinyin(given, style=Style.NORMAL, v_to_u=True))
    return " ".join(part.capitalize() for part in (sur, giv) if part)
