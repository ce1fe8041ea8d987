"""A year the question names that only the preamble writes (为确保2024年…) names the document, not another item:
the part of the kind asked in a task clause still answers (kb.qa.decide.target.Targets.of_kind_asked). The asking
of a sum by naming it in English (what annual investment must … reach) asks money. Small clauses written here."""

from __future__ import annotations

from dataclasses import replace

import jieba

from kb.qa.corpus import Corpus
from kb.qa.decide.evidence import Confidence, Thresholds
from kb.qa.decide.quantity import asked_kind
from kb.qa.decide.target import Targets
from kb.qa.retrieve.hybrid import Scored
from kb.qa.understand.places import NamedPlaces
from kb.qa.understand.question import Question
from kb.qa.understand.topic import TopicWords
from kb.types import Clause, Hit

TITLE = "青石县人民政府关于落实重点工作责任分工的意见"
CLAUSES = [
    Clause("h", TITLE, (0,), ("前言",), "前言", "为确保2024年年度投资目标顺利完成，现就责任分工提出如下意见。"),
    Clause("h", TITLE, (1,), ("一、抓好重点产业项目",), "抓好重点产业项目", "确保年度投资达到80亿元。"),
    Clause("o", "另一份文件", (1,), ("一、目标",), "目标", "到2026年,城镇新增就业8000人。"),
]


def _words(text: str) -> list[str]:
    return sorted({w for w in jieba.lcut_for_search(text) if w.strip() and len(w) > 1})


def test_a_year_only_the_preamble_writes_does_not_turn_away_the_task_clause() -> None:
    corpus = Corpus(CLAUSES, [], doc_places={"h": "青石县", "o": "白沙县"}, tokenize=_words)
    topic = TopicWords(corpus, NamedPlaces(["青石县", "白沙县"]))
    thresholds = Thresholds()
    targets = Targets(corpus, topic, Confidence(corpus, topic, thresholds), thresholds)
    text = "青石县2024年年度投资要达到多少钱？"
    q = Question("indicator", "zh", "青石县2024年年度投资", text=text, slot="amount", places=("青石县",))  # type: ignore[arg-type]
    hits = (Hit(corpus.by_id["h:0"], 0.9), Hit(corpus.by_id["h:1"], 0.8))  # the preamble first
    found = targets.of_kind_asked(q, topic(q), Scored(hits, None), {})
    assert found is not None and "80亿元" in found.part.text


def test_a_sum_named_in_english_asks_money() -> None:
    for asked in (
        "What annual investment must the key projects reach?",
        "What total budget does the county set for rural roads?",
    ):
        kind = asked_kind(asked)
        assert kind is not None and kind.name == "money", asked


def test_an_english_questions_guessed_words_the_title_of_its_one_document_writes_are_set_aside() -> None:
    title = "青石县人民政府关于落实《政府工作报告》重点工作责任分工的意见"
    clauses = [
        Clause("h", title, (1,), ("一、抓好重点产业项目",), "抓好重点产业项目", "确保年度投资达到80亿元。"),
        Clause("h", title, (2,), ("二、工作报告",), "工作报告", "按时报告进展。"),
    ]
    corpus = Corpus(clauses, [], doc_places={"h": "青石县"}, tokenize=_words)
    topic = TopicWords(corpus, NamedPlaces(["青石县"]))
    thresholds = Thresholds()
    targets = Targets(corpus, topic, Confidence(corpus, topic, thresholds), thresholds)
    text = "Under Qingshi's division of work for the Government Work Report, what annual investment must be reached?"
    q = Question("indicator", "en", text, text=text, slot="amount", places=("青石县",), docs=frozenset({"h"}))  # type: ignore[arg-type]
    words = topic(q)
    report = next(w for w in words if "报告" in w.split("|"))  # Report read as the documents' 报告
    assert report in topic.dictionary_readings(q)
    # the title writes 报告 and 重点 both; only the dictionary's reading is set aside, a word written as such stays
    assert targets.beyond_english_title(q, [*words, "重点"]) == [*(w for w in words if w != report), "重点"]
    several = replace(q, docs=frozenset({"h", "g"}))
    assert targets.beyond_english_title(several, words) == words  # which title named it is not known
