"""Chinese extraction on small hand-written sentences, and a no-crash run over the dev corpus."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pactgraph.extract.base import PreparedDoc
from pactgraph.extract.zh import ChineseExtractor
from pactgraph.extract.zh.people import latin_name
from pactgraph.extract.zh.resources import load
from pactgraph.ingest.documents import Document
from pactgraph.record import Record

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "docs.jsonl"


@pytest.fixture(scope="module")
def extractor() -> ChineseExtractor:
    return ChineseExtractor()


def run(ex: ChineseExtractor, text: str, pub: dt.date | None = None) -> Record:
    prepared = PreparedDoc(doc=Document(id="t", text=text), lang="zh", pub=pub)
    return ex.extract_batch([prepared])[0]


def positions(rec: Record) -> set[tuple[str, str, str | None]]:
    return {(p.name, x.title, x.org) for p in rec.people for x in p.positions}


SIGNING = (
    "甲能集团与乙州市人民政府签署战略合作协议\n\n"
    "3月5日,甲能集团有限公司与乙州市人民政府在杭签署战略合作协议。"
    "集团公司党委书记、董事长王建国,乙州市委书记李明华,市委副书记、市长赵志刚共同见证签约。"
    "集团公司党组成员、副总经理张涛,乙州市委常委、常务副市长孙立新代表双方签约。"
    "双方将在新能源、储能和氢能等领域开展合作。"
)


def test_titles_before_names_split(extractor: ChineseExtractor) -> None:
    rec = run(extractor, SIGNING, dt.date(2023, 3, 6))
    pos = positions(rec)
    assert ("王建国", "党委书记", "甲能集团有限公司") in pos
    assert ("王建国", "董事长", "甲能集团有限公司") in pos
    assert ("张涛", "党组成员", "甲能集团有限公司") in pos
    assert ("张涛", "副总经理", "甲能集团有限公司") in pos
    assert ("李明华", "市委书记", "乙州市委") in pos
    assert ("赵志刚", "市长", "乙州市") in pos
    assert ("孙立新", "常务副市长", "乙州市") in pos


def test_signing_event_roles_and_parties(extractor: ChineseExtractor) -> None:
    rec = run(extractor, SIGNING, dt.date(2023, 3, 6))
    event = rec.events[0]
    assert event.type == "agreement"
    assert event.agreement_kind == "strategic cooperation agreement"
    assert event.date == "2023-03-05"
    assert event.place is not None and event.place.name == "杭州"
    roles = {p.person: p.role for p in event.participants}
    assert roles["王建国"] == roles["李明华"] == roles["赵志刚"] == "witness"
    assert roles["张涛"] == roles["孙立新"] == "signatory"
    assert set(event.parties) == {"甲能集团有限公司", "乙州市人民政府"}
    assert {"new_energy", "energy_storage", "hydrogen"} <= set(event.fields)


def test_evidence_points_into_original(extractor: ChineseExtractor) -> None:
    rec = run(extractor, SIGNING)
    for person in rec.people:
        for start, end in person.evidence:
            assert SIGNING[start:end] == person.name
    org = next(o for o in rec.organizations if o.name == "乙州市人民政府")
    assert all(SIGNING[s:e] in ("乙州市人民政府", "乙州市") for s, e in org.evidence)


def test_visit(extractor: ChineseExtractor) -> None:
    text = (
        "省委书记刘振东赴某某储能公司调研\n\n"
        "5月6日,某某省委书记刘振东赴某某储能公司调研。公司总经理陈小兵汇报了项目建设情况。"
    )
    rec = run(extractor, text, dt.date(2024, 5, 8))
    event = rec.events[0]
    assert event.type == "visit"
    roles = {p.person: p.role for p in event.participants}
    assert roles["刘振东"] == "visitor"
    assert roles["陈小兵"] == "speaker"


def test_traditional_input(extractor: ChineseExtractor) -> None:
    text = (
        "6月25日,甲能建設集團與江蘇省政府簽署戰略合作協議。"
        "江蘇省副省長胡廣傑、甲能建設集團總經理孫洪水代表雙方簽約。"
    )
    rec = run(extractor, text)
    names = {p.name for p in rec.people}
    assert {"胡廣傑", "孫洪水"} <= names  # names as written
    assert rec.events[0].date == "XXXX-06-25"
    roles = {p.person: p.role for p in rec.events[0].participants}
    assert roles["胡廣傑"] == "signatory"


def test_no_event_in_results_announcement(extractor: ChineseExtractor) -> None:
    text = "某某电力股份有限公司2023年年度业绩公告\n\n公司实现营业收入人民币100亿元,同比增长5%。"
    rec = run(extractor, text)
    assert rec.events == []
    assert rec.language == "zh"


def test_name_latn() -> None:
    res = load()
    assert latin_name("戴厚良", res.surname_readings, res.compound_surnames) == "Dai Houliang"
    assert latin_name("单雄信", res.surname_readings, res.compound_surnames) == "Shan Xiongxin"
    assert latin_name("欧阳明高", res.surname_readings, res.compound_surnames) == "Ouyang Minggao"
    assert latin_name("曾毓群", res.surname_readings, res.compound_surnames) == "Zeng Yuqun"


def test_person_records_carry_pinyin(extractor: ChineseExtractor) -> None:
    rec = run(extractor, SIGNING)
    person = next(p for p in rec.people if p.name == "张涛")
    assert person.model_dump()["name_latn"] == "Zhang Tao"


@pytest.mark.skipif(not CORPUS.exists(), reason="shared dev corpus not present")
def test_dev_corpus_chinese_docs_do_not_crash(extractor: ChineseExtractor) -> None:
    from pactgraph.extract.language import detect_language

    prepared = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if detect_language(obj["text"]) == "zh":
            prepared.append(
                PreparedDoc(
                    doc=Document(id=obj["id"], text=obj["text"], url=obj.get("url")), lang="zh", pub=None
                )
            )
    records = extractor.extract_batch(prepared)
    assert len(records) == len(prepared) > 0
    for rec, p in zip(records, prepared, strict=True):
        assert rec.id == p.doc.id and rec.language == "zh"
        for person in rec.people:
            for start, end in person.evidence:
                assert 0 <= start < end <= len(p.doc.text)


def test_given_name_with_a_function_character(extractor: ChineseExtractor) -> None:
    # 向 is usually a preposition; in 叶向东 jieba reads 向东 as a given name
    rec = run(extractor, "4月1日,双方签署协议。华电集团总经理叶向东代表双方签约。", dt.date(2023, 4, 2))
    assert ("叶向东", "总经理", "华电集团") in positions(rec)
