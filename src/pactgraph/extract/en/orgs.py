"""Organisation mentions in English text and their grouping into organisations.

Sources, merged: spaCy's ORG entities (noisy on Chinese names), shapes of
government and party bodies ("People's Government of X", "CPC X Committee"),
capitalised spans ending in an organisation word ("... Co., Ltd.", "...
Group"), acronyms, and acronym definitions in brackets. Mentions group into
one organisation by acronym definitions, initials and short forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pactgraph.extract.en.lexicon import Lexicon

_CAP = r"(?:[A-Z][\w&'’.-]*|\d+(?:st|nd|rd|th)|[A-Z]{2,}\w*)"
_CONNECT = r"(?:of|and|for|the|de|du|on|&)"
_LEGAL = r"(?:,?\s*(?:Co\.,?\s*Ltd\.?|Co\.|Ltd\.?|Limited|Inc\.?|Corp\.?|LLC|PLC|S\.A\.|AG|GmbH))"
_GOV_SHAPES = [
    # People's Government of (the) Inner Mongolia Autonomous Region
    rf"(?:the\s+)?People['’]s\s+Government\s+of\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,4}}",
    # government of the autonomous region / government of Xinjin District
    rf"(?:the\s+)?[Gg]overnment\s+of\s+(?:the\s+)?(?:{_CAP}(?:\s+{_CAP}){{0,4}}|autonomous\s+region|province|city)",
    # Party Committee of (the) X
    rf"(?:the\s+)?CPC\s+[Cc]ommittee\s+of\s+(?:the\s+)?(?:{_CAP}(?:\s+{_CAP}){{0,4}}"
    rf"|autonomous\s+region|province|city)",
    rf"(?:the\s+)?Party\s+[Cc]ommittee\s+of\s+(?:the\s+)?(?:{_CAP}(?:\s+{_CAP}){{0,4}}|autonomous\s+region"
    rf"|province|city)",
    rf"(?:the\s+)?Administrative\s+Offices?\s+of\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,3}}",
    # CPC Xilin Gol League Committee / CPC Jinshan District Committee
    rf"CPC\s+{_CAP}(?:\s+{_CAP}){{0,4}}\s+Committee",
]
_GOV_SHAPES.append(r"[“\"][A-Z][^”\"\n]{2,80}[”\"]\s+(?:[Aa]lliance|[Aa]ssociation|[Ff]ederation|[Ll]eague)")
_GOV_SHAPE = re.compile("|".join(f"(?:{s})" for s in _GOV_SHAPES))
HEADLINE_VERB = re.compile(r"(?:Signs?|Signed|Inks?|Reach(?:es)?|Hold|Holds|Held|Visits?|Visited|Meets?|Met|"
                           r"Attends?|Attended|Launch(?:es)?|Promotes?|Promote|Build|Builds|Join|Joins|Hosts?|"
                           r"Hosted|Inspected|Inspects?|Discuss(?:es)?|Deepen|Deepens|Strengthen|Says|Said|"
                           r"Continues|Opens|Opened|Teams|Conducts?|Pays?|Receives?|Received|Welcomes?|Tours?|"
                           r"Toured|Witness(?:es|ed)?|Leads?|Calls?|Explores?|Talks?)\b")
"""Verbs of a title-case headline ("X Visits Quanzhou and Meets Y"): a name never runs across one."""
_SUBUNIT = re.compile(r"(?:(?:the\s+)?(?:Leading\s+Party\s+Group|Party\s+Leadership\s+Group|Party\s+Group|"
                      r"(?:CPC\s+|Party\s+)?[Cc]ommittee|Board\s+of\s+(?:Directors|Supervisors)|Board|"
                      r"(?:[A-Z][\w&-]*\s+){1,4}(?:Department|Division))\s+of\s+(?:the\s+)?)(.+)$")
"""A body inside an organisation: "Leading Party Group of X", "International Business Department of the Group"."""
_BRACKET = re.compile(r"\(\s*([A-Z][A-Za-z&]{1,9}|[A-Z][\w .&-]{2,60}?)\s*\)")
_ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z0-9&]{1,7}|[A-Z][a-z]?[A-Z]{2,6}[a-z]?)(?![\w-])")
_GENERIC = {"Party Committee", "Standing Committee", "Board", "Board of Directors", "Group", "Company", "Directors",
            "Supervisors", "Board of Supervisors",
            "Government", "Committee", "Corporation", "Party", "CPC Committee", "Party Group"}
_AND_NOUNS = (r"(?:Reform|Information|Technology|Technologies|Gas|Environment|Environmental|Atomic|Urban|Rural|"
              r"Commerce|Trade|Planning|Transport|Transportation|Communications|Development|Construction|"
              r"Industry|Innovation|Finance|Tourism|Culture|Security|Safety|Forestry|Water|Ecology|Resources|"
              r"Chemical|Chemicals|Petrochemical|Engineering|Exploration|Production|Materials|Equipment|"
              r"Natural|Social|Economic|Electric|Electronics|Research|Design|Operation|Management|Services|"
              r"Supervision|Administration|Education|Health|Science|Sciences|Reform)")
_GENERIC_LOWER = {"government", "the government", "municipal government", "party committee", "the company",
                  "the group", "group", "company", "committee", "standing committee", "general"}
_LOWER_STOP = {"the", "a", "an", "and", "of", "on", "in", "at", "by", "with", "for", "to", "from", "as", "that",
               "which", "both", "its", "their"}
_LOWER_OK = {"of", "and", "for", "the", "de", "du", "on", "&"}
_STOP_HEADS = {"The", "A", "An", "On", "In", "At", "By", "As", "With", "From", "To", "During", "After", "Before",
               "According", "Under", "Since", "Both", "This", "That", "These", "Its", "His", "Her", "Their",
               "Mr", "Ms", "Mrs", "Dr", "Mr.", "Ms.", "Dr.", "Mrs.", "Meanwhile", "Furthermore", "However",
               "Also", "Later", "Lastly", "Recently", "Yesterday", "Today", "Currently", "Among",
               "Central", "Photo", "Image", "Reporter", "Home", "News", "Prev", "Next", "Latest", "Then"}


@dataclass
class OrgMention:
    start: int
    end: int
    text: str
    source: str  # "shape", "suffix", "ner", "acronym", "bracket", "slot"


@dataclass
class Org:
    """One organisation of a document: its longest name, aliases and mentions."""

    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[OrgMention] = field(default_factory=list)
    kind: str = "company"

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions) if self.mentions else 0


def clean_name(text: str) -> str:
    """Strip articles, possessives and stray punctuation around a name."""
    text = re.sub(r"\s+", " ", text).strip(" ,.;:'\"“”‘’()")
    text = re.sub(r"^(?:the|The)\s+", "", text)
    text = re.sub(r"['’]s$", "", text)
    if text.endswith(("Co", "Ltd", "Inc", "Corp")):
        text += "."
    return text


def norm_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", clean_name(text).lower())


def strip_legal(name: str) -> str:
    """"China Huaneng Group Co., Ltd." -> "China Huaneng": the short form analysts use."""
    out = re.sub(_LEGAL + r"$", "", name).strip(" ,")
    out = re.sub(r"\s+(?:Group|Holdings|Corporation|Company|Corporation Limited)$", "", out)
    return out


def initials(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", strip_legal(name)) if w.lower() not in _LOWER_OK]
    return "".join(w[0].upper() for w in words)


def org_kind(name: str) -> str:
    """RECORD.md's kinds from the shape of the name."""
    low = name.lower()
    if re.search(r"\b(?:party committee|cpc|party group|municipal committee|district committee|county committee|"
                 r"working committee|league committee|provincial committee|prefectural committee|"
                 r"discipline inspection)\b", low) or re.search(r"^(?:the\s+)?committee of\b", low):
        return "party"
    if re.search(r"\b(?:government|municipal|provincial|bureau|commission|department|ministry|administration|"
                 r"management committee|administrative|people's congress|people’s congress|cppcc|"
                 r"new area|development zone|high-tech zone|county|district|city|prefecture|league|"
                 r"autonomous region|province|embassy|consulate|state council|agency|authority)\b", low) \
            and not re.search(r"\b(?:co\.|ltd|company|group|corporation|limited|investment|branch)\b", low):
        return "government"
    if re.search(r"\b(?:alliance|association|federation|chamber|council|society|union|consortium)\b", low):
        return "association"
    if re.search(r"\b(?:university|institute|academy|college|school|hospital|laboratory|research center|"
                 r"research centre|daily|news|television|radio)\b", low):
        return "other"
    return "company"


class OrgFinder:
    """Finds organisation mentions; one per extractor, reused for every document."""

    def __init__(self, lex: Lexicon, is_place: Callable[[str], bool], known: list[str] = ()) -> None:
        self.lex = lex
        self.is_place = is_place
        strong = sorted(lex.org_suffixes - lex.weak_org_suffixes, key=len, reverse=True)
        weak = sorted(lex.weak_org_suffixes, key=len, reverse=True)
        alt_s = "|".join(re.escape(s) for s in strong)
        alt_w = "|".join(re.escape(s) for s in weak)
        # "and" joins words of one name only before a common noun ("Development and Reform Commission")
        joint = rf"and\s+(?={_AND_NOUNS}\b)"
        name = rf"{_CAP}(?:\s+(?:of|for|the|de|du|on|&|{joint})?\s*{_CAP}){{0,8}}"
        of_part = rf"(?:\s+of\s+(?:the\s+)?{_CAP}(?:\s+(?:{joint}|&)?\s*{_CAP}){{0,5}})?"
        self.suffix_re = re.compile(
            rf"(?<![\w.])(?:{name}\s+(?:(?:{alt_s})s?{of_part}|(?:{alt_w}))|{_CAP}(?:\s+{_CAP}){{0,6}}\s+(?:{alt_s})s?)"
            rf"(?:{_LEGAL})?(?![\w-])")
        names = sorted({k for k in known if len(k) >= 3 and k.isascii()}, key=len, reverse=True)
        self.known_re = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in names) + r")(?![\w-])") \
            if names else None

    def find(self, text: str, spans: list[tuple[int, int]], ner: list[tuple[int, int, str]],
             blocked: list[tuple[int, int]]) -> list[OrgMention]:
        """Mentions in the content ``spans``, none overlapping a person in ``blocked``."""
        found: list[OrgMention] = []
        for s, e in spans:
            seg = text[s:e]
            for m in _GOV_SHAPE.finditer(seg):
                found.append(OrgMention(s + m.start(), s + m.end(), m.group(), "shape"))
            for m in self.suffix_re.finditer(seg):
                found.append(OrgMention(s + m.start(), s + m.end(), m.group(), "suffix"))
            if self.known_re is not None:
                for m in self.known_re.finditer(seg):
                    found.append(OrgMention(s + m.start(), s + m.end(), m.group(), "kb"))
            for m in _ACRONYM.finditer(seg):
                word = m.group(1)
                if word in self.lex.not_acronyms or word.upper() in self.lex.not_acronyms or len(word) < 2:
                    continue
                dateline = len(word) >= 5 and re.fullmatch(r"(?:date\s+\d{4}-\d{2}-\d{2})?\s*", seg[:m.start()]) and \
                    re.match(r",\s*(?:[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d)", seg[m.end():m.end() + 12])
                if word.isupper() and (self.is_place(word.title()) or dateline):
                    continue  # a dateline city in capitals ("TASHKENT, Uzbekistan, October 20.")
                found.append(OrgMention(s + m.start(1), s + m.end(1), word, "acronym"))
        for s, e, label in ner:
            if label == "ORG":
                line_end = text.find("\n", s)
                e = min(e, line_end) if 0 <= line_end < e else e
                found.append(OrgMention(s, e, text[s:e], "ner"))
        cleaned = []
        for m in found:
            for mention in self._trim(text, m):
                if any(mention.start < be and bs < mention.end for bs, be in blocked):
                    # a person name inside: keep only the part after it ("Sun Shaocheng" is not an ORG)
                    after = max((be for bs, be in blocked if mention.start <= bs < mention.end), default=None)
                    if after is None or after >= mention.end:
                        continue
                    while after < mention.end and text[after].isspace():
                        after += 1
                    cleaned.extend(self._trim(text, OrgMention(after, mention.end, text[after:mention.end],
                                                               mention.source)))
                    continue
                cleaned.append(mention)
        return _longest_first(cleaned)

    def _trim(self, text: str, m: OrgMention) -> list[OrgMention]:
        """Clean one raw mention into zero, one or two organisation mentions."""
        start, end = m.start, m.end
        raw = text[start:end]
        if "/" in raw or "\n" in raw:
            return []
        lead = re.match(r"(?:the|The)\s+", raw)
        if lead:
            start += lead.end()
            raw = text[start:end]
        # a title written before the organisation: "Deputy Director of X", "Member of the Standing Committee of X"
        lead = re.match(rf"(?:(?:{self.lex.title.pattern})(?:\s*(?:,|and|&)\s*(?:{self.lex.title.pattern}))*"
                        r"|Standing Committee|Member|Board of (?:Directors|Supervisors)|Board)"
                        r"\s+(?:of|at)\s+(?:the\s+)?", raw, re.I)
        if lead and lead.end() < len(raw):
            start += lead.end()
            raw = text[start:end]
        # a headline verb ends the name: "Pingdingshan Government Sign Cooperation Agreement"
        verb = re.search(r"\s+" + HEADLINE_VERB.pattern + r".*$", raw)
        if verb:
            end = start + verb.start()
            raw = text[start:end]
        # two organisations joined by "and": "CPID and Pingdingshan Municipal Government"
        conj = re.search(rf"\s+(?:and|&)\s+(?!{_AND_NOUNS}\b)", raw)
        if conj and m.source != "kb":
            first = OrgMention(start, start + conj.start(), raw[:conj.start()], m.source)
            second = OrgMention(start + conj.end(), end, raw[conj.end():], m.source)
            return [x for part in (first, second) for x in self._trim(text, part)]
        if re.search(r"[A-Za-z]\s*\($", text[max(0, start - 25):start]) and \
                self.lex.title.search(text[max(0, start - 40):start]):
            return []  # "Chief Engineer (New Energy)"
        # drop leading function words and sentence openers ("The", "On", "Before the meeting, ")
        while True:
            lead = re.match(r"(?:[A-Z][a-z]*\.?|[a-z]+)\s+", raw)
            word = lead.group().strip() if lead else ""
            if lead and (word in _STOP_HEADS or word in _LOWER_STOP):
                start += lead.end()
                raw = text[start:end]
                continue
            break
        # "State Grid Party Secretary": the party word belongs to the title after the name
        if re.search(r"\s+Party$", raw) and re.match(r"\s+(?:Secretary|Committee|Group|Leader)", text[end:end + 20]):
            end -= len("Party") + (len(raw) - len(raw.rstrip()[:-5].rstrip()) - 5)
            raw = text[start:end].rstrip()
            end = start + len(raw)
        trail = re.search(r"(?:['’]s|[\s,;:.'\"“”‘’(-]+)$", raw)
        if trail and not re.search(_LEGAL + r"$", raw):
            end -= len(trail.group())
            raw = text[start:end]
        words = raw.split()
        if not raw or raw in _GENERIC or raw.lower() in _GENERIC_LOWER:
            return []
        # a legal-form word or a securities label alone ("Co", "Ltd", "GDR", "WKN") and stock codes ("A3DRK8",
        # "600011") are no organisations
        if re.fullmatch(r"(?i:co|ltd|inc|corp|limited|llc|plc|gdr|wkn|isin|adr|nasdaq|nyse|sse|szse|hkex)\.?", raw) or \
                re.fullmatch(r"(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{5,12}|\d{4,6}", raw):
            return []
        # the name of an event, not an organisation: "World New Energy and New Materials Conference"
        if re.match(r"\s*(?:and\s+[\w\s-]{0,40})?(?:Conference|Forum|Summit|Expo|Exhibition|Fair|Week|Awards?)\b",
                    text[end:end + 60]):
            return []
        if re.match(r"\s*(?:\([^)]{1,12}\)\s*|\)\s*)?members?\b", text[end:end + 24]):
            return []  # "Solar Module Super League (SMSL) member LONGi": the league is background
        if raw.lower() in self.lex.media or clean_name(raw).lower() in self.lex.media:
            return []
        if re.match(r"\s+(?:Industrial (?:Park|City|Zone)|Park|Zone|Base|Project|Station|Plant|Program|Programme)\b",
                    text[end:end + 24]):
            return []  # the first words of a place or a project ("Hushang Hydrogen Energy Industrial Park")
        if re.search(r"\b(?:Program|Programme|Plan|Initiative|Strategy|Project|Station|Plant)$", raw):
            return []
        if re.search(r"[“\"‘]\s*$", text[max(0, start - 2):start]) and re.match(r"\s*[”\"’]", text[end:end + 2]):
            return []  # a quoted name of a session or programme ("the “Green Energy” session")
        if re.search(r"(?:Industrial Park|Park|Zone|Area|Base|Port|Expressway|Railway Station)$", raw) and \
                not re.search(r"Management|Administration|Committee", raw):
            return []  # a place, not an organisation ("Tanghezi Industrial Park")
        if m.source == "ner":
            if raw in self.lex.not_acronyms:
                return []
            if not re.search(r"[A-Z]", raw) or len(raw) < 2 or (len(words) == 1 and words[0] in self.lex.surnames):
                return []
        if raw[0].islower() and not re.match(r"(?:government|party committee|committee)\s+of\b", raw, re.I):
            return []
        # "Party Committee of China Railway 16th Bureau", "Leading Party Group of X", "International Business
        # Department of the Group": a body inside a company stands for the company
        parent = subunit_parent(raw, self.is_place)
        if parent is not None:
            if parent.lower() in _GENERIC_LOWER or parent in _GENERIC:
                return []
            offset = len(raw) - len(parent)
            return [OrgMention(start + offset, end, parent, m.source)]
        return [OrgMention(start, end, raw, m.source)]


def subunit_parent(name: str, is_place: Callable[[str], bool]) -> str | None:
    """The parent of a body inside an organisation ("Leading Party Group of Sinopec" -> "Sinopec"); None where
    the name is not such a body or its parent is a place (the party committee of a city is an organisation)."""
    m = _SUBUNIT.match(name)
    if not m:
        return None
    parent = m[1].strip()
    bare = re.sub(r"\s+(?:Autonomous Region|Province|City|League|County|District|Municipality|New Area)$", "", parent)
    if re.match(r"(?:autonomous|province|city|municipal|county|district)", parent, re.I) or \
            is_place(parent.split()[0]) or is_place(bare) or \
            re.search(r"\b(?:Government|Municipal|Provincial|People['’]s Congress)\b", parent) or \
            re.search(r"\b(?:Zone|Area|District|County|City|Province|Region|League|Prefecture|Park|Village|Town|"
                      r"Township|Banner)$", parent):
        return None
    return parent


def _longest_first(mentions: list[OrgMention]) -> list[OrgMention]:
    """Drop mentions inside a longer one; sources ranked shape > suffix > bracket > ner > acronym."""
    rank = {"shape": 0, "kb": 1, "suffix": 1, "bracket": 2, "slot": 2, "ner": 3, "acronym": 4}
    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), rank[m.source], m.start))
    kept: list[OrgMention] = []
    for m in ordered:
        if any(m.start < k.end and k.start < m.end for k in kept):
            continue
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def acronym_definitions(text: str, mentions: list[OrgMention]) -> dict[int, str]:
    """``Full Name (ACR)`` and ``ACR (Full Name)``: map a mention's start to its bracketed other name."""
    out: dict[int, str] = {}
    for m in mentions:
        after = text[m.end:m.end + 80]
        b = _BRACKET.match(after.lstrip()) if after.lstrip().startswith("(") else None
        if b:
            out[m.start] = b.group(1).strip()
    return out


def group_orgs(text: str, mentions: list[OrgMention],
               entity_of: Callable[[str], str | None] = lambda name: None) -> list[Org]:
    """Group mentions into organisations by bracket definitions, initials, prefixes, short forms and
    the knowledge base (``entity_of`` maps a name to a knowledge-base id)."""
    defs = acronym_definitions(text, mentions)
    orgs: list[Org] = []
    by_key: dict[str, Org] = {}
    by_entity: dict[str, Org] = {}

    def attach(org: Org, name: str) -> None:
        key = norm_key(name)
        if not key:
            return
        by_key.setdefault(key, org)
        if key != norm_key(org.name) and all(norm_key(a) != key for a in org.aliases):
            org.aliases.append(clean_name(name))

    for m in sorted(mentions, key=lambda m: -(m.end - m.start)):
        name = clean_name(m.text)
        key = norm_key(name)
        if not key:
            continue
        entity = entity_of(name)
        org = by_key.get(key) or (by_entity.get(entity) if entity else None) or _match_existing(name, orgs)
        if entity and org is not None:
            by_entity.setdefault(entity, org)
        if org is None:
            org = Org(name=name, kind=org_kind(name))
            orgs.append(org)
            by_key[key] = org
            if entity:
                by_entity[entity] = org
        else:
            attach(org, name)
        org.mentions.append(m)
        if m.start in defs:
            attach(org, defs[m.start])
    # "Kyrgyzstan's Ministry of Energy": the form without the country's possessive is written too
    for org in orgs:
        bare = re.sub(r"^(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*['’]s\s+", "", org.name)
        if bare != org.name and bare[:1].isupper():
            attach(org, bare)
    # a name written only inside brackets ("China Huaneng Group Co., Ltd. (China Huaneng)") is an alias
    for org in orgs:
        org.mentions.sort(key=lambda m: m.start)
        longest = max([org.name, *org.aliases], key=len)
        if longest != org.name:
            org.aliases = [a for a in [org.name, *org.aliases] if a != longest]
            org.name = longest
        org.kind = org_kind(org.name)
    return sorted(orgs, key=lambda o: o.first)


def _match_existing(name: str, orgs: list[Org]) -> Org | None:
    """A shorter form of an organisation already seen: acronym, short form, or leading words."""
    words = name.split()
    for org in orgs:
        for full in org.names():
            if len(full) <= len(name):
                continue
            if name.isupper() and 2 <= len(name) <= 8 and initials(full).startswith(name) and len(name) >= 3:
                return org
            short = strip_legal(full)
            if norm_key(short) == norm_key(name) or norm_key(short) == norm_key(strip_legal(name)):
                return org
            full_words = short.split()
            # "China Datang" / "Datang" in "China Datang Group Co., Ltd."
            if len(words) < len(full_words) and _is_subsequence(words, full_words) and \
                    not re.search(r"\b(?:Government|Committee|Commission|Bureau|Department|University)\b", full) \
                    and (len(words) >= 2 or (len(words[0]) >= 4 and words[0] not in {"China", "Chinese", "National",
                                                                                      "State", "Group"})):
                return org
    return None


def _is_subsequence(short: list[str], full: list[str]) -> bool:
    """Contiguous words of the full name, or (two words or more) its first and last words in order:
    "China Petroleum" in "China National Petroleum"."""
    n = len(short)
    if any(full[i:i + n] == short for i in range(len(full) - n + 1)):
        return True
    if n < 2 or short[0] != full[0] or short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(word in it for word in short)
