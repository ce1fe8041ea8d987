"""Bodies written as rosters and sections (issue 21, roster32): a 名单 line naming only the body's kind with
labelled roles under it (总召集人 / 召集人 / 成员, each `姓名 职务` or `姓名（职务）`), the body's duties in a section
headed by its kind (`一、联席会议的职责`), its office's posts below the 主任 (常务副主任, 副主任), a body a document
names only by where its office sits; the questions asking them; a unit's name never cut inside a post (民政部部长)
nor read inside another word (民政 of 人民政府). The texts are written for these tests; the expectations are read
off them by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.parse.body_roles import find_bodies
from kb.parse.departments import DepartmentRegistry
from kb.qa.compose.mechanism import answer_organization, answer_titled
from kb.qa.decide.groups import title_asked, titled
from kb.qa.decide.named import _doers, unit_at
from kb.qa.understand.intent import _org_field
from kb.qa.understand.places import NamedPlaces, place_forms
from kb.qa.understand.question import Question
from kb.qa.understand.units import NameGrammar, UnitResolver, unit_places
from kb.settings import PROJECT_ROOT
from kb.types import Clause, WorkingGroup
from tests.test_bodies import Written


def _clause(doc: str, number: int, title: str, text: str) -> Clause:
    return Clause(doc, "某通知", (number,), (title,), title, text)


def _preamble(doc: str) -> Clause:
    return _clause(doc, 0, "前言", "省政府决定建立全省农村公路养护工作联席会议制度。现就有关事项通知如下:")


# the roster as a text file stores it: one person a line, a two-character name padded (赵　平), a compound surname
LINES = (
    "联席会议成员名单如下:\n总召集人:王大明 省委常委、常务副省长\n召集人:李小华 省委常委、宣传部部长\n刘 强 副省长\n"
    "成 员:欧阳明辉 省政府副秘书长\n赵　平 省财政厅副厅长\n司马光远 省交通厅副厅长\n孙立新 省统计局副巡视员\n"
    "联席会议办公室设在省交通厅,由司马光远兼任办公室主任。"
)


@pytest.mark.parametrize("text", [LINES, LINES.replace("\n", "")], ids=["lines", "run-together"])
def test_a_roster_under_a_list_naming_only_the_bodys_kind(text: str) -> None:
    clauses = [_preamble("s"), _clause("s", 1, "联席会议的职责", "联席会议的职责是:负责统筹全省农村公路养护;协调解决有关问题。"),
               _clause("s", 2, "联席会议成员", text)]
    [group] = find_bodies(clauses, Written())
    assert group.name == "全省农村公路养护工作联席会议"
    assert (group.head, group.head_title) == ("王大明 省委常委、常务副省长", "总召集人")
    assert group.convener == "李小华 省委常委、宣传部部长；刘强 副省长"  # the 召集人 beside the 总召集人
    # every member, the compound surnames whole and the last one before the office's sentence
    assert group.members == (
        "欧阳明辉 省政府副秘书长",
        "赵平 省财政厅副厅长",
        "司马光远 省交通厅副厅长",
        "孙立新 省统计局副巡视员",
    )
    assert (group.office, group.office_head) == ("省交通厅", "司马光远")
    # the section headed by the body's kind: its duties, without the words opening them
    assert group.duty == "负责统筹全省农村公路养护;协调解决有关问题"
    assert dict(group.sources)["duty"] == "s:1"


def test_a_roster_with_posts_in_brackets_and_a_roster_naming_its_body_read_once() -> None:
    bracketed = "总召集人：张某某（市长）\n召集人：李某某（副市长）\n成员：王某某（市发展改革委主任）\n陈某某（市财政局局长）"
    clauses = [_clause("b", 0, "前言", "市政府决定建立全市物流工作联席会议制度。"), _clause("b", 1, "组成人员", bracketed)]
    [group] = find_bodies(clauses, Written())
    assert (group.head, group.head_title, group.convener) == ("张某某（市长）", "总召集人", "李某某（副市长）")
    assert group.members == ("王某某（市发展改革委主任）", "陈某某（市财政局局长）")


def test_a_heading_of_duties_that_is_no_bodys() -> None:
    # 部门职责 heads the units' duties, not the body's: the body's own duty stays unread
    clauses = [_preamble("d"), _clause("d", 1, "部门职责", "各成员单位按照职责分工做好相关工作。")]
    [group] = find_bodies(clauses, Written())
    assert group.duty is None


# an excerpt of a notice: its 其他事项 alone, the body named only by its office; the office's posts one by one
EXCERPT = [
    _clause(
        "x",
        3,
        "领导小组办公室设在民政部",
        "领导小组办公室设在民政部,承担领导小组日常工作。办公室主任由民政部部长张某兼任;常务副主任由民政部副部长"
        "李某兼任;副主任由教育部副部长王某,公安部副部长赵某兼任。办公室成员由成员单位有关司局负责同志担任。",
    ),
    _clause("x", 4, "工作会议", "领导小组实行工作会议制度,工作会议由组长或其委托的副组长召集,根据工作需要定期召开。"),
]


def test_a_body_named_only_by_its_office_and_the_offices_posts() -> None:
    [group] = find_bodies(EXCERPT, Written())
    assert (group.name, group.office, group.office_head) == ("领导小组", "民政部", "民政部部长张某")
    assert group.office_deputies == (("常务副主任", "民政部副部长李某"), ("副主任", "教育部副部长王某,公安部副部长赵某"))
    assert group.convener == "组长或其委托的副组长"
    assert dict(group.sources)["convener"] == "x:4"


def test_a_committees_own_deputies_are_not_its_offices() -> None:
    text = (
        "成立市物流发展委员会，主任由市长担任，副主任由分管副市长担任。委员会办公室设在市商务局，办公室主任由市商务局"
        "局长兼任，副主任由市交通运输局副局长兼任。"
    )
    [group] = find_bodies([_clause("c", 0, "组织领导", text)], Written())
    assert group.office_deputies == (("副主任", "市交通运输局副局长"),)


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("领导小组办公室常务副主任由谁兼任？", "office_deputies"),
        ("联席会议办公室的副主任是谁？", "office_deputies"),
        ("领导小组办公室主任由谁兼任？", "office_head"),
        ("领导小组的工作会议由谁召集？", "convener"),
        ("专班会议由谁来 convene？", "convener"),
        ("联席会议的总召集人由谁担任？", "head"),  # a role, not a meeting called
        ("领导小组多长时间开一次会议？", "other"),
    ],
)
def test_the_offices_posts_and_who_calls_the_meetings_asked(question: str, field: str) -> None:
    assert _org_field(question, "zh", None) == field


def test_the_offices_posts_asked_in_english() -> None:
    assert _org_field("Who is the executive deputy director of its office?", "en", None) == "office_deputies"
    assert _org_field("Who convenes the working meetings of the leading group?", "en", None) == "convener"


def _answer(group: WorkingGroup, field: str, text: str, clauses: list[Clause]) -> tuple[bool, str]:
    q = replace(Question("organization", "zh", "问", org_field=field), text=text)  # type: ignore[arg-type]
    found = answer_organization(q, [group], {c.id: c for c in clauses}, lambda _: None)
    return found.abstained, found.answer


def test_the_office_post_asked_is_answered_or_said_not_stated() -> None:
    [group] = find_bodies(EXCERPT, Written())
    abstained, text = _answer(group, "office_deputies", "领导小组办公室常务副主任由谁兼任？", EXCERPT)
    assert not abstained and "办公室常务副主任：民政部副部长李某" in text
    abstained, text = _answer(group, "office_deputies", "领导小组办公室副主任有哪些？", EXCERPT)
    assert not abstained and "教育部副部长王某,公安部副部长赵某" in text and "李某" not in text
    abstained, text = _answer(group, "office_deputies", "领导小组办公室专职副主任是谁？", EXCERPT)
    assert abstained and "没有写明其办公室专职副主任" in text


def test_which_bodies_have_a_role_of_the_title_asked() -> None:
    q = Question("organization", "zh", "问", org_field="head")
    asked = replace(q, text="哪些文件里的议事协调机构设了“总召集人”？分别由谁担任？")
    assert title_asked(asked) == "总召集人"
    assert title_asked(replace(q, text="哪几个领导小组设有办公室常务副主任？")) == "办公室常务副主任"
    assert title_asked(replace(q, text="联席会议的总召集人是谁？")) is None  # one body's role: no list asked
    chief = WorkingGroup(name="甲联席会议", head="发展改革委主任", head_title="总召集人", clause_id="a:1")
    plain = WorkingGroup(name="乙联席会议", convener="商务部部长", clause_id="b:1")
    unnamed = WorkingGroup(name="丙联席会议", clause_id="c:1")  # a 总召集人 named by no one: not listed
    held = titled([chief, plain, unnamed], "总召集人")
    assert held == [("head", chief)]
    clauses = {c: Clause(c.split(":")[0], "某文件", (1,), ("二",), "二", "…") for c in ("a:1", "b:1", "c:1")}
    found = answer_titled(asked, held, "总召集人", clauses, lambda _: None)
    assert found.answer.startswith("1 个机构设有总召集人：\n- 甲联席会议：总召集人：发展改革委主任。")
    none = answer_titled(asked, [], "总召集人", clauses, lambda _: None)
    assert none.abstained and "没有设“总召集人”的机构" in none.answer


@pytest.mark.parametrize(
    ("sentence", "verb", "unit"),
    [
        ("办公室主任由民政部部长张某兼任", "兼任", "民政部"),
        ("县财政局局长王某负责统筹", "统筹", "县财政局"),
        ("由市科技局局长召集", "召集", "市科技局"),
    ],
)
def test_a_units_name_never_ends_inside_a_post(sentence: str, verb: str, unit: str) -> None:
    assert _doers(sentence, verb) == (unit,)
    assert unit_at(sentence.split("由")[-1], 0) == unit


def test_a_core_inside_another_words_and_a_misspelling_starting_inside_a_word_are_no_units() -> None:
    registry = DepartmentRegistry.from_yaml(PROJECT_ROOT / "corpus" / "departments.yaml")
    places = unit_places(
        [(u, "某州") for u in ("州委办公室", "各县（市、区）人民政府", "州民政局", "州文化广电和旅游局")]
        + [("县林业局", "平江县")]
    )
    grammar = NameGrammar.from_yaml(PROJECT_ROOT / "corpus" / "unit_names.yaml")
    resolver = UnitResolver(registry.extended(places), places, grammar)
    # 民政 of 人民政府 straddles 人民|政府: 民政部 is no county government (nor, naming no 部, the 州民政局 either)
    found = resolver.find("办公室设在民政部的那个领导小组，办公室常务副主任由谁兼任？")
    assert all("人民政府" not in c for m in found for c in m.candidates)
    assert all(m.written != "个办公室" for m in found)  # 那个|办公室: no misspelt 州委办公室
    [typo] = resolver.find("请问县林叶局牵头哪些")  # a misspelling starting where a word starts is still read
    assert typo.candidates == ("县林业局",)
    [inside] = resolver.find("广电局负责什么？")  # a core standing as whole words inside another's
    assert inside.candidates == ("州文化广电和旅游局",)


def test_shaanxi_is_spelled_apart_from_shanxi() -> None:
    assert "shaanxi" in place_forms("陕西省") and "shaanxi" not in place_forms("山西省")
    named = NamedPlaces(["陕西省", "山西省"])
    assert named.in_question("How many members are listed for Shaanxi's joint conference?") == ("陕西省",)
    assert named.in_question("Who heads Shanxi's leading group?") == ("山西省",)
