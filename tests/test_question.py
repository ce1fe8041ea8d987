"""The understanding stage's one output, the frozen `Question` (kb/qa/understand/question.py), on small fixtures: no
index, no embedder — the department registry of the plan, three places' documents by name, the router fit on its
labelled phrasings. Expected slots and constraints are what each question asks, read off the question."""

from __future__ import annotations

import dataclasses

import pytest

from kb.parse.departments import DepartmentRegistry
from kb.qa.understand.intent import ROUTER_EXAMPLES
from kb.qa.understand.places import NamedPlaces
from kb.qa.understand.question import SLOTS, Question, Scope, Understanding
from kb.qa.understand.router import intent_model
from kb.qa.understand.units import NameGrammar, UnitResolver, unit_places
from kb.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
DOC_PLACES = {"plan": "平江县", "nb-opc": "宁波市", "cn-opc": "苍南县"}


@pytest.fixture(scope="module")
def understand() -> Understanding:
    registry = DepartmentRegistry.from_yaml(CORPUS / "departments.yaml")
    places = unit_places(
        [(u, "平江县") for u in registry.names()] + [(u, "宁波市") for u in ("市经信局", "市发改委", "市人社局")]
    )
    resolver = UnitResolver(registry.extended(places), places, NameGrammar.from_yaml(CORPUS / "unit_names.yaml"))
    named = NamedPlaces(DOC_PLACES.values())
    return Understanding(registry.extended(places), named, DOC_PLACES, intent_model(ROUTER_EXAMPLES), resolver)


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("湖南中科云母研究院由哪个单位牵头建设？", "lead"),
        ("县林业局负责哪些工作？", "duties"),
        ("到2027年高新技术企业要达到多少家？", "count"),
        ("规上工业企业研发投入强度要达到百分之几？", "ratio"),
        ("OPC社区最高补助多少钱？", "amount"),
        ("这个方案从什么时候开始施行？", "date"),
        ("是县林业局牵头吗？", "yesno"),
        ("哪些地方的政策提到了算力券？", "places"),
        ("工作专班的召集人是谁？", "mechanism"),
        # English: the asking words, not a word that happens to name a kind (Special Area) or a clause of its own
        ("By 2028, how many OPC entities does the Lingang Special Area aim to gather?", "count"),
        ("What share of the model-call fees is subsidised?", "ratio"),
        ("What coverage rate of R&D institutions does the plan aim for?", "ratio"),
        ("How much does the district give as a reward when a company lands its first order?", "amount"),
        ("How large is the district-level industry fund to be?", "amount"),
        ("What time frame is set for the task on the main targets?", "date"),
        ("In which month will the service platform start trial operation?", "date"),
        ("When does the measure take effect?", "date"),
        # a unit asked for by its question word, whatever number the task names
        ("Which ministry leads bringing optical fibre to 50,000 administrative villages?", "lead"),
    ],
)
def test_the_slot_a_question_asks(understand: Understanding, text: str, slot: str) -> None:
    assert understand(text).slot == slot


def test_the_constraints_travel_with_the_question(understand: Understanding) -> None:
    q = understand("到2027年高新技术企业要达到多少家？", asked="到2027年高新技术企业要达到多少家?")
    assert (q.unit, q.year) == ("家", "2027")
    assert q.asked == "到2027年高新技术企业要达到多少家?" and q.text == "到2027年高新技术企业要达到多少家？"
    assert q.docs is None and q.doc is None and q.check is None and q.parts == ()
    money = understand("OPC社区最高补助多少钱？")
    assert money.unit == "元"


def test_a_yes_no_check_names_its_unit_as_written(understand: Understanding) -> None:
    q = understand("是县林业局牵头吗？")
    assert q.check is not None and q.check.kind == "unit" and q.check.role == "lead"
    assert q.check.written == ("县林业局",)


def test_items_asked_together_are_one_question_each(understand: Understanding) -> None:
    q = understand("宁波和苍南的OPC社区分别由哪个部门牵头？")
    assert [p.item for p in q.parts] == ["宁波市", "苍南县"]
    assert all("分别" not in p.question for p in q.parts)
    # an item, or the open question behind a check, is not split or checked again
    item = understand(q.parts[0].question, whole=False)
    assert item.parts == () and item.check is None


def test_the_scope_is_the_places_named_within_the_place_filter(understand: Understanding) -> None:
    assert understand("宁波OPC社区最高补助多少钱？").docs == frozenset({"nb-opc"})
    assert understand("OPC社区最高补助多少钱？", scope=Scope(place="苍南县")).docs == frozenset({"cn-opc"})
    # a place named outside the filter's place leaves no document, not every document
    assert understand("宁波OPC社区最高补助多少钱？", scope=Scope(place="苍南县")).docs == frozenset()
    q = understand("哪些地方的政策提到了算力券？")
    assert q.which_places and not understand("哪些地方的政策提到了算力券？", scope=Scope(doc="plan")).which_places


def test_the_question_is_frozen_and_replaced_not_changed(understand: Understanding) -> None:
    q = understand("县林业局负责哪些工作？", context="县发改局负责哪些工作？")
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.slot = "lead"  # type: ignore[misc]
    general = dataclasses.replace(q, intent="general")
    assert isinstance(general, Question) and general.text == q.text and q.intent == "department_tasks"
    assert q.context == "县发改局负责哪些工作？"
    assert set(SLOTS) >= {q.slot, general.slot}
