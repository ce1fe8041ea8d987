"""Bodies of heldout31's two State Council documents, in forms written for these tests (expectations by hand):

- a roster whose people a page store ran together, neither space nor bracket between them
  (`成员:周海涛外交部副部长钱立新财政部部长助理…`): each person read where a post ends and the next name starts,
  each as `姓名 职务` (the name cut from the post, as for a roster written with spaces), counted as people — never as member units, never as none;
- members asked of a body whose members are not read: not stated, never `共有 0 个成员单位`;
- a body named after the verbs of the sentence adjusting it (`同意调整完善…部际联席会议制度`): the name without them;
- a body's lead unit asked by its label or its verb (`…联席会议的牵头单位是哪个`, `…联席会议谁牵头`,
  `哪个部门牵头…联席会议`): an organisation question;
- a unit's membership checked (`商务部是…联席会议成员单位吗`) is the body's own yes or no; who carries its daily
  work is asked of the body; a person checked before the role (`张三是…领导小组的组长吗`) or asked for their role
  (`张三在…领导小组里担任什么职务`) is found by the name a roster entry opens with;
- `负责同志` / `负责人` in running text are persons, not the verb 负责: `办公室主任由X有关司局负责同志兼任` puts no
  unit in charge.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.parse.body_roles import find_bodies, is_person_line
from kb.qa.compose import yesno
from kb.qa.compose.mechanism import answer_organization
from kb.qa.understand.intent import route
from kb.qa.understand.question import Question, slot_of
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


def test_people_run_together_in_a_roster_are_read_one_by_one() -> None:
    [group] = find_bodies(ROSTER, Written())
    assert group.head == "王建新国务院副总理"
    assert group.deputy_convener == "李国华 自然资源部部长；赵明远 国务院副秘书长"  # 副秘书 goes on: 副秘书长
    assert group.members == (
        "周海涛 外交部副部长",
        "钱立新 财政部部长助理",  # 部长 goes on: 部长助理
        "孙丽 交通运输部总工程师",
        "吴志刚 国家海洋局副局长",
        "郑红 住房城乡建设部总规划师",
        "冯平 海关总署党组成员",
    )
    text, abstained = _ask(group, "members", "领导小组的成员有几人？", ROSTER)
    assert not abstained and "共有 6 名成员" in text and "成员单位" not in text
    text, abstained = _ask(group, "deputy_convener", "领导小组有几位副组长？", ROSTER)
    assert not abstained and text.startswith("共 2 人。")


@pytest.mark.parametrize("entry", ["周海涛 外交部副部长", "杜占元 教育部副部长", "赵刚(县政府办公室副主任)"])
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


class Knows:
    """A registry that knows the units it is given, as written."""

    def __init__(self, *names: str) -> None:
        self.names = names

    def find_in_text(self, text: str) -> list[str]:
        return [n for n in self.names if n in text]

    def spellings(self) -> list[str]:
        return list(self.names)


def test_a_units_membership_checked_is_the_bodys_own_yes_or_no() -> None:
    """`…监管部际联席会议成员单位吗`: 监管 holds a word a task's yes/no reads (管), but the body answers."""
    question = "商务部是跨境电商监管部际联席会议成员单位吗？"
    r = route(question, Knows("商务部"))
    assert (r.intent, r.org_field, r.department) == ("organization", "membership", "商务部")
    check = yesno.read(question, "zh", r.departments, r.written)
    assert check is not None and slot_of(r, question, check) == "mechanism"


def test_who_carries_a_bodys_daily_work_is_an_organisation_question() -> None:
    r = route("跨境电商监管部际联席会议的日常工作由谁承担？", NoUnits())
    assert (r.intent, r.org_field) == ("organization", "daily_work")


def test_a_person_checked_before_the_role_and_a_persons_role_asked() -> None:
    [group] = find_bodies(ROSTER, Written())
    text, _ = _ask(group, "head", "王建新是海岛资源普查领导小组的组长吗？", ROSTER)
    assert text.startswith("是。")  # the entry opens with the name, its post run after it as stored
    text, _ = _ask(group, "head", "李国华是海岛资源普查领导小组的组长吗？", ROSTER)
    assert text.startswith("不是。")
    text, _ = _ask(group, "deputy_convener", "海岛资源普查领导小组副组长是赵明远吗？", ROSTER)
    assert text.startswith("是。")
    text, abstained = _ask(group, "role", "赵明远在海岛资源普查领导小组里担任什么职务？", ROSTER)
    assert not abstained and "赵明远 国务院副秘书长任副组长" in text
    text, _ = _ask(group, "role", "孙丽在领导小组中是什么角色？", ROSTER)
    assert "孙丽 交通运输部总工程师任成员" in text
