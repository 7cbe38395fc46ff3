"""China's province-level divisions (from the shipped gazetteer) and the province of each stored event.

An event's province is that of its place, else that of the place of a
government party; ``events.province_code`` holds it (migration ``0005_i11``
fills it for older databases, ingest and corrections keep it current).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Connection, bindparam, text

GAZETTEER = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "cn_divisions.tsv"

# the province map names the autonomous regions and SARs by their short names
_MAP_NAMES = {"150000": "内蒙古", "450000": "广西", "540000": "西藏", "640000": "宁夏", "650000": "新疆",
              "810000": "香港", "820000": "澳门", "710000": "台湾"}


@functools.cache
def provinces() -> dict[str, dict[str, str]]:
    """Province-level divisions: code -> {code, en, zh (short, as on the map), zh_full}."""
    out = {}
    with GAZETTEER.open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            if row.get("level") == "province":
                out[row["adcode"]] = {"code": row["adcode"], "en": row["name_en"], "zh": row["short_zh"],
                                      "zh_full": row.get("name_zh", row["short_zh"])}
    for code, short in _MAP_NAMES.items():
        if code in out:
            out[code]["zh"] = short
    return out


def province_code(code: str | None) -> str | None:
    """The province-level code of a 6-digit division code (None when it is not one)."""
    if code and len(code) == 6 and code.isdigit():
        prov = code[:2] + "0000"
        return prov if prov in provinces() else None
    return None


def find_province(value: str) -> str | None:
    """The code of a province named ``value`` (code, English or Chinese, short or full), else None."""
    from pactgraph.resolve.names import place_key

    value = value.strip()
    table = provinces()
    if value in table:
        return value
    key = place_key(value)
    for code, prov in table.items():
        names = (prov["en"], prov["zh"], prov["zh_full"], prov["en"].replace(" ", ""))
        if key and key in {place_key(n) for n in names if n}:
            return code
    return None


_FROM_PLACE = (
    "UPDATE events SET province_code = (SELECT substr(p.code, 1, 2) || '0000' FROM entities p "
    "WHERE p.id = events.place_id AND p.country = 'CN' AND length(p.code) = 6) WHERE document_id IN :docs"
)
_FROM_PARTY = (
    "UPDATE events SET province_code = (SELECT substr(min(pl.code), 1, 2) || '0000' FROM event_parties ep "
    "JOIN entities g ON g.id = ep.entity_id JOIN entities pl ON pl.id = g.place_id "
    "WHERE ep.event_id = events.id AND pl.country = 'CN' AND length(pl.code) = 6) "
    "WHERE document_id IN :docs AND province_code IS NULL"
)


def refresh_event_provinces(conn: Connection, document_ids: Sequence[str]) -> None:
    """Set ``events.province_code`` of the events of these documents (after their places or parties changed)."""
    docs = list(dict.fromkeys(document_ids))
    for start in range(0, len(docs), 500):
        chunk = docs[start : start + 500]
        for sql in (_FROM_PLACE, _FROM_PARTY):
            conn.execute(text(sql).bindparams(bindparam("docs", expanding=True)), {"docs": chunk})
