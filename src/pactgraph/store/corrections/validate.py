"""Reviewers' values checked against the record contract before they are saved.

Dates must be real calendar dates in RECORD.md's forms, sectors taxonomy codes,
roles, event types and agreement kinds those of :mod:`pactgraph.record`,
provinces and countries known to the gazetteer, merge targets existing
entities. Every refusal is an :class:`InvalidChange` naming the field and why.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from importlib import resources
from typing import Any

from pactgraph.record import AGREEMENT_KINDS, EVENT_TYPES, ROLES
from pactgraph.store.corrections.changes import EVENT_FIELDS


class InvalidChange(ValueError):
    """A value the record contract does not allow; the message says which field and why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


_FULL = re.compile(r"^(\d{4}|XXXX)-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
YEARS = (1900, 2100)


@functools.cache
def sector_codes() -> frozenset[str]:
    from pactgraph.extract.shared.codes import taxonomy

    return frozenset(taxonomy().get("fields") or {})


@functools.cache
def _gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """Province-level names (English, Chinese, short Chinese) and ISO country codes."""
    folder = resources.files("pactgraph.data").joinpath("gazetteer")
    provinces: set[str] = set()
    lines = folder.joinpath("cn_divisions.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        if row.get("level") == "province":
            provinces |= {row["name_en"].lower(), row["name_zh"], row["short_zh"]}
            provinces |= {a.lower() for a in (row.get("aliases_en") or "").split("|") if a}
    countries = {line.split("\t")[0] for line in folder.joinpath("countries.tsv").read_text(encoding="utf-8")
                 .splitlines()[1:] if line}
    return frozenset(provinces), frozenset(countries)


def real_date(value: Any, field: str = "date") -> str | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``XXXX-MM-DD`` naming a day or month that exists; empty is None."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidChange(field, f"{value!r} is not a date")
    text = value.strip()
    full, month = _FULL.match(text), _MONTH.match(text)
    if not (full or month):
        raise InvalidChange(field, f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or XXXX-MM-DD")
    year = (full or month).group(1)  # type: ignore[union-attr]
    if year != "XXXX" and not YEARS[0] <= int(year) <= YEARS[1]:
        raise InvalidChange(field, f"{text!r}: the year must be between {YEARS[0]} and {YEARS[1]}")
    m = int((full or month).group(2))  # type: ignore[union-attr]
    if not 1 <= m <= 12:
        raise InvalidChange(field, f"{text!r} is not a real date: there is no month {m}")
    if full:
        d = int(full.group(3))
        try:
            dt.date(2000 if year == "XXXX" else int(year), m, d)  # 2000 is a leap year: XXXX-02-29 exists
        except ValueError:
            raise InvalidChange(field, f"{text!r} is not a real date: month {m} has no day {d}") from None
    return text


def _place(value: Any) -> dict[str, Any] | None:
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict) or not str(value.get("name") or "").strip():
        raise InvalidChange("place", "a place needs a name")
    unknown = set(value) - {"name", "admin1", "country", "evidence"}
    if unknown:
        raise InvalidChange("place", f"unknown key(s) {', '.join(sorted(unknown))}")
    provinces, countries = _gazetteer()
    admin1 = str(value.get("admin1") or "").strip() or None
    if admin1 and admin1.lower() not in provinces and admin1.removesuffix("省").removesuffix("市") not in provinces:
        raise InvalidChange("place", f"{admin1!r} is not a province-level division of China "
                                     "(write it in English or Chinese: Henan / 河南)")
    country = str(value.get("country") or "").strip().upper() or None
    if country and country not in countries:
        raise InvalidChange("place", f"{country!r} is not an ISO 3166 alpha-2 country code (CN, DE ...)")
    return {"name": str(value["name"]).strip()[:200], "admin1": admin1, "country": country}


def _names(field: str, value: Any, limit: int) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidChange(field, "a list of names")
    names = [v.strip()[:300] for v in value if v.strip()]
    if len(names) > limit:
        raise InvalidChange(field, f"at most {limit}")
    return list(dict.fromkeys(names))


def _participants(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise InvalidChange("participants", "a list of {person, role}")
    if len(value) > 200:
        raise InvalidChange("participants", "at most 200")
    out, seen = [], set()
    for item in value:
        if not isinstance(item, dict) or not str(item.get("person") or "").strip():
            raise InvalidChange("participants", "each participant needs a person")
        role = item.get("role")
        if role not in ROLES:
            raise InvalidChange("participants", f"{item['person']}: unknown role {role!r} "
                                                f"(one of {', '.join(ROLES)})")
        person = str(item["person"]).strip()[:200]
        if person in seen:
            raise InvalidChange("participants", f"{person} is listed twice: give one role (RECORD.md's order "
                                                "decides: signatory, witness, host, visitor, speaker, attendee)")
        seen.add(person)
        out.append({"person": person, "role": role})
    return out


def _sectors(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidChange("fields", "a list of sector codes")
    codes = list(dict.fromkeys(v.strip() for v in value if v.strip()))
    unknown = [c for c in codes if c not in sector_codes()]
    if unknown:
        raise InvalidChange("fields", f"unknown sector code(s) {', '.join(unknown)} (see taxonomy.yaml)")
    return codes


def event_value(field: str, value: Any) -> Any:
    """The normalised value of one event field, or :class:`InvalidChange`."""
    if field == "type":
        if value not in EVENT_TYPES:
            raise InvalidChange("type", f"unknown event type {value!r} (one of {', '.join(EVENT_TYPES)})")
        return value
    if field == "agreement_kind":
        if value in (None, ""):
            return None
        if value not in AGREEMENT_KINDS:
            raise InvalidChange("agreement_kind", f"unknown agreement kind {value!r} "
                                                  f"(one of {', '.join(AGREEMENT_KINDS)})")
        return value
    if field == "date":
        return real_date(value)
    if field == "place":
        return _place(value)
    if field == "parties":
        return _names("parties", value, 100)
    if field == "participants":
        return _participants(value)
    if field == "fields":
        return _sectors(value)
    raise InvalidChange(field, f"cannot be corrected (one of {', '.join(EVENT_FIELDS)})")


def event_changes(changes: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """All fields of one event correction, checked together (an agreement kind needs an agreement)."""
    values = {f: event_value(f, v) for f, v in changes.items()}
    etype = values.get("type", current.get("type"))
    kind = values.get("agreement_kind", current.get("agreement_kind") if "type" not in values else None)
    if kind is not None and etype != "agreement":
        raise InvalidChange("agreement_kind", f"only an agreement has a kind (this event is a {etype})")
    if "type" in values and etype != "agreement" and current.get("agreement_kind") and "agreement_kind" not in values:
        values["agreement_kind"] = None
    return values


def position_value(value: Any) -> dict[str, Any] | None:
    """A position ``{"title", "org"}`` (None removes it)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidChange("position", "a position is {title, org}")
    unknown = set(value) - {"title", "org"}
    if unknown:
        raise InvalidChange("position", f"unknown key(s) {', '.join(sorted(unknown))}")
    title = str(value.get("title") or "").strip()
    if not title:
        raise InvalidChange("position", "a position needs a title")
    org = str(value.get("org") or "").strip() or None
    return {"title": title[:300], "org": org[:300] if org else None}


def evidence_items(evidence: Any, text: str | None) -> list[dict[str, Any]]:
    """What a reviewer relied on: spans of the document text (``start``/``end``, or a ``quote`` found in
    it) and outside sources (``url``); spans get their quote. Without a document (``text`` None: merges,
    splits) a quote is kept as given."""
    if evidence in (None, "", []):
        return []
    if not isinstance(evidence, list) or len(evidence) > 20:
        raise InvalidChange("evidence", "a list of at most 20 items")
    out = []
    for item in evidence:
        if isinstance(item, str):
            item = {"url": item} if re.match(r"^https?://", item.strip()) else {"quote": item}
        if not isinstance(item, dict):
            raise InvalidChange("evidence", "each item is {start, end}, {quote} or {url}")
        if "url" in item:
            url = str(item["url"]).strip()
            if not re.match(r"^https?://\S+$", url) or len(url) > 2000:
                raise InvalidChange("evidence", f"{url[:80]!r} is not an http(s) URL")
            out.append({"url": url, **({"quote": str(item["quote"])[:1000]} if item.get("quote") else {})})
            continue
        if text is None and ("start" in item or "end" in item):
            raise InvalidChange("evidence", "spans need a document: give a quote or a URL")
        body = text or ""
        if "start" in item or "end" in item:
            start, end = item.get("start"), item.get("end")
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(body)):
                raise InvalidChange("evidence", f"span {start}-{end} is not inside the document "
                                                f"(0-{len(body)})")
            out.append({"start": start, "end": end, "quote": body[start:end][:1000]})
            continue
        quote = str(item.get("quote") or "").strip()
        if not quote:
            raise InvalidChange("evidence", "each item is {start, end}, {quote} or {url}")
        if text is None:
            out.append({"quote": quote[:1000]})
            continue
        found = body.find(quote)
        if found < 0:
            raise InvalidChange("evidence", f"the quote {quote[:60]!r} is not in the document text")
        out.append({"start": found, "end": found + len(quote), "quote": quote[:1000]})
    return out


def reason_text(reason: Any) -> str | None:
    text = str(reason or "").strip()
    if len(text) > 2000:
        raise InvalidChange("reason", "at most 2000 characters")
    return text or None
