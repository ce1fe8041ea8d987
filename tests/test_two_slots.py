"""A question asking two slots of one task — who is in charge and by when (由谁负责、完成时限怎么写的) — answered
for both from the clause (kb.qa.understand.question `asks_who_and_when`, kb.qa.compose.compound
`answer_two_slots`). Texts written here, no index."""

from __future__ import annotations

import pytest

from kb.qa.compose.compound import answer_two_slots
from kb.qa.understand.question import Question, asks_who_and_when
from kb.types import Answer, Clause, Hit


@pytest.mark.parametrize(
    ("asking", "both"),
    [
        ("第三条由谁负责、完成时限怎么写的？", True),
        ("新建城区公厕这项工作哪个部门牵头，什么时候完成？", True),
        ("By when must it be done, and who leads it?", True),
        ("新建城区公厕由哪个部门牵头？", False),  # the unit alone
        ("新建城区公厕什么时候完成？", False),  # the date alone
        ("县城管局负责的任务什么时候完成？", False),  # a unit named, not asked
    ],
)
def test_who_and_when_asked_together(asking: str, both: bool) -> None:
    assert asks_who_and_when(asking) is both


CLAUSE = Clause(
    "d",
    "青石县重点工作分工",
    (1, 3),
    ("一、民生",),
    "3. 新建城区公厕",
    "新建城区公厕12座。(县城管局负责,年底前完成)",
)


def test_both_answers_are_given_and_the_unit_s_fields_kept() -> None:
    hit = Hit(CLAUSE, 1.0)
    other = Hit(Clause("d", "青石县重点工作分工", (1,), ("一、民生",), "一、民生", "民生"), 0.5)
    who = Answer(
        "q", "responsibility", "牵头单位：县城管局。", False, (hit, other), lead="县城管局", others=()
    )
    when = Answer("q", "indicator", "时限：年底前完成（条款写明）。", False, (hit,))
    q = Question(
        "responsibility", "zh", "新建城区公厕", text="新建城区公厕由谁负责、什么时候完成？", slot="lead"
    )
    both = answer_two_slots(q, who, when)
    assert both.answer == "牵头单位：县城管局。\n时限：年底前完成（条款写明）。"
    assert both.lead == "县城管局" and not both.abstained
    assert [h.clause.id for h in both.citations] == [CLAUSE.id, other.clause.id]
    unstated = Answer("q", "indicator", "没有写明完成时间或时限。", True, (hit,))
    assert not answer_two_slots(q, who, unstated).abstained  # the unit is stated: the answer stands
