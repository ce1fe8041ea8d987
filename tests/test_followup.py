"""Follow-up questions read against the conversation (kb/qa/understand/followup.py) and the first screen's example
questions (kb/qa/compose/suggest.py): string work only, no index."""

from __future__ import annotations

import pytest

from kb.qa.compose.suggest import example_questions
from kb.qa.understand.followup import is_elliptical, resolve, topic_of
from kb.types import Clause, Indicator

MICA = "湖南中科云母研究院由哪个单位牵头建设？"
RD = "全社会研发经费投入要增长多少？"
MICA_EN = "Which department leads the work on the mica research institute?"


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        (MICA, "湖南中科云母研究院"),
        (RD, "全社会研发经费投入"),
        ("县林业局负责哪些工作？", "县林业局"),
        ("工作专班的办公室设在哪里？", "工作专班的办公室"),
        (MICA_EN, "the mica research institute"),
    ],
)
def test_topic_is_what_comes_before_the_asking_part(question: str, topic: str) -> None:
    assert topic_of(question) == topic


@pytest.mark.parametrize(
    ("history", "question", "resolved"),
    [
        ([MICA], "那配合单位呢？", "湖南中科云母研究院的配合单位有哪些？"),
        ([RD], "它的目标是多少？", "全社会研发经费投入的目标是多少？"),
        ([MICA_EN], "And who else?", "Who else works on the mica research institute?"),
        (["县林业局负责哪些工作？"], "那县商务局呢？", "县商务局负责哪些工作？"),
        ([MICA], "配合单位呢？", "湖南中科云母研究院的配合单位有哪些？"),
        # A follow-up of a follow-up keeps the first topic.
        ([MICA, "那配合单位呢？"], "那牵头单位呢？", "湖南中科云母研究院由哪个单位牵头？"),
    ],
)
def test_elliptical_question_takes_the_previous_topic(
    history: list[str], question: str, resolved: str
) -> None:
    assert resolve(question, history) == resolved


@pytest.mark.parametrize("question", [RD, "县林业局负责哪些工作？", "Who leads the mica research institute?"])
def test_whole_questions_stand_alone(question: str) -> None:
    assert not is_elliptical(question)
    assert resolve(question, [MICA]) == question


def test_nothing_before_leaves_the_question_as_asked() -> None:
    assert resolve("那配合单位呢？") == "那配合单位呢？"
    assert resolve("那配合单位呢？", ["你好"]) == "那配合单位呢？"  # no topic to take


def clause(title: str, departments: tuple[str, ...], indicators: tuple[Indicator, ...] = ()) -> Clause:
    return Clause(
        doc="plan",
        doc_title="方案",
        number=(1,),
        path=(title,),
        title=title,
        text=title,
        page=1,
        lead=departments[0] if departments else None,
        departments=departments,
        departments_raw=departments,
        indicators=indicators,
    )


def test_example_questions_come_from_the_clauses() -> None:
    rd = Indicator("全社会研发经费投入增长", 8.5, "%", "以上", "全社会研发经费投入增长 8.5%以上")
    clauses = [
        clause("主要指标", (), (rd,)),
        clause("新材料产业", ("平江高新区", "县科工信局")),
        clause("对接标志性工程", ("县科工信局",)),
    ]
    assert example_questions(clauses) == [
        "新材料产业由哪个单位牵头？",
        "县科工信局负责哪些工作？",
        "全社会研发经费投入增长的目标是多少？",
        "对接标志性工程由谁负责？",
    ]
    assert example_questions([]) == []


@pytest.mark.parametrize("question", ["这个方案的总体目标是什么？", "本方案由哪个单位牵头？", "该通知什么时候施行？"])
def test_a_question_naming_the_document_it_means_stands_alone(question: str) -> None:
    """"这个方案" points at the document, not at the previous question's topic: no topic is put before it."""
    assert not is_elliptical(question)
    assert resolve(question, ["县林业局负责哪些工作？"]) == question
    assert is_elliptical("这个呢？")  # "this one?" still points back
