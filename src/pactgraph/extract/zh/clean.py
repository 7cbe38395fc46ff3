"""Web debris out, script folded, offsets kept.

Chinese news pages carry navigation lines, share buttons, footers, betting-site
names pasted over company names (``博体育app电建``) and pinyin in brackets
(``集團(tuán)``). :func:`clean` removes them and keeps, for every character of
the cleaned text, its offset in the original, so that evidence spans point into
``doc.text`` as given. Matching runs on :attr:`CleanText.folded` (simplified,
same length as :attr:`CleanText.text`); output copies :attr:`CleanText.text`,
i.e. names as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pactgraph.extract.zh.resources import Resources, alternation

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# pinyin after a Han character, in ASCII or full-width brackets, with at least one tone mark
PINYIN_IN_BRACKETS = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]\s*[a-zü{_TONED}' ]*[{_TONED}][a-zü{_TONED}' ]*\s*[)）]"
)
_HAN = re.compile(r"[\u3400-\u9fff]")
# CJK radical-supplement look-alikes that NFKC leaves alone (董事⻓)
_RADICALS = {
    "⻓": "长",
    "⻔": "门",
    "⻝": "食",
    "⻘": "青",
    "⻢": "马",
    "⻋": "车",
    "⻚": "页",
    "⻉": "贝",
    "⻅": "见",
    "⻆": "角",
    "⻛": "风",
    "⻜": "飞",
    "⻥": "鱼",
    "⻦": "鸟",
    "⻩": "黄",
    "⻬": "齐",
    "⻮": "齿",
    "⻰": "龙",
    "⻄": "西",
    "⻌": "辶",
}


@dataclass
class CleanText:
    """A document's text after cleaning, with the way back to the original."""

    original: str
    text: str
    folded: str
    offsets: list[int]
    """``offsets[i]`` is the index in :attr:`original` of ``text[i]``; one extra entry at the end."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the cleaned range ``[start, end)``."""
        if end <= start:
            pos = self.offsets[min(start, len(self.text))]
            return (pos, pos)
        return (self.offsets[start], self.offsets[end - 1] + 1)

    @property
    def traditional(self) -> bool:
        """Whether folding changed anything (the text is at least partly traditional)."""
        return self.text != self.folded


def _norm_char(ch: str) -> str:
    """One character in, one out: full-width to ASCII, radicals to characters, odd spaces to space."""
    code = ord(ch)
    if 0x4E00 <= code <= 0x9FFF or code < 0x80:
        return ch
    if ch in _RADICALS:
        return _RADICALS[ch]
    if ch in "\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff":
        return " "
    out = unicodedata.normalize("NFKC", ch)
    return out if len(out) == 1 else ch


class Cleaner:
    """Compiled debris patterns and the script folder; build once, use for every document."""

    def __init__(self, res: Resources) -> None:
        debris = res.debris
        self.line_res = [re.compile(p) for p in debris.get("line") or []]
        self.footer_res = [re.compile(p) for p in debris.get("footer") or []]
        brands = [str(b) for b in debris.get("spam_brands") or []]
        suffixes = [str(s) for s in debris.get("spam_suffixes") or []]
        long_brands = [b for b in brands if len(b) > 1]
        short_brands = [b for b in brands if len(b) == 1]
        suffix = f"(?:{alternation(suffixes)})"
        # a multi-character brand needs one site word after it; a one-character brand needs 体育/娱乐
        self.spam_re = re.compile(
            rf"[-—_|]?\s*[A-Za-z0-9]{{0,6}}(?:(?:{alternation(long_brands)}){suffix}+"
            rf"|(?:{alternation(short_brands)})(?:体育|娱乐){suffix}*)"
        )
        self._t2s = None

    def fold(self, text: str) -> str:
        """Traditional to simplified, keeping the length (character by character if needed)."""
        if self._t2s is None:
            import opencc

            self._t2s = opencc.OpenCC("t2s")
        folded = self._t2s.convert(text)
        if len(folded) == len(text):
            return folded
        return "".join(_fold_char(self._t2s, ch) for ch in text)

    def clean(self, original: str) -> CleanText:
        norm = "".join(_norm_char(ch) for ch in original)
        folded = self.fold(norm)  # patterns are written in simplified characters
        keep = bytearray(b"\x01") * len(norm)

        def drop(start: int, end: int) -> None:
            keep[start:end] = b"\x00" * (end - start)

        pos = 0
        for line in folded.splitlines(keepends=True):
            start, body = pos, line.rstrip("\r\n")
            pos += len(line)
            stripped = body.strip()
            if not stripped:
                continue
            if start > 0 and any(p.search(stripped) for p in self.footer_res):
                drop(start, len(norm))
                break
            if any(p.search(stripped) for p in self.line_res):
                drop(start, start + len(body))
                continue
            spam = list(self.spam_re.finditer(body))
            if spam:
                left = body
                for m in reversed(spam):
                    left = left[: m.start()] + left[m.end() :]
                    drop(start + m.start(), start + m.end())
                if len(_HAN.findall(left)) < 4:
                    drop(start, start + len(body))
        for m in PINYIN_IN_BRACKETS.finditer(folded):
            drop(m.start(), m.end())
        offsets = [i for i, k in enumerate(keep) if k]
        text = "".join(norm[i] for i in offsets)
        folded_text = "".join(folded[i] for i in offsets)
        offsets.append(len(original))
        return CleanText(original=original, text=text, folded=folded_text, offsets=offsets)


def _fold_char(conv: object, ch: str) -> str:
    out = conv.convert(ch)  # type: ignore[attr-defined]
    return out if len(out) == 1 else ch
