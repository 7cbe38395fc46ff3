"""The Chinese lexicons and patterns, read from ``pactgraph/data/zh`` once per process.

Nothing is read at import: :func:`load` is called when a
:class:`~pactgraph.extract.zh.extractor.ChineseExtractor` is created.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


def _read(name: str) -> str:
    return resources.files("pactgraph.data").joinpath("zh").joinpath(name).read_text(encoding="utf-8")


def _yaml(name: str) -> dict[str, Any]:
    return yaml.safe_load(_read(name)) or {}


def alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first (so 副总经理 beats 总经理)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass
class Resources:
    """Everything the Chinese extractor looks up, compiled."""

    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    surname_readings: dict[str, str]
    titles: dict[str, dict[str, Any]]
    """title -> {kind: party|government|company, level, body, org (fixed), no_org}"""
    descriptors: list[str]
    title_re: re.Pattern[str]
    org_suffixes: dict[str, str]
    weak_suffixes: frozenset[str]
    org_suffix_re: re.Pattern[str]
    generic_refs: frozenset[str]
    media_suffixes: tuple[str, ...]
    org_descriptors: list[str]
    known_orgs: list[dict[str, Any]]
    events: dict[str, Any]
    debris: dict[str, Any]
    abbreviations: dict[str, str]
    provinces: dict[str, str]
    not_places: frozenset[str]
    party_bodies: dict[str, str | None] = field(default_factory=dict)
    stop_words: frozenset[str] = frozenset()
    name_verbs: frozenset[str] = frozenset()
    common_word_names: frozenset[str] = frozenset()
    """Bare division names that are common words: places only with their level word."""
    broad_fields: frozenset[str] = frozenset()
    """Sector codes so broad that one passing mention does not make them the event's field."""


def _titles(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for title in data.get("company") or []:
        out[str(title)] = {"kind": "company", "level": None, "body": None}
    for title, level in (data.get("government") or {}).items():
        out[str(title)] = {"kind": "government", "level": level, "body": None}
    bodies: dict[str, str | None] = data.get("party_bodies") or {}
    for body, level in bodies.items():
        for rank in data.get("party_ranks") or []:
            out[body + rank] = {"kind": "party", "level": level, "body": body}
    for title, org in (data.get("fixed_org") or {}).items():
        out[str(title)] = {"kind": "fixed", "level": None, "body": None, "org": org}
    for title in data.get("no_org") or []:
        out.setdefault(str(title), {"kind": "government", "level": None, "body": None})
        out[str(title)]["no_org"] = True
    return out


@lru_cache(maxsize=1)
def load() -> Resources:
    """Read and compile the data files (cached: once per process)."""
    surnames: set[str] = set()
    for line in _read("surnames.txt").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            surnames.add(line)
    titles_data = _yaml("titles.yaml")
    titles = _titles(titles_data)
    descriptors = [str(d) for d in titles_data.get("descriptors") or []]
    # 委员 must not match inside 委员会, 书记 not inside 书记处
    title_re = re.compile("(?:" + alternation(list(titles) + descriptors) + ")(?![会处团])")
    orgs = _yaml("orgs.yaml")
    suffixes = {str(k): str(v) for k, v in (orgs.get("suffixes") or {}).items()}
    places = _yaml("places.yaml")
    stops = _yaml("stopwords.yaml")
    return Resources(
        surnames=frozenset(s for s in surnames if len(s) == 1),
        compound_surnames=frozenset(s for s in surnames if len(s) == 2),
        surname_readings={str(k): str(v) for k, v in (_yaml("pinyin.yaml").get("surnames") or {}).items()},
        titles=titles,
        descriptors=descriptors,
        title_re=title_re,
        org_suffixes=suffixes,
        weak_suffixes=frozenset(orgs.get("weak_suffixes") or []),
        org_suffix_re=re.compile("(?:" + alternation(list(suffixes)) + ")"),
        generic_refs=frozenset(orgs.get("generic") or []),
        media_suffixes=tuple(sorted(orgs.get("media_suffixes") or [], key=len, reverse=True)),
        org_descriptors=sorted(orgs.get("descriptors") or [], key=len, reverse=True),
        known_orgs=list(orgs.get("known") or []),
        events=_yaml("events.yaml"),
        debris=_yaml("debris.yaml"),
        abbreviations={str(k): str(v) for k, v in (places.get("abbreviations") or {}).items()},
        provinces={str(k): str(v) for k, v in (places.get("provinces") or {}).items()},
        not_places=frozenset(places.get("not_places") or []),
        common_word_names=frozenset(places.get("common_word_names") or []),
        party_bodies=dict(titles_data.get("party_bodies") or {}),
        stop_words=frozenset(str(w) for w in stops.get("stop_words") or []),
        name_verbs=frozenset(str(w) for w in stops.get("name_verbs") or []),
        broad_fields=frozenset(str(c) for c in _yaml("codes.yaml").get("broad") or []),
    )
