"""A summary whose clauses miss the term the question asks about (低空 of 某市低空经济发展有哪些措施, the clauses found
for 经济 and 发展) is refused: the rarest topic word some document writes, when general Chinese seldom uses it
(kb.qa.decide.evidence.Confidence.term_missing)."""

from __future__ import annotations

import jieba

from kb.qa.corpus import Corpus
from kb.qa.decide.evidence import Confidence, Thresholds, general_count
from kb.qa.understand.places import NamedPlaces
from kb.qa.understand.question import Question
from kb.qa.understand.topic import TopicWords
from kb.types import Clause

CLAUSES = [
    Clause("a", "某市数字经济发展若干措施", (1,), ("一、发展目标",), "发展目标", "到2026年，全市数字经济核心产业加快发展。"),
    Clause("a", "某市数字经济发展若干措施", (2,), ("二、本地产业",), "本地产业", "推动人工智能与本地产业结合，发展平台经济。"),
    Clause("b", "另一市低空经济发展行动方案", (1,), ("一、低空经济",), "低空经济", "发展低空经济，建设低空飞行服务站。"),
]


def _confidence() -> Confidence:
    corpus = Corpus(
        CLAUSES, [], tokenize=lambda t: [w for w in jieba.lcut_for_search(t) if w.strip()], doc_places={"a": None, "b": None}
    )
    return Confidence(corpus, TopicWords(corpus, NamedPlaces([])), Thresholds())


def _question(text: str) -> Question:
    return Question("general", "zh", text, text=text, slot="summary")  # type: ignore[arg-type]


def test_a_term_no_clause_found_writes_is_missing() -> None:
    confidence = _confidence()
    found = CLAUSES[:2]  # the first place's clauses, found for 经济 and 发展
    assert confidence.term_missing(_question("某市低空经济发展有哪些措施？"), found) == "低空"
    assert confidence.term_missing(_question("某市低空经济发展有哪些措施？"), CLAUSES[2:]) is None


def test_an_everyday_word_however_rare_here_is_no_term() -> None:
    # 本地 is written by one clause only, but general Chinese uses it often: the asker's word, not the topic's term
    assert general_count("本地") >= 1000 and general_count("低空") < 1000
    assert _confidence().term_missing(_question("人工智能怎么和本地产业结合？"), [CLAUSES[0]]) is None


def test_a_text_written_only_in_a_title_is_written() -> None:
    """Corpus.written: the clauses, then the documents' titles through their pairs of characters (a typo is corrected
    towards a word only a title writes: 督察反馈意见)."""
    from kb.qa.corpus import Corpus
    from kb.types import Clause

    clause = Clause(
        doc="d",
        doc_title="楚雄州贯彻落实环境保护督察反馈意见问题整改措施清单",
        number=(1,),
        path=("一、认识不深",),
        title="一、认识不深",
        text="责任单位:州委办公室",
    )
    corpus = Corpus([clause], [])
    assert corpus.written("督察反馈意见") and corpus.written("整改措施")
    assert corpus.written("州委办公室")  # the clause's own words
    assert not corpus.written("督察反溃意见") and not corpus.written("反溃")
    assert corpus.written("馈") and not corpus.written("溃")
