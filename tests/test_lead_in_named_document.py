"""Who leads a thing asked in a document the question names (kb.qa.engine `_lead_in_named_document`,
kb.qa.understand.document): that document's clauses answer, or say they name no unit — never another place's clause
writing the same words; and leads written in running text (由…副市长负责,X牵头,Y配合) read in the clause whose
heading names the item asked (kb.qa.decide.in_text, kb.qa.understand.subject). Documents written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.store.embed import EMBEDDERS
from tests.test_cli import LetterEmbedder, fake_embedder, run
from tests.test_subject import ask

__all__ = ["fake_embedder"]

# a province's plan naming its fields with no unit in charge of any
PLAN = """青石省人民政府办公厅关于印发《青石省全面对接沿海经济带实施方案》的通知
为全面对接沿海经济带，制定本方案。
一、总体要求
聚焦交通互联、产业协作、开放合作三个关键领域，全面对接沿海经济带，加快形成开放发展新格局。
二、保障措施
加强组织领导，强化督促检查，确保各项任务落到实处。
"""
# another province's plan whose clause on the same field has a note naming its lead
OTHER = """白沙省人民政府关于印发《白沙省推进交通互联行动计划》的通知
为推进交通互联，制定本计划。
一、重点任务
（一）推进交通互联互通。全面对接沿海经济带，推进交通互联这个领域的城际铁路和高速公路建设。（牵头单位：省交通运输厅；责任单位：省发展改革委）
（二）推进物流降本。降低物流成本。（牵头单位：省发展改革委）
"""
# a share-out of items, each headed by its item, its lead written in the running text
ITEMS = """青石市对接国家部委重点事项分工
1、城际轨道交通项目
由张某某副市长负责,市建设局牵头,市财政局配合,按照要求修改完善项目建设方案,尽快进入报批程序。
2、大气污染防治研究项目
由李某某副市长负责,市环保局牵头,相关部门配合,细化分工、落实责任,尽快完成项目报批。
3、污水处理厂项目
由李某某副市长负责,市建委牵头,相关部门配合,尽快完善项目申报的各项前期工作。
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("named")
    docs = []
    for name, text in (("qs_plan.txt", PLAN), ("bs_plan.txt", OTHER), ("qs_items.txt", ITEMS)):
        (folder / name).write_text(text, encoding="utf-8")
        docs.append(folder / name)
    built = folder / "index"
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(EMBEDDERS, "test", lambda argument, settings: LetterEmbedder(argument))
        patch.setenv("KB_EMBEDDER", "test:letters")
        patch.delenv("KB_INDEX", raising=False)
        patch.delenv("KB_CHROMA_URL", raising=False)
        result = run("ingest", "--index", built, *docs)
    assert result.exit_code == 0, result.output
    return built


def test_a_lead_asked_in_a_named_document_not_naming_one_is_not_stated(index: Path, fake_embedder: None) -> None:
    # named by its title words alone (no place): the other province's clause writing the same words does not answer
    answer = ask(index, "全面对接沿海经济带的方案里，交通互联这个领域由哪个厅局牵头？")
    assert answer["abstained"], answer["answer"]
    assert "省交通运输厅" not in answer["answer"]
    assert {c["id"].split(":")[0] for c in answer["citations"]} == {"qs_plan"}, answer["citations"]


def test_the_other_document_still_answers_when_the_question_names_it(index: Path, fake_embedder: None) -> None:
    answer = ask(index, "白沙推进交通互联行动计划里，交通互联互通由哪个厅局牵头？")
    assert not answer["abstained"], answer["answer"]
    assert answer["departments"]["lead"] == "省交通运输厅"


def test_a_lead_written_in_running_text_is_read_in_the_item_asked(index: Path, fake_embedder: None) -> None:
    # named by its document: the other province's noted clauses are not candidates
    answer = ask(index, "青石市对接国家部委重点事项分工里，城际轨道交通项目谁牵头、谁配合？")
    assert not answer["abstained"], answer["answer"]
    assert answer["departments"]["lead"] == "市建设局", answer["answer"]
    assert answer["departments"]["others"] == ["市财政局"], answer["answer"]
    assert answer["citations"][0]["id"] == "qs_items:1"
    assert "配合单位：市财政局" in answer["answer"]
    other = ask(index, "青石市对接国家部委重点事项分工里，污水处理厂项目由哪个部门牵头？")
    assert other["departments"]["lead"] == "市建委", other["answer"]
    assert other["departments"]["others"] == [], other["answer"]  # 相关部门配合: a kind, no unit
