"""Lines, web debris, headline, datelines and sentences of an English article.

Offsets always refer to the original text: debris is skipped, never deleted,
so every extracted value keeps its evidence span.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pactgraph.extract.en.dates import MONTHS

_DEBRIS_LINE = re.compile(
    r"""^\W*(?:
        (?:prev|previous|next)\s*(?:article|post)?\s*:.*
      | see\s+also\b.*
      | related\s+(?:news|articles?|stories)\b.*
      | (?:current\s+position|you\s+are\s+here|location)\s*[:：].*
      | home\s*(?:page)?\s*[>»›].*
      | share(?:\s+(?:this|to|on)\b.*)?
      | print\b.*(?:mail|email|font|large|small).*
      | .*\b(?:large|medium)\s+(?:medium|small)\s+(?:small)?.*
      | (?:reading\s+this\s+article\s+requires|read\s+this\s+article)\b.*
      | \d+\s+minutes?
      | (?:chinese|english)\s*\|\s*(?:english|chinese)
      | (?:product|supplier|inquiry|latest|login|register|sign\s+in|search|menu|top|back)
      | (?:facebook|twitter|linkedin|wechat|weibo|email|whatsapp)(?:\s*[|/]\s*\w+)*
      | (?:adjust\s+font\s+size|font\s+size)\b.*
      | (?:tags?|keywords?|editor|source|author|responsible\s+editor)\s*[:：].*
      | enditem
      | welcome\s+to\s+(?:www\.|https?://)\S+.*
      | (?:make|set)\s+\S+\s+(?:as\s+)?your\s+home\s*page.*
      | (?:position|current\s+location|where\s+you\s+are)\s*[:：].*
      | [\w\s:]{0,40}(?:\s[>»›]\s[^>»›]+){2,}
      | copyright\b.*|©.*|all\s+rights\s+reserved.*
    )\W*$""",
    re.I | re.X,
)
_DATE_ONLY_LINE = re.compile(
    r"^\W*(?:[A-Z][\w.&-]*\s+){0,3}(\d{4})-(\d{2})-(\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\W*$")
_DATELINE_PREFIX = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\s+", re.I)
_LABELLED_DATE = re.compile(r"(?:date|updated|published|release\s+time|time)\s*[:：]\s*(\d{4})-(\d{2})-(\d{2})", re.I)
_WRITTEN_DATELINE = re.compile(
    r"\b(" + "|".join(MONTHS) + r")\.?\s+(\d{1,2}),\s*(\d{4})\b(?:\s+\d{1,2}:\d{2}\s*(?:AM|PM)?)?", re.I)
_BULLET = re.compile(r"^\s*[•·▪●]\s*")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    debris: bool


def lines(text: str) -> list[Line]:
    """Non-empty lines with offsets, each marked as debris or content."""
    out = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        out.append(Line(start, end, stripped, is_debris(stripped)))
    return out


def is_debris(line: str) -> bool:
    """Navigation, share buttons, Prev/Next links, reading-time badges, bylines."""
    if _DEBRIS_LINE.match(line) or _DATE_ONLY_LINE.match(line):
        return True
    if _BULLET.match(line) and len(line) < 40:
        return True
    if len(line) <= 12 and not re.search(r"[A-Za-z0-9]", line):
        return True  # a lone menu word in another script ("客车") in an English page
    words = re.findall(r"[A-Za-z]+", line)
    # A line of only separators and a few menu words (`Home | News | About`).
    return bool(line.count("|") >= 2 and len(words) <= 3 * line.count("|"))


def headline(text: str, all_lines: list[Line]) -> tuple[str | None, int | None]:
    """The first content line that reads like a headline, without a dateline prefix."""
    content = [ln for ln in all_lines if not ln.debris]
    for i, ln in enumerate(content[:4]):
        title = _DATELINE_PREFIX.sub("", ln.text).strip()
        title = re.sub(r"^Home\s*>\s*", "", title)
        words = title.split()
        nxt = content[i + 1] if i + 1 < len(content) else None
        # A short section label ("Hydropower", "Central enterprises") sits above the headline.
        if len(words) <= 3 and nxt is not None and len(nxt.text.split()) > len(words) + 2 and not title.endswith("."):
            continue
        if len(title) > 300:
            return None, None
        return title or None, ln.start + (len(ln.text) - len(title))
    return None, None


def dateline(text: str, all_lines: list[Line]) -> dt.date | None:
    """A publication date printed near the top ("date 2023-05-26", "Seetao 2024-05-29 11:36")."""
    for ln in all_lines[:12]:
        for pattern in (_DATELINE_PREFIX, _LABELLED_DATE, _DATE_ONLY_LINE):
            match = pattern.search(ln.text)
            if match:
                try:
                    return dt.date(int(match[1]), int(match[2]), int(match[3]))
                except ValueError:
                    continue
        if ln.debris or len(ln.text) < 120:
            match = _WRITTEN_DATELINE.search(ln.text)
            if match and ("xinhua" in ln.text.lower() or "(gmt" in ln.text.lower() or ln.debris
                          or re.search(r"\d{1,2}:\d{2}", ln.text)):
                month = MONTHS[match[1].lower().rstrip(".")[:3]]
                try:
                    return dt.date(int(match[3]), month, int(match[2]))
                except ValueError:
                    continue
    return None


_SENT_END = re.compile(r"(?<=[.!?。])[\"'”’)]*\s+(?=[\"“'‘(]?[A-Z0-9])|\n+")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Co|Ltd|Inc|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct"
                     r"|Nov|Dec|U\.S|e\.g|i\.e|vs|Gov|Rep|Sen|Gen|Jr|Sr|approx)\.|\b[A-Z]\.)$")


def sentences(text: str, all_lines: list[Line]) -> list[tuple[int, int]]:
    """Sentence spans over content lines (a regex splitter: spaCy's parser costs half the budget)."""
    spans = []
    for ln in all_lines:
        if ln.debris:
            continue
        start = ln.start
        for match in _SENT_END.finditer(text, ln.start, ln.end):
            if _ABBREV.search(text[max(start, match.start() - 8):match.start()]):
                continue
            if match.start() > start:
                spans.append((start, match.start()))
            start = match.end()
        if ln.end > start:
            spans.append((start, ln.end))
    return spans
