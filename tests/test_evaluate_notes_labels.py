"""The notes evaluator finds a golden snippet in an item's heading line when no clause text holds it."""

from __future__ import annotations

from kb.evaluate_notes import score_document
from kb.types import Clause


def _clause(number: tuple[int, ...], label: str, text: str, units: tuple[str, ...] = ()) -> Clause:
    return Clause(
        doc="d",
        doc_title="T",
        number=number,
        path=("一、目标", label),
        title=label.split(")", 1)[-1],
        text=text,
        lead=units[0] if units else None,
        departments=units,
        departments_raw=units,
    )


def _gold(snippet: str, units: list[str]) -> dict[str, object]:
    return {"doc": "d", "heldout": True, "clauses": [{"snippet": snippet, "units": units, "leads": units[:1]}]}


def test_a_snippet_of_the_heading_line_finds_its_item() -> None:
    clauses = [
        _clause((1, 1), "(一)地区生产总值增长7%以上", "责任单位:区发改局", ("区发改局",)),
        _clause((1, 2), "(二)规上工业增加值增长12%以上", "责任单位:区经信局", ("区经信局",)),
    ]
    score = score_document(_gold("(二)规上工业增加值增长12%以上", ["区经信局"]), clauses)
    assert score.exact == 1
    assert score.spurious == ["d:1.1"]  # the other item's note is not in this one-note gold


def test_text_is_searched_before_labels() -> None:
    # the words stand in one item's heading and in another's text: the text decides (headings repeat words)
    clauses = [
        _clause((1, 1), "(一)集群强链建设", "给予资助。", ("区经信局",)),
        _clause((1, 2), "(二)其他", "推进集群强链建设。"),
    ]
    score = score_document(_gold("集群强链建设", ["区经信局"]), clauses)
    assert score.exact == 0
    assert score.misses[0].clause_id == "d:1.2"


def test_a_snippet_nowhere_is_a_miss() -> None:
    clauses = [_clause((1, 1), "(一)地区生产总值增长7%以上", "责任单位:区发改局", ("区发改局",))]
    score = score_document(_gold("完全不在文中的话", ["区发改局"]), clauses)
    assert score.exact == 0 and len(score.misses) == 1
