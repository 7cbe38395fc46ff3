"""Name normalisation shared by resolution, search and the knowledge base.

All keys are: Unicode NFKC, traditional to simplified Chinese (OpenCC, where
installed), lower case, punctuation and white space removed. Organization keys
also drop legal-form suffixes (``Co., Ltd.``, ``有限公司``) and a leading
``the``; person keys drop honorifics.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_converter: object | None = None
_converter_loaded = False


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese; unchanged where OpenCC is missing or text has no CJK."""
    if len(text) <= 64:
        return _to_simplified_short(text)
    return _to_simplified(text)


@lru_cache(maxsize=65536)
def _to_simplified_short(text: str) -> str:
    return _to_simplified(text)


def _to_simplified(text: str) -> str:
    global _converter, _converter_loaded
    if not has_cjk(text):
        return text
    if not _converter_loaded:
        _converter_loaded = True
        try:
            import opencc

            _converter = opencc.OpenCC("t2s")
        except Exception:  # noqa: BLE001 - OpenCC is optional: without it names stay as written
            _converter = None
    if _converter is None:
        return text
    return _converter.convert(text)  # type: ignore[attr-defined]


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
# pinyin debris inside Chinese text: 集團(tuán)
_PINYIN_PAREN = re.compile(r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü\s]+[)）]")


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """The comparison key of any name: NFKC, simplified, lower case, no punctuation or spaces."""
    text = unicodedata.normalize("NFKC", name or "")
    text = _PINYIN_PAREN.sub("", text)
    text = to_simplified(text).lower().replace("&", "and")
    return _PUNCT.sub("", text)


_LEGAL_EN = re.compile(
    r"(?:[\s,]+(?:co\.?|company|corp\.?|corporation|inc\.?|incorporated|ltd\.?|limited|llc|plc|"
    r"\(group\)|\(holdings\)))+\s*\.?\s*$",
    re.IGNORECASE,
)
_LEGAL_ZH = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|股份公司|集团公司)$")
_THE = re.compile(r"^the\s+", re.IGNORECASE)


@lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """Key of an organization name without legal-form words (``Co., Ltd.``, ``有限公司``)."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    text = _PINYIN_PAREN.sub("", text)
    text = _THE.sub("", text)
    text = to_simplified(text)
    for _ in range(3):
        stripped = _LEGAL_EN.sub("", text).strip()
        stripped = _LEGAL_ZH.sub("", stripped).strip()
        if stripped == text or not stripped:
            break
        text = stripped
    return normalize(text)


_HONORIFIC_EN = re.compile(r"^(?:mr|mrs|ms|miss|dr|prof|professor|comrade|sir|madam)\.?\s+", re.IGNORECASE)
_HONORIFIC_ZH = re.compile(r"(?:同志|先生|女士|博士|教授)$")


@lru_cache(maxsize=65536)
def person_key(name: str) -> str:
    """Key of a person's name: honorifics removed, then :func:`normalize`."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    text = _HONORIFIC_EN.sub("", text)
    text = _HONORIFIC_ZH.sub("", text)
    return normalize(text)


_PLACE_SUFFIX_EN = re.compile(r"\s+(?:city|county|province|municipality|district|prefecture|league)$", re.IGNORECASE)
_PLACE_SUFFIX_ZH = re.compile(r"(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|市|县|省|区|盟|旗)$")


@lru_cache(maxsize=65536)
def place_key(name: str) -> str:
    """Key of a place name: trailing place words (city, 市, 省 ...) removed, then :func:`normalize`."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    text = to_simplified(text)
    stripped = _PLACE_SUFFIX_EN.sub("", text)
    if has_cjk(stripped) and len(stripped) > 2:
        stripped = _PLACE_SUFFIX_ZH.sub("", stripped) or stripped
    return normalize(stripped)


_SMALL_WORDS = {"of", "and", "the", "for", "&", "de", "in", "on"}


def acronym(name: str) -> str | None:
    """Initials of an English name's significant words (``State Power Investment Corporation`` -> ``SPIC``).

    Legal-form words are dropped except a final ``Corporation``/``Company``,
    whose C often belongs to the acronym; None for Chinese or one-word names.
    """
    if has_cjk(name):
        return None
    words = [w for w in re.split(r"[\s\-/]+", re.sub(r"[(),.]", " ", name)) if w]
    words = [w for w in words if w.lower() not in _SMALL_WORDS and w.lower() not in {"ltd", "limited", "co", "inc"}]
    if len(words) < 2:
        return None
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def looks_like_acronym(name: str) -> bool:
    """``CPID``, ``SPIC``, ``PowerChina``? Short tokens of mostly capitals without spaces."""
    text = name.strip()
    if not text or " " in text or has_cjk(text) or len(text) > 8:
        return False
    caps = sum(1 for ch in text if ch.isupper())
    return caps >= 2 and caps >= len(text) // 2
