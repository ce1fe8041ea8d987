"""A working group the documents set up without saying what is asked of it (组长由谁担任 where no head is named)
is answered with what the document says and an abstention — not with the group's name as if it were the head."""

from __future__ import annotations

from kb.qa.compose.mechanism import answer_organization
from kb.qa.understand.question import Question
from kb.types import Clause, WorkingGroup

CLAUSE = Clause("d", "某区行动计划", (5,), ("五、加强组织保障",), "加强组织保障", "成立OPC产业发展工作领导小组，统筹推进。")
GROUP = WorkingGroup("OPC产业发展工作领导小组", clause_id="d:5")


def _ask(field: str, language: str = "zh") -> tuple[str, bool, tuple[str, ...]]:
    q = Question("organization", language, "组长", org_field=field, text="组长由谁担任？")  # type: ignore[arg-type]
    answer = answer_organization(q, [GROUP], {"d:5": CLAUSE}, lambda _: None)
    return answer.answer, answer.abstained, tuple(h.clause.id for h in answer.citations)


def test_a_head_not_named_is_said_to_be_not_stated() -> None:
    text, abstained, cited = _ask("role")
    assert abstained and cited == ("d:5",)
    assert "没有写明其组长" in text and "OPC产业发展工作领导小组" in text


def test_every_missing_field_abstains_with_the_groups_clause() -> None:
    for field in ("head", "convener", "office", "office_head"):
        text, abstained, cited = _ask(field)
        assert abstained and cited == ("d:5",) and "没有写明" in text, field
    text, abstained, _ = _ask("office", "en")
    assert abstained and "do not state where its office sits" in text
