"""Chinese organization rules on small invented sentences: local bodies named by level only,
enumerated party and government bodies, false place prefixes, vague plural references."""

from __future__ import annotations

import datetime as dt

import pytest

from pactgraph.extract.base import PreparedDoc
from pactgraph.extract.zh import ChineseExtractor
from pactgraph.ingest.documents import Document
from pactgraph.record import Record


@pytest.fixture(scope="module")
def extractor() -> ChineseExtractor:
    return ChineseExtractor()


def run(ex: ChineseExtractor, text: str) -> Record:
    prepared = PreparedDoc(doc=Document(id="t", text=text), lang="zh", pub=dt.date(2023, 5, 2))
    return ex.extract_batch([prepared])[0]


def names(rec: Record) -> dict[str, set[str]]:
    return {o.name: {o.name, *o.aliases} for o in rec.organizations}


def test_bare_government_joins_the_enumerated_place(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "甲能集团董事长王建国到访洛阳\n\n5月1日,洛阳市委书记李明华会见了甲能集团董事长王建国一行。"
        "王建国感谢洛阳市委、市政府对企业的支持。",
    )
    orgs = names(rec)
    assert "洛阳市委" in orgs
    gov = [o for o in rec.organizations if "市政府" in {o.name, *o.aliases}]
    assert gov and gov[0].kind == "government"
    assert not any("市委市政府" in n or "市委、市政府" in n for n in orgs)


def test_joint_party_and_government_split(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "乙能公司与开封市签约\n\n5月1日,乙能有限公司与开封市人民政府签署合作协议。"
        "开封市委书记赵志刚表示,市委市政府将全力支持项目建设。",
    )
    orgs = names(rec)
    assert not any(n.startswith("市委市政府") for n in orgs)
    assert any("开封市人民政府" in forms for forms in orgs.values())


def test_person_name_is_not_a_place_before_a_level_word(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "丙电集团与许昌市座谈\n\n5月1日,许昌市委书记张一凡、崔枫林市委副书记与丙电集团有限公司负责人座谈。",
    )
    assert not any(n.startswith("枫林") or n.startswith("崔") for n in names(rec))


def test_vague_plural_bodies_are_not_organizations(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "丁能集团与平顶山市签约\n\n5月1日,丁能集团有限公司与平顶山市人民政府签署战略合作协议。"
        "双方感谢平顶山市各级党委政府和有关部门的支持。",
    )
    assert not any("各级" in n or "有关" in n for n in names(rec))


def test_department_names_with_he_keep_their_left_edge(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "甲能集团与安阳市座谈\n\n5月1日,安阳市发展和改革委员会主任李明华、安阳市工业和信息化局局长赵志刚"
        "与甲能集团有限公司董事长王建国座谈。",
    )
    orgs = names(rec)
    assert "安阳市发展和改革委员会" in orgs
    assert "安阳市工业和信息化局" in orgs
    assert not any(n in ("改革委员会", "信息化局") for n in orgs)


def test_company_name_keeps_its_distinctive_head(extractor: ChineseExtractor) -> None:
    rec = run(
        extractor,
        "甲州市与明天公司签约\n\n5月1日,安徽明天氢能科技股份有限公司与甲州市人民政府签署合作协议。",
    )
    orgs = names(rec)
    assert "安徽明天氢能科技股份有限公司" in orgs
    assert "氢能科技股份有限公司" not in orgs
