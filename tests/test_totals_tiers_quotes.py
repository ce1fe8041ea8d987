"""A number asked as a total, an amount asked of one tier, and the sentence a content answer quotes
(kb/qa/decide/target.py `written_total`, `one_tier_asked`, `unstated`; kb/qa/decide/quoted.py): small clauses
written here, no index. Each rule is by form — a total word before a number, a cap set over tiers, the topic words
a sentence holds — never by the words of a particular question."""

from __future__ import annotations

from kb.qa.decide.quoted import best_sentence
from kb.qa.decide.target import one_tier_asked, unstated, written_total
from kb.qa.retrieve.targets import TargetMatch, TargetPart
from kb.qa.understand.question import Question
from kb.types import Clause, Hit


def _clause(text: str, title: str = "某区重点工作督查方案") -> Clause:
    return Clause("d", title, (1, 2), ("一、内容", "（二）重点"), "重点", text)


def _asked(text: str, unit: str | None = None) -> Question:
    return Question("indicator", "zh", text, text=text, slot="count", unit=unit)


def _parts(clause: Clause, texts: list[str]) -> list[TargetPart]:
    return [TargetPart(clause, t, None, sentence=t) for t in texts]


def test_a_total_asked_takes_the_number_written_as_the_total() -> None:
    clause = _clause("1.重点跟踪任务45项；2.民生实事任务12项；合计57项。")
    parts = _parts(clause, ["1.重点跟踪任务45项", "2.民生实事任务12项", "合计57项"])
    first = TargetMatch(parts[0], 0.8)
    total = written_total(_asked("督查重点一共多少项？", "项"), first, parts)
    assert total is not None and total.part.text == "合计57项"
    # an item asked keeps its own number; a total asked of a clause writing none finds none
    assert written_total(_asked("民生实事任务有多少项？", "项"), first, parts) is None
    items = _parts(_clause("新建学校3所，改造学校5所。"), ["新建学校3所", "改造学校5所"])
    assert written_total(_asked("学校总共建几所？", "所"), TargetMatch(items[0], 0.8), items) is None


def test_a_cap_over_tiers_does_not_answer_one_tier() -> None:
    said = "对新引进的博士、硕士、本科人才，分档给予最高8万元的安家补贴"
    assert one_tier_asked("新引进的本科人才安家补贴给多少？", said)  # one tier named
    assert one_tier_asked("安家补贴具体给多少？", said)  # the exact amount asked
    assert not one_tier_asked("安家补贴最高给多少？", said)  # the cap itself asked
    assert not one_tier_asked("新引进人才的安家补贴是多少？", said)  # no tier named: the cap is what is said
    assert not one_tier_asked("博士、硕士、本科人才的安家补贴给多少？", said)  # every tier named
    assert not one_tier_asked("本科人才安家补贴给多少？", "对新引进的本科人才，给予最高8万元的安家补贴")  # no tiers
    part = TargetPart(_clause(said), "分档给予最高8万元的安家补贴", None, sentence=said)
    question = Question("indicator", "zh", "x", text="新引进的硕士人才安家补贴给多少钱？", slot="amount")
    missing = unstated(question, part)
    assert missing is not None and "档" in missing.zh


def test_a_content_answer_quotes_the_sentence_holding_the_topic() -> None:
    clause = _clause(
        "1.1目的 为提高应急能力，制定本预案。1.2特点 本镇地处山区，地形以丘陵为主，呈“八山一水一分田”的格局。",
        "某镇应急预案",
    )
    other = _clause("完善应急物资储备。", "某镇应急预案")
    hits = [Hit(other, 1.0), Hit(clause, 0.9)]
    weights = {"地形": 3.0, "特点": 1.0, "应急": 0.5}
    quoted = best_sentence(hits, ["地形", "特点"], weights.__getitem__)
    assert quoted is not None and quoted.clause is clause and "八山一水一分田" in quoted.sentence
    # words only the document's title writes name the document, not the thing asked: nothing quoted
    assert best_sentence(hits, ["应急"], weights.__getitem__) is None
    # a sentence holding too little of the topic is not quoted
    assert best_sentence(hits, ["地形", "气候"], {"地形": 1.0, "气候": 3.0}.__getitem__) is None
