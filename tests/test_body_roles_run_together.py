"""Bodies of heldout31's two State Council documents, in forms written for these tests (expectations by hand):

- a roster whose people a page store ran together, neither space nor bracket between them
  (`成员:周海涛外交部副部长钱立新财政部部长助理…`): each person read where a post ends and the next name starts,
  kept as written, counted as people — never as member units, never as none;
- members asked of a body whose members are not read: not stated, never `共有 0 个成员单位`;
- a body named after the verbs of the sentence adjusting it (`同意调整完善…部际联席会议制度`): the name without them;
- a body's lead unit asked by its label or its verb (`…联席会议的牵头单位是哪个`, `…联席会议谁牵头`,
  `哪个部门牵头…联席会议`): an organisation question;
- `负责同志` / `负责人` in running text are persons, not the verb 负责: `办公室主任由X有关司局负责同志兼任` puts no
  unit in charge.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.parse.body_roles import find_bodies, is_person_line
from kb.qa.compose.mechanism import answer_organization
from kb.qa.understand.intent import route
from kb.qa.understand.question import Question
from kb.qa.understand.subject import Mention, in_charge, mentions_by_form
from kb.types import Clause, WorkingGroup
from tests.test_bodies import NoUnits, Written


def _clause(doc: str, number: int, title: str, text: str) -> Clause:
    return Clause(doc, "某通知", (number,), (title,), title, text)


ROSTER = [
    _clause(
        "g", 0, "前言", "国务院决定成立全国海岛资源普查领导小组(以下简称领导小组)。现将有关事项通知如下:"
    ),
    _clause("g", 1, "主要职责", "负责普查的组织和领导。"),
    _clause(
        "g",
        2,
        "组成人员",
        "组长:王建新国务院副总理\n副组长:李国华自然资源部部长赵明远国务院副秘书长\n"
        "成员:周海涛外交部副部长钱立新财政部部长助理孙丽交通运输部总工程师吴志刚国家海洋局副局长"
        "郑红住房城乡建设部总规划师冯平海关总署党组成员",
    ),
]


def _ask(group: WorkingGroup, field: str, text: str, clauses: list[Clause]) -> tuple[str, bool]:
    q = replace(Question("organization", "zh", "问", org_field=field), text=text)  # type: ignore[arg-type]
    found = answer_organization(q, [group], {c.id: c for c in clauses}, lambda _: None)
    return found.answer, found.abstained


def test_people_run_together_in_a_roster_are_read_one_by_one_as_written() -> None:
    [group] = find_bodies(ROSTER, Written())
    assert group.head == "王建新国务院副总理"
    assert group.deputy_convener == "李国华自然资源部部长；赵明远国务院副秘书长"  # 副秘书 goes on: 副秘书长
    assert group.members == (
        "周海涛外交部副部长",
        "钱立新财政部部长助理",  # 部长 goes on: 部长助理
        "孙丽交通运输部总工程师",
        "吴志刚国家海洋局副局长",
        "郑红住房城乡建设部总规划师",
        "冯平海关总署党组成员",
    )
    text, abstained = _ask(group, "members", "领导小组的成员有几人？", ROSTER)
    assert not abstained and "共有 6 名成员" in text and "成员单位" not in text
    text, abstained = _ask(group, "deputy_convener", "领导小组有几位副组长？", ROSTER)
    assert not abstained and text.startswith("共 2 人。")


@pytest.mark.parametrize("entry", ["周海涛外交部副部长", "杜占元 教育部副部长", "赵刚(县政府办公室副主任)"])
def test_a_roster_entry_ending_in_a_post_is_a_person(entry: str) -> None:
    assert is_person_line(entry)


@pytest.mark.parametrize("entry", ["市场监管总局", "工业和信息化部", "国家海洋局"])
def test_a_unit_is_no_person(entry: str) -> None:
    assert not is_person_line(entry)


def test_a_line_of_one_person_or_of_words_that_do_not_split_whole_is_kept_as_it_was() -> None:
    clauses = [ROSTER[0], _clause("g", 2, "组成人员", "组长:王建新国务院副总理\n副组长:李国华自然资源部部长")]
    [group] = find_bodies(clauses, Written())
    assert (group.head, group.deputy_convener) == ("王建新国务院副总理", "李国华自然资源部部长")


def test_members_not_read_are_not_stated_never_none() -> None:
    clauses = [ROSTER[0], _clause("g", 2, "组成人员", "组长:王建新国务院副总理\n副组长:李国华自然资源部部长")]
    [group] = find_bodies(clauses, Written())
    assert group.members == ()
    text, abstained = _ask(group, "members", "领导小组有哪些成员？", clauses)
    assert abstained and "没有写明其成员" in text and "0 个" not in text


REPLY = [
    _clause(
        "r",
        0,
        "前言",
        "国务院同意调整完善跨境电商监管部际联席会议制度。\n附件\n跨境电商监管部际联席会议制度\n"
        "为加强跨境电商监管,调整完善跨境电商监管部际联席会议(以下简称联席会议)制度。",
    ),
    _clause(
        "r",
        2,
        "成员单位",
        "联席会议由商务部、海关总署、税务总局等6个单位组成,商务部为牵头单位。"
        "联席会议由商务部主要负责同志担任召集人。联席会议办公室设在商务部。"
        "办公室主任由商务部有关司局负责同志兼任。",
    ),
]


def test_a_body_named_after_the_verbs_adjusting_it() -> None:
    [group] = find_bodies(REPLY, Written())
    assert group.name == "跨境电商监管部际联席会议"
    assert (group.head, group.convener, group.office) == ("商务部", "商务部主要负责同志", "商务部")


@pytest.mark.parametrize(
    "question",
    [
        "跨境电商监管部际联席会议的牵头单位是哪个？",
        "跨境电商监管部际联席会议的牵头部门是什么？",
        "跨境电商监管部际联席会议谁牵头？",
        "哪个部门牵头跨境电商监管部际联席会议？",
    ],
)
def test_a_bodys_lead_unit_asked_is_an_organisation_question(question: str) -> None:
    assert route(question, NoUnits()).intent == "organization"


def test_a_task_naming_a_body_and_asking_who_leads_it_stays_a_responsibility_question() -> None:
    assert route("完善领导小组议事规则的工作由哪个部门牵头？", NoUnits()).intent != "organization"


def test_a_responsible_person_is_no_verb_putting_a_unit_in_charge() -> None:
    sentence = "办公室主任由商务部有关司局负责同志兼任"
    assert mentions_by_form(sentence) == []
    named = [Mention(7, 10, "商务部")]
    assert in_charge(sentence, named) is None
    assert mentions_by_form("联席会议由区经济发展局负责召集") == [Mention(5, 11, "区经济发展局")]
