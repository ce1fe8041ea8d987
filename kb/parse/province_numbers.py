"""The province a provincial government's document number (文号) names by its abbreviation: 湘政发〔2016〕1号 is
湖南省人民政府's, 甘政发〔2022〕9号 甘肃省's, 鲁政办字〔2022〕128号 山东省's office's.

The 34 province-level divisions and their abbreviations (简称) are a closed class, listed here whole. A number is
read as a province's only in the form a provincial government writes it — the abbreviation followed at once by
政 or 府 (湘政发, 粤府, 川府发, 鲁政办字) — so a city's number starting with the same character (鄂州政发, 晋市政发,
甘南州政发) is not. A few cities write their government's numbers with a province's abbreviation (南京 宁政发,
青岛 青政发, 苏州 苏府, 台州 台政发): the number is taken as the province's only when the text speaks as a
province does (全省, 省政府, 省直…; 自治区… for a region; 全市, 市政府 for a municipality).
"""

from __future__ import annotations

import re

# (place, its abbreviations as numbers write them) — 内蒙古's numbers open with 内 (内政发).
PROVINCES: tuple[tuple[str, str], ...] = (
    ("北京市", "京"),
    ("天津市", "津"),
    ("上海市", "沪"),
    ("重庆市", "渝"),
    ("河北省", "冀"),
    ("山西省", "晋"),
    ("辽宁省", "辽"),
    ("吉林省", "吉"),
    ("黑龙江省", "黑"),
    ("江苏省", "苏"),
    ("浙江省", "浙"),
    ("安徽省", "皖"),
    ("福建省", "闽"),
    ("江西省", "赣"),
    ("山东省", "鲁"),
    ("河南省", "豫"),
    ("湖北省", "鄂"),
    ("湖南省", "湘"),
    ("广东省", "粤"),
    ("海南省", "琼"),
    ("四川省", "川蜀"),
    ("贵州省", "黔贵"),
    ("云南省", "云滇"),
    ("陕西省", "陕秦"),
    ("甘肃省", "甘陇"),
    ("青海省", "青"),
    ("台湾省", "台"),
    ("内蒙古自治区", "内蒙"),
    ("广西壮族自治区", "桂"),
    ("西藏自治区", "藏"),
    ("宁夏回族自治区", "宁"),
    ("新疆维吾尔自治区", "新"),
    ("香港特别行政区", "港"),
    ("澳门特别行政区", "澳"),
)
_BY_ABBREVIATION = {
    abbreviation: place for place, abbreviations in PROVINCES for abbreviation in abbreviations
}
_GOVERNMENT_NUMBER = re.compile(rf"^(?P<abbreviation>[{''.join(_BY_ABBREVIATION)}])(?:政|府)")

# How a province-level document speaks of its own level (its organs, its whole territory).
_SPEAKS_AS = {
    "省": re.compile(r"全省|我省|本省|省政府|省人民政府|省直|省委|省级|省十|省各"),
    "自治区": re.compile(r"全区|自治区人民政府|自治区政府|自治区直|自治区党委|自治区各"),
    "市": re.compile(r"全市|本市|我市|市政府|市人民政府|市委"),
}


def province_of_number(doc_no: str | None, text: str) -> str | None:
    """The province whose government's number `doc_no` is (湘政发〔2016〕1号 → 湖南省), when the text speaks at
    that province's level; None for any other number."""
    match = _GOVERNMENT_NUMBER.match(doc_no or "")
    if match is None:
        return None
    place = _BY_ABBREVIATION[match["abbreviation"]]
    level = "自治区" if place.endswith("自治区") else place[-1]
    speaks = _SPEAKS_AS.get(level)  # 特别行政区: their documents carry no such numbers
    return place if speaks is not None and speaks.search(text) else None
