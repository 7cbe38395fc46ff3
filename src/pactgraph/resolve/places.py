"""Places: one entity per administrative division (or named place), via the gazetteer.

The gazetteer (:class:`pactgraph.extract.shared.places.Gazetteer`) gives a
division code, province and coordinates. Where it is not installed or does not
know a name, the province table of the knowledge base resolves province names
and anything else keys on its normalised name within its province.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pactgraph.resolve.index import EntityIndex, EntityState
from pactgraph.resolve.names import has_cjk, place_key, to_simplified


@dataclass
class PlaceFacts:
    """What is known about a place name (the gazetteer's ``PlaceInfo`` fields)."""

    name_en: str | None
    name_zh: str | None
    level: str | None
    admin1_en: str | None
    admin1_zh: str | None
    country: str | None
    code: str | None
    lat: float | None = None
    lon: float | None = None


class PlaceLookup:
    """Gazetteer lookups with a province-table fallback; results cached."""

    def __init__(self, gazetteer: Any | None = None, provinces: list[dict[str, str]] | None = None) -> None:
        self._gazetteer = gazetteer
        self._gazetteer_loaded = gazetteer is not None
        self._cache: dict[tuple[str, str | None], PlaceFacts | None] = {}
        self._provinces: dict[str, dict[str, str]] = {}
        if provinces is None:
            from pactgraph.resolve.kb import KnowledgeBase

            provinces = getattr(KnowledgeBase.default(), "_provinces", [])
        for prov in provinces:
            for name in (prov["en"], prov["zh"], prov.get("zh_full", prov["zh"])):
                self._provinces[place_key(name)] = prov

    @property
    def gazetteer(self) -> Any | None:
        if not self._gazetteer_loaded:
            self._gazetteer_loaded = True
            try:
                from pactgraph.extract.shared.places import Gazetteer

                self._gazetteer = Gazetteer.default()
            except ImportError:
                self._gazetteer = None
        return self._gazetteer

    def province(self, name: str | None) -> dict[str, str] | None:
        return self._provinces.get(place_key(name)) if name else None

    def lookup(self, name: str, context: str | None = None) -> PlaceFacts | None:
        name = (name or "").strip()
        if not name:
            return None
        cache_key = (name, context)
        if cache_key in self._cache:
            return self._cache[cache_key]
        facts: PlaceFacts | None = None
        gaz = self.gazetteer
        if gaz is not None:
            try:
                info = gaz.lookup(name, context=(context,) if context else ())
            except TypeError:
                info = gaz.lookup(name)
            if info is not None:
                facts = PlaceFacts(**{f: getattr(info, f, None) for f in PlaceFacts.__dataclass_fields__})
        if facts is None:
            prov = self.province(name)
            if prov is not None:
                facts = PlaceFacts(
                    name_en=prov["en"],
                    name_zh=prov.get("zh_full", prov["zh"]),
                    level="province",
                    admin1_en=prov["en"],
                    admin1_zh=prov.get("zh_full", prov["zh"]),
                    country="CN",
                    code=None,
                )
        self._cache[cache_key] = facts
        return facts


_CN_PART = re.compile(
    r".+?(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|新区|地区|省|市|州|盟|县|区|旗)"
)


def split_chinese_place(text: str) -> list[str]:
    """``山西省晋中市和顺县`` -> ``['山西省', '晋中市', '和顺县']`` (a best effort split)."""
    parts = _CN_PART.findall(text)
    rest = text[sum(len(p) for p in parts) :]
    if rest:
        parts.append(rest)
    return parts


class PlaceResolver:
    """Resolves place names to place entities of an :class:`EntityIndex`."""

    def __init__(self, index: EntityIndex, lookup: PlaceLookup | None = None) -> None:
        self.index = index
        self.lookup = lookup or PlaceLookup()
        self._facts: dict[tuple[str, str | None], PlaceFacts | None] = {}

    def facts(self, name: str, admin1: str | None = None) -> PlaceFacts | None:
        key = (name, admin1)
        if key not in self._facts:
            self._facts[key] = self._find(name, admin1)
        return self._facts[key]

    def _find(self, name: str, admin1: str | None) -> PlaceFacts | None:
        name = to_simplified(name.strip())
        facts = self.lookup.lookup(name, context=admin1)
        if facts is None and has_cjk(name):
            parts = split_chinese_place(name)
            if len(parts) > 1:
                facts = self.lookup.lookup(parts[-1], context=admin1 or parts[0])
        return facts

    def resolve(self, name: str | None, admin1: str | None = None, country: str | None = None) -> int | None:
        """The place entity of a name (created when new), or None for an empty name."""
        if not name or not name.strip():
            return None
        facts = self.facts(name, admin1)
        if facts is not None and facts.code:
            key = f"place:{facts.country or 'CN'}:{facts.code}"
        elif facts is not None:
            key = f"place:name:{place_key(facts.name_en or facts.name_zh or name)}"
        else:
            key = f"place:name:{place_key(name)}"
        entity_id = self.index.by_key.get(key)
        if entity_id is None:
            state = self._create(key, name, facts, admin1, country)
            entity_id = state.id
        else:
            state = self.index.entities[entity_id]
            if state.province is None and admin1:
                prov = self.lookup.province(admin1)
                state.province = prov["en"] if prov else admin1
                state.province_zh = prov.get("zh_full") if prov else None
                self.index.touch(entity_id)
        self.index.add_name(entity_id, name, place_key(name))
        return entity_id

    def _create(
        self, key: str, name: str, facts: PlaceFacts | None, admin1: str | None, country: str | None
    ) -> EntityState:
        if facts is not None:
            display = facts.name_en or facts.name_zh or name
            state = self.index.create(
                "place",
                key,
                display,
                name_en=facts.name_en,
                name_zh=facts.name_zh,
                kind=facts.level,
                code=facts.code,
                province=facts.admin1_en,
                province_zh=facts.admin1_zh,
                country=facts.country,
                lat=facts.lat,
                lon=facts.lon,
            )
            for official in (facts.name_en, facts.name_zh):
                if official:
                    self.index.add_name(state.id, official, place_key(official))
            return state
        prov = self.lookup.province(admin1)
        return self.index.create(
            "place",
            key,
            name,
            name_en=None if has_cjk(name) else name,
            name_zh=name if has_cjk(name) else None,
            province=prov["en"] if prov else admin1,
            province_zh=prov.get("zh_full") if prov else None,
            country=country,
        )
