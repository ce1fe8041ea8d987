"""A document whose title opens with a development zone named by its city's bare name (大连高新区…, 长沙经济技术
开发区管委会关于…) is that city's: the zone's own name (高新区) is no place, so the title alone read none."""

from __future__ import annotations

from kb.parse.jurisdiction import jieba_city_named, place_of_zone, places_from_zones

CITIES = {"大连": "大连市", "长沙": "长沙市", "天津": "天津市", "宁波": "宁波市"}


def city(stem: str) -> str | None:
    return CITIES.get(stem)


def test_a_zone_under_its_citys_bare_name() -> None:
    assert place_of_zone("大连高新区支持OPC发展若干措施（试行）", city) == "大连市"
    assert place_of_zone("长沙经济技术开发区管委会关于印发《长沙经济技术开发区关于…的十条措施》的通知", city) == "长沙市"
    assert place_of_zone("天津滨海高新区关于加快培育新型产业生态的若干措施", city) == "天津市"  # a named zone of it
    assert place_of_zone("关于印发《宁波经开区数字经济十条》的通知", city) == "宁波市"


def test_no_zone_or_no_city_is_no_place() -> None:
    assert place_of_zone("加快园区发展的实施意见", city) is None  # 加快 names no city
    assert place_of_zone("平江高新区管委会工作要点", city) is None  # 平江 is no city's bare name here
    assert place_of_zone("大连市支持OPC发展若干措施", city) is None  # no zone: the title's place is read elsewhere


def test_only_a_document_with_no_place_takes_its_zones_city() -> None:
    places = {"a": None, "b": "杭州市", "c": "各区"}
    titles = {"a": "大连高新区支持OPC发展若干措施", "b": "长沙经开区措施", "c": "长沙经开区措施"}
    assert places_from_zones(places, titles, city) == {"a": "大连市", "b": "杭州市", "c": "长沙市"}


def test_a_city_by_the_dictionary() -> None:
    assert jieba_city_named("大连") == "大连市"
    assert jieba_city_named("滨海") is None
