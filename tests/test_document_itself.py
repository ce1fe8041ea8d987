"""Questions about a document itself: a unit written as the issuer of the document a question names is no unit
asked about (kb/qa/understand/issuer.py), and the day a document was sent out asked in plain words (…是哪天发的:
kb/qa/decide/effective.py). Questions written for these tests."""

from __future__ import annotations

import pytest

from kb.parse.outline import addressee_line
from kb.qa.compose.particulars import answer_addressees, answer_units_marked
from kb.qa.decide import effective
from kb.qa.understand.issuer import issues_named_document
from kb.qa.understand.numbers import asks_addressees, asks_units_marked
from kb.qa.understand.question import Understanding
from kb.types import Clause
from tests.test_doc_numbers import understanding_of


def _issuer(question: str, unit: str) -> bool:
    at = question.index(unit)
    return issues_named_document(question, at, at + len(unit))


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        # a demonstrative, a year, a title of its own words, an issuing verb between the unit and the kind
        ("县政府办那份关于河道保洁的通知是哪天发的？", "县政府办"),
        ("省财政厅2021年支持小微企业的实施意见里，贴息比例是多少？", "省财政厅"),
        ("市交通运输局推进城乡公交一体化的工作方案，有没有写考核办法？", "市交通运输局"),
        ("县教育局印发的校园安全方案中，谁负责日常巡查？", "县教育局"),
        ("市商务局那个行动计划（2024—2025年）里说要新建多少个便民生活圈？", "市商务局"),
    ],
)
def test_a_unit_before_a_document_it_issued_names_the_document(question: str, unit: str) -> None:
    assert _issuer(question, unit)


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("县发改局在实施方案中负责哪些任务？", "县发改局"),  # its place in a document: its duties
        ("县发改局负责的实施方案有哪些？", "县发改局"),  # a duty verb inside the reference
        ("县发改局河道保洁方案里牵头哪些工作？", "县发改局"),  # its own part asked in the document named
        ("县发改局的方案是什么？", "县发改局"),  # no title, no demonstrative, no year: no document named
        ("市科技局计划并组织实施哪些项目？", "市科技局"),  # 计划 a verb here: the reference does not end
        ("县人社局对就业补贴的办法有哪些要求？", "县人社局"),
    ],
)
def test_a_unit_asked_about_is_kept(question: str, unit: str) -> None:
    assert not _issuer(question, unit)


@pytest.fixture(scope="module")
def understand() -> Understanding:
    return understanding_of({"plan": "平江县"})


def test_the_issuer_is_no_unit_whose_duties_are_asked(understand: Understanding) -> None:
    issued = understand("县发改局那个2024年重点项目推进方案里，列了哪些责任单位？")
    assert "县发改局" not in issued.departments and issued.slot != "duties"
    own = understand("县发改局在重点项目推进方案里负责哪些任务？")
    assert own.departments == ("县发改局",) and own.slot == "duties"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("县政府办那份关于河道保洁的通知是哪天发的？", "issued"),  # 发的: the day it was sent out
        ("这个实施方案是什么时候发出的？", "issued"),
        ("那份工作要点的印发日期是哪天？", "issued"),
        ("这个办法什么时候开始施行？", "start"),
        ("评审结果什么时候发放到企业？", None),  # 发放 is no issuing of the document
        ("补贴什么时候发到账户？", None),
    ],
)
def test_the_day_a_document_was_sent_out_is_asked_by_its_plain_verb(text: str, asked: str | None) -> None:
    assert effective.asked(text) == asked


def test_the_date_is_asked_with_the_issuer_set_aside(understand: Understanding) -> None:
    q = understand("县政府办那份关于河道保洁的通知是哪天发的？")
    assert not q.departments and q.slot == "date"


_MANY = "、".join(f"{name}州" for name in "甲乙丙丁戊己庚辛壬癸" * 4) + "市人民政府,甲集团有限公司"


@pytest.mark.parametrize(
    ("opening", "line"),
    [
        ("湘政办发〔2021〕9号\n岳阳、常德市人民政府,省直有关单位:\n为做好……现将方案印发给你们。", "岳阳、常德市人民政府,省直有关单位"),
        ("各乡镇人民政府，县直各单位：\n现将《河道保洁方案》印发给你们。", "各乡镇人民政府，县直各单位"),
        # forty names and two companies: longer than a title's line, names and separators only
        (_MANY + ":\n现将方案印发给你们。", _MANY),
        ("为做好河道保洁，制定本方案。\n一、总体要求", None),  # a plan printed without its covering notice
    ],
)
def test_the_addressee_line_of_a_documents_opening(opening: str, line: str | None) -> None:
    assert addressee_line(opening) == line


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("那份河道保洁方案是发给哪几个县的？", True),
        ("这个通知都下发给了哪些单位？", True),
        ("这份意见的主送单位有哪些？", True),
        ("Who is the river cleaning notice addressed to?", True),
        ("进展情况报送给哪个部门？", False),  # a report a clause asks for, sent to a body
        ("补贴发给哪些企业？", False),  # money paid out, no document sent
    ],
)
def test_whom_a_document_is_sent_to_is_asked(text: str, asks: bool) -> None:
    assert asks_addressees(text) is asks


def _opening(text: str) -> Clause:
    return Clause(doc="notice", doc_title="关于河道保洁的通知", number=(0,), path=("前言",), title="前言", text=text)


def test_the_addressees_answered_from_the_line_or_said_not_written(understand: Understanding) -> None:
    q = understand("那份河道保洁方案是发给哪几个县的？")
    assert q.slot == "addressees"
    first = _opening("岳阳、常德市人民政府:\n现将方案印发给你们。")
    found = answer_addressees(q, first, "岳阳、常德市人民政府", ())
    assert not found.abstained and "岳阳、常德市人民政府" in found.answer
    assert [h.clause.id for h in found.citations] == [first.id]
    bare = answer_addressees(q, _opening("为做好河道保洁，制定本方案。"), None, ())
    assert bare.abstained and "没有写明发给哪些单位" in bare.answer


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("那份河道保洁实施意见，有没有给各项任务标注牵头单位？", True),
        ("这个方案是否明确了责任单位？", True),
        ("方案标注责任部门了吗？", True),
        ("河道保洁方案注明牵头单位没有？", True),
        ("Does the river cleaning plan name lead units?", True),
        ("河道保洁由哪个单位牵头？", False),  # one task's lead asked
        ("县水利局是不是河道保洁的牵头单位？", False),  # a unit's role checked
    ],
)
def test_whether_a_document_marks_units_at_all_is_asked(text: str, asks: bool) -> None:
    assert asks_units_marked(text) is asks


def _item(number: int, text: str, units: tuple[str, ...] = ()) -> Clause:
    return Clause(
        doc="opinion", doc_title="关于河道保洁的实施意见", number=(number,), path=(f"{number}",), title=f"{number}",
        text=text, departments=units, lead=units[0] if units else None,
    )


def test_marked_answered_yes_with_an_example_or_no(understand: Understanding) -> None:
    q = understand("那份河道保洁实施意见，有没有给各项任务标注牵头单位？")
    assert q.slot == "marked"
    plain = [_item(0, "为做好河道保洁，提出如下意见。"), _item(1, "加强日常巡查。")]
    no = answer_units_marked(q, plain, ())
    assert not no.abstained and no.answer.startswith("不是，《关于河道保洁的实施意见》的条款没有标注")
    noted = [*plain, _item(2, "清理河道垃圾。（县水利局牵头，各乡镇配合）", ("县水利局", "各乡镇"))]
    yes = answer_units_marked(q, noted, ())
    assert yes.answer.startswith("是，") and "3条条款中有1条" in yes.answer and "县水利局、各乡镇" in yes.answer
    assert [h.clause.id for h in yes.citations] == [noted[2].id]
