"""The places a question names are found through the forms' first characters (kb.qa.understand.places): the same
places, in the same order, as testing every form of every place against the question."""

from __future__ import annotations

from kb.qa.understand.places import NamedPlaces


def _every_form(named: NamedPlaces, question: str) -> tuple[str, ...]:
    """What reading every form of every place gives (the reading before the index)."""
    import re

    words = set(re.findall(r"[a-z]+", re.sub(r"['’]s\b", "", question.lower()).replace("'", "")))
    forms = named.current()
    return tuple(
        p for p, names in forms.items() if any(f in words if f.isascii() else f in question for f in names)
    )


PLACES = ["宁波市", "泰安市", "平江县", "杭州市上城区", "全国", "四川省", "南充市", "湖南省岳阳市平江县", "西湖区", None]
QUESTIONS = [
    "宁波市OPC社区最高补助多少？",
    "泰安和宁波的OPC社区补助各是多少？",
    "上城区的数字经济核心产业增加值目标？",
    "杭州上城的目标是什么",
    "国务院对专精特新企业有什么要求",
    "平江县高价值发明专利培育是哪个单位的事？",
    "岳阳的人才引进目标",
    "四川、南充两地的办结时限",
    "没有地名的问题",
    "",
    "宁",
    "What does Ningbo's OPC policy subsidise?",
    "How many communities will Tai'an and Nanchong build?",
    "What does the state council require?",
]


def test_the_places_named_are_those_reading_every_form_finds() -> None:
    named = NamedPlaces(PLACES)
    for question in QUESTIONS:  # the Chinese questions first, then the English ones (pinyin forms from then on)
        assert named.in_question(question) == _every_form(named, question), question
    assert named.in_question("宁波市和泰安市") == ("宁波市", "泰安市")
    assert named.in_question("What does Ningbo's OPC policy subsidise?") == ("宁波市",)


def test_english_forms_made_beforehand_are_read_as_those_made_when_needed() -> None:
    """The English forms saved with the index (kb.qa.saved) answer as the ones made at the first English question,
    and are taken up only then (a Chinese question before reads the Chinese forms); forms made for other places,
    or in another order, are not used."""
    from kb.qa.understand.places import place_forms

    made = {p: place_forms(p) for p in dict.fromkeys(PLACES) if p}
    plain, ready = NamedPlaces(PLACES), NamedPlaces(PLACES, english=made)
    for question in QUESTIONS:
        assert ready.in_question(question) == plain.in_question(question), question
        assert ready.current() == plain.current(), question
    shuffled = dict(reversed(made.items()))
    other = NamedPlaces(PLACES, english=shuffled)
    other.in_question("What does Ningbo's OPC policy subsidise?")
    assert list(other.current()) == list(made)  # made again in the places' own order
    fewer = NamedPlaces(PLACES, english={"宁波市": ("宁波市", "宁波", "ningbo")})
    assert fewer.in_question("How many communities will Tai'an and Nanchong build?") == ("泰安市", "南充市")


def test_a_place_inside_a_longer_place_name_written_is_not_named() -> None:
    """The longest name written wins: 新河 inside 平新河 is part of 平新河市's name, 金州 inside 平金州 of 平金州市's,
    新河 inside 长新河区 of that district's — however the places are ordered; a place written on its own beside them
    is named, and a city written before its own district (珠海长新河区) stays named as it was."""
    places = ["新河市", "平新河市", "金州县", "平金州市", "珠海市长新河区", "珠海市"]
    for order in (places, list(reversed(places))):
        named = NamedPlaces(order)
        assert named.in_question("平新河的政策支持谁负责？") == ("平新河市",)
        assert named.in_question("我们公司在平金州，想问AIGC平台谁负责") == ("平金州市",)
        assert named.in_question("新河市的政策支持谁负责？") == ("新河市",)
        assert set(named.in_question("新河和平新河的补助分别是多少")) == {"新河市", "平新河市"}
        assert set(named.in_question("珠海长新河区的OPC社区目标")) == {"珠海市长新河区", "珠海市"}
        assert named.in_question("长新河区的OPC社区目标") == ("珠海市长新河区",)


def test_an_autonomous_place_is_named_by_its_own_name() -> None:
    # the peoples' names and the level left out (广西壮族自治区 → 广西), a prefecture also with its level's word
    from kb.qa.understand.places import place_forms

    named = NamedPlaces(["广西壮族自治区", "湘西土家族苗族自治州", "内蒙古自治区", "宁波市"])
    assert named.in_question("广西全面对接大湾区的方案里，交通互联由谁牵头？") == ("广西壮族自治区",)
    assert named.in_question("湘西州的旅游工作专班由谁牵头？") == ("湘西土家族苗族自治州",)
    assert named.in_question("内蒙古的定位是什么？") == ("内蒙古自治区",)
    assert "湘西土" not in place_forms("湘西土家族苗族自治州", english=False)  # 土家 is one people's name
    assert "西藏" in place_forms("西藏自治区", english=False)  # its people's name is its own: kept whole
    assert "广西壮族自治" not in place_forms("广西壮族自治区", english=False)
