"""Yes/no questions checking a statement (是不是把X定位为Y, 可以刻制印章吗), a post (是X的分管负责人吗) or a body's
lead (联席会议的牵头单位是X吗). The texts are written for these tests; what each states was read off them by hand."""

from __future__ import annotations

import jieba
import pytest

from kb.api import KnowledgeBase
from kb.evaluate import said_yes
from kb.qa.compose import yesno
from kb.qa.decide import statement
from kb.qa.understand.intent import route
from kb.qa.understand.question import slot_of
from kb.settings import load_settings
from kb.types import Answer, Clause, Hit
from tests.test_body_roles_run_together import Knows


@pytest.mark.parametrize(
    ("question", "said", "negated"),
    [
        ("规则里，是不是把常务会议定位为科学决策的重要平台？", "把常务会议定位为科学决策的重要平台", False),
        ("按某政办发〔2024〕12号，联席会议可以刻制自己的印章吗？", "联席会议刻制自己的印章", False),
        ("会议纪要是不是不对外公开？", "会议纪要对外公开", True),
        ("县审计局主要负责同志是不是固定列席县政府常务会议？", "县审计局主要负责同志固定列席县政府常务会议", False),
    ],
)
def test_a_statement_checked_is_read_without_its_frame_modal_and_negation(
    question: str, said: str, negated: bool
) -> None:
    check = yesno.read(question, "zh", (), ())
    assert check is not None and check.kind == "statement"
    assert (check.statement, check.negated) == (said, negated)


@pytest.mark.parametrize(
    "question",
    ["能给我说说科技创新那一段吗", "你能帮我列一下吗？", "有没有支持企业做知识产权质押融资的政策？", "在吗"],
)
def test_a_request_or_an_existence_asked_is_no_statement(question: str) -> None:
    assert yesno.read(question, "zh", (), ()) is None


def test_a_documents_number_is_no_value_checked() -> None:
    """〔2003〕49号 names the document: 49 is not the value checked."""
    check = yesno.read("按国办函〔2003〕49号，部际联席会议可以刻制印章吗？", "zh", (), ())
    assert check is not None and check.kind == "statement"
    value = yesno.read("按某政办发〔2024〕12号，补贴最高是20万元吗？", "zh", (), ())
    assert value is not None and value.value == (20.0, "万元")


def test_a_post_named_after_the_units_is_checked_and_a_post_is_no_role() -> None:
    units = ("县政府办公室", "县财政局")
    post = yesno.read("整改的责任人，是县政府办公室、县财政局的分管负责人吗？", "zh", units, units)
    assert post is not None and (post.kind, post.units, post.post) == ("post", units, "分管负责人")
    # 负责 of 主要负责同志 puts nobody in charge: no unit's role is checked
    subject = yesno.read("县审计局主要负责同志是不是固定列席会议？", "zh", ("县审计局",), ("县审计局",))
    assert subject is not None and subject.kind == "statement"


@pytest.mark.parametrize(
    ("question", "unit"), [("县林业局在兴产业工作专班里吗？", "县林业局"), ("某某领导小组的组长是区长本人吗？", None)]
)
def test_a_statement_of_a_bodys_field_or_a_units_place_in_it_is_the_bodys_own(question: str, unit: str | None) -> None:
    """No role verb: what the question says is a statement, but the body's answer judges it (kb.qa.compose.mechanism)."""
    r = route(question, Knows(*([unit] if unit else [])))
    check = yesno.read(question, "zh", r.departments, r.written)
    assert r.intent == "organization" and check is not None and check.kind == "statement"
    assert slot_of(r, question, check) == "mechanism"


RECTIFY = Clause(
    "d",
    "某县整改清单",
    (1, 1),
    ("一、认识不深", "（一）重发展轻保护"),
    "重发展轻保护",
    "整改目标:树立绿色发展理念。\n责任单位:县政府办公室、县财政局\n责任人:县政府办公室、县财政局主要负责人,各乡镇主要负责人",
)


def _noted(*clauses: Clause) -> Answer:
    hits = tuple(Hit(c, 1.0) for c in clauses)
    return Answer("q", "responsibility", "牵头单位：县政府办公室", False, hits, lead="县政府办公室", others=("县财政局",))


@pytest.mark.parametrize(("post", "yes"), [("分管负责人", False), ("主要负责人", True), ("主要负责同志", True)])
def test_a_post_is_judged_on_the_post_the_clause_writes_after_the_unit(post: str, yes: bool) -> None:
    check = yesno.Check("post", units=("县财政局",), written=("县财政局",), post=post)
    assert yesno.post_written(check, _noted(RECTIFY)) == (yes, "责任人:县政府办公室、县财政局主要负责人")


def test_a_post_the_clause_does_not_write_settles_nothing() -> None:
    plain = Clause("d", "某县整改清单", (2,), ("二、",), "二", "责任单位:县财政局")
    check = yesno.Check("post", units=("县财政局",), written=("县财政局",), post="分管负责人")
    assert yesno.post_written(check, _noted(plain)) is None


def test_a_lead_checked_of_a_body_is_judged_on_the_bodys_answer() -> None:
    body = Answer("q", "organization", "某某部际联席会议：牵头：市场监管总局。依据：《函》二、成员单位", False)
    other = yesno.Check("unit", role="lead", units=("工业和信息化部",), written=("工信部",))
    named = yesno.Check("unit", role="lead", units=("市场监管总局",), written=("市场监管总局",))
    assert yesno.judge(other, body) is False and yesno.judge(named, body) is True
    refused = Answer("q", "organization", "文件没有写明某某部际联席会议的牵头单位。", True)
    assert yesno.judge(named, refused) is None


PREAMBLE = Clause(
    "n", "关于联席会议有关问题的通知", (0,), ("前言",), "前言", "为规范联席会议的名称以及刻制印章、行文等问题,现通知如下:"
)
SEAL = Clause("n", "关于联席会议有关问题的通知", (4,), ("四、",), "四", "四、联席会议不刻制印章,也不正式行文。")
MINOR = Clause("m", "关于成立未成年人保护工作领导小组的通知", (1,), ("一、",), "一", "领导小组负责统筹未成年人保护工作。")


def _tokens(text: str) -> list[str]:
    return sorted({w.lower() for w in jieba.lcut_for_search(text) if len(w) > 1})


def _find(said: str, *clauses: Clause) -> statement.Stated | None:
    hits = [Hit(c, 1.0) for c in clauses]
    return statement.find(said, hits, _tokens, lambda _: 1.0, lambda w, text: w in text)


def test_a_statement_is_found_in_the_sentence_writing_it_closest_and_read_negated() -> None:
    """The preamble names 刻制印章 among the matters ruled; the item rules it, negated."""
    found = _find("联席会议刻制印章", PREAMBLE, SEAL)
    assert found is not None and found.hit.clause is SEAL and found.negated
    assert found.sentence == "四、联席会议不刻制印章,也不正式行文。"
    also = _find("联席会议正式行文", PREAMBLE, SEAL)  # 也不正式行文: an adverb before the negation
    assert also is not None and also.negated


def test_a_negation_the_name_writes_is_no_negation() -> None:
    found = _find("领导小组统筹未成年人保护工作", MINOR)
    assert found is not None and not found.negated


def test_a_statement_whose_words_no_clause_writes_is_not_found() -> None:
    assert _find("联席会议刻制钢印并对外发文", PREAMBLE, SEAL) is None


def test_the_verb_making_one_thing_another_is_not_asked_for() -> None:
    """把X定位为Y where the text writes 把X建设成为Y: X and Y are checked."""
    text = Clause("g", "某意见", (0,), ("前言",), "前言", "把某区建设成为全省重要的物流枢纽和开放高地。")
    assert statement.content_words("把某区定位为全省重要的物流枢纽", _tokens) == _tokens("把某区全省重要的物流枢纽")
    found = _find("把某区定位为全省重要的物流枢纽", text)
    assert found is not None and not found.negated
    assert _find("把某区定位为全省重要的金融中心", text) is None


def test_a_body_referred_to_by_its_head_noun_holds_its_name() -> None:
    """本小组 is the 领导小组 a rule of its own notice speaks of."""
    closing = Clause("c", "某市普查领导小组的通知", (0,), ("前言",), "前言", "普查工作结束后,本小组及其办公室自动撤销。")
    found = _find("领导小组自动撤销", closing)
    assert found is not None and not found.negated
    assert statement.referred("应急预案", "本预案适用于全县") and not statement.referred("应急预案", "预案适用于全县")


def test_the_documents_place_in_its_title_need_not_be_written_again() -> None:
    measure = Clause("h", "某省数据局关于支持OPC的若干措施", (5,), ("五、算力",), "五", "对符合条件的OPC发放省级算力券补贴。")
    assert _find("某省对OPC发放省级算力券补贴", measure) is not None
    assert _find("某省对OPC发放数据券和人才公寓补贴", measure) is None  # the act itself must be the sentence's


def test_a_measure_asked_by_you_mei_you_is_a_statement_but_a_policy_asked_is_not() -> None:
    check = yesno.read("某省有没有对OPC发放算力券补贴？", "zh", (), ())
    assert check is not None and check.kind == "statement" and check.statement == "某省对OPC发放算力券补贴"
    assert not check.negated
    assert yesno.read("有没有支持OPC企业做知识产权质押融资的政策？", "zh", (), ()) is None


def test_the_holder_of_an_act_is_checked_against_the_one_the_sentence_gives() -> None:
    rules = Clause("r", "某市政府常务会议议事规则", (2, 4), ("第二章", "第四条"), "第四条",
                   "市政府常务会议由市长、副市长组成,由市长或者市长委托的副市长召集和主持。")
    hits = [Hit(rules, 1.0)]
    other = statement.holder_checked("市政府常务会议是由市委书记召集和主持的", hits)
    assert other is not None and other.negated and "召集和主持" in other.sentence
    named = statement.holder_checked("市政府常务会议由市长召集和主持", hits)
    assert named is not None and not named.negated
    assert statement.holder_checked("区防汛指挥部由区长召集", hits) is None  # another subject: no sentence of it


RULES = """某县人民政府常务会议议事规则
一、总则
为规范县政府常务会议的议题、会议纪要印发、材料保管等问题,制定本规则。要把县政府常务会议建成科学决策、民主决策、依法决策的重要平台。
二、会议组成
县政府常务会议由县长、副县长、县政府办公室主任组成,由县长召集和主持。县财政局、县审计局主要负责同志固定列席会议。
三、会议纪要
会议纪要由县政府办公室起草,不对外公开,会议材料不得带出会场。
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("statements")
    (folder / "rules.txt").write_text(RULES, encoding="utf-8")
    base = KnowledgeBase(load_settings(index=tmp_path_factory.mktemp("statements-index")))
    base.ingest([folder / "rules.txt"])
    return base


@pytest.mark.parametrize(
    ("question", "yes", "section"),
    [
        ("县审计局主要负责同志是不是固定列席县政府常务会议？", True, "二、会议组成"),
        ("县政府常务会议的会议材料可以带出会场吗？", False, "三、会议纪要"),
        ("县政府常务会议的会议纪要是不是不对外公开？", True, "三、会议纪要"),
        ("是不是把县政府常务会议定位为科学决策的重要平台？", True, "一、总则"),
    ],
)
def test_a_statement_is_answered_yes_or_no_from_the_clause_writing_it(
    kb: KnowledgeBase, question: str, yes: bool, section: str
) -> None:
    answer = kb.ask(question)
    assert not answer.abstained and answer.verdict is yes and said_yes(answer.answer) is yes
    assert answer.citations[0].clause.path[-1] == section
    assert "条款原文：“" in answer.answer


def test_a_statement_the_rules_do_not_write_is_said_not_to_be_settled(kb: KnowledgeBase) -> None:
    answer = kb.ask("县政府常务会议是不是每月召开两次？")
    assert answer.abstained and answer.verdict is None and said_yes(answer.answer) is None
