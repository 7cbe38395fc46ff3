"""Organizations: one canonical entity per real organization across documents.

Order of evidence for one organization of a record (its name and aliases):

1. the knowledge base (:mod:`pactgraph.resolve.kb`): any name found there gives
   the key ``kb:<id>`` (and the group hierarchy through ``parent``);
2. governments, party committees, congresses: the administrative division
   their name (or, for generic names such as "Municipal Party Committee", the
   document's places) resolves to, plus the kind of body:
   ``gov:<division>:<body>``;
3. a name or alias already seen for an organization (acronym definitions are
   aliases in the record, so they merge here too);
4. the normalised name without legal-form words: ``org:<key>``.

Generic names that give no place (``Energy Bureau``, ``市供电公司``) stay within
their document (``local:<doc>:<key>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pactgraph.resolve.index import EntityIndex
from pactgraph.resolve.kb import KBEntry, KnowledgeBase
from pactgraph.resolve.names import acronym, has_cjk, normalize, org_key, to_simplified
from pactgraph.resolve.places import PlaceFacts, PlaceResolver, split_chinese_place

GOV_KINDS = {"government", "party"}

# (pattern on the simplified name, body type); longest first within a language
_ZH_BODIES: list[tuple[str, str]] = [
    ("人大常委会", "congress"),
    ("人民代表大会常务委员会", "congress"),
    ("人民代表大会", "congress"),
    ("人大", "congress"),
    ("政协", "cppcc"),
    ("管理委员会", "management"),
    ("管委会", "management"),
    ("人民政府", "government"),
    ("政府", "government"),
    ("行政公署", "government"),
    ("行署", "government"),
    ("党工委", "party"),
    ("党委", "party"),
    ("委员会", "party"),
    ("市委", "party"),
    ("县委", "party"),
    ("区委", "party"),
    ("省委", "party"),
    ("州委", "party"),
    ("盟委", "party"),
    ("旗委", "party"),
]
_EN_BODY_SUFFIX = re.compile(
    r"\s*(?P<body>(?:municipal\s+|provincial\s+|district\s+|county\s+|city\s+|prefectural\s+|regional\s+|"
    r"autonomous\s+region\s+|league\s+)?(?:people'?s\s+government|government|party\s+committee|cpc\s+committee|"
    r"committee\s+of\s+the\s+cpc|(?:management\s+|administrative\s+|working\s+)?committee|"
    r"people'?s\s+congress(?:\s+standing\s+committee)?|cppcc|"
    r"administrative\s+offices?))$",
    re.IGNORECASE,
)
_EN_BODY_PREFIX = re.compile(
    r"^(?:the\s+)?(?P<body>(?:cpc|people'?s\s+government\s+of|government\s+of|party\s+committee\s+of|"
    r"cpc\s+committee\s+of|administrative\s+offices?\s+of|standing\s+committee\s+of))\s+(?:the\s+)?",
    re.IGNORECASE,
)
_EN_PLACE_WORDS = re.compile(
    r"\b(?:city|municipality|county|district|province|autonomous\s+region|league|"
    r"new\s+area|prefecture)$",
    re.IGNORECASE,
)
_ZH_PLACE_END = re.compile(r"(?:特别行政区|自治区|自治州|自治县|新区|省|市|县|区|州|盟|旗)$")
_GENERIC_EN = re.compile(
    r"^(?:the\s+)?(?:municipal|provincial|district|county|city|autonomous\s+region|"
    r"regional|local|prefectural|league)?\b",
    re.IGNORECASE,
)


def _body_type(text: str) -> str:
    low = text.lower()
    if "management" in low or "administrative committee" in low:
        return "management"
    if "congress" in low:
        return "congress"
    if "cppcc" in low:
        return "cppcc"
    if "government" in low or "administrative" in low:
        return "government"
    if "committee" in low or "cpc" in low:
        return "party"
    return normalize(text) or "government"


@dataclass
class GovName:
    """A government-like name split into its place and its body."""

    place: str | None
    body: str
    provincial_hint: bool = False


def parse_government(name: str, kind: str | None) -> GovName | None:
    """Split ``Changchun Municipal Party Committee`` / ``威海市委`` into place and body type.

    Returns None for names that are not government-like. ``place`` is None for
    generic names (``Provincial Government``, ``市人大常委会``).
    """
    text = to_simplified(name.strip())
    if has_cjk(text):
        for suffix, body in _ZH_BODIES:
            if text.endswith(suffix):
                place = text[: -len(suffix)]
                if body == "party" and suffix == "委员会" and not place:
                    return None
                if suffix in ("市委", "县委", "区委", "省委", "州委", "盟委", "旗委"):
                    place = place + suffix[0]
                if place.startswith("中共"):
                    place = place[2:]
                generic = place in {"", "市", "县", "区", "省", "州", "自治区", "盟", "旗"}
                return GovName(None if generic else place, body, provincial_hint=place in {"省", "自治区"})
        if _ZH_PLACE_END.search(text) and not _is_generic(text):
            return GovName(text, "government")
        return None
    body = None
    place = text
    m = _EN_BODY_PREFIX.match(place)
    if m:
        body = _body_type(m.group("body"))
        place = place[m.end() :]
        # "CPC Changchun Municipal Committee"
        m2 = _EN_BODY_SUFFIX.search(place)
        if m2:
            body = _body_type(m.group("body") + " " + m2.group("body"))
            place = place[: m2.start()]
    else:
        m2 = _EN_BODY_SUFFIX.search(place)
        if m2:
            body = _body_type(m2.group("body"))
            place = place[: m2.start()]
    if body is None:
        if _EN_PLACE_WORDS.search(place.strip()) and kind in (None, "government"):
            bare = _EN_PLACE_WORDS.sub("", place.strip()).strip()
            if not bare or bare.lower() in {"the", "municipal", "provincial"}:
                return GovName(
                    None,
                    "government",
                    provincial_hint="autonomous" in place.lower() or "province" in place.lower(),
                )
            return GovName(place.strip(), "government")
        return None
    place = re.sub(r"'s$", "", place.strip().strip(",")).strip()
    provincial = bool(re.search(r"provincial|autonomous region", name, re.IGNORECASE))
    generic = (
        not place
        or _GENERIC_EN.sub("", place).strip() == ""
        or place.lower() in {"the", "autonomous region", "the autonomous region", "municipal", "provincial"}
    )
    return GovName(None if generic else place, body, provincial_hint=provincial)


class OrgResolver:
    """Resolves the organizations of documents to entities of an :class:`EntityIndex`."""

    def __init__(self, index: EntityIndex, places: PlaceResolver, kb: KnowledgeBase | None = None) -> None:
        self.index = index
        self.places = places
        self.kb = kb or KnowledgeBase.default()

    # -- knowledge base ---------------------------------------------------
    def kb_entity(self, entry: KBEntry) -> int:
        key = f"kb:{entry.id}"
        entity_id = self.index.by_key.get(key)
        if entity_id is None:
            parent_id = None
            parent = self.kb.parent_of(entry)
            if parent is not None and parent.id != entry.id:
                parent_id = self.kb_entity(parent)
            state = self.index.create(
                "org",
                key,
                entry.name_en,
                name_en=entry.name_en,
                name_zh=entry.name_zh,
                kind=entry.kind,
                kb_id=entry.id,
                parent_id=parent_id,
                country="CN",
            )
            if entry.province:
                prov = self.places.lookup.province(entry.province)
                if prov:
                    state.province, state.province_zh = prov["en"], prov.get("zh_full")
            entity_id = state.id
            for name in entry.names:
                self.index.add_name(entity_id, name, normalize(name))
        return entity_id

    def find_kb(self, names: list[str]) -> KBEntry | None:
        for name in names:
            entry = self.kb.find(name)
            if entry is not None:
                return entry
        return None

    # -- governments ------------------------------------------------------
    def government_key(
        self,
        names: list[str],
        kind: str | None,
        doc_places: list[PlaceFacts],
    ) -> tuple[str, PlaceFacts | None, int | None] | None:
        parsed = None
        for name in names:
            parsed = parse_government(name, kind)
            if parsed is not None and parsed.place:
                break
        if parsed is None:
            return None
        facts: PlaceFacts | None = None
        place_id = None
        if parsed.place:
            place_text = _EN_PLACE_WORDS.sub("", parsed.place).strip() or parsed.place
            admin1 = None
            if has_cjk(place_text):
                parts = split_chinese_place(place_text)
                if len(parts) > 1:
                    admin1, place_text = parts[0], parts[-1]
            hint = (
                admin1 or (doc_places[0].admin1_zh if has_cjk(place_text) else doc_places[0].admin1_en)
                if doc_places
                else admin1
            )
            facts = self.places.facts(place_text, hint)
            place_id = self.places.resolve(
                place_text, admin1 or (facts.admin1_en if facts else None), facts.country if facts else None
            )
        elif doc_places:
            if parsed.provincial_hint:
                facts = next((p for p in doc_places if p.level == "province"), None)
                if facts is None:
                    facts = self.places.facts(doc_places[0].admin1_en or doc_places[0].admin1_zh or "")
            else:
                facts = next((p for p in doc_places if p.level != "province"), doc_places[0])
            if facts is not None:
                place_id = self.places.resolve(facts.name_en or facts.name_zh or "", facts.admin1_en, facts.country)
        if place_id is None:
            return None
        place = self.index.entities[place_id]
        division = place.code or place.key.removeprefix("place:")
        return f"gov:{division}:{parsed.body}", facts, place_id

    # -- one document -----------------------------------------------------
    def resolve(
        self,
        name: str,
        aliases: list[str],
        kind: str | None,
        doc_id: str,
        doc_places: list[PlaceFacts] | None = None,
    ) -> int:
        """The entity of one organization (created when new); all its names are recorded."""
        names = [n for n in [name, *aliases] if n and n.strip()]
        doc_places = doc_places or []
        entity_id: int | None = None
        entry = self.find_kb(names)
        if entry is not None:
            entity_id = self.kb_entity(entry)
        gov = None
        if entity_id is None and (kind in GOV_KINDS or parse_government(name, kind) is not None):
            gov = self.government_key(names, kind, doc_places)
            if gov is not None:
                key, facts, place_id = gov
                entity_id = self.index.by_key.get(key)
                if entity_id is None:
                    state = self.index.create(
                        "org",
                        key,
                        name,
                        kind=kind if kind in GOV_KINDS else "government",
                        place_id=place_id,
                        country=(facts.country if facts else None),
                        **_place_attrs(self.index, place_id),
                    )
                    entity_id = state.id
            elif kind in GOV_KINDS or _is_generic(name):
                entity_id = self._local(name, kind, doc_id)
        if entity_id is None and _is_generic(name):
            entity_id = self._local(name, kind, doc_id)
        if entity_id is None:
            entity_id = self._by_names(names)
        if entity_id is None:
            key = f"org:{org_key(name) or normalize(name) or name}"[:300]
            entity_id = self.index.by_key.get(key)
            if entity_id is None:
                parent = self.kb.prefix_entry(name, min_len=4 if not has_cjk(name) else 2)
                parent_id = self.kb_entity(self.kb.root_of(parent)) if parent is not None else None
                state = self.index.create(
                    "org",
                    key,
                    name,
                    kind=kind,
                    parent_id=parent_id,
                    name_en=None if has_cjk(name) else name,
                    name_zh=name if has_cjk(name) else None,
                )
                entity_id = state.id
        state = self.index.entities[entity_id]
        if state.kind in (None, "other") and kind not in (None, "other"):
            state.kind = kind
            self.index.touch(entity_id)
        for n in names:
            if has_cjk(n) and not state.name_zh:
                state.name_zh = n
                self.index.touch(entity_id)
            elif not has_cjk(n) and not state.name_en:
                state.name_en = n
                self.index.touch(entity_id)
            if not entity_id or not state.key.startswith("local:"):
                self.index.add_name(entity_id, n, normalize(n))
            else:
                state.names.add(n)
        return entity_id

    def _by_names(self, names: list[str]) -> int | None:
        for n in names:
            if _is_generic(n):
                continue
            ids = self.index.ids_for_name("org", normalize(n))
            ids = {i for i in ids if not self.index.entities[i].key.startswith("local:")}
            if len(ids) == 1:
                return next(iter(ids))
            ids = self.index.ids_for_name("org", org_key(n))
            ids = {i for i in ids if not self.index.entities[i].key.startswith("local:")}
            if len(ids) == 1:
                return next(iter(ids))
        return None

    def _local(self, name: str, kind: str | None, doc_id: str) -> int:
        key = f"local:{doc_id}:{normalize(name)}"[:300]
        entity_id = self.index.by_key.get(key)
        if entity_id is None:
            entity_id = self.index.create(
                "org",
                key,
                name,
                kind=kind,
                name_en=None if has_cjk(name) else name,
                name_zh=name if has_cjk(name) else None,
            ).id
        return entity_id


def _place_attrs(index: EntityIndex, place_id: int | None) -> dict[str, object]:
    if place_id is None:
        return {}
    place = index.entities[place_id]
    return {
        "code": place.code,
        "province": place.province,
        "province_zh": place.province_zh,
        "lat": place.lat,
        "lon": place.lon,
    }


_GENERIC_WORDS = re.compile(
    r"^(?:the\s+)?(?:municipal|provincial|district|county|city|regional|local|autonomous\s+region)?\s*"
    r"(?:energy\s+bureau|bureau|development\s+and\s+reform\s+commission|commission|department|"
    r"power\s+supply\s+(?:company|bureau)|management\s+committee|office|group|company|the\s+group|"
    r"regional\s+company|branch|headquarters?)$",
    re.IGNORECASE,
)
_GENERIC_ZH = re.compile(
    r"^(?:市|县|区|省|自治区)?(?:供电公司|供电局|发改委|能源局|工信厅|工信局|商务局|"
    r"管委会|分公司|公司|集团|工程公司|东北公司|西北公司|华东公司|华北公司|华中公司|"
    r"西南公司|华南公司|投促局|人大常委会|政协|委|政府|人民政府)$"
)


def _is_generic(name: str) -> bool:
    """Names that identify no organization outside their document (``Energy Bureau``, ``市供电公司``)."""
    text = to_simplified(name.strip())
    if has_cjk(text):
        return bool(_GENERIC_ZH.match(text))
    return bool(_GENERIC_WORDS.match(text))


def acronym_links(names: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Pairs (i, j) where organization j's name is the acronym of organization i's within one record."""
    out = []
    short = {n.strip(): i for i, n in names if n.strip().isupper() and 2 <= len(n.strip()) <= 8}
    for i, n in names:
        acr = acronym(n)
        if acr and acr in short and short[acr] != i:
            out.append((i, short[acr]))
    return out
