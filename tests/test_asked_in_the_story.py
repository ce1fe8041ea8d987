"""Value questions the documents answer, found although the question is worded around them (kb.qa.decide.target,
kb.qa.understand.topic): a long question whose asking part names only a year (the story before it names the
item), and one of a thing (一个单位, 一年) said as the asker's qualifier, not as a topic word. Small clauses written
here, no index."""

from __future__ import annotations

from kb.qa.corpus import Corpus
from kb.qa.decide.evidence import Confidence, Thresholds
from kb.qa.decide.target import TargetAsk, Targets
from kb.qa.retrieve.hybrid import Scored
from kb.qa.understand.places import NamedPlaces
from kb.qa.understand.question import Question
from kb.qa.understand.topic import TopicWords
from kb.types import Clause, Hit

TITLE = "青石县人民政府办公室关于印发《青石县促进青年就业行动方案(2024—2026年)》的通知"
CLAUSES = [
    Clause(
        "q",
        TITLE,
        (0,),
        ("前言",),
        "前言",
        "《青石县促进青年就业行动方案(2024—2026年)》已经县政府同意,现印发给你们,请认真贯彻落实。",
    ),
    Clause(
        "q",
        TITLE,
        (1,),
        ("一、总体目标",),
        "总体目标",
        "到2026年,全县新增青年就业500人以上,离校未就业高校毕业生就业率达90%以上。",
    ),
    Clause(
        "q",
        TITLE,
        (2,),
        ("二、重点任务",),
        "重点任务",
        "开展青年职业技能培训,每个算力券单位每年补贴不超过5万元。",
    ),
    Clause("o", "另一份文件", (1,), ("一、目标",), "目标", "到2026年,城镇新增就业8000人。"),
]


def _engine_parts() -> tuple[Corpus, TopicWords, Targets]:
    corpus = Corpus(CLAUSES, [], doc_places={"q": "青石县", "o": "白沙县"})
    topic = TopicWords(corpus, NamedPlaces(["青石县", "白沙县"]))
    thresholds = Thresholds()
    confidence = Confidence(corpus, topic, thresholds)
    return corpus, topic, Targets(corpus, topic, confidence, thresholds)


def test_an_asking_part_naming_only_a_year_is_not_searched_alone() -> None:
    corpus, _, targets = _engine_parts()
    text = "青石县促进青年就业行动方案对离校未就业高校毕业生的就业率提出了目标，请问到2026年要达到多少？"
    story = "青石县促进青年就业行动方案 离校未就业高校毕业生的就业率提出了目标 到2026年"
    q = Question(  # type: ignore[arg-type]
        "indicator", "zh", story, text=text, slot="ratio", places=("青石县",), focus="到2026年", year="2026"
    )
    hits = tuple(Hit(corpus.by_id[c.id], 1.0 - n / 10) for n, c in enumerate(CLAUSES[:2]))
    match, _ = TargetAsk(targets, q, Scored(hits, None)).find(frozenset({"q"}))
    # alone, 到2026年 finds the preamble's line naming the plan (2024—2026年); the story names the rate asked
    assert match is not None
    assert match.part.clause.id == "q:1"
    assert "90%" in match.part.text


def test_one_of_a_thing_is_the_asker_s_qualifier_not_a_topic_word() -> None:
    _, topic, _ = _engine_parts()
    text = "青石县算力券一个单位一年补贴最多多少？"
    q = Question(
        "indicator", "zh", "青石县算力券一个单位一年补贴", text=text, slot="amount", places=("青石县",)
    )  # type: ignore[arg-type]
    words = topic(q)
    assert "一个" not in words and "一年" not in words
    assert "单位" in words and "补贴" in words  # the thing counted and the rest of the topic stay


def test_a_long_question_s_asking_part_is_measured_beyond_the_title_it_quotes() -> None:
    # the story (我在…工作，想确认一下) is left out by searching the asking part alone; that part quotes the plan's
    # title, whose words chose the document and stand in none of its clauses: they must not count against the part
    corpus, _, targets = _engine_parts()
    text = "我在县人社局做就业统计，想确认一下：《青石县促进青年就业行动方案(2024—2026年)》里离校未就业高校毕业生就业率要达到多少？"
    focus = "《青石县促进青年就业行动方案(2024—2026年)》里离校未就业高校毕业生就业率"
    q = Question(  # type: ignore[arg-type]
        "indicator", "zh", text, text=text, slot="ratio", places=("青石县",), focus=focus
    )
    ask = TargetAsk(targets, q, Scored((Hit(corpus.by_id["q:1"], 1.0),), None))
    words = ask.focus_words(q)
    assert "业率" in words and "毕业" in words  # the item asked stays
    assert not {"行动", "方案", "促进"} & set(words)  # the quoted title's words do not
    match, _ = ask.find(frozenset({"q"}))
    assert match is not None and match.part.clause.id == "q:1" and match.share >= Thresholds().target
