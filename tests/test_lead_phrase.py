"""Which noted clauses answer a who-leads question (kb.qa.compose.lead `answering_clauses`): the clause writing the
whole of the question's phrase, not one writing only its shared ending (金融政策信息公开 for 就业创业政策信息公开), and
every clause writing that same phrase. Clauses written here, no index."""

from __future__ import annotations

from kb.qa.compose.lead import answering_clauses
from kb.qa.understand.intent import Route
from kb.types import Clause, Hit


def _hit(number: int, text: str, lead: str) -> Hit:
    clause = Clause(
        "d",
        "青石市政务公开工作要点",
        (1, number),
        ("一、稳增长",),
        "（一）加强预期引导",
        text,
        lead=lead,
        departments=(lead,),
    )
    return Hit(clause, 1.0 / number)


def _route(topic: str) -> Route:
    return Route("responsibility", "zh", topic)


FINANCE = _hit(1, "加强金融政策信息公开,加大金融政策宣传。", "市金融办")
JOBS = _hit(2, "加强就业创业政策信息公开,深入解读政策背景。", "市人社局")
BUDGET = _hit(3, "加强财政政策信息公开,按月公开财政收支情况。", "市财政局")


def test_the_clause_writing_the_whole_phrase_answers_before_the_one_retrieval_ranked_first() -> None:
    found = answering_clauses(_route("就业创业政策信息公开"), [FINANCE, JOBS, BUDGET])
    assert [h.clause.lead for h in found] == ["市人社局"]
    found = answering_clauses(_route("财政政策信息公开"), [FINANCE, JOBS, BUDGET])
    assert [h.clause.lead for h in found] == ["市财政局"]


def test_a_phrase_longer_by_what_follows_it_names_the_same_thing() -> None:
    plant = _hit(1, "加快推进污水处理厂提标改造,完善城区管网。", "县住建局")
    project = _hit(2, "保障重点项目用地,加快污水处理厂项目建设。", "县发改局")
    found = answering_clauses(_route("污水处理厂项目"), [plant, project])
    assert [h.clause.lead for h in found] == ["县住建局", "县发改局"]  # both cited, retrieval's first leads


def test_a_phrase_every_clause_writes_cites_them_all_in_retrieval_order() -> None:
    found = answering_clauses(_route("政策信息公开"), [FINANCE, JOBS, BUDGET])
    assert [h.clause.lead for h in found] == ["市金融办", "市人社局", "市财政局"]
