"""Events of an English article: type, kind, date, place, parties, participants.

RECORD.md's rules: the article's main event comes first; a visit or meeting
during which an agreement is signed is one ``agreement``; roles follow the
precedence signatory > witness > host > visitor > speaker > attendee.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pactgraph.extract.en import dates as en_dates
from pactgraph.extract.en.analysis import Analysis, DocumentReader
from pactgraph.extract.en.lexicon import Lexicon
from pactgraph.extract.en.orgs import Org, OrgMention, clean_name
from pactgraph.extract.en.people import PersonInfo
from pactgraph.extract.shared.places import PlaceInfo
from pactgraph.record import ROLE_ORDER

_DATELINE = re.compile(r"^(?:date\s+\d{4}-\d{2}-\d{2}\s+|[A-Z][A-Z ,.'’-]{2,60},\s*"
                       r"(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s*)?"  # "HEFEI, China, Nov. 7"
                       r"(?:[A-Z][a-z]+\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)(?:,\s*\d{4})?(?:\s*/[^/\n]{1,30}/)?"
                       r"(?:\s*\([^)]{1,40}\))?\s*(?:--|—|–|-|\.)\s*)")
_VIRTUAL = re.compile(r"\b(?:virtually|virtual|video ?link|via video|(?-i:online)|video conference|teleconference|"
                      r"remotely)\b", re.I)
"""A virtual meeting has no place ("online" in lower case only: "Huasheng Online" is a news site)."""
_PASSIVE = re.compile(r"^\s*(?:over\s+)?by\b", re.I)
_PLACE_PREP = re.compile(r"\b(?:(?:in|at|inside)\s+(?:the\s+[\w\s-]{0,40}?\s+of\s+(?:the\s+)?)?"
                         r"|located in\s+(?:[A-Z][\w-]*\s+){1,3}(?:Village|Town|Township),\s*"
                         r"|(?:in|at)\s+(?:[A-Z][\w-]*\s+){1,3}(?:Village|Town|Township),\s*"
                         r"|welcomed?\s+(?:the\s+)?(?:\w+\s+){0,3}to\s+"
                         r"|(?:visit|trip|journey)\s+to\s+)$", re.I)
_VISIT_PREP = re.compile(r"\b(?:to|went to|arrived in|came to|visited|toured|inspected)\s+(?:the\s+)?$", re.I)
_NAME_GOES_ON = re.compile(r"\s+[A-Z](?!\w*\s*(?:City|Province|County|District|Economic|High-[Tt]ech|New Area|"
                           r"Prefecture|Region))")
"""A capitalised word after a place makes it part of another name, except division and zone words."""
_PROJECT_NOUN = re.compile(r"\b(?:plants?|projects?|stations?|farms?|bases?|parks?|facilit(?:y|ies)|mines?)\b"
                           r"[^.,;]{0,30}$", re.I)
_COOP_CUE = re.compile(r"\b(?:cooperat\w*|collaborat\w*|agreements?|both (?:sides|parties)|two (?:sides|parties)|"
                       r"fields?|areas?|sectors?|focus\w*|discuss\w*|exchanged|talks|symposium|seminar|forum|"
                       r"conference|summit|meeting|jointly|partnership|introduc\w*|visited|"
                       r"inspected|research\w*|the (?:project|base|programme|program)|"
                       r"the total (?:investment|installed capacity)|"
                       r"includ(?:es|ing)|consists? of|will (?:build|construct|develop|invest))\b", re.I)
_FIELD_LIST = re.compile(r"\b(?:cooperat\w* (?:in|on|around)|"
                         r"(?:in|on) (?:the )?(?:fields?|areas?|sectors?) (?:of|such as)|"
                         r"fields? (?:of|such as|including)|areas? (?:of|such as|including)|"
                         r"according to the (?:\w+ )?(?:agreement|memorandum)|(?:\w+ )?(?:fields|areas):|"
                         r"the two (?:sides|parties) will|both (?:sides|parties) will|focus(?:ing|ed|es)? on)\b", re.I)
_SPEECH = re.compile(r"\b(?:said|stated|noted|hoped|introduced|reported|affirmed|pointed out|expressed|"
                     r"discussed|exchanged views)\b", re.I)
_BACKGROUND = re.compile(r"\b(?:is an?|was founded|founded in|is one of|ranked|employees|listed on|"
                         r"is the largest|is a global|has invested|has built|is actively engaged|"
                         r"(?:is|are) (?:a|an|the) (?:key|leading|major|large|global|world|important))\b|"
                         r"^\s*(?:It|Its|The company|The group|The firm|Meanwhile|Furthermore)\b", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:would|will|once|expected to|plans? to|if)\b", re.I)


_CITED = re.compile(r"\b(?:spirits?|instructions?|speech(?:es)?|thoughts?|guidelines?|remarks|directives?|"
                    r"teachings?)\b(?:[^.;]{0,60}?\b(?:of|by|from)\b)[^.;]{0,40}$", re.I)


def _cited(text: str, sent_start: int, pos: int) -> bool:
    """A leader whose instructions are cited ("the spirit of the speeches given by X") is not a participant."""
    return bool(_CITED.search(text, max(sent_start, pos - 110), pos))


@dataclass
class EventDraft:
    type: str
    sentence: tuple[int, int]
    agreement_kind: str | None = None
    date: str | None = None
    date_span: tuple[int, int] | None = None
    place: tuple[str, PlaceInfo, tuple[int, int]] | None = None
    parties: list[Org] = field(default_factory=list)
    participants: list[tuple[PersonInfo, str]] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    confidence: float = 0.5
    role_how: dict[int, str] = field(default_factory=dict)
    """How each participant's role was read, by ``id()`` of the person (a confidence feature)."""
    place_how: str = ""
    features: dict[str, float] = field(default_factory=dict)


class EventReader:
    def __init__(self, lex: Lexicon, reader: DocumentReader) -> None:
        self.lex = lex
        self.reader = reader
        self._types_cache: dict[tuple[int, int, int], list[str]] = {}
        self.last_how: dict[int, str] = {}
        self._types_key = 0

    # -- triggers ----------------------------------------------------------------
    def sentence_types(self, text: str, s: int, e: int) -> list[str]:
        key = (id(text), s, e)
        if self._types_key != id(text):
            self._types_cache.clear()
            self._types_key = id(text)
        if key not in self._types_cache:
            self._types_cache[key] = self._sentence_types(text, s, e)
        return self._types_cache[key]

    def _sentence_types(self, text: str, s: int, e: int) -> list[str]:
        seg = text[s:e]
        types = []
        if self.is_signing(seg):
            types.append("agreement")
        hypothetical = bool(_HYPOTHETICAL.search(seg))
        for kind in ("visit", "meeting", "project", "other"):
            if any(p.search(seg) for p in self.lex.triggers[kind]) and not (hypothetical and kind != "meeting"):
                types.append(kind)
        return types

    def is_signing(self, seg: str) -> bool:
        """A signing that happened: "X and Y signed an agreement", not "the first country to sign the Paris
        Agreement" or "will sign"."""
        for p in self.lex.triggers["agreement"]:
            for m in p.finditer(seg):
                before = seg[max(0, m.start() - 25):m.start()]
                if re.search(r"\b(?:to|will|would|shall|plans? to|going to|expected to)\s+(?:\w+\s+)?$", before):
                    continue
                rest = seg[m.start():]
                obj = self.lex.agreement_objects.search(seg)
                if re.search(r"signing ceremony", seg, re.I):
                    return True
                if obj is None:
                    continue
                # a named treaty ("the Paris Agreement") is not a cooperation signing
                named = re.search(r"\b(?:the\s+)?[A-Z][a-z]+\s+(?:Agreement|Accord|Protocol)\b", seg)
                if named and not re.search(r"(?:Cooperation|Framework|Investment|Strategic|Partnership)\s+"
                                           r"(?:Agreement|Accord|Protocol)", seg) and \
                        not re.search(r"\bagreements?\b|memorand|MoU|contract", seg.replace(named.group(), "")):
                    continue
                if rest:
                    return True
        return False

    def _best_sentence(self, a: Analysis, kind: str, typed: list[tuple[tuple[int, int], list[str]]],
                       n_head: int) -> tuple[int, int] | None:
        """The sentence that reports the main event: past tense, dated, named parties score higher."""
        best, best_score = None, -99
        for i, (sp, ts) in enumerate(typed[n_head:n_head + 14]):
            if kind not in ts:
                continue
            seg = a.text[sp[0]:sp[1]]
            score = -i * 0.3
            if re.search(r"\b(?:signed|inked|held|visited|inspected|met|reached|attended|opened|hosted)\b", seg):
                score += 2
            if en_dates.find_dates(a.text, sp[0], sp[1], a.pub, a.pub_month):
                score += 1.5
            if re.search(r"\b(?:this signing|the signing of the agreement|will)\b", seg):
                score -= 1.5
            if any(sp[0] <= m.start < sp[1] for o in a.orgs for m in o.mentions):
                score += 0.5
            if re.search(r"\b(?:on the same day|also|in addition|meanwhile|besides|previously|last year)\b", seg,
                         re.I):
                score -= 1
            if score > best_score:
                best, best_score = sp, score
        return best

    def read(self, a: Analysis, codes_fn) -> list[EventDraft]:  # noqa: ANN001 - codes_fn(text, s, e) -> list
        text = a.text
        body = [sp for sp in a.sents if not (a.title_span and sp[0] <= a.title_span[0] < sp[1])]
        lead = body[:3]
        head = [a.title_span] if a.title_span else []
        typed = [(sp, self.sentence_types(text, *sp)) for sp in head + body]
        lead_types = [t for sp, ts in typed if sp in head or sp in lead for t in ts]
        agreement_body = [sp for sp, ts in typed[len(head):len(head) + 10] if "agreement" in ts]
        main: str | None = None
        if "agreement" in lead_types or agreement_body:
            main = "agreement"
        else:
            for kind in ("visit", "meeting", "project", "other"):
                if kind in lead_types:
                    main = kind
                    break
        if main is None or (not a.people and len(a.orgs) < 1):
            return []
        sentence = self._best_sentence(a, main, typed, len(head)) or \
            next((sp for sp, ts in typed if main in ts), head[0] if head else body[0])
        ev = EventDraft(type=main, sentence=sentence)
        if main == "agreement":
            ev.agreement_kind = self.agreement_kind(text, sentence, a)
        self.date(a, ev, body)
        self.place(a, ev, body)
        # at a meeting, touring the exhibition does not make a delegate a visitor
        ev.participants = self.participants(a, frozenset({"visitor"}) if main == "meeting" else frozenset())
        ev.role_how = dict(self.last_how)
        self.parties(a, ev, body)
        ev.fields = self.fields(a, ev, body, codes_fn)
        ev.confidence = 0.8 if main in lead_types else 0.55
        ev.features = {"in_lead": float(main in lead_types), "in_headline": float(bool(head) and main in typed[0][1]),
                       "trigger_sentences": float(sum(main in ts for _, ts in typed)),
                       "types_in_lead": float(len(set(lead_types)))}
        return [ev]

    def agreement_kind(self, text: str, sentence: tuple[int, int], a: Analysis) -> str:
        scopes = [sentence] + ([a.title_span] if a.title_span else []) + a.sents[:8]
        for s, e in scopes:
            seg = text[s:e]
            for kind, pat in self.lex.agreement_kinds:
                if pat.search(seg):
                    if kind == "other" and any(p.search(text[x:y]) for x, y in scopes
                                               for k, p in self.lex.agreement_kinds if k != "other"):
                        break
                    return kind
        return "other"

    # -- date and place -------------------------------------------------------------
    def date(self, a: Analysis, ev: EventDraft, body: list[tuple[int, int]]) -> None:
        text = a.text
        s, e = ev.sentence
        dl = _DATELINE.match(text[s:e])
        anchor = a.pub
        if dl:
            dl_hits = en_dates.find_dates(text, s, s + dl.end(), a.pub, a.pub_month)
            if dl_hits and dl_hits[0].value and not dl_hits[0].value.startswith("XXXX"):
                from datetime import date as _d

                y, mth, d = (int(x) for x in dl_hits[0].value.split("-"))
                anchor = _d(y, mth, d)
            s += dl.end()
        candidates = [(s, e)] + [sp for sp in body[:3] if sp != ev.sentence and sp[0] < ev.sentence[0]]
        if ev.sentence not in body:  # the event is only in the headline: the lead gives the date
            candidates += [sp for sp in body[:2] if sp not in candidates]
        for cs, ce in candidates:
            cdl = _DATELINE.match(text[cs:ce])
            if cdl:
                cs += cdl.end()
            hits = [h for h in en_dates.find_dates(text, cs, ce, a.pub, a.pub_month) if h.value]
            if hits:
                ev.date, ev.date_span = hits[0].value, (hits[0].start, hits[0].end)
                return
        wk = en_dates.weekday_date(text, s, e, anchor)
        if wk and not re.search(r"\breported\b[^.]{0,60}$", text[s:wk.start]):
            ev.date, ev.date_span = wk.value, (wk.start, wk.end)
            return
        following = [sp for sp in body if sp[0] > e][:2]
        for cs, ce in [(s, e), *following]:
            if (cs, ce) != (s, e) and not re.search(r"\b(?:agreement|signed|signing|meeting|visit)", text[cs:ce]):
                continue
            rel = en_dates.relative_date(text, cs, ce, a.pub)
            if rel and not re.search(r"\breported\b", text[cs:rel.start]):
                ev.date, ev.date_span = rel.value, (rel.start, rel.end)
                return

    def place(self, a: Analysis, ev: EventDraft, body: list[tuple[int, int]]) -> None:
        text = a.text
        s, e = ev.sentence
        if _VIRTUAL.search(text[s:e]):
            return
        dl = _DATELINE.match(text[s:e])
        if dl:
            s += dl.end()
        scopes = [(s, e)] + [sp for sp in body[:2] if sp != ev.sentence
                             and (self.sentence_types(text, *sp) or ev.sentence not in body)]
        for cs, ce in scopes:
            cdl = _DATELINE.match(text[cs:ce])
            if cdl:
                cs += cdl.end()
            country = None
            for ps, pe, info in a.places:
                if not cs <= ps < ce:
                    continue
                before = text[max(cs, ps - 60):ps]
                if not (_PLACE_PREP.search(before) or (ev.type == "visit" and _VISIT_PREP.search(before))):
                    continue
                if _PROJECT_NOUN.search(before[:-3]) and not re.search(r"\b(?:held|signed|met|located in)\b", before):
                    continue
                inside_of = re.search(r"\bthe\s+[\w\s-]{0,40}?\s+of\s+(?:the\s+)?$", before)
                if inside_of:
                    ev.place, ev.place_how = (text[ps:pe], info, (ps, pe)), "inside_of"
                    return
                if a.org_at(ps, pe) is not None or re.match(_NAME_GOES_ON, text[pe:pe + 20]) \
                        or re.match(r"['’]s\b", text[pe:pe + 3]):
                    continue
                # "in the fields of", "in Kazakhstan" after an object: keep only places of the event
                if re.search(r"\b(?:fields?|areas?|sectors?|terms|capacity|region's|development)\s+of\s+"
                             r"(?:the\s+)?$", before):
                    continue
                how = "prep_event_sentence" if (cs, ce) == scopes[0] else "prep_other_sentence"
                if info.level == "country":  # "a state visit to China ... in Xi'an": the most specific place wins
                    country = country or ((text[ps:pe], info, (ps, pe)), how)
                    continue
                ev.place, ev.place_how = (text[ps:pe], info, (ps, pe)), how
                return
            if country is not None:
                ev.place, ev.place_how = country
                return
            if ev.type in {"meeting", "visit"}:
                # "Datong in North China's Shanxi province hosted a summit": a place as the host
                for ps, pe, info in a.places:
                    if cs <= ps < ce and re.match(r"[^.]{0,60}\bhost(?:ed|s)\b", text[pe:ce]) and ps - cs < 5:
                        ev.place, ev.place_how = (text[ps:pe], info, (ps, pe)), "host_place"
                        return
        # the lead's "in X" locates the story when the event sentence does not (a dateline names where the
        # story was filed, not where the event happened)
        if body and body[0] != ev.sentence and ev.type in {"agreement", "project", "meeting"}:
            cs, ce = body[0]
            for ps, pe, info in a.places:
                if cs <= ps < ce and info.level != "country" and _PLACE_PREP.search(text[max(cs, ps - 60):ps]) \
                        and a.org_at(ps, pe) is None and not re.match(r"['’]s\b", text[pe:pe + 3]):
                    ev.place, ev.place_how = (text[ps:pe], info, (ps, pe)), "lead_sentence"
                    return
        if ev.type == "visit":
            # a visit goes where the hosts are: a place inside the visited organisation or the visitors' titles
            for cs, ce in scopes[:1]:
                for org in a.orgs:
                    for m in org.mentions:
                        if cs <= m.start < ce:
                            found = self._place_in(a, m.start, m.end)
                            if found:
                                ev.place, ev.place_how = found, "inside_org"
                                return
            for person, role in ev.participants or self.participants(a):
                for it in person.positions:
                    if it.org_span and role in {"visitor", "host"}:
                        found = self._place_in(a, *it.org_span)
                        if found:
                            ev.place, ev.place_how = found, "title_org"
                            return

    def _place_in(self, a: Analysis, start: int, end: int) -> tuple[str, PlaceInfo, tuple[int, int]] | None:
        for ps, pe, info in a.places:
            if start <= ps < end and info.country == "CN" and info.level in {"prefecture", "county"}:
                return (a.text[ps:pe], info, (ps, pe))
        return None

    # -- people and organisations ------------------------------------------------------
    def participants(self, a: Analysis, skip: frozenset[str] = frozenset()) -> list[tuple[PersonInfo, str]]:
        text = a.text
        best: dict[int, tuple[int, PersonInfo, int]] = {}  # id -> (rank, person, first mention)

        how_of: dict[int, str] = {}

        def give(person: PersonInfo, role: str, pos: int, how: str = "subject") -> None:
            rank = ROLE_ORDER.index(role)
            cur = best.get(id(person))
            if cur is None or rank < cur[0]:
                best[id(person)] = (rank, person, min(pos, cur[2]) if cur else pos)
                how_of[id(person)] = how

        previous: list[tuple[int, int, PersonInfo]] = []
        for s, e in a.sents:
            ms = [(ps, pe, p) for ps, pe, p in a.person_mentions if s <= ps < e and not _cited(text, s, ps)]
            if not ms and previous and re.match(r"\s*(?:They|The two|Both)\b", text[s:e]):
                ms = [(s, s, p) for _, _, p in previous]  # "They ... signed": the people just named
            previous = ms or previous
            if not ms:
                continue
            if re.match(r"\s*(?:Prev|Next|Previous)\b", text[s:e]):
                continue
            for role in ROLE_ORDER:
                if role in skip:
                    continue
                for pat in self.lex.roles.get(role, []):
                    for m in pat.finditer(text, s, e):
                        after = text[m.end():e]
                        if _PASSIVE.match(after):
                            clause_end = re.search(r"[,;]\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+[a-z]+ed\b|"
                                                   r"\b(?:in the presence of|witnessed by|with)\b|$", after)
                            limit = m.end() + (clause_end.start() if clause_end else len(after))
                            for ps, _pe, p in ms:
                                if m.end() <= ps < limit:
                                    give(p, role, ps, "passive")
                            continue
                        if re.search(r"\b(?:to|will|would)\s+$", text[max(s, m.start() - 12):m.start()]) and \
                                role in {"signatory", "witness"}:
                            continue
                        for ps, pe, p in ms:
                            subject = pe <= m.start() and not self._object_before(text, s, ps, m.start())
                            # "inspected the plant with Shengyou He": companions of a visitor visit too
                            companion = role == "visitor" and ps >= m.end() and \
                                re.search(r"\bwith\s+(?:\w+\s+){0,4}$", text[m.end():ps])
                            if subject or companion:
                                give(p, role, ps, "subject" if subject else "companion")
                for pat in self.lex.object_roles.get(role, []):
                    for m in pat.finditer(text, s, e):
                        for ps, _pe, p in ms:
                            if ps >= m.end() and not re.search(r"[;.]", text[m.end():ps]):
                                give(p, role, ps, "object")
            for m in re.finditer(r"\b(?:meeting|talks|met)\s+(?:between|with)\b", text[s:e]):
                for ps, _pe, p in ms:
                    if ps >= s + m.end():
                        give(p, "attendee", ps, "meeting_with")
            for m in re.finditer(r"\baccording to\b", text[s:e]):
                for ps, _pe, p in ms:
                    if s + m.end() <= ps < s + m.end() + 40:
                        give(p, "speaker", ps, "according_to")
        ordered = sorted(best.values(), key=lambda t: t[2])
        self.last_how = how_of
        return [(p, ROLE_ORDER[rank]) for rank, p, _ in ordered]



    def _object_before(self, text: str, s: int, ps: int, t: int) -> bool:
        """A person between an object trigger ("visit", "welcomed") and this trigger is its object."""
        seg = text[s:ps]
        return any(p.search(seg) for ps_ in self.lex.object_roles.values() for p in ps_) and \
            bool(re.search(r"\b(?:visit|visited|welcomed|received|inspected)\b", seg))

    def parties(self, a: Analysis, ev: EventDraft, body: list[tuple[int, int]]) -> None:
        text = a.text
        found: list[Org] = []

        def add(org: Org | None) -> None:
            if org is not None and org not in found and org.kind != "other_media":
                found.append(org)

        title_orgs = [it.org_span for p in a.people for it in p.positions if it.org_span]

        def orgs_in(s: int, e: int) -> list[tuple[int, Org]]:
            out = []
            for org in a.orgs:
                for m in org.mentions:
                    if s <= m.start < e and not any(ts <= m.start < te for ts, te in title_orgs):
                        before = text[max(s, m.start - 45):m.start]
                        if re.search(r"\b(?:in|at)\s+the\s+[\w\s]{0,30}\bof\s+(?:the\s+)?$", before):
                            continue
                        if text[s:m.start].count("“") > text[s:m.start].count("”") or \
                                text[s:m.start].count('"') % 2 == 1:
                            continue
                        out.append((m.start, org))
            return sorted(out, key=lambda t: t[0])

        if ev.type == "agreement":
            s, e = ev.sentence
            for _, org in orgs_in(s, e):
                add(org)
            for place_org in self._acting_places(a, s, e):
                add(place_org)
            if len(found) < 2:
                for cs, ce in body:
                    if cs <= s:
                        continue
                    if re.search(r"\bbetween\b[^.]{3,120}\band\b", text[cs:ce]) or (
                            re.search(r"\bsign", text[cs:ce], re.I) and cs - e < 400):
                        for _, org in orgs_in(cs, ce):
                            add(org)
                        if len(found) >= 2:
                            break
            # "Three parties signed MoU ...": the sides are the organisations the previous sentence named,
            # employers of the people named there included
            if len(found) < 2 and re.search(r"\b(?:the two|both|three|the three|all)\s+(?:sides|parties)\b",
                                            text[s:e], re.I):
                prev = [sp for sp in body if sp[1] <= s]
                if prev:
                    ps_, pe_ = prev[-1]
                    for org in sorted((o for o in a.orgs if any(ps_ <= m.start < pe_ for m in o.mentions)),
                                      key=lambda o: min(m.start for m in o.mentions if ps_ <= m.start < pe_)):
                        add(org)
            if len(found) < 2 and a.title_span:
                for _, org in orgs_in(*a.title_span):
                    add(org)
                for place_org in self._acting_places(a, *a.title_span):
                    add(place_org)
            if len(found) < 2:
                for person, role in ev.participants:
                    if role in {"signatory", "witness"}:
                        for it in person.positions:
                            add(a.org_by_name(it.org))
        else:
            s, e = ev.sentence
            leading = [(p, r) for p, r in ev.participants if r != "attendee"] or ev.participants[:2]
            for person, _role in leading:
                for it in person.positions[:2]:
                    org = a.org_by_name(it.org)
                    if org is not None:
                        add(org)
                        break
            for cs, ce in [(s, e)] + [sp for sp in body[:5] if sp != ev.sentence
                                      and ev.type in self.sentence_types(text, *sp)][:2]:
                for pos, org in orgs_in(cs, ce):
                    before = text[max(cs, pos - 40):pos]
                    organiser = re.search(r"\b(?:organi[sz]ed|hosted|held|sponsored|initiated|co-hosted|convened|"
                                          r"chaired)\s+by\s+(?:the\s+)?$", before)
                    trigger = next((m for p in self.lex.triggers[ev.type] for m in [p.search(text, cs, ce)] if m), None)
                    subject = trigger is not None and pos < trigger.start()
                    if ev.type == "visit" or organiser or subject:
                        add(org)
        ev.parties = found[:6]

    def _acting_places(self, a: Analysis, s: int, e: int) -> list[Org]:
        """A city that signs stands for its government ("Xianning City and CGN signed")."""
        text = a.text
        out = []
        for m in re.finditer(r"(?<![\w-])((?:[A-Z][a-z]+\s+){1,3}(?:New Area|New District|City|County|District|"
                             r"Prefecture|League|Province))(?=\s+(?:and\s+[A-Z]|signed|teamed|reached|inked)|"
                             r"\s*[,.]?$)", text[s:e]):
            before = text[max(s, s + m.start() - 20):s + m.start()]
            after = text[s + m.end():s + m.end() + 30]
            if not (re.match(r"\s+(?:and\s+[A-Z]|signed|teamed|reached|inked)", after) or
                    re.search(r"\b(?:with|by|between)\s+(?:the\s+)?$", before)):
                continue
            if a.org_at(s + m.start(), s + m.end()) is not None:
                continue
            name = m.group(1)
            org = a.org_by_name(name) or Org(name=name, kind="government",
                                             mentions=[OrgMention(s + m.start(), s + m.end(), name, "slot")])
            if org not in a.orgs:
                a.orgs.append(org)
            out.append(org)
        for ps, pe, info in a.places:
            if not s <= ps < e or info.country != "CN" or info.level == "country":
                continue
            if a.org_at(ps, pe) is not None:
                continue
            after = text[pe:pe + 30]
            before = text[max(s, ps - 20):ps]
            m = re.match(r"(\s+(?:City|County|District|New Area|Province|Municipality|League))?", after)
            tail = m.group(1) or "" if m else ""
            rest = after[len(tail):]
            if re.match(r"\s*(?:and\s+[A-Z]|signed|teamed|reached|inked|,\s*[A-Z][^,]{0,40}\s+and\s+)", rest) or \
                    re.search(r"\b(?:with|by|between)\s+(?:the\s+)?$", before) and \
                    not re.match(r"\s*['’]s|\s+(?:Municipal|Provincial|Government|Party)", after):
                if re.match(r"\s*['’]s", after):
                    continue
                name = text[ps:pe + len(tail)]
                org = a.org_by_name(name)
                if org is None:
                    org = Org(name=clean_name(name), kind="government",
                              mentions=[OrgMention(ps, pe + len(tail), name, "slot")])
                    a.orgs.append(org)
                out.append(org)
        return out

    def fields(self, a: Analysis, ev: EventDraft, body: list[tuple[int, int]], codes_fn) -> list[str]:  # noqa: ANN001
        text = a.text
        scopes = [ev.sentence] + ([a.title_span] if a.title_span else [])
        explicit = [sp for sp in body if _FIELD_LIST.search(text[sp[0]:sp[1]])]
        for s, e in body:
            # where the article lists the fields of cooperation, other sentences count only if they speak of
            # the cooperation itself
            if explicit and (s, e) not in explicit and not re.search(r"cooperat|agreement", text[s:e], re.I):
                continue
            if ev.type in {"visit", "meeting"} and _SPEECH.search(text[s:e]) and (s, e) not in scopes:
                scopes.append((s, e))
                continue
            seg = text[s:e]
            if (s, e) in scopes:
                continue
            if _COOP_CUE.search(seg) and not (_BACKGROUND.search(seg) and not re.search(r"cooperat", seg, re.I)):
                scopes.append((s, e))
        org_spans = [(m.start, m.end) for o in a.orgs for m in o.mentions]
        seen: dict[str, None] = {}
        for s, e in sorted(scopes):
            for code, cs, ce in codes_fn(text, s, e):
                if not any(os_ <= cs and ce <= oe for os_, oe in org_spans):  # "Nylon New Materials ... Committee"
                    seen.setdefault(code, None)
        return list(seen)


__all__ = ["EventDraft", "EventReader"]
