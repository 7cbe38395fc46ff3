"""People of an English article: names, their titles and organisations.

Chinese names romanised in English ("Zhao Wenfeng", "Kezhen Xu",
"LvZhengzhong") are recognised by pinyin shape and a surname list, because a
general English NER model misses or mislabels many of them; other names come
from spaCy's PERSON entities. Titles attach through the shapes the genre
uses: "NAME, TITLE of ORG and TITLE of ORG", "TITLE of ORG NAME", "ORG TITLE
NAME", "TITLE NAME of ORG", "Vice Presidents A and B of ORG".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pactgraph.extract.en.lexicon import Lexicon
from pactgraph.extract.en.orgs import HEADLINE_VERB

_TOKEN = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z][a-z]+")
_HONORIFIC = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr|Madam|Comrade|Sir)\.?\s*)$")
COMPANY_REF = "\x00company"
"""Placeholder org of "the company's General Manager", resolved to the article's main company."""
_COMPANY_POSSESSIVE = re.compile(r"(?:the\s+)?(?:company|group|corporation|firm|enterprise)['’]s\s+", re.I)
_LOWER_ORG = re.compile(r"(?:[a-z]+\s+){1,4}(?:group|company|corporation|committee|government|bureau|commission)"
                        r"(?![\w-])")
_DEMONYMS = {"French": "France", "Chinese": "China", "Kazakh": "Kazakhstan", "Uzbek": "Uzbekistan",
             "German": "Germany", "British": "United Kingdom", "American": "United States", "Russian": "Russia",
             "Japanese": "Japan", "Korean": "South Korea", "Italian": "Italy", "Spanish": "Spain",
             "Saudi": "Saudi Arabia", "Pakistani": "Pakistan", "Indonesian": "Indonesia", "Thai": "Thailand",
             "Vietnamese": "Vietnam", "Egyptian": "Egypt", "Brazilian": "Brazil", "Kyrgyz": "Kyrgyzstan",
             "Turkmen": "Turkmenistan", "Tajik": "Tajikistan", "Singaporean": "Singapore", "Malaysian": "Malaysia",
             "Australian": "Australia", "Canadian": "Canada", "Hungarian": "Hungary", "Serbian": "Serbia",
             "Greek": "Greece", "Portuguese": "Portugal", "Dutch": "Netherlands", "Belgian": "Belgium",
             "Swiss": "Switzerland", "Austrian": "Austria", "Mongolian": "Mongolia", "Lao": "Laos",
             "Cambodian": "Cambodia", "Philippine": "Philippines", "Indian": "India", "Iranian": "Iran",
             "Emirati": "United Arab Emirates", "Argentine": "Argentina", "Chilean": "Chile",
             "Nigerian": "Nigeria", "Kenyan": "Kenya", "Ethiopian": "Ethiopia", "South African": "South Africa"}
"""Nationality adjectives before a title ("French Prime Minister"): the title belongs to the country.
Written by hand: a dozen-line table is simpler than a dependency for it."""
_GOV_TITLE = re.compile(r"\b(?:mayor|governor|secretary|secretory|member|magistrate|head|premier|minister|"
                        r"president of (?:the )?(?:republic|state)|chairman of the autonomous region|"
                        r"commissioner|director|executive chief|standing committee)\b", re.I)


@dataclass
class NameMention:
    start: int
    end: int
    name: str          # normalised display name ("Lv Zhengzhong")
    source: str        # "pinyin", "ner", "title"


@dataclass
class TitleItem:
    title: str
    title_span: tuple[int, int]
    org: str | None = None
    org_span: tuple[int, int] | None = None
    how: str = ""
    """How the title and its organisation were read (a confidence feature): after / before / pre_org / ..."""


@dataclass
class PersonInfo:
    name: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    positions: list[TitleItem] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    """How the name was found: pinyin shape, NER, both (a confidence feature)."""

    @property
    def surname(self) -> str:
        return self.name.split()[0]


class NameFinder:
    """Finds person names; needs the lexicon and a place test to tell names from places."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def chinese_names(self, text: str, start: int, end: int) -> list[NameMention]:
        """Two or three capitalised pinyin words with a Chinese surname at one end."""
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
        out = []
        i = 0
        while i < len(tokens) - 1:
            (s1, e1, t1), (s2, e2, t2) = tokens[i], tokens[i + 1]
            gap = text[e1:s2]
            if gap not in {" ", ""} or (gap == "" and not t1.isalpha()):
                i += 1
                continue
            glued = gap == ""
            if t1 in self.lex.surnames and not self.lex.is_pinyin_word(t2, 3):
                glued = re.match(r"([A-Z][a-z]+?)(hosted|attended|visited|said|met|and|inspected|was|were|had|has)$",
                                 t2)
                if glued and self.lex.is_pinyin_word(glued[1], 2) and len(glued[1]) > 2:
                    t2, e2 = glued[1], s2 + len(glued[1])
            surname_first = t1 in self.lex.surnames and self.lex.is_pinyin_word(t2, 3) and len(t2) > 1
            surname_last = (self.lex.is_pinyin_word(t1, 3) and t2 in self.lex.surnames and len(t1) > 2
                            and not glued and t1 not in self.lex.surnames)
            if surname_first or surname_last:
                name = f"{t1} {t2}"
                out.append(NameMention(s1, e2, name, "pinyin" if surname_first else "pinyin-reversed"))
                i += 2
                continue
            i += 1
        return out

    def is_credit(self, text: str, m: NameMention) -> bool:
        """Bylines: "reporter Zhang Kui", "(Xinhua/Mu Yu)", "Edited by ...", "He Maofeng / for China Daily"."""
        before = text[max(0, m.start - 40):m.start]
        after = text[m.end:m.end + 25]
        if any(p.search(before) for p in self.lex.credits):
            return True
        return bool(re.match(r"\s*/\s*(?:for\s+)?[A-Z]", after) or re.match(r"\s*\)\s*$", after[:2]) and
                    "/" in before[-15:])


class TitleParser:
    """Reads the titles written around a person's name."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex

    def title_at(self, text: str, pos: int) -> re.Match[str] | None:
        m = self.lex.title.match(text, pos)
        if m and m.group().lower() in self.lex.not_titles:
            return None
        return m

    def org_text(self, text: str, span: tuple[int, int]) -> str:  # noqa: D102
        """The organisation written at ``span``; "the company's ..." becomes :data:`COMPANY_REF`."""
        return COMPANY_REF if _COMPANY_POSSESSIVE.match(text, span[0], span[1] + 1) else text[span[0]:span[1]]

    def org_span(self, text: str, pos: int, stop: list[tuple[int, int]], limit: int) -> tuple[int, int] | None:
        """The organisation or place name starting at ``pos`` ("Changchun Municipal Party Committee")."""
        cm = _COMPANY_POSSESSIVE.match(text, pos, limit)
        if cm:
            lm = _LOWER_ORG.match(text, cm.end(), limit)
            return (pos, lm.end() if lm else cm.end())
        m = re.match(r"(?:the\s+|The\s+)?", text[pos:limit])
        p = pos + (m.end() if m else 0)
        lm = _LOWER_ORG.match(text, p, limit)
        if lm and text[p:p + 1].islower():
            return (p, lm.end())
        start = p
        end = p
        lower_ok = {"of", "and", "for", "the", "de", "autonomous", "region", "party", "committee", "municipal",
                    "provincial", "government", "city", "county", "district", "group", "company", "&"}
        while p < limit:
            if any(s <= p < e for s, e in stop):
                break
            tm = re.match(r"[A-Z0-9][\w&'’.-]*|[a-z]+|,\s*(?=Ltd|Inc|Limited|Co\b)", text[p:limit])
            if not tm:
                break
            word = tm.group()
            if word[0].islower() and word not in lower_ok:
                break
            if word in {"and", "&"}:
                nxt = text[p + len(word):limit].lstrip()
                nxt_pos = limit - len(text[p + len(word):limit]) + (len(text[p + len(word):limit]) - len(nxt))
                if self.title_at(text, nxt_pos) or any(s == nxt_pos for s, _ in stop) or not nxt[:1].isupper():
                    break
            if self.title_at(text, p) and end > start:
                break
            if end > start and HEADLINE_VERB.fullmatch(word):
                break  # "Sinopec Holdings Visits Quanzhou": a title-case headline's verb ends the name
            p += len(word)
            if word not in {"of", "and", "for", "the", "de", "&"}:
                end = p
            sp = re.match(r"[ ]+|,\s*(?=Ltd|Inc|Limited)", text[p:limit])
            if sp:
                p += sp.end()
        while end > start and text[end - 1] in ".,'’":
            if text[start:end].endswith(("Co.", "Ltd.", "Inc.", "Corp.")):
                break
            end -= 1
        if text[start:end].endswith(("'s", "’s")):
            end -= 2
        if end <= start or text[start:end].lower() in {"the", "company", "the company"}:
            return None
        return (start, end)

    def group_after(self, text: str, pos: int, stop: list[tuple[int, int]], limit: int) -> list[TitleItem]:
        """``, Chairman of CPID and Chief Engineer (New Energy) of SPIC`` after a name."""
        items: list[TitleItem] = []
        p = pos
        while p < limit:
            m = re.match(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)?(?:the\s+|a\s+|an\s+|also\s+)?", text[p:limit])
            q = p + (m.end() if m else 0)
            possessive = _COMPANY_POSSESSIVE.match(text, q, limit)
            if possessive:
                q = possessive.end()
            if items == [] and not text[pos:q].lstrip().startswith(","):
                break
            tm = self.title_at(text, q)
            if not tm:
                break
            gap = re.match(r"\s*(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s*)?", text[tm.end():limit])
            if any(s == tm.end() + (gap.end() if gap else 0) for s, _ in stop):
                break
            title_end = tm.end()
            title = tm.group()
            paren = re.match(r"\s*\(([^)]{1,30})\)", text[title_end:limit])
            if paren and not re.match(r"\s*\(\s*[A-Z]{2,}\s*\)", paren.group()):
                title_end += paren.end()
                title = text[tm.start():title_end]
            item = TitleItem(title=title.strip(), title_span=(tm.start(), title_end), how="after")
            if possessive:
                item.org = COMPANY_REF
            p = title_end
            om = re.match(r"\s+(?:of|at|from|in)\s+", text[p:limit])
            if om:
                span = self.org_span(text, p + om.end(), stop, limit)
                if span:
                    item.org, item.org_span = self.org_text(text, span), span
                    item.how = "after_of"
                    p = span[1]
            items.append(item)
            nxt = re.match(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)(?:the\s+|a\s+)?", text[p:limit])
            if not nxt or not self.title_at(text, p + nxt.end()):
                break
        return items

    def _title_ending_at(self, text: str, end: int, sent_start: int, stop: list[tuple[int, int]]
                         ) -> TitleItem | None:
        """The title (with its "of ORG") that ends exactly at ``end``, the farthest start first."""
        for back in range(min(160, end - sent_start), 0, -1):
            s = end - back
            if s > sent_start and text[s - 1].isalnum():
                continue
            tm = self.title_at(text, s)
            if not tm:
                continue
            tail = text[tm.end():end]
            item = TitleItem(title=tm.group().strip(), title_span=(tm.start(), tm.end()), how="before")
            if tail.strip() == "":
                return item
            om = re.match(r"\s+(?:of|at|from|to)\s+", tail)
            if not om:
                continue
            span = self.org_span(text, tm.end() + om.end(), stop, end)
            if not span or span[1] < end - 1:
                continue
            item.org, item.org_span = self.org_text(text, span), span
            item.how = "before_of"
            return item
        return None

    def _names_a_body(self, name: str) -> bool:
        """Whether a written name is an organisation's or a place's: an organisation word ends it, or an
        acronym or place word is in it ("Science and Technology Equipment" is a field, not a body)."""
        words = name.split()
        strong = self.lex.org_suffixes - self.lex.weak_org_suffixes
        return bool(words) and (words[-1].rstrip(".,") in strong or words[-1].rstrip(".,s") in strong or
                                any(w.isupper() and len(w) >= 2 for w in words) or
                                bool(re.search(r"\b(?:City|Province|County|District|Region|Area|Zone|Party|"
                                               r"Committee|State Council|Republic|Kingdom)\b", name)) or
                                len(words) <= 2 and not re.search(r"\b(?:and|of)\b", name))

    def group_before(self, text: str, name_start: int, sent_start: int, stop: list[tuple[int, int]]
                     ) -> list[TitleItem]:
        """``Secretary of CPC Jinshan District Committee`` / ``Jinshan District Executive Chief`` before a name;
        enumerated titles too ("State Grid Party Secretary and Chairman NAME", "TITLE of X, TITLE of Y, NAME")."""
        head = text[sent_start:name_start]
        head_stripped = _HONORIFIC.sub("", head.rstrip())
        honorific = len(head.rstrip()) - len(head_stripped)
        end = sent_start + len(head_stripped.rstrip(" ,"))
        comma = bool(re.search(r",\s*$", head_stripped))
        if name_start - end - honorific > 3 and not comma:
            return []
        item = self._title_ending_at(text, end, sent_start, stop)
        if item is None:
            return []
        items = [item]
        # enumerated titles before the first one: "Deputy Secretary of the X Committee and Governor NAME"
        while True:
            cm = re.search(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)$", text[sent_start:items[0].title_span[0]])
            if not cm or cm.start() == 0:
                break
            prev = self._title_ending_at(text, sent_start + cm.start(), sent_start, stop)
            if prev is None:
                break
            items.insert(0, prev)
        s = items[0].title_span[0]
        # "TITLE, NAME" only where the title opens the clause: "met with the Chairman of X, NAME", not
        # "NAME1, Chairman of X, NAME2" (there the title is NAME1's; the reader settles such overlaps)
        if comma and not re.search(r"(?i:^|,|\b(?:and|with|by|the|including|as well as|namely|are|were|was|is))\s*$",
                                   text[sent_start:s]):
            return []
        first = items[0]
        # "NEA Deputy Head of Science and Technology Equipment NAME": an "of" part that names no body belongs
        # to the title, and the organisation is the one written before it
        if first.org and first.org_span and len(items) == 1 and not self._names_a_body(first.org) and \
                re.search(r"(?:^|[^\w,])[A-Z][\w&'’.-]*\s+$", text[max(sent_start, s - 80):s]) and \
                not re.search(r"(?:^|\b(?:the|and|with|by|of))\s*$", text[max(sent_start, s - 6):s]):
            first.title = text[first.title_span[0]:first.org_span[1]]
            first.title_span = (first.title_span[0], first.org_span[1])
            first.org, first.org_span = None, None
        # an organisation written before the title: "Jinshan District Executive Chief"
        if first.org is None:
            pre = text[max(sent_start, s - 80):s]
            pm = re.search(r"((?:[A-Z][\w&'’.-]*|of|the)(?:\s+(?:[A-Z][\w&'’.-]*|of|the))*)\s+$", pre)
            words = pm.group(1).split() if pm else []
            while words and words[0][0].islower():
                words = words[1:]
            while words and words[0] in {"On", "In", "At", "The", "And", "With", "By", "According", "Later",
                                         "Meanwhile", "Recently", "Accompanied", "Both"}:
                words = words[1:]
            prefix = " ".join(words)
            if re.search(r"\b(?:company|Company|group|Group)['’]s\s+$", pre):
                first.org = COMPANY_REF
            elif prefix in _DEMONYMS:
                first.org = _DEMONYMS[prefix]
            elif prefix and prefix[0].isupper() and not prefix.endswith(("'s", "’s")):
                org_start = s - len(pm.group(0)) + (len(pm.group(1)) - len(prefix))
                if not any(a <= org_start < b for a, b in stop):
                    first.org, first.org_span = prefix, (org_start, org_start + len(prefix))
                    first.how = "pre_org"
            # the enumeration shares the organisation written before it ("State Grid Party Secretary and Chairman")
            if first.org is not None:
                for it in items[1:]:
                    if it.org is None:
                        it.org, it.org_span, it.how = first.org, first.org_span, "pre_org_shared"
        return items


def singular(title: str) -> str:
    """"Vice Presidents" -> "Vice President" (a plural title before several names)."""
    if " of " in title:  # "members of the Party Committee": the head before "of" is the plural
        head, rest = title.split(" of ", 1)
        return f"{singular(head)} of {rest}"
    return re.sub(r"(?<=[a-z])(?:es|s)$", "", title) if re.search(r"(?:ents|ors|aries|ers|ans|ads|ies|bers)$",
                                                                    title) else title


def is_gov_title(title: str) -> bool:
    return bool(_GOV_TITLE.search(title))
