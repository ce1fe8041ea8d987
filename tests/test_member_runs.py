"""A body's member units written in runs, the level written once per run (kb.parse.member_lists), checked by a
membership question; where a body's office sits asked in English; a person's name asked where the document gives
only a post. The texts are written for these tests; the expectations are read off them by hand."""

from __future__ import annotations

from dataclasses import replace

from kb.parse.body_roles import find_bodies
from kb.parse.member_lists import listed_before, reads_as_units, with_level
from kb.parse.organization import read_working_groups
from kb.qa.compose.mechanism import answer_organization, is_member, names_a_person
from kb.qa.decide.groups import unit_asked
from kb.qa.understand.intent import _org_field
from kb.qa.understand.question import Question
from kb.types import Clause
from tests.test_bodies import Written


def _clause(doc: str, number: int, title: str, text: str) -> Clause:
    return Clause(doc, "某通知", (number,), (title,), title, text)


# a notice setting up a city's 专班, its roles in a clause of their own: conveners, then the member units in three
# runs (the city's party organs, the city's government units with 妇联 and 科协, bodies of other levels)
NOTICE = [
    _clause(
        "m", 0, "前言", "为推进跨境电商发展，市政府决定成立青州市跨境电商发展工作专班。现将有关事项通知如下："
    ),
    _clause(
        "m",
        1,
        "一、组成人员",
        "工作专班由市政府分管副市长任召集人，市商务局局长任副召集人；市委组织部、宣传部，市发展改革委、财政局、"
        "市场监管局、妇联、科协，国家税务总局青州市税务局、青州海关等为成员单位。工作专班办公室设在市商务局，"
        "承担日常工作，办公室主任由市商务局主要负责同志兼任。",
    ),
]


def test_member_units_written_in_runs_before_the_word_are_all_read_with_their_level() -> None:
    [group] = find_bodies(NOTICE, Written())
    # as written: an answer lists them so
    assert group.members == (
        "市委组织部",
        "宣传部",
        "市发展改革委",
        "财政局",
        "市场监管局",
        "妇联",
        "科协",
        "国家税务总局青州市税务局",
        "青州海关",
    )
    # each read with the level its run writes once: 市委 for 宣传部; 市场 is a word of its own name, not the level;
    # a unit with a level or a place of its own keeps it
    assert group.member_levels == ("", "市委", "", "市", "市", "市", "市", "", "")
    assert group.members_more  # …等为成员单位
    assert ("members", "m:1") in group.sources  # cited where it was read
    assert group.convener == "市政府分管副市长" and group.office == "市商务局"


def test_a_run_that_is_no_list_of_units_ends_the_list() -> None:
    listed = listed_before("成立县招商专班，由县长任组长，县商务局、财政局、自然资源局为成员单位。")
    assert listed == ("县商务局、财政局、自然资源局", False)
    assert not reads_as_units("由县长任组长") and not reads_as_units("分管副县长、县商务局")
    assert reads_as_units("妇联、科协、贸促会") and not reads_as_units(
        "妇联、科协"
    )  # none shaped like a unit


def test_a_run_whose_first_unit_has_no_level_is_left_as_written() -> None:
    assert with_level(["市场监管局", "统计局"]) == ["市场监管局", "统计局"]  # 市场, not 市
    assert with_level(["省发展改革委", "教育厅", "广东证监局"]) == ["省发展改革委", "省教育厅", "广东证监局"]
    assert with_level(["县委宣传部", "网信办"]) == ["县委宣传部", "县委网信办"]


def test_an_inline_group_reads_its_runs_too() -> None:
    text = "成立县数字经济工作专班，县政府分管副县长任组长，县发改局、财政局，县供电公司等为成员单位。"
    [group] = read_working_groups(_clause("c", 3, "保障措施", text), Written())
    assert group.members == ("县发改局", "财政局", "县供电公司") and group.members_more
    assert group.member_levels == ("", "县", "")
    assert group.head == "县政府分管副县长"


def test_membership_of_a_unit_written_without_its_level_in_the_list() -> None:
    [group] = find_bodies(NOTICE, Written())
    assert is_member(group, "市科协") and is_member(group, "市委宣传部") and is_member(group, "科协")
    assert not is_member(group, "市农业农村局") and not is_member(group, "县科协")
    q = Question("organization", "zh", "专班", org_field="membership")
    asked = replace(q, text="市科协是青州市跨境电商发展工作专班的成员单位吗？")
    assert unit_asked(asked) == (
        "市科协",
    )  # an organisational ending no list of endings in the question held
    member = replace(asked, department="市科协", departments=("市科协",))
    found = answer_organization(member, [group], {c.id: c for c in NOTICE}, lambda _: None)
    assert found.answer.startswith("是：") and not found.abstained
    assert [h.clause.id for h in found.citations][:1] == ["m:1"]  # the roster's clause, not the preface
    other = replace(
        member, text="市农业农村局是成员单位吗？", department="市农业农村局", departments=("市农业农村局",)
    )
    found = answer_organization(other, [group], {c.id: c for c in NOTICE}, lambda _: None)
    assert (
        found.answer.startswith("不是：") and "、科协、" in found.answer
    )  # the list checked against, as written


def test_where_an_office_sits_asked_in_english() -> None:
    located = "Where is the office of the Qingzhou cross-border e-commerce task force located?"
    assert _org_field(located, "en", None) == "office"  # not the do of another word
    assert _org_field("Where does the Guangdong task force have its office?", "en", None) == "office"
    assert _org_field("What does the office of the Guangdong task force do?", "en", None) == "office_duty"
    assert (
        _org_field("What is the office of the Guangdong task force responsible for?", "en", None)
        == "office_duty"
    )
    assert _org_field("专班办公室挂靠在哪个部门？", "zh", None) == "office"
    assert _org_field("专班办公室负责什么？", "zh", None) == "office_duty"


def test_a_persons_name_asked_where_the_document_gives_a_post_is_not_stated() -> None:
    [group] = find_bodies(NOTICE, Written())
    clauses = {c.id: c for c in NOTICE}
    q = Question("organization", "zh", "专班", org_field="office_head")
    found = answer_organization(
        replace(q, text="专班办公室主任叫什么名字？"), [group], clauses, lambda _: None
    )
    assert found.abstained and "没有写明" in found.answer and "姓名" in found.answer
    assert "市商务局主要负责同志" in found.answer  # the post, said as the document's
    assert [h.clause.id for h in found.citations][:1] == ["m:1"]
    found = answer_organization(replace(q, text="专班办公室主任是谁？"), [group], clauses, lambda _: None)
    assert not found.abstained and "市商务局主要负责同志" in found.answer  # who holds it: the post answers
    named = replace(group, office_head="王小明")
    found = answer_organization(
        replace(q, text="专班办公室主任叫什么名字？"), [named], clauses, lambda _: None
    )
    assert not found.abstained and "王小明" in found.answer
    en = replace(q, language="en", text="What is the name of the director of the task force's office?")
    found = answer_organization(en, [group], clauses, lambda _: None)
    assert found.abstained and "do not give the name" in found.answer


def test_what_names_a_person() -> None:
    assert names_a_person("王清宪 省长") and names_a_person("孙某某(县委常委)") and names_a_person("牛弩韬")
    assert names_a_person("马凯 国务院副总理；王勇 国务委员")
    assert not names_a_person("省商务厅主要负责同志") and not names_a_person("县政府分管副县长")
    assert not names_a_person("县长") and not names_a_person("县商务局")


def test_an_office_hosted_by_a_unit_is_where_it_sits() -> None:
    text = "成立县乡村旅游发展工作专班，县政府分管副县长任组长，专班办公室挂靠在县文旅局，负责日常协调工作。"
    [group] = read_working_groups(_clause("h", 2, "组织保障", text), Written())
    assert group.office == "县文旅局" and group.office_duty == "负责日常协调工作"
    q = Question("organization", "zh", "专班", org_field="office")
    found = answer_organization(replace(q, text="专班办公室挂靠在哪个部门？"), [group], {}, lambda _: None)
    assert "县文旅局" in found.answer and not found.abstained
