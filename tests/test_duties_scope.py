"""A unit's duties asked of the documents of one place: a working group of another place's document that a unit
of the same name sits in is no role of it there (苍南's measures asked, 平江's 专班 naming a 县教育局)."""

from __future__ import annotations

from kb.qa.compose.duties import answer_department_tasks
from kb.qa.decide.groups import in_scope
from kb.qa.understand.question import Question
from kb.types import Clause, WorkingGroup

OWN = Clause("own", "某县若干举措", (1,), ("一、支持OPC发展",), "支持OPC发展", "给予OPC创业补贴。", departments=("县人社局",))
GROUP = WorkingGroup("兴产业工作专班", members=("县教育局", "县人社局"), clause_id="other:3")


def _asked(docs: frozenset[str] | None) -> Question:
    return Question(  # type: ignore[call-arg]
        "department_tasks", "zh", "县教育局", department="县教育局", departments=("县教育局",), docs=docs,
        text="某县教育局在若干举措里负责什么？",
    )


def test_the_groups_of_the_documents_asked_only() -> None:
    assert in_scope(_asked(frozenset({"own"})), [GROUP]) == []
    assert in_scope(_asked(frozenset({"other"})), [GROUP]) == [GROUP]
    assert in_scope(_asked(None), [GROUP]) == [GROUP]


def test_no_task_and_no_group_in_scope_is_refused() -> None:
    q = _asked(frozenset({"own"}))
    answer = answer_department_tasks(q, [OWN], in_scope(q, [GROUP]), lambda _: None)
    assert answer.abstained and "成员单位" not in answer.answer
    # asked of every document, the group it sits in is what the documents say of it
    everywhere = _asked(None)
    said = answer_department_tasks(everywhere, [OWN], in_scope(everywhere, [GROUP]), lambda _: None)
    assert not said.abstained and "兴产业工作专班的成员单位" in said.answer
