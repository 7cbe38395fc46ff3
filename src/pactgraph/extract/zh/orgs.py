"""Organizations: found by their endings (集团, 有限公司, 人民政府, 管委会 ...), by known short
forms, and as the organization before a title; merged into one entry per body with
every written form as an alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pactgraph.extract.zh.analysis import PUNCT, ZhDoc
from pactgraph.extract.zh.places import Places
from pactgraph.extract.zh.resources import Resources, alternation

LEGAL = re.compile(
    r"(?:集团股份有限公司|集团有限责任公司|集团有限公司|股份有限公司|有限责任公司|有限公司|集团公司|股份公司|公司)$"
)
# trade words that are no name on their own (what remains of 氢能科技有限公司 without its head)
_SECTOR_HEADS = frozenset(
    ["氢能", "新能源", "能源", "电力", "光伏", "储能", "风电", "核电", "清洁能源", "绿色能源", "智慧能源", "材料",
     "新材料", "电气", "电子", "环保", "智能", "数字", "信息", "工程", "建设", "装备", "动力", "电池", "碳"]
)
TRADE_WORDS = re.compile(r"(?:科技|技术|新能源|能源|电力|控股|实业|发展|投资|集团|股份)$")
GROUP = re.compile(r"(?:集团|控股|股份)$")
SHORT_FORM = re.compile(r"(?:以下简称|下称|简称)\s*[:：]?\s*[“\"「『']([^”\"」』']{2,12})[”\"」』']")
# A local body named by its level only (省委, 市政府, 县人大常委会): it belongs to the place of the
# body enumerated just before it (宿迁市委、市政府) or to the article's own place of that level.
BARE_LEVELS = (("自治区", "province"), ("省", "province"), ("市", "city"), ("县", "county"), ("区", "district"))
BARE_BODIES = (
    ("人民政府", "gov", "government"),
    ("政府", "gov", "government"),
    ("人大常委会", "congress", "government"),
    ("政协", "cppcc", "government"),
    ("党委", "party", "party"),
    ("委", "party", "party"),
)
BARE_LOCAL = re.compile(
    "(?:" + "|".join(h for h, _ in BARE_LEVELS) + ")(?:" + "|".join(b for b, _, _ in BARE_BODIES) + ")$"
)
# 各级党委, 有关部门: plural or vague references, never one body
VAGUE = re.compile(r"各级|各地|有关|相关|地方|部分")
GOV_BODIES = (
    ("人民政府", "gov"),
    ("政府", "gov"),
    ("人大常委会", "congress"),
    ("人大", "congress"),
    ("政协", "cppcc"),
    ("市委", "party"),
    ("省委", "party"),
    ("县委", "party"),
    ("区委", "party"),
    ("州委", "party"),
    ("党委", "party"),
)


@dataclass
class Org:
    key: str
    name: str
    kind: str
    forms: dict[str, None] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)
    listed: bool = False
    entry: Any = None  # knowledge-base entry, when found

    @property
    def count(self) -> int:
        return len(self.spans)


class OrgTable:
    """The organizations of one document, keyed so that every form of one body meets."""

    def __init__(self, places: Places) -> None:
        self.places = places
        self.by_key: dict[str, Org] = {}
        self.form_key: dict[str, str] = {}
        self.known: dict[str, tuple[str, str]] = {}
        """Known forms (lexicon, knowledge base) -> (canonical name, kind), set by :class:`OrgFinder`."""

    def gov_key(self, name: str) -> tuple[str, str] | None:
        """('gov', '威海') for 威海市人民政府, 威海市政府 and 威海市 standing for its government."""
        for body, kind in GOV_BODIES:
            if name.endswith(body) and len(name) > len(body):
                place = self.places.lookup(name[: -len(body)])
                if place is not None:
                    return kind, place.core
        return None

    def add(
        self,
        name: str,
        kind: str,
        span: tuple[int, int] | None,
        *,
        listed: bool = True,
        key: str | None = None,
    ) -> Org:
        if key is None:
            key = self.form_key.get(name)
        if key is None and name in self.known:
            key = "known:" + self.known[name][0]
        if key is None:
            gk = self.gov_key(name)
            key = f"{gk[0]}:{gk[1]}" if gk else "org:" + GROUP.sub("", LEGAL.sub("", name))
        org = self.by_key.get(key)
        if org is None:
            org = self.by_key[key] = Org(key=key, name=name, kind=kind)
        if len(name) > len(org.name):
            org.name = name
        org.forms.setdefault(name, None)
        self.form_key.setdefault(name, key)
        if span is not None and span not in org.spans:
            org.spans.append(span)
        org.listed = org.listed or listed
        return org

    def find(self, name: str | None) -> Org | None:
        if not name:
            return None
        key = self.form_key.get(name)
        if key is None:
            gk = self.gov_key(name)
            if gk is None:
                place = self.places.lookup(name)
                gk = ("gov", place.core) if place is not None else None
            key = f"{gk[0]}:{gk[1]}" if gk else None
        return self.by_key.get(key) if key else None

    def main_company(self) -> Org | None:
        companies = [o for o in self.by_key.values() if o.kind == "company" and o.listed]
        return max(companies, key=lambda o: (o.count, len(o.name)), default=None)


class OrgFinder:
    """Compiled organization patterns (known names from the lexicon and the knowledge base)."""

    def __init__(self, res: Resources) -> None:
        self.res = res
        self.known: dict[str, tuple[str, str]] = {}  # form -> (canonical, kind)
        for item in res.known_orgs:
            for form in [item["name"], *(item.get("aliases") or [])]:
                self.known[str(form)] = (str(item["name"]), str(item.get("kind") or "company"))
        self.kb = _knowledge_base()
        if self.kb is not None:
            for entry in self.kb:
                zh_names = [
                    n for n in [entry.name_zh, *entry.aliases] if n and re.search(r"[\u4e00-\u9fff]", n)
                ]
                canonical = entry.name_zh or zh_names[0] if zh_names else None
                for form in zh_names:
                    if len(form) >= 2 and form not in self.known and canonical:
                        self.known[form] = (canonical, _kb_kind(entry.kind))
        self.known_re = re.compile(alternation(list(self.known))) if self.known else None

    def kind_of(self, name: str) -> str:
        for suffix, kind in sorted(self.res.org_suffixes.items(), key=lambda kv: -len(kv[0])):
            if name.endswith(suffix):
                return kind
        return "company"

    def is_media(self, name: str) -> bool:
        return name.endswith(self.res.media_suffixes)

    def english_name(self, names: list[str]) -> tuple[str | None, Any]:
        if self.kb is None:
            return None, None
        for name in names:
            entry = self.kb.find(name)
            if entry is not None:
                return entry.name_en, entry
        return None, None

    def find(self, doc: ZhDoc, table: OrgTable, blocked: list[tuple[int, int]]) -> None:
        """Add every organization mention of the text to ``table``; ``blocked`` are title spans."""
        f = doc.f
        res = self.res
        table.known = self.known
        found: list[tuple[int, int]] = []

        def inside(start: int, end: int) -> bool:
            return any(s <= start and end <= e and (s, e) != (start, end) for s, e in found)

        for m in res.org_suffix_re.finditer(f):
            if any(s < m.end() and m.start() < e for s, e in blocked):
                continue
            left = doc.left_boundary(m.start(), limit=22)
            if res.title_re.match(f, m.end()):
                found.append((left, m.end()))  # 威海市委书记: the title rules read it
                continue
            name = f[left : m.end()]
            suffix = m.group(0)
            for d in res.org_descriptors:
                cut = name.rfind(d)
                if cut >= 0 and cut + len(d) < len(name) - len(suffix):
                    left += cut + len(d)
                    name = f[left : m.end()]
            if VAGUE.search(name):
                continue
            # 市委市政府, 县委、县政府: two bodies; this match is the second one
            joint = re.search(r"委[、和及与]?(?=(?:自治区|省|市|县|区)?(?:人民政府|政府)$)", name)
            if joint:
                left += joint.end()
                name = f[left : m.end()]
            left, name = self._drop_false_place(doc, table, left, name)
            left, name = self._distinctive_head(doc, left, m.end(), name)
            bare = self._bare_key(table, name)
            if bare is not None:
                found.append((left, m.end()))
                table.add(name, bare[1], (left, m.end()), key=bare[0])
                continue
            if suffix == "局" and f[m.end() : m.end() + 1] in ("面", "势", "限"):
                continue  # 新局面, 局势
            if suffix == "局" and name[-2:] in (
                "布局",
                "格局",
                "大局",
                "全局",
                "结局",
                "开局",
                "变局",
                "时局",
                "破局",
            ):
                continue
            if name in res.generic_refs or len(name) <= len(suffix):
                continue
            if suffix in res.weak_suffixes and len(name) - len(suffix) < 2:
                continue
            if self.is_media(name) or _credit_before(f, left):
                continue
            if re.search(r"\d", name) and not re.search(r"[A-Za-z]", name):
                continue
            kind = self.kind_of(name)
            found.append((left, m.end()))
            table.add(name, kind, (left, m.end()), key=self._known_key(name))
        if self.known_re is not None:
            for m in self.known_re.finditer(f):
                if inside(m.start(), m.end()) or any(s <= m.start() < e for s, e in found):
                    continue
                if any(s < m.end() and m.start() < e for s, e in blocked):
                    continue
                if _credit_before(f, m.start()) or not _on_token_edges(doc, m.start(), m.end()):
                    continue
                canonical, kind = self.known[m.group(0)]
                table.add(m.group(0), kind, (m.start(), m.end()), key="known:" + canonical)
        self._short_forms(doc, table)

    @staticmethod
    def _drop_false_place(doc: ZhDoc, table: OrgTable, left: int, name: str) -> tuple[int, str]:
        """崔枫林市委 -> 市委, 落实省委 -> 省委: what stands before a level word must be a place, not the
        end of a person's name or a verb (a place the gazetteer knows always stays)."""
        m = re.match(r"(.+?)(?=(?:自治区|省|市|县)[\u4e00-\u9fff])", name)
        if not m:
            return left, name
        head = m.group(1)
        level_word = re.match(r"自治区|省|市|县", name[len(head) :])
        assert level_word is not None
        if _real_place(table.places, head + level_word.group(0)) or _real_place(table.places, head):
            return left, name
        cut = left + len(head)
        i = doc.token_at(left)
        while i < len(doc.tokens) and doc.tokens[i][0] < cut:
            if doc.tokens[i][3].startswith(("nr", "v", "i", "l", "d", "p", "c", "m", "r", "a")):
                return cut, name[len(head) :]
            i += 1
        return left, name

    def _distinctive_head(self, doc: ZhDoc, left: int, end: int, name: str) -> tuple[int, str]:
        """安徽明天氢能科技股份有限公司: a company name left with only trade words (氢能科技股份有限公司)
        lost its distinctive head at a word the left walk stops on (明天 reads as a time word); take
        up to two more tokens back, never punctuation, a verb or a function word."""
        if not LEGAL.search(name) or self.places_core is None:
            return left, name
        for step in range(3):
            core = TRADE_WORDS.sub("", LEGAL.sub("", name))
            while core != TRADE_WORDS.sub("", core):
                core = TRADE_WORDS.sub("", core)
            if left == 0 or len(core) >= 2 and core not in _SECTOR_HEADS and step == 0:
                return left, name
            if len(core) >= 2 and core not in _SECTOR_HEADS:
                # the head is back: a place written just before it belongs to the full name (安徽明天...)
                start, tok_end, word, flag = doc.tokens[doc.token_at(left - 1)]
                if tok_end == left and flag == "ns" and 2 <= len(word) <= 4:
                    return start, doc.f[start:end]
                return left, name
            start, tok_end, word, flag = doc.tokens[doc.token_at(left - 1)]
            if tok_end != left or any(ch in PUNCT for ch in word) or flag[:1] in ("v", "p", "c", "u", "x", "r"):
                return left, name
            left = start
            name = doc.f[left:end]
        return left, name

    @staticmethod
    def _bare_key(table: OrgTable, name: str) -> tuple[str, str] | None:
        """('bare:city:gov', 'government') for 市政府: resolved to a place by :meth:`resolve_bare`."""
        for head, level in BARE_LEVELS:
            if not name.startswith(head):
                continue
            rest = name[len(head) :]
            for body, key, kind in BARE_BODIES:
                if rest == body:
                    return f"bare:{level}:{key}", kind
        return None

    def resolve_bare(self, doc: ZhDoc, table: OrgTable, doc_places: list[Any]) -> None:
        """Give 市政府, 省委 ... the place of the body enumerated just before them (宿迁市委、市政府)
        or the article's own place of their level; unresolved ones are not listed."""
        from pactgraph.extract.zh.places import dominant

        f = doc.f
        for key in [k for k in table.by_key if k.startswith("bare:")]:
            org = table.by_key.pop(key)
            _, level, body_key = key.split(":")
            for span in sorted(org.spans):
                core = None
                for other in table.by_key.values():
                    if other.key.startswith("bare:") or ":" not in other.key:
                        continue
                    if any(
                        0 <= span[0] - e <= 1 and re.fullmatch(r"[、和及与]?", f[e : span[0]]) for _, e in other.spans
                    ):
                        kind_key, _, place_core = other.key.partition(":")
                        if kind_key in ("gov", "party", "congress", "cppcc"):
                            core = place_core
                            break
                if core is None:
                    place = dominant(doc_places, level)
                    core = place.core if place is not None else None
                form = f[span[0] : span[1]]
                if core is None:
                    table.add(form, org.kind, span, listed=False, key=key)
                    continue
                new_key = f"{body_key}:{core}"
                table.form_key[form] = new_key
                table.add(form, org.kind, span, key=new_key)

    def _known_key(self, name: str) -> str | None:
        if name in self.known:
            return "known:" + self.known[name][0]
        return None

    def _short_forms(self, doc: ZhDoc, table: OrgTable) -> None:
        """远景能源 for 远景能源有限公司, and '(以下简称“中国宝武”)': other written forms become aliases."""
        f = doc.f
        for m in SHORT_FORM.finditer(f):
            before = [o for o in table.by_key.values() if any(0 <= m.start() - e <= 3 for _, e in o.spans)]
            if before:
                short = m.group(1)
                table.add(short, before[0].kind, None, key=before[0].key)
                for s in _occurrences(f, short):
                    before[0].spans.append(s)
        for org in list(table.by_key.values()):
            if org.kind != "company":
                continue
            for form in list(org.forms):
                for short in _short_candidates(form, self.places_core):
                    if short in table.form_key or len(short) < 2:
                        continue
                    spans = [
                        s for s in _occurrences(f, short) if not any(a <= s[0] < b for a, b in org.spans)
                    ]
                    if spans:
                        table.add(short, org.kind, None, key=org.key)
                        org.spans.extend(spans)

    places_core: Any = None


def _occurrences(text: str, word: str) -> list[tuple[int, int]]:
    out, pos = [], text.find(word)
    while pos >= 0:
        out.append((pos, pos + len(word)))
        pos = text.find(word, pos + len(word))
    return out


def _short_candidates(name: str, strip_place: Any) -> list[str]:
    base = LEGAL.sub("", name)
    out = [base] if base != name else []
    trimmed = TRADE_WORDS.sub("", base)
    if trimmed != base:
        out.append(trimmed)
    for form in list(out):
        if form.startswith("中国") and len(form) > 3:
            out.append(form[2:])
        if strip_place is not None:
            stripped = strip_place(form)
            if stripped and stripped != form:
                out.append(stripped)
    return [o for o in dict.fromkeys(out) if len(o) >= 2 and o != name]


def _on_token_edges(doc: ZhDoc, start: int, end: int) -> bool:
    """A known short form counts only as whole words (能建 is not inside 甲能建设)."""
    first = doc.tokens[doc.token_at(start)]
    last = doc.tokens[doc.token_at(end - 1)]
    return first[0] == start and last[1] == end


def _credit_before(text: str, pos: int) -> bool:
    """A source credit or attribution just before: 来源:中南院, 图源中国能建, 据..."""
    window = text[max(0, pos - 4) : pos]
    return bool(re.search(r"(?:来源|图源|稿源|出处|转自|记者)\s*[:：]?\s*$", window))


def _real_place(places: Places, name: str) -> bool:
    """A division the gazetteer knows (not only a name that ends in a level word)."""
    place = places.lookup(name)
    return place is not None and (place.code is not None or place.core in places.province_full)


def _kb_kind(kind: str) -> str:
    return kind if kind in ("company", "government", "party", "association", "other") else "company"


def _knowledge_base() -> Any:
    """The shared knowledge base, when that package is there (English names, more short forms)."""
    try:
        from pactgraph.resolve.kb import KnowledgeBase
    except ImportError:
        return None
    return KnowledgeBase.default()
