"""Documents withdrawn (softly, for a grace period, then removed), restored, superseded (kb.docstate through
KnowledgeBase): what answers cite and say, what the lists show. The index holds the plan and the short 办法
(tests/data/second-policy.txt); its new version is the same 办法 with other amounts, written here."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from kb.api import KnowledgeBase
from kb.docstate import STATUS_FILE, DocState, load_states, save_states
from kb.errors import KBError
from kb.settings import load_settings

PLAN, SECOND, NEW = "plan-attachment3", "second-policy", "second-policy-2027"
CAP_QUESTION = "创新券每家企业每年最多能申领多少？"  # 第三条: 不超过20万元 (the new version: 30万元)
BUDGET_QUESTION = "创新券年度预算由哪个单位牵头下达？"  # 第五条: 县财政局牵头


def new_version(data_dir: Path, folder: Path) -> Path:
    """The 办法 as revised: no longer 试行, the cap raised from 20 to 30万元."""
    text = (data_dir / "second-policy.txt").read_text(encoding="utf-8")
    text = text.replace("平江县科技创新券管理办法（试行）", "平江县科技创新券管理办法", 1)
    text = text.replace("额度不超过20万元", "额度不超过30万元")
    path = folder / f"{NEW}.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("docstatus")
    base = KnowledgeBase(load_settings(index=folder / "index"))
    files = [data_dir / "plan-attachment3.txt", data_dir / "second-policy.txt", new_version(data_dir, folder)]
    assert [r.status for r in base.ingest(files)] == ["ingested"] * 3
    return base


@pytest.fixture
def fresh(kb: KnowledgeBase) -> Iterator[KnowledgeBase]:
    """The module's index with no decision taken, before and after the test."""
    (kb.settings.index / STATUS_FILE).unlink(missing_ok=True)
    yield kb
    (kb.settings.index / STATUS_FILE).unlink(missing_ok=True)


def cited(answer: object) -> set[str]:
    return {hit.clause.doc for hit in answer.citations}  # type: ignore[attr-defined]


def test_a_withdrawn_document_is_never_cited_and_undo_brings_it_back(fresh: KnowledgeBase) -> None:
    kb = fresh
    kb.supersede(SECOND, NEW)  # the old 办法 out of the way: the cap is then the new version's only
    before = kb.ask(CAP_QUESTION)
    assert not before.abstained and before.citations[0].clause.id == f"{NEW}:2.3"

    kb.withdraw(NEW)
    gone = kb.ask(CAP_QUESTION)  # the plan says nothing of 创新券
    assert gone.abstained and NEW not in cited(gone)
    assert NEW not in cited(kb.ask(BUDGET_QUESTION))  # the plan answers this one: from its own clause
    assert NEW not in {d.doc_id for d in kb.docs()}
    assert not kb.clauses(doc=NEW)
    assert {r.info.doc_id: r.status for r in kb.records()}[NEW] == "withdrawn"

    kb.restore(NEW)
    back = kb.ask(CAP_QUESTION)
    assert not back.abstained and back.citations[0].clause.id == f"{NEW}:2.3"
    assert "不超过30万元" in back.answer
    assert NEW in {d.doc_id for d in kb.docs()}


def test_restoring_a_document_not_withdrawn_says_so(fresh: KnowledgeBase) -> None:
    with pytest.raises(KBError, match="'second-policy' is not withdrawn"):
        fresh.restore(SECOND)


def test_a_superseded_document_is_not_cited_and_the_answer_says_which_replaces_it(
    fresh: KnowledgeBase,
) -> None:
    kb = fresh
    kb.supersede(SECOND, NEW)
    answer = kb.ask(CAP_QUESTION)
    assert not answer.abstained
    assert cited(answer) == {NEW} and "不超过30万元" in answer.answer
    assert answer.notices == (
        "《平江县科技创新券管理办法（试行）》已被《平江县科技创新券管理办法》替代，回答不引用旧文件"
        "（问题中写明旧文件的标题或文号可查询旧文件）。",
    )
    assert {r.info.doc_id: r.status for r in kb.records()}[SECOND] == "superseded"
    assert SECOND in {d.doc_id for d in kb.docs()}  # still listed: only answers leave it aside


def test_a_superseded_document_asked_by_name_or_filter_is_cited_with_a_notice(fresh: KnowledgeBase) -> None:
    kb = fresh
    kb.supersede(SECOND, NEW)
    notice = (
        "《平江县科技创新券管理办法（试行）》已被《平江县科技创新券管理办法》替代；"
        "此回答按所问的旧文件作答，现行规定以新文件为准。"
    )
    filtered = kb.ask(CAP_QUESTION, doc=SECOND)
    assert cited(filtered) == {SECOND} and "不超过20万元" in filtered.answer
    assert filtered.notices == (notice,)
    named = kb.ask("平江县科技创新券管理办法（试行）规定每家企业每年最多能申领多少创新券？")
    assert cited(named) == {SECOND} and "不超过20万元" in named.answer
    assert named.notices == (notice,)


def test_undoing_a_supersession_cites_both_again(fresh: KnowledgeBase) -> None:
    kb = fresh
    kb.supersede(SECOND, NEW)
    kb.supersede(SECOND, None)
    assert kb.states() == {}
    answer = kb.ask(CAP_QUESTION)
    assert answer.notices == ()
    assert {r.info.doc_id: r.status for r in kb.records()}[SECOND] == "current"


def test_a_document_cannot_supersede_itself_nor_its_own_replacement(fresh: KnowledgeBase) -> None:
    kb = fresh
    with pytest.raises(KBError, match="cannot supersede itself"):
        kb.supersede(SECOND, SECOND)
    with pytest.raises(KBError, match="no document 'nothing'"):
        kb.supersede(SECOND, "nothing")
    kb.supersede(SECOND, NEW)
    with pytest.raises(KBError, match="cannot replace its own replacement"):
        kb.supersede(NEW, SECOND)


def test_a_withdrawn_document_is_removed_once_its_grace_period_has_passed(
    tmp_path: Path, data_dir: Path
) -> None:
    kb = KnowledgeBase(load_settings(index=tmp_path / "index"))
    kb.ingest([data_dir / "second-policy.txt", new_version(data_dir, tmp_path)])
    kb.supersede(SECOND, NEW)
    until = kb.withdraw(NEW)
    assert kb.purge_withdrawn(now=until - timedelta(seconds=1)) == []
    assert NEW in {r.info.doc_id for r in kb.records()}
    assert kb.purge_withdrawn(now=until) == [NEW]
    assert [r.info.doc_id for r in kb.records()] == [SECOND]
    assert kb.states() == {}  # its own state and the mark naming it as the replacement are gone
    with pytest.raises(KBError, match="not withdrawn"):
        kb.restore(NEW)


def test_a_damaged_states_file_is_read_as_no_decision(tmp_path: Path) -> None:
    (tmp_path / STATUS_FILE).write_text("{not json", encoding="utf-8")
    assert load_states(tmp_path) == {}
    save_states(tmp_path, {"a": DocState(superseded_by="b"), "c": DocState()})
    assert load_states(tmp_path) == {"a": DocState(superseded_by="b")}
