"""Dates: the publication date of a document and event dates without a year.

RECORD.md: where the year is not written, take it from the publication date
(metadata or URL), the latest such date not after publication; where no year
can be known, ``XXXX-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
import re

# /202109/t20210906_39229.html, /2021_12_14_618505.shtml, /2018-01/09/, /20240305/, /2022/4/18/
_URL_PATTERNS = (
    re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-_/]?(0[1-9]|1[0-2])[-_/]?(0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-_/](1[0-2]|0?[1-9])[-_/]([12]\d|3[01]|0?[1-9])(?!\d)"),
)
_URL_MONTH = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-_/]?(0[1-9]|1[0-2])(?!\d)")


def parse_iso(value: str | None) -> dt.date | None:
    """Read an ISO date (or datetime) string; ``None`` where it is not one."""
    if not value:
        return None
    match = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def date_from_url(url: str | None) -> dt.date | None:
    """The publication date a URL path carries, if any."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for pattern in _URL_PATTERNS:
        for match in pattern.finditer(path):
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def year_from_url(url: str | None) -> tuple[int, int] | None:
    """(year, month) of a URL that gives only a month (``/201603/04/``)."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    match = _URL_MONTH.search(path)
    return (int(match[1]), int(match[2])) if match else None


def publication_date(published: str | None, url: str | None) -> dt.date | None:
    """Publication date from metadata, else from the URL."""
    return parse_iso(published) or date_from_url(url)


def resolve(month: int, day: int | None, year: int | None, pub: dt.date | None,
            pub_month: tuple[int, int] | None = None) -> str | None:
    """Format an event date, inferring a missing year from publication.

    The year is the latest one that puts the date on or before publication.
    Month-only dates (``day is None``) give ``YYYY-MM``.
    """
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    if year is None:
        if pub is not None:
            year = pub.year
            if (month, day or 1) > (pub.month, pub.day):
                year -= 1
        elif pub_month is not None:
            year = pub_month[0] if month <= pub_month[1] else pub_month[0] - 1
    if day is None:
        return f"{year:04d}-{month:02d}" if year else None
    if year is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"XXXX-{month:02d}-{day:02d}"


def shift(pub: dt.date | None, days: int) -> str | None:
    """``yesterday``/``today``/昨天 against the publication date."""
    if pub is None:
        return None
    return (pub + dt.timedelta(days=days)).isoformat()
