"""One document prepared for the rules: cleaned text, jieba tokens (one pass), sentences.

Rules work on the simplified text :attr:`ZhDoc.f`; positions are into the
cleaned text and become original offsets through :meth:`ZhDoc.evidence`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from pactgraph.extract.zh.clean import CleanText

PUNCT = set("，,。；;：:、！!？?“”\"‘’'《》<>()（）[]【】{}|｜/\\\n\r\t ·•…—-~～")
SENTENCE_END = re.compile(r"[。！？!?；;\n]+")

STOP_FLAGS = frozenset(
    {
        "p",
        "c",
        "u",
        "uj",
        "ul",
        "uz",
        "ug",
        "uv",
        "ud",
        "r",
        "m",
        "t",
        "d",
        "x",
        "q",
        "y",
        "e",
        "o",
        "zg",
        "f",
    }
)


@dataclass
class ZhDoc:
    """The state the extraction rules share for one document."""

    clean: CleanText
    tokens: list[tuple[int, int, str, str]]
    """(start, end, word, flag) over :attr:`f`, from one jieba.posseg pass."""
    starts: list[int] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    body_start: int = 0
    title: tuple[int, int] | None = None
    stop_words: frozenset[str] = frozenset()
    name_verbs: frozenset[str] = frozenset()
    joined_names: tuple[str, ...] = ()
    """Name endings that contain the conjunction 和 (发展和改革委员会): 和 does not end a name there."""

    def __post_init__(self) -> None:
        self.starts = [t[0] for t in self.tokens]
        f = self.f
        pos = 0
        for m in SENTENCE_END.finditer(f):
            if m.start() > pos:
                self.sentences.append((pos, m.start()))
            pos = m.end()
        if pos < len(f):
            self.sentences.append((pos, len(f)))

    @property
    def f(self) -> str:
        return self.clean.folded

    def surface(self, start: int, end: int) -> str:
        """The cleaned text as written (original script) of a range."""
        return self.clean.text[start:end]

    def evidence(self, start: int, end: int) -> tuple[int, int]:
        return self.clean.span(start, end)

    def token_at(self, pos: int) -> int:
        """Index of the token that contains ``pos`` (or the last one starting before it)."""
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def _inside_joined_name(self, pos: int) -> bool:
        return _joined_at(self.f, pos, self.joined_names)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= pos < end:
                return (start, end)
        return (pos, pos)

    def left_boundary(self, pos: int, limit: int = 24, stop_at: frozenset[str] = frozenset()) -> int:
        """Where a name ending at ``pos`` can start: walk left until a stop word or punctuation."""
        f = self.f
        if pos <= 0:
            return 0
        i = self.token_at(pos - 1)
        left = pos
        while i >= 0:
            start, end, word, flag = self.tokens[i]
            piece_end = min(end, pos)
            piece = f[start:piece_end]
            if not piece or any(ch in PUNCT for ch in piece) or pos - start > limit:
                break
            stop = piece in self.stop_words or piece in stop_at or (flag in STOP_FLAGS and not _nameish(piece))
            if stop and not (piece == "和" and self._inside_joined_name(start)):
                break
            if (
                flag.startswith("nr")
                and left < pos
                or flag == "v"
                and len(piece) >= 2
                and piece not in self.name_verbs
            ):
                break
            left = start
            i -= 1
        return left


def _joined_at(f: str, pos: int, names: tuple[str, ...]) -> bool:
    """Is the 和 at ``pos`` part of one of ``names`` written there?"""
    for name in names:
        k = name.find("和")
        if k >= 0 and pos - k >= 0 and f.startswith(name, pos - k):
            return True
    return False


def _nameish(word: str) -> bool:
    """Tokens jieba tags as numbers or adverbs that are still parts of names (中国一重, 三峡)."""
    return (
        word
        in {
            "三峡",
            "一重",
            "二重",
            "中",
            "东",
            "西",
            "南",
            "北",
            "上",
            "下",
            "内",
            "外",
            "新",
            "总",
            "大",
            "两",
            "五",
            "七",
            "八",
            "九",
            "十",
            "一",
            "二",
            "四",
            "六",
        }
        or len(word) >= 3
        and not word[0].isdigit()
    )
