"""Taxonomy codes (sectors and policies) found in text through a lexicon file.

Each language ships ``data/<lang>/codes.yaml``::

    ignore_case: true                                 # for scripts with letter case
    fields:
      wind: ["wind power", "offshore wind", ...]     # regular expressions
    policies:
      dual_carbon: ["carbon peak(ing)?", "3060", ...]

Only codes of ``taxonomy.yaml`` are accepted, so a lexicon typo cannot leak an
unknown code into a record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1)
def taxonomy() -> dict[str, dict[str, dict[str, str]]]:
    """The shipped copy of ``spec/taxonomy.yaml``."""
    text = resources.files("pactgraph.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass(frozen=True)
class CodeHit:
    kind: str  # "fields" or "policies"
    code: str
    start: int
    end: int


class CodeLexicon:
    """Compiled patterns of one language's code lexicon."""

    def __init__(self, lang: str) -> None:
        text = resources.files("pactgraph.data").joinpath(lang, "codes.yaml").read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
        known = taxonomy()
        self.patterns: list[tuple[str, str, re.Pattern[str]]] = []
        flags = re.IGNORECASE if data.get("ignore_case") else 0
        for kind in ("fields", "policies"):
            for code, pats in (data.get(kind) or {}).items():
                if code not in known[kind]:
                    raise ValueError(f"{lang}/codes.yaml: unknown {kind} code {code!r}")
                # one alternation per code: a text is scanned once per code, not once per pattern
                self.patterns.append((kind, code, re.compile("|".join(f"(?:{p})" for p in pats), flags)))

    def find(self, text: str, kind: str | None = None) -> list[CodeHit]:
        """Every hit in ``text``, in text order."""
        hits = [CodeHit(k, code, m.start(), m.end())
                for k, code, pat in self.patterns if kind is None or k == kind
                for m in pat.finditer(text)]
        return sorted(hits, key=lambda h: (h.start, h.end))

    def codes(self, text: str, kind: str) -> list[str]:
        """Distinct codes of one kind, in order of first mention."""
        seen: dict[str, None] = {}
        for hit in self.find(text, kind):
            seen.setdefault(hit.code, None)
        return list(seen)


@lru_cache(maxsize=4)
def lexicon(lang: str) -> CodeLexicon:
    return CodeLexicon(lang)
