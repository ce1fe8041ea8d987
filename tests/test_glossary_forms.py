"""Glossary terms of several written forms (kb.qa.normalise.glossary): one topic word any of its forms holds."""

from __future__ import annotations

from kb.qa.normalise.glossary import Glossary, searched

GLOSSARY = Glossary({"gdp": "地区生产总值|国内生产总值", "pilot": "试点|中试", "investment": "投资"})


def test_a_term_of_several_forms_is_one_alternative() -> None:
    assert GLOSSARY.chinese_terms("What GDP growth and pilot investment?") == [
        "地区生产总值|国内生产总值",
        "试点|中试",
        "投资",
    ]


def test_searches_read_each_form_apart() -> None:
    assert searched(["地区生产总值|国内生产总值", "投资"]) == ["地区生产总值", "国内生产总值", "投资"]


def test_an_english_word_the_documents_write_stands_beside_its_terms() -> None:
    # 占GDP比重 in one document, 地区生产总值增长 in another: the word as written or any of its terms
    assert GLOSSARY.translated("沙坪坝的GDP growth是多少", frozenset({"gdp"})) == [
        "gdp|地区生产总值|国内生产总值"
    ]
    assert GLOSSARY.translated("沙坪坝的GDP是多少") == ["地区生产总值|国内生产总值"]


def test_a_word_the_glossary_writes_as_it_is_stays_one_word() -> None:
    assert Glossary({"opc": "OPC"}).translated("北京OPC社区补多少", frozenset({"opc"})) == []
