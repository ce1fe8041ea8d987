"""The place a document's file name writes in English, for one whose text names none (kb.parse.jurisdiction)."""

from __future__ import annotations

from kb.parse.jurisdiction import jieba_places_sounding, place_in_file_name, places_from_file_names

SOUNDS = {
    ("nanling", "县"): ["南陵县"],
    ("pingjiang", "县"): ["平江县"],
    ("gulou", "区"): ["鼓楼区", "古楼区"],
}


def sounding(name: str, level: str) -> list[str]:
    return SOUNDS.get((name, level), [])


def test_a_level_word_beside_a_pinyin_name_is_the_place() -> None:
    assert place_in_file_name("county_nanling_zfgzbg_2024", sounding) == "南陵县"
    assert place_in_file_name("2024-pingjiang-county-plan", sounding) == "平江县"


def test_no_level_word_or_several_places_sounding_alike_name_none() -> None:
    assert place_in_file_name("nanling_zfgzbg_2024", sounding) is None  # no level written
    assert place_in_file_name("district_gulou_plan", sounding) is None  # two districts sound so
    assert place_in_file_name("county_nanling_zfgzbg_2024", lambda n, lv: []) is None


def test_only_a_document_with_no_place_takes_its_file_name_s() -> None:
    places = {
        "county_nanling_zfgzbg_2024": None,
        "county_pingjiang_plan": "岳阳市平江县",
        "county_nanling_b": "各区",
    }
    assert places_from_file_names(places, sounding) == {
        "county_nanling_zfgzbg_2024": "南陵县",
        "county_pingjiang_plan": "岳阳市平江县",
        "county_nanling_b": "南陵县",  # a word naming no particular place is none
    }


def test_jieba_s_place_names_read_in_pinyin() -> None:
    assert jieba_places_sounding("nanling", "县") == ["南陵县"]
    assert jieba_places_sounding("jinxiang", "县") == ["金乡县"]
