"""Several places asked about (issue 21): 各地…分别 read over the places, not as items; 哪些地方把…交给商务局牵头
lists the places whose clause gives that kind of unit the task; a unit put in charge in a 明确责任分工 paragraph's
running text (市人社局负责…) is its clause's and its place's, never merged with another city's unit of that name;
A和B分别 answered by one sentence setting both. Expectations are read off the small documents below."""

from __future__ import annotations

import pytest

from kb.api import KnowledgeBase
from kb.qa.compose import compound
from kb.qa.compose.respectively import stated_together
from kb.qa.understand.intent import WHICH_PLACES, _focus, topic_of
from kb.qa.understand.subject import opening_units, units_in_charge
from kb.settings import load_settings

DOCS = {
    "huzhou": "湖州市人民政府办公室关于印发湖州市2025年重点工作责任分工的通知\n一、主要预期目标\n"
    "1. 社会消费品零售总额增长8%以上。（牵头单位：市商务局）\n"
    "2. 一般公共预算收入增长5%。（牵头单位：市财政局）\n"
    "二、人才支持\n3. 青年人才安家补贴。对新引进的博士、硕士，分别给予5万元、3万元安家补贴。（牵头单位：市人社局）\n"
    "三、保障措施\n4. 明确责任分工。市人社局负责创业就业政策落实；市国资委负责闲置国有资产盘活等工作。\n",
    "deqing": "德清县人民政府办公室关于印发德清县2025年重点工作责任分工的通知\n一、主要预期目标\n"
    "1. 社会消费品零售总额增长7%。（牵头单位：县发改局）\n"
    "2. 一般公共预算收入增长4%。（牵头单位：县财政局）\n",
    "quzhou": "衢州市人民政府办公室关于印发衢州市2025年重点工作责任分工的通知\n一、主要预期目标\n"
    "1. 社会消费品零售总额增长9%左右。（牵头单位：市商务局）\n"
    "二、保障措施\n2. 明确责任分工。市人社局负责技能人才培训工作；市经信局负责企业培育工作。\n",
}


def test_each_place_asked_is_no_item_of_respectively() -> None:
    assert WHICH_PLACES.search("各地固定资产投资增长目标分别是多少？")
    assert WHICH_PLACES.search("各市分别由哪个部门牵头？")
    assert WHICH_PLACES.search("北京各区对社区运营方每年最高给多少钱？")
    # 各县（市、区）人民政府, 各区县政府, 各市级部门 open a unit's name, not a question over places
    for unit in ("各县（市、区）人民政府负责什么", "各区县政府负责什么", "各市级部门负责什么", "各市人民政府负责什么"):
        assert not WHICH_PLACES.search(unit), unit
    # the items of 分别 stay items where no place is asked of
    assert compound.split_items("城镇居民和农村居民收入分别增长多少？")
    # A、B各负责什么 asks each one's tasks, not only the clauses naming both
    parts = compound.split_items("市林业局、市教育局各负责什么？")
    assert [p.question for p in parts] == ["市林业局负责什么？", "市教育局负责什么？"]


def test_the_places_asked_of_are_not_the_topic() -> None:
    assert "各地" not in topic_of("各地“沙盒监管”的观察期都是多长？", "zh")
    assert topic_of("各地固定资产投资增长目标分别是多少？", "zh") == "固定资产投资增长目标"
    assert "人民政府" in topic_of("各县（市、区）人民政府负责什么", "zh")  # a unit's name stays whole


def test_a_where_to_look_opening_is_not_the_topic() -> None:
    focus = _focus("各地重点工作分解里，地区生产总值增长目标分别定了多少？", "zh")
    assert "地区生产总值" in focus and "重点工作分解" not in focus
    assert _focus("地区生产总值增长多少？", "zh") == ""


def test_the_kind_of_document_looked_in_is_not_the_topic() -> None:
    # 哪些地方的 / 各地的 + a phrase ending in 文件 + the frame's verb: where to look, not what is asked
    assert topic_of("哪些地方的年度分工文件给出了公共预算收入增长目标？", "zh") == "公共预算收入增长目标"
    assert topic_of("各地的重点任务分解文件把外贸进出口目标定在多少？", "zh") == "外贸进出口目标定在"
    assert topic_of("哪些地方的文件安排商务部门牵头夜间经济？", "zh") == "商务部门牵头夜间经济"
    # without 的 a phrase before 文件 may be the topic: only 文件 itself goes
    assert "数据要素" in topic_of("哪些地方数据要素文件提到了算力券？", "zh")


def test_each_standing_for_respectively_asks_nothing_of_its_own() -> None:
    # 各是多少 / 各自为多少 ask over what was named before: no focus of their own, no topic word 各
    long = "哪些地方的年度分工文件给出了外贸进出口增长的具体百分比目标？各是多少？"
    assert _focus(long, "zh") == "" and "各" not in topic_of(long, "zh")
    assert "各" not in topic_of("两地的科技型企业目标各自为多少？", "zh")
    # a part asking with words of its own keeps them (最高补多少 → 最高补助)
    assert _focus("哪些城市按不超过算力、语料、模型合同执行金额的30%给创业者补助？最高补多少？", "zh") == "最高补"


def test_units_put_in_charge_by_running_text() -> None:
    text = "市科技局加强统筹协调；市人社局负责创业就业政策落实；梅林金融监管分局、人民银行梅林分行指导做好融资服务；各县（市、区）人民政府负责本辖区具体工作。"
    found = dict(units_in_charge(text))
    assert found["市人社局"] == "市人社局负责创业就业政策落实"
    assert found["梅林金融监管分局"] == found["人民银行梅林分行"]
    assert "各县（市、区）人民政府" in found  # a bracket's own list stays in the name
    # a body of some level opening its sentence acts in it, whatever the verb (kb.qa.understand.subject, third
    # form; issue 21); a kind of units with no level (科技部门) is still no guess
    assert found["市科技局"] == "市科技局加强统筹协调"
    assert units_in_charge("科技部门加强统筹协调。") == []
    assert [m.name for m in opening_units("由区经济发展局负责召集")] == ["区经济发展局"]
    assert opening_units("市直相关部门要对照方案明确的工作任务") == []
    assert opening_units("企业负责人要牵头") == []
    # the longest name holding no verb of taking charge (省委组织部, not 省委; 生态环境部, not …进行, whose 行 ends
    # a bank's name); a verb giving a role opens the sentence before the name
    assert [u for u, _ in units_in_charge("省委组织部负责人才工作。")] == ["省委组织部"]
    assert [u for u, _ in units_in_charge("生态环境部会同有关部门对试点工作进行指导。")] == ["生态环境部"]
    assert [u for u, _ in units_in_charge("强化省发展改革委牵头抓总作用。")] == ["省发展改革委"]


def test_values_set_together_for_the_items_asked() -> None:
    both = stated_together("城乡居民人均可支配收入分别增长6%、6.5%。", ["城镇居民", "农村居民人均可支配收入"])
    assert both is not None and both.values == ("6%", "6.5%") and both.names == ()
    listed = "对符合条件的应届博士、硕士及本科生，分别给予1500元/月、1000元/月、800元/月安家补贴"
    two = stated_together(listed, ["园区对应届博士", "硕士"])
    assert two is not None and two.values == ("1500元/月", "1000元/月")
    assert two.names == ("对符合条件的应届博士", "硕士")
    assert stated_together(listed, ["园区对应届博士", "专科生"]) is None  # 专科生 is none of the three, and 2 ≠ 3
    assert stated_together("给予最高5万元补贴。", ["博士", "硕士"]) is None


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("places-asked")
    for name, text in DOCS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    base = KnowledgeBase(load_settings(index=folder / "index"))
    base.ingest(sorted(folder.glob("*.txt")))
    return base


def test_the_fixture_places(kb: KnowledgeBase) -> None:
    assert kb.doc_places() == {"huzhou": "湖州市", "deqing": "德清县", "quzhou": "衢州市"}


def test_which_places_gave_a_kind_of_unit_the_lead(kb: KnowledgeBase) -> None:
    answer = kb.ask("哪些地方把社会消费品零售总额增长目标交给商务局牵头？")
    assert not answer.abstained
    assert {h.clause.doc for h in answer.citations} == {"huzhou", "quzhou"}  # 德清 gave it to 县发改局
    assert "【湖州市】" in answer.answer and "【衢州市】" in answer.answer and "德清" not in answer.answer


def test_each_place_asked_who_leads_is_answered_per_place(kb: KnowledgeBase) -> None:
    answer = kb.ask("一般公共预算收入增长这个目标，各地分别是哪个单位牵头？")
    assert not answer.abstained
    head, *lines = answer.answer.split("\n")
    assert "市财政局" not in head and "县财政局" not in head  # the headline is no one place's answer
    assert any(line.startswith("- 【湖州市】牵头单位：市财政局") for line in lines)
    assert any(line.startswith("- 【德清县】牵头单位：县财政局") for line in lines)
    assert not any(line.startswith("【一般公共预算") for line in lines)  # no item of a respectively split


def test_each_place_asked_a_number_lists_each_places_value(kb: KnowledgeBase) -> None:
    answer = kb.ask("各地社会消费品零售总额增长目标分别是多少？")
    assert not answer.abstained
    assert {h.clause.doc for h in answer.citations} == {"huzhou", "deqing", "quzhou"}
    assert "【湖州市】" in answer.answer and "8%以上" in answer.answer and "9%左右" in answer.answer


def test_a_unit_in_running_text_is_its_places_unit(kb: KnowledgeBase) -> None:
    answer = kb.ask("湖州人社局负责什么？")
    assert not answer.abstained and "可能指" not in answer.answer  # no asking back: 湖州's 市人社局 is meant
    ids = {h.clause.id for h in answer.citations}
    assert "huzhou:3.4" in ids and not any(i.startswith("quzhou") for i in ids)
    assert "市人社局负责创业就业政策落实" in answer.answer and "技能人才培训" not in answer.answer


def test_same_named_units_of_two_cities_are_never_merged(kb: KnowledgeBase) -> None:
    answer = kb.ask("市人社局负责什么？")
    assert not answer.abstained
    huzhou, quzhou = answer.answer.index("【湖州市】"), answer.answer.index("【衢州市】")
    first, second = sorted((huzhou, quzhou))
    section = {huzhou: answer.answer[huzhou:], quzhou: answer.answer[quzhou:]}
    section[first] = answer.answer[first:second]
    assert "创业就业" in section[huzhou] and "技能人才培训" not in section[huzhou]
    assert "技能人才培训" in section[quzhou] and "创业就业" not in section[quzhou]


def test_two_items_set_in_one_sentence_are_answered_from_it(kb: KnowledgeBase) -> None:
    answer = kb.ask("湖州对新引进的博士和硕士的安家补贴分别是多少？")
    assert not answer.abstained
    assert "5万元、3万元" in answer.answer and answer.citations[0].clause.id == "huzhou:2.3"


def test_each_item_with_its_value_beside_it() -> None:
    sentence = "对符合条件的创业者，给予最高100%支持的100万元算力券，50万元模型券，2026年语料券另行制定。"
    found = stated_together(sentence, ["算力券", "模型券"])
    assert found is not None and found.values == ("100万元", "50万元") and found.names == ("算力券", "模型券")
    assert stated_together(sentence, ["算力券", "语料券"]) is None  # 2026年 is no value of 语料券


def test_a_phrase_quoted_finds_every_document_writing_it() -> None:
    from kb.qa.corpus import Corpus
    from kb.qa.decide.places import Places
    from kb.qa.understand.question import Question
    from kb.types import Clause

    def clause(doc: str, text: str) -> Clause:
        return Clause(doc=doc, doc_title=f"{doc}的措施", number=(1,), path=("一、",), title="配套", text=text)

    corpus = Corpus(
        [
            clause("a", "周边配齐人才公寓，构建15分钟创业生活圈。"),
            clause("b", "建设创业社区，提供低成本办公空间，打造15分钟创业生活圈。"),
            clause("c", "建设创业社区，提供低成本办公空间。"),
        ],
        [],
    )
    places = Places(corpus, None, None, None)  # type: ignore[arg-type]  # quoting reads the corpus alone
    text = "哪些地方提出打造“15分钟创业生活圈”？"
    q = Question(intent="general", language="zh", topic=text, text=text)  # type: ignore[arg-type]
    assert [h.clause.doc for h in places.quoting(q, {"a"})] == ["b"]
    short = "哪些地方提出“社区”？"  # two characters quoted are a word many clauses write: not read as a quote
    assert places.quoting(Question(intent="general", language="zh", topic=short, text=short), ()) == ()  # type: ignore[arg-type]


# the places' documents of one kind (政府工作报告分工), each writing the task under another heading: one under a
# heading naming the report, one under its targets' heading, one giving the task to another kind of unit
REPORTS = {
    "jiaxing": "嘉兴市人民政府办公室关于印发2025年市政府工作报告重点任务分解的通知\n一、2025年政府工作报告重点工作任务分解表\n"
    "1. 一般公共预算收入增长6%左右。（牵头单位：市财政局）\n2. 城镇新增就业5万人。（牵头单位：市人社局）\n",
    "anji": "安吉县人民政府关于印发2025年县政府重点工作责任分工的通知\n一、主要预期目标\n"
    "1. 一般公共预算收入与经济增长基本同步。\n牵头单位：县财政局\n2. 居民收入增长6%。（牵头单位：县发改局）\n",
    "haining": "海宁市人民政府关于印发2025年市政府重点工作分工的通知\n一、主要预期目标\n"
    "1. 一般公共预算收入增长5%。（牵头单位：市税务局）\n",
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("reports")
    for name, text in REPORTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    base = KnowledgeBase(load_settings(index=folder / "index"))
    base.ingest(sorted(folder.glob("*.txt")))
    return base


@pytest.mark.parametrize(
    "question",
    [
        "哪些地方的政府工作报告分工把一般公共预算收入目标交给财政部门负责？",
        "哪些地方的重点工作分工文件将一般公共预算收入交由财政局牵头？",
    ],
)
def test_places_giving_a_task_are_compared_on_the_task_not_the_kind_of_document(
    reports: KnowledgeBase, question: str
) -> None:
    # 嘉兴's heading names the report, 安吉's does not: both hand the task to their 财政局; 海宁 to its 税务局
    answer = reports.ask(question)
    assert not answer.abstained
    assert {h.clause.doc for h in answer.citations} == {"jiaxing", "anji"}
    assert "【嘉兴市】" in answer.answer and "【安吉县】" in answer.answer and "海宁" not in answer.answer
