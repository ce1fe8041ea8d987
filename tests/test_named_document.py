"""A unit's duties asked in a document the question names by its kind and a few title words
(kb.qa.understand.document, kb.qa.understand.intent `_without_names`): the document is the one title holding
clearly more of the reference's words; a reference with a year, 的, book-title marks or English words in it still
leaves nothing but the unit and duty words. Titles and questions written here, no index."""

from __future__ import annotations

import jieba
import pytest

from kb.qa.understand.document import named_document, reference
from kb.types import Clause

TITLES = {
    "ls": "青石省“十四五”现代物流体系建设实施方案",
    "lo": "关于印发《青石省支持人工智能产业发展行动方案》的通知",
    "gb": "国务院办公厅关于印发2019年《政府工作报告》量化指标任务分工的通知",
    "gz": "国务院关于落实《政府工作报告》重点工作部门分工的意见",
    "xc": "国务院关于实施乡村振兴战略重点工作分工的通知",
}


def _tokens(text: str) -> list[str]:
    """jieba's words, as the corpus tokenizes a topic."""
    return [w for w in jieba.lcut(text) if w.strip()]


def _weight(word: str) -> float:
    # rarity: a word many titles write (政府, 工作, 方案) weighs little
    return 1.0 / (1 + sum(word in t for t in TITLES.values()))


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("青石物流体系方案里市监局负责哪些任务？", "ls"),
        ("2019年《政府工作报告》量化指标分工里发改委牵头哪几项？", "gb"),
        ("发改委在国务院乡村振兴分工里牵头哪几项工作？", "xc"),
    ],
)
def test_the_title_holding_the_reference_s_words_is_the_document(question: str, doc: str) -> None:
    assert named_document(question, TITLES, _tokens, _weight, ["市监局", "发改委", "青石"]) == doc


@pytest.mark.parametrize(
    "question",
    [
        "青石方案里市监局负责哪些任务？",  # two of the place's documents are 方案: neither is named
        "发改委在政府工作报告分工里牵头哪几项？",  # two titles write 政府工作报告 and 分工 alike
        "市监局负责哪些任务？",  # no reference at all
        "县发改局在低空经济方案里负责什么？",  # a reference no title holds
    ],
)
def test_no_document_when_the_reference_fits_several_or_none(question: str) -> None:
    assert (
        named_document(question, TITLES, _tokens, _weight, ["市监局", "发改委", "县发改局", "青石"]) is None
    )


def test_the_reference_ends_at_a_kind_of_document_before_a_locative() -> None:
    assert reference("沙坪坝区2022年的预期目标里，发改委负责哪几项？") == "沙坪坝区2022年的预期目标"
    assert reference("宁波 数据局 在 OPC 意见里 lead 了哪几条？") == "宁波 数据局 在 OPC 意见"
    assert reference("县林业局负责哪些任务？") is None


@pytest.mark.parametrize(
    "question",
    [
        "沙坪坝区2022年的预期目标里，发改委负责哪几项？",
        "青石县2023年重点工作要点中，县发改局牵头哪几条？",
        "宁波 数据局 在 OPC 意见里 lead 了哪几条？",
    ],
)
def test_a_unit_and_a_document_reference_alone_ask_the_unit_s_duties(understand, question: str) -> None:  # type: ignore[no-untyped-def]
    q = understand(question)
    assert q.intent == "department_tasks" and q.slot == "duties"


def test_the_english_verb_in_a_chinese_question_asks_what_the_unit_leads(understand) -> None:  # type: ignore[no-untyped-def]
    assert understand("宁波 数据局 在 OPC 意见里 lead 了哪几条？").scope == "lead"
    assert understand("宁波数据局在OPC意见里负责哪几条？").scope == "any"


@pytest.mark.parametrize(
    ("question", "tasks"),
    [
        ("Which of Ningbo's key tasks list the Municipal Data Bureau as a responsible unit?", True),
        ("What tasks does the county Development and Reform Bureau lead?", True),
        ("Which department leads the tasks of the computing voucher?", False),  # a unit asked, not its tasks
    ],
)
def test_an_english_question_asking_which_tasks_name_a_unit(understand, question: str, tasks: bool) -> None:  # type: ignore[no-untyped-def]
    q = understand(question)
    assert (q.intent == "department_tasks") is tasks


def test_a_share_out_of_tasks_or_a_set_of_indicators_is_a_kind_of_document() -> None:
    assert reference("青石县2023年重点工作任务分解里，县发改局牵头哪几项？") == "青石县2023年重点工作任务分解"
    assert reference("在任务分解表中，县财政局负责哪些？") == "在任务分解表"
    assert reference("青石局2019年关键业绩指标里，哪个处室牵头？") == "青石局2019年关键业绩指标"


def _doc_clause(doc: str, doc_title: str, number: tuple[int, ...], heading: str, text: str) -> Clause:
    return Clause(doc, doc_title, number, (heading,), heading, text)


def test_a_document_is_named_by_its_preamble_where_its_title_is_not_all_there() -> None:
    from kb.qa.corpus import Corpus

    clauses = [
        # no title stored (the title is the id): the preamble says whose and which year's indicators these are
        _doc_clause("kpi", "kpi", (0,), "前言", "为加强信息公开，青石局2019年继续制定和公开关键业绩指标。"),
        _doc_clause("kpi", "kpi", (1,), "1. 指标", "宽带普及率达到85%。"),
        # the title's second line read as the preamble: one short line, no sentence
        _doc_clause("fj", "2022年《政府工作报告》", (0,), "前言", "目标任务责任分解方案"),
        _doc_clause("fj", "2022年《政府工作报告》", (1,), "1. 地区生产总值", "地区生产总值增长6%。"),
        # a whole title, and a preamble of sentences: the title alone
        _doc_clause("ls", TITLES["ls"], (0,), "前言", "为加快物流体系建设，制定本方案。"),
        _doc_clause("ls", TITLES["ls"], (1,), "1. 物流", "建设物流园区。"),
    ]
    corpus = Corpus(clauses, [], doc_places={"kpi": None, "fj": None, "ls": None})
    assert "关键业绩指标" in corpus.doc_name("kpi") and "kpi" not in corpus.doc_name("kpi")
    assert corpus.doc_name("fj") == "2022年《政府工作报告》 目标任务责任分解方案"
    assert corpus.doc_name("ls") == TITLES["ls"]
    names = {d: corpus.doc_name(d) for d in ("kpi", "fj", "ls")}
    weight = lambda w: 1.0  # noqa: E731  (every word alike: the titles differ in which words they hold)
    assert named_document("青石局2019年关键业绩指标里，宽带普及率是哪个处室牵头？", names, _tokens, weight) == "kpi"
    assert named_document("2022年政府工作报告目标任务分解里，发改委牵头哪些？", names, _tokens, weight, ["发改委"]) == "fj"
