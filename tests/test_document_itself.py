"""Questions about a document itself: a unit written as the issuer of the document a question names is no unit
asked about (kb/qa/understand/issuer.py), and the day a document was issued asked of it (slot `issued`, answered from
its record by kb/qa/compose/particulars.py). Questions and titles written for these tests."""

from __future__ import annotations

import pytest

from kb.parse.departments import DepartmentRegistry
from kb.qa.compose.particulars import answer_issued
from kb.qa.understand.intent import ROUTER_EXAMPLES
from kb.qa.understand.issuer import issues_named_document
from kb.qa.understand.numbers import asks_issued, issued_reference
from kb.qa.understand.places import NamedPlaces
from kb.qa.understand.question import Understanding
from kb.qa.understand.router import intent_model
from kb.qa.understand.units import NameGrammar, UnitResolver, unit_places
from kb.settings import PROJECT_ROOT
from kb.types import Clause


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
    corpus = PROJECT_ROOT / "corpus"
    registry = DepartmentRegistry.from_yaml(corpus / "departments.yaml")
    places = unit_places([(u, "平江县") for u in registry.names()])
    resolver = UnitResolver(registry.extended(places), places, NameGrammar.from_yaml(corpus / "unit_names.yaml"))
    doc_places = {"plan": "平江县"}
    return Understanding(
        registry.extended(places), NamedPlaces(doc_places.values()), doc_places, intent_model(ROUTER_EXAMPLES), resolver
    )


def test_the_issuer_is_no_unit_whose_duties_are_asked(understand: Understanding) -> None:
    issued = understand("县发改局那个2024年重点项目推进方案里，列了哪些责任单位？")
    assert "县发改局" not in issued.departments and issued.slot != "duties"
    own = understand("县发改局在重点项目推进方案里负责哪些任务？")
    assert own.departments == ("县发改局",) and own.slot == "duties"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("县政府办那份关于河道保洁的通知是哪天发的？", True),
        ("这个实施方案是什么时候印发的？", True),
        ("那份工作要点的印发日期是哪天？", True),
        ("When was the county's river cleaning notice issued?", True),
        ("评审结果什么时候公布？", False),  # an act the text sets, not the document's date
        ("这个办法什么时候开始施行？", False),  # when it takes effect: kb.qa.decide.effective
        ("方案要求在几月几号前报送材料？", False),  # a deadline the text sets
    ],
)
def test_the_day_a_document_was_issued_is_told_from_a_date_its_text_sets(text: str, asks: bool) -> None:
    assert asks_issued(text) is asks


def test_the_issued_slot_and_the_words_naming_the_document(understand: Understanding) -> None:
    q = understand("县政府办那份关于河道保洁的通知是哪天发的？")
    assert q.slot == "issued" and not q.departments
    assert issued_reference(q.text) == "县政府办那份关于河道保洁的通知"
    assert understand("评审结果什么时候公布？").slot != "issued"


def _clause(text: str) -> Clause:
    return Clause(doc="notice", doc_title="平江县关于河道保洁的通知", number=(0,), path=("前言",), title="前言", text=text)


def test_the_day_answered_from_the_record_or_said_not_written(understand: Understanding) -> None:
    q = understand("县政府办那份关于河道保洁的通知是哪天发的？")
    dated = _clause("各乡镇人民政府：\n现将方案印发给你们。\n2023年4月6日")
    found = answer_issued(q, dated, "2023年4月6日", ())
    assert not found.abstained
    assert found.answer.startswith("《平江县关于河道保洁的通知》的印发日期是2023年4月6日。")
    assert [h.clause.id for h in found.citations] == [dated.id]
    undated = answer_issued(q, _clause("各乡镇人民政府："), None, ())
    assert undated.abstained and "没有写明印发日期" in undated.answer
