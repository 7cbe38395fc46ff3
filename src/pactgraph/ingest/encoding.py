"""Bytes of a web page to text: the declared charset when it decodes, else charset-normalizer's guess.

Chinese sites still serve GBK, GB18030 and Big5, often with a wrong or
missing declaration. The order follows the HTML standard's sniffing: a byte
order mark, the HTTP ``Content-Type`` charset, a ``<meta charset>`` (or
``http-equiv``) in the first bytes, then valid UTF-8, then detection. A
declared charset that does not decode the bytes cleanly is ignored rather
than trusted. Declared Chinese charsets are widened to the superset
browsers use (GB2312/GBK read as GB18030, Big5 as cp950), as the WHATWG
encoding standard does.
"""

from __future__ import annotations

import codecs
import re

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# the WHATWG prescan looks for the declaration in the first 1024 bytes; pages put comments and scripts
# first often enough that 4 KB is read here (a regex on ASCII bytes: no library does this prescan on bytes)
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
          "big5": "cp950", "x-x-big5": "cp950", "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
          "us-ascii": "cp1252"}


def _normal(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _WIDER.get(label, _WIDER.get(name, name))


def declared_charset(raw: bytes) -> str | None:
    """The charset a ``<meta>`` tag in the first bytes declares, normalised (None if none or unknown)."""
    match = _META.search(raw[:4096])
    return _normal(match.group(1).decode("ascii", "replace")) if match else None


def charset_of_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^;\"'\s]+)", content_type, re.IGNORECASE)
    return _normal(match.group(1)) if match else None


def decode_html(raw: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The page's text and the encoding it was read with."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw.decode(name, errors="replace"), name
    for candidate in (charset_of_content_type(content_type), declared_charset(raw)):
        if candidate:
            try:
                return raw.decode(candidate), candidate
            except (UnicodeDecodeError, LookupError):
                continue
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding:
        name = _normal(best.encoding) or best.encoding
        try:
            return raw.decode(name), name
        except (UnicodeDecodeError, LookupError):
            return str(best), best.encoding
    return raw.decode("utf-8", errors="replace"), "utf-8"
