"""The knowledge base of energy-sector groups: lookups in English and Chinese, hierarchy, user files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactgraph.resolve.kb import KnowledgeBase, KnowledgeBaseError


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.mark.parametrize(
    ("name", "entry_id"),
    [
        ("SPIC", "spic"),
        ("国家电投", "spic"),
        ("國家電投", "spic"),
        ("State Power Investment Corporation", "spic"),
        ("国家电力投资集团有限公司", "spic"),
        ("CPID", "cpid"),
        ("中国电力", "cpid"),
        ("China Power International Development Limited", "cpid"),
        ("三峡集团", "ctg"),
        ("China Three Gorges Corporation", "ctg"),
        ("长江电力", "cypc"),
        ("华能", "huaneng"),
        ("China Huaneng Group Co., Ltd.", "huaneng"),
        ("华能国际", "huaneng-hpi"),
        ("大唐发电", "datang-intl"),
        ("中国华电集团有限公司", "huadian"),
        ("CHN Energy", "chn-energy"),
        ("国家能源集团", "chn-energy"),
        ("龙源电力", "longyuan"),
        ("中國能建", "ceec"),
        ("葛洲坝", "gezhouba"),
        ("PowerChina", "powerchina"),
        ("中国电建", "powerchina"),
        ("State Grid", "sgcc"),
        ("国家电网有限公司", "sgcc"),
        ("南方电网", "csg"),
        ("Sinopec", "sinopec"),
        ("SPC", "sinopec-spc"),
        ("PetroChina", "petrochina"),
        ("CNPC", "cnpc"),
        ("中海油", "cnooc"),
        ("CGN", "cgn"),
        ("CGN Power", "cgn-power"),
        ("中核集团", "cnnc"),
        ("宁德时代", "catl"),
        ("CATL", "catl"),
        ("BYD", "byd"),
        ("比亚迪股份有限公司", "byd"),
        ("LONGi", "longi"),
        ("隆基绿能", "longi"),
        ("Goldwind", "goldwind"),
        ("金风科技", "goldwind"),
        ("远景能源", "envision-energy"),
        ("天合光能股份有限公司", "trina"),
        ("通威股份", "tongwei"),
        ("中國寶武鋼鐵集團有限公司", "baowu"),
        ("China Railway 16th Bureau", "crcc-16"),
        ("Beijing Energy International Holdings Co., Ltd.", "beijing-energy-intl"),
    ],
)
def test_find(kb: KnowledgeBase, name: str, entry_id: str) -> None:
    entry = kb.find(name)
    assert entry is not None and entry.id == entry_id


def test_entries_have_names_and_hierarchy(kb: KnowledgeBase) -> None:
    cpid = kb.get("cpid")
    assert cpid.name_zh == "中国电力国际发展有限公司" and "CPID" in cpid.aliases and cpid.parent == "spic"
    assert kb.root_of(cpid).id == "spic"
    assert all(e.parent is None or e.parent in kb for e in kb)
    assert not kb._ambiguous  # no name claimed by two unrelated entries


def test_province_patterns(kb: KnowledgeBase) -> None:
    assert kb.find("国网天津电力").id == "sgcc-tianjin"
    assert kb.find("State Grid Jiangsu Electric Power Co., Ltd.").parent == "sgcc"
    assert kb.find("华能河南分公司").parent == "huaneng"
    assert kb.find("China Huadian Corporation Guangdong Branch").id == "huadian-guangdong"
    assert kb.find("国网广东电力") is None  # Guangdong's grid is China Southern Power Grid's


def test_unknown_names(kb: KnowledgeBase) -> None:
    assert kb.find("Pingdingshan Municipal Government") is None
    assert kb.find("") is None
    assert kb.prefix_entry("PowerChina Chengdu Survey Team").id == "powerchina-chengdu"


def test_user_file_extends_and_replaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "entities:\n  - id: xyz-energy\n    name_en: XYZ Energy Co., Ltd.\n    name_zh: 某某能源有限公司\n"
        "    aliases: [XYZE, 某某能源]\n    parent: spic\n"
        "  - id: byd\n    name_en: BYD Company Limited\n    aliases: [BYD Auto]\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase.load([extra])
    assert kb.find("某某能源").id == "xyz-energy" and kb.find("XYZE").parent == "spic"
    assert kb.find("BYD Auto").id == "byd" and kb.find("比亚迪") is None  # replaced entry
    monkeypatch.setenv("PACTGRAPH_KB", str(extra))
    assert KnowledgeBase.default().find("XYZE") is not None
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - name_en: no id\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError):
        KnowledgeBase.load([bad])
