"""How English text writes place names: capitalised whole words, an optional type word.

The gazetteer (``pactgraph.extract.shared.places``) knows the places and their
English names; these rules say how to find them in running English text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pactgraph.extract.shared.places import EN_ETHNONYMS, Entry, Gazetteer, fold_diacritics, trie_regex

# Type words that may follow an English name in running text (longest first).
TYPE_WORDS = (
    "Special Administrative Region", "Autonomous Prefecture", "Autonomous Region", "Autonomous County",
    "Autonomous Banner", "Forestry District", "Mining District", "New District", "New Area",
    "Municipality", "Prefecture", "Province", "District", "County", "League", "Banner", "City", "SAR",
)
# Chinese surnames (romanised): a county name right after one is a given name
# ("Xi Jinping", "Zhou Yongkang"), not a place.
SURNAMES = frozenset(
    (
        "Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu",
        "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song", "Zheng", "Xie", "Han", "Tang",
        "Feng", "Yu", "Dong", "Xiao", "Cheng", "Cao", "Yuan", "Deng", "Fu", "Shen", "Zeng", "Peng", "Lu",
        "Su", "Jiang", "Cai", "Jia", "Ding", "Wei", "Xue", "Ye", "Yan", "Pan", "Du", "Dai", "Xia", "Zhong",
        "Wen", "Tian", "Ren", "Fan", "Fang", "Shi", "Yao", "Tan", "Liao", "Zou", "Xiong", "Jin", "Qin",
        "Kong", "Bai", "Cui", "Kang", "Mao", "Qiu", "Hou", "Shao", "Meng", "Long", "Wan", "Duan", "Lei",
        "Qian", "Yin", "Yi", "Chang", "Qiao", "Lai", "Gong", "Xi", "Ning", "Mu", "Ouyang", "Hao", "Niu",
        "Kou", "Gu", "Bi", "Miao", "Ji", "Yue", "Shang", "Xing", "An", "Zuo",
    )
)


class EnglishPlaceRules:
    """:class:`~pactgraph.extract.shared.places.TextRules` for English."""

    key = "en"
    joiner = re.compile(r",\s*|\s+of\s+|'s\s+|\s+in\s+|\s*\(\s*|\s+")

    def fold(self, text: str) -> str:
        return fold_diacritics(text)

    def compile(self, entries: Sequence[Entry]) -> tuple[re.Pattern[str], frozenset[str]]:
        names: set[str] = set()
        needs_type: set[str] = set()  # stems matched only with a type word ("Xinhua District")
        for e in entries:
            good = [n for n in e.names_en if (len(n) >= 3 or n.isupper()) and n[:1].isupper() and n.isascii()]
            if "en_nobare" in e.flags:
                needs_type.update(good)
            else:
                names.update(good)
        # the type word is generic: full forms need not be listed one by one,
        # which keeps the compiled pattern small (~0.1 s to build)
        ethnonyms = sorted((w.capitalize() for w in EN_ETHNONYMS if w != "and"), key=lambda w: (-len(w), w))
        ethnic = "|".join(ethnonyms)
        autonomous = r"\s+Autonomous\s+(?:Prefecture|County|Banner|Region)"
        type_word = (
            r"\s+(?:" + "|".join(TYPE_WORDS) + ")"
            # "Hainan Tibetan Autonomous Prefecture", "Enshi Tujia and Miao ..."
            + rf"|(?:\s+(?:{ethnic}))+(?:\s+and\s+(?:{ethnic}))?{autonomous}"
        )
        body = "(?:" + trie_regex(sorted(names)) + ")(?:" + type_word + ")?"
        if needs_type:
            body += "|(?:" + trie_regex(sorted(needs_type - names)) + ")" + type_word
        pattern = re.compile(r"(?<![A-Za-z0-9_'\-])(" + body + r")(?![A-Za-z0-9_])")
        return pattern, frozenset(names)

    def accept(self, gaz: Gazetteer, text: str, start: int, end: int, names: frozenset[str]) -> int | None:
        # "Xi Jinping": a bare county/prefecture name right after a Chinese surname
        m = re.search(r"([A-Z][a-z]+) $", text[max(0, start - 12) : start])
        if m and m.group(1) in SURNAMES:
            name = text[start:end]
            if not gaz.levels(name, full=True):
                levels = gaz.levels(name, full=False)
                if levels and levels <= {"county", "prefecture"}:
                    return None
        return end


RULES = EnglishPlaceRules()
