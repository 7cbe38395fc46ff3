"""Chinese date expressions: 2021年7月12日, 6月8日, 23日, 昨天, datelines, and 711日 (separator lost).

Years missing from the text come from the publication date through
:func:`pactgraph.extract.shared.dates.resolve`; when the document's metadata
has no date, a dateline printed at the top of the page (``日期:2025-11-17``,
``2022-11-24 13:19:19``, ``时间:15-10-20``) stands in for it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pactgraph.extract.shared import dates as shared_dates

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_YEAR = r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})"

FULL = re.compile(rf"(?:({_YEAR})年)?({_NUM})月(?:({_NUM})[日号])?(?!\d)")
DAY_ONLY = re.compile(r"(?<![\d月年./-])(\d{1,2})[日号](?![\d电])")
COMPACT = re.compile(r"(?<![\d月年./:-])(\d{3,4})日")
RELATIVE = {"前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "当天": 0, "当日": 0}
RELATIVE_RE = re.compile("|".join(RELATIVE))
DATELINE_DAY = re.compile(rf"({_NUM})月({_NUM})日电")

_LABELLED = re.compile(
    r"(?:日期|发布日期|发布时间|时间|发表于|更新时间|發布日期|發布時間|時間|發表於)\s*[:：]?\s*"
    r"((?:19|20)?\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_LINE_DATE = re.compile(r"^\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?(?:\s|$)", re.M)


def cn_number(text: str) -> int | None:
    """'12' or '十二' or '二十一' as an int (up to 99)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10
        return value + (_CN_DIGITS.get(units, 0) if units else 0)
    if len(text) == 1 and text in _CN_DIGITS:
        return _CN_DIGITS[text]
    return None


def cn_year(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    digits = [_CN_DIGITS.get(ch) for ch in text]
    return None if None in digits else int("".join(str(d) for d in digits))


@dataclass
class DateMention:
    """A date written in the text; ``value`` resolved to ISO (or XXXX-MM-DD) when it can be."""

    start: int
    end: int
    value: str | None
    explicit: bool = True
    """False for 昨天/今天 and for a day without a month."""


def dateline(text: str) -> tuple[dt.date | None, tuple[int, int] | None]:
    """The publication date printed at the top of a page, or a news-agency 'X月X日电' (month, day)."""
    head = text[:1500]
    for pattern in (_LABELLED, _LINE_DATE):
        match = pattern.search(head)
        if match:
            year = int(match[1])
            year += 2000 if year < 100 else 0
            try:
                return dt.date(year, int(match[2]), int(match[3])), None
            except ValueError:
                continue
    match = re.search(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日\s*\d{1,2}:\d{2}", head)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3])), None
        except ValueError:
            pass
    match = DATELINE_DAY.search(head)
    if match:
        month, day = cn_number(match[1]), cn_number(match[2])
        if month and day:
            return None, (month, day)
    return None, None


def _split_compact(digits: str, pub: dt.date | None) -> tuple[int, int] | None:
    """'711' -> (7, 11), '227' -> (2, 27), '1111' -> (11, 11); the reading nearest before publication wins."""
    readings = []
    for cut in (1, 2):
        month, day = int(digits[:cut]), int(digits[cut:])
        if (
            len(digits) - cut in (1, 2)
            and 1 <= month <= 12
            and 1 <= day <= 31
            and digits[cut] != "0"
            or (len(digits) - cut == 2 and 1 <= month <= 12 and 10 <= day <= 31)
        ):
            readings.append((month, day))
    readings = [r for r in readings if 1 <= r[1] <= 31]
    if not readings:
        return None
    if pub is not None and len(readings) > 1:

        def distance(r: tuple[int, int]) -> int:
            year = pub.year if (r[0], r[1]) <= (pub.month, pub.day) else pub.year - 1
            try:
                return (pub - dt.date(year, r[0], r[1])).days
            except ValueError:
                return 10**6

        readings.sort(key=distance)
    return readings[0]


def find_dates(
    text: str, pub: dt.date | None, pub_month: tuple[int, int] | None, context_month: int | None = None
) -> list[DateMention]:
    """Every event-date candidate in ``text`` (simplified), in text order."""
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    last_month = context_month
    for m in FULL.finditer(text):
        if text[m.end() : m.end() + 1] == "电" or re.match(r"\s*\d{1,2}:\d{2}", text[m.end() : m.end() + 8]):
            continue  # a dateline (news agency, or page timestamp), not the event
        month = cn_number(m[2])
        day = cn_number(m[3]) if m[3] else None
        year = cn_year(m[1]) if m[1] else None
        if not month or not 1 <= month <= 12:
            continue
        if day is None and year is None:
            continue  # '6月' alone is too vague to be the event's date
        if day is None and text[m.end() : m.end() + 1] in "份底初中末" and year is None:
            continue
        value = shared_dates.resolve(month, day, year, pub, pub_month)
        out.append(DateMention(m.start(), m.end(), value))
        taken.append((m.start(), m.end()))
    for m in COMPACT.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        split = _split_compact(m[1], pub)
        if split:
            out.append(
                DateMention(
                    m.start(), m.end(), shared_dates.resolve(split[0], split[1], None, pub, pub_month)
                )
            )
            taken.append((m.start(), m.end()))
    for m in DAY_ONLY.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        prev = [d for d in out if d.end <= m.start() and d.value]
        month = last_month
        if prev and prev[-1].value:
            month = int(prev[-1].value[5:7]) if len(prev[-1].value) >= 7 else month
        if month is None and pub is not None:
            month = pub.month
        if month is None:
            continue
        out.append(
            DateMention(
                m.start(),
                m.end(),
                shared_dates.resolve(month, int(m[1]), None, pub, pub_month),
                explicit=False,
            )
        )
    for m in RELATIVE_RE.finditer(text):
        out.append(DateMention(m.start(), m.end(), shared_dates.shift(pub, RELATIVE[m[0]]), explicit=False))
    out.sort(key=lambda d: d.start)
    return out
