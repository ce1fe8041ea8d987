"""Bodies set up by small documents (a town's 领导小组, a county's 专班) and the questions asked of them: a roster of
names with no posts, what a body does said after a roster the stored text ran together, several posts asked
together, a holder checked (是由X担任组长吗), the bodies a person heads, the issuer's office, and a notice's addressee
line. The texts are written for these tests; the expectations are read off them by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.parse.body_roles import find_bodies, names_only
from kb.parse.outline import ADDRESSED_UNITS
from kb.qa.compose.mechanism import answer_organization, answer_posts
from kb.qa.decide.groups import holder_asked, holding
from kb.qa.understand.intent import _org_field, post_checked, posts_asked
from kb.qa.understand.question import Question
from kb.types import Clause
from tests.test_bodies import Written


def _clause(doc: str, number: int, title: str, text: str) -> Clause:
    return Clause(doc, "某通知", (number,), (title,), title, text)


# a town's notice: the roster's lines run together as stored, names alone (a two-character name padded), then the
# sentence setting up the office run on after the last name
TOWN = [
    _clause(
        "t",
        0,
        "前言",
        "各村,各有关单位:\n为加强河道保洁工作,经研究,决定成立青石镇河道保洁工作领导小组,具体名单如下:\n"
        "组 长:刘志军副组长:陈 东 周海燕成 员:吴 强 郑丽萍 何建国领导小组下设办公室,办公室设在青石镇水利站,"
        "由郑丽萍兼任办公室主任。",
    )
]

# a county's 专班: a short name, its roster run together with posts, then what it does run on after the last post
ZHUANBAN = [
    _clause(
        "z",
        0,
        "前言",
        "各有关单位:\n为推进茶产业发展,决定成立云溪县茶产业发展工作专班(以下简称“工作专班”),现将有关事项通知如下:",
    ),
    _clause(
        "z",
        1,
        "一、工作专班及职责",
        "组长:赵明远副县长副组长:孙丽县农业农村局局长成员:钱进县林业局副局长"
        "工作专班负责统筹茶园建设和品牌推广,负责协调解决产业发展中的重大问题。",
    ),
]


def test_a_roster_of_names_with_no_posts() -> None:
    [group] = find_bodies(TOWN, Written())
    assert group.name == "青石镇河道保洁工作领导小组"
    assert (group.head, group.head_title) == ("刘志军", "组长")
    assert group.deputy_convener == "陈东；周海燕"  # a padded name joined
    assert group.members == ("吴强", "郑丽萍", "何建国")  # the office's sentence run on is no name
    assert group.office == "青石镇水利站" and group.office_head == "郑丽萍"


@pytest.mark.parametrize("line", ["县长", "县财政局 县水利局", "负责日常工作", "王明 国务院副总理"])
def test_a_line_of_posts_or_units_is_no_roster_of_names(line: str) -> None:
    assert names_only(line) == []


def test_what_a_body_does_said_after_its_run_on_roster() -> None:
    [group] = find_bodies(ZHUANBAN, Written())
    assert group.head == "赵明远副县长"
    assert group.duty == "负责统筹茶园建设和品牌推广,负责协调解决产业发展中的重大问题"
    assert _org_field("云溪那个茶产业工作专班，平时具体管哪些事？", "zh", None) == "duty"


def test_several_posts_asked_together_are_each_answered() -> None:
    question = "青石镇河道保洁工作领导小组的组长和办公室主任分别是谁？"
    assert posts_asked(question, "zh") == ("head", "office_head")
    assert posts_asked("领导小组的组长是谁？", "zh") == ()
    assert posts_asked("组长和副组长是同一个人吗？", "zh") == ()  # not asked 分别
    [group] = find_bodies(TOWN, Written())
    q = replace(Question("organization", "zh", "问", org_field="office_head"), text=question)
    found = answer_posts(q, [group], ("head", "office_head"), {c.id: c for c in TOWN}, lambda _: None)
    assert not found.abstained
    assert found.answer.splitlines()[0].startswith("青石镇河道保洁工作领导小组：组长：刘志军。")
    assert "办公室主任：郑丽萍" in found.answer.splitlines()[1]


def test_a_holder_checked_before_the_post_is_a_yes_or_no_on_the_head() -> None:
    question = "云溪县茶产业发展工作专班是由县农业农村局局长担任组长吗？"
    assert post_checked(question, "zh") == "云溪县茶产业发展工作专班是由担任组长吗？"
    assert _org_field(question, "zh", "县农业农村局") == "head"  # the unit is the holder checked, not a role asked
    [group] = find_bodies(ZHUANBAN, Written())
    q = Question("organization", "zh", "问", org_field="head", department="县农业农村局", departments=("县农业农村局",))
    found = answer_organization(replace(q, text=question), [group], {c.id: c for c in ZHUANBAN}, lambda _: None)
    assert found.answer.startswith("不是。") and "赵明远副县长" in found.answer
    q = replace(q, text="云溪县茶产业发展工作专班是由赵明远副县长担任组长吗？", department=None, departments=())
    found = answer_organization(q, [group], {c.id: c for c in ZHUANBAN}, lambda _: None)
    assert found.answer.startswith("是。")


def test_the_bodies_a_person_heads_asked_with_a_short_post() -> None:
    notice = [
        _clause("n", 0, "前言", "国务院决定成立国家湿地保护领导小组(以下简称领导小组)。现将有关事项通知如下:"),
        _clause("n", 1, "组成人员", "组 长:王 明 国务院副总理\n副组长:李 强 自然资源部部长\n成 员:周 平 财政部副部长"),
    ]
    [group] = find_bodies(notice, Written())
    q = replace(Question("organization", "zh", "问", org_field="role"), text="王明副总理担任组长的领导小组有哪些？")
    assert holder_asked(q) == "王明副总理"
    assert holding([group], "head", "王明副总理") == [group]  # 王明 国务院副总理: the name, then a post ending so
    assert holding([group], "head", "王明部长") == []
    assert holding([group], "head", "李强副总理") == []  # another person


def test_the_general_office_issuing_is_no_office_asked() -> None:
    question = "Who heads the leading group on wetlands that the State Council General Office set up in 2018?"
    assert _org_field(question, "en", None) == "head"
    assert _org_field("Where is the office of the leading group on wetlands?", "en", None) == "office"
    assert _org_field("县政府办公室印发的那个领导小组的组长是谁？", "zh", None) == "head"
    assert _org_field("领导小组办公室设在县政府办公室吗？", "zh", None) == "office"


@pytest.mark.parametrize(
    ("line", "addressed"),
    [
        ("县防汛抗旱指挥部各成员单位,各有关单位:", True),
        ("各乡镇人民政府,县直各部门:", True),
        ("各村,各有关单位:", True),
        ("由县水利局负责:", False),  # no unit list: a sentence
        ("县水利局负责河道巡查,各乡镇配合。", False),
    ],
)
def test_an_addressee_line_is_told_by_its_form(line: str, addressed: bool) -> None:
    assert bool(ADDRESSED_UNITS.match(line)) is addressed


def test_an_ordinal_is_no_frequency_asked() -> None:
    assert _org_field("哪些地方成立了人口普查领导小组？分别是第几次普查？", "zh", None) == "name"
    assert _org_field("领导小组一年开几次会议？", "zh", None) == "other"


def test_a_question_on_one_bodys_members_asks_no_bodies() -> None:
    q = replace(Question("organization", "zh", "问", org_field="members"), text="组长由县长担任的领导小组有哪些成员？")
    assert holder_asked(q) is None  # 有哪些 asks its members, not which bodies
