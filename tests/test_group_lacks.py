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


# --- which one of a kind asked, the document naming only the kind (由哪位区领导牵头 → 由区领导牵头) ---

LED = Clause("d", "某区行动计划", (5,), ("五、加强组织保障",), "加强组织保障", "成立由区领导牵头的OPC工作专班。")


def _led_by(head: str, text: str) -> tuple[str, bool]:
    group = WorkingGroup("OPC工作专班", head=head, head_title="牵头", clause_id="d:5")
    q = Question("organization", "zh", "牵头", org_field="head", text=text)  # type: ignore[arg-type]
    answer = answer_organization(q, [group], {"d:5": LED}, lambda _: None)
    return answer.answer, answer.abstained


def test_the_kind_asked_which_one_of_is_not_an_answer() -> None:
    text, abstained = _led_by("区领导", "OPC工作专班由哪位区领导牵头？")
    assert abstained and "没有写明是哪一位" in text and "区领导" in text


def test_a_post_telling_one_apart_answers_which_one() -> None:
    text, abstained = _led_by("区政府分管副区长", "OPC工作专班由哪位区领导牵头？")
    assert not abstained and "区政府分管副区长" in text
    # who leads, not which one of a kind: the kind the document gives is the answer
    text, abstained = _led_by("区领导", "OPC工作专班由谁牵头？")
    assert not abstained and "区领导" in text
