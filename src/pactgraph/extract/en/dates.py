"""English date expressions of event sentences ("On July 12, 2021", "on 8thDecember", "Tuesday")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pactgraph.extract.shared import dates as shared_dates

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_PATTERNS = [
    re.compile(_MONTH + r"\s*" + _DAY + r"(?:\s*,\s*|\s+)" + _YEAR + r"\b", re.I),      # July 12, 2021
    re.compile(r"\b" + _DAY + r"\s*(?:of\s+)?" + _MONTH + r",?\s*" + _YEAR + r"\b", re.I),  # 12 July 2021
    re.compile(r"\b" + _YEAR + r"-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),                # 2021-07-12
    re.compile(r"\b" + _MONTH + r"\s*" + _DAY + r"\b(?!\s*(?:percent|%|million|billion|GW|MW|kW))", re.I),
    re.compile(r"\b" + _DAY + r"\s*(?:of\s+)?" + _MONTH + r"\b", re.I),                  # 8th December
    re.compile(r"\b(?:in\s+)" + _MONTH + r"(?:\s*,?\s*" + _YEAR + r")?\b", re.I),         # in April 2017
]
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE = re.compile(r"\b(yesterday|today|this morning|last week|a few days ago|recently|the other day)\b", re.I)


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    value: str | None


def _month(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return MONTHS.get(token.lower().rstrip(".")[:4].rstrip("t") if token.lower().startswith("sept")
                      else token.lower().rstrip("."), MONTHS.get(token.lower()[:3]))


def find_dates(text: str, start: int, end: int, pub: dt.date | None,
               pub_month: tuple[int, int] | None = None) -> list[DateHit]:
    """Explicit dates in ``text[start:end]``, resolved against the publication date."""
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []
    segment = text[start:end]
    for n, pattern in enumerate(_PATTERNS):
        for m in pattern.finditer(segment):
            s, e = m.start() + start, m.end() + start
            if any(s < te and ts < e for ts, te in taken):
                continue
            month = _month(m["month"])
            if month is None:
                continue
            groups = m.groupdict()
            day = int(groups["day"]) if groups.get("day") else None
            year = int(groups["year"]) if groups.get("year") else None
            if n == 5:  # month only
                if year is None:
                    continue
                value = shared_dates.resolve(month, None, year, pub, pub_month)
            else:
                value = shared_dates.resolve(month, day, year, pub, pub_month)
            if value:
                taken.append((s, e))
                hits.append(DateHit(s, e, value))
    return sorted(hits, key=lambda h: h.start)


def weekday_date(text: str, start: int, end: int, anchor: dt.date | None) -> DateHit | None:
    """A weekday ("signed ... Tuesday") resolved to the latest such day on or before ``anchor``."""
    if anchor is None:
        return None
    m = _WEEKDAY.search(text, start, end)
    if not m:
        return None
    back = (anchor.weekday() - WEEKDAYS[m[1].lower()]) % 7
    if m.group().lower().startswith("last"):
        back = back or 7
    return DateHit(m.start(), m.end(), (anchor - dt.timedelta(days=back)).isoformat())


def relative_date(text: str, start: int, end: int, pub: dt.date | None) -> DateHit | None:
    """``yesterday``/``today`` to a day; ``a few days ago``/``last week``/``recently`` to a month."""
    m = _RELATIVE.search(text, start, end)
    if not m or pub is None:
        return None
    word = m[1].lower()
    if word == "yesterday":
        return DateHit(m.start(), m.end(), shared_dates.shift(pub, -1))
    if word in {"today", "this morning"}:
        return DateHit(m.start(), m.end(), shared_dates.shift(pub, 0))
    if word == "recently":
        return None
    day = pub - dt.timedelta(days=7 if word == "last week" else 3)
    return DateHit(m.start(), m.end(), f"{day.year:04d}-{day.month:02d}")
