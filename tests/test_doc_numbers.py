"""A question naming its document by number (文号): kb/qa/understand/numbers.py on numbers written for these tests,
and the understanding stage scoping the question to that document (its year and serial no constraint)."""

from __future__ import annotations

import pytest

from kb.parse.departments import DepartmentRegistry
from kb.qa.compose.particulars import answer_number
from kb.qa.understand.intent import ROUTER_EXAMPLES
from kb.qa.understand.numbers import DocNumbers, asks_number
from kb.qa.understand.places import NamedPlaces
from kb.qa.understand.question import Understanding
from kb.qa.understand.router import intent_model
from kb.qa.understand.units import NameGrammar, UnitResolver, unit_places
from kb.settings import PROJECT_ROOT
from kb.types import Clause

NUMBERS = {
    "state-2020": "国发〔2020〕6号",
    "office-2016": "国办函[2016]38号",
    "office-2019": "国办发〔2019〕6号",  # same serial as state-2020, another year and issuer
    "province": "湘政发〔2016〕1号",
    "city": "甬政办发（2026）7号",
    "no-number": "",
}


@pytest.fixture(scope="module")
def numbers() -> DocNumbers:
    return DocNumbers(NUMBERS)


@pytest.mark.parametrize(
    ("text", "doc", "written"),
    [
        ("国发〔2020〕6号定的增长目标是多少？", "state-2020", "国发〔2020〕6号"),
        # brackets of another width than the document's, a leading word that is no part of the abbreviation
        ("按国办函〔2016〕38号，进展报给谁？", "office-2016", "国办函〔2016〕38号"),
        ("国发[2020]6号里谁负责？", "state-2020", "国发[2020]6号"),
        ("根据湘政发(2016)1号的分工，谁牵头？", "province", "湘政发(2016)1号"),
        ("甬政办发〔2026〕7号有哪些补贴？", "city", "甬政办发〔2026〕7号"),
        # in English: the abbreviation in pinyin
        ("Under Guofa [2020] No. 6, who leads item 1?", "state-2020", "Guofa [2020] No. 6"),
        ("What does State Council document Guobanhan (2016) No. 38 ask?", "office-2016", "Guobanhan (2016) No. 38"),
    ],
)
def test_a_number_names_the_one_document_carrying_it(
    numbers: DocNumbers, text: str, doc: str, written: str
) -> None:
    named = numbers.named(text)
    assert named is not None
    assert (named.doc, named.written) == (doc, written)


@pytest.mark.parametrize(
    "text",
    [
        "国发〔2021〕6号定的目标是多少？",  # a year no document of that number carries
        "省政发〔2020〕6号定的目标是多少？",  # another issuer's abbreviation
        "办发〔2019〕6号",  # shorter than the document's abbreviation: not its number
        "Guoban [2020] No. 6",  # pinyin of no document's abbreviation
        "2020年GDP增长6%左右",  # no number at all
    ],
)
def test_a_number_no_document_carries_names_none(numbers: DocNumbers, text: str) -> None:
    assert numbers.named(text) is None


def test_two_documents_of_one_number_name_neither() -> None:
    # the same number read twice (two copies of one notice): not one document, no scope
    twice = DocNumbers({"a": "国发〔2020〕6号", "b": "国发〔2020〕6号"})
    assert twice.named("国发〔2020〕6号的目标") is None
    assert not DocNumbers({"x": "", "y": "没有文号"})


def understanding_of(doc_places: dict[str, str | None], numbers: DocNumbers | None = None) -> Understanding:
    """Stage 2 over the 平江 registry's units and documents of these places (and numbers)."""
    corpus = PROJECT_ROOT / "corpus"
    registry = DepartmentRegistry.from_yaml(corpus / "departments.yaml")
    places = unit_places([(u, "平江县") for u in registry.names()])
    resolver = UnitResolver(registry.extended(places), places, NameGrammar.from_yaml(corpus / "unit_names.yaml"))
    return Understanding(
        registry.extended(places),
        NamedPlaces(doc_places.values()),
        doc_places,
        intent_model(ROUTER_EXAMPLES),
        resolver,
        numbers,
    )


@pytest.fixture(scope="module")
def understand() -> Understanding:
    return understanding_of({doc: "全国" for doc in NUMBERS}, DocNumbers(NUMBERS))


def test_the_question_is_scoped_to_the_numbered_document(understand: Understanding) -> None:
    q = understand("国发〔2020〕6号定的增长目标是多少？")
    assert q.docs == frozenset({"state-2020"})
    assert q.year is None  # the number's year is not a year asked
    assert "2020" not in q.topic and "国发" not in q.topic
    asked = understand("国发〔2020〕6号定的2020年国内生产总值增长目标是多少？")
    assert asked.year == "2020"  # a year written apart still is


def test_a_serial_number_is_no_value_checked(understand: Understanding) -> None:
    # 按…49号，…可以…吗: the yes/no question checks no value 49
    q = understand("按国办函[2016]38号，各部门可以不报送进展情况吗？")
    assert q.check is None or q.check.value is None


def test_without_a_known_number_the_question_keeps_every_document(understand: Understanding) -> None:
    assert understand("国发〔2021〕9号定的增长目标是多少？").docs is None


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("苍南这份若干举措正式印发的文号是多少？", True),
        ("这份通知的发文字号是什么？", True),
        ("What is the document number of Hunan's 2016 division of work?", True),
        ("文号为国发〔2020〕6号的文件由谁牵头？", False),  # names its document by number, asks the lead
        ("国发〔2020〕6号定的增长目标是多少？", False),
        ("研发经费投入增长目标是多少？", False),
    ],
)
def test_a_question_asking_the_number_is_told_from_one_naming_it(text: str, asks: bool) -> None:
    assert asks_number(text) is asks


def test_the_number_slot(understand: Understanding) -> None:
    assert understand("这份意见的文号是多少？").slot == "number"
    assert understand("国发〔2020〕6号定的增长目标是多少？").slot != "number"


def _clause(doc: str, title: str) -> Clause:
    return Clause(doc=doc, doc_title=title, number=(0,), path=("前言",), title="前言", text="各市、县人民政府：")


def test_the_number_answered_from_the_record_or_said_not_written(understand: Understanding) -> None:
    q = understand("这份意见的文号是多少？")
    first = _clause("state-2020", "国务院关于落实重点工作部门分工的意见")
    found = answer_number(q, first, "国发〔2020〕6号", ())
    assert not found.abstained
    assert found.answer.startswith("《国务院关于落实重点工作部门分工的意见》的文号是国发〔2020〕6号。")
    assert [h.clause.id for h in found.citations] == [first.id]
    draft = answer_number(q, _clause("draft", "若干举措（征求意见稿）"), None, ())
    assert draft.abstained and "没有写明文号" in draft.answer
