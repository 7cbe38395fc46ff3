"""Syndication: the same release republished on several sites is one story.

Each text gets a bottom-k sketch of its hashed word (or, for Chinese, character
bigram) shingles. Two texts whose sketches estimate a Jaccard similarity of at
least :data:`THRESHOLD` are copies of one story; candidates come from an
inverted index of the smallest hashes, so a lookup costs a few dict probes.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
import zlib
from dataclasses import dataclass, field

K = 32
"""Sketch size."""
PROBE = 8
"""Smallest hashes used to find candidates."""
THRESHOLD = 0.7
MIN_SHINGLES = 12
MAX_TOKENS = 1500
"""Tokens of a text used for its sketch (copies share their beginnings; long texts need no more)."""

_WORD = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]")


def _tokens(text: str, simplified: bool = False) -> list[str]:
    from pactgraph.resolve.names import to_simplified

    text = unicodedata.normalize("NFKC", text if simplified else to_simplified(text)).lower()
    return _WORD.findall(text)[:MAX_TOKENS]


_MASK = (1 << 64) - 1
_M1, _M2 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F


def sketch(text: str, *, simplified: bool = False) -> list[int]:
    """The ``K`` smallest 64-bit hashes of the text's 3-token shingles (sorted); [] for very short texts.

    ``simplified``: the text is already in simplified Chinese. Token hashes are
    CRC-32 (stable across processes), combined per shingle by multiply-xor.
    """
    tokens = _tokens(text, simplified)
    if len(tokens) < MIN_SHINGLES + 2:
        return []
    crc = zlib.crc32
    th = [crc(t.encode()) for t in tokens]
    hashes = {(((a * _M1) ^ b) * _M2 ^ c) * _M1 & _MASK for a, b, c in zip(th, th[1:], th[2:], strict=False)}
    return sorted(heapq.nsmallest(K, hashes))


def similarity(a: list[int], b: list[int]) -> float:
    """Jaccard similarity estimated from two bottom-k sketches."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    union = sorted(sa | sb)[:K]
    return sum(1 for h in union if h in sa and h in sb) / len(union)


@dataclass
class StoryIndex:
    """Sketches of stored documents by story, with an inverted index for candidates."""

    by_hash: dict[int, set[int]] = field(default_factory=dict)
    sketches: dict[int, list[list[int]]] = field(default_factory=dict)
    next_id: int = 1

    def add(self, story_id: int, sk: list[int]) -> None:
        self.next_id = max(self.next_id, story_id + 1)
        if not sk:
            return
        self.sketches.setdefault(story_id, []).append(sk)
        for h in sk[:PROBE]:
            self.by_hash.setdefault(h, set()).add(story_id)

    def find(self, sk: list[int]) -> int | None:
        """The story a text with sketch ``sk`` belongs to, or None for a new story."""
        if not sk:
            return None
        candidates: set[int] = set()
        for h in sk[:PROBE]:
            candidates |= self.by_hash.get(h, set())
        best, best_sim = None, THRESHOLD
        for story_id in sorted(candidates):
            for other in self.sketches.get(story_id, [])[:5]:
                sim = similarity(sk, other)
                if sim >= best_sim:
                    best, best_sim = story_id, sim
                    if sim >= 0.9:  # a copy: no need to look further
                        return best
        return best

    def assign(self, sk: list[int]) -> tuple[int, bool]:
        """(story id, is new) for a text; the sketch joins the index."""
        story_id = self.find(sk)
        new = story_id is None
        if story_id is None:
            story_id = self.next_id
        self.add(story_id, sk)
        self.next_id = max(self.next_id, story_id + 1)
        return story_id, new
