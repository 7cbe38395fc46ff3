"""Titles before names: find chains like ``集团公司党组成员、副总经理`` and split them.

A chain is one or more titles joined by 、/兼/及, each with the text before it that
names its organization or place (``威海市委常委、常务副市长`` -> [威海 + 市委常委,
常务副市长]). Only a chain that ends right before a name counts; the name is read
by :mod:`pactgraph.extract.zh.people`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pactgraph.extract.zh.analysis import ZhDoc
from pactgraph.extract.zh.resources import Resources

_JOIN = re.compile(r"^[、兼及和]")
_GAP_OK = re.compile(r"^[、兼及和]?[^\s，,。；;：:、()（）“”]{0,16}$")


@dataclass
class TitleHit:
    start: int
    end: int
    title: str
    prefix_start: int
    """Start of the organization/place words written before the title (== start when none)."""

    @property
    def prefix_span(self) -> tuple[int, int]:
        return (self.prefix_start, self.start)


@dataclass
class Chain:
    hits: list[TitleHit] = field(default_factory=list)
    extra_prefixes: list[tuple[int, int]] = field(default_factory=list)
    """Organizations listed before the chain (甲集团、乙集团党委书记): each takes the titles."""

    @property
    def start(self) -> int:
        return min([self.hits[0].prefix_start, *[s for s, _ in self.extra_prefixes]])

    @property
    def end(self) -> int:
        return self.hits[-1].end


def title_matches(doc: ZhDoc, res: Resources) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in res.title_re.finditer(doc.f)]


def chains(
    doc: ZhDoc, res: Resources, matches: list[tuple[int, int, str]], name_at
) -> list[tuple[Chain, int]]:
    """Title chains followed by a name: (chain, name start); ``name_at(pos)`` is a name's end or None."""
    f = doc.f
    out: list[tuple[Chain, int]] = []
    current: Chain | None = None
    for start, end, title in matches:
        joined = False
        if current is not None:
            gap = f[current.end : start]
            if _JOIN.match(gap) and _GAP_OK.match(gap) and name_at(current.end + 1) != start:
                prefix_start = current.end + 1
                current.hits.append(TitleHit(start, end, title, prefix_start))
                joined = True
        if not joined:
            left = doc.left_boundary(start, limit=22)
            current = Chain([TitleHit(start, end, title, left)])
            # organizations listed before the first one: 能投集团、煤炭产业集团党委书记
            pos = left
            while pos > 1 and f[pos - 1] == "、":
                prev_left = doc.left_boundary(pos - 1, limit=16)
                piece = f[prev_left : pos - 1]
                if not piece or not res.org_suffix_re.search(piece[-4:]) or name_at(prev_left):
                    break
                current.extra_prefixes.insert(0, (prev_left, pos - 1))
                pos = prev_left
        if name_at(end):
            out.append((current, end))
            current = None
        elif f[end : end + 1] not in ("、", "兼", "及", "和") and not res.org_suffix_re.match(f, end):
            current = None
    return out
