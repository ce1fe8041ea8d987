"""Several places as one module (kb/qa/decide/places.py): each place's answer apart under its own name, the
headline saying how many places answer — never one place's answer as the answer for all — and, at the size of a
province's index, at most SHOWN places listed with the rest counted. Small hand-made clauses, no index."""

from __future__ import annotations

from dataclasses import replace

from kb.qa.decide import places
from kb.qa.retrieve.targets import TargetMatch, TargetPart
from kb.qa.understand.question import Question
from kb.types import Answer, Clause, Hit, Indicator


def _clause(n: int, text: str, lead: str | None = None) -> Clause:
    return Clause(
        doc=f"d{n}", doc_title=f"第{n}市OPC政策", number=(1,), path=("一、支持",), title="支持OPC社区", text=text,
        lead=lead, departments=(lead,) if lead else (),
    )


def _question(text: str, intent: str = "indicator") -> Question:
    return Question(intent=intent, language="zh", topic=text, text=text)  # type: ignore[arg-type]


def test_a_long_list_of_places_shows_at_most_shown_and_counts_the_rest() -> None:
    n = places.SHOWN + 5
    doc_places = {f"d{i}": f"第{i}市" for i in range(n)}
    matches = [
        TargetMatch(TargetPart(_clause(i, f"每个OPC社区最高补助{i + 1}0万元"), f"每个OPC社区最高补助{i + 1}0万元", None), 0.9)
        for i in range(n)
    ]
    found = places.answer_indicator_by_place(_question("OPC社区最高补助多少钱？"), matches, doc_places)
    lines = found.answer.split("\n")
    assert lines[0] == f"{n} 个地方的文件都有规定（可在问题中写明地名）："
    listed = [line for line in lines if line.startswith("- 【")]
    assert len(listed) == places.SHOWN and listed[0].startswith("- 【第0市】“每个OPC社区最高补助10万元”")
    assert lines[-1] == "另有 5 地（在问题中写明地名可查看）。"
    assert len(found.citations) == places.SHOWN


def test_each_places_value_is_quoted_through_what_it_counts() -> None:
    doc_places = {"d1": "第1市", "d2": "第2市"}
    texts = ["培育形成3个千亿级产业集群和5个百亿级产业集群", "给予最高2万元/年的租金补贴"]
    shown = [
        Indicator(name="培育形成", value=3, unit="个", qualifier="", text="培育形成3个"),
        Indicator(name="给予", value=2, unit="万元", qualifier="最高", text="给予最高2万元"),
    ]
    matches = [
        TargetMatch(TargetPart(_clause(i + 1, text), text, ind), 0.9)
        for i, (text, ind) in enumerate(zip(texts, shown, strict=True))
    ]
    lines = places.answer_indicator_by_place(_question("要培育多少？"), matches, doc_places).answer.split("\n")
    assert lines[1].startswith("- 【第1市】培育形成3个千亿级产业集群（3个）")
    assert lines[2].startswith("- 【第2市】给予最高2万元/年的租金补贴（最高2万元）")


def test_a_short_list_is_shown_whole() -> None:
    assert places.shown(["a", "b"], "zh") == (2, None)
    count, rest = places.shown(list(range(places.SHOWN + 1)), "en")
    assert count == places.SHOWN and rest == "…and 1 more places."


def test_each_places_lead_is_said_under_its_place_and_the_headline_names_none() -> None:
    hits = [Hit(_clause(1, "建设OPC社区。", "市经信局"), 1.0), Hit(_clause(2, "建设OPC社区。", "市人社局"), 0.9)]
    doc_places = {"d1": "宁波市", "d2": "泰安市"}
    found = places.answer_responsibility_by_place(
        _question("OPC社区建设由哪个部门牵头？", "responsibility"), hits, lambda _: None, doc_places
    )
    head, *rest = found.answer.split("\n")
    assert head == "2 个地方的文件都有这项内容（可在问题中写明地名）："
    assert "市经信局" not in head and "市人社局" not in head
    assert rest[0].startswith("- 【宁波市】牵头单位：市经信局") and rest[1].startswith("- 【泰安市】牵头单位：市人社局")


def test_other_places_naming_a_unit_too_are_counted_beyond_the_shown() -> None:
    q = replace(_question("县财政局负责哪些工作？", "department_tasks"), department="县财政局")
    base = Answer(question=q.text, intent="department_tasks", answer="县财政局共涉及 1 项任务", abstained=False)
    many = [f"第{i}县" for i in range(places.SHOWN + 2)]
    noted = places.with_elsewhere(base, q, many)
    assert noted.answer.endswith(f"等 {len(many)} 地的文件中也有“县财政局”，在问题中写明地名即可查看。）")
    assert "第0县" in noted.answer and f"第{places.SHOWN}县" not in noted.answer
