"""The English lexicon files, loaded once per extractor and compiled to patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import yaml


def _data(name: str) -> str:
    return resources.files("pactgraph.data").joinpath("en", name).read_text(encoding="utf-8")


def _words(text: str) -> list[str]:
    return [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]


@dataclass
class Lexicon:
    """Compiled patterns of ``data/en``; built by :meth:`load`, shared by every step."""

    title: re.Pattern[str]
    title_heads: list[str]
    qualifiers: list[str]
    not_titles: set[str]
    surnames: set[str]
    syllables: set[str]
    org_suffixes: set[str]
    weak_org_suffixes: set[str]
    media: set[str]
    not_acronyms: set[str]
    triggers: dict[str, list[re.Pattern[str]]]
    agreement_objects: re.Pattern[str]
    agreement_kinds: list[tuple[str, re.Pattern[str]]]
    roles: dict[str, list[re.Pattern[str]]]
    object_roles: dict[str, list[re.Pattern[str]]]
    credits: list[re.Pattern[str]]

    @classmethod
    def load(cls) -> Lexicon:
        titles = yaml.safe_load(_data("titles.yaml"))
        lex = yaml.safe_load(_data("lexicon.yaml"))
        heads = sorted(titles["heads"], key=len, reverse=True)
        mods = sorted(titles["modifiers"], key=len, reverse=True)
        quals = sorted(titles["qualifiers"], key=len, reverse=True)

        def alt(items: list[str]) -> str:
            return "|".join(re.escape(i).replace(r"\ ", r"[\s-]+") for i in items)

        title = re.compile(
            rf"(?<![A-Za-z])(?:(?:{alt(mods)})[\s-]+){{0,3}}(?:{alt(heads)})(?:e?s)?"
            rf"(?:\s+(?:{alt(quals)}))?(?-i:(?![a-z]))", re.I)
        flags = re.I

        def comp(items: list[str]) -> list[re.Pattern[str]]:
            return [re.compile(p, flags) for p in items]

        return cls(
            title=title,
            title_heads=heads,
            qualifiers=quals,
            not_titles={t.lower() for t in titles.get("not_titles", [])},
            surnames=set(_words(_data("surnames.txt"))),
            syllables=set(_words(_data("pinyin_syllables.txt"))),
            org_suffixes=set(lex["org_suffixes"]),
            weak_org_suffixes=set(lex["weak_org_suffixes"]),
            media={m.lower() for m in lex["media"]},
            not_acronyms=set(lex["not_acronyms"]),
            triggers={k: comp(v) for k, v in lex["triggers"].items()},
            agreement_objects=re.compile(lex["agreement_objects"], flags),
            agreement_kinds=[(kind, re.compile(p, flags)) for kind, p in lex["agreement_kinds"]],
            roles={k: comp(v) for k, v in lex["roles"].items()},
            object_roles={k: comp(v) for k, v in lex["object_roles"].items()},
            credits=comp(lex["credits"]),
        )

    def is_pinyin_word(self, word: str, max_syllables: int = 3) -> bool:
        """Whether ``word`` splits into 1..max Hanyu Pinyin syllables (``Zhijun`` -> zhi+jun)."""
        w = word.lower().replace("'", "").replace("-", "")
        if not w.isalpha() or not w.isascii():
            return False

        def split(rest: str, left: int) -> bool:
            if not rest:
                return True
            if left == 0:
                return False
            return any(rest[:n] in self.syllables and split(rest[n:], left - 1)
                       for n in range(min(6, len(rest)), 0, -1))

        return split(w, max_syllables)
