"""Bodies, members and dates written in running text: deadlines set inside a sentence (1月底前, 于3月15日前报…),
persons with posts run together under a label, a count the text writes, a role a body does not have.
Texts written for these tests."""

from __future__ import annotations

from dataclasses import replace

from kb.parse.body_roles import find_bodies, run_together
from kb.qa.compose.compound import split_items
from kb.qa.compose.mechanism import answer_organization, is_member
from kb.qa.decide.dated import asked_form, days_in, stated_day
from kb.qa.decide.groups import unit_asked
from kb.qa.understand.question import Question
from kb.types import Clause, Hit, WorkingGroup
from tests.test_bodies import Written


def _weight(token: str) -> float:
    return 1.0


def _clause(text: str, path: tuple[str, ...] = ("二、工作要求",), title: str = "某市关于分解任务的通知") -> Clause:
    return Clause("d", title, (2,), path, path[-1], text)


# --- decide: a deadline set in running text ---

SPLIT_UP = "市政府各责任部门要于3月底前完成任务的细化分解,4月中旬前逐项制定工作措施,并报市政府备案。"


def test_a_part_of_a_month_is_a_deadline() -> None:
    assert days_in(SPLIT_UP, "deadline") == ["3月底前", "4月中旬前"]
    assert days_in("2031年6月末前完成验收", "deadline") == ["2031年6月末前"]
    assert days_in("全年完成3个月度目标", "deadline") == []  # no month written with a part


def test_each_deadline_times_its_own_piece() -> None:
    hits = [Hit(_clause(SPLIT_UP), 1.0)]
    first = stated_day(hits, ["细化", "分解"], _weight, "deadline")
    assert first is not None and first.day == "3月底前"
    second = stated_day(hits, ["制定", "工作措施"], _weight, "deadline")
    assert second is not None and second.day == "4月中旬前"


def test_what_is_sent_may_be_written_before_the_day() -> None:
    text = "各牵头单位要将工作台账报分管领导签字后,于2031年5月20日前报县政府办公室备案。"
    hits = [Hit(_clause(text), 1.0)]
    found = stated_day(hits, ["工作台账", "分管领导", "备案"], _weight, "deadline")
    assert found is not None and found.day == "2031年5月20日前"
    # the piece before lends its words only when it sets no day of its own
    text = "各单位于5月1日前完成自查,5月20日前报送总结。"
    hits = [Hit(_clause(text), 1.0)]
    only = stated_day(hits, ["报送", "总结"], _weight, "deadline")
    assert only is not None and only.day == "5月20日前"
    assert stated_day(hits, ["自查", "验收", "评估"], _weight, "deadline") is None


def test_the_latest_time_asked_is_a_deadline() -> None:
    assert asked_form("台账最晚啥时候要报？") == "deadline"
    assert asked_form("最迟什么时候完成分解？") == "deadline"


# --- understand: 各 before a kind of unit is no 分别 ---


def test_each_lead_unit_is_the_units_not_each_item() -> None:
    # 各牵头部门 names the lead units; the 和 in the story before is no list of items asked apart
    assert split_items("某省把主要指标和重点任务分解以后，省政府各牵头部门最迟什么时候完成细化分解？") == []
    parts = split_items("发改委和财政局各负责什么？")
    assert [p.item for p in parts] == ["发改委", "财政局"]


# --- parse: people written one after another with no space ---

def _part(doc: str, number: int, title: str, text: str) -> Clause:
    return Clause(doc, "某通知", (number,), (title,), title, text)


ROSTER = [
    _part("p", 0, "前言", "国务院决定成立全国森林资源清查领导小组(以下简称领导小组)。现将有关事项通知如下:"),
    _part("p", 1, "主要职责", "负责清查工作的组织和领导。"),
    _part(
        "p",
        2,
        "组成人员",
        "组长:王建国国务院副总理副组长:李明华自然资源部部长张卫东国务院副秘书长"
        "成员:刘德华外交部.党.委.书.记.、副部长陈小明财政部副部长赵立新住房城乡建设部总规划师",
    ),
]


def test_people_run_together_are_cut_after_each_post() -> None:
    assert run_together("李明华自然资源部部长张卫东国务院副秘书长") == ["李明华 自然资源部部长", "张卫东 国务院副秘书长"]
    # a post going on after 、 (党委书记、副部长) and a 规划师 end one person each; the dots are no text
    assert run_together("刘德华外交部.党.委.书.记.、副部长陈小明财政部副部长") == [
        "刘德华 外交部党委书记、副部长",
        "陈小明 财政部副部长",
    ]
    # posts written without people, or one person's line: left to the caller, kept as written
    assert run_together("县政府分管副县长") == []
    assert run_together("王建国国务院副总理") == []
    assert run_together("负责清查工作的组织和领导") == []  # ends in no post


def test_a_roster_run_together_is_counted_by_person() -> None:
    [group] = find_bodies(ROSTER, Written())
    assert group.deputy_convener == "李明华 自然资源部部长；张卫东 国务院副秘书长"
    assert len(group.members) == 3 and group.members[2] == "赵立新 住房城乡建设部总规划师"
    clauses = {c.id: c for c in ROSTER}
    q = replace(Question("organization", "zh", "问", org_field="deputy_convener"), text="领导小组设了几位副组长？")
    found = answer_organization(q, [group], clauses, lambda _: None)
    assert found.answer.startswith("共 2 人。")
    q = replace(q, org_field="members", text="领导小组的成员一共有多少人？")
    found = answer_organization(q, [group], clauses, lambda _: None)
    assert "共有 3 名成员" in found.answer
    assert is_member(group, "财政部") and not is_member(group, "公安部")


# --- compose: a role the body does not have, and no member read ---


def test_a_qualified_role_the_text_does_not_write_is_not_stated() -> None:
    [group] = find_bodies(ROSTER, Written())
    clauses = {c.id: c for c in ROSTER}
    q = replace(Question("organization", "zh", "问", org_field="deputy_convener"), text="领导小组的常务副组长是谁？")
    found = answer_organization(q, [group], clauses, lambda _: None)
    assert found.abstained and "没有写明其常务副组长" in found.answer and "李明华" not in found.answer
    # a text writing the role answers it
    written = [*ROSTER[:2], _part("p", 2, "组成人员", "组长:王建国 国务院副总理\n常务副组长:李明华 自然资源部部长")]
    [group] = find_bodies(written, Written())
    found = answer_organization(q, [group], {c.id: c for c in written}, lambda _: None)
    assert not found.abstained and "李明华" in found.answer


def test_no_member_read_is_never_a_count_of_nothing() -> None:
    group = WorkingGroup(name="某某工作专班", clause_id="z:0", head="市发展改革委")
    clause = _part("z", 0, "前言", "成立某某工作专班，由市发展改革委牵头。")
    q = replace(Question("organization", "zh", "问", org_field="members"), text="专班有几个成员单位？")
    found = answer_organization(q, [group], {clause.id: clause}, lambda _: None)
    assert found.abstained and "0 个" not in found.answer and "没有写明其成员（单位）" in found.answer
    q = replace(q, language="en", text="How many member units does the task force have?")
    found = answer_organization(q, [group], {clause.id: clause}, lambda _: None)
    assert found.abstained and " 0 " not in found.answer


# --- a member list checked: the unit written after it, with its level ---


def test_a_unit_looked_for_in_a_member_list() -> None:
    q = replace(Question("organization", "zh", "问", org_field="membership"), text="联席会议的成员单位里有公安部吗？")
    assert unit_asked(q) == ("公安部",)
    q = replace(q, text="专班成员中包括市财政局吗？")
    assert unit_asked(q) == ("市财政局",)
    group = WorkingGroup(name="某部际联席会议", members=("发展改革委", "市场监管总局"), members_more=True)
    assert is_member(group, "国家发展改革委") and is_member(group, "国家市场监管总局")
    assert not is_member(group, "国家能源局")
    q = replace(Question("organization", "zh", "问", org_field="membership", department="商务部"), text="成员单位里有商务部吗？")
    found = answer_organization(q, [group], {}, lambda _: None)
    assert found.answer.startswith("不是") and "发展改革委、市场监管总局等" in found.answer


# --- decide: a system named in running text ---


def test_the_system_asked_is_read_by_form_from_the_clause() -> None:
    from kb.qa.decide.system import asked_system, stated_system

    assert asked_system("某县重点工作实行的是什么负责制？") == "负责制"
    assert asked_system("专班建立了什么制度？") == "制度"
    assert asked_system("什么时候完成？") is None
    text = "压实责任。市重点项目实行市级领导包联负责制和部门分工负责制,每月调度一次。"
    hits = [Hit(_clause(text), 1.0)]
    found = stated_system(hits, "负责制")
    assert found is not None and found.name == "市级领导包联负责制和部门分工负责制"
    assert stated_system(hits, "负则制") is not None  # a typo of one character in the kind asked
    assert stated_system(hits, "责任制") is None  # another kind: not stated
    other = [Hit(_clause("同时建立联络员制度,联络员由成员单位相关负责同志担任。"), 1.0)]
    found = stated_system(other, "制度")
    assert found is not None and found.name == "联络员制度"
    assert stated_system(other, "负责制") is None


# --- a yes/no check written after its topic ---


def test_the_open_question_of_a_check_written_after_its_topic() -> None:
    from kb.qa.compose.yesno import Check

    check = Check("unit", "any", ("市发展改革委",), ("市发展改革委",))
    asked = check.open_question("某市方案的工作任务统一督导调度，是市发展改革委负责吗？", "zh")
    assert asked == "某市方案的工作任务统一督导调度由哪个单位牵头？"


# --- decide: the share a question names, not the clause's first percentage ---


def test_the_part_writing_the_quantity_named_answers() -> None:
    from kb.qa.decide.target import changes_in_words, naming_quantity
    from kb.qa.retrieve.targets import TargetMatch, target_parts

    text = (
        "到2030年,服务业增加值年均增长9%以上,增加值占地区生产总值的比重达50%以上,"
        "从业人员比重稳步提高,服务业成为全市经济增长的主引擎。"
    )
    parts = target_parts([_clause(text)])
    first = next(p for p in parts if "9%" in p.text)
    match = TargetMatch(first, 0.7)
    q = replace(Question("indicator", "zh", "问"), text="某市服务业从业人员比重要求怎么变？")
    named = naming_quantity(q, match, parts)
    assert named is not None and named.part.text == "从业人员比重稳步提高" and changes_in_words(named.part)
    q = replace(q, text="某市服务业增加值占地区生产总值的比重要达到多少？")
    named = naming_quantity(q, match, parts)
    assert named is not None and "50%" in named.part.text and not changes_in_words(named.part)
    # a question naming the quantity of the part matched, or none by a measure word: the match stands
    assert naming_quantity(replace(q, text="服务业增加值年均增长多少？"), match, parts) is None
    share = next(p for p in parts if "50%" in p.text)
    assert naming_quantity(q, TargetMatch(share, 0.7), parts) is None


# --- decide/compose: a role asked of every body of the kinds named ---


def test_every_body_of_the_kinds_asked_with_its_head_or_convener() -> None:
    from kb.qa.compose.mechanism import answer_each_role
    from kb.qa.decide.groups import each_of_kinds, is_kind

    assert is_kind("领导小组") and is_kind("部际联席会议") and not is_kind("国家新材料产业发展领导小组")
    [headed] = find_bodies(ROSTER, Written())
    conference = WorkingGroup(
        name="网络交易监管部际联席会议", clause_id="c:2", head="市场监管总局", convener="市场监管总局主要负责同志"
    )
    mentioned = WorkingGroup(name="一些部际联席会议", clause_id="m:0", head="国务院领导同志")
    found = each_of_kinds([headed, conference, mentioned], ["领导小组", "部际联席会议"])
    assert found == [headed, conference]  # a body only mentioned (一些…) is none of them
    clauses = {c.id: c for c in ROSTER} | {"c:2": _part("c", 2, "成员单位", "联席会议由市场监管总局主要负责同志担任召集人。")}
    q = replace(Question("organization", "zh", "问", org_field="convener"), text="领导小组和部际联席会议，组长或召集人分别由谁担任？")
    answer = answer_each_role(q, found, clauses, lambda _: None)
    lines = answer.answer.splitlines()
    assert lines[1].startswith("- 全国森林资源清查领导小组：组长：王建国")  # a 组长 by title
    assert lines[2] == "- 网络交易监管部际联席会议：召集人：市场监管总局主要负责同志。依据：《某通知》成员单位"
    assert [h.clause.id for h in answer.citations][:2] == ["p:2", "c:2"]


# --- understand: what a body does, asked by its 职能 ---


def test_a_bodys_functions_asked_are_its_duty() -> None:
    from kb.qa.understand.intent import _org_field, route
    from tests.test_bodies import NoUnits

    assert route("某某部际联席会议的主要职能包括哪些方面？", NoUnits()).intent == "organization"
    assert _org_field("联席会议的主要职能包括哪些方面？", "zh", None) == "duty"
    assert _org_field("领导小组的主要职责是什么？", "zh", None) == "duty"
    assert _org_field("联席会议包括哪些成员单位？", "zh", None) == "members"  # 包括 of the members still
