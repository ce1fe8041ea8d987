"""Which documents state a lead rule a question writes (kb/qa/decide/rules.py, kb.parse.notes.lead_rule_in):
the rule read by form in the question and in each document, of the same kind; clauses written here."""

from __future__ import annotations

from kb.parse.notes import lead_rule_in
from kb.qa.decide.rules import asked_rule, documents_stating
from kb.types import Clause


def _clause(doc: str, number: int, text: str) -> Clause:
    return Clause(doc, f"{doc}的分工方案", (1, number), ("一、任务", f"{number}. 某项"), "某项", text)


def test_a_rule_is_read_through_its_brackets_and_by_kind() -> None:
    assert lead_rule_in("加强督查。（排在首位的为牵头部门）") == ("first", "排在首位的为牵头部门")
    assert lead_rule_in("（第一个逗号前的单位为牵头单位，下同）")[0] == "first_group"  # type: ignore[index]
    assert lead_rule_in("各部门按职责分工负责。") is None


def test_which_documents_state_the_rule_asked() -> None:
    assert asked_rule("哪些文件写明了“排在首位的（列第一位的）部门为牵头部门”的规则？") == "first"
    assert asked_rule("“排在首位的部门为牵头部门”是什么意思？") is None  # no documents asked
    assert asked_rule("哪些文件由市商务局牵头？") is None  # no rule written
    clauses = [
        _clause("甲", 1, "推进项目建设。（市发改委、市财政局，列第一位的为牵头单位，下同）"),
        _clause("甲", 2, "优化营商环境。（排在首位的为牵头部门）"),
        _clause("乙", 1, "加快数字化转型。（市经信局*、市科技局，带*的为牵头单位）"),
        _clause("丙", 1, "办好民生实事。（原则上由排名首位的部门牵头负责）"),
    ]
    stating = documents_stating("first", clauses, None)
    assert [(c.doc, c.number) for c, _ in stating] == [("甲", (1, 1)), ("丙", (1, 1))]  # one clause a document
    assert documents_stating("first", clauses, {"丙"})[0][1] == "原则上由排名首位的部门牵头负责"
    assert [c.doc for c, _ in documents_stating("star", clauses, None)] == ["乙"]
