"""Two documents in one index: the plan (PDF) and a short 办法 in `第X章/第X条` style with other note forms
(tests/data/second-policy.txt, written for this test). Expectations are read off the two texts by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.api import KnowledgeBase
from kb.export import matrix
from kb.settings import load_settings

PLAN, SECOND = "plan-attachment3", "second-policy"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> KnowledgeBase:
    base = KnowledgeBase(load_settings(index=tmp_path_factory.mktemp("multidoc")))
    results = base.ingest([data_dir / "plan-attachment3.pdf", data_dir / "second-policy.txt"])
    assert [r.status for r in results] == ["ingested", "ingested"]
    return base


def test_both_documents_listed_with_titles(kb: KnowledgeBase) -> None:
    titles = {d.doc_id: d.title for d in kb.docs()}
    assert titles == {PLAN: "培育好强科创兴产业的动能实施方案", SECOND: "平江县科技创新券管理办法（试行）"}


def test_articles_are_clauses_with_their_notes(kb: KnowledgeBase) -> None:
    by_id = {c.id: c for c in kb.clauses(doc=SECOND)}
    # 第三条 sits in 第二章: 牵头单位：县科工信局；配合单位：县财政局、县市场监督管理局
    third = by_id[f"{SECOND}:2.3"]
    assert third.path[0] == "第二章 申领与使用" and third.path[-1].startswith("第三条")
    assert third.departments == ("县科工信局", "县财政局", "县市场监督管理局")
    # 第五条: （县财政局牵头，县科工信局配合） — the lead named as 牵头
    fifth = by_id[f"{SECOND}:2.5"]
    assert fifth.lead == "县财政局" and fifth.departments == ("县财政局", "县科工信局")
    assert [d.text for d in fifth.deadlines] == ["2026年12月底前"]
    assert by_id[f"{SECOND}:2.4"].departments == ("县科工信局",)  # 责任单位：县科工信局


def test_a_cap_is_answered_as_a_cap(kb: KnowledgeBase) -> None:
    answer = kb.ask("创新券每家企业每年最多能申领多少？")
    assert not answer.abstained
    assert "不超过20万元" in answer.answer
    assert answer.citations[0].clause.id == f"{SECOND}:2.3"


def test_responsibility_in_the_second_document(kb: KnowledgeBase) -> None:
    answer = kb.ask("创新券年度预算由哪个单位牵头下达？")
    assert answer.lead == "县财政局" and answer.others == ("县科工信局",)
    assert answer.citations[0].clause.id == f"{SECOND}:2.5"


def test_department_duties_span_both_documents(kb: KnowledgeBase) -> None:
    answer = kb.ask("县财政局负责哪些任务？")
    ids = [h.clause.id for h in answer.citations]
    leads = [f"{PLAN}:1.2.5.2", f"{PLAN}:2.2.3.2", f"{SECOND}:2.5"]
    shares = [f"{PLAN}:1.2.3.2", f"{SECOND}:2.3", f"{SECOND}:3.6"]
    assert ids == leads + shares
    counts = matrix(kb.clauses())
    assert counts.cell("县财政局", PLAN) == (2, 1)
    assert counts.cell("县财政局", SECOND) == (1, 2)


def test_document_filter(kb: KnowledgeBase) -> None:
    answer = kb.ask("县科工信局负责哪些任务？", doc=SECOND)
    assert {h.clause.doc for h in answer.citations} == {SECOND}
    assert len(answer.citations) == 4  # 第三条, 第四条, 第五条, 第六条


def test_a_changed_document_replaces_all_its_clauses(
    kb: KnowledgeBase, data_dir: Path, tmp_path: Path
) -> None:
    text = (data_dir / "second-policy.txt").read_text(encoding="utf-8")
    shorter = tmp_path / "second-policy.txt"
    shorter.write_text(text.split("第三章")[0], encoding="utf-8")  # 第三章 and 第六条 removed
    (result,) = kb.ingest([shorter], replace=True)  # a new version from another folder: replaced on request
    assert result.status == "ingested"
    ids = [c.id for c in kb.clauses(doc=SECOND)]
    assert f"{SECOND}:3.6" not in ids and f"{SECOND}:2.5" in ids
    assert all(h.clause.doc == SECOND for h in kb.ask("县市场监督管理局负责哪些任务？", doc=SECOND).citations)
    assert [h.clause.id for h in kb.ask("县市场监督管理局负责哪些任务？", doc=SECOND).citations] == [
        f"{SECOND}:2.3"
    ]
    assert len(kb.clauses(doc=PLAN)) == 48  # the other document is untouched


def test_a_date_is_answered_with_the_deadline_as_written(kb: KnowledgeBase) -> None:
    answer = kb.ask("创新券首批兑付要在什么时候完成？")
    assert "2026年12月底前" in answer.answer
    assert answer.citations[0].clause.id == f"{SECOND}:2.5"
