"""Mechanisms and bodies (联席会议, 领导小组, 工作专班, 指挥部…): a body is recognised by the word its name ends in,
its roles by the sentence forms that state them (X任组长, 组长由X担任, 由X负责召集, 办公室设在X, 成员单位：…,
…为成员), wherever the clause writes them; who sets a body up is never its head; a role the text does not state
is said to be not stated. The texts are written for these tests, one in a national document's style and one in a
county's; expectations are read off them by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.parse.organization import find_working_groups, read_working_groups
from kb.qa.compose.mechanism import answer_organization
from kb.qa.decide.groups import read_again
from kb.qa.understand.intent import _org_field, route
from kb.qa.understand.question import Question
from kb.types import Answer, Clause, WorkingGroup


class Written:
    """A registry keeping every name as written (a document of a place no registry covers)."""

    def canonical(self, name: str) -> str:
        return "".join(name.split())


class NoUnits:
    """A registry naming no unit: the question's form alone decides."""

    def find_in_text(self, text: str) -> list[str]:
        return []

    def spellings(self) -> list[str]:
        return []


def _clause(text: str, doc: str = "d", number: int = 4) -> Clause:
    return Clause(doc, "某某方案", (number,), (f"{number}、组织保障",), "组织保障", text)


NATIONAL = (
    "建立由国家发展改革委牵头的促进数据产业发展部际联席会议制度，联席会议召集人由国家发展改革委主要负责同志担任，"
    "成员单位包括教育部、科技部、工业和信息化部、财政部及人力资源社会保障部。联席会议办公室设在国家数据局，"
    "办公室主任由国家数据局分管负责同志兼任。联席会议主要职责为统筹协调数据产业发展重大事项。"
)
COUNTY = (
    "成立县低空经济发展工作专班，专班组长由县政府常务副县长担任，县发改局主要负责人任副组长，"
    "县交通运输局、县应急管理局、县气象局负责人为成员，专班办公室设于县发改局，负责日常调度。"
)


def test_a_national_joint_conference_in_running_text() -> None:
    [group] = read_working_groups(_clause(NATIONAL), Written())
    assert group.name == "促进数据产业发展部际联席会议"
    assert (group.head, group.head_title) == ("国家发展改革委", "牵头")  # 由…牵头的: the lead written in its name
    assert group.convener == "国家发展改革委主要负责同志"  # 召集人由X担任
    assert group.members == ("教育部", "科技部", "工业和信息化部", "财政部", "人力资源社会保障部")  # …及…
    assert group.office == "国家数据局"
    assert group.office_head == "国家数据局分管负责同志"  # 办公室主任由X兼任
    assert group.duty == "统筹协调数据产业发展重大事项"


def test_a_county_task_force_with_its_roles_in_other_forms() -> None:
    [group] = read_working_groups(_clause(COUNTY), Written())
    assert group.name == "县低空经济发展工作专班"
    assert (group.head, group.head_title) == ("县政府常务副县长", "组长")  # 组长由X担任, never the 副组长
    assert (group.deputy_convener, group.deputy_title) == ("县发改局主要负责人", "副组长")
    assert group.members == ("县交通运输局", "县应急管理局", "县气象局负责人")  # members written before 为成员
    assert group.office == "县发改局"  # 办公室设于
    assert group.office_duty == "负责日常调度"


def test_a_state_council_joint_conference_made_of_its_members() -> None:
    text = (
        "经国务院同意，建立促进民营企业发展部际联席会议制度。联席会议由商务部、财政部、税务总局等十个部门组成，"
        "商务部为牵头单位。联席会议由商务部主要负责同志担任召集人，各成员单位有关负责同志为联席会议成员。"
        "联席会议办公室设在商务部，承担联席会议日常工作，办公室主任由商务部有关负责同志兼任。"
    )
    [group] = read_working_groups(_clause(text), Written())
    assert group.name == "促进民营企业发展部际联席会议"
    assert (group.head, group.head_title) == ("商务部", "牵头")  # X为牵头单位
    assert group.convener == "商务部主要负责同志"  # 由X担任召集人, not the text before 由
    assert (group.members, group.members_more) == (("商务部", "财政部", "税务总局"), True)  # 由…等十个部门组成
    assert (group.office, group.office_duty) == ("商务部", "承担联席会议日常工作")
    assert group.office_head == "商务部有关负责同志"


def test_roles_written_before_the_bodys_name() -> None:
    text = "成立以县长为组长、分管副县长为副组长的县数字乡村建设领导小组，领导小组办公室设在县农业农村局。"
    [group] = read_working_groups(_clause(text), Written())
    assert group.name == "县数字乡村建设领导小组"
    assert (group.head, group.head_title, group.deputy_convener) == ("县长", "组长", "分管副县长")
    [group] = read_working_groups(_clause("成立由市长任指挥长的市防汛抗旱指挥部。"), Written())
    assert (group.name, group.head, group.head_title) == ("市防汛抗旱指挥部", "市长", "指挥长")


def test_who_sets_a_body_up_is_not_its_head() -> None:
    text = "市数据局加强统筹协调，建立健全部门联席会议机制，定期会商。各区应成立领导小组，统筹推进本区工作。"
    first, second = read_working_groups(_clause(text), Written())
    assert (first.name, first.formed_by, first.head) == ("部门联席会议", "市数据局", None)
    assert (second.name, second.formed_by, second.head) == ("领导小组", "各区", None)
    assert second.duty == "统筹推进本区工作"  # what follows its name: what it does
    text = "生态环境部会同有关部门组建协调小组，统筹研究重大问题。"
    [group] = read_working_groups(_clause(text), Written())
    assert (group.formed_by, group.head, group.duty) == ("生态环境部", None, "统筹研究重大问题")


def test_a_convener_written_as_a_verb_and_a_unit_named_committee() -> None:
    text = "设立区人工智能产业部门联席会议制度，联席会议由区经济发展局负责召集。"
    [group] = read_working_groups(_clause(text), Written())
    assert (group.name, group.convener, group.head) == ("区人工智能产业部门联席会议", "区经济发展局", None)
    # a unit's own name ending in 委员会 is no body the text sets up
    assert read_working_groups(_clause("组建市发展和改革委员会。"), Written()) == []


def test_a_roster_still_completes_the_group_set_up_in_the_text() -> None:
    clauses = [
        _clause("成立省数字经济专项工作组，统筹推进全省工作。"),
        _clause("附件\n省数字经济专项工作组名单\n组　长：张大明 省长\n成　员：李小红 省发展改革委主任", number=5),
    ]
    [group] = find_working_groups(clauses, Written())
    assert group.head == "张大明 省长" and group.duty == "统筹推进全省工作"


# --- an index built by an earlier reader --------------------------------------------------------------------


def test_groups_are_read_again_from_the_clauses() -> None:
    clause = _clause(COUNTY, doc="county")
    stored = [WorkingGroup("县低空经济发展工作专班", members=("县交通运输局",), clause_id="county:4")]
    home = lambda name: {"交通运输局": "县交通运输局", "发改局": "县发改局"}.get(name, name)  # noqa: E731
    [group] = read_again([clause], stored, home, {"county": "平江县"}, {"平江县"})
    assert group.head == "县政府常务副县长" and group.office == "县发改局"
    # another place's document: its short names are never made the home place's units
    other = _clause("成立区数据工作专班，办公室设在发改局。", doc="far")
    [group] = read_again([other], [], home, {"far": "某某区"}, {"平江县"})
    assert group.office == "发改局"


def test_a_document_the_reader_finds_nothing_in_keeps_what_was_stored() -> None:
    stored = [WorkingGroup("专班", head="县长", clause_id="old:1")]
    assert read_again([_clause("开展植树。", doc="old")], stored, str, {}, ()) == stored


# --- the question ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("低空经济工作专班组长由谁担任？", "head"),
        ("数据产业部际联席会议由哪个部门召集？", "convener"),
        ("部门联席会议是哪个部门建立的？", "formed_by"),
        ("协调小组是哪个部门会同有关部门组建的？", "formed_by"),
        ("领导小组的主要职责是什么？", "duty"),
        ("部际联席会议办公室设在哪里？", "office"),
        ("联席会议多久开一次会议？", "other"),
    ],
)
def test_the_role_asked(question: str, field: str) -> None:
    assert _org_field(question, "zh", None) == field


@pytest.mark.parametrize(
    "question",
    ["深圳由哪个部门建立健全部门联席会议机制？", "数据产业联席会议由哪个部门负责召集？", "低空专班组长由谁担任？"],
)
def test_a_role_of_a_named_body_is_a_mechanism_question(question: str) -> None:
    assert route(question, NoUnits()).intent == "organization"


def _found(group: WorkingGroup, field: str, language: str = "zh") -> Answer:
    clause = _clause("生态环境部会同有关部门组建协调小组。")
    r = Question("organization", language, "协调小组", org_field=field)  # type: ignore[arg-type]
    found = answer_organization(replace(r, text="问"), [group], {"d:4": clause}, lambda _: None)
    assert [h.clause.id for h in found.citations] == ["d:4"]
    return found


def _answer(group: WorkingGroup, field: str, language: str = "zh") -> tuple[str, bool]:
    found = _found(group, field, language)
    return found.answer, found.abstained


def test_a_list_ending_in_deng_is_not_counted_as_all_members() -> None:
    group = WorkingGroup("联席会议", members=("商务部", "财政部"), members_more=True, clause_id="d:4")
    text, abstained = _answer(group, "members")
    assert not abstained and "列出 2 个成员单位：商务部、财政部等" in text and "共有" not in text
    group = WorkingGroup("领导小组", members=("各相关部门", "县气象局负责人"), clause_id="d:4")
    text, abstained = _answer(group, "members")
    assert not abstained and "领导小组的成员：各相关部门、县气象局负责人。" in text  # not counted as 2 units


def test_the_member_units_listed_are_the_units_the_answer_names() -> None:
    """The JSON's departments hold the member units listed, in either language; members named by kind or by
    person are no units to report."""
    group = WorkingGroup("招商专班", members=("县商务局", "县财政局", "县自然资源局"), clause_id="d:4")
    for language in ("zh", "en"):
        found = _found(group, "members", language)
        assert found.to_dict()["departments"] == {
            "lead": None,
            "leads": [],
            "others": ["县商务局", "县财政局", "县自然资源局"],
        }
    group = WorkingGroup("领导小组", members=("各相关部门", "县气象局负责人"), clause_id="d:4")
    assert _found(group, "members").to_dict()["departments"] is None
    group = WorkingGroup("招商专班", head="县商务局", members=("县财政局",), clause_id="d:4")
    assert _found(group, "head").to_dict()["departments"] is None  # a head asked: no list of units


def test_the_head_of_a_body_set_up_by_a_unit_is_not_stated() -> None:
    group = WorkingGroup("协调小组", clause_id="d:4", formed_by="生态环境部")
    text, abstained = _answer(group, "head")
    assert abstained and "由生态环境部设立协调小组" in text and "没有写明其组长" in text
    text, abstained = _answer(group, "formed_by")
    assert not abstained and "协调小组由生态环境部设立" in text
    text, abstained = _answer(group, "formed_by", "en")
    assert not abstained and "Set up by: 生态环境部" in text
    text, abstained = _answer(group, "duty")
    assert abstained and "没有写明其职责" in text


def test_who_led_setting_a_body_up_answers_who_led_it_not_who_heads_it() -> None:
    group = WorkingGroup("协调小组", clause_id="d:4", formed_by="生态环境部")
    clause = _clause("生态环境部会同有关部门组建协调小组。")
    r = Question("organization", "zh", "协调小组", org_field="head")
    found = answer_organization(replace(r, text="协调小组是哪个部门牵头搞的？"), [group], {"d:4": clause}, lambda _: None)
    assert not found.abstained and "协调小组由生态环境部牵头设立（文件没有写明其组长）" in found.answer
    found = answer_organization(replace(r, text="协调小组组长是谁？"), [group], {"d:4": clause}, lambda _: None)
    assert found.abstained


def test_a_body_asked_for_as_the_unit_in_charge_is_a_responsibility_question() -> None:
    assert route("低空场景开放这一条由哪个专班的办公室负责？", NoUnits()).intent == "responsibility"


def test_a_lead_in_another_sentence_is_not_the_bodys_head() -> None:
    text = "成立县招商引资工作专班，统筹推进招商工作。重点项目由县发改局牵头，县财政局配合。"
    [group] = read_working_groups(_clause(text), Written())
    assert group.head is None and group.duty == "统筹推进招商工作"
    text = "成立县招商引资工作专班。专班由县发改局牵头，由县财政局、县商务局组成。"  # a sentence opening with its kind
    [group] = read_working_groups(_clause(text), Written())
    assert group.head == "县发改局" and group.members == ("县财政局", "县商务局")


def test_a_yes_no_question_on_a_role_is_answered_yes_or_no_first() -> None:
    group = WorkingGroup("联席会议", convener="区经济发展局", clause_id="d:4")
    clause = _clause("设立联席会议制度，联席会议由区经济发展局负责召集。")
    for asked, units, said in (
        ("联席会议是区经济发展局召集的吗？", (), "是。"),
        ("联席会议是区财政局召集的吗？", ("区财政局",), "不是。"),
    ):
        r = Question("organization", "zh", "联席会议", departments=units, org_field="convener")
        found = answer_organization(replace(r, text=asked), [group], {"d:4": clause}, lambda _: None)
        assert found.answer.startswith(said) and "区经济发展局" in found.answer
    assert route("联席会议是区经济发展局召集的吗？", NoUnits()).intent == "organization"


# --- a post checked against a holder the question names --------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "unit", "field"),
    [
        ("普查领导小组的组长是省统计局局长李华吗？", "省统计局", "head"),  # the unit is the holder checked
        ("省统计局局长李华是普查领导小组的组长吗？", "省统计局", "head"),
        ("普查领导小组组长是省政府办公厅主任赵四吗？", "省政府办公厅", "head"),  # the holder's post is not asked
        ("普查领导小组组长是不是省统计局局长？", "省统计局", "head"),
        ("省统计局在普查领导小组中担任什么角色？", "省统计局", "role"),  # asked, not checked
        ("普查领导小组组长是谁？", None, "head"),
    ],
)
def test_a_post_checked_against_a_named_holder_asks_that_post(question: str, unit: str | None, field: str) -> None:
    assert _org_field(question, "zh", unit) == field


ROSTER = WorkingGroup(
    "普查领导小组", head="王 明 省政府副省长", deputy_convener="李 华 省统计局局长", head_title="组长", clause_id="d:4"
)


@pytest.mark.parametrize(
    ("question", "units", "said"),
    [
        ("普查领导小组的组长是省统计局局长李华吗？", ("省统计局",), "不是。"),  # the deputy, named with his unit
        ("普查领导小组的组长是省政府副省长王明吗？", ("省政府",), "是。"),
        ("普查领导小组组长是省政府副省长吗？", (), "是。"),  # one whole post written beside the holder
        ("普查领导小组组长是不是副省长张强？", (), "不是。"),  # another person in the same post
        ("普查领导小组组长是不是王明？", (), "是。"),
    ],
)
def test_a_post_checked_against_a_person_is_yes_only_for_the_person_holding_it(
    question: str, units: tuple[str, ...], said: str
) -> None:
    clause = _clause("成立普查领导小组。组 长：王 明 省政府副省长；副组长：李 华 省统计局局长。")
    r = Question("organization", "zh", "普查领导小组", departments=units, org_field="head")
    found = answer_organization(replace(r, text=question), [ROSTER], {"d:4": clause}, lambda _: None)
    assert found.answer.startswith(said) and "组长：王 明 省政府副省长" in found.answer


@pytest.mark.parametrize(
    "question", ["第3届全省运动会筹备领导小组组长是副省长王明吗？", "第2次全国经济普查领导小组组长是不是国务院副总理？"]
)
def test_a_post_checked_is_the_bodys_yes_or_no_not_a_value_checked(question: str) -> None:
    # the numbers of a body's name (第3届) are no value the question checks
    from kb.qa.compose import yesno
    from kb.qa.understand.question import slot_of

    r = route(question, NoUnits())
    assert r.intent == "organization" and r.org_field == "head"
    assert slot_of(r, question, yesno.read(question, "zh", (), ())) == "mechanism"
