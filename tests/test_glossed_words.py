"""English words glossed in brackets by their Chinese, in a Chinese question (texts written for this test):
the gloss is what is asked; an English question keeps its words."""

from __future__ import annotations

import pytest

from kb.qa.normalise.text import normalize_question


@pytest.mark.parametrize(
    ("asked", "read"),
    [
        ("某市数据工作领导小组的 lead unit（牵头单位）是哪个？", "某市数据工作领导小组的牵头单位是哪个？"),
        ("甲县 OPC 拿到 venture capital(创业投资)的补贴是多少？", "甲县 OPC 拿到创业投资的补贴是多少？"),
        ("乙区的 freight volume （货运量）目标是多少？", "乙区的货运量目标是多少？"),
    ],
)
def test_a_chinese_question_reads_the_chinese_gloss(asked: str, read: str) -> None:
    assert normalize_question(asked) == read


@pytest.mark.parametrize(
    "asked",
    [
        "Which cities set up a joint conference (联席会议) for data work?",
        "Who heads (组长) the county's leading group?",
        "某县 GDP 增长目标是多少？",  # no gloss: the English word stays
    ],
)
def test_an_english_question_or_one_without_a_gloss_keeps_its_words(asked: str) -> None:
    assert normalize_question(asked) == asked
