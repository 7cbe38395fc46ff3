"""Places in Chinese text: what is a place, its level and province, and the article's own place.

The shared gazetteer (``pactgraph.extract.shared.places``) knows the divisions;
where it does not know a name, a province table and the administrative suffixes
(省/市/县/区/州/旗/盟) still tell places apart, only ``admin1`` stays unknown.
:data:`RULES` say how Chinese text writes place names, for the gazetteer's text scan.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pactgraph.extract.shared.places import Entry, Gazetteer, to_simplified, trie_regex
from pactgraph.extract.zh.resources import Resources

LEVEL_SUFFIXES = (
    ("特别行政区", "province"),
    ("自治区", "province"),
    ("省", "province"),
    ("自治州", "prefecture"),
    ("地区", "prefecture"),
    ("盟", "prefecture"),
    ("市", "city"),
    ("州", "prefecture"),
    ("自治县", "county"),
    ("县", "county"),
    ("旗", "county"),
    ("区", "district"),
    ("镇", "town"),
    ("乡", "town"),
)
_COMPONENT = re.compile(r".{2,}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|州|盟|县|旗|区)")
MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}
LEVEL_CHAR = {
    "province": "省",
    "city": "市",
    "county": "县",
    "district": "区",
    "prefecture": "州",
    "town": "镇",
}


@dataclass
class Place:
    name: str
    core: str
    level: str | None
    admin1: str | None
    country: str | None = "CN"
    code: str | None = None


class Places:
    """Place look-ups for one process (the gazetteer is loaded once)."""

    def __init__(self, res: Resources) -> None:
        self.res = res
        self.gaz = Gazetteer.default()
        self.province_full = dict(res.provinces)
        self.province_of_full = {v: k for k, v in res.provinces.items()}
        self._cache: dict[str, Place | None] = {}

    def core(self, name: str) -> tuple[str, str | None]:
        """'孝感市' -> ('孝感', 'city'); '新疆维吾尔自治区' -> ('新疆', 'province')."""
        if name in self.province_of_full:
            return self.province_of_full[name], "province"
        if name in self.province_full:
            return name, "city" if name in MUNICIPALITIES else "province"
        for suffix, level in LEVEL_SUFFIXES:
            if not name.endswith(suffix) or len(name) <= len(suffix):
                continue
            base = name[: -len(suffix)]
            if len(base) == 1:  # 杭州, 郑州: the 州 is part of the name
                return (name, "city") if suffix == "州" else (name, None)
            if base in self.province_full:
                return base, "city" if base in MUNICIPALITIES and level == "city" else "province"
            return base, level
        return name, None

    def components(self, name: str) -> list[str]:
        """'山西省晋中市和顺县' -> ['山西省', '晋中市', '和顺县']."""
        out = _COMPONENT.findall(name)
        rest = name[sum(len(c) for c in out) :]
        if rest:
            out.append(rest)
        return out or [name]

    def lookup(self, name: str, context: list[str] | None = None, *, trusted: bool = False) -> Place | None:
        """A place named ``name`` (folded), or None; ``trusted`` names (jieba's ``ns``) pass as cities
        when nothing says otherwise."""
        if not name or len(name) > 14:
            return None
        key = ("+" if trusted else "") + name
        if key in self._cache:
            return self._cache[key]
        place = self._lookup(name, context or [])
        if (
            place is None
            and trusted
            and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name)
            and name not in self.res.not_places
        ):
            place = Place(name=name, core=name, level="city", admin1=None)
        self._cache[key] = place
        return place

    def _lookup(self, name: str, context: list[str]) -> Place | None:
        comps = self.components(name)
        last = comps[-1]
        core, level = self.core(last)
        admin1 = None
        first_core, first_level = self.core(comps[0])
        if first_level == "province" or first_core in self.province_full:
            admin1 = first_core
        if core in self.province_full and (level in (None, "province") or core in MUNICIPALITIES):
            return Place(
                name=name, core=core, level="city" if core in MUNICIPALITIES else "province", admin1=core
            )
        if self.gaz is not None:
            try:
                info = self.gaz.lookup(last, lang="zh", context=context)
            except (KeyError, ValueError):
                info = None
            if info is not None:
                return Place(
                    name=name,
                    core=core,
                    level=level
                    or {"prefecture": "city"}.get(getattr(info, "level", "") or "")
                    or getattr(info, "level", None),
                    admin1=admin1 or getattr(info, "admin1_zh", None),
                    country=getattr(info, "country", "CN") or "CN",
                    code=getattr(info, "code", None),
                )
            if level is None:
                return None
        if (
            level is None
            or not re.fullmatch(r"[\u4e00-\u9fff]{2,12}", name)
            or len(core) < 2
            and level != "county"
        ):
            return None
        return Place(name=name, core=core, level=level, admin1=admin1)

    def is_place(self, name: str) -> bool:
        return self.lookup(name) is not None


def dominant(places: list[Place], level: str) -> Place | None:
    """The place of a level the article mentions most (its own city or province)."""
    counts = Counter(p.core for p in places if p.level == level)
    if not counts:
        return None
    core = counts.most_common(1)[0][0]
    return next(p for p in places if p.core == core and p.level == level)


class ChinesePlaceRules:
    """:class:`~pactgraph.extract.shared.places.TextRules` for Chinese (either script)."""

    key = "zh"
    joiner = re.compile(r"的?")

    def fold(self, text: str) -> str:
        return to_simplified(text)

    def compile(self, entries: Sequence[Entry]) -> tuple[re.Pattern[str], frozenset[str]]:
        """Full names (平顶山市) and short names (平顶山) unless the gazetteer flags them as ordinary words."""
        names: set[str] = set()
        for e in entries:
            if "zh_nofull" not in e.flags:
                names.update(n for n in e.names_zh if len(n) >= 2)
            if e.short_zh and len(e.short_zh) >= 2 and "zh_nobare" not in e.flags:
                names.add(e.short_zh)
        return re.compile("(" + trie_regex(sorted(names)) + ")"), frozenset(names)

    def accept(self, gaz: Gazetteer, text: str, start: int, end: int, names: frozenset[str]) -> int | None:
        while end - start >= 2:
            cur = text[start:end]
            nxt = text[end : end + 1]
            # 合作市场 is a market, 城区域 / 区块链 are not districts
            bad = (cur.endswith("市") and nxt == "场") or (cur.endswith("区") and nxt in "域块")
            if not bad and cur in names:
                return end
            end -= 1
        return None


RULES = ChinesePlaceRules()
