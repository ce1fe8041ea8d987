"""Yes/no questions: the check a question makes, its judgment against the open answer, and whole answers on the
plan. Expected roles and values are read off the plan by hand (湖南中科云母研究院 is 1.2.2.2: 平江高新区 leads,
县发改局、县科工信局、县科协 take part; 研发经费投入 grows 8.5%以上)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kb.api import KnowledgeBase
from kb.evaluate import said_yes
from kb.qa.compose import yesno
from kb.qa.understand.question import Question
from kb.settings import load_settings
from kb.types import Answer, Clause, Hit


@pytest.mark.parametrize(
    ("question", "kind", "role"),
    [
        ("湖南中科云母研究院是县发改局牵头吗？", "unit", "lead"),
        ("县科协参与湖南中科云母研究院建设吗", "unit", "any"),
        ("云母研究院是不是县科协负责的", "unit", "any"),
        ("研发经费投入增长目标是8.5%吗？", "value", "any"),
    ],
)
def test_a_yes_no_question_says_what_it_checks(question: str, kind: str, role: str) -> None:
    units = ("县发改局",) if "发改" in question else ("县科协",) if "科协" in question else ()
    check = yesno.read(question, "zh", units, units)
    assert check is not None and (check.kind, check.role) == (kind, role)


@pytest.mark.parametrize(
    "question", ["湖南中科云母研究院由哪个单位牵头？", "县发改局负责哪些任务？", "补贴是多少？", "科技创新"]
)
def test_open_questions_are_no_checks(question: str) -> None:
    units = ("县发改局",) if "发改" in question else ()
    assert yesno.read(question, "zh", units, units) is None


@pytest.mark.parametrize(
    ("question", "unit", "role"),
    [
        ("甲县农村改厕这项工作是县城管执法局牵头吗？", "县城管执法局", "lead"),
        ("乙区老旧小区改造是由区住建委负责吗", "区住建委", "any"),
    ],
)
def test_a_unit_no_document_names_is_checked_by_its_form(question: str, unit: str, role: str) -> None:
    """The registry resolves no unit: the one the check names before its role, shaped like a body, is checked
    (and judged 不是 against the note's units, which do not hold it)."""
    check = yesno.read(question, "zh", (), ())
    assert check is not None and (check.kind, check.units, check.role) == ("unit", (unit,), role)
    assert yesno.judge(check, _responsible("县卫健局", "县财政局")) is False


@pytest.mark.parametrize("question", ["这是张三负责的吗？", "改厕是今年完成的吗？"])
def test_a_name_not_shaped_like_a_body_is_no_unit_check(question: str) -> None:
    """No unit is checked: what the question says is checked as a statement the clauses may write."""
    check = yesno.read(question, "zh", (), ())
    assert check is not None and check.kind == "statement" and not check.units


def test_english_checks() -> None:
    check = yesno.read("Is 县发改局 the lead for the mica institute?", "en", ("县发改局",), ("县发改局",))
    assert check is not None and check.role == "lead"
    assert yesno.read("Who leads the mica institute?", "en", ("县发改局",), ("县发改局",)) is None


def _responsible(lead: str, *others: str) -> Answer:
    return Answer("q", "responsibility", f"牵头单位：{lead}", False, lead=lead, leads=(lead,), others=others)


def test_a_unit_is_judged_by_its_role_in_the_note() -> None:
    found = _responsible("平江高新区", "县发改局", "县科协")
    lead = yesno.Check("unit", role="lead", units=("县发改局",))
    any_role = yesno.Check("unit", role="any", units=("县发改局",))
    absent = yesno.Check("unit", role="any", units=("县林业局",))
    assert yesno.judge(lead, found) is False
    assert yesno.judge(any_role, found) is True
    assert yesno.judge(absent, found) is False


def test_values_compare_as_amounts() -> None:
    found = Answer("q", "indicator", "目标：最高100万元。依据：…", False)
    assert yesno.judge(yesno.Check("value", value=(1000000.0, "元")), found) is True
    assert yesno.judge(yesno.Check("value", value=(100.0, "万元")), found) is True
    assert yesno.judge(yesno.Check("value", value=(80.0, "万元")), found) is False


def test_an_unanswered_open_question_settles_nothing() -> None:
    refused = Answer("q", "out_of_scope", "文件中没有找到能回答这个问题的内容。", True)
    check = yesno.Check("value", value=(50.0, "万元"))
    assert yesno.judge(check, refused) is None
    asked = Question("indicator", "zh", "补贴", text="补贴是50万吗？", slot="yesno", check=check)
    assert yesno.answer(asked, refused).abstained
    no_number = Answer("q", "indicator", "目标：稳步提升。", False)
    unsettled = yesno.answer(asked, no_number)
    assert unsettled.abstained and unsettled.verdict is None


def test_a_unit_named_as_its_responsible_unit_is_checked() -> None:
    """"X的责任单位是Y吗" checks Y's role like "是Y负责吗"."""
    check = yesno.read("某项工作的责任单位是县商务局吗？", "zh", ("县商务局",), ("县商务局",))
    assert check is not None and (check.kind, check.role) == ("unit", "any")


def test_a_unit_written_for_several_is_checked_against_every_candidate() -> None:
    """市林业局 fitting no unit of the place asked, several of others: still a unit check, never a question
    back; yes only when one of its candidates is named."""
    ambiguous = (("林业局", ("县林业局", "区林业局")),)
    check = yesno.read("某镇造林是由市林业局负责吗？", "zh", (), (), ambiguous)
    assert check is not None and check.kind == "unit" and check.alternatives == (("县林业局", "区林业局"),)
    assert "林业局" not in check.open_question("某镇造林是由市林业局负责吗？", "zh")
    assert yesno.judge(check, _responsible("县国资委", "县财政局")) is False
    assert yesno.judge(check, _responsible("县国资委", "区林业局")) is True


def test_a_unit_taking_part_is_said_to_take_part() -> None:
    found = _responsible("平江高新区", "县发改局")
    asked = Question("responsibility", "zh", "研究院", text="研究院是县发改局牵头吗？", slot="yesno")
    lead = replace(asked, check=yesno.Check("unit", role="lead", units=("县发改局",)))
    said = yesno.answer(lead, found)
    assert said.answer.startswith("不是。牵头单位是平江高新区，县发改局为配合单位。") and said.verdict is False
    any_role = replace(asked, check=yesno.Check("unit", role="any", units=("县发改局",)))
    assert yesno.answer(any_role, found).answer.startswith("是。")


def test_a_value_missing_from_the_headline_is_judged_on_the_cited_clause() -> None:
    """补偿最高80%吗 answered by a headline giving the loan cap in 元: the clause's own 80% settles it."""
    clause = Clause("d", "某市措施", (9,), ("九、金融",), "金融", "单笔贷款最高1000万元,给予最高80%的风险补偿。")
    found = Answer("q", "indicator", "目标：单笔贷款最高1000万元。", False, (Hit(clause, 1.0),))
    eighty = yesno.Check("value", value=(80.0, "%"))
    seventy = yesno.Check("value", value=(70.0, "%"))
    assert yesno.judge(eighty, found) is True and yesno.judge(seventy, found) is False
    asked = Question("indicator", "zh", "风险补偿", text="风险补偿最高是80%吗？", slot="yesno", check=eighty)
    assert yesno.answer(asked, found).answer.startswith("是。条款原文：“给予最高80%的风险补偿”")
    assert yesno.judge(yesno.Check("value", value=(3.0, "个")), found) is None  # no count stated: unsettled


def test_a_value_of_the_year_asked_in_the_piece_about_it_is_a_yes() -> None:
    """The headline gives the first year's target; the clause's piece about the thing asked writes the value for
    the year the question names. Another item's value in the same clause, or another year's, is no yes."""
    text = "示范村2024年达到20个、2025年达到30个，特色小镇2024年达到5个、2025年达到8个。"
    clause = Clause("d", "某县方案", (1,), ("一、目标",), "目标", text)
    found = Answer("q", "indicator", "目标：示范村2024年达到20个。", False, (Hit(clause, 1.0),))
    thirty = yesno.Check("value", value=(30.0, "个"))
    assert yesno.judge(thirty, found, "示范村2025年的目标是30个吗？") is True
    assert yesno.judge(thirty, found, "示范村2024年的目标是30个吗？") is False
    assert yesno.judge(yesno.Check("value", value=(8.0, "个")), found, "示范村2025年的目标是8个吗？") is False
    asked = Question("indicator", "zh", "示范村", text="示范村2025年的目标是30个吗？", slot="yesno", check=thirty)
    assert yesno.answer(asked, found).answer.startswith("是。条款原文：“示范村2024年达到20个、2025年达到30个”")


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> KnowledgeBase:
    base = KnowledgeBase(load_settings(index=tmp_path_factory.mktemp("yesno-index")))
    base.ingest([data_dir / "plan-attachment3.txt"])
    return base


@pytest.mark.parametrize(
    ("question", "yes", "lead"),
    [
        ("湖南中科云母研究院是县发改局牵头吗？", False, "平江高新区"),
        ("湖南中科云母研究院是平江高新区牵头的吗？", True, "平江高新区"),
        ("县科协参与湖南中科云母研究院建设吗", True, "平江高新区"),
        ("县林业局参与了湖南中科云母研究院建设吗？", False, "平江高新区"),
        ("Is the county Development and Reform Bureau the lead for the mica research institute?", False, None),
        ("全社会研发经费投入增长目标是8.5%吗？", True, None),
        ("全社会研发经费投入增长目标是10%吗？", False, None),
    ],
)
def test_yes_no_answers_open_with_yes_or_no_and_cite_the_clause(
    kb: KnowledgeBase, question: str, yes: bool, lead: str | None
) -> None:
    answer = kb.ask(question)
    assert not answer.abstained and answer.verdict is yes
    assert said_yes(answer.answer) is yes
    if lead:
        assert answer.lead == lead and answer.citations[0].clause.id == "plan-attachment3:1.2.2.2"
    assert answer.to_dict()["verdict"] is yes


def test_a_check_of_something_the_plan_does_not_state_is_no_guess(kb: KnowledgeBase) -> None:
    answer = kb.ask("湖南中科云母研究院的投入金额是5000万元吗？")  # the plan names no amount for it
    assert answer.abstained and answer.verdict is None


REPORT = """2024年重点工作任务分解表
一、保障和改善民生
1. 加大普惠性托育供给,新增托位数300个以上。(牵头单位:县教育局;配合单位:县卫健局)
2. 新建城区公共厕所12座。(牵头单位:县城管局)
"""


@pytest.fixture(scope="module")
def kb_two(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> KnowledgeBase:
    """The plan and a county report whose place is written nowhere in it, both naming 县教育局."""
    folder = tmp_path_factory.mktemp("yesno-report")
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    base = KnowledgeBase(load_settings(index=tmp_path_factory.mktemp("yesno-two-index")))
    base.ingest([data_dir / "plan-attachment3.txt", folder / "report.txt"])
    return base


def test_a_unit_documents_of_several_places_name_is_checked_where_the_task_is(kb_two: KnowledgeBase) -> None:
    """县教育局 is the plan's and the report's: the task named (托位) is looked for in both, not in the plan's
    county alone."""
    answer = kb_two.ask("新增托位数300个以上这项任务，是县教育局牵头吗？")
    assert answer.verdict is True and answer.citations[0].clause.doc != "plan-attachment3"
    assert kb_two.ask("新增托位数300个以上这项任务，是县卫健局牵头吗？").verdict is False
