"""A question naming its document by the document's place, year or short title (kb.qa.decide.evidence
`beyond_doc_title`, `Confidence.about`; kb.qa.decide.target `Targets.beyond_its_title`): those words chose the
document, its clauses need not repeat them — but a clause holding nothing else of the question is about another
thing. Small clauses written here, no index."""

from __future__ import annotations

from kb.qa.corpus import Corpus
from kb.qa.decide.effective import asked
from kb.qa.decide.evidence import Confidence, Thresholds, beyond_doc_title
from kb.qa.retrieve.targets import TargetPart, TargetQuery, Weighing, best_target
from kb.qa.understand.places import NamedPlaces
from kb.qa.understand.question import Question
from kb.qa.understand.topic import TopicWords
from kb.types import Clause

PLAN = "2025年清水区为民办实事项目"
LIST = "青石县人民政府关于印发《青石县2023年重点工作任务分解方案》的通知"


def _clause(doc: str, title: str, number: tuple[int, ...], heading: str, text: str, lead: str = "") -> Clause:
    departments = (lead,) if lead else ()
    return Clause(doc, title, number, ("前言", heading), heading, text, departments=departments)


CLAUSES = [
    _clause("p", PLAN, (0, 1), "1. 新建公共厕所", "新建公共厕所30座。", "区城管局"),
    _clause("p", PLAN, (0, 2), "2. 改造老旧小区", "改造老旧小区12个。", "区住建局"),
    _clause("l", LIST, (1, 1), "1. 地区生产总值增长6%左右", "地区生产总值增长6%左右。", "县发改局"),
    _clause("l", LIST, (1, 2), "2. 粮食生产", "粮食播种面积稳定在50万亩。", "县农业农村局"),
    _clause("x", "另一份文件", (1,), "1. 防汛", "做好汛期防汛抗旱工作。", "县水利局"),
]


def test_the_words_a_question_repeats_of_the_title_are_set_aside() -> None:
    tokens = ["清水", "水区", "2025", "公共", "厕所"]
    # 清水区 and 2025年 stand in the title: the place and year named the document
    assert beyond_doc_title("清水区2025年要新建多少座公共厕所？", tokens, PLAN) == ["公共", "厕所"]
    # a question repeating no run of three characters of the title keeps every word
    assert beyond_doc_title("清水要建多少座公共厕所？", ["清水", "公共", "厕所"], "某县为民办实事") == [
        "清水",
        "公共",
        "厕所",
    ]
    # the title writing every word: the title is all the question says, and its words stay
    assert beyond_doc_title("清水区为民办实事", ["清水", "民办", "实事"], PLAN) == ["清水", "民办", "实事"]


def test_a_part_s_share_counts_only_the_words_beyond_the_title() -> None:
    part = TargetPart(CLAUSES[0], "新建公共厕所30座", None, sentence="新建公共厕所30座")
    weighing = Weighing(lambda _: 1.0)
    tokens = ["清水", "水区", "2025", "公共", "厕所"]
    whole = best_target(TargetQuery(tokens, "清水区2025年新建公共厕所"), [part], weighing)
    assert whole is not None and whole.share < 0.6  # the place and year are in no part of the plan
    rest = beyond_doc_title("清水区2025年要新建多少座公共厕所？", tokens, PLAN)
    alone = best_target(TargetQuery(rest, "清水区2025年新建公共厕所"), [part], weighing)
    assert alone is not None and alone.share == 1.0
    # the preamble's line repeating the title holds the place and year only: nothing of what is asked
    preamble = Clause("p", PLAN, (0,), ("前言",), "前言", "2025年清水区为民办实事项目分解方案")
    line = TargetPart(preamble, preamble.text, None, sentence=preamble.text)
    asked = beyond_doc_title("清水区2025年殡葬改革怎么安排？", ["清水", "水区", "2025", "殡葬", "改革"], PLAN)
    assert asked == ["殡葬", "改革"]
    title_only = best_target(TargetQuery(asked, "清水区2025年殡葬改革"), [line], weighing)
    assert title_only is not None and title_only.share == 0.0


def _confidence() -> tuple[Confidence, Corpus]:
    corpus = Corpus(CLAUSES, [], doc_places={"p": None, "l": None, "x": None})
    topic = TopicWords(corpus, NamedPlaces([]))
    return Confidence(corpus, topic, Thresholds()), corpus


def _question(text: str, topic: str) -> Question:
    return Question("responsibility", "zh", topic, text=text, slot="lead")  # type: ignore[arg-type]


def test_a_clause_holding_only_the_document_s_name_is_not_about_the_question() -> None:
    confidence, corpus = _confidence()
    gdp, grain = corpus.by_id[CLAUSES[2].id], corpus.by_id[CLAUSES[3].id]
    # 防汛抗旱 asked of 青石县's 2023 list: its GDP clause holds only the place and year the title writes
    flood = _question("青石县2023年防汛抗旱工作由哪个部门牵头？", "青石县2023年防汛抗旱工作")
    assert not confidence.about(flood, gdp)
    # the same list's clause on what was asked answers
    asked_grain = _question("青石县2023年粮食生产由哪个部门牵头？", "青石县2023年粮食生产")
    assert confidence.about(asked_grain, grain)
    # a question naming no document: a clause holding a word of it is about it
    assert confidence.about(_question("防汛抗旱谁负责？", "防汛抗旱"), corpus.by_id[CLAUSES[4].id])


def test_english_words_in_a_chinese_question_are_read_as_words() -> None:
    # a Chinese character is no letter: `effective date是哪天` asks when the document takes effect
    assert asked("那份若干举措，effective date是哪天？") == "start"
    assert asked("这份办法valid到什么时候？") == "validity"
    assert asked("这份通知是什么时候issued的？") is None  # 什么时候 with no Chinese act and no English when
    assert asked("ineffective date") is None  # a longer English word holding the phrase is another word


def test_a_unit_the_question_names_is_no_thing_the_place_s_documents_must_write() -> None:
    clauses = [
        _clause("g", "某省2021年重点任务分工方案", (1, 3), "3. 固定资产投资增长8%左右", "固定资产投资增长8%左右。", "省发展改革委"),
        _clause("o", "另一地的方案", (1,), "1. 投资", "由市发改委牵头推进重大项目。", "市发改委"),
    ]
    corpus = Corpus(clauses, [], doc_places={"g": "某省", "o": "另一市"})
    confidence = Confidence(corpus, TopicWords(corpus, NamedPlaces(["某省", "另一市"])), Thresholds())
    text = "某省固定资产投资增长8%左右，是发改委牵头还是财政厅牵头？"
    q = Question("responsibility", "zh", text, text=text, places=("某省",), slot="lead")  # type: ignore[arg-type]
    tokens = ["固定资产", "发改委"]
    # 发改委 is written in another place's documents only: as a named thing, 某省's documents do not address it
    assert confidence.unwritten_in_place(tokens, q)
    # named as the unit the question asks about, it is read by the units' resolver (省发展改革委)
    from dataclasses import replace

    assert not confidence.unwritten_in_place(tokens, replace(q, written=("发改委", "财政厅")))


def test_a_choice_between_units_asks_who_leads() -> None:
    from kb.qa.engine import LEAD_CHOICE

    assert LEAD_CHOICE.search("增长8%左右这个目标，是发改委牵头还是财政厅牵头？")
    assert LEAD_CHOICE.search("这项工作由人社局负责还是教育局负责")
    assert not LEAD_CHOICE.search("发改委牵头的那项目标是多少还是没定？")  # 还是 beside no lead word
    assert not LEAD_CHOICE.search("发改委牵头的投资增长目标是多少？")


def test_a_year_alone_is_no_english_topic() -> None:
    from kb.qa.retrieve.hybrid import Scored
    from kb.types import Hit

    confidence, corpus = _confidence()
    text = "What is Qingshui's monthly minimum wage for 2025?"
    q = Question("indicator", "en", text, text=text, slot="amount", year="2025")  # type: ignore[arg-type]
    scored = Scored((Hit(corpus.by_id[CLAUSES[0].id], 1.0),), None)
    assert not confidence(q, scored)  # every clause of the 2025 plan "holds" 2025: it tells nothing asked
    toilets = "How many public toilets will be built in 2025?"
    q = Question("indicator", "en", toilets, text=toilets, slot="count", year="2025")  # type: ignore[arg-type]
    assert confidence(q, scored)


def test_a_sum_named_by_its_amount_word_asks_money() -> None:
    from kb.qa.decide.quantity import asked_kind
    from kb.qa.decide.target import unstated

    for text in ("社区服务站的投资额是多少？", "算力券一年总额最多多少？", "营业额达到多少可以申报？"):
        kind = asked_kind(text)
        assert kind is not None and kind.name == "money", text
    quota = asked_kind("每年有几个名额？")  # 名额 is a quota of people: a count
    assert quota is not None and quota.name == "count"
    share = asked_kind("市场份额占多少？")  # 份额 is a share of something, no sum of money
    assert share is None or share.name != "money"
    # money asked of a part stating a count: the investment is not stated
    part = TargetPart(CLAUSES[0], "新建公共厕所30座", None, sentence="新建公共厕所30座")
    text = "清水区新建公共厕所的投资额是多少？"
    q = Question("indicator", "zh", text, text=text, slot="amount")  # type: ignore[arg-type]
    assert unstated(q, part) is not None
