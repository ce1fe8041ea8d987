"""Questions asking which places, where a place writes the thing asked in other words than the best clause
(issue 21, places31): the documents' term inside the phrase the question shares with the best clause (投保创业保险 →
创业保险), phrases quoted as alternatives (“A”或“B”: a document writing either), and a value stated before the
asking part of a long question (按…30%给补助？最高补多少？) as the condition the places must meet. The documents
are written for these tests; the expected places are read off them."""

from __future__ import annotations

import pytest

from kb.api import KnowledgeBase
from kb.qa.decide.places import quoted_alternatives, stated_values, stating_the_value
from kb.qa.retrieve.targets import TargetMatch, TargetPart
from kb.qa.understand.question import Question
from kb.settings import load_settings
from kb.types import Clause

DOCS = {
    "jinhua": "金华市人民政府办公室关于支持青年创新创业的若干意见\n一、金融服务\n"
    "（一）强化保险支持。为首次在金创业的青年创业者投保创业保险，创业失败的给予最高2万元补助。（市人社局牵头）\n"
    "二、算力支持\n（二）算力补助。按不超过算力、语料、模型合同执行金额的30%给予补助，最高500万元。（市经信局牵头）\n"
    "三、登记服务\n（三）便利登记。支持社区运营单位以“工位号”登记、一址多照等方式为创业者办理注册登记，提供共享办公空间。（市市场监管局牵头）\n",
    "lishui": "丽水市人民政府办公室关于支持青年创新创业的若干措施\n一、融资支持\n"
    "（一）加大融资担保。对购买已认证创业保险产品的创业团队，按实际保费的50%给予补贴。（市财政局牵头）\n"
    "二、算力支持\n（二）算力券。对创业团队购买算力服务给予补贴，单个主体年度最高200万元。（市经信局牵头）\n"
    "三、登记服务\n（三）准入便利。按规定实施“工位注册”，免收住所使用证明材料。（市市场监管局牵头）\n",
    "zhoushan": "舟山市人民政府办公室关于支持青年创新创业的实施意见\n一、金融支持\n"
    "（一）创业担保贷款。对符合条件的青年创业者给予创业担保贷款，最高50万元。（市人社局牵头）\n"
    "二、算力支持\n（二）算力补贴。按不超过算力、语料、模型合同执行金额的30%给予补贴，最高300万元。（市经信局牵头）\n",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("places-terms")
    for name, text in DOCS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    base = KnowledgeBase(load_settings(index=folder / "index"))
    base.ingest(sorted(folder.glob("*.txt")))
    return base


def test_quoted_phrases_joined_by_or_are_alternatives() -> None:
    assert quoted_alternatives("哪些地方支持以“工位号”登记或“工位注册”的方式办理登记？") == [["工位号", "工位注册"]]
    assert quoted_alternatives("哪些地方提出“工位号”还是“工位注册”？") == [["工位号", "工位注册"]]
    # side by side or joined by 和, every phrase is asked
    assert quoted_alternatives("哪些地方既有“工位号”登记和“工位注册”？") == [["工位号"], ["工位注册"]]
    assert quoted_alternatives("哪些地方提出“工位号”“一址多照”？") == [["工位号"], ["一址多照"]]
    # far apart, 或 belongs to the sentence, not to the two phrases
    assert quoted_alternatives("“工位号”是哪个部门推的，或者说哪些地方有“工位注册”？") == [["工位号"], ["工位注册"]]
    assert quoted_alternatives("哪些地方提出“社区”？") == []  # two characters quoted are no phrase


def test_the_fixture_places(kb: KnowledgeBase) -> None:
    assert kb.doc_places() == {"jinhua": "金华市", "lishui": "丽水市", "zhoushan": "舟山市"}


def test_a_place_writing_either_quoted_phrase_is_listed(kb: KnowledgeBase) -> None:
    answer = kb.ask("哪些地方支持以“工位号”登记或“工位注册”的方式办理注册登记？")
    assert not answer.abstained
    assert {h.clause.doc for h in answer.citations} == {"jinhua", "lishui"}
    assert "【金华市】" in answer.answer and "【丽水市】" in answer.answer


def test_a_place_writing_the_term_in_other_words_is_listed(kb: KnowledgeBase) -> None:
    # 丽水 writes 创业保险 (购买…创业保险产品), not 投保创业保险 as 金华's clause and the question do; 舟山 has
    # none (创业担保贷款 is another thing)
    answer = kb.ask("哪些地方对创业者投保创业保险给予支持？")
    assert not answer.abstained
    assert {h.clause.doc for h in answer.citations} == {"jinhua", "lishui"}
    assert "【舟山市】" not in answer.answer


def test_a_value_before_the_asking_part_is_the_places_condition() -> None:
    text = "哪些城市按不超过算力、语料、模型合同执行金额的30%给创业者补助？最高补多少？"
    q = Question(intent="indicator", language="zh", topic=text, text=text)  # type: ignore[arg-type]
    assert q.asking == "最高补多少" and stated_values(q) == [(30.0, "%")]

    def match(doc: str, said: str) -> TargetMatch:
        clause = Clause(doc=doc, doc_title=f"{doc}的措施", number=(1,), path=("一、",), title="算力", text=said)
        return TargetMatch(TargetPart(clause, said, None), 0.9)

    thirty = match("jinhua", "按不超过算力合同执行金额的30%给予补助，最高500万元")
    other = match("lishui", "按算力合同执行金额给予补助，单个主体年度最高200万元")
    assert stating_the_value(q, [other, thirty]) == [thirty]  # 丽水 states no 30%: not one of the places asked
    # a question asking no places states its values in its asking part only
    one = "金华按不超过算力、语料、模型合同执行金额的30%给创业者补助，算下来最高补多少？"
    assert stated_values(Question(intent="indicator", language="zh", topic=one, text=one)) == []  # type: ignore[arg-type]


def test_a_value_condition_keeps_the_places_stating_it(kb: KnowledgeBase) -> None:
    answer = kb.ask("哪些城市按不超过算力、语料、模型合同执行金额的30%给创业者补助？最高补多少？")
    assert not answer.abstained
    # 丽水's 算力券 (最高200万元) is no 30% of a contract
    assert {h.clause.doc for h in answer.citations} == {"jinhua", "zhoushan"}
    assert "500万元" in answer.answer and "300万元" in answer.answer and "200万元" not in answer.answer


def test_a_chinese_term_in_brackets_of_an_english_question_is_the_documents_word() -> None:
    from kb.qa.corpus import Corpus
    from kb.qa.decide.places import Places

    def clause(doc: str, text: str) -> Clause:
        return Clause(doc=doc, doc_title=f"{doc}的措施", number=(1,), path=("一、",), title="保障", text=text)

    corpus = Corpus(
        [
            clause("a", "建立健全部门联席会议机制，统筹推进创业工作。"),
            clause("b", "设立促进产业发展部门联席会议制度，由区经济发展局召集。"),
            clause("c", "建立工作专班，统筹推进创业工作。"),
        ],
        [],
    )
    places = Places(corpus, None, None, None)  # type: ignore[arg-type]  # quoting reads the corpus alone
    text = "Which places set up a joint conference (联席会议) mechanism?"
    q = Question(intent="general", language="en", topic=text, text=text)  # type: ignore[arg-type]
    assert [h.clause.doc for h in places.quoting(q, {"a"})] == ["b"]
    # in a Chinese question a bracket explains; only quotation marks quote (工作专班 is not read as asked)
    zh = "哪些地方建立了推进机制（工作专班）？"
    assert places.quoting(Question(intent="general", language="zh", topic=zh, text=zh), ()) == ()  # type: ignore[arg-type]



def test_the_end_of_a_year_asked_is_when_not_what() -> None:
    from kb.qa.corpus import Corpus
    from kb.qa.understand.places import NamedPlaces
    from kb.qa.understand.topic import TopicWords

    text = "到2028年年底，全市青年创业团队数量突破100家；建成青年创业社区不少于5个。"
    corpus = Corpus([Clause("z", "舟山市实施意见", (1,), ("一、",), "发展目标", text)], [])
    topic = TopicWords(corpus, NamedPlaces([]))
    # 到2028年底 names when: the year scopes the target (到2028年，…), 年底 is no word the target's part must hold
    asked = "到2028年底青年创业社区要建多少个？"
    words = topic(Question("indicator", "zh", "2028年底青年创业社区要建", text=asked))  # type: ignore[arg-type]
    assert "2028" in words and "年底" not in words and "社区" in words
    # 年底 asked of no year is a word of the topic (年底前完成的任务)
    other = "年底前要完成哪些创业社区任务？"
    assert "年底" in topic(Question("general", "zh", "年底前要完成创业社区任务", text=other))  # type: ignore[arg-type]


def test_a_year_asked_of_places_scopes_their_targets_and_is_no_value() -> None:
    text = "哪些地方的文件给出了2022年地区生产总值增长目标？"
    q = Question(intent="indicator", language="zh", topic=text, text=text, year="2022")  # type: ignore[arg-type]
    assert stated_values(q) == []  # 2022年 is when, not a value the places must state

    def match(doc: str, title: str, said: str, year: str = "") -> TargetMatch:
        clause = Clause(doc=doc, doc_title=title, number=(1,), path=("一、",), title="主要目标", text=said)
        return TargetMatch(TargetPart(clause, said, None, year=year), 0.9)

    district = match("a", "某区2022年政府工作报告目标任务", "地区生产总值增长5.5%左右")
    later = match("b", "某县2025年重要工作事项责任分工", "地区生产总值增长6%")
    planned = match("c", "某市制造业发展措施", "制造业增加值占地区生产总值比重35%左右", year="2022")
    assert stating_the_value(q, [later, district, planned]) == [district, planned]
    # no target of that year: every place's is kept (the year may be written nowhere)
    assert stating_the_value(q, [later]) == [later]


def test_a_conjunction_glued_to_the_word_after_it_is_no_part_of_the_word() -> None:
    import jieba

    from kb.qa.corpus import Corpus
    from kb.qa.understand.places import NamedPlaces
    from kb.qa.understand.topic import TopicWords

    # 托育 is no word of jieba's dictionary: 学校建设或托育 gives 或托育, 科技及托育 gives 及托育 — words no clause writes
    texts = ["加大普惠性托育供给，新增托位400个。", "实施新建中小学校5所。", "支持科技企业孵化。"]
    clauses = [Clause("n", "某县分工", (i,), ("一、",), "目标", t) for i, t in enumerate(texts)]
    corpus = Corpus(clauses, [], tokenize=lambda t: [w for w in jieba.lcut_for_search(t) if w.strip()])
    topic = TopicWords(corpus, NamedPlaces([]))
    for asked, words in (("学校建设或托育方面的任务", {"托育", "学校"}), ("科技及托育服务", {"托育", "科技"})):
        found = topic(Question("general", "zh", asked, text=asked))  # type: ignore[arg-type]
        assert words <= set(found) and not any(w[0] in "或及" for w in found), found
