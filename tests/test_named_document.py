"""A unit's duties asked in a document the question names by its kind and a few title words
(kb.qa.understand.document, kb.qa.understand.intent `_without_names`): the document is the one title holding
clearly more of the reference's words; a reference with a year, 的, book-title marks or English words in it still
leaves nothing but the unit and duty words. Titles and questions written here, no index."""

from __future__ import annotations

import jieba
import pytest

from kb.qa.understand.document import named_document, reference

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
