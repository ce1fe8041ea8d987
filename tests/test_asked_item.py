"""What a short question asks of a thing named after its owner (X的Y是什么时候: Y is asked, X only says whose), the
time words that ask rather than name a topic, and a date written to the day and hour quoted whole. Texts written
for these tests."""

from __future__ import annotations

from dataclasses import replace

from kb.qa.compose.amount import answer_indicator
from kb.qa.retrieve.targets import TargetMatch, TargetPart
from kb.qa.understand.intent import _focus
from kb.qa.understand.question import Question
from kb.qa.understand.topic import QUESTION_WORDS
from kb.types import Clause, Hit


def test_the_thing_named_after_its_owner_is_the_focus() -> None:
    assert "登记时点" in _focus("某省第五次全国经济普查的登记时点是什么时候？", "zh")
    assert "经济普查" not in _focus("某省第五次全国经济普查的登记时点是什么时候？", "zh")
    assert "补贴标准" in _focus("某市促进高校毕业生就业方案的补贴标准是多少？", "zh")
    # an owner too short to be a story of its own: the question is its topic whole
    assert _focus("全市的目标是多少？", "zh") == ""
    assert _focus("普查标准时点是什么时候？", "zh") == ""
    # a time asked of an act (从哪天开始施行), not of a thing named: no focus
    assert _focus("某市支持人工智能发展的实施意见从哪天开始施行？", "zh") == ""


def test_a_time_asked_is_no_topic_word() -> None:
    assert {"时候", "啥时候"} <= QUESTION_WORDS


def test_a_date_written_to_the_day_and_hour_is_given_whole() -> None:
    clause = Clause("d", "某省普查通知", (1,), ("一、普查内容",), "普查内容", "登记时点是2023年12月31日二十四时。")
    part = TargetPart(clause, "登记时点是2023年12月31日二十四时", None)
    q = Question("indicator", "zh", "登记时点", text="登记时点是什么时候？", unit="年")
    answer = answer_indicator(q, TargetMatch(part, 1.0), [Hit(clause, 1.0)], 0.5)
    assert answer.answer.startswith("时限：2023年12月31日二十四时（")


def test_a_figure_set_for_another_year_of_the_same_clause_is_not_the_one_asked() -> None:
    from kb.qa.decide.target import unstated

    text = "到2022年,全市服务业增加值比重45%左右。到2025年,培育5个百亿级产业集群。"
    clause = Clause("d", "某市发展方案", (1,), ("发展目标",), "发展目标", text)
    part = TargetPart(clause, "全市服务业增加值比重45%左右", None, sentence=text, year="2022")
    asked = Question("indicator", "zh", "服务业增加值比重", text="到2025年服务业增加值比重是多少？", year="2025")
    missing = unstated(asked, part)
    assert missing is not None and "2025" in missing.zh
    assert unstated(replace(asked, text="到2022年服务业增加值比重是多少？", year="2022"), part) is None
    # the year asked naming the document itself (某市2025年发展方案) is no other year's figure
    titled = replace(clause, doc_title="某市2025年发展方案")
    assert unstated(asked, replace(part, clause=titled)) is None


def test_which_places_set_up_a_body_for_a_matter_each_places_body_answers() -> None:
    from types import SimpleNamespace

    from kb.qa.compose.mechanism import answer_each
    from kb.qa.decide.groups import each_place
    from kb.types import WorkingGroup

    census = WorkingGroup("某省经济普查领导小组", office="省统计局", clause_id="a:2")
    local = WorkingGroup("相应的经济普查领导小组", clause_id="a:2")
    disclosure = WorkingGroup("某县政务公开领导小组", office="县政府办公室", clause_id="b:3")
    other = WorkingGroup("某市产业发展领导小组", office="市发改委", clause_id="c:1")
    corpus = SimpleNamespace(token_weight=lambda t: 1.0)
    q = Question("organization", "zh", "", text="哪些地方为经济普查或政务公开成立了领导小组？办公室分别设在哪里？")
    q = replace(q, org_field="office")

    def topic(_: Question) -> list[str]:
        return ["经济", "普查", "政务", "公开", "领导", "小组", "办公室"]

    found = each_place(corpus, topic, q, [census, local, disclosure, other])  # type: ignore[arg-type]
    assert found == [census, disclosure]  # one body a document, none sharing only 领导小组
    assert each_place(corpus, lambda _: ["领导", "小组"], q, [census, other]) == []  # type: ignore[arg-type]
    clauses = {
        "a:2": Clause("a", "某省通知", (2,), ("二、组织领导",), "组织领导", "成立某省经济普查领导小组，办公室设在省统计局。"),
        "b:3": Clause("b", "某县通知", (3,), ("三、工作机构",), "工作机构", "领导小组办公室设在县政府办公室。"),
    }
    answer = answer_each(q, found, clauses, lambda _: None)
    assert "某省经济普查领导小组：办公室设在省统计局" in answer.answer
    assert "某县政务公开领导小组：办公室设在县政府办公室" in answer.answer
    assert [h.clause.id for h in answer.citations] == ["a:2", "b:3"] and not answer.abstained


def test_a_colloquial_split_is_the_documents_breakdown_and_a_total_asked_is_no_topic() -> None:
    from pathlib import Path

    from kb.qa.normalise.text import EverydayWords

    everyday = EverydayWords.from_yaml(Path(__file__).parent.parent / "corpus" / "everyday_words.yaml")
    assert everyday.apply("报告一共拆成了多少项任务") == "报告一共分解为了多少项任务"
    assert {"一共", "总共"} <= QUESTION_WORDS


def test_an_investment_amount_asked_is_money_a_growth_of_investment_is_not() -> None:
    from kb.qa.decide.quantity import asked_kind

    kind = asked_kind("献血屋的投资额是多少？")
    assert kind is not None and kind.name == "money"
    # a growth, whatever it is of, is set as a rate (增长10%以上): a share, never money
    growth = asked_kind("固定资产投资增长目标是多少？")
    assert growth is not None and growth.name == "share"
    growth = asked_kind("全社会研发经费投入要增长多少？")
    assert growth is not None and growth.name == "share"
    share = asked_kind("启动资金按实际投资额的多少比例给？")
    assert share is None or share.name != "money"
