"""A question over several places asking places of one level (哪几个省, 哪些地级市, 哪些区县, which counties): the
level read from its word, a place's level read from the ending of its name, and the places listed kept to it. The
questions and place names are written for these tests."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any, cast

import pytest

from kb.qa.compose import compound
from kb.qa.decide import groups
from kb.qa.decide.places import of_levels_asked
from kb.qa.understand.intent import WHICH_PLACES
from kb.qa.understand.places import asked_levels, level_of
from kb.qa.understand.question import Question


@pytest.mark.parametrize(
    ("question", "levels"),
    [
        ("哪几个省对粮食产量提出了目标？", {"省"}),
        ("哪些省份设立了人才驿站？", {"省"}),
        ("哪些地级市的方案写了创业担保贷款？", {"市"}),
        ("哪些区县把垃圾分类列入年度目标？", {"区", "县"}),
        ("各区分别由哪个部门牵头？", {"区"}),
        ("哪些乡镇要建设农村公路？", {"镇"}),
        ("Which counties set a target for grain output?", {"县"}),
        ("Which provinces offer a start-up subsidy?", {"省"}),
        ("哪些地方提出了免费住宿？", set()),
        ("哪些市级部门参与了这项工作？", set()),  # 市级部门 names units, not cities
        ("哪些市场主体可以申请？", set()),  # 市场 is a word, not a city
        ("哪些区域纳入了试点？", set()),
    ],
)
def test_the_level_asked_is_read_by_its_word(question: str, levels: set[str]) -> None:
    assert asked_levels(question) == levels


def test_one_level_word_asks_which_places() -> None:
    assert WHICH_PLACES.search("哪几个省的分工文件定了增长目标？")
    assert WHICH_PLACES.search("哪些地级市提出了社区建设目标？")
    assert WHICH_PLACES.search("Which districts give free desks?")
    assert not WHICH_PLACES.search("哪些市级部门负责这项工作？")
    assert not WHICH_PLACES.search("哪些市场主体能申请补贴？")


@pytest.mark.parametrize(
    ("place", "level"),
    [
        ("江南省", {"省"}),
        ("广西壮族自治区", {"省"}),
        ("天津市", {"省", "市"}),  # a municipality: a province's level, and a city
        ("临江市", {"市"}),
        ("巴音郭楞蒙古自治州", {"市"}),
        ("临江市东湖区", {"区", "县"}),  # the last level written is its own
        ("清河县", {"区", "县"}),  # a district and a county are one tier
        ("鄂温克族自治旗", {"区", "县"}),
        ("石桥镇", {"镇"}),
        ("全国", set()),
        ("鄱余万都滨湖", set()),
    ],
)
def test_a_place_level_is_read_from_the_ending_of_its_name(place: str, level: set[str]) -> None:
    assert level_of(place) == level


def _found(doc: str) -> Any:
    return SimpleNamespace(doc=doc)


def test_places_listed_are_kept_to_the_level_asked_unread_ones_last() -> None:
    doc_places = {"a": "江南省", "b": "临江市东湖区", "c": None, "d": "北海省", "e": "临江市"}
    found = [_found(d) for d in ("b", "c", "a", "e", "d")]
    asked = cast(Question, SimpleNamespace(levels=frozenset({"省"}), which_places=True))
    kept = of_levels_asked(asked, found, doc_places, lambda f: f)
    assert [f.doc for f in kept] == ["a", "d", "c"]  # the provinces, then the one whose place is not read
    every = cast(Question, SimpleNamespace(levels=frozenset(), which_places=True))
    assert [f.doc for f in of_levels_asked(every, found, doc_places, lambda f: f)] == ["b", "c", "a", "e", "d"]
    towns = cast(Question, SimpleNamespace(levels=frozenset({"镇"}), which_places=True))
    assert [f.doc for f in of_levels_asked(towns, found, doc_places, lambda f: f)] == ["b", "c", "a", "e", "d"]


def test_english_places_joined_with_their_preposition_are_split() -> None:
    forms = {"胶州市": ("jiaozhou", "胶州市", "胶州"), "铜山区": ("tongshan", "铜山区", "铜山")}
    parts = compound.split_places("How much is the subsidy in Jiaozhou and in Tongshan District respectively?", forms)
    assert [p.item for p in parts] == ["胶州市", "铜山区"]
    assert "Jiaozhou" in parts[0].question and "Tongshan" not in parts[0].question
    assert "Tongshan" in parts[1].question and "respectively" not in parts[1].question


def test_a_level_between_which_and_the_body_kind_still_asks_bodies() -> None:
    q = Question(intent="organization", language="zh", topic="", text="哪些省级联席会议由副省长担任召集人？")
    assert groups.holder_asked(q) == "副省长"
    assert groups.holder_asked(replace(q, text="这个联席会议由副省长担任召集人吗？")) is None
