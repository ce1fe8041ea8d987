"""Answers that fill the asked slot (issue 21, second pass): the form of a question that fixes what it asks, and
the form of a clause that answers it. Small texts and questions written here; expectations read off them."""

from __future__ import annotations

import jieba
import pytest

from kb.parse.jurisdiction import places_from_titles, read_jurisdiction
from kb.qa.compose.respectively import asked_respectively, stated_all
from kb.qa.decide.named import ASKS_WHERE_TO_GO, labelled
from kb.qa.decide.quantity import asked_kind
from kb.qa.indexes import ClauseIndexes
from kb.qa.understand.intent import _focus
from kb.qa.understand.places import places_said_there
from kb.qa.understand.question import Understanding
from kb.qa.understand.subject import Mention, acts, heading_unit, in_charge, units_in_charge
from kb.qa.understand.units import NameGrammar, UnitResolver, unit_places
from kb.settings import PROJECT_ROOT
from kb.types import Clause, Hit, Indicator

CORPUS = PROJECT_ROOT / "corpus"


class Written:
    """A registry keeping every name as written (a document of a place no registry covers)."""

    def canonical(self, name: str) -> str:
        return "".join(name.split())

    def spellings(self) -> list[str]:
        return []

    def find_in_text(self, text: str) -> list[str]:
        return []

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        return []
# --- understand: units named as alternatives ask which of them is in charge ---


@pytest.mark.parametrize(
    "text",
    [
        "乡村民宿提质升级这件事，是文旅广体局牵头还是农业农村局牵头？",
        "县里的冷链物流补短板，由县商务局还是县发改局负责？",
        "平江那个茶叶公用品牌的推广，是农业农村局负责还是市场监管局负责呀？",
    ],
)
def test_units_named_as_alternatives_ask_who_leads_the_topic(understand: Understanding, text: str) -> None:
    q = understand(text)
    assert (q.intent, q.slot) == ("responsibility", "lead")
    assert len(q.departments) + len(q.ambiguous) == 2
    assert q.focus == ""  # the alternatives are the asking, the topic is the rest of the question
    assert q.topic.startswith(text[:4])


def test_two_units_without_alternatives_keep_their_reading(understand: Understanding) -> None:
    # two units asked for their tasks together, and a choice asked that is no part in a task
    assert understand("县数据局和县发改局共同牵头哪些任务？").intent == "department_tasks"
    assert understand("县数据局还是县发改局的任务更多？").slot != "lead"


# --- decide: a place said by its form that no document is of ---


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("拉萨那边支持一人公司的政策都有啥？", ["拉萨"]),
        ("想问下昆明这边的创业补贴能拿多少？", ["昆明"]),
        ("我们领导那边想知道算力补贴是多少？", []),  # a person's post before 那边 is no place
        ("拉萨的政策有哪些？", []),  # no form saying it is a place: the name's ending decides (unknown_places)
    ],
)
def test_a_name_before_nabian_is_a_place(text: str, places: list[str]) -> None:
    assert places_said_there(text) == places


# --- compose: values set 分别 for what one asked item stands for ---


def test_every_value_a_respectively_sentence_sets_for_one_item() -> None:
    found = stated_all("全县城乡居民医保参保率分别达到96%、95.5%以上。", ["参保率", "医保"])
    assert found is not None and found.values == ("96%", "95.5%以上") and found.names == ()
    named = stated_all("对新引进的博士、硕士分别给予每月3000元、2000元生活补贴", ["生活补贴", "博士"])
    assert named is not None and named.values == ("3000元", "2000元") and named.names == ("新引进的博士", "硕士")


def test_no_values_read_where_the_respectively_sentence_is_of_another_topic() -> None:
    assert stated_all("两个园区分别增长6%、8%。", ["参保率"]) is None  # its words before 分别 hold no topic
    assert stated_all("城乡居民医保参保率分别保持稳定。", ["参保率"]) is None  # no values after 分别
    assert stated_all("城乡居民医保参保率达到96%。", ["参保率"]) is None


def test_a_question_asks_respectively_by_its_words() -> None:
    assert asked_respectively("城乡居民医保参保率分别达到多少？")
    assert not asked_respectively("城乡居民医保参保率达到多少？")


# --- understand: a unit named in the story before the asking part ---


@pytest.mark.parametrize(
    "text",
    [
        "我刚调到县文旅广体局，主任让我核实一下，“幕阜山”创建国家5A级景区，方案里定的时间节点是哪一年？",
        "我刚调到县发改局，科长让我核实一下，“天岳幕阜山”申报国家级旅游度假区，方案里定的时间节点是哪一年？",
        "我在县文旅广体局工作，领导让我核实，“幕阜山”创建国家5A级景区，方案里写的是哪一年完成？",
        "我刚调到县林业局，科长让我核实一下，油茶低产林改造这一项，方案里定的完成时间是哪一年？",
    ],
)
def test_a_unit_in_the_story_is_who_asks_not_whose_duties(understand: Understanding, text: str) -> None:
    q = understand(text)
    assert (q.intent, q.slot) == ("indicator", "date")


def test_a_unit_in_the_story_asked_of_its_own_tasks_keeps_them(understand: Understanding) -> None:
    q = understand("我刚调到县林业局，领导让我统计一下，我们局在方案里一共牵头几项任务？")
    assert (q.intent, q.slot) == ("department_tasks", "duties")
    q = understand("县林业局负责的任务有哪些？")  # no story: the unit is asked
    assert (q.intent, q.slot) == ("department_tasks", "duties")


# --- decide: the target a question names, its value unwritten ---


def test_a_target_is_named_by_its_words_not_by_the_value_asked() -> None:
    from kb.qa.corpus import Corpus
    from kb.qa.decide.target import Targets
    from kb.qa.retrieve.targets import TargetMatch, target_parts

    text = "力争完成集装箱吞吐量1260万标箱、铁矿石吞吐量35.5万吨"
    indicator = Indicator("完成集装箱吞吐量", 1260.0, "万标箱", "", "完成集装箱吞吐量1260万标箱")
    clause = Clause("d", "某区重点工作", (2, 1), ("二、", "1. 建设港口"), "建设港口", text, indicators=(indicator,))
    corpus = Corpus([clause], [], tokenize=lambda t: [w for w in jieba.lcut_for_search(t) if w.strip()])
    targets = Targets(corpus, None, None, None)  # type: ignore[arg-type]  # naming reads the corpus alone
    part = next(p for p in target_parts([clause]) if p.indicator == indicator)
    match = TargetMatch(part, 0.7)
    # the question writes the target's name; its value (1260), unit (万标箱) and neighbours are not asked
    assert targets.names_target("某区的集装箱目标是多少？", match)
    assert not targets.names_target("某区港口的铁矿石目标是多少？", match)


# --- decide: a body acting in a sentence it opens, a section headed by a body's name ---

OPENING = (
    "推动各地完善创业载体。省交通运输厅优化农村客运线路，打通城乡出行末梢；"
    "市区协同开展宣传；市商务局、市财政局联合发布清单。"
    "省交通运输厅的职责另行明确。滨海新区建设物流枢纽。"
)


def test_a_body_opening_its_sentence_acts_in_it() -> None:
    found = units_in_charge(OPENING)
    # the body acting by any verb; no place (市区, 滨海新区), and no name followed by 的
    assert ("省交通运输厅", "省交通运输厅优化农村客运线路，打通城乡出行末梢") in found
    assert [name for name, _ in found] == ["省交通运输厅", "市商务局", "市财政局"]  # 联合: the charge verb's form


@pytest.mark.parametrize(
    ("written", "rest", "acting"),
    [
        ("省交通运输厅", "优化线路", True),
        ("县应急管理局", "加强统筹协调", True),
        ("市住房和城乡建设局", "加强统筹协调", True),  # 和 stands in a body's name
        ("省交通运输厅", "的职责", False),
        ("省交通运输厅", "和省财政厅", False),
        ("省交通运输厅", "是主管部门", False),
        ("省交通运输厅的职责另行", "明确", False),  # a longer run ending in 行 is no bank's name
        ("市区", "协同开展", False),  # too short to be a body of some level
        ("滨海新区", "建设枢纽", False),  # a place
        ("各有关部门", "加强协作", False),  # no level word: a kind of units
        ("市直相关部门", "要对照方案", False),  # a kind of units, with a level
        ("县级有关单位", "加强协作", False),
    ],
)
def test_which_name_acts(written: str, rest: str, acting: bool) -> None:
    assert acts(written, rest) is acting


def test_a_section_headed_by_a_bodys_name_is_its_measures() -> None:
    assert heading_unit("省交通运输厅") and heading_unit("区委人才办")
    assert not heading_unit("成员单位")  # the heading of a list of members, no body
    assert not heading_unit("滨海新区") and not heading_unit("搭建交流展示平台") and not heading_unit("中心城区")
    clause = Clause("d", "某省方案", (5, 2), ("五、部门配套措施", "（二）省交通运输厅"), "省交通运输厅", "优化农村客运线路。")
    indexes = ClauseIndexes.build([clause])
    assert indexes.in_text["d:5.2"] == (("省交通运输厅", "优化农村客运线路"),)


def test_a_body_acting_answers_who_in_charge_by_the_resolver_mentions() -> None:
    sentence = "省交通运输厅优化农村客运线路"
    found = in_charge(sentence, [Mention(0, 6, "省交通运输厅")])
    assert found is not None and (found.lead, found.others) == ("省交通运输厅", ())
    assert in_charge("推动省交通运输厅优化线路", [Mention(2, 8, "省交通运输厅")]) is None  # not opening it


# --- understand: an English body named as `Department of …`, and what it does ---


def test_a_provincial_department_is_a_ting() -> None:
    grammar = NameGrammar.from_yaml(CORPUS / "unit_names.yaml")
    assert grammar.from_english("Provincial Department of Education", None) == "省教育厅"
    assert grammar.from_english("Department of Finance", "某某省") == "省财政厅"  # the level from the place
    assert grammar.from_english("Municipal Education Bureau", None) == "市教育局"
    assert grammar.from_english("Provincial Data Bureau", None) == "省数据局"  # a bureau stays a 局


def test_a_body_named_department_of_its_work_is_found() -> None:
    places = unit_places([("省教育厅", "某某省"), ("省财政厅", "某某省")])
    grammar = NameGrammar.from_yaml(CORPUS / "unit_names.yaml")
    resolver = UnitResolver(Written(), places, grammar)  # type: ignore[arg-type]  # no registry spelling
    found = resolver.find("What does the Provincial Department of Education do for rural schools?", ("某某省",))
    assert [m.candidates for m in found] == [("省教育厅",)]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("What will the County Forestry Bureau do to protect the oil-tea forests?", "县林业局"),
        ("What should the County Commerce Bureau do to promote rural e-commerce in Pingjiang?", "县商务局"),
        ("What does the Pingjiang County Commerce Bureau do to promote e-commerce for local products?", "县商务局"),
    ],
)
def test_what_a_named_unit_does_asks_its_duties(understand: Understanding, text: str, unit: str) -> None:
    q = understand(text)
    assert q.departments == (unit,) and (q.intent, q.slot) == ("department_tasks", "duties")


# --- understand: who asks, said as a condition before the asking part ---


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("我在外地读研，明年毕业想回来发展，作为应届硕士研究生，每月的生活补贴能拿多少？", "应届硕士研究生"),
        ("我自己开了个小工作室，听说有房租补贴，像我这种个体工商户，一年最多能补多少钱？", "个体工商户"),
    ],
)
def test_who_asks_is_the_condition_of_the_value_asked(text: str, kept: str) -> None:
    assert kept in _focus(text, "zh")


def test_a_story_before_the_asking_part_stays_out_of_its_focus() -> None:
    focus = _focus("我在外地读研，明年毕业想回来发展，听朋友说有补贴，每月的生活补贴能拿多少？", "zh")
    assert "生活补贴" in focus and "朋友" not in focus


# --- decide: a body labelled by what one goes to it for ---

POLICY_ITEM = (
    "对首次创业且正常经营1年以上的，给予一次性创业补贴1万元。\n"
    "补贴标准：每户1万元\n"
    "业务办理：区人力资源和社会保障局就业创业服务中心联系电话：12345678"
)


def test_the_body_a_line_labels_by_what_one_goes_to_it_for() -> None:
    hits = [Hit(Clause("d", "某区政策清单", (3,), ("三、一次性创业补贴",), "一次性创业补贴", POLICY_ITEM), 1.0)]
    found = labelled(hits, "一次性创业补贴去哪里办理？")
    # the whole name, though it holds 和; not the contact written after it
    assert found is not None and found.names == ("区人力资源和社会保障局就业创业服务中心",)
    assert labelled(hits, "一次性创业补贴找哪个部门咨询？") is None  # no label of consulting
    assert labelled(hits, "补贴标准找谁确认？") is None  # the label's value is no body


def test_where_to_go_is_asked_by_its_words() -> None:
    assert ASKS_WHERE_TO_GO.search("要咨询的话找哪个部门啊")
    assert ASKS_WHERE_TO_GO.search("这个补贴去哪里办理")
    assert not ASKS_WHERE_TO_GO.search("这项任务由哪个部门牵头")


# --- the place a title names after the year it opens with ---


def test_a_title_opening_with_its_year_names_its_place() -> None:
    places = places_from_titles(
        {"a": None, "b": None, "c": "某某市", "d": None},
        {
            "a": "2025年青山区政府民生实事项目",
            "b": "2024年《政府工作报告》重点工作目标任务分解表",  # no place named: none guessed
            "c": "2025年某某市重点工作",
            "d": "2024年全市重点工作清单",  # 全市 is no place's name
        },
    )
    assert places == {"a": "青山区", "b": None, "c": "某某市", "d": None}
    found = read_jurisdiction("2025年青山区政府民生实事项目", [])
    assert found.place == "青山区"


def test_a_ministry_of_its_work_is_left_to_the_registry() -> None:
    places = unit_places([("农业农村部", "全国")])
    grammar = NameGrammar.from_yaml(CORPUS / "unit_names.yaml")
    resolver = UnitResolver(Written(), places, grammar)  # type: ignore[arg-type]  # no registry spelling
    # its names change over the years (农业部, 农业农村部): no guess by the grammar
    assert resolver.find("Where did the Ministry of Agriculture send teams in 2010?", ()) == []


# --- decide: the kind of number asked ---


def test_an_investment_asked_is_money() -> None:
    money = asked_kind("新建体育馆的投资额是多少？")
    assert money is not None and money.name == "money"
    assert asked_kind("项目总投资是多少亿元？") is not None
    share = asked_kind("固定资产投资增长多少？")  # a growth asked: no money
    assert share is None or share.name != "money"
    rate = asked_kind("按项目金额的多少比例补贴？")  # a share of an amount asked
    assert rate is not None and rate.name == "share"


# --- a unit's own act asked when: a date, not its duties ---


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("县科工信局每年几月份发布专精特新企业认定通知？", "date"),
        ("县商务局什么时候公布消费券发放名单？", "date"),
        ("县科工信局牵头的任务什么时候完成？", "duties"),  # its part in tasks is asked
        ("县发改局有几项任务？", "duties"),  # a count of its tasks
        ("县科工信局负责哪些工作？", "duties"),
    ],
)
def test_when_a_unit_does_an_act_asks_a_date(understand: Understanding, text: str, slot: str) -> None:
    assert understand(text).slot == slot
