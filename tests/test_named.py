"""A question asking which body does an act other than leading a task (由哪个部门来建, 由谁会同有关部门组建), or which body
an act is done through or sent to (依托哪个工作专班, 报送给哪里), is answered from the sentence writing that act — the
body in the asked place, read by its form — never with the clause's lead unit."""

from __future__ import annotations

from kb.qa.compose.mechanism import answer_named
from kb.qa.decide.named import Act, asked_act, named_in
from kb.qa.understand.question import Question
from kb.types import Clause, Hit


def _hit(text: str, path: tuple[str, ...] = ("六、保障措施",), lead: str | None = None) -> Hit:
    departments = (lead,) if lead else ()
    leads = (lead,) if lead else ()
    return Hit(Clause("d", "某市行动计划", (6,), path, path[-1], text, lead=lead, departments=departments, leads=leads), 1.0)


def _all(words: tuple[str, ...]):  # the weight of the question's words a sentence holds
    return lambda sentence: float(sum(1 for w in words if w in sentence))


def test_the_act_asked_is_read_from_the_question() -> None:
    assert asked_act("示范区的协调机制由哪个部门来建？") == Act("建", "doer")
    assert asked_act("协调小组由谁会同有关部门组建？") == Act("组建", "doer")
    assert asked_act("这份清单是哪个专班机构组织有关部门梳理制定的？") == Act("梳理制定", "doer")
    assert asked_act("专项资金由哪个部门统筹平衡？") == Act("统筹平衡", "doer")
    assert asked_act("园区建设依托哪个工作专班的机制调度？") == Act("依托", "object", "工作专班")
    assert asked_act("年度进展报送给哪里？") == Act("报送", "object", None)


def test_leading_and_other_kinds_are_not_an_act_asked() -> None:
    # who leads is a department note's answer; a list of units (会同哪些部门) is the others'; 哪个项目 names no body
    assert asked_act("这项工作由哪个部门牵头？") is None
    assert asked_act("研究院由哪个单位牵头建设？") is None
    assert asked_act("谁负责园区招商？") is None
    assert asked_act("细则是由哪个部门牵头、会同哪些部门制定的？") is None
    assert asked_act("资金依托哪个项目下达？") is None
    # whom to go to: the asker does the act (对接), the body asked is the lead
    assert asked_act("园区搞绿电直联，要找哪个部门对接？") is None
    assert asked_act("这事向谁咨询？") is None
    # a copula or a particle is no act: 责任部门是哪个, 牵头的是哪个局, 办公室主任是谁啊, 这条由哪个专班的办公室负责
    assert asked_act("这项工作的责任部门是哪个？") is None
    assert asked_act("牵头的是哪个局？") is None
    assert asked_act("专项工作组办公室主任是谁啊") is None
    assert asked_act("这条由哪个专班的办公室负责？") is None
    assert asked_act("首批依托哪些区域开展建设？") is None  # 区域 is no 区
    assert asked_act("由哪个部门建立健全部门联席会议机制？") == Act("建立健全部门联席会议机制", "doer")


def test_the_unit_opening_the_sentence_does_the_act_written_later() -> None:
    hit = _hit("市科技局加强统筹协调，建立健全部门联席会议机制、市县联动机制。各县应建立工作机制。", lead="市财政局")
    found = named_in(Act("建", "doer"), [hit], _all(("联席会议",)))
    assert found is not None and found.names == ("市科技局",)
    assert "联席会议" in found.sentence


def test_a_unit_after_by_and_before_the_act_in_a_heading() -> None:
    hit = _hit("同一项目按从优原则补助。", path=("三、附则", "2. 专项资金由区审计局统筹平衡"))
    found = named_in(Act("统筹平衡", "doer"), [hit], _all(("专项资金",)))
    assert found is not None and found.names == ("区审计局",)


def test_a_verb_across_the_names_end_ends_the_name() -> None:
    # 部会同: 会 ends many names (委员会), but 会同 is the verb here
    hit = _hit("水利部会同有关部门组建协调小组，建立工作协调机制。")
    found = named_in(Act("组建", "doer"), [hit], _all(("协调小组",)))
    assert found is not None and found.names == ("水利部",)


def test_a_short_name_is_given_in_full_from_the_signature_line() -> None:
    text = "为优化环境，专班办公室组织有关部门梳理制定了《某市支持政策清单》，现印发给你们。\n某市数字经济专班办公室\n2026年1月1日"
    found = named_in(Act("梳理制定", "doer"), [_hit(text, ("前言",))], _all(("政策清单",)))
    assert found is not None and found.names == ("某市数字经济专班办公室",)


def test_the_body_an_act_is_done_through_ends_in_the_kind_asked() -> None:
    hit = _hit("强化组织领导，依托区数字产业发展工作专班工作机制定期调度，协调解决问题。")
    found = named_in(Act("依托", "object", "工作专班"), [hit], _all(("定期调度",)))
    assert found is not None and found.names == ("区数字产业发展工作专班",)


def test_where_it_is_sent_lists_the_units_written_after_the_act() -> None:
    hit = _hit("各部门要及时将任务进展情况报送市政府督查室和市统计局。")
    found = named_in(Act("报送", "object"), [hit], _all(("进展情况",)))
    assert found is not None and found.names == ("市政府督查室", "市统计局")


def test_a_phrase_opening_with_a_verb_is_no_unit_whatever_its_ending() -> None:
    # 攻关 ends like 机关: 围绕技术攻关 opens a comma part but is what is done, not who does it
    hit = _hit("鼓励企业发布需求清单，围绕技术攻关、配套协作开展常态化产销对接。")
    assert named_in(Act("对接", "doer"), [hit], _all(("对接",))) is None


def test_no_sentence_holding_the_topic_no_answer() -> None:
    hit = _hit("市科技局加强统筹协调，建立健全部门联席会议机制。")
    assert named_in(Act("建", "doer"), [hit], _all(("人才公寓",))) is None  # the sentence is on another topic
    assert named_in(Act("组建", "doer"), [hit], _all(("联席会议",))) is None  # the act is not written
    # a sentence writing the act with no unit opening it names nobody
    assert named_in(Act("建", "doer"), [_hit("建立健全部门联席会议机制。")], _all(("联席会议",))) is None


def test_the_answer_names_the_body_and_quotes_the_sentence_not_the_lead() -> None:
    hit = _hit("市科技局加强统筹协调，建立健全部门联席会议机制。", lead="市财政局")
    found = named_in(Act("建", "doer"), [hit], _all(("联席会议",)))
    assert found is not None
    q = Question("responsibility", "zh", "联席会议", text="联席会议由哪个部门来建？")
    answer = answer_named(q, found, [hit], lambda _: None)
    assert not answer.abstained and answer.lead == "市科技局"
    assert answer.answer.startswith("市科技局") and "市财政局" not in answer.answer
    assert "建立健全部门联席会议机制" in answer.answer and answer.citations[0].clause.id == hit.clause.id
